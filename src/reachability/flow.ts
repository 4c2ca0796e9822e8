/*
 * One flow through the app, routing and filtering both counted: the request from a source subnet to a destination
 * (a subnet, or an address outside the app) and its reply. No aws-cdk-lib here.
 */
import {
  deciding,
  MatchMode,
  naclLayer,
  NaclView,
  ReferenceCheck,
  securityGroupLayer,
  SgRuleView,
  subnetNacl,
} from './filtering';
import { ExplanationCode, ForwardPath, forwardPath, Hop } from './forward-path';
import { EPHEMERAL_PORTS, PacketSet, PortSet, PROTOCOL_NUMBERS, protocolName } from './packets';
import { isVpcAttachment, nameOf, parseDestination, subnetBlocks } from './routing';
import { ParsedCidr } from '../cidr/ip';
import { literal, ModelResource, NetworkModel } from '../guard/model/core';

export type { MatchMode } from './filtering';

/** The protocol of a flow: `all` is every IP protocol. */
export type FlowProtocol = 'tcp' | 'udp' | 'icmp' | 'icmpv6' | 'all';

/** The question `evaluateFlow` answers. */
export interface FlowQuery {
  /** The source subnet (an `AWS::EC2::Subnet` of the model). */
  readonly from: ModelResource;
  /** A destination subnet, or an address or CIDR block (on premises; `0.0.0.0/0` or `::/0` for the internet). */
  readonly to: ModelResource | string;
  readonly protocol: FlowProtocol;
  /**
   * With `toPort`: the destination port range (for ICMP, the ICMP type range). Both `undefined`: every port (with
   * protocol `all`: any packet, the question of an `isolated` intent).
   */
  readonly fromPort?: number;
  readonly toPort?: number;
  /** Security groups applied at the source (their egress rules); `undefined` or empty: none. */
  readonly sourceGroups?: ModelResource[];
  /** Security groups applied at the destination (their ingress rules); `undefined` or empty: none. Ignored when `to` is an address. */
  readonly destinationGroups?: ModelResource[];
  /**
   * `every`: reachable only when every packet of the question (every port of the range, every address of the
   * subnets) passes; `some`: reachable when some packet passes.
   * @default - `some` for protocol `all` without ports (the `isolated` question), else `every`
   */
  readonly match?: MatchMode;
}

/** The answer of `evaluateFlow`. */
export interface FlowResult {
  readonly status: 'reachable' | 'blocked' | 'undetermined';
  /** When blocked: the code of the layer that blocks (the last packet of the question, for `some`). */
  readonly code?: ExplanationCode;
  /** Why it is blocked, or which value is not known at synth. */
  readonly reason?: string;
  /**
   * The request's hops, the filters passed (or blocking) among them (`security-group`, `network-acl`), then the
   * reply's hops (`reply: true`), up to the component that blocks.
   */
  readonly hops: Hop[];
  /** The request's routing path. */
  readonly forward: ForwardPath;
  /** The reply's routing path (the destination subnet back to the source subnet's block), when it was followed. */
  readonly reply?: ForwardPath;
  /** Every VPC the request's path enters, in order, the source VPC first (for `through`). */
  readonly vpcsEntered: ModelResource[];
  /** When reachable: one packet that passes every layer (its protocol and port, or ICMP type). */
  readonly packet?: { readonly protocol: string; readonly port?: number };
  /** When reachable: the packets of the question that pass every layer, as text (`tcp port 443`). */
  readonly passing?: string;
}

/** The packets a query (or an intent: its protocol and ports) asks about. */
export function querySpace(q: Pick<FlowQuery, 'protocol' | 'fromPort' | 'toPort'>): PacketSet {
  const ports =
    q.fromPort === undefined && q.toPort === undefined
      ? undefined
      : PortSet.range(q.fromPort ?? q.toPort!, q.toPort ?? q.fromPort!);
  if (q.protocol === 'all') {
    if (!ports) return PacketSet.ALL;
    // Every protocol, TCP and UDP to the ports given.
    return PacketSet.ALL.minus(PacketSet.of(6))
      .minus(PacketSet.of(17))
      .union(PacketSet.of(6, ports))
      .union(PacketSet.of(17, ports));
  }
  return PacketSet.of(PROTOCOL_NUMBERS[q.protocol], ports);
}

