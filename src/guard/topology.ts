import { ModelResource, NetworkModel } from './model/core';

/** A node of the topology diagram. */
interface TopoNode {
  readonly id: string;
  readonly label: string;
  readonly kind: 'vpc' | 'tgw' | 'segment' | 'service' | 'clientvpn' | 'external';
}

/** An edge of the topology diagram. */
interface TopoEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly dashed?: boolean;
}

/** The topology of the model: VPCs, peering, transit gateway segments, endpoints and Client VPN. */
export interface Topology {
  readonly nodes: TopoNode[];
  readonly edges: TopoEdge[];
}

/** Builds the topology graph in one pass over the relevant resource types. */
export function buildTopology(model: NetworkModel): Topology {
  const nodes: TopoNode[] = [];
  const edges: TopoEdge[] = [];
  const ids = new Map<string, string>();
  const node = (r: ModelResource, kind: TopoNode['kind'], label: string): string => {
    let id = ids.get(r.key);
    if (!id) {
      id = `n${ids.size}`;
      ids.set(r.key, id);
      nodes.push({ id, label, kind });
    }
    return id;
  };
  const external = (key: string, label: string): string => {
    let id = ids.get(key);
    if (!id) {
      id = `n${ids.size}`;
      ids.set(key, id);
      nodes.push({ id, label, kind: 'external' });
    }
    return id;
  };
  const vpcNode = (vpc: ModelResource): string => {
    const cidrs = model.vpcCidrs(vpc);
    const blocks = [...cidrs.ipv4, ...cidrs.ipv6].map((c) => c.canonical);
    if (cidrs.incomplete) {
      blocks.push('?');
    }
    return node(vpc, 'vpc', `${vpc.stack.name}/${vpc.logicalId} ${blocks.join(' ')}`);
  };
  const vpcOrExternal = (r: ModelResource, prop: string): string => {
    const vpc = model.vpcOf(r, prop);
    if (vpc) {
      return vpcNode(vpc);
    }
    const value = r.properties[prop];
    const id = model.identity(value, r);
    const imported = value?.['Fn::ImportValue'];
    const label =
      id?.replace(/^literal:/, '') ??
      (typeof imported === 'string' ? `VPC imported from ${imported}` : 'VPC not known at synth');
    return external(id ?? `${r.key}#${prop}`, label);
  };

  for (const vpc of model.ofType('AWS::EC2::VPC')) {
    vpcNode(vpc);
  }
  for (const pcx of model.ofType('AWS::EC2::VPCPeeringConnection')) {
    edges.push({
      from: vpcOrExternal(pcx, 'VpcId'),
      to: vpcOrExternal(pcx, 'PeerVpcId'),
      label: `peering ${pcx.logicalId}`,
    });
  }
  for (const tgw of model.ofType('AWS::EC2::TransitGateway')) {
    node(tgw, 'tgw', `TGW ${tgw.stack.name}/${tgw.logicalId}`);
  }
  for (const rt of model.ofType('AWS::EC2::TransitGatewayRouteTable')) {
    const id = node(rt, 'segment', `segment ${rt.logicalId}`);
    const tgw = model.target(rt, 'TransitGatewayId', 'AWS::EC2::TransitGateway');
    if (tgw) {
      edges.push({ from: node(tgw, 'tgw', `TGW ${tgw.stack.name}/${tgw.logicalId}`), to: id, label: 'route table' });
    }
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
      if (rt) {
        edges.push({ from, to: node(rt, 'segment', `segment ${rt.logicalId}`), label: 'associated' });
      }
    }
    for (const p of propagated) {
      const rt = model.target(p, 'TransitGatewayRouteTableId');
      if (rt) {
        edges.push({ from, to: node(rt, 'segment', `segment ${rt.logicalId}`), label: 'propagates', dashed: true });
      }
    }
    if (associated.length === 0 && propagated.length === 0) {
      const tgw = model.target(att, 'TransitGatewayId', 'AWS::EC2::TransitGateway');
      const to = tgw ? node(tgw, 'tgw', `TGW ${tgw.stack.name}/${tgw.logicalId}`) : external(`tgw:${att.key}`, 'TGW');
      edges.push({ from, to, label: 'attachment' });
    }
  }
  for (const svc of model.ofType('AWS::EC2::VPCEndpointService')) {
    const id = node(svc, 'service', `endpoint service ${svc.stack.name}/${svc.logicalId}`);
    for (const arn of [
      ...(svc.properties.NetworkLoadBalancerArns ?? []),
      ...(svc.properties.GatewayLoadBalancerArns ?? []),
    ]) {
      const lb = model.ref(arn, svc);
      const subnet =
        lb && model.ref((lb.properties.Subnets ?? [])[0] ?? lb.properties.SubnetMappings?.[0]?.SubnetId, lb);
      const vpc = subnet && model.vpcOf(subnet);
      if (vpc) {
        edges.push({ from: vpcNode(vpc), to: id, label: `provides via ${lb!.logicalId}` });
      }
    }
  }
  for (const ep of model.ofType('AWS::EC2::VPCEndpoint')) {
    const from = vpcOrExternal(ep, 'VpcId');
    const svc = serviceOfEndpoint(model, ep);
    const to = svc
      ? node(svc, 'service', `endpoint service ${svc.stack.name}/${svc.logicalId}`)
      : external(`service:${JSON.stringify(ep.properties.ServiceName)}`, serviceLabel(ep.properties.ServiceName));
    edges.push({ from, to, label: `endpoint ${ep.properties.VpcEndpointType ?? 'Gateway'}` });
  }
  for (const cvpn of model.ofType('AWS::EC2::ClientVpnEndpoint')) {
    const id = node(cvpn, 'clientvpn', `Client VPN ${cvpn.logicalId} ${cvpn.properties.ClientCidrBlock ?? ''}`);
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
      edges.push({ from: id, to: v, label: 'associated' });
    }
  }
  return { nodes, edges };
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

/** The topology as a Mermaid flowchart. */
export function toMermaid(t: Topology): string {
  const shape: Record<TopoNode['kind'], [string, string]> = {
    vpc: ['[', ']'],
    tgw: ['((', '))'],
    segment: ['[/', '/]'],
    service: ['([', '])'],
    clientvpn: ['{{', '}}'],
    external: ['>', ']'],
  };
  const lines = ['flowchart LR'];
  for (const n of t.nodes) {
    const [open, close] = shape[n.kind];
    lines.push(`  ${n.id}${open}"${esc(n.label)}"${close}`);
  }
  for (const e of t.edges) {
    lines.push(`  ${e.from} ${e.dashed ? '-.' : '--'} "${esc(e.label)}" ${e.dashed ? '.->' : '-->'} ${e.to}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The topology as Graphviz DOT. */
export function toDot(t: Topology): string {
  const shape: Record<TopoNode['kind'], string> = {
    vpc: 'box',
    tgw: 'circle',
    segment: 'parallelogram',
    service: 'ellipse',
    clientvpn: 'hexagon',
    external: 'note',
  };
  const lines = ['digraph network {', '  rankdir=LR;'];
  for (const n of t.nodes) {
    lines.push(`  ${n.id} [label="${esc(n.label)}", shape=${shape[n.kind]}];`);
  }
  for (const e of t.edges) {
    lines.push(`  ${e.from} -> ${e.to} [label="${esc(e.label)}"${e.dashed ? ', style=dashed' : ''}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
