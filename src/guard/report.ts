import { Acknowledgement, ModelResource, NetworkModel } from './model/core';
import { Rule, RuleLevel } from './rules/rule';

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

/** The content of `network-guard.json`. */
export interface GuardReport {
  readonly version: 1;
  readonly rules: string[];
  readonly findings: ReportFinding[];
  readonly acknowledged: AcknowledgedFinding[];
  readonly notChecked: NotCheckedEntry[];
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
export function runRules(model: NetworkModel, rules: Rule[], acks: Acknowledgement[]): RuleRun {
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
  }
  const plainFindings = findings.map(({ involved, ...plain }) => plain);
  return {
    report: { version: 1, rules: ordered.map((r) => r.id), findings: plainFindings, acknowledged, notChecked },
    findings,
  };
}

/** The text of a finding's annotation: the rule ID first, the resources involved, then the fix. */
export function findingText(f: ReportFinding): string {
  const where = f.resources.map((r) => `${r.path} (${r.logicalId})`).join(', ');
  return `[${f.ruleId}] ${f.message} Involved: ${where}. Fix: ${f.fix}`;
}