/** ICMP echo request and reply types (ICMP, ICMPv6): the only ICMP requests with a reply. */
const ECHO: Record<number, [number, number]> = { 1: [8, 0], 58: [128, 129] };

/**
 * The replies to a set of requests: TCP and UDP to the client's ephemeral ports, an ICMP echo request's echo reply
 * (other ICMP messages have none), any other protocol as the request.
 */
function replySpace(requests: PacketSet): PacketSet {
  const ephemeral = PortSet.range(...EPHEMERAL_PORTS);
  let out = requests.filterProtocols((p) => ![6, 17, 1, 58].includes(p), true);
  for (const p of [6, 17]) {
    if (!requests.get(p).empty) out = out.union(PacketSet.of(p, ephemeral));
  }
  for (const p of [1, 58]) {
    const [request, reply] = ECHO[p];
    if (requests.get(p).contains(PortSet.range(request, request))) {
      out = out.union(PacketSet.of(p, PortSet.range(reply, reply)));
    }
  }
  return out;
}

/** The requests (of `requests`) some reply of which the allowed set lets through (or that have no reply). */
function answered(requests: PacketSet, allowed: PacketSet): PacketSet {
  let out = PacketSet.NONE;
  for (const p of new Set([6, 17, 1, 58, ...requests.protocols])) {
    const ports = requests.get(p);
    if (ports.empty) continue;
    if (p === 6 || p === 17) {
      if (!allowed.get(p).intersect(PortSet.range(...EPHEMERAL_PORTS)).empty) out = out.union(PacketSet.of(p, ports));
    } else if (p === 1 || p === 58) {
      const [request, reply] = ECHO[p];
      const echo = PortSet.range(request, request);
      const kept = allowed.get(p).contains(PortSet.range(reply, reply)) ? ports : ports.minus(echo);
      out = out.union(PacketSet.of(p, kept));
    } else if (!allowed.get(p).empty) {
      out = out.union(PacketSet.of(p, ports));
    }
  }
  const othersOnly = requests.filterProtocols(() => false, true);
  if (!othersOnly.empty && !allowed.intersect(othersOnly).empty) out = out.union(othersOnly);
  return out;
}

/** How the request crosses between the VPCs of its two ends, for security-group references. */
type Connection =
  | { kind: 'local' }
  | { kind: 'peering'; pcx: ModelResource }
  | { kind: 'tgw'; tgwId: string; attachments: ModelResource[] }
  | { kind: 'other'; why: string };

function connectionOf(model: NetworkModel, forward: ForwardPath): Connection {
  const peerings = forward.hops.filter((h) => h.kind === 'peering' && h.resource);
  const attachments = forward.hops
    .filter((h) => h.kind === 'transit-gateway-attachment' && h.resource)
    .map((h) => h.resource!);
  const nat = forward.hops.find((h) => h.kind === 'gateway' && h.resource?.type === 'AWS::EC2::NatGateway');
  if (nat) return { kind: 'other', why: `the path goes through the NAT gateway ${nameOf(nat.resource!)}` };
  if (peerings.length === 0 && attachments.length === 0) return { kind: 'local' };
  if (peerings.length === 1 && attachments.length === 0) return { kind: 'peering', pcx: peerings[0].resource! };
  const tgws = new Set(attachments.map((a) => model.identity(a.properties.TransitGatewayId, a) ?? '?'));
  if (peerings.length === 0 && attachments.every(isVpcAttachment) && tgws.size === 1 && !tgws.has('?')) {
    return { kind: 'tgw', tgwId: [...tgws][0], attachments };
  }
  return { kind: 'other', why: 'the path crosses more than one peering connection or transit gateway' };
}

const SG_REFERENCES = 'https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html';
const TGW_SG_REFERENCES = 'https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html';

/**
 * Whether a security-group reference holds between the two ends: in one VPC; across a peering connection within one
 * Region; across one transit gateway only for inbound rules, with `SecurityGroupReferencingSupport` enabled on the
 * transit gateway (default disable) and not disabled on the VPC attachments (default enable).
 */
