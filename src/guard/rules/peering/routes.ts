import { ModelResource, NetworkModel } from '../../model/core';
import { containedIn, routeDestination, vpcOfRoute } from '../helpers';

/** What a route through a peering connection does. */
export interface PeeringRouteVerdict {
  readonly route: ModelResource;
  readonly pcx: ModelResource;
  /** `ok`, `transitive` (destination outside the peer), `edge` (relies on a gateway of the peer), `unknown`. */
  readonly kind: 'ok' | 'transitive' | 'edge' | 'unknown';
  readonly peer?: ModelResource;
  readonly gateway?: ModelResource;
  readonly why: string;
}

const EDGE_TARGETS = ['GatewayId', 'NatGatewayId', 'VpcEndpointId'];

/** The route of `peer` that would carry `route`'s traffic to an internet, NAT, VPN gateway or gateway endpoint. */
function edgeRouteOf(model: NetworkModel, peer: ModelResource, route: ModelResource): ModelResource | undefined {
  const dest = routeDestination(route);
  for (const table of model.routeTablesOf(peer)) {
    for (const r of model.routesOf(table)) {
      if (!EDGE_TARGETS.some((t) => r.properties[t] !== undefined)) {
        continue;
      }
      const d = routeDestination(r);
      // The peer's default route claims only a default route: a more specific destination is transitive routing.
      const specific = d.cidr && (d.cidr.prefixLength > 0 || dest.cidr?.prefixLength === 0);
      if (dest.cidr && d.cidr && specific && containedIn(dest.cidr, [d.cidr])) {
        return r;
      }
    }
  }
  if (dest.prefixList !== undefined) {
    // A prefix-list destination (an AWS service) through the peer: reachable only through the peer's gateway endpoint.
    return model
      .ofType('AWS::EC2::VPCEndpoint')
      .find((e) => model.vpcOf(e) === peer && (e.properties.VpcEndpointType ?? 'Gateway') === 'Gateway');
  }
  return undefined;
}

/** Classifies every route whose target is a peering connection of the app. */
export function peeringRoutes(model: NetworkModel): PeeringRouteVerdict[] {
  return model.memo('peeringRoutes', () => classify(model));
}

function classify(model: NetworkModel): PeeringRouteVerdict[] {
  const out: PeeringRouteVerdict[] = [];
  for (const route of model.ofType('AWS::EC2::Route')) {
    const pcx = model.target(route, 'VpcPeeringConnectionId', 'AWS::EC2::VPCPeeringConnection');
    if (!pcx) {
      continue;
    }
    const { vpc } = vpcOfRoute(model, route);
    const sides = [model.vpcOf(pcx), model.vpcOf(pcx, 'PeerVpcId')];
    if (!vpc || !sides[0] || !sides[1]) {
      out.push({
        route,
        pcx,
        kind: 'unknown',
        why: 'the route table or a side of the connection is not defined in this app',
      });
      continue;
    }
    const peer = vpc === sides[0] ? sides[1] : vpc === sides[1] ? sides[0] : undefined;
    if (!peer) {
      out.push({ route, pcx, kind: 'transitive', why: 'the route table is in neither VPC of the connection' });
      continue;
    }
    const dest = routeDestination(route);
    const cidrs = model.vpcCidrs(peer);
    const peerBlocks = dest.cidr?.family === 'ipv6' ? cidrs.ipv6 : cidrs.ipv4;
    if (dest.cidr && containedIn(dest.cidr, peerBlocks)) {
      out.push({ route, pcx, peer, kind: 'ok', why: '' });
      continue;
    }
    const gatewayRoute = edgeRouteOf(model, peer, route);
    if (gatewayRoute) {
      out.push({
        route,
        pcx,
        peer,
        kind: 'edge',
        gateway: gatewayRoute,
        why: `destination ${dest.text} leaves the peer VPC through ${NetworkModel.describe(gatewayRoute)}`,
      });
    } else if (!dest.cidr) {
      out.push({ route, pcx, peer, kind: 'unknown', why: `destination ${dest.text} is not known at synth` });
    } else if (cidrs.incomplete) {
      out.push({ route, pcx, peer, kind: 'unknown', why: 'a CIDR block of the peer VPC is not known at synth' });
    } else {
      out.push({
        route,
        pcx,
        peer,
        kind: 'transitive',
        why: `destination ${dest.text} lies outside every block of the peer VPC`,
      });
    }
  }
  return out;
}
