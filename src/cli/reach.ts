import { PortSpec, ReachEnd } from './args';
import { InputError } from './read';
import { modelInputFromTemplates, ModelResource, nameTagOf, NetworkModel, TemplateStack } from '../guard/model/core';
import { evaluateIntent, hopText } from '../reachability/intent-evaluate';
import { INTENT_RECORD_VERSION, IntentEndpointRecord, IntentRecord } from '../reachability/intent-records';

/*
 * `cdk-vpc-connectivity reach`: one question about an app's network, answered as a NetworkIntent of the same ends
 * and port would be (the same record, the same evaluation), so that exploring an existing app and stating an intent
 * in it never disagree.
 */

/** The answer to one `reach` question. */
export interface ReachAnswer {
  readonly status: 'reachable' | 'blocked' | 'undetermined';
  /** The two ends as the question's intent record holds them (a VPC by stack, logical id and path, or a block). */
  readonly from: IntentEndpointRecord;
  readonly to: IntentEndpointRecord;
  readonly port: PortSpec;
  /** When blocked: the explanation code (`NO_ROUTE`, `PEERING_NOT_TRANSITIVE`, `RETURN_PATH`...). */
  readonly code?: string;
  /** Why it is blocked, or what leaves it undetermined. */
  readonly reason?: string;
  /** The pair the path is of: the first blocked (or undetermined) pair, or the first pair when reachable. */
  readonly pair?: { readonly from: string; readonly to: string };
  /** How many pairs of subnets were evaluated (all of them when reachable; up to the first blocked one otherwise). */
  readonly pairs: number;
  /** The hops of that pair's path, the request then the reply, up to the component that blocks. */
  readonly path: string[];
}

/** The exit code of each answer (2 is bad input, as for `check`). */
export const REACH_EXIT_CODES: Record<ReachAnswer['status'], number> = { reachable: 0, blocked: 1, undetermined: 3 };

/** The question's path in the intent record (an intent's construct path): no construct of the app has it. */
const QUESTION_PATH = 'cli:reach';

/** Answers `from` to `to` on `port` over the model of the stacks. */
export function reach(stacks: TemplateStack[], from: ReachEnd, to: ReachEnd, port: PortSpec): ReachAnswer {
  // The model only: the rules are not run, and the question is evaluated as an intent of the app would be.
  const model = new NetworkModel(modelInputFromTemplates(stacks), new Map(stacks.map((s) => [s.path, s.template])));
  const vpcs = model.ofType('AWS::EC2::VPC').map(named);
  const fromRecord = endpointRecord(vpcs, 'from', from);
  const toRecord = endpointRecord(vpcs, 'to', to);
  const stack = (fromRecord.vpc ?? toRecord.vpc)!.stack;
  const record: IntentRecord = {
    version: INTENT_RECORD_VERSION,
    path: QUESTION_PATH,
    stack,
    expected: 'reachable',
    protocol: port.protocol,
    ...(port.fromPort !== undefined ? { fromPort: port.fromPort, toPort: port.toPort } : {}),
    portText: port.text,
    from: fromRecord,
    to: toRecord,
    through: [],
  };
  const e = evaluateIntent(model, record);
  return {
    status: e.status === 'met' ? 'reachable' : e.status === 'unmet' ? 'blocked' : 'undetermined',
    from: fromRecord,
    to: toRecord,
    port,
    ...(e.code ? { code: e.code } : {}),
    ...(e.reason ? { reason: e.reason } : {}),
    ...(e.pair ? { pair: e.pair } : {}),
    pairs: e.pairs,
    path: e.hops.map(hopText),
  };
}

/** A VPC of the inputs and every name it answers to. */
interface NamedVpc {
  readonly vpc: ModelResource;
  /** The construct path of the VPC L2 (`Net/AppVpc`), or of the L1 when it has no L2 above it. */
  readonly path: string;
  readonly nameTag?: string;
  /** Its construct path, the L1's if different, its logical id and its `Name` tag. */
  readonly names: string[];
}

function named(vpc: ModelResource): NamedVpc {
  // CDK names an L2's CloudFormation resource `<L2 path>/Resource`: the user knows the L2's path.
  const path = vpc.path.replace(/\/Resource$/, '');
  const nameTag = nameTagOf(vpc);
  const names = [...new Set([path, vpc.path, vpc.logicalId, ...(nameTag !== undefined ? [nameTag] : [])])];
  return { vpc, path, nameTag, names };
}

