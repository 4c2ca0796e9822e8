/*
 * The filtering layers of a flow, read from the guard's model of the final templates: security groups (stateful
 * allow-lists, inline and standalone rules, CIDR, prefix-list and security-group peers) and network ACLs (stateless,
 * ordered, first match wins, the implicit deny). Each layer is turned into the set of packets it lets through for a
 * peer address block, so a flow intersects sets instead of trying ports. No aws-cdk-lib here.
 */
import { PacketSet, PortSet, PROTOCOL_NUMBERS } from './packets';
import { nameOf, prefixListEntries } from './routing';
import { ParsedCidr, parsedContains } from '../cidr/ip';
import { literal, literalBool, literalCidr, literalNumber, ModelResource, NetworkModel } from '../guard/model/core';
import { sgRules } from '../guard/rules/helpers';

/** Whether a rule must hold for every address of the peer block (`every`) or for some address (`some`). */
export type MatchMode = 'every' | 'some';

/**
 * The address regions of a peer block that the given rule blocks tell apart: each region is written as the smallest
 * block containing it, and a rule block matches every address of the region exactly when it contains that block
 * (blocks are prefixes: nested or disjoint). A region left empty by the blocks inside it is not listed.
 */
export function addressRegions(peer: ParsedCidr, blocks: ParsedCidr[]): ParsedCidr[] {
  const inner = new Map<string, ParsedCidr>();
  for (const b of blocks) {
    if (b.family === peer.family && b.prefixLength > peer.prefixLength && parsedContains(peer, b)) {
      inner.set(b.canonical, b);
    }
  }
  const all = [peer, ...inner.values()];
  const width = peer.family === 'ipv4' ? 32 : 128;
  const size = (c: ParsedCidr) => 2n ** BigInt(width - c.prefixLength);
  return all.filter((c) => {
    const children = [...inner.values()].filter((d) => d.prefixLength > c.prefixLength && parsedContains(c, d));
    const maximal = children.filter(
      (d) => !children.some((e) => e !== d && e.prefixLength < d.prefixLength && parsedContains(e, d)),
    );
    return maximal.reduce((n, d) => n + size(d), 0n) < size(c);
  });
}

/** Combines the packets allowed for each address region: all regions (`every`) or any (`some`). */
function combineRegions(mode: MatchMode, sets: PacketSet[]): PacketSet {
  if (mode === 'every') return sets.reduce((a, b) => a.intersect(b), PacketSet.ALL);
  return sets.reduce((a, b) => a.union(b), PacketSet.NONE);
}

// ---- security groups ----------------------------------------------------------------------------------------

/** What a security-group rule's peer (source of an ingress rule, destination of an egress rule) is. */
export type SgPeer =
  | { readonly kind: 'cidrs'; readonly cidrs: ParsedCidr[] }
  | { readonly kind: 'group'; readonly group: ModelResource }
  /** A group outside the app (a literal id): it holds no address or group of the app. */
  | { readonly kind: 'foreign'; readonly text: string };

/** One security-group rule, read. */
export interface SgRuleView {
  /** The group the rule belongs to. */
  readonly group?: ModelResource;
  /** The resource that writes it: the group (inline rule) or the `AWS::EC2::SecurityGroupIngress`/`Egress`. */
  readonly holder: ModelResource;
  readonly direction: 'ingress' | 'egress';
  /** `undefined` when the protocol or ports are not known at synth (see `unknown`). */
  readonly packets?: PacketSet;
  /** `undefined` when the peer is not known at synth (see `unknown`). */
  readonly peer?: SgPeer;
  /** Which value is not known at synth. */
  readonly unknown?: string;
  /** How the rule reads in a message. */
  readonly text: string;
}

const SG_NAMES = new Map<string, number>(Object.entries({ ...PROTOCOL_NUMBERS, '-1': -1, all: -1 }));

