/*
 * The forwarding state of an app at the routing layer, read from the guard's model of the final templates: per subnet
 * its route table, per VPC route table its routes (longest prefix first), per transit gateway route table its static
 * and propagated routes. No aws-cdk-lib here: the command line and the guard's engine load this module.
 */
import { ParsedCidr, parseCidrText, parsedContains } from '../cidr/ip';
import { ON_PREMISES_CIDRS_METADATA } from '../facts/on-premises';
import { literal, literalBool, literalCidr, ModelResource, NetworkModel } from '../guard/model/core';
import { gatewayAttachment, refsIn } from '../guard/rules/helpers';
import { VPC_ATTACHMENT_TYPES } from '../guard/rules/transit/attachments';

/** What a VPC route sends its packets to. */
export type TargetKind =
  | 'local'
  | 'peering'
  | 'transit-gateway'
  | 'internet-gateway'
  | 'nat-gateway'
  | 'egress-only-gateway'
  | 'vpn-gateway'
  | 'gateway-endpoint'
  | 'middlebox'
  | 'unknown';

/** The target of a VPC route. */
export interface RouteTarget {
  readonly kind: TargetKind;
  /** The gateway, connection, transit gateway, endpoint or network interface, when it is in the app. */
  readonly resource?: ModelResource;
  /** An identity of the target (`model.identity`): for a transit gateway, compared with its attachments'. */
  readonly id?: string;
  /** For `unknown`: which value is not known at synth; for a middlebox not in the app, how the route names it. */
  readonly why?: string;
}

/** One route of a VPC route table (a prefix-list route gives one per entry). */
export interface VpcRoute {
  /** `undefined`: the destination is not known at synth (or is an AWS service, see `service`). */
  readonly destination?: ParsedCidr;
  /** A gateway endpoint's route: the AWS service (`com.amazonaws.us-east-1.s3`) its prefix list stands for. */
  readonly service?: string;
  readonly target: RouteTarget;
  /** The `AWS::EC2::Route` (or the gateway endpoint); `undefined` for a local route. */
  readonly resource?: ModelResource;
  /** The `AWS::EC2::PrefixList` the destination was read from. */
  readonly prefixList?: ModelResource;
  /** Why the route drops what it matches (AWS shows it as `blackhole`), when it does. */
  readonly blackhole?: string;
  /**
   * Propagated from a virtual private gateway (routes it learns from on-premises). Learned routes of a destination
   * not known at synth (BGP without declared networks) are taken to carry on-premises networks, never a block of the
   * app's VPCs: they leave a destination inside the app's VPCs to the known routes, and make any other destination
   * undetermined (a learned route may be more specific than a default route).
   */
  readonly propagated?: boolean;
  /** How the route reads in a message: `10.1.0.0/16 -> pcx Stack/Pcx (Route ToB)`. */
  readonly text: string;
}

/** A VPC route table: an `AWS::EC2::RouteTable`, or the VPC's main table (from a template: the local route only). */
export interface RouteTableView {
  readonly key: string;
  /** `undefined` for the main route table. */
  readonly resource?: ModelResource;
  readonly vpc: ModelResource;
  readonly name: string;
  /** Routes of known destination, longest prefix first. */
  readonly routes: VpcRoute[];
  /** Routes of a destination not known at synth: any lookup they might win is undetermined. */
  readonly unknownRoutes: VpcRoute[];
  /** Gateway-endpoint routes, by AWS service. */
  readonly services: VpcRoute[];
}

/** The route table of a subnet, or why it is not known. */
export interface SubnetTable {
  readonly table?: RouteTableView;
  readonly why?: string;
}

/** One route of a transit gateway route table. */
export interface TgwRoute {
  readonly destination?: ParsedCidr;
  /** The attachment resource the route sends to (`undefined`: blackhole, or an attachment not in the app). */
  readonly attachment?: ModelResource;
  readonly blackhole: boolean;
  /** A static route (`AWS::EC2::TransitGatewayRoute`) rather than a propagated one. */
  readonly isStatic: boolean;
  /** The route or the propagation. */
  readonly resource?: ModelResource;
  readonly text: string;
}

