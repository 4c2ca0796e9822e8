/*
 * Evaluation of the app's NetworkIntents over the guard's model: every source subnet against every destination
 * subnet (sorted by construct path), each pair by one flow query. No aws-cdk-lib here.
 */
import { ExplanationCode, forwardPath, ForwardPath, Hop } from './forward-path';
import { IntentEndpointRecord, intentKey, IntentRecord, IntentResourceRef } from './intent-records';
import { subnetBlocks } from './routing';
import { literal, literalBool, ModelResource, ModelStack, NetworkModel } from '../guard/model/core';

/** The explanation codes of an intent's message (Reachability Analyzer's style). */
export type IntentCode =
  | ExplanationCode
  | 'SECURITY_GROUP_EGRESS'
  | 'SECURITY_GROUP_INGRESS'
  | 'NACL_EGRESS'
  | 'NACL_INGRESS'
  | 'RETURN_PATH'
  | 'NOT_THROUGH';

/** The rule an intent's outcome is reported under. */
export type IntentRuleId = 'NG-REACH-001' | 'NG-REACH-002' | 'NG-REACH-003';

/** The outcome of one intent. */
export interface IntentEvaluation {
  readonly record: IntentRecord;
  /** The model resource standing for the intent (its construct path): where findings are reported. */
  readonly resource: ModelResource;
  readonly status: 'met' | 'unmet' | 'undetermined';
  /** For `unmet` and `undetermined`: the rule that reports it (an error when unmet, a warning when undetermined). */
  readonly ruleId?: IntentRuleId;
  readonly code?: IntentCode;
  /** Why it is unmet, or which value is not known at synth. */
  readonly reason?: string;
  /** The pair the outcome is about (construct paths of the source and destination subnets, or the block). */
  readonly pair?: { readonly from: string; readonly to: string };
  /** The hops of that pair's path, up to the component that blocks. */
  readonly hops: Hop[];
  /** How many pairs were evaluated. */
  readonly pairs: number;
  /** The finding's message. */
  readonly message: string;
}

/** One pair's flow: what the adapter reads from the engine. */
interface PairFlow {
  readonly status: 'reachable' | 'blocked' | 'undetermined';
  readonly code?: IntentCode;
  readonly reason?: string;
  readonly hops: Hop[];
  readonly vpcsEntered: ModelResource[];
}

/** One end of a pair: a subnet of the app, or a block outside the app's VPCs. */
type End = { subnet: ModelResource } | { outside: string; internet: boolean };

const INTENTS = 'reach:intents';

/** Gives the model the intents of the app (the engine does, before the rules run). */
export function useIntents(model: NetworkModel, records: IntentRecord[]): void {
  model.memo(INTENTS, () => records);
}

/** Every intent of the app, evaluated once per model, in construct-path order. */
export function evaluateIntents(model: NetworkModel): IntentEvaluation[] {
  return model.memo('reach:intentEvaluations', () =>
    model.memo<IntentRecord[]>(INTENTS, () => []).map((r) => evaluateIntent(model, r)),
  );
}

/** The model resource standing for an intent. */
function intentResource(model: NetworkModel, r: IntentRecord): ModelResource {
  const stack: ModelStack = model.stacks.find((s) => s.path === r.stack) ?? { path: r.stack, name: r.stack };
  return {
    key: intentKey(r),
    stack,
    logicalId: r.path.split('/').pop()!,
    path: r.path,
    type: 'cdk-vpc-connectivity::NetworkIntent',
    properties: {},
    dependsOn: [],
  };
}

