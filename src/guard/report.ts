import { Acknowledgement, ModelResource, NetworkModel } from './model/core';
import { Rule, RuleLevel } from './rules/rule';
import { evaluateIntents, hopText } from '../reachability/intent-evaluate';
import { vpcMatrix } from '../reachability/matrix';

/** The version of this library (package.json, two levels up from both src/guard and lib/guard). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const GUARD_VERSION: string = require('../../package.json').version;

/** A resource named in a finding, as it appears in the report. */
export interface ReportResource {
  readonly stack: string;
  readonly logicalId: string;
  readonly path: string;
  readonly type: string;
  /** The template file that holds the resource, when the template was read from one. */
  readonly templatePath?: string;
}

/** One finding of the report. */
export interface ReportFinding {
  readonly ruleId: string;
  readonly level: RuleLevel;
  readonly message: string;
  readonly fix: string;
  readonly resources: ReportResource[];
}

/** A finding suppressed with `NetworkGuard.acknowledge`. */
export interface AcknowledgedFinding extends ReportFinding {
  readonly reason: string;
  readonly acknowledgedAt: string;
}

/** A check that was not made, and why. */
export interface NotCheckedEntry {
  readonly ruleId: string;
  readonly resources: ReportResource[];
  readonly why: string;
}

/** What a report covers. */
export interface ReportCounts {
  readonly stacks: number;
  readonly resources: number;
  readonly vpcs: number;
}

/** One rule's outcome: how many findings it reported (acknowledged ones apart) and how many checks it could not make. */
export interface RuleCount {
  readonly id: string;
  readonly level: RuleLevel;
  readonly title: string;
  readonly findings: number;
  readonly acknowledged: number;
  readonly notChecked: number;
}

/** One NetworkIntent's outcome. */
export interface ReportIntent {
  /** The intent's construct path. */
  readonly constructPath: string;
  readonly expected: 'reachable' | 'isolated';
  /** The protocol and port: `tcp/443`, `any port`. */
  readonly port: string;
  readonly status: 'met' | 'unmet' | 'undetermined';
  /** The rule that reports it (`unmet`: an error, `undetermined`: a warning). */
  readonly ruleId?: string;
  /** The explanation code (`NO_ROUTE`, `RETURN_PATH`, `NOT_THROUGH`...). */
  readonly code?: string;
  /** Why it is unmet, or which value is not known at synth. */
  readonly reason?: string;
  /** The first failing (or undetermined) pair: source and destination. */
  readonly from?: string;
  readonly to?: string;
  /** The hops of that pair's path, up to the component that blocks. */
  readonly path: string[];
}

/** One VPC's row of the matrix (construct paths): who it reaches at the routing layer. */
export interface ReportVpcReach {
  readonly vpc: string;
  readonly reaches: string[];
  readonly undetermined: string[];
  readonly throughMiddlebox: { readonly vpc: string; readonly middleboxes: string[] }[];
}

/** The `reachability` section of the report. */
export interface ReachabilityReport {
  readonly intents: ReportIntent[];
  /** Which VPC reaches which at the routing layer (every subnet of the row's VPC to some subnet of the other). */
  readonly vpcMatrix: ReportVpcReach[];
  /** Per transit gateway, which route table (segment) reaches which. */
  readonly segments: { readonly transitGateway: string; readonly tables: { table: string; reaches: string[] }[] }[];
}

/** The content of `network-guard.json`. */
export interface GuardReport {
  readonly version: 1;
  /** The version of cdk-vpc-connectivity that wrote it. */
  readonly guardVersion: string;
  readonly counts: ReportCounts;
  /** The IDs of the rules run, sorted. */
  readonly rules: string[];
  /** Each rule's counts, sorted by rule ID. */
  readonly ruleCounts: RuleCount[];
  readonly findings: ReportFinding[];
  readonly acknowledged: AcknowledgedFinding[];
  readonly notChecked: NotCheckedEntry[];
  /** The NetworkIntents' outcomes and the VPC-by-VPC matrix. */
  readonly reachability: ReachabilityReport;
}