/** A transit gateway route table: an `AWS::EC2::TransitGatewayRouteTable` or a TGW's implicit default table. */
export interface TgwTableView {
  readonly key: string;
  readonly resource?: ModelResource;
  /** The identity of its transit gateway. */
  readonly tgwId?: string;
  readonly name: string;
  /** Routes of known destination: longest prefix first, static before propagated for the same prefix. */
  readonly routes: TgwRoute[];
  /** What the table holds that is not known at synth (BGP routes of a VPN, a route of unknown destination). */
  readonly unknown: string[];
}

/** The result of one lookup in a route table. */
export interface Lookup<R> {
  readonly route?: R;
  /** The lookup cannot be decided at synth: the value that is not known. */
  readonly undetermined?: string;
}

/** The known blocks of a subnet (IPv4 and IPv6). */
export function subnetBlocks(subnet: ModelResource): ParsedCidr[] {
  const p = subnet.properties;
  const raw = [p.CidrBlock, p.Ipv6CidrBlock, ...(Array.isArray(p.Ipv6CidrBlocks) ? p.Ipv6CidrBlocks : [])];
  const out: ParsedCidr[] = [];
  for (const v of raw) {
    const c = literalBlock(v);
    if (c) out.push(c);
  }
  return out;
}

/** A value as a destination block (an address or a CIDR block), or `undefined` when it is not one. */
export function literalBlock(v: unknown): ParsedCidr | undefined {
  if (typeof v !== 'string') return undefined;
  try {
    return parseDestination(v);
  } catch {
    return undefined;
  }
}

/** A short name of a resource: its construct path. */
export function nameOf(r: ModelResource): string {
  return `${r.path} (${r.logicalId})`;
}

/** Parses a destination: an address (a /32 or /128) or a CIDR block. Throws for anything else. */
export function parseDestination(value: string): ParsedCidr {
  if (!value.includes('/')) {
    return parseCidrText(`${value}/${value.includes(':') ? 128 : 32}`, 'destination');
  }
  return parseCidrText(value, 'destination');
}

/** The route table of each subnet: its explicit association, else its VPC's main route table. */
export function subnetTable(model: NetworkModel, subnet: ModelResource): SubnetTable {
  return model.memo(`reach:subnetTable:${subnet.key}`, () => {
    const vpc = model.vpcOf(subnet);
    const associations = model.referrers('AWS::EC2::SubnetRouteTableAssociation', 'SubnetId', subnet);
    if (associations.length > 0) {
      const rt = model.target(associations[0], 'RouteTableId', 'AWS::EC2::RouteTable');
      if (!rt) {
        return { why: `the route table of ${nameOf(associations[0])} (not in the app)` };
      }
      return { table: routeTableView(model, rt) };
    }
    if (!vpc) {
      return { why: `the VPC of ${nameOf(subnet)} (not in the app)` };
    }
    return { table: mainTable(model, vpc) };
  });
}

/** The main route table of a VPC as a template makes it: the local routes only. */
export function mainTable(model: NetworkModel, vpc: ModelResource): RouteTableView {
  return model.memo(`reach:main:${vpc.key}`, () => {
    const { routes, unknownRoutes } = localRoutes(model, vpc);
    return {
      key: `main:${vpc.key}`,
      vpc,
      name: `main route table of ${nameOf(vpc)}`,
      routes,
      unknownRoutes,
      services: [],
    };
  });
}

function localRoutes(model: NetworkModel, vpc: ModelResource): { routes: VpcRoute[]; unknownRoutes: VpcRoute[] } {
  const cidrs = model.vpcCidrs(vpc);
  const target: RouteTarget = { kind: 'local', resource: vpc };
  const routes = [...cidrs.ipv4, ...cidrs.ipv6].map((c) => ({
    destination: c,
    target,
    text: `${c.canonical} -> local`,
  }));
  const unknownRoutes: VpcRoute[] = [];
  if (cidrs.incomplete) {
    unknownRoutes.push({ target, text: `a block of ${nameOf(vpc)} not known at synth -> local` });
    // Every subnet lies in a block of its VPC: the known blocks of its subnets are local too.
    for (const s of model.subnetsOf(vpc)) {
      for (const c of subnetBlocks(s)) {
        if (!routes.some((r) => parsedContains(r.destination, c))) {
          routes.push({ destination: c, target, text: `${c.canonical} (a subnet of ${nameOf(vpc)}) -> local` });
        }
      }
    }
  }
  return { routes, unknownRoutes };
}

