import { ParsedCidr, parsedContains, parsedOverlap } from '../../cidr/ip';
import { literal, literalCidr, literalNumber, ModelResource, NetworkModel } from '../model/core';

/** A peering connection with its two sides resolved where they are in the app. */
export interface Peering {
  readonly pcx: ModelResource;
  readonly vpc?: ModelResource;
  readonly peerVpc?: ModelResource;
  /** Identity keys of the two VPCs (`undefined` when not known at synth). */
  readonly vpcId?: string;
  readonly peerVpcId?: string;
  /** The peer side is in another Region than the requester. */
  readonly crossRegion: boolean | undefined;
}

export function peerings(model: NetworkModel): Peering[] {
  return model.memo('peerings', () =>
    model.ofType('AWS::EC2::VPCPeeringConnection').map((pcx) => {
      const peerRegion =
        pcx.properties.PeerRegion === undefined ? pcx.stack.region : literal(pcx.properties.PeerRegion);
      return {
        pcx,
        vpc: model.vpcOf(pcx),
        peerVpc: model.vpcOf(pcx, 'PeerVpcId'),
        vpcId: model.identity(pcx.properties.VpcId, pcx),
        peerVpcId: model.identity(pcx.properties.PeerVpcId, pcx),
        crossRegion:
          pcx.properties.PeerRegion === undefined
            ? false
            : peerRegion === undefined || pcx.stack.region === undefined
              ? undefined
              : peerRegion !== pcx.stack.region,
      };
    }),
  );
}

/** The destination of a route: a CIDR block, a prefix list, or not known. */
export interface RouteDestination {
  readonly cidr?: ParsedCidr;
  readonly prefixList?: any;
  readonly known: boolean;
  readonly text: string;
}

export function routeDestination(
  route: ModelResource,
  cidrProp = 'DestinationCidrBlock',
  ipv6Prop = 'DestinationIpv6CidrBlock',
): RouteDestination {
  const p = route.properties;
  const raw = p[cidrProp] ?? p[ipv6Prop];
  if (raw !== undefined) {
    const cidr = literalCidr(raw);
    return { cidr, known: cidr !== undefined, text: cidr?.canonical ?? JSON.stringify(raw) };
  }
  if (p.DestinationPrefixListId !== undefined) {
    return { prefixList: p.DestinationPrefixListId, known: false, text: JSON.stringify(p.DestinationPrefixListId) };
  }
  return { known: false, text: 'no destination' };
}

/** Whether some block of `blocks` contains `cidr`. */
export function containedIn(cidr: ParsedCidr, blocks: ParsedCidr[]): boolean {
  return blocks.some((b) => parsedContains(b, cidr));
}

/** The first pair of overlapping blocks of two lists. */
export function firstOverlap(a: ParsedCidr[], b: ParsedCidr[]): [ParsedCidr, ParsedCidr] | undefined {
  for (const x of a) {
    for (const y of b) {
      if (parsedOverlap(x, y)) {
        return [x, y];
      }
    }
  }
  return undefined;
}

/** The VPC of a route table, or of the route table a route is in. */
export function vpcOfRoute(model: NetworkModel, route: ModelResource): { table?: ModelResource; vpc?: ModelResource } {
  const table = model.target(route, 'RouteTableId', 'AWS::EC2::RouteTable');
  return { table, vpc: table && model.vpcOf(table) };
}

/** Every reference to a resource of the app found anywhere in a JSON value. */
export function refsIn(
  model: NetworkModel,
  value: any,
  from: ModelResource,
  out: ModelResource[] = [],
): ModelResource[] {
  if (value === null || typeof value !== 'object') {
    return out;
  }
  const target = model.ref(value, from);
  if (target) {
    out.push(target);
    return out;
  }
  for (const v of Array.isArray(value) ? value : Object.values(value)) {
    refsIn(model, v, from, out);
  }
  return out;
}