function referenceCheck(model: NetworkModel, connection: Connection): ReferenceCheck {
  return (rule: SgRuleView, referenced: ModelResource) => {
    const owner = rule.group ?? rule.holder;
    const a = model.vpcOf(owner);
    const b = model.vpcOf(referenced);
    if (a && b && a.key === b.key) return { valid: true };
    switch (connection.kind) {
      case 'local':
        return { valid: false, why: `${nameOf(referenced)} is in another VPC and the path crosses no connection` };
      case 'other':
        return { valid: false, why: `a group reference does not hold when ${connection.why}` };
      case 'peering': {
        const r1 = owner.stack.region;
        const r2 = referenced.stack.region;
        if (r1 === undefined || r2 === undefined) {
          return { why: `the Region of ${r1 === undefined ? owner.stack.path : referenced.stack.path}` };
        }
        if (r1 !== r2) {
          return {
            valid: false,
            why: `${nameOf(referenced)} is in ${r2}, the rule's group in ${r1}: a peer security group can be referenced within one Region only (${SG_REFERENCES})`,
          };
        }
        return { valid: true };
      }
      case 'tgw': {
        if (rule.direction === 'egress') {
          return {
            valid: false,
            why: `outbound rules cannot reference a security group across a transit gateway (${TGW_SG_REFERENCES})`,
          };
        }
        const tgw = model.get(connection.tgwId);
        if (tgw?.type !== 'AWS::EC2::TransitGateway') {
          return {
            why: `the SecurityGroupReferencingSupport of the transit gateway ${connection.tgwId} (not in the app)`,
          };
        }
        const raw = tgw.properties.SecurityGroupReferencingSupport;
        const value = raw === undefined ? 'disable' : literal(raw);
        if (value === undefined) return { why: `the SecurityGroupReferencingSupport of ${nameOf(tgw)}` };
        if (value !== 'enable') {
          return {
            valid: false,
            why: `${nameOf(tgw)} does not enable SecurityGroupReferencingSupport (the transit gateway default is disable; ${TGW_SG_REFERENCES})`,
          };
        }
        for (const att of new Set(connection.attachments)) {
          const opt = att.properties.Options?.SecurityGroupReferencingSupport;
          const v = opt === undefined ? 'enable' : literal(opt);
          if (v === undefined) return { why: `the SecurityGroupReferencingSupport option of ${nameOf(att)}` };
          if (v !== 'enable') {
            return { valid: false, why: `${nameOf(att)} disables the SecurityGroupReferencingSupport option` };
          }
        }
        return { valid: true };
      }
    }
  };
}

/** The VPCs a path enters, in order. */
function vpcsOf(model: NetworkModel, from: ModelResource, path: ForwardPath): ModelResource[] {
  const out: ModelResource[] = [];
  const add = (v: ModelResource | undefined) => {
    if (v && out[out.length - 1]?.key !== v.key) out.push(v);
  };
  add(model.vpcOf(from));
  for (const h of path.hops) {
    if (h.kind === 'subnet' && h.resource) add(model.vpcOf(h.resource));
  }
  if (path.status === 'delivered') add(path.deliveredTo?.vpc);
  return out;
}

function blockOf(subnet: ModelResource, family: 'ipv4' | 'ipv6'): ParsedCidr | undefined {
  return subnetBlocks(subnet).find((b) => b.family === family);
}

