import { ModelResource, NetworkModel } from './model/core';
import { literal, nameTagOf } from './model/values';

/*
 * ts-graphviz v1 is a dual package whose types TypeScript reads as ESM from this CommonJS module: its CommonJS build
 * is loaded with require (when a diagram is drawn, not when the guard starts), typed through a require-mode import.
 * The diagram is built as ts-graphviz's DOT syntax tree (`ts-graphviz/ast`) and printed by its `stringify`: its graph
 * model (`Digraph`) would be converted into that tree first, which costs more than the printing at hundreds of VPCs.
 */
type GraphvizAst = typeof import('ts-graphviz/ast', { with: { 'resolution-mode': 'require' } });
/** A statement of a graph or cluster: an attribute, node, edge or cluster. */
type Statement = import('ts-graphviz/ast', { with: { 'resolution-mode': 'require' } }).ClusterStatementASTNode;
type LiteralNode = import('ts-graphviz/ast', { with: { 'resolution-mode': 'require' } }).LiteralASTNode;
type AttributeNode = import('ts-graphviz/ast', { with: { 'resolution-mode': 'require' } }).AttributeASTNode;
type NodeRefNode = import('ts-graphviz/ast', { with: { 'resolution-mode': 'require' } }).NodeRefASTNode;
function graphvizAst(): GraphvizAst {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('ts-graphviz/ast');
}

/** A node of the topology diagram. */
interface TopoNode {
  readonly id: string;
  readonly label: string;
  readonly kind: 'vpc' | 'tgw' | 'segment' | 'service' | 'clientvpn' | 'network' | 'gateway' | 'external';
  /** The path of the stack the node's resource is in; external nodes are in none. */
  readonly stack?: string;
  /** The transit gateway node a route table belongs to: drawn inside the gateway's box. */
  readonly tgw?: string;
}

/** An edge of the topology diagram. */
interface TopoEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly dashed?: boolean;
}

/**
 * The topology of the model: VPCs, peering, transit gateways (each a box holding its route tables) with their
 * attachments, static routes and peering attachments, VPN connections, endpoints, Client VPN endpoints with their
 * grants, and Cloud WAN attachments. Nodes are grouped by stack.
 */
export interface Topology {
  readonly nodes: TopoNode[];
  readonly edges: TopoEdge[];
  /** The stacks that hold nodes, by path, with their names. */
  readonly stacks: { path: string; name: string }[];
}

/** What a node shows: the `Name` tag, or the construct path without CDK's trailing `/Resource`. */
export function displayName(r: ModelResource): string {
  return nameTagOf(r) ?? r.path.replace(/\/Resource$/, '');
}