/** A route table's routes, longest prefix first, with the local route of every VPC block. */
export function routeTableView(model: NetworkModel, rt: ModelResource): RouteTableView {
  return model.memo(`reach:rt:${rt.key}`, () => {
    const vpc = model.vpcOf(rt);
    const { routes, unknownRoutes } = vpc ? localRoutes(model, vpc) : { routes: [], unknownRoutes: [] };
    if (!vpc) {
      unknownRoutes.push({ target: { kind: 'unknown', why: 'the VPC of the route table' }, text: 'no VPC known' });
    }
    const services: VpcRoute[] = [];
    for (const r of model.routesOf(rt)) {
      const target = routeTarget(model, r, vpc);
      const blackhole = blackholeOf(model, target, vpc);
      const p = r.properties;
      const raw = p.DestinationCidrBlock ?? p.DestinationIpv6CidrBlock;
      const via = (d: string) => `${d} -> ${targetText(target)} (${nameOf(r)})`;
      if (raw !== undefined) {
        const cidr = literalCidr(raw);
        (cidr ? routes : unknownRoutes).push({
          destination: cidr,
          target,
          resource: r,
          blackhole,
          text: via(cidr?.canonical ?? JSON.stringify(raw)),
        });
        continue;
      }
      if (p.DestinationPrefixListId !== undefined) {
        const list = model.target(r, 'DestinationPrefixListId', 'AWS::EC2::PrefixList');
        const entries = list ? prefixListEntries(list) : undefined;
        if (!list || !entries) {
          unknownRoutes.push({
            target,
            resource: r,
            prefixList: list,
            blackhole,
            text: via(`prefix list ${list ? nameOf(list) : JSON.stringify(p.DestinationPrefixListId)}`),
          });
          continue;
        }
        for (const e of entries) {
          routes.push({
            destination: e,
            target,
            resource: r,
            prefixList: list,
            blackhole,
            text: via(`${e.canonical} (prefix list ${list.path})`),
          });
        }
        continue;
      }
      unknownRoutes.push({ target, resource: r, text: via('no destination') });
    }
    // A virtual private gateway propagates the routes it learns from on-premises into the tables it is told to.
    if (vpc) {
      for (const p of model.referrers('AWS::EC2::VPNGatewayRoutePropagation', 'RouteTableIds', rt)) {
        const vgw = model.target(p, 'VpnGatewayId', 'AWS::EC2::VPNGateway');
        const target: RouteTarget = vgw
          ? { kind: 'vpn-gateway', resource: vgw, id: vgw.key }
          : { kind: 'unknown', why: `the virtual private gateway of ${nameOf(p)} (not in the app)` };
        if (vgw && blackholeOf(model, target, vpc)) continue; // a gateway not attached to the VPC propagates nothing
        const networks = vgw ? onPremisesOfVpnGateway(model, vgw) : { known: [], unknown: [`${nameOf(p)}`] };
        for (const n of networks.known) {
          routes.push({
            destination: n.cidr,
            target,
            resource: p,
            propagated: true,
            text: `${n.cidr.canonical} -> ${targetText(target)} (propagated by ${nameOf(p)}, ${n.from})`,
          });
        }
        for (const why of networks.unknown) {
          unknownRoutes.push({
            target,
            resource: p,
            propagated: true,
            text: `routes learned by ${why} -> ${targetText(target)}`,
          });
        }
      }
    }
    // A gateway endpoint adds a route to its service's prefix list in each route table it names.
    for (const ep of gatewayEndpointsOf(model, rt)) {
      const service = serviceName(ep);
      services.push({
        service,
        target: { kind: 'gateway-endpoint', resource: ep },
        resource: ep,
        text: `prefix list of ${service} -> gateway endpoint ${nameOf(ep)}`,
      });
    }
    // Longest prefix first; for the same prefix a static route wins over a propagated one.
    routes.sort(
      (a, b) =>
        b.destination!.prefixLength - a.destination!.prefixLength || Number(!!a.propagated) - Number(!!b.propagated),
    );
    return { key: rt.key, resource: rt, vpc: vpc!, name: nameOf(rt), routes, unknownRoutes, services };
  });
}

function gatewayEndpointsOf(model: NetworkModel, rt: ModelResource): ModelResource[] {
  return model
    .referrers('AWS::EC2::VPCEndpoint', 'RouteTableIds', rt)
    .filter((ep) => (literal(ep.properties.VpcEndpointType) ?? 'Gateway') === 'Gateway');
}