/**
 * Evaluates one flow: the request's routing (`forwardPath`) and the filters on its way (the source's security
 * groups' egress rules, the source subnet's network ACL outbound, the destination subnet's network ACL inbound, the
 * destination's security groups' inbound rules), then the reply (stateless network ACLs to the ephemeral ports
 * 1024-65535, outbound at the destination subnet and inbound at the source subnet; security groups are stateful and
 * do not filter it) and the reply's routing back to the source subnet, which must cross the same transit gateways
 * and peering connections as the request (else `RETURN_PATH`). A destination outside the app (an address, the
 * internet) is checked up to the gateway it leaves by: the source side's filters only, and no reply routing.
 * Traffic that stays inside one subnet is not filtered by its network ACL (security groups still apply).
 *
 * Each layer is a set of packets (per protocol, ports or ICMP types); they are intersected in path order. With
 * `match: 'every'` every packet of the question must pass each layer (the first layer that does not let all of them
 * through blocks); with `some`, the flow is reachable when some packet passes every layer (and `packet` names one).
 * A value not known at synth that decides the answer makes it `undetermined`, never `blocked`; a middlebox (network
 * interface, Gateway Load Balancer or firewall endpoint) on the path makes it `undetermined`, naming the middlebox.
 *
 * Not modelled (each can only make a flow look reachable that is not, never blocked that is not): the network ACLs
 * of the subnets a packet crosses on its way (a NAT gateway's, a transit gateway attachment's), the security groups
 * of a middlebox (its path is undetermined anyway), ICMP codes (a rule's ICMP type is what is told apart); and with
 * `some`, each layer's addresses are combined on their own (a packet passing one layer for one address of the
 * subnet and the next layer for another counts).
 *
 * Both address families the two ends share are tried (IPv4 first; ICMP is IPv4 only, ICMPv6 IPv6 only): the flow is
 * reachable when one family is.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
 */
export function evaluateFlow(model: NetworkModel, query: FlowQuery): FlowResult {
  if (query.from.type !== 'AWS::EC2::Subnet') {
    throw new Error(`evaluateFlow: from must be an AWS::EC2::Subnet, got ${query.from.type} ${query.from.path}`);
  }
  const portless = query.fromPort === undefined && query.toPort === undefined;
  const mode: MatchMode = query.match ?? (query.protocol === 'all' && portless ? 'some' : 'every');
  const toSubnet = typeof query.to === 'string' ? undefined : query.to;
  if (toSubnet && toSubnet.type !== 'AWS::EC2::Subnet') {
    throw new Error(
      `evaluateFlow: to must be an AWS::EC2::Subnet or an address, got ${toSubnet.type} ${toSubnet.path}`,
    );
  }
  const toBlock = typeof query.to === 'string' ? parseDestination(query.to) : undefined;
  const allowed: ('ipv4' | 'ipv6')[] =
    query.protocol === 'icmp' ? ['ipv4'] : query.protocol === 'icmpv6' ? ['ipv6'] : ['ipv4', 'ipv6'];
  const pairs = allowed
    .map((family) => ({
      family,
      src: blockOf(query.from, family),
      dst: toSubnet ? blockOf(toSubnet, family) : toBlock?.family === family ? toBlock : undefined,
    }))
    .filter((p): p is { family: 'ipv4' | 'ipv6'; src: ParsedCidr; dst: ParsedCidr } => !!p.src && !!p.dst);
  if (pairs.length === 0) {
    const hops: Hop[] = [{ kind: 'subnet', resource: query.from, path: query.from.path }];
    const reason = `${nameOf(query.from)} and ${toSubnet ? nameOf(toSubnet) : query.to} have no ${allowed.join(' or ')} address family in common`;
    const forward: ForwardPath = { status: 'dropped', hops, middleboxes: [], code: 'NO_ROUTE', reason };
    return {
      status: 'blocked',
      code: 'NO_ROUTE',
      reason,
      hops,
      forward,
      vpcsEntered: vpcsOf(model, query.from, forward),
    };
  }
  const results = pairs.map((p) => evaluateFamily(model, query, mode, p.src, p.dst, toSubnet));
  return (
    results.find((r) => r.status === 'reachable') ?? results.find((r) => r.status === 'undetermined') ?? results[0]
  );
}