/** Builds the topology graph in one pass over the relevant resource types. */
export function buildTopology(model: NetworkModel): Topology {
  const nodes: TopoNode[] = [];
  const edges: TopoEdge[] = [];
  const ids = new Map<string, string>();
  const add = (key: string, make: (id: string) => TopoNode): string => {
    let id = ids.get(key);
    if (!id) {
      id = `n${ids.size}`;
      ids.set(key, id);
      nodes.push(make(id));
    }
    return id;
  };
  const node = (r: ModelResource, kind: TopoNode['kind'], label: string, tgw?: string): string =>
    add(r.key, (id) => ({ id, label, kind, stack: r.stack.path, ...(tgw ? { tgw } : {}) }));
  const external = (key: string, label: string, kind: TopoNode['kind'] = 'external'): string =>
    add(key, (id) => ({ id, label, kind }));
  const edge = (from: string, to: string, label: string, dashed?: boolean) =>
    edges.push({ from, to, label, ...(dashed ? { dashed } : {}) });

  const vpcNode = (vpc: ModelResource): string => {
    const cidrs = model.vpcCidrs(vpc);
    const blocks = [...cidrs.ipv4, ...cidrs.ipv6].map((c) => c.canonical);
    if (cidrs.incomplete) {
      blocks.push('?');
    }
    return node(vpc, 'vpc', `${displayName(vpc)} ${blocks.join(' ')}`);
  };
  const referenced = (r: ModelResource, prop: string, what: string): string => {
    const value = r.properties[prop];
    const id = model.identity(value, r);
    const imported = value?.['Fn::ImportValue'];
    const label =
      id?.replace(/^literal:/, '') ??
      (typeof imported === 'string' ? `${what} imported from ${imported}` : `${what} not known at synth`);
    return external(id ?? `${r.key}#${prop}`, label);
  };
  const vpcOrExternal = (r: ModelResource, prop: string): string => {
    const vpc = model.vpcOf(r, prop);
    return vpc ? vpcNode(vpc) : referenced(r, prop, 'VPC');
  };
  const tgwNode = (tgw: ModelResource): string => node(tgw, 'tgw', `TGW ${displayName(tgw)}`);
  const tgwOrExternal = (r: ModelResource, prop: string): string => {
    const tgw = model.target(r, prop, 'AWS::EC2::TransitGateway');
    return tgw ? tgwNode(tgw) : referenced(r, prop, 'TGW');
  };
  const segmentNode = (rt: ModelResource): string => {
    const tgw = model.target(rt, 'TransitGatewayId', 'AWS::EC2::TransitGateway');
    return node(rt, 'segment', `route table ${displayName(rt)}`, tgw ? tgwNode(tgw) : undefined);
  };
  /** The node an attachment stands for: its VPC, its VPN connection, its peer gateway. */
  const attachmentEnd = (r: ModelResource, prop: string): string | undefined => {
    const att = model.ref(r.properties[prop], r);
    if (!att) return undefined;
    if (att.type === 'AWS::EC2::TransitGatewayVpcAttachment' || att.type === 'AWS::EC2::TransitGatewayAttachment') {
      return vpcOrExternal(att, 'VpcId');
    }
    if (att.type === 'AWS::EC2::VPNConnection') return vpnNode(att);
    if (att.type === 'AWS::EC2::TransitGatewayPeeringAttachment') return tgwOrExternal(att, 'PeerTransitGatewayId');
    return external(att.key, displayName(att));
  };
  const vpnNode = (vpn: ModelResource): string => {
    const cgw = model.target(vpn, 'CustomerGatewayId', 'AWS::EC2::CustomerGateway');
    const ip = cgw ? literal(cgw.properties.IpAddress) : undefined;
    return node(vpn, 'gateway', `VPN ${displayName(vpn)}${ip ? ` to ${ip}` : ''}`);
  };

  for (const vpc of model.ofType('AWS::EC2::VPC')) {
    vpcNode(vpc);
  }
  for (const pcx of model.ofType('AWS::EC2::VPCPeeringConnection')) {
    edge(vpcOrExternal(pcx, 'VpcId'), vpcOrExternal(pcx, 'PeerVpcId'), `peering ${displayName(pcx)}`);
  }
  for (const tgw of model.ofType('AWS::EC2::TransitGateway')) {
    tgwNode(tgw);
  }
  for (const rt of model.ofType('AWS::EC2::TransitGatewayRouteTable')) {
    segmentNode(rt);
  }
  for (const att of [
    ...model.ofType('AWS::EC2::TransitGatewayVpcAttachment'),
    ...model.ofType('AWS::EC2::TransitGatewayAttachment'),
  ]) {
    const from = vpcOrExternal(att, 'VpcId');
    const associated = model.referrers(
      'AWS::EC2::TransitGatewayRouteTableAssociation',
      'TransitGatewayAttachmentId',
      att,
    );
    const propagated = model.referrers(
      'AWS::EC2::TransitGatewayRouteTablePropagation',
      'TransitGatewayAttachmentId',
      att,
    );
    for (const a of associated) {
      const rt = model.target(a, 'TransitGatewayRouteTableId');
      if (rt) edge(from, segmentNode(rt), 'associated');
    }
    for (const p of propagated) {
      const rt = model.target(p, 'TransitGatewayRouteTableId');
      if (rt) edge(from, segmentNode(rt), 'propagates', true);
    }
    if (associated.length === 0 && propagated.length === 0) {
      edge(from, tgwOrExternal(att, 'TransitGatewayId'), 'attachment');
    }
  }
  for (const route of model.ofType('AWS::EC2::TransitGatewayRoute')) {
    const rt = model.target(route, 'TransitGatewayRouteTableId', 'AWS::EC2::TransitGatewayRouteTable');
    if (!rt) continue;
    const dest = literal(route.properties.DestinationCidrBlock) ?? 'a block not known at synth';
    const blackhole = route.properties.Blackhole === true || route.properties.Blackhole === 'true';
    const to = blackhole
      ? external(`blackhole:${rt.key}`, 'blackhole', 'network')
      : (attachmentEnd(route, 'TransitGatewayAttachmentId') ?? external(`${route.key}#target`, 'attachment not known'));
    edge(segmentNode(rt), to, `static ${dest}`, blackhole);
  }
  for (const peer of model.ofType('AWS::EC2::TransitGatewayPeeringAttachment')) {
    const region = literal(peer.properties.PeerRegion);
    edge(
      tgwOrExternal(peer, 'TransitGatewayId'),
      tgwOrExternal(peer, 'PeerTransitGatewayId'),
      `TGW peering ${displayName(peer)}${region ? ` (${region})` : ''}`,
    );
  }
  for (const vpn of model.ofType('AWS::EC2::VPNConnection')) {
    const id = vpnNode(vpn);
    const routing = vpn.properties.StaticRoutesOnly === true || vpn.properties.StaticRoutesOnly === 'true';
    const via = routing ? 'static' : 'BGP';
    if (vpn.properties.TransitGatewayId !== undefined) {
      edge(id, tgwOrExternal(vpn, 'TransitGatewayId'), `VPN ${via}`);
    } else if (vpn.properties.VpnGatewayId !== undefined) {
      const vgw = model.target(vpn, 'VpnGatewayId', 'AWS::EC2::VPNGateway');
      const gw = vgw ? node(vgw, 'gateway', `VGW ${displayName(vgw)}`) : referenced(vpn, 'VpnGatewayId', 'VGW');
      edge(id, gw, `VPN ${via}`);
      if (vgw) {
        for (const a of model.referrers('AWS::EC2::VPCGatewayAttachment', 'VpnGatewayId', vgw)) {
          edge(gw, vpcOrExternal(a, 'VpcId'), 'attached');
        }
      }
    }
    for (const r of model.referrers('AWS::EC2::VPNConnectionRoute', 'VpnConnectionId', vpn)) {
      const dest = literal(r.properties.DestinationCidrBlock);
      if (dest) edge(id, external(`network:${dest}`, dest, 'network'), 'static route', true);
    }
  }
  for (const svc of model.ofType('AWS::EC2::VPCEndpointService')) {
    const id = node(svc, 'service', `endpoint service ${displayName(svc)}`);
    for (const arn of [
      ...(svc.properties.NetworkLoadBalancerArns ?? []),
      ...(svc.properties.GatewayLoadBalancerArns ?? []),
    ]) {
      const lb = model.ref(arn, svc);
      const subnet =
        lb && model.ref((lb.properties.Subnets ?? [])[0] ?? lb.properties.SubnetMappings?.[0]?.SubnetId, lb);
      const vpc = subnet && model.vpcOf(subnet);
      if (vpc) {
        edge(vpcNode(vpc), id, `provides via ${displayName(lb!)}`);
      }
    }
  }
  for (const ep of model.ofType('AWS::EC2::VPCEndpoint')) {
    const from = vpcOrExternal(ep, 'VpcId');
    const svc = serviceOfEndpoint(model, ep);
    const to = svc
      ? node(svc, 'service', `endpoint service ${displayName(svc)}`)
      : external(`service:${JSON.stringify(ep.properties.ServiceName)}`, serviceLabel(ep.properties.ServiceName));
    edge(from, to, `endpoint ${ep.properties.VpcEndpointType ?? 'Gateway'}`);
  }
  for (const cvpn of model.ofType('AWS::EC2::ClientVpnEndpoint')) {
    const clients = literal(cvpn.properties.ClientCidrBlock);
    const id = node(cvpn, 'clientvpn', `Client VPN ${displayName(cvpn)}${clients ? ` ${clients}` : ''}`);
    const vpcs = new Set<string>();
    for (const assoc of model.referrers('AWS::EC2::ClientVpnTargetNetworkAssociation', 'ClientVpnEndpointId', cvpn)) {
      const subnet = model.target(assoc, 'SubnetId', 'AWS::EC2::Subnet');
      const vpc = subnet && model.vpcOf(subnet);
      if (vpc) {
        vpcs.add(vpcNode(vpc));
      }
    }
    const own = model.vpcOf(cvpn);
    if (own) {
      vpcs.add(vpcNode(own));
    }
    for (const v of vpcs) {
      edge(id, v, 'associated');
    }
    for (const grant of model.referrers('AWS::EC2::ClientVpnAuthorizationRule', 'ClientVpnEndpointId', cvpn)) {
      const cidr = literal(grant.properties.TargetNetworkCidr);
      const group = literal(grant.properties.AccessGroupId);
      const vpc = cidr === undefined ? undefined : vpcWithBlock(model, cidr);
      const to = vpc
        ? vpcNode(vpc)
        : cidr !== undefined
          ? external(`network:${cidr}`, cidr, 'network')
          : external(`${grant.key}#cidr`, 'network not known at synth', 'network');
      edge(id, to, `grant ${group ? `group ${group}` : 'all users'}`, true);
    }
  }
  const cloudWan = [
    'AWS::NetworkManager::VpcAttachment',
    'AWS::NetworkManager::TransitGatewayRouteTableAttachment',
    'AWS::NetworkManager::SiteToSiteVpnAttachment',
    'AWS::NetworkManager::ConnectAttachment',
  ];
  for (const type of cloudWan) {
    for (const att of model.ofType(type)) {
      const core = model.target(att, 'CoreNetworkId', 'AWS::NetworkManager::CoreNetwork');
      const coreId = core
        ? node(core, 'tgw', `Cloud WAN ${displayName(core)}`)
        : referenced(att, 'CoreNetworkId', 'core network');
      const segment = literal(att.properties.Tags?.find?.((t: any) => t?.Key === 'segment')?.Value);
      const label = `Cloud WAN ${type
        .split('::')[2]
        .replace(/Attachment$/, '')
        .toLowerCase()} attachment${segment ? ` (${segment})` : ''}`;
      const [prop, targetType, draw] = CLOUD_WAN_ENDS[type];
      const target = prop ? resourceIn(model, att.properties[prop], att, targetType!) : undefined;
      const end =
        target && draw
          ? draw === 'vpc'
            ? vpcNode(target)
            : draw === 'vpn'
              ? vpnNode(target)
              : segmentNode(target)
          : external(`${att.key}#end`, displayName(att));
      edge(end, coreId, label);
    }
  }
  const stackPaths = new Set(nodes.map((n) => n.stack).filter((s): s is string => s !== undefined));
  return {
    nodes,
    edges,
    stacks: model.stacks.filter((s) => stackPaths.has(s.path)).map((s) => ({ path: s.path, name: s.name })),
  };
}