/** Evaluates one intent. */
export function evaluateIntent(model: NetworkModel, record: IntentRecord): IntentEvaluation {
  const resource = intentResource(model, record);
  const baseRule: IntentRuleId = record.expected === 'reachable' ? 'NG-REACH-001' : 'NG-REACH-002';
  const what = `${record.from.text} ${record.expected === 'reachable' ? 'to reach' : 'isolated from'} ${record.to.text} on ${record.portText}`;
  const undetermined = (
    why: string,
    ruleId: IntentRuleId = baseRule,
    more: Partial<IntentEvaluation> = {},
  ): IntentEvaluation => ({
    record,
    resource,
    status: 'undetermined',
    ruleId,
    reason: why,
    hops: [],
    pairs: 0,
    message: `NetworkIntent ${record.path} (expected ${what}) is undetermined: ${why} is not known at synth. It is not checked.`,
    ...more,
  });

  const unknown = [...(record.unknown ?? []), ...(record.from.unknown ?? []), ...(record.to.unknown ?? [])];
  if (unknown.length > 0) return undetermined(unknown[0]);
  const sources = endsOf(model, record.from);
  if ('why' in sources) return undetermined(sources.why);
  const destinations = endsOf(model, record.to);
  if ('why' in destinations) return undetermined(destinations.why);
  const through: ModelResource[] = [];
  for (const t of record.through) {
    const vpc = model.get(`${t.stack}|${t.logicalId}`);
    if (!vpc) return undetermined(`the VPC ${t.path} of through (not in the app's templates)`, 'NG-REACH-003');
    through.push(vpc);
  }

  let firstUndetermined: { pair: [End, End]; flow: PairFlow } | undefined;
  let notThrough: { pair: [End, End]; flow: PairFlow; vpc: ModelResource } | undefined;
  let first: { pair: [End, End]; flow: PairFlow } | undefined;
  let pairs = 0;
  for (const s of sources.ends) {
    for (const d of destinations.ends) {
      if ('outside' in s && 'outside' in d) continue;
      pairs++;
      const flow = pairFlow(model, s, d, record);
      const pair: [End, End] = [s, d];
      first ??= { pair, flow };
      if (flow.status === 'undetermined') {
        firstUndetermined ??= { pair, flow };
        continue;
      }
      if (record.expected === 'reachable' && flow.status === 'blocked') {
        return unmet('NG-REACH-001', flow.code, flow.reason!, pair, flow, pairs);
      }
      if (record.expected === 'isolated' && flow.status === 'reachable') {
        return unmet(
          'NG-REACH-002',
          undefined,
          `a packet of ${record.portText} gets there, and its reply back`,
          pair,
          flow,
          pairs,
        );
      }
      if (flow.status === 'reachable' && !notThrough) {
        const missing = through.find((v) => !flow.vpcsEntered.some((e) => e.key === v.key));
        if (missing) notThrough = { pair, flow, vpc: missing };
      }
    }
  }
  if (record.expected === 'reachable' && notThrough) {
    return unmet(
      'NG-REACH-003',
      'NOT_THROUGH',
      `the path does not enter ${notThrough.vpc.path} (${notThrough.vpc.logicalId}), which through requires`,
      notThrough.pair,
      notThrough.flow,
      pairs,
    );
  }
  if (firstUndetermined) {
    const [s, d] = firstUndetermined.pair;
    return undetermined(`${firstUndetermined.flow.reason} (from ${endText(s)} to ${endText(d)})`, baseRule, {
      pair: { from: endText(s), to: endText(d) },
      hops: firstUndetermined.flow.hops,
      pairs,
    });
  }
  // Met: the first pair's path is the one reported.
  return {
    record,
    resource,
    status: 'met',
    ...(first ? { pair: { from: endText(first.pair[0]), to: endText(first.pair[1]) } } : {}),
    hops: first?.flow.hops ?? [],
    pairs,
    message: `NetworkIntent ${record.path} is met.`,
  };

  function unmet(
    ruleId: IntentRuleId,
    code: IntentCode | undefined,
    reason: string,
    [s, d]: [End, End],
    flow: PairFlow,
    count: number,
  ): IntentEvaluation {
    const outcome =
      ruleId === 'NG-REACH-002'
        ? 'but it is reachable'
        : ruleId === 'NG-REACH-003'
          ? 'reachable, but not through the required VPC'
          : 'but it is blocked';
    const message =
      `NetworkIntent ${record.path} expected ${what}, ${outcome}: ` +
      `${code ? `${code}: ` : ''}${reason}. First failing pair: ${endText(s)} to ${endText(d)} ` +
      `(sources and destinations sorted by construct path). Path: ${hopsText(flow.hops)}.`;
    return {
      record,
      resource,
      status: 'unmet',
      ruleId,
      code,
      reason,
      pair: { from: endText(s), to: endText(d) },
      hops: flow.hops,
      pairs: count,
      message,
    };
  }
}

/** A hop as a message reads it: `route-table Stack/Rt (Rt) [10.2.0.0/16 -> peering Stack/Pcx (...)]`. */
export function hopText(h: Hop): string {
  const name = h.resource ? `${h.resource.path} (${h.resource.logicalId})` : h.path;
  return `${h.kind} ${name}${h.route ? ` [${h.route}]` : ''}`;
}

function hopsText(hops: Hop[]): string {
  return hops.length === 0 ? '(no hop)' : hops.map((h, i) => `${i + 1}. ${hopText(h)}`).join('; ');
}

function endText(e: End): string {
  return 'subnet' in e ? `${e.subnet.path} (${e.subnet.logicalId})` : e.internet ? 'the internet' : e.outside;
}

function byPath(a: ModelResource, b: ModelResource): number {
  return a.path.localeCompare(b.path);
}