function evaluateFamily(
  model: NetworkModel,
  query: FlowQuery,
  mode: MatchMode,
  src: ParsedCidr,
  dst: ParsedCidr,
  toSubnet: ModelResource | undefined,
): FlowResult {
  const forward = forwardPath(model, query.from, dst.canonical);
  const vpcsEntered = vpcsOf(model, query.from, forward);
  const hops: Hop[] = [forward.hops[0]];
  let remaining = querySpace(query);
  /** A security-group rule not known at synth that may allow packets the known rules do not (`some` only). */
  let pending: string | undefined;
  let reply: ForwardPath | undefined;
  const done = (status: FlowResult['status'], more: Partial<FlowResult> = {}): FlowResult => ({
    status,
    hops,
    forward,
    reply,
    vpcsEntered,
    ...more,
  });
  const blocked = (code: ExplanationCode, reason: string) =>
    pending
      ? done('undetermined', { reason: `${pending}: it may allow a packet the rest of the path lets through` })
      : done('blocked', { code, reason });
  /** Before the routing step: an unknown filter does not decide when the routing drops the packet anyway. */
  let routed = false;
  const undetermined = (reason: string) => {
    if (!routed && forward.status === 'dropped') {
      hops.push(...forward.hops.slice(1));
      return done('blocked', { code: forward.code, reason: forward.reason });
    }
    return done('undetermined', { reason });
  };

  /** Applies one layer's allowed set; a result when it ends the flow. */
  const layer = (
    allowedSet: PacketSet,
    unknown: string | undefined,
    maybe: PacketSet,
    code: ExplanationCode,
    what: (missing: PacketSet) => string,
  ): FlowResult | undefined => {
    if (mode === 'every') {
      if (allowedSet.contains(remaining)) return undefined;
      const missing = remaining.minus(allowedSet);
      if (unknown && !missing.intersect(maybe).empty) return undetermined(unknown);
      return done('blocked', { code, reason: what(missing) });
    }
    const next = remaining.intersect(allowedSet);
    const more = remaining.minus(allowedSet).intersect(maybe);
    if (next.empty) {
      if (unknown && !more.empty) return undetermined(unknown);
      return blocked(code, what(remaining));
    }
    remaining = next;
    if (unknown && !more.empty) pending = pending ?? unknown;
    return undefined;
  };

  const withinSubnet =
    forward.status === 'delivered' && (toSubnet ?? forward.deliveredTo?.subnet)?.key === query.from.key;
  const connection = connectionOf(model, forward);
  const references = referenceCheck(model, connection);
  const destGroups = toSubnet && query.destinationGroups?.length ? query.destinationGroups : undefined;

  // 1. The source's security groups, outbound to the destination address.
  if (query.sourceGroups?.length) {
    const sg = securityGroupLayer(model, query.sourceGroups, 'egress', dst, destGroups, mode, references);
    const end = layer(
      sg.allowed,
      sg.unknown,
      sg.maybe,
      'SECURITY_GROUP_EGRESS',
      (missing) =>
        `no outbound rule of ${query.sourceGroups!.map(nameOf).join(', ')} allows ${missing} to ${dst.canonical}${refNote(sg.invalidReferences)}`,
    );
    hops.push(sgHop(query.sourceGroups, 'egress', sg.rules, end ? undefined : remaining));
    if (end) return end;
  }

  // 2. The source subnet's network ACL, outbound.
  {
    const end = naclStep(subnetNacl(model, query.from, true), dst, 'egress', false);
    if (end) return end;
  }

  // 3. Routing.
  routed = true;
  hops.push(...forward.hops.slice(1));
  if (forward.status === 'undetermined') return undetermined(forward.reason!);
  if (forward.status === 'dropped') return done('blocked', { code: forward.code, reason: forward.reason });
  const arrived = forward.deliveredTo?.subnet;
  if (toSubnet && arrived?.key !== toSubnet.key) {
    const where = arrived
      ? nameOf(arrived)
      : forward.deliveredTo?.gateway
        ? nameOf(forward.deliveredTo.gateway)
        : forward.deliveredTo?.vpc
          ? nameOf(forward.deliveredTo.vpc)
          : 'elsewhere';
    return done('blocked', {
      code: 'NO_ROUTE',
      reason: `the path to ${dst.canonical} is delivered to ${where}, not to ${nameOf(toSubnet)}`,
    });
  }
  const destSubnet = toSubnet ?? arrived;

  // 4. The destination subnet's network ACL, inbound from the source address.
  if (destSubnet) {
    const end = naclStep(subnetNacl(model, destSubnet, false), src, 'ingress', false);
    if (end) return end;
  }

  // 5. The destination's security groups, inbound from the source address (and groups).
  if (destGroups) {
    const sg = securityGroupLayer(model, destGroups, 'ingress', src, query.sourceGroups, mode, references);
    const end = layer(
      sg.allowed,
      sg.unknown,
      sg.maybe,
      'SECURITY_GROUP_INGRESS',
      (missing) =>
        `no inbound rule of ${destGroups.map(nameOf).join(', ')} allows ${missing} from ${src.canonical}${query.sourceGroups?.length ? ` or ${query.sourceGroups.map((g) => g.path).join(', ')}` : ''}${refNote(sg.invalidReferences)}`,
    );
    hops.push(sgHop(destGroups, 'ingress', sg.rules, end ? undefined : remaining));
    if (end) return end;
  }

  // 6. The reply: the destination subnet's network ACL outbound, the reply's routing, the source subnet's inbound.
  if (destSubnet) {
    // Through a NAT gateway the reply returns to the gateway's address: its routing is not followed.
    const viaNat = forward.hops.some((h) => h.kind === 'gateway' && h.resource?.type === 'AWS::EC2::NatGateway');
    const back = viaNat ? undefined : forwardPath(model, destSubnet, src.canonical);
    hops.push({ kind: 'subnet', resource: destSubnet, path: destSubnet.path, reply: true });
    const end = naclStep(subnetNacl(model, destSubnet, true), src, 'egress', true);
    if (end) return end;
    if (back) {
      reply = back;
      hops.push(...back.hops.slice(1).map((h) => ({ ...h, reply: true })));
      if (back.status === 'undetermined') return undetermined(`the reply's path: ${back.reason}`);
      if (back.status === 'dropped') {
        return done('blocked', {
          code: 'RETURN_PATH',
          reason: `the reply from ${nameOf(destSubnet)} to ${src.canonical} is dropped (${back.code}): ${back.reason}`,
        });
      }
      if (back.deliveredTo?.subnet?.key !== query.from.key) {
        const where = back.deliveredTo?.subnet ?? back.deliveredTo?.gateway ?? back.deliveredTo?.vpc;
        return done('blocked', {
          code: 'RETURN_PATH',
          reason: `the reply to ${src.canonical} is delivered to ${where ? nameOf(where) : 'elsewhere'}, not to ${nameOf(query.from)}`,
        });
      }
      const asymmetric = asymmetry(model, forward, back);
      if (asymmetric) return done('blocked', { code: 'RETURN_PATH', reason: asymmetric });
    }
  }
  {
    const end = naclStep(subnetNacl(model, query.from, false), dst, 'ingress', true);
    if (end) return end;
  }
  const sample = remaining.sample();
  return done('reachable', {
    packet: sample && {
      protocol: protocolName(sample.protocol),
      port:
        sample.protocol === 6 || sample.protocol === 17 || sample.protocol === 1 || sample.protocol === 58
          ? sample.port
          : undefined,
    },
    passing: remaining.toString(),
  });

  /** One network ACL check: of the request (`isReply` false) or of the reply to the ephemeral ports. */
  function naclStep(view: NaclView, peer: ParsedCidr, direction: 'egress' | 'ingress', isReply: boolean) {
    // A network ACL filters traffic into and out of its subnet, not traffic that stays inside it.
    if (withinSubnet) return undefined;
    const code: ExplanationCode = direction === 'egress' ? 'NACL_EGRESS' : 'NACL_INGRESS';
    const subnetText = view.name;
    const hop = (route: string): Hop => ({
      kind: 'network-acl',
      resource: view.acl,
      path: view.acl ? view.acl.path : view.name,
      route,
      direction,
      reply: isReply || undefined,
    });
    if (view.unknown) {
      hops.push(hop(`not known at synth: ${view.unknown}`));
      return undetermined(view.unknown);
    }
    const nacl = naclLayer(view, peer, mode);
    const side = direction === 'egress' ? 'to' : 'from';
    const bound = direction === 'egress' ? 'outbound' : 'inbound';
    if (!isReply) {
      const end = layer(
        nacl.allowed,
        undefined,
        PacketSet.NONE,
        code,
        (missing) =>
          `${subnetText} denies ${missing} ${bound} ${side} ${peer.canonical}${denyNote(view, peer, missing)}`,
      );
      hops.push(
        hop(
          end
            ? denyText(view, peer, mode === 'every' ? remaining.minus(nacl.allowed) : remaining)
            : allowText(view, peer, remaining),
        ),
      );
      return end;
    }
    const wanted = replySpace(remaining);
    if (mode === 'every') {
      if (nacl.allowed.contains(wanted)) {
        hops.push(hop(allowText(view, peer, wanted)));
        return undefined;
      }
      const missing = wanted.minus(nacl.allowed);
      hops.push(hop(denyText(view, peer, missing)));
      return done('blocked', {
        code,
        reason: `the reply: ${subnetText} denies ${missing} ${bound} ${side} ${peer.canonical}${denyNote(view, peer, missing)} (a reply goes to an ephemeral port of the client, ${EPHEMERAL_PORTS.join('-')}: allow the whole range)`,
      });
    }
    // Some packet: a request passes when some reply to it passes (or it has no reply).
    const next = answered(remaining, nacl.allowed);
    if (next.empty) {
      hops.push(hop(denyText(view, peer, wanted)));
      return blocked(
        code,
        `the reply: ${subnetText} denies ${wanted} ${bound} ${side} ${peer.canonical}${denyNote(view, peer, wanted)}`,
      );
    }
    remaining = next;
    hops.push(hop(allowText(view, peer, replySpace(remaining).intersect(nacl.allowed))));
    return undefined;
  }
}