/** The AWS service of an endpoint: its `ServiceName`, with `AWS::Region` of a `Fn::Join` written as its stack's. */
export function serviceName(ep: ModelResource): string {
  const raw = ep.properties.ServiceName;
  const text = literal(raw);
  if (text !== undefined) return text;
  const join = raw?.['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1])) {
    return join[1]
      .map((part: any) =>
        typeof part === 'string' ? part : part?.Ref === 'AWS::Region' ? (ep.stack.region ?? '${AWS::Region}') : '?',
      )
      .join(literal(join[0]) ?? '');
  }
  return JSON.stringify(raw);
}

/** The entries of a prefix list of the app, when every one is known. */
export function prefixListEntries(list: ModelResource): ParsedCidr[] | undefined {
  const entries = list.properties.Entries;
  if (!Array.isArray(entries)) return entries === undefined ? [] : undefined;
  const out: ParsedCidr[] = [];
  for (const e of entries) {
    const c = literalCidr(e?.Cidr);
    if (!c) return undefined;
    out.push(c);
  }
  return out;
}

function targetText(t: RouteTarget): string {
  if (t.kind === 'unknown') return `unknown target (${t.why})`;
  if (t.kind === 'middlebox' && !t.resource) return `middlebox ${t.why}`;
  return t.resource ? `${t.kind} ${t.resource.path}` : t.kind;
}

const ROUTE_TARGETS: [string, TargetKind][] = [
  ['VpcPeeringConnectionId', 'peering'],
  ['TransitGatewayId', 'transit-gateway'],
  ['NatGatewayId', 'nat-gateway'],
  ['EgressOnlyInternetGatewayId', 'egress-only-gateway'],
  ['NetworkInterfaceId', 'middlebox'],
  ['InstanceId', 'middlebox'],
  ['VpcEndpointId', 'middlebox'],
  ['GatewayId', 'internet-gateway'],
  ['CarrierGatewayId', 'unknown'],
  ['LocalGatewayId', 'unknown'],
  ['CoreNetworkArn', 'unknown'],
];

/** The target of an `AWS::EC2::Route`. */
export function routeTarget(model: NetworkModel, route: ModelResource, vpc?: ModelResource): RouteTarget {
  const p = route.properties;
  for (const [prop, kind] of ROUTE_TARGETS) {
    const value = p[prop];
    if (value === undefined) continue;
    if (prop === 'GatewayId' && literal(value) === 'local') {
      return vpc ? { kind: 'local', resource: vpc } : { kind: 'unknown', why: 'the VPC of the route table' };
    }
    if (kind === 'unknown') {
      return { kind, why: `${prop} of ${nameOf(route)} (not modelled at the routing layer)` };
    }
    const resource = model.ref(value, route);
    const id = model.identity(value, route);
    if (kind === 'transit-gateway') {
      return id ? { kind, resource, id } : { kind: 'unknown', why: `${prop} of ${nameOf(route)}` };
    }
    if (!resource && kind === 'middlebox') {
      // A network interface, instance or endpoint is a middlebox wherever it is; a Network Firewall endpoint is
      // written as a selection from the firewall's EndpointIds, which names the firewall.
      const within = refsIn(model, value, route)[0];
      return {
        kind,
        resource: within,
        id,
        why: within ? undefined : `${prop} ${literal(value) ?? JSON.stringify(value)}`,
      };
    }
    if (!resource) {
      return { kind: 'unknown', why: `${prop} of ${nameOf(route)} (${literal(value) ?? 'a value'} not in the app)` };
    }
    if (prop === 'GatewayId') {
      if (resource.type === 'AWS::EC2::VPNGateway') return { kind: 'vpn-gateway', resource, id };
      if (resource.type === 'AWS::EC2::VPCEndpoint') return { kind: 'middlebox', resource, id };
      if (resource.type !== 'AWS::EC2::InternetGateway') {
        return { kind: 'unknown', why: `${prop} of ${nameOf(route)} (a ${resource.type})` };
      }
    }
    return { kind, resource, id };
  }
  return { kind: 'unknown', why: `the target of ${nameOf(route)}` };
}