/** How a VPC is listed in an error: its path, then what else names it. */
function describe(v: NamedVpc): string {
  const also = [`logical id ${v.vpc.logicalId}`, `stack ${v.vpc.stack.path}`];
  if (v.nameTag !== undefined) also.push(`Name ${v.nameTag}`);
  return `${v.path} (${also.join(', ')})`;
}

/** The intent endpoint of one end: a VPC found by name, or an outside block as `NetworkEndpoint.fromCidr` records. */
function endpointRecord(vpcs: NamedVpc[], option: 'from' | 'to', end: ReachEnd): IntentEndpointRecord {
  if ('cidr' in end) return { kind: 'cidr', cidr: end.cidr, text: end.cidr };
  const v = findVpc(vpcs, option, end.vpc);
  return {
    kind: 'vpc',
    vpc: { stack: v.vpc.stack.path, logicalId: v.vpc.logicalId, path: v.path },
    text: `the VPC ${v.path}`,
  };
}

/** How many close names an unknown name's error lists. */
const CLOSE_NAMES = 3;

/** The VPC a name names: exactly one, else bad input listing the candidates (or the closest names). */
function findVpc(vpcs: NamedVpc[], option: 'from' | 'to', name: string): NamedVpc {
  const matches = vpcs.filter((v) => v.names.includes(name));
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw new InputError(
      `--${option} ${name}: ${matches.length} VPCs answer to this name: ${matches.map(describe).join('; ')}; ` +
        'name one by its construct path',
    );
  }
  if (vpcs.length === 0) {
    throw new InputError(`--${option} ${name}: the inputs have no VPC (AWS::EC2::VPC); give a CIDR block or address`);
  }
  const lower = name.toLowerCase();
  const distance = (v: NamedVpc) => Math.min(...v.names.map((n) => editDistance(lower, n.toLowerCase())));
  const closest = vpcs
    .map((v) => ({ v, d: distance(v) }))
    .sort((a, b) => a.d - b.d || a.v.path.localeCompare(b.v.path))
    .slice(0, CLOSE_NAMES)
    .map((x) => describe(x.v));
  throw new InputError(
    `--${option} ${name}: no VPC has this construct path, logical id or Name tag; the closest: ${closest.join('; ')}`,
  );
}

/** Levenshtein distance (names are short: a row at a time is enough). */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}

/**
 * The answer as text: the status and the question, the explanation code and reason (blocked) or what is not known
 * (undetermined), the pair, then every hop numbered, one per line (request, then reply).
 */
export function reachText(a: ReachAnswer): string {
  const out = [`${a.status}: ${a.from.text} to ${a.to.text} on ${a.port.text}`];
  if (a.status === 'reachable') {
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    // An outside network is one end, not a set of subnets: what is counted is the subnets of the VPC.
    out.push(
      a.to.kind === 'cidr'
        ? `every subnet of ${a.from.text} reaches ${a.to.text} (${count(a.pairs, 'subnet')})`
        : a.from.kind === 'cidr'
          ? `${a.from.text} reaches every subnet of ${a.to.text} (${count(a.pairs, 'subnet')})`
          : `every source subnet reaches every destination subnet, and the reply gets back (${count(a.pairs, 'pair')})`,
    );
  } else if (a.status === 'blocked') {
    out.push(`${a.code ? `${a.code}: ` : ''}${a.reason}`);
  } else {
    out.push(`not decided: ${a.reason}`);
  }
  if (a.pair) {
    const which = a.status === 'reachable' ? 'the first pair' : `the first pair ${a.status}`;
    out.push(`path of ${a.pair.from} to ${a.pair.to} (${which}; sources and destinations in construct-path order):`);
  } else if (a.path.length > 0) {
    out.push('path:');
  }
  const width = String(a.path.length).length;
  a.path.forEach((hop, i) => out.push(`  ${String(i + 1).padStart(width)}. ${hop}`));
  return `${out.join('\n')}\n`;
}

/** The answer as JSON: the same content as the text. */
export function reachJson(a: ReachAnswer): string {
  return `${JSON.stringify(a, undefined, 2)}\n`;
}