function refNote(invalid: string[]): string {
  return invalid.length > 0 ? ` (a group reference does not hold: ${invalid[0]})` : '';
}

function sgHop(
  groups: ModelResource[],
  direction: 'egress' | 'ingress',
  rules: { rule: SgRuleView; packets: PacketSet }[],
  passing: PacketSet | undefined,
): Hop {
  const used = passing ? rules.find((r) => !r.packets.intersect(passing).empty) : undefined;
  const group = used?.rule.group ?? groups[0];
  return {
    kind: 'security-group',
    resource: group,
    path: group.path,
    route: used
      ? `${used.rule.text} allows ${passing!.intersect(used.packets)}`
      : `no ${direction} rule of ${groups.map((g) => g.path).join(', ')} allows it`,
    direction,
  };
}

function allowText(view: NaclView, peer: ParsedCidr, packets: PacketSet): string {
  if (!view.acl) return 'allows all traffic (a default network ACL)';
  const sample = packets.sample();
  const entry = sample ? deciding(view, peer, sample) : undefined;
  return entry ? `${entry.text} allows ${packets.intersect(entry.packets)}` : `${view.name} allows ${packets}`;
}

function denyText(view: NaclView, peer: ParsedCidr, missing: PacketSet): string {
  const sample = missing.sample();
  const entry = sample ? deciding(view, peer, sample) : undefined;
  return entry && !entry.allow
    ? `${entry.text} denies ${missing.intersect(entry.packets)}`
    : `the implicit deny (*) of ${view.name} denies ${missing}`;
}