/** Why a route is a blackhole: its internet or virtual private gateway is not attached to the route table's VPC. */
function blackholeOf(model: NetworkModel, target: RouteTarget, vpc: ModelResource | undefined): string | undefined {
  if (!vpc || !target.resource) return undefined;
  if (target.kind === 'internet-gateway' || target.kind === 'vpn-gateway') {
    const attachments = gatewayAttachment(model, target.resource);
    if (attachments.some((a) => model.vpcOf(a)?.key === vpc.key || !model.vpcOf(a))) return undefined;
    return `${nameOf(target.resource)} is not attached to ${nameOf(vpc)}`;
  }
  if (target.kind === 'peering') {
    const sides = [model.vpcOf(target.resource), model.vpcOf(target.resource, 'PeerVpcId')];
    if (sides.some((s) => s === undefined || s.key === vpc.key)) return undefined;
    return `${nameOf(vpc)} is not a side of ${nameOf(target.resource)}`;
  }
  return undefined;
}

/**
 * Longest-prefix match of a destination block in a VPC route table: the most specific route containing the whole
 * block. Undetermined when a route of unknown destination might win.
 */
export function lookupVpc(model: NetworkModel, table: RouteTableView, destination: ParsedCidr): Lookup<VpcRoute> {
  const route = table.routes.find((r) => parsedContains(r.destination!, destination));
  if (table.unknownRoutes.length > 0) {
    const risky = table.unknownRoutes.filter((u) =>
      u.propagated
        ? !insideAppVpcs(model, destination)
        : route?.target.kind !== 'local' || ['middlebox', 'nat-gateway', 'unknown'].includes(u.target.kind),
    );
    if (risky.length > 0) return { route, undetermined: `the destination of ${risky[0].text}` };
  }
  return { route };
}

/** Whether a block lies inside a block of one of the app's VPCs. */
export function insideAppVpcs(model: NetworkModel, block: ParsedCidr): boolean {
  const all = model.memo('reach:appVpcBlocks', () =>
    model.ofType('AWS::EC2::VPC').flatMap((v) => {
      const c = model.vpcCidrs(v);
      return [...c.ipv4, ...c.ipv6];
    }),
  );
  return all.some((b) => parsedContains(b, block));
}

/** The route a packet to an AWS service takes: the gateway endpoint's route, else a default route. */
export function lookupService(table: RouteTableView, service: string): Lookup<VpcRoute> {
  const endpoint = table.services.find((s) => s.service === service);
  if (endpoint) return { route: endpoint };
  const route = table.routes.find((r) => r.destination!.prefixLength === 0 && r.destination!.family === 'ipv4');
  if (!route && table.unknownRoutes.length > 0) {
    return { undetermined: `the destination of ${table.unknownRoutes[0].text}` };
  }
  return { route };
}

// ---- transit gateways ------------------------------------------------------------------------------------------

/** The transit gateway identity a resource names in `TransitGatewayId`. */
function tgwIdOf(model: NetworkModel, r: ModelResource, prop = 'TransitGatewayId'): string | undefined {
  return model.identity(r.properties[prop], r);
}

/** The attachment of a VPC to a transit gateway (by the TGW's identity). */
export function vpcAttachment(model: NetworkModel, vpc: ModelResource, tgwId: string): ModelResource | undefined {
  const byVpc = model.memo('reach:attachmentsByVpc', () => {
    const out = new Map<string, ModelResource[]>();
    for (const t of VPC_ATTACHMENT_TYPES) {
      for (const att of model.ofType(t)) {
        const v = model.vpcOf(att);
        if (!v) continue;
        out.set(v.key, [...(out.get(v.key) ?? []), att]);
      }
    }
    return out;
  });
  return (byVpc.get(vpc.key) ?? []).find((a) => tgwIdOf(model, a) === tgwId);
}

/** Whether a resource is a transit gateway attachment to a VPC (`AWS::EC2::TransitGatewayVpcAttachment` or `Attachment`). */
export function isVpcAttachment(r: ModelResource): boolean {
  return VPC_ATTACHMENT_TYPES.includes(r.type);
}