/** The packets a security-group rule allows, or why they are not known. */
function sgPackets(rule: Record<string, any>): { packets?: PacketSet; unknown?: string } {
  const raw = literal(rule.IpProtocol)?.toLowerCase();
  if (raw === undefined) return { unknown: `the IpProtocol ${JSON.stringify(rule.IpProtocol)}` };
  const protocol = SG_NAMES.get(raw) ?? (/^\d+$/.test(raw) ? Number(raw) : undefined);
  if (protocol === undefined) return { unknown: `the IpProtocol ${raw}` };
  if (protocol === -1) return { packets: PacketSet.ALL };
  const from = literalNumber(rule.FromPort);
  const to = literalNumber(rule.ToPort);
  if (protocol === 6 || protocol === 17) {
    if (from === undefined || to === undefined) return { unknown: `the ports of a ${raw} rule` };
    return { packets: PacketSet.of(protocol, from === -1 ? undefined : PortSet.range(from, to)) };
  }
  if (protocol === 1 || protocol === 58) {
    // FromPort is the ICMP type (-1: all types), ToPort the code: the type is what the set tells apart.
    if (from === undefined) return { unknown: `the ICMP type of a ${raw} rule` };
    return { packets: PacketSet.of(protocol, from === -1 ? undefined : PortSet.range(from, from)) };
  }
  // Any other protocol: every port ("traffic on all ports is allowed").
  return { packets: PacketSet.of(protocol) };
}

function sgPeer(
  model: NetworkModel,
  holder: ModelResource,
  rule: Record<string, any>,
  direction: 'ingress' | 'egress',
): { peer?: SgPeer; unknown?: string; text: string } {
  const v4 = rule.CidrIp;
  const v6 = rule.CidrIpv6;
  if (v4 !== undefined || v6 !== undefined) {
    const c = literalCidr(v4 ?? v6);
    return c
      ? { peer: { kind: 'cidrs', cidrs: [c] }, text: c.canonical }
      : { unknown: `the block ${JSON.stringify(v4 ?? v6)}`, text: JSON.stringify(v4 ?? v6) };
  }
  const listProp = direction === 'ingress' ? 'SourcePrefixListId' : 'DestinationPrefixListId';
  if (rule[listProp] !== undefined) {
    const list = model.ref(rule[listProp], holder);
    const entries = list?.type === 'AWS::EC2::PrefixList' ? prefixListEntries(list) : undefined;
    const name = list ? list.path : (literal(rule[listProp]) ?? JSON.stringify(rule[listProp]));
    return entries
      ? { peer: { kind: 'cidrs', cidrs: entries }, text: `prefix list ${name}` }
      : { unknown: `the entries of the prefix list ${name}`, text: `prefix list ${name}` };
  }
  const groupProp = direction === 'ingress' ? 'SourceSecurityGroupId' : 'DestinationSecurityGroupId';
  if (rule[groupProp] !== undefined) {
    const group = model.ref(rule[groupProp], holder);
    if (group?.type === 'AWS::EC2::SecurityGroup') return { peer: { kind: 'group', group }, text: group.path };
    const id = literal(rule[groupProp]);
    if (id !== undefined) return { peer: { kind: 'foreign', text: id }, text: `security group ${id}` };
    return {
      unknown: `the security group ${JSON.stringify(rule[groupProp])}`,
      text: JSON.stringify(rule[groupProp]),
    };
  }
  return { unknown: `the ${direction === 'ingress' ? 'source' : 'destination'} of the rule`, text: '?' };
}

function readRule(
  model: NetworkModel,
  holder: ModelResource,
  group: ModelResource | undefined,
  direction: 'ingress' | 'egress',
  rule: Record<string, any>,
): SgRuleView {
  const { packets, unknown: unknownPackets } = sgPackets(rule);
  const { peer, unknown: unknownPeer, text: peerText } = sgPeer(model, holder, rule, direction);
  const unknown = unknownPackets ?? unknownPeer;
  const what = packets ? packets.toString() : (literal(rule.IpProtocol) ?? '?');
  const side = direction === 'ingress' ? 'from' : 'to';
  const where = holder === group ? nameOf(holder) : `${nameOf(holder)} of ${group ? nameOf(group) : 'a group'}`;
  return {
    group,
    holder,
    direction,
    packets,
    peer,
    unknown: unknown ? `${unknown} (${where})` : undefined,
    text: `${direction} ${what} ${side} ${peerText} (${where})`,
  };
}

/** The rules of each security group of the app, by direction, as AWS applies them. */
interface SgIndex {
  readonly byGroup: Map<string, { ingress: SgRuleView[]; egress: SgRuleView[] }>;
  /** Standalone rules whose group is not known at synth: they may belong to any group. */
  readonly unattributed: SgRuleView[];
}