function denyNote(view: NaclView, peer: ParsedCidr, missing: PacketSet): string {
  const sample = missing.sample();
  const entry = sample ? deciding(view, peer, sample) : undefined;
  return entry && !entry.allow ? ` (${entry.text})` : ' (no entry allows it: the implicit deny)';
}

/** The transit gateways and peering connections a path crosses. */
function crossings(model: NetworkModel, path: ForwardPath): Set<string> {
  const out = new Set<string>();
  for (const h of path.hops) {
    if (h.kind === 'peering' && h.resource) out.add(`peering ${nameOf(h.resource)}`);
    if (h.kind === 'transit-gateway-attachment' && h.resource) {
      const tgw = model.ref(h.resource.properties.TransitGatewayId, h.resource);
      out.add(
        `transit gateway ${tgw ? nameOf(tgw) : (model.identity(h.resource.properties.TransitGatewayId, h.resource) ?? '?')}`,
      );
    }
  }
  return out;
}

/** Why the reply is asymmetric: it crosses another transit gateway or peering connection than the request. */
function asymmetry(model: NetworkModel, forward: ForwardPath, reply: ForwardPath): string | undefined {
  const a = crossings(model, forward);
  const b = crossings(model, reply);
  const same = a.size === b.size && [...a].every((x) => b.has(x));
  if (same) return undefined;
  const list = (s: Set<string>) => (s.size ? [...s].sort().join(', ') : 'no transit gateway or peering connection');
  return `asymmetric routing: the request crosses ${list(a)}, the reply ${list(b)}`;
}