/** The subnets of a VPC attachment, with their AZs; `unknownAz` when some subnet or AZ is not known. */
export function attachmentSubnets(
  model: NetworkModel,
  att: ModelResource,
): { subnets: ModelResource[]; azs: Set<string>; unknownAz: boolean } {
  return model.memo(`reach:attSubnets:${att.key}`, () => {
    const raw = Array.isArray(att.properties.SubnetIds) ? att.properties.SubnetIds : [];
    const subnets: ModelResource[] = [];
    const azs = new Set<string>();
    let unknownAz = !Array.isArray(att.properties.SubnetIds);
    for (const v of raw) {
      const s = model.ref(v, att);
      if (s?.type !== 'AWS::EC2::Subnet') {
        unknownAz = true;
        continue;
      }
      subnets.push(s);
      const az = model.azOf(s);
      if (az === undefined) unknownAz = true;
      else azs.add(az);
    }
    subnets.sort((a, b) => a.path.localeCompare(b.path));
    return { subnets, azs, unknownAz };
  });
}

/** The attachment subnet traffic from the TGW enters a VPC by: the one in the packet's AZ, else the first. */
export function ingressSubnet(
  model: NetworkModel,
  att: ModelResource,
  az: string | undefined,
): ModelResource | undefined {
  const { subnets } = attachmentSubnets(model, att);
  return subnets.find((s) => az !== undefined && model.azOf(s) === az) ?? subnets[0];
}

/** Every transit gateway route table of the app, the implicit default tables included, by key. */
function tgwTables(model: NetworkModel): Map<string, TgwTableView> {
  return model.memo('reach:tgwTables', () => buildTgwTables(model));
}

/** The TGW route table associated with an attachment on the transit gateway `tgwId`, or why none is known. */
export function associatedTable(
  model: NetworkModel,
  att: ModelResource,
  tgwId: string | undefined,
): { table?: TgwTableView; why?: string } {
  const tables = tgwTables(model);
  for (const a of model.referrers('AWS::EC2::TransitGatewayRouteTableAssociation', 'TransitGatewayAttachmentId', att)) {
    const key = tgwTableKey(model, a);
    if (!key) return { why: `the route table of ${nameOf(a)}` };
    const table = tables.get(key)!;
    if (tgwId === undefined || table.tgwId === tgwId) return { table };
  }
  const tgw = tgwId === undefined ? undefined : defaultTgw(model, tgwId);
  if (att.type === 'AWS::EC2::TransitGatewayPeeringAttachment') {
    // Routing across a peering needs the attachment associated on each side ("Add a route ... associate the
    // transit gateway route table with the transit gateway peering attachment").
    return {
      why: `the route table associated with ${nameOf(att)} on the transit gateway ${tgw ? nameOf(tgw) : tgwId} (none in the app)`,
    };
  }
  if (tgw && literal(tgw.properties.DefaultRouteTableAssociation) !== 'disable') {
    const key = defaultTableKey(model, tgw, 'AssociationDefaultRouteTableId');
    if (!key) return { why: `the default association route table of ${nameOf(tgw)}` };
    return { table: tables.get(key) };
  }
  if (!tgw) return { why: `the route table associated with ${nameOf(att)} (its transit gateway is not in the app)` };
  return {};
}

/** The key of the TGW route table of the app a link (association, propagation, route) names. */
function tgwTableKey(model: NetworkModel, link: ModelResource): string | undefined {
  return model.target(link, 'TransitGatewayRouteTableId', 'AWS::EC2::TransitGatewayRouteTable')?.key;
}

/**
 * The key of a TGW's default association (or propagation) route table: the table its property names, else the
 * implicit default table AWS creates. `undefined` when the property names a table not known at synth.
 */
function defaultTableKey(model: NetworkModel, tgw: ModelResource, prop: string): string | undefined {
  const value = tgw.properties[prop];
  if (value === undefined) return `default:${tgw.key}`;
  const rt = model.ref(value, tgw);
  return rt?.type === 'AWS::EC2::TransitGatewayRouteTable' ? rt.key : undefined;
}

function defaultTgw(model: NetworkModel, tgwId: string): ModelResource | undefined {
  const tgw = tgwId.startsWith('literal:') ? undefined : model.get(tgwId);
  return tgw?.type === 'AWS::EC2::TransitGateway' ? tgw : undefined;
}

/** The transit gateways a route table's peering attachment leads to: the side that is not `from`. */
export function peeringOtherSide(
  model: NetworkModel,
  att: ModelResource,
  from: string | undefined,
): string | undefined {
  const a = tgwIdOf(model, att);
  const b = tgwIdOf(model, att, 'PeerTransitGatewayId');
  return a === from ? b : b === from ? a : undefined;
}