/** What each kind of Cloud WAN attachment attaches: the property naming it (an ARN), its type, how it is drawn. */
const CLOUD_WAN_ENDS: Record<string, [string | undefined, string | undefined, 'vpc' | 'vpn' | 'segment' | undefined]> =
  {
    'AWS::NetworkManager::VpcAttachment': ['VpcArn', 'AWS::EC2::VPC', 'vpc'],
    'AWS::NetworkManager::SiteToSiteVpnAttachment': ['VpnConnectionArn', 'AWS::EC2::VPNConnection', 'vpn'],
    'AWS::NetworkManager::TransitGatewayRouteTableAttachment': [
      'TransitGatewayRouteTableArn',
      'AWS::EC2::TransitGatewayRouteTable',
      'segment',
    ],
    'AWS::NetworkManager::ConnectAttachment': [undefined, undefined, undefined],
  };

/**
 * The resource of `type` a value names: a reference, or a reference inside an ARN built with `Fn::Join` or
 * `Fn::Sub` (`arn:${AWS::Partition}:ec2:...:vpc/${Vpc}`).
 */
function resourceIn(model: NetworkModel, value: any, from: ModelResource, type: string): ModelResource | undefined {
  const direct = model.ref(value, from);
  if (direct?.type === type) return direct;
  const join = value?.['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1])) {
    for (const part of join[1]) {
      const t = model.ref(part, from);
      if (t?.type === type) return t;
    }
  }
  const sub = value?.['Fn::Sub'];
  const text = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
  for (const m of text?.matchAll(/\$\{([A-Za-z0-9]+)\}/g) ?? []) {
    const t = model.ref({ Ref: m[1] }, from);
    if (t?.type === type) return t;
  }
  return undefined;
}