/** A finding with the model resources it involves, for the aspect to annotate. */
export interface RawFinding extends ReportFinding {
  readonly involved: ModelResource[];
}

/** The outcome of running the rules: the report, and the unacknowledged findings with their resources. */
export interface RuleRun {
  readonly report: GuardReport;
  readonly findings: RawFinding[];
}

function reportResource(r: ModelResource): ReportResource {
  return {
    stack: r.stack.name,
    logicalId: r.logicalId,
    path: r.path,
    type: r.type,
    ...(r.stack.templatePath ? { templatePath: r.stack.templatePath } : {}),
  };
}

function ackFor(acks: Acknowledgement[], ruleId: string, involved: ModelResource[]): Acknowledgement | undefined {
  return acks.find(
    (a) =>
      a.ruleId === ruleId &&
      (a.path === '' || involved.some((r) => r.path === a.path || r.path.startsWith(`${a.path}/`))),
  );
}

/**
 * Runs the rules over the model: structure rules first; a deeper rule's finding on a resource that a structure rule
 * found broken is listed as not checked instead, so one bad field does not set off a cascade. A rule that throws is
 * listed as not checked, never a crash.
 */
export function runRules(
  model: NetworkModel,
  rules: Rule[],
  acks: Acknowledgement[],
  onRule?: (done: number, total: number, ruleId: string) => void,
): RuleRun {
  const findings: RawFinding[] = [];
  const acknowledged: AcknowledgedFinding[] = [];
  const notChecked: NotCheckedEntry[] = model.input.unreadable.map((u) => ({
    ruleId: '*',
    resources: [],
    why: `${u.path}: ${u.why}`,
  }));
  const broken = new Map<string, string>();
  const ordered = [...rules.filter((r) => r.structural), ...rules.filter((r) => !r.structural)];

  for (const rule of ordered) {
    const report = {
      finding: (resources: ModelResource[], message: string, level?: RuleLevel) => {
        const blocker = rule.structural ? undefined : resources.find((r) => broken.has(r.key));
        if (blocker) {
          notChecked.push({
            ruleId: rule.id,
            resources: resources.map(reportResource),
            why: `${NetworkModel.describe(blocker)} has a structure error (${broken.get(blocker.key)})`,
          });
          return;
        }
        const f: RawFinding = {
          ruleId: rule.id,
          level: level ?? rule.level,
          message,
          fix: rule.fix,
          resources: resources.map(reportResource),
          involved: resources,
        };
        if (rule.structural && f.level === 'error' && resources[0]) {
          broken.set(resources[0].key, rule.id);
        }
        const ack = ackFor(acks, rule.id, resources);
        if (ack) {
          const { involved, ...plain } = f;
          acknowledged.push({ ...plain, reason: ack.reason, acknowledgedAt: ack.path });
        } else {
          findings.push(f);
        }
      },
      notChecked: (resources: ModelResource[], why: string) => {
        notChecked.push({ ruleId: rule.id, resources: resources.map(reportResource), why });
      },
    };
    try {
      rule.check(model, report);
    } catch (e) {
      notChecked.push({ ruleId: rule.id, resources: [], why: `the rule failed: ${(e as Error).message}` });
    }
    onRule?.(ordered.indexOf(rule) + 1, ordered.length, rule.id);
  }
  // The reachability section (intents and the matrix) is computed when it is first read: writing the report reads
  // it, a plugin run that writes no report and the command line's text, SARIF and JUnit formats never do.
  let reachability: ReachabilityReport | undefined;
  const plainFindings = findings.map(({ involved, ...plain }) => plain);
  const sorted = [...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const countOf = (list: { ruleId: string }[]) => {
    const out = new Map<string, number>();
    for (const x of list) out.set(x.ruleId, (out.get(x.ruleId) ?? 0) + 1);
    return out;
  };
  const [byFinding, byAck, byNotChecked] = [countOf(findings), countOf(acknowledged), countOf(notChecked)];
  return {
    report: {
      version: 1,
      guardVersion: GUARD_VERSION,
      counts: {
        stacks: model.stacks.length,
        resources: model.resources.length,
        vpcs: model.ofType('AWS::EC2::VPC').length,
      },
      rules: sorted.map((r) => r.id),
      ruleCounts: sorted.map((r) => ({
        id: r.id,
        level: r.level,
        title: r.title,
        findings: byFinding.get(r.id) ?? 0,
        acknowledged: byAck.get(r.id) ?? 0,
        notChecked: byNotChecked.get(r.id) ?? 0,
      })),
      findings: plainFindings,
      acknowledged,
      notChecked,
      get reachability(): ReachabilityReport {
        return (reachability ??= reachabilityOf(model, notChecked));
      },
    },
    findings,
  };
}

/**
 * The report as `network-guard.json` holds it. The reachability section is computed first: a part of it that fails
 * is listed in `notChecked`, which is written before it.
 */
export function reportJson(report: GuardReport): string {
  void report.reachability;
  return `${JSON.stringify(report, undefined, 2)}\n`;
}

/** The report's `reachability` section; a part that fails is listed as not checked, never a crash. */
function reachabilityOf(model: NetworkModel, notChecked: NotCheckedEntry[]): ReachabilityReport {
  let intents: ReportIntent[] = [];
  try {
    intents = evaluateIntents(model).map((e) => ({
      constructPath: e.record.path,
      expected: e.record.expected,
      port: e.record.portText,
      status: e.status,
      ...(e.status !== 'met' ? { ruleId: e.ruleId } : {}),
      ...(e.code ? { code: e.code } : {}),
      ...(e.reason ? { reason: e.reason } : {}),
      ...(e.pair ? { from: e.pair.from, to: e.pair.to } : {}),
      path: e.hops.map(hopText),
    }));
  } catch (e) {
    notChecked.push({ ruleId: '*', resources: [], why: `the intents: ${(e as Error).message}` });
  }
  try {
    const m = vpcMatrix(model);
    return {
      intents,
      vpcMatrix: m.vpcs.map((row) => ({
        vpc: row.vpc.path,
        reaches: row.reaches.map((v) => v.path),
        undetermined: row.undetermined.map((v) => v.path),
        throughMiddlebox: row.throughMiddlebox.map((t) => ({ vpc: t.vpc.path, middleboxes: t.middleboxes })),
      })),
      segments: m.segments.map((s) => ({
        transitGateway: s.transitGateway,
        tables: s.tables.map((t) => ({ table: t.table, reaches: t.reaches })),
      })),
    };
  } catch (e) {
    notChecked.push({ ruleId: '*', resources: [], why: `the reachability matrix: ${(e as Error).message}` });
    return { intents, vpcMatrix: [], segments: [] };
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The one-line summary of a report: `NetworkGuard: 58 rules, 1 error, 2 warnings; report: cdk.out/network-guard.json`
 * (acknowledged findings and checks not made are added when there are any; the report's place when it was written).
 */
export function summaryLine(report: GuardReport, reportFile?: string): string {
  const errors = report.findings.filter((f) => f.level === 'error').length;
  const warnings = report.findings.filter((f) => f.level === 'warning').length;
  const parts = [plural(report.rules.length, 'rule'), plural(errors, 'error'), plural(warnings, 'warning')];
  if (report.acknowledged.length > 0) parts.push(`${report.acknowledged.length} acknowledged`);
  if (report.notChecked.length > 0) parts.push(`${report.notChecked.length} not checked`);
  return `NetworkGuard: ${parts.join(', ')}${reportFile ? `; report: ${reportFile}` : ''}`;
}

/** The text of a finding's annotation: the rule ID first, the resources involved, then the fix. */
export function findingText(f: ReportFinding): string {
  const where = f.resources.map((r) => `${r.path} (${r.logicalId})`).join(', ');
  return `[${f.ruleId}] ${f.message} Involved: ${where}. Fix: ${f.fix}`;
}