function buildTgwTables(model: NetworkModel): Map<string, TgwTableView> {
  const tables = new Map<string, { view: TgwTableView; routes: TgwRoute[]; unknown: string[] }>();
  const add = (key: string, resource: ModelResource | undefined, tgwId: string | undefined, name: string) => {
    const routes: TgwRoute[] = [];
    const unknown: string[] = [];
    tables.set(key, { view: { key, resource, tgwId, name, routes, unknown }, routes, unknown });
  };
  for (const rt of model.ofType('AWS::EC2::TransitGatewayRouteTable')) {
    add(rt.key, rt, tgwIdOf(model, rt), nameOf(rt));
  }
  for (const tgw of model.ofType('AWS::EC2::TransitGateway')) {
    add(`default:${tgw.key}`, undefined, tgw.key, `default route table of ${nameOf(tgw)}`);
  }
  const tableOf = (link: ModelResource) => {
    const key = tgwTableKey(model, link);
    return key ? tables.get(key) : undefined;
  };
  const propagate = (
    t: { routes: TgwRoute[]; unknown: string[] },
    att: ModelResource | undefined,
    via: ModelResource | undefined,
  ) => {
    const vpc = att && isVpcAttachment(att) ? model.vpcOf(att) : undefined;
    const declared = att && !vpc ? declaredOnPremises(att) : undefined;
    if (att && declared) {
      // A VPN or Direct Connect attachment (BGP): the on-premises networks its connection declares.
      for (const c of declared) {
        t.routes.push({
          destination: c,
          attachment: att,
          blackhole: false,
          isStatic: false,
          resource: via,
          text: `${c.canonical} -> ${nameOf(att)} (propagated${via ? ` by ${nameOf(via)}` : ''}, declared onPremisesCidrs)`,
        });
      }
      return;
    }
    if (!att || !vpc) {
      t.unknown.push(
        `the routes propagated by ${att ? nameOf(att) : via ? `the attachment of ${nameOf(via)}` : 'an attachment'} (not known at synth)`,
      );
      return;
    }
    const cidrs = model.vpcCidrs(vpc);
    for (const c of [...cidrs.ipv4, ...cidrs.ipv6]) {
      t.routes.push({
        destination: c,
        attachment: att,
        blackhole: false,
        isStatic: false,
        resource: via,
        text: `${c.canonical} -> ${nameOf(att)} (propagated${via ? ` by ${nameOf(via)}` : ' by default'})`,
      });
    }
    if (cidrs.incomplete) t.unknown.push(`a block of ${nameOf(vpc)} not known at synth`);
  };
  for (const p of model.ofType('AWS::EC2::TransitGatewayRouteTablePropagation')) {
    const t = tableOf(p);
    if (t) propagate(t, model.target(p, 'TransitGatewayAttachmentId'), p);
  }
  // Default propagation: every attachment of the TGW propagates into its default table.
  for (const tgw of model.ofType('AWS::EC2::TransitGateway')) {
    if (literal(tgw.properties.DefaultRouteTablePropagation) === 'disable') continue;
    const key = defaultTableKey(model, tgw, 'PropagationDefaultRouteTableId');
    const t = key ? tables.get(key) : undefined;
    if (!t) continue;
    for (const type of VPC_ATTACHMENT_TYPES) {
      for (const att of model.ofType(type)) {
        if (tgwIdOf(model, att) === tgw.key) propagate(t, att, undefined);
      }
    }
    for (const vpn of model.ofType('AWS::EC2::VPNConnection')) {
      if (tgwIdOf(model, vpn) === tgw.key) t.unknown.push(`the BGP routes of ${nameOf(vpn)} (not known at synth)`);
    }
  }
  for (const r of model.ofType('AWS::EC2::TransitGatewayRoute')) {
    const t = tableOf(r);
    if (!t) continue;
    const cidr = literalCidr(r.properties.DestinationCidrBlock);
    const blackhole = r.properties.Blackhole === true || literal(r.properties.Blackhole) === 'true';
    const att = blackhole ? undefined : model.target(r, 'TransitGatewayAttachmentId');
    const where = blackhole ? 'blackhole' : att ? nameOf(att) : 'an attachment not in the app';
    if (!cidr) {
      t.unknown.push(`the destination of ${nameOf(r)}`);
      continue;
    }
    t.routes.push({
      destination: cidr,
      attachment: att,
      blackhole,
      isStatic: true,
      resource: r,
      text: `${cidr.canonical} -> ${where} (static, ${nameOf(r)})`,
    });
  }
  const out = new Map<string, TgwTableView>();
  for (const [key, t] of tables) {
    // Longest prefix first; for the same prefix a static route wins over a propagated one.
    t.routes.sort(
      (a, b) => b.destination!.prefixLength - a.destination!.prefixLength || Number(b.isStatic) - Number(a.isStatic),
    );
    out.set(key, t.view);
  }
  return out;
}