/** The ends of an endpoint: its subnets sorted by construct path, or the block outside. */
function endsOf(model: NetworkModel, e: IntentEndpointRecord): { ends: End[] } | { why: string } {
  if (e.kind === 'internet') return { ends: [{ outside: '0.0.0.0/0', internet: true }] };
  if (e.kind === 'cidr') return { ends: [{ outside: e.cidr!, internet: false }] };
  const find = (ref: IntentResourceRef) => model.get(`${ref.stack}|${ref.logicalId}`);
  let subnets: ModelResource[] = [];
  if (e.kind === 'vpc' && e.vpc) {
    const vpc = find(e.vpc);
    if (!vpc) return { why: `the VPC ${e.vpc.path} of ${e.text} (not in the app's templates)` };
    subnets = model.subnetsOf(vpc);
    if (subnets.length === 0) return { why: `the subnets of ${e.text} (it has none in the app's templates)` };
  } else {
    for (const ref of e.subnets ?? []) {
      const s = find(ref);
      if (!s) return { why: `the subnet ${ref.path} of ${e.text} (not in the app's templates)` };
      subnets.push(s);
    }
    if (subnets.length === 0) return { why: `the subnets of ${e.text}` };
  }
  return { ends: [...subnets].sort(byPath).map((subnet) => ({ subnet })) };
}

/** The address block of a subnet a packet is sent to (its IPv4 block, else its IPv6 block). */
function blockOf(subnet: ModelResource): string | undefined {
  const blocks = subnetBlocks(subnet);
  return (blocks.find((b) => b.family === 'ipv4') ?? blocks[0])?.canonical;
}

/** The VPCs a path enters (the VPC of each subnet and route table on it, and the VPC it is delivered into). */
function vpcsOf(model: NetworkModel, p: ForwardPath): ModelResource[] {
  const out = new Map<string, ModelResource>();
  for (const h of p.hops) {
    if (h.resource && (h.kind === 'subnet' || h.kind === 'route-table')) {
      const v = model.vpcOf(h.resource);
      if (v) out.set(v.key, v);
    }
  }
  if (p.deliveredTo?.vpc) out.set(p.deliveredTo.vpc.key, p.deliveredTo.vpc);
  return [...out.values()];
}

const INTERNET_GATEWAYS = ['AWS::EC2::InternetGateway', 'AWS::EC2::EgressOnlyInternetGateway'];

/**
 * One pair's flow. The routing layer: the forward path from the source subnet, delivered into the destination's
 * VPC (or, for a block outside, to a gateway; for the internet, to an internet gateway), and the reply path back
 * into the source's VPC. A packet entering from outside (the internet, an on-premises block) is taken to arrive by
 * its gateway: its reply path decides.
 */
function pairFlow(model: NetworkModel, from: End, to: End, record: IntentRecord): PairFlow {
  void record;
  if ('outside' in from) {
    const dest = (to as { subnet: ModelResource }).subnet;
    const back = walk(model, dest, from.outside);
    return outsideReply(model, back, from);
  }
  const src = from.subnet;
  const destText = 'subnet' in to ? blockOf(to.subnet) : to.outside;
  if (destText === undefined) {
    return { status: 'undetermined', reason: `the CIDR block of ${endText(to)}`, hops: [], vpcsEntered: [] };
  }
  const fwd = walk(model, src, destText);
  const vpcsEntered = vpcsOf(model, fwd);
  if (fwd.status !== 'delivered') return fromPath(fwd, vpcsEntered);
  if ('outside' in to) {
    const gw = fwd.deliveredTo?.gateway;
    if (to.internet && (!gw || !INTERNET_GATEWAYS.includes(gw.type))) {
      return blocked('NO_ROUTE', `the path does not leave by an internet gateway`, fwd, vpcsEntered);
    }
    return { status: 'reachable', hops: fwd.hops, vpcsEntered };
  }
  const destVpc = model.vpcOf(to.subnet);
  if (!fwd.deliveredTo?.vpc || fwd.deliveredTo.vpc.key !== destVpc?.key) {
    const where = fwd.deliveredTo?.gateway
      ? `it leaves by ${fwd.deliveredTo.gateway.path} (${fwd.deliveredTo.gateway.logicalId})`
      : 'it is delivered elsewhere';
    return blocked('NO_ROUTE', `the path does not reach the VPC of ${endText(to)}: ${where}`, fwd, vpcsEntered);
  }
  const srcText = blockOf(src);
  if (srcText === undefined) {
    return { status: 'undetermined', reason: `the CIDR block of ${endText(from)}`, hops: fwd.hops, vpcsEntered };
  }
  const back = walk(model, to.subnet, srcText);
  if (back.status === 'undetermined') {
    return { status: 'undetermined', reason: `the reply path: ${back.reason}`, hops: fwd.hops, vpcsEntered };
  }
  const srcVpc = model.vpcOf(src);
  if (back.status === 'dropped' || back.deliveredTo?.vpc?.key !== srcVpc?.key) {
    const why = back.status === 'dropped' ? `${back.code}: ${back.reason}` : 'it does not reach the source VPC';
    return blocked(
      'RETURN_PATH',
      `the reply from ${endText(to)} does not get back (${why}; reply path: ${hopsText(back.hops)})`,
      fwd,
      vpcsEntered,
    );
  }
  return { status: 'reachable', hops: fwd.hops, vpcsEntered };
}