/** The VPC of the app whose block is exactly `cidr`, for Client VPN grants to a VPC. */
function vpcWithBlock(model: NetworkModel, cidr: string): ModelResource | undefined {
  return model
    .memo('vpcByBlock', () => {
      const out = new Map<string, ModelResource>();
      for (const vpc of model.ofType('AWS::EC2::VPC')) {
        const { ipv4, ipv6 } = model.vpcCidrs(vpc);
        for (const b of [...ipv4, ...ipv6]) if (!out.has(b.canonical)) out.set(b.canonical, vpc);
      }
      return out;
    })
    .get(cidr);
}

/** The endpoint service a VPC endpoint connects to, when it is in the app. */
export function serviceOfEndpoint(model: NetworkModel, ep: ModelResource): ModelResource | undefined {
  const name = ep.properties.ServiceName;
  const join = name?.['Fn::Join'];
  const parts: any[] = join ? join[1] : [name];
  for (const p of parts) {
    const t = model.ref(p, ep);
    if (t?.type === 'AWS::EC2::VPCEndpointService') {
      return t;
    }
  }
  return undefined;
}

function serviceLabel(name: any): string {
  return typeof name === 'string' ? name : 'service not known at synth';
}

const esc = (s: string) => s.replace(/"/g, "'");

/** The topology as a Mermaid flowchart: a subgraph per stack, one per transit gateway holding its route tables. */
export function toMermaid(t: Topology): string {
  const shape: Record<TopoNode['kind'], [string, string]> = {
    vpc: ['[', ']'],
    tgw: ['[[', ']]'],
    segment: ['[/', '/]'],
    service: ['([', '])'],
    clientvpn: ['{{', '}}'],
    network: ['((', '))'],
    gateway: ['[(', ')]'],
    external: ['>', ']'],
  };
  const lines = ['flowchart LR'];
  const line = (n: TopoNode, indent: string) => {
    const [open, close] = shape[n.kind];
    lines.push(`${indent}${n.id}${open}"${esc(n.label)}"${close}`);
  };
  const known = new Set(t.nodes.map((n) => n.id));
  const boxed = new Set(t.nodes.filter((n) => n.tgw !== undefined).map((n) => n.tgw!));
  const draw = (n: TopoNode, indent: string) => {
    if (n.tgw !== undefined && known.has(n.tgw)) return; // drawn in its transit gateway's box
    if (!boxed.has(n.id)) {
      line(n, indent);
      return;
    }
    lines.push(`${indent}subgraph ${n.id}_box["${esc(n.label)}"]`);
    line(n, `${indent}  `);
    for (const rt of t.nodes.filter((m) => m.tgw === n.id)) line(rt, `${indent}  `);
    lines.push(`${indent}end`);
  };
  t.stacks.forEach((s, i) => {
    lines.push(`  subgraph stack${i}["${esc(s.name)}"]`);
    for (const n of t.nodes.filter((m) => m.stack === s.path)) draw(n, '    ');
    lines.push('  end');
  });
  for (const n of t.nodes.filter((m) => m.stack === undefined)) draw(n, '  ');
  for (const e of t.edges) {
    lines.push(`  ${e.from} ${e.dashed ? '-.' : '--'} "${esc(e.label)}" ${e.dashed ? '.->' : '-->'} ${e.to}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The topology as Graphviz DOT: a cluster per stack, a box (cluster) per transit gateway holding its route tables. */
export function toDot(t: Topology): string {
  const shape: Record<TopoNode['kind'], string> = {
    vpc: 'box',
    tgw: 'box3d',
    segment: 'parallelogram',
    service: 'ellipse',
    clientvpn: 'hexagon',
    network: 'oval',
    gateway: 'cylinder',
    external: 'note',
  };
  const { stringify } = graphvizAst();
  // The syntax tree's nodes are plain objects (ts-graphviz's AST types): written as literals, which costs a fraction
  // of its createElement (an object spread per node) at thousands of nodes.
  const NONE: never[] = [];
  const text = (value: string): LiteralNode => ({ type: 'Literal', value, quoted: true, children: NONE });
  const attribute = (key: 'rankdir' | 'label' | 'style' | 'shape', value: string): AttributeNode => ({
    type: 'Attribute',
    key: { type: 'Literal', value: key, quoted: false, children: NONE },
    value: text(value),
    children: NONE,
  });
  // Each graph and cluster lists its attributes, then its nodes, then its clusters (in the order they were made),
  // as ts-graphviz prints its graph model; the edges come last, at the top level.
  interface Body {
    readonly attributes: Statement[];
    readonly nodes: Statement[];
    readonly clusters: [string, Body][];
  }
  const body = (...attributes: Statement[]): Body => ({ attributes, nodes: [], clusters: [] });
  const statements = (b: Body): Statement[] => [
    ...b.attributes,
    ...b.nodes,
    ...b.clusters.map(([id, c]): Statement => ({ type: 'Subgraph', id: text(id), children: statements(c) })),
  ];
  const graph = body(attribute('rankdir', 'LR'));
  const stackBodies = new Map<string, Body>();
  t.stacks.forEach((s, i) => {
    const b = body(attribute('label', s.name));
    stackBodies.set(s.path, b);
    graph.clusters.push([`cluster_stack${i}`, b]);
  });
  const holder = (n: TopoNode) => (n.stack !== undefined ? stackBodies.get(n.stack) : undefined) ?? graph;
  const boxed = new Set(t.nodes.filter((n) => n.tgw !== undefined).map((n) => n.tgw!));
  const tgwBodies = new Map<string, Body>();
  for (const n of t.nodes) {
    if (n.kind === 'tgw' && boxed.has(n.id)) {
      const b = body(attribute('label', n.label), attribute('style', 'rounded'));
      tgwBodies.set(n.id, b);
      holder(n).clusters.push([`cluster_${n.id}`, b]);
    }
  }
  for (const n of t.nodes) {
    const parent = (n.tgw !== undefined ? tgwBodies.get(n.tgw) : undefined) ?? tgwBodies.get(n.id) ?? holder(n);
    parent.nodes.push({
      type: 'Node',
      id: text(n.id),
      children: [attribute('label', n.label), attribute('shape', shape[n.kind])],
    });
  }
  const ref = (id: string): NodeRefNode => ({ type: 'NodeRef', id: text(id), children: NONE });
  const edges: Statement[] = t.edges.map((e) => ({
    type: 'Edge',
    targets: [ref(e.from), ref(e.to)],
    children: e.dashed ? [attribute('label', e.label), attribute('style', 'dashed')] : [attribute('label', e.label)],
  }));
  return stringify({
    type: 'Dot',
    children: [
      { type: 'Graph', id: text('network'), directed: true, strict: false, children: [...statements(graph), ...edges] },
    ],
  });
}