/** Longest-prefix match in a TGW route table; undetermined when nothing known matches and some route is unknown. */
export function lookupTgw(table: TgwTableView, destination: ParsedCidr): Lookup<TgwRoute> {
  const route = table.routes.find((r) => parsedContains(r.destination!, destination));
  if (!route && table.unknown.length > 0) return { undetermined: table.unknown[0] };
  return { route };
}

/** All TGW route tables of the app. */
export function allTgwTables(model: NetworkModel): TgwTableView[] {
  return [...tgwTables(model).values()];
}

// ---- on premises -------------------------------------------------------------------------------------------------

/**
 * The on-premises networks a connection declares (`onPremisesCidrs`, in the resource's CloudFormation `Metadata`):
 * `undefined` when it declares none.
 */
export function declaredOnPremises(r: ModelResource): ParsedCidr[] | undefined {
  const raw = r.metadata?.[ON_PREMISES_CIDRS_METADATA];
  if (!Array.isArray(raw)) return undefined;
  const out = raw.map((v) => literalCidr(v)).filter((c): c is ParsedCidr => c !== undefined);
  return out.length > 0 ? out : undefined;
}

/** The on-premises networks behind a virtual private gateway, and what it learns that is not known at synth. */
export interface OnPremisesNetworks {
  /** Its VPN connections and Direct Connect gateway associations. */
  readonly sides: ModelResource[];
  readonly known: { readonly cidr: ParsedCidr; readonly from: string; readonly side: ModelResource }[];
  /** The connections whose networks are not known at synth (BGP without declared networks). */
  readonly unknown: string[];
}

/**
 * What a virtual private gateway learns from on-premises: the static routes of its static VPN connections
 * (`AWS::EC2::VPNConnectionRoute`), and the declared networks of its BGP VPN connections and Direct Connect gateway
 * associations; a BGP connection without declared networks is unknown.
 */
export function onPremisesOfVpnGateway(model: NetworkModel, vgw: ModelResource): OnPremisesNetworks {
  return model.memo(`reach:onPremises:${vgw.key}`, () => {
    const known: { cidr: ParsedCidr; from: string; side: ModelResource }[] = [];
    const unknown: string[] = [];
    const vpns = model.referrers('AWS::EC2::VPNConnection', 'VpnGatewayId', vgw);
    const associations = model.referrers(
      'AWS::DirectConnect::DirectConnectGatewayAssociation',
      'AssociatedGatewayId',
      vgw,
    );
    for (const vpn of vpns) {
      if (literalBool(vpn.properties.StaticRoutesOnly) === true) {
        for (const r of model.referrers('AWS::EC2::VPNConnectionRoute', 'VpnConnectionId', vpn)) {
          const c = literalCidr(r.properties.DestinationCidrBlock);
          if (c) known.push({ cidr: c, from: `static route ${nameOf(r)}`, side: vpn });
          else unknown.push(`the destination of ${nameOf(r)}`);
        }
        continue;
      }
      const declared = declaredOnPremises(vpn);
      if (declared) for (const c of declared) known.push({ cidr: c, from: `declared by ${nameOf(vpn)}`, side: vpn });
      else unknown.push(`BGP from ${nameOf(vpn)} (no onPremisesCidrs declared)`);
    }
    for (const a of associations) {
      const declared = declaredOnPremises(a);
      if (declared) for (const c of declared) known.push({ cidr: c, from: `declared by ${nameOf(a)}`, side: a });
      else unknown.push(`BGP over ${nameOf(a)} (no onPremisesCidrs declared)`);
    }
    return { sides: [...vpns, ...associations], known, unknown };
  });
}