function sgIndex(model: NetworkModel): SgIndex {
  return model.memo('reach:sgIndex', () => {
    const byGroup = new Map<string, { ingress: SgRuleView[]; egress: SgRuleView[] }>();
    const unattributed: SgRuleView[] = [];
    const entry = (g: ModelResource) => {
      let e = byGroup.get(g.key);
      if (!e) {
        e = { ingress: [], egress: [] };
        byGroup.set(g.key, e);
      }
      return e;
    };
    for (const g of model.ofType('AWS::EC2::SecurityGroup')) {
      const e = entry(g);
      const egress = g.properties.SecurityGroupEgress;
      if (egress === undefined) {
        // CloudFormation keeps the egress rule EC2 adds to a new group when SecurityGroupEgress is absent: all
        // IPv4 traffic. (A standalone AWS::EC2::SecurityGroupEgress does not remove it.)
        e.egress.push({
          group: g,
          holder: g,
          direction: 'egress',
          packets: PacketSet.ALL,
          peer: { kind: 'cidrs', cidrs: [literalCidr('0.0.0.0/0')!] },
          text: `egress all traffic to 0.0.0.0/0 (the default egress rule of ${nameOf(g)}: SecurityGroupEgress is absent)`,
        });
        // That rule is documented for IPv4; whether a group gets an IPv6 one is not read as known.
        e.egress.push({
          group: g,
          holder: g,
          direction: 'egress',
          packets: PacketSet.ALL,
          peer: { kind: 'cidrs', cidrs: [literalCidr('::/0')!] },
          unknown: `the IPv6 egress of ${nameOf(g)} (SecurityGroupEgress is absent: the default egress rule is 0.0.0.0/0; write the egress rules to decide)`,
          text: `egress to ::/0 by default (${nameOf(g)})`,
        });
      } else if (!Array.isArray(egress)) {
        e.egress.push({
          group: g,
          holder: g,
          direction: 'egress',
          unknown: `the SecurityGroupEgress of ${nameOf(g)}`,
          text: `SecurityGroupEgress of ${nameOf(g)}`,
        });
      }
      if (g.properties.SecurityGroupIngress !== undefined && !Array.isArray(g.properties.SecurityGroupIngress)) {
        e.ingress.push({
          group: g,
          holder: g,
          direction: 'ingress',
          unknown: `the SecurityGroupIngress of ${nameOf(g)}`,
          text: `SecurityGroupIngress of ${nameOf(g)}`,
        });
      }
    }
    for (const { holder, group, direction, rule } of sgRules(model)) {
      if (rule === null || typeof rule !== 'object') continue;
      const view = readRule(model, holder, group, direction, rule);
      if (group) {
        entry(group)[direction].push(view);
      } else if (literal(holder.properties.GroupId) === undefined) {
        unattributed.push({ ...view, unknown: `the GroupId of ${nameOf(holder)}` });
      }
      // A literal GroupId names a group outside the app: none of the app's groups.
    }
    return { byGroup, unattributed };
  });
}

/** Whether a rule's group reference holds across the connection between the two ends, with why not. */
export type ReferenceCheck = (rule: SgRuleView, referenced: ModelResource) => { valid?: boolean; why?: string };

/** What a security-group layer lets through. */
export interface SgLayer {
  /** The packets the known rules allow (for every address of the peer, or some, by the mode). */
  readonly allowed: PacketSet;
  /** A rule of a value not known at synth, which may allow more (the first of them). */
  readonly unknown?: string;
  /** The packets the rules not known at synth may allow (every packet when their protocol or ports are unknown). */
  readonly maybe: PacketSet;
  /** The group references that do not hold across the connection (for the message). */
  readonly invalidReferences: string[];
  /** The rules that allow something, for the hop. */
  readonly rules: { rule: SgRuleView; packets: PacketSet }[];
}

/**
 * The packets security groups let through in one direction: the union over every group and rule (allow-lists), for
 * the peer block (`peer`, the other end's address) and the peer's security groups.
 */