function blocked(code: IntentCode, reason: string, p: ForwardPath, vpcsEntered: ModelResource[]): PairFlow {
  return { status: 'blocked', code, reason, hops: p.hops, vpcsEntered };
}

function fromPath(p: ForwardPath, vpcsEntered: ModelResource[]): PairFlow {
  if (p.status === 'dropped') return blocked(p.code!, p.reason!, p, vpcsEntered);
  return { status: 'undetermined', reason: p.reason, hops: p.hops, vpcsEntered };
}

/** A packet from outside: its reply must leave by a gateway to there (for the internet, an internet gateway). */
function outsideReply(model: NetworkModel, back: ForwardPath, from: { outside: string; internet: boolean }): PairFlow {
  const vpcsEntered = vpcsOf(model, back);
  if (back.status === 'undetermined') {
    return { status: 'undetermined', reason: `the reply path: ${back.reason}`, hops: back.hops, vpcsEntered };
  }
  const gw = back.deliveredTo?.gateway;
  const ok =
    back.status === 'delivered' && (from.internet ? gw !== undefined && INTERNET_GATEWAYS.includes(gw.type) : true);
  if (!ok) {
    const why = back.status === 'dropped' ? `${back.code}: ${back.reason}` : 'it does not leave the VPC to there';
    return blocked(
      'RETURN_PATH',
      `the reply to ${from.internet ? 'the internet' : from.outside} does not get back (${why})`,
      back,
      vpcsEntered,
    );
  }
  return { status: 'reachable', hops: back.hops, vpcsEntered };
}

/** The middleboxes a path may pass before it is taken to loop. */
const MAX_MIDDLEBOXES = 4;

/**
 * The forward path, followed through middleboxes: a network interface of the app (an appliance, its
 * source/destination check off) or a Gateway Load Balancer endpoint of the app forwards the packet, unchanged, by
 * the route table of its subnet (how inspection VPCs work).
 *
 * @see https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html
 */
function walk(model: NetworkModel, subnet: ModelResource, destination: string): ForwardPath {
  let p = forwardPath(model, subnet, destination);
  const hops = [...p.hops];
  const middleboxes = [...p.middleboxes];
  for (
    let i = 0;
    i < MAX_MIDDLEBOXES && p.status === 'undetermined' && p.hops[p.hops.length - 1]?.kind === 'middlebox';
    i++
  ) {
    const box = p.hops[p.hops.length - 1].resource;
    const lastSubnet = [...p.hops].reverse().find((h) => h.kind === 'subnet')?.resource;
    const next = box ? middleboxSubnet(model, box, lastSubnet ? model.azOf(lastSubnet) : undefined) : undefined;
    if (!next || 'why' in next) {
      return { ...p, hops, middleboxes, reason: next && 'why' in next ? next.why : p.reason };
    }
    p = forwardPath(model, next.subnet, destination);
    // The packet continues from the middlebox's subnet, by that subnet's route table.
    hops.push(...p.hops);
    middleboxes.push(...p.middleboxes);
  }
  return { ...p, hops, middleboxes };
}

/** The subnet a middlebox forwards from, or why it cannot be followed. */
function middleboxSubnet(
  model: NetworkModel,
  box: ModelResource,
  az: string | undefined,
): { subnet: ModelResource } | { why: string } | undefined {
  if (box.type === 'AWS::EC2::NetworkInterface') {
    if (literalBool(box.properties.SourceDestCheck) !== false) {
      return {
        why: `the appliance ${box.path} (${box.logicalId}) has its source/destination check on (SourceDestCheck), so it does not forward the packet`,
      };
    }
    const subnet = model.target(box, 'SubnetId', 'AWS::EC2::Subnet');
    return subnet ? { subnet } : undefined;
  }
  if (box.type === 'AWS::EC2::VPCEndpoint' && literal(box.properties.VpcEndpointType) === 'GatewayLoadBalancer') {
    const ids = Array.isArray(box.properties.SubnetIds) ? box.properties.SubnetIds : [];
    const subnets = ids
      .map((v: unknown) => model.ref(v, box))
      .filter((x: ModelResource | undefined): x is ModelResource => x?.type === 'AWS::EC2::Subnet');
    const subnet =
      subnets.find((x: ModelResource) => az !== undefined && model.azOf(x) === az) ??
      (subnets.length === 1 ? subnets[0] : undefined);
    return subnet ? { subnet } : undefined;
  }
  return undefined;
}
