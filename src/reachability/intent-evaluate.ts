/*
 * Evaluation of the app's NetworkIntents over the guard's model: every source subnet against every destination
 * subnet (sorted by construct path), each pair by one flow query. No aws-cdk-lib here.
 */
import { awsServiceFlow } from './aws-service-path';
import { clientVpnAdmission, clientVpnSource, ClientVpnSource } from './client-vpn-path';
import { evaluateFlow, FlowQuery } from './flow';
import { ExplanationCode, forwardPath, ForwardPath, Hop } from './forward-path';
import { IntentEndpointRecord, intentKey, IntentRecord, IntentResourceRef } from './intent-records';
import { onPremisesLeg } from './on-premises-path';
import { interfaceEndpointEnds, privateLinkLeg, PrivateLinkLeg } from './privatelink-path';
import { literalBlock, parseDestination, subnetBlocks } from './routing';
import { parsedContains } from '../cidr/ip';
import { literal, literalBool, ModelResource, ModelStack, NetworkModel } from '../guard/model/core';

/** The explanation codes of an intent's message (Reachability Analyzer's style). */
export type IntentCode = ExplanationCode;

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
  if (record.to.kind === 'aws-service') return awsService(sources.ends);
  const destinations = endsOf(model, record.to);
  if ('why' in destinations) return undetermined(destinations.why);
  const groups: { source?: ModelResource[]; destination?: ModelResource[] } = {};
  // PrivateLink: the endpoint's security groups at its network interfaces, then the service behind it.
  let leg: PrivateLinkLeg | undefined;
  if (record.to.kind === 'interface-endpoint') {
    const ep = interfaceEndpointEnds(model, record.to);
    if ('why' in ep) return undetermined(ep.why);
    groups.destination = ep.groups;
    leg = privateLinkLeg(model, ep.endpoint, record);
    if (leg.status === 'blocked' && record.expected === 'isolated') {
      return {
        record,
        resource,
        status: 'met',
        reason: `${leg.code}: ${leg.reason}`,
        hops: leg.hops,
        pairs: 0,
        message: `NetworkIntent ${record.path} is met.`,
      };
    }
  }
  // Client VPN users: their packets enter by the endpoint's network interfaces, its security groups applying.
  let clientVpn: ClientVpnSource | undefined;
  if (record.from.kind === 'client-vpn') {
    const cv = clientVpnSource(model, record.from);
    if ('why' in cv) return undetermined(cv.why);
    clientVpn = cv;
    groups.source = cv.groups;
  }
  for (const [side, e] of [
    ['source', record.from],
    ['destination', record.to],
  ] as const) {
    if (e.kind !== 'connectable') continue;
    const found: ModelResource[] = [];
    for (const ref of e.securityGroups ?? []) {
      const g = model.get(`${ref.stack}|${ref.logicalId}`);
      if (!g) return undetermined(`the security group ${ref.path} of ${e.text} (not in the app's templates)`);
      found.push(g);
    }
    groups[side] = found;
  }
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
      const flow = clientVpn
        ? clientVpnFlow(model, clientVpn, s, d, record, groups)
        : pairFlow(model, s, d, record, groups);
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
  if (leg && first && leg.status === 'blocked') {
    // Every pair reaches the endpoint's network interfaces; the service behind it does not take the packet.
    return unmet(
      'NG-REACH-001',
      leg.code,
      leg.reason!,
      first.pair,
      { ...first.flow, hops: [...first.flow.hops, ...leg.hops] },
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
  if (leg && leg.status === 'undetermined') {
    return undetermined(leg.reason!, baseRule, { hops: [...(first?.flow.hops ?? []), ...leg.hops], pairs });
  }
  if (leg && first) first = { ...first, flow: { ...first.flow, hops: [...first.flow.hops, ...leg.hops] } };
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

  /** An AWS service as the destination: each source subnet's own path to it. */
  function awsService(ends: End[]): IntentEvaluation {
    let sourceGroups: ModelResource[] | undefined;
    if (record.from.kind === 'connectable') {
      sourceGroups = [];
      for (const ref of record.from.securityGroups ?? []) {
        const g = model.get(`${ref.stack}|${ref.logicalId}`);
        if (!g) {
          return undetermined(`the security group ${ref.path} of ${record.from.text} (not in the app's templates)`);
        }
        sourceGroups.push(g);
      }
    }
    const to: End = { outside: record.to.text, internet: false };
    let firstReached: { pair: [End, End]; flow: PairFlow } | undefined;
    let firstOpen: { pair: [End, End]; flow: PairFlow } | undefined;
    let firstBlocked: { pair: [End, End]; flow: PairFlow } | undefined;
    for (const s of ends) {
      if (!('subnet' in s)) continue;
      const f = awsServiceFlow(model, s.subnet, record.to.service!, record, sourceGroups);
      const flow: PairFlow = { ...f, vpcsEntered: [] };
      const pair: [End, End] = [s, to];
      if (f.status === 'reachable') firstReached ??= { pair, flow };
      if (f.status === 'undetermined') firstOpen ??= { pair, flow };
      if (f.status === 'blocked') firstBlocked ??= { pair, flow };
      if (record.expected === 'reachable' && f.status === 'blocked') {
        return unmet('NG-REACH-001', f.code, f.reason!, pair, flow, ends.length);
      }
      if (record.expected === 'isolated' && f.status === 'reachable') {
        return unmet('NG-REACH-002', undefined, `a packet of ${record.portText} gets there`, pair, flow, ends.length);
      }
    }
    if (firstOpen) {
      return undetermined(firstOpen.flow.reason!, baseRule, { hops: firstOpen.flow.hops, pairs: ends.length });
    }
    const shown = firstReached ?? firstBlocked;
    return {
      record,
      resource,
      status: 'met',
      ...(shown ? { pair: { from: endText(shown.pair[0]), to: record.to.text } } : {}),
      hops: shown?.flow.hops ?? [],
      pairs: ends.length,
      message: `NetworkIntent ${record.path} is met.`,
    };
  }

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
  const kind = `${h.reply ? 'reply ' : ''}${h.kind}${h.direction ? ` ${h.direction}` : ''}`;
  return `${kind} ${name}${h.route ? ` [${h.route}]` : ''}`;
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
  if (e.kind === 'client-vpn') {
    // The associated subnets: the endpoint's network interfaces there send the users' packets on.
    const cv = clientVpnSource(model, e);
    return 'why' in cv ? cv : { ends: cv.subnets.map((subnet) => ({ subnet })) };
  }
  if (e.kind === 'cidr') return { ends: [{ outside: e.cidr!, internet: false }] };
  if (e.kind === 'interface-endpoint') {
    const ep = interfaceEndpointEnds(model, e);
    return 'why' in ep ? ep : { ends: [...ep.subnets].sort(byPath).map((subnet) => ({ subnet })) };
  }
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
 * Address blocks the internet does not route (RFC 1918, shared address space RFC 6598, IPv6 unique local): an
 * on-premises network in them is not reached through an internet gateway.
 */
const PRIVATE_BLOCKS = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'].map((c) =>
  parseDestination(c),
);

/** Why an outside block is not reached through `gw`: a private block sent to an internet gateway. */
function notOnTheInternet(gw: ModelResource | undefined, block: string): string | undefined {
  if (!gw || !INTERNET_GATEWAYS.includes(gw.type)) return undefined;
  const c = literalBlock(block);
  if (!c || !PRIVATE_BLOCKS.some((p) => p.family === c.family && parsedContains(p, c))) return undefined;
  return `${c.canonical} is a private address block, which the internet does not route: the path leaves by the internet gateway ${gw.path} (${gw.logicalId}) (a VPN, Direct Connect or transit gateway route to it is missing)`;
}

/**
 * One pair's flow, by `evaluateFlow` (routing and filtering, the request and its reply). A packet entering from
 * outside (the internet, an on-premises block) is taken to arrive by its gateway: its reply's routing decides (the
 * filters at the destination are not checked for it). A middlebox of the app (an appliance's network interface with
 * its source/destination check off, a Gateway Load Balancer endpoint) forwards the packet from its subnet, its own
 * security groups applying; the reply of such a flow is checked at the routing layer back to the source.
 */
function pairFlow(model: NetworkModel, from: End, to: End, record: IntentRecord, groups: EndGroups): PairFlow {
  if ('outside' in from) {
    const dest = (to as { subnet: ModelResource }).subnet;
    const back = walk(model, dest, from.outside);
    const reply = outsideReply(model, back, from);
    if (reply.status !== 'reachable' || from.internet) return reply;
    // From on premises: the way in, by the connection the reply leaves by, then the reply's path.
    const leg = onPremisesLeg(model, back, dest, parseDestination(from.outside));
    if (!leg) return reply;
    const hops = [...leg.hops, ...reply.hops.map((h) => ({ ...h, reply: true }))];
    return leg.status === 'reachable'
      ? { ...reply, hops }
      : { status: leg.status, code: leg.code, reason: leg.reason, hops, vpcsEntered: reply.vpcsEntered };
  }
  const query: FlowQuery = {
    from: from.subnet,
    to: 'subnet' in to ? to.subnet : to.outside,
    protocol: record.protocol,
    fromPort: record.fromPort,
    toPort: record.toPort,
    sourceGroups: groups.source,
    destinationGroups: groups.destination,
    // Reachable: every packet of the port must pass; isolated: no packet of it may.
    match: record.expected === 'isolated' ? 'some' : 'every',
  };
  return flowVia(model, query, record, from.subnet, to, 0, [], []);
}

/**
 * A pair whose source is a Client VPN endpoint's associated subnet: the endpoint must admit the users' packets to the
 * destination (an authorization rule for their group, a route through the subnet), then the packet goes on from the
 * subnet as the endpoint's network interface sends it.
 */
function clientVpnFlow(
  model: NetworkModel,
  source: ClientVpnSource,
  from: End,
  to: End,
  record: IntentRecord,
  groups: EndGroups,
): PairFlow {
  const subnet = (from as { subnet: ModelResource }).subnet;
  const a = clientVpnAdmission(model, source, subnet, literalBlock('subnet' in to ? blockOf(to.subnet) : to.outside));
  const entry = [a.hop];
  if (a.status === 'undetermined') return { status: 'undetermined', reason: a.reason, hops: entry, vpcsEntered: [] };
  // Reachable asks for every packet (every address of the destination), isolated for none.
  if (a.status === 'refused' || (a.status === 'partly' && record.expected === 'reachable')) {
    return { status: 'blocked', code: a.code, reason: a.reason, hops: entry, vpcsEntered: [] };
  }
  const flow = pairFlow(model, from, to, record, groups);
  return { ...flow, hops: [a.hop, ...flow.hops] };
}

/** The security groups of an intent's two ends (`fromConnectable`). */
interface EndGroups {
  readonly source?: ModelResource[];
  readonly destination?: ModelResource[];
}

function flowVia(
  model: NetworkModel,
  q: FlowQuery,
  record: IntentRecord,
  origin: ModelResource,
  to: End,
  depth: number,
  before: Hop[],
  vpcsBefore: ModelResource[],
): PairFlow {
  const r = evaluateFlow(model, q);
  const hops = [...before, ...r.hops];
  const vpcsEntered = [...vpcsBefore];
  for (const v of r.vpcsEntered) if (!vpcsEntered.some((x) => x.key === v.key)) vpcsEntered.push(v);
  const last = r.forward.hops[r.forward.hops.length - 1];
  if (r.status === 'undetermined' && last?.kind === 'middlebox' && last.resource && depth < MAX_MIDDLEBOXES) {
    const lastSubnet = [...r.forward.hops].reverse().find((h) => h.kind === 'subnet')?.resource;
    const next = middleboxSubnet(model, last.resource, lastSubnet ? model.azOf(lastSubnet) : undefined);
    if (next && 'why' in next) return { status: 'undetermined', reason: next.why, hops, vpcsEntered };
    if (next) {
      const groups = groupsOf(model, last.resource);
      return flowVia(
        model,
        { ...q, from: next.subnet, sourceGroups: groups },
        record,
        origin,
        to,
        depth + 1,
        hops,
        vpcsEntered,
      );
    }
  }
  const replyBlocked =
    r.status === 'blocked' && (r.code === 'RETURN_PATH' || r.hops[r.hops.length - 1]?.reply === true);
  if (depth > 0 && 'subnet' in to && (r.status === 'reachable' || replyBlocked)) {
    // Past a middlebox the reply goes back to the original source, not to the middlebox: its routing decides.
    const srcText = blockOf(origin);
    const back = srcText === undefined ? undefined : walk(model, to.subnet, srcText);
    // The request's hops of this segment, then the reply's routing path back to the source.
    hops.splice(before.length, hops.length - before.length, ...r.hops.filter((h) => !h.reply));
    if (back) hops.push(...back.hops.map((h) => ({ ...h, reply: true })));
    if (!back || back.status === 'undetermined') {
      return {
        status: 'undetermined',
        reason: back ? `the reply path: ${back.reason}` : `the CIDR block of ${endText({ subnet: origin })}`,
        hops,
        vpcsEntered,
      };
    }
    if (back.status === 'dropped' || back.deliveredTo?.vpc?.key !== model.vpcOf(origin)?.key) {
      const why = back.status === 'dropped' ? `${back.code}: ${back.reason}` : 'it does not reach the source VPC';
      return {
        status: record.expected === 'isolated' ? 'reachable' : 'blocked',
        code: 'RETURN_PATH',
        reason: `the reply from ${endText(to)} does not get back (${why}; reply path: ${hopsText(back.hops)})`,
        hops,
        vpcsEntered,
      };
    }
    return { status: 'reachable', hops, vpcsEntered };
  }
  if (r.status === 'reachable' && 'outside' in to && to.internet) {
    const gw = r.forward.deliveredTo?.gateway;
    if (!gw || !INTERNET_GATEWAYS.includes(gw.type)) {
      return {
        status: 'blocked',
        code: 'NO_ROUTE',
        reason: `the path does not leave by an internet gateway${gw ? ` (it leaves by ${gw.path} (${gw.logicalId}))` : ''}`,
        hops,
        vpcsEntered,
      };
    }
  }
  if (r.status === 'reachable' && 'outside' in to && !to.internet) {
    const why = notOnTheInternet(r.forward.deliveredTo?.gateway, to.outside);
    if (why) return { status: 'blocked', code: 'NO_ROUTE', reason: why, hops, vpcsEntered };
    // To on premises: the reply comes back in by the connection the request leaves by.
    const leg = depth === 0 ? onPremisesLeg(model, r.forward, origin, parseDestination(to.outside)) : undefined;
    if (leg && leg.status !== 'reachable') {
      const replyHops = [...hops, ...leg.hops.map((h) => ({ ...h, reply: true }))];
      if (leg.status === 'undetermined') {
        return { status: 'undetermined', reason: `the reply path: ${leg.reason}`, hops: replyHops, vpcsEntered };
      }
      return {
        status: record.expected === 'isolated' ? 'reachable' : 'blocked',
        code: 'RETURN_PATH',
        reason: `the reply from ${to.outside} does not get back (${leg.code}: ${leg.reason})`,
        hops: replyHops,
        vpcsEntered,
      };
    }
    if (leg) hops.push(...leg.hops.map((h) => ({ ...h, reply: true })));
  }
  if (record.expected === 'isolated' && replyBlocked) {
    // The packet gets there (only its reply does not get back): not isolated.
    return { status: 'reachable', code: r.code, reason: r.reason, hops, vpcsEntered };
  }
  return { status: r.status, code: r.code, reason: r.reason, hops, vpcsEntered };
}

/** The security groups of a middlebox (a network interface's `GroupSet`, an endpoint's `SecurityGroupIds`) in the app. */
function groupsOf(model: NetworkModel, box: ModelResource): ModelResource[] | undefined {
  const raw = box.properties.GroupSet ?? box.properties.SecurityGroupIds;
  if (!Array.isArray(raw)) return undefined;
  const out = raw
    .map((v: unknown) => model.ref(v, box))
    .filter((g: ModelResource | undefined): g is ModelResource => g?.type === 'AWS::EC2::SecurityGroup');
  return out.length > 0 ? out : undefined;
}

function blocked(code: IntentCode, reason: string, p: ForwardPath, vpcsEntered: ModelResource[]): PairFlow {
  return { status: 'blocked', code, reason, hops: p.hops, vpcsEntered };
}

/** A packet from outside: its reply must leave by a gateway to there (for the internet, an internet gateway). */
function outsideReply(model: NetworkModel, back: ForwardPath, from: { outside: string; internet: boolean }): PairFlow {
  const vpcsEntered = vpcsOf(model, back);
  if (back.status === 'undetermined') {
    return { status: 'undetermined', reason: `the reply path: ${back.reason}`, hops: back.hops, vpcsEntered };
  }
  const gw = back.deliveredTo?.gateway;
  const privateWay = back.status === 'delivered' && !from.internet ? notOnTheInternet(gw, from.outside) : undefined;
  const ok =
    back.status === 'delivered' &&
    (from.internet ? gw !== undefined && INTERNET_GATEWAYS.includes(gw.type) : privateWay === undefined);
  if (!ok) {
    const why =
      back.status === 'dropped' ? `${back.code}: ${back.reason}` : (privateWay ?? 'it does not leave the VPC to there');
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