export function securityGroupLayer(
  model: NetworkModel,
  groups: ModelResource[],
  direction: 'ingress' | 'egress',
  peer: ParsedCidr,
  peerGroups: ModelResource[] | undefined,
  mode: MatchMode,
  references: ReferenceCheck,
): SgLayer {
  const index = sgIndex(model);
  const rules = [
    ...groups.flatMap((g) => index.byGroup.get(g.key)?.[direction] ?? []),
    ...index.unattributed.filter((r) => r.direction === direction),
  ];
  let unknown: string | undefined;
  let maybe = PacketSet.NONE;
  const invalidReferences: string[] = [];
  const peerKeys = new Set((peerGroups ?? []).map((g) => g.key));
  /** Rules that allow whatever the address: a group reference that holds. */
  let byGroup = PacketSet.NONE;
  const cidrRules: { rule: SgRuleView; cidrs: ParsedCidr[] }[] = [];
  const used: { rule: SgRuleView; packets: PacketSet }[] = [];
  for (const rule of rules) {
    if (rule.unknown || !rule.packets || !rule.peer) {
      // A rule of a group not known at synth may still be known otherwise: it may allow its own packets only.
      const could =
        rule.packets &&
        (!rule.peer || rule.peer.kind !== 'cidrs' || rule.peer.cidrs.some((c) => c.family === peer.family))
          ? rule.packets
          : rule.packets
            ? PacketSet.NONE
            : PacketSet.ALL;
      if (!could.empty) {
        unknown = unknown ?? rule.unknown ?? rule.text;
        maybe = maybe.union(could);
      }
      continue;
    }
    if (rule.peer.kind === 'cidrs') {
      const cidrs = rule.peer.cidrs.filter((c) => c.family === peer.family);
      if (cidrs.length > 0) cidrRules.push({ rule, cidrs });
      continue;
    }
    if (rule.peer.kind === 'foreign' || !peerKeys.has(rule.peer.group.key)) continue;
    const check = references(rule, rule.peer.group);
    if (check.valid === undefined) {
      unknown = unknown ?? check.why;
      maybe = maybe.union(rule.packets);
      continue;
    }
    if (!check.valid) {
      invalidReferences.push(`${rule.text}: ${check.why}`);
      continue;
    }
    byGroup = byGroup.union(rule.packets);
    used.push({ rule, packets: rule.packets });
  }
  const regions = addressRegions(
    peer,
    cidrRules.flatMap((r) => r.cidrs),
  );
  const perRegion = regions.map((region) => {
    let set = byGroup;
    for (const { rule, cidrs } of cidrRules) {
      if (cidrs.some((c) => parsedContains(c, region))) set = set.union(rule.packets!);
    }
    return set;
  });
  for (const { rule, cidrs } of cidrRules) {
    if (regions.some((region) => cidrs.some((c) => parsedContains(c, region)))) {
      used.push({ rule, packets: rule.packets! });
    }
  }
  return { allowed: combineRegions(mode, perRegion), unknown, maybe, invalidReferences, rules: used };
}

// ---- network ACLs -------------------------------------------------------------------------------------------

/** One network ACL entry, read. */
export interface NaclEntryView {
  readonly resource: ModelResource;
  readonly number: number;
  readonly allow: boolean;
  readonly packets: PacketSet;
  readonly cidr: ParsedCidr;
  readonly text: string;
}

/** The network ACL of a subnet in one direction, read. */
export interface NaclView {
  /** The `AWS::EC2::NetworkAcl`; `undefined` for the VPC's default network ACL (which allows all traffic). */
  readonly acl?: ModelResource;
  readonly name: string;
  /** By rule number. */
  readonly entries: NaclEntryView[];
  /** An entry, or the ACL itself, not known at synth. */
  readonly unknown?: string;
}

function readEntry(entry: ModelResource): { view?: NaclEntryView; unknown?: string } {
  const p = entry.properties;
  const number = literalNumber(p.RuleNumber);
  const action = literal(p.RuleAction)?.toLowerCase();
  const protocol = literalNumber(p.Protocol);
  const cidr = literalCidr(p.CidrBlock ?? p.Ipv6CidrBlock);
  const why = (what: string) => ({ unknown: `the ${what} of ${nameOf(entry)}` });
  if (number === undefined) return why('RuleNumber');
  if (action !== 'allow' && action !== 'deny') return why('RuleAction');
  if (protocol === undefined) return why('Protocol');
  if (!cidr) return why('CidrBlock');
  let ports: PortSet | undefined;
  if (protocol === 6 || protocol === 17) {
    if (p.PortRange !== undefined) {
      const from = literalNumber(p.PortRange?.From);
      const to = literalNumber(p.PortRange?.To);
      if (from === undefined || to === undefined) return why('PortRange');
      ports = PortSet.range(from, to);
    }
  } else if (protocol === 1 || protocol === 58) {
    if (p.Icmp !== undefined) {
      const type = literalNumber(p.Icmp?.Type);
      if (type === undefined) return why('Icmp Type');
      ports = type === -1 ? undefined : PortSet.range(type, type);
    }
  }
  const packets = PacketSet.of(protocol, ports);
  return {
    view: {
      resource: entry,
      number,
      allow: action === 'allow',
      packets,
      cidr,
      text: `rule ${number} ${action} ${packets} ${literalBool(p.Egress) === true ? 'to' : 'from'} ${cidr.canonical} (${nameOf(entry)})`,
    },
  };
}