/** One security-group rule, inline in `AWS::EC2::SecurityGroup` or its own resource. */
export interface SgRule {
  /** The resource that holds the rule (the group for an inline rule). */
  readonly holder: ModelResource;
  /** The group the rule belongs to, when it is in the app. */
  readonly group?: ModelResource;
  readonly direction: 'ingress' | 'egress';
  readonly rule: Record<string, any>;
}

export function sgRules(model: NetworkModel): SgRule[] {
  return model.memo('sgRules', () => readSgRules(model));
}

function readSgRules(model: NetworkModel): SgRule[] {
  const out: SgRule[] = [];
  for (const sg of model.ofType('AWS::EC2::SecurityGroup')) {
    for (const rule of sg.properties.SecurityGroupIngress ?? []) {
      out.push({ holder: sg, group: sg, direction: 'ingress', rule });
    }
    for (const rule of sg.properties.SecurityGroupEgress ?? []) {
      out.push({ holder: sg, group: sg, direction: 'egress', rule });
    }
  }
  for (const [type, direction] of [
    ['AWS::EC2::SecurityGroupIngress', 'ingress'],
    ['AWS::EC2::SecurityGroupEgress', 'egress'],
  ] as const) {
    for (const r of model.ofType(type)) {
      const group = model.target(r, 'GroupId', 'AWS::EC2::SecurityGroup');
      out.push({ holder: r, group, direction, rule: r.properties });
    }
  }
  return out;
}

/** The protocol of a rule: `tcp`, `udp`, `icmp`, `icmpv6`, `-1` (all) or the number as text. */
export function sgProtocol(rule: Record<string, any>): string | undefined {
  const p = literal(rule.IpProtocol)?.toLowerCase();
  const names: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6', all: '-1' };
  return p === undefined ? undefined : (names[p] ?? p);
}

/** The port range of a rule, when known. */
export function sgPorts(rule: Record<string, any>): { from?: number; to?: number } {
  return { from: literalNumber(rule.FromPort), to: literalNumber(rule.ToPort) };
}

/** The gateways attached to a VPC through `AWS::EC2::VPCGatewayAttachment`, with the attachment. */
export function gatewayAttachment(model: NetworkModel, gateway: ModelResource): ModelResource[] {
  const prop = gateway.type === 'AWS::EC2::VPNGateway' ? 'VpnGatewayId' : 'InternetGatewayId';
  return model.referrers('AWS::EC2::VPCGatewayAttachment', prop, gateway);
}

/** The load balancer subnets (`Subnets` or `SubnetMappings`). */
export function lbSubnets(model: NetworkModel, lb: ModelResource): { subnets: ModelResource[]; unknown: boolean } {
  const raw: any[] = Array.isArray(lb.properties.Subnets)
    ? lb.properties.Subnets
    : Array.isArray(lb.properties.SubnetMappings)
      ? lb.properties.SubnetMappings.map((m: any) => m.SubnetId)
      : [];
  const subnets: ModelResource[] = [];
  let unknown = raw.length === 0;
  for (const v of raw) {
    const s = model.ref(v, lb);
    if (s?.type === 'AWS::EC2::Subnet') {
      subnets.push(s);
    } else {
      unknown = true;
    }
  }
  return { subnets, unknown };
}

export const PEERING_DOCS = 'https://docs.aws.amazon.com/vpc/latest/peering';
export const PRIVATELINK_DOCS = 'https://docs.aws.amazon.com/vpc/latest/privatelink';
export const CVPN_DOCS = 'https://docs.aws.amazon.com/vpn/latest/clientvpn-admin';
export const TGW_DOCS = 'https://docs.aws.amazon.com/vpc/latest/tgw';
export const VPC_DOCS = 'https://docs.aws.amazon.com/vpc/latest/userguide';
export const S2S_DOCS = 'https://docs.aws.amazon.com/vpn/latest/s2svpn';
export const CFN_DOCS = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide';
export const CFN_RES = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference';