/** The network ACL of a subnet: its `AWS::EC2::SubnetNetworkAclAssociation`, else the VPC's default ACL. */
export function subnetNacl(model: NetworkModel, subnet: ModelResource, egress: boolean): NaclView {
  return model.memo(`reach:nacl:${subnet.key}:${egress}`, () => {
    const assoc = model.referrers('AWS::EC2::SubnetNetworkAclAssociation', 'SubnetId', subnet)[0];
    if (!assoc) {
      const vpc = model.vpcOf(subnet);
      return { name: `the default network ACL of ${vpc ? nameOf(vpc) : 'the VPC'}`, entries: [] };
    }
    const acl = model.target(assoc, 'NetworkAclId', 'AWS::EC2::NetworkAcl');
    if (!acl) {
      return {
        name: `the network ACL of ${nameOf(assoc)}`,
        entries: [],
        unknown: `the network ACL of ${nameOf(assoc)} (not in the app)`,
      };
    }
    const entries: NaclEntryView[] = [];
    let unknown: string | undefined;
    for (const e of model.referrers('AWS::EC2::NetworkAclEntry', 'NetworkAclId', acl)) {
      const direction = literalBool(e.properties.Egress);
      if (direction === undefined && e.properties.Egress !== undefined) {
        unknown = unknown ?? `the Egress of ${nameOf(e)}`;
        continue;
      }
      if ((direction ?? false) !== egress) continue;
      const read = readEntry(e);
      if (read.view) entries.push(read.view);
      else unknown = unknown ?? read.unknown;
    }
    entries.sort((a, b) => a.number - b.number);
    return { acl, name: nameOf(acl), entries, unknown };
  });
}

/** What a network ACL lets through for a peer block, with the entry that decides a sample packet. */
export interface NaclLayer {
  readonly view: NaclView;
  readonly allowed: PacketSet;
}

/**
 * The packets a network ACL lets through to (egress) or from (ingress) a peer block: entries in rule-number order,
 * the first that matches a packet decides it, and what no entry matches is denied (the `*` rule). The VPC's
 * default network ACL allows everything.
 */
export function naclLayer(view: NaclView, peer: ParsedCidr, mode: MatchMode): NaclLayer {
  if (!view.acl) return { view, allowed: PacketSet.ALL };
  const entries = view.entries.filter((e) => e.cidr.family === peer.family);
  const regions = addressRegions(
    peer,
    entries.map((e) => e.cidr),
  );
  const perRegion = regions.map((region) => {
    let undecided = PacketSet.ALL;
    let allowed = PacketSet.NONE;
    for (const e of entries) {
      if (!parsedContains(e.cidr, region)) continue;
      if (e.allow) allowed = allowed.union(undecided.intersect(e.packets));
      undecided = undecided.minus(e.packets);
      if (undecided.empty) break;
    }
    return allowed;
  });
  return { view, allowed: combineRegions(mode, perRegion) };
}

/** The entry of a network ACL that decides one packet from or to a peer block (`undefined`: the implicit deny). */
export function deciding(
  view: NaclView,
  peer: ParsedCidr,
  packet: { protocol: number; port: number },
): NaclEntryView | undefined {
  const one = PacketSet.of(packet.protocol, PortSet.range(packet.port, packet.port));
  return view.entries.find(
    (e) =>
      e.cidr.family === peer.family &&
      (parsedContains(e.cidr, peer) || parsedContains(peer, e.cidr)) &&
      e.packets.contains(one),
  );
}
