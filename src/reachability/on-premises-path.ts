/*
 * Packets between the app's VPCs and an on-premises network behind a site-to-site VPN or Direct Connect. From the
 * VPC side the routing layer finds the way out (a route, static or propagated, to a virtual private gateway; a
 * transit gateway route to a VPN or Direct Connect attachment). This module checks the other direction, the way in
 * from on premises, by the connection the VPC's routes lead to:
 * - a virtual private gateway delivers into its VPC; over Direct Connect, on premises learns only the gateway
 *   association's allowed prefixes, so they must cover the VPC address, and the packet comes over a private virtual
 *   interface of the Direct Connect gateway (a transit virtual interface for a transit gateway);
 * - a transit gateway's VPN or Direct Connect attachment: the packet is routed by the transit gateway route table
 *   associated with that attachment (its segment), then into the VPC by the attachment subnet's route table; over
 *   Direct Connect, the association's allowed prefixes must cover the address.
 * No aws-cdk-lib here.
 *
 * https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNRoutingTypes.html (route propagation, static and BGP routes)
 * https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html (allowed prefixes)
 * https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpn-attachments.html
 */
import { forwardPath, ForwardPath, Hop, throughTgw, ExplanationCode } from './forward-path';
import { allTgwTables, nameOf, onPremisesOfVpnGateway, subnetBlocks } from './routing';
import { ParsedCidr, parsedContains, parsedOverlap } from '../cidr/ip';
import { literalCidr, ModelResource, NetworkModel } from '../guard/model/core';

/** The way in from on premises to a subnet: reachable, blocked (with the code) or undetermined. */
export interface OnPremisesLeg {
  readonly status: 'reachable' | 'blocked' | 'undetermined';
  readonly code?: ExplanationCode;
  readonly reason?: string;
  readonly hops: Hop[];
}

const DX_ASSOCIATION = 'AWS::DirectConnect::DirectConnectGatewayAssociation';

/**
 * The way in from `onPremises` to `subnet`, by the connection that `out` (the routing path from the subnet to the
 * on-premises block) leaves by. `undefined` when `out` leaves by something else (an internet gateway): nothing is
 * checked then.
 */
export function onPremisesLeg(
  model: NetworkModel,
  out: ForwardPath,
  subnet: ModelResource,
  onPremises: ParsedCidr,
): OnPremisesLeg | undefined {
  const gw = out.deliveredTo?.gateway;
  if (!gw) return undefined;
  const address = subnetBlocks(subnet).find((b) => b.family === onPremises.family) ?? subnetBlocks(subnet)[0];
  if (!address) return { status: 'undetermined', reason: `the block of ${nameOf(subnet)}`, hops: [] };
  if (gw.type === 'AWS::EC2::VPNGateway') return viaVpnGateway(model, gw, address, onPremises);
  // Out of a transit gateway by an attachment that leads out of the app (VPN, Direct Connect, Connect).
  if (out.hops[out.hops.length - 1]?.kind === 'transit-gateway-attachment') {
    return viaTransitGateway(model, gw, out, subnet, address);
  }
  return undefined;
}

function viaVpnGateway(
  model: NetworkModel,
  vgw: ModelResource,
  address: ParsedCidr,
  onPremises: ParsedCidr,
): OnPremisesLeg {
  const hop: Hop = { kind: 'gateway', resource: vgw, path: vgw.path, route: `from ${onPremises.canonical}` };
  const networks = onPremisesOfVpnGateway(model, vgw);
  // The connections the on-premises block is behind; none known: every connection of the gateway may carry it.
  const behind = [...new Set(networks.known.filter((n) => parsedOverlap(n.cidr, onPremises)).map((n) => n.side))];
  const sides = behind.length > 0 ? behind : networks.sides;
  if (sides.length === 0) {
    return {
      status: 'undetermined',
      reason: `the connection of ${nameOf(vgw)} to ${onPremises.canonical} (no VPN connection or Direct Connect association of the gateway is in the app)`,
      hops: [hop],
    };
  }
  let refusal: OnPremisesLeg | undefined;
  for (const side of sides) {
    const ok = side.type === DX_ASSOCIATION ? allowedCovers(side, address) : { covers: true as const };
    const vifs = side.type === DX_ASSOCIATION ? virtualInterfaces(model, side, 'private') : { hops: [] };
    if (ok.covers === true && 'why' in vifs) {
      refusal ??= { status: 'undetermined', reason: vifs.why, hops: [hop] };
      continue;
    }
    if (ok.covers === true) {
      return {
        status: 'reachable',
        hops: [...(vifs as { hops: Hop[] }).hops, { ...hop, route: `from ${onPremises.canonical} by ${nameOf(side)}` }],
      };
    }
    refusal ??=
      ok.covers === undefined
        ? { status: 'undetermined', reason: ok.why, hops: [hop] }
        : { status: 'blocked', code: 'NO_ROUTE', reason: ok.why, hops: [hop] };
  }
  return refusal!;
}

/**
 * The virtual interfaces on premises reaches a Direct Connect gateway association's gateway by: the private (or
 * transit) virtual interfaces of the Direct Connect gateway, when the gateway is in the app. An imported gateway's
 * interfaces are outside the app: nothing to show, nothing decided. A gateway of the app without such an interface
 * in the app may get one from another account (an interface owner associates it): undetermined.
 */
function virtualInterfaces(
  model: NetworkModel,
  association: ModelResource,
  kind: 'private' | 'transit',
): { hops: Hop[] } | { why: string } {
  const gateway = model.target(association, 'DirectConnectGatewayId', 'AWS::DirectConnect::DirectConnectGateway');
  if (!gateway) return { hops: [] };
  const type =
    kind === 'private' ? 'AWS::DirectConnect::PrivateVirtualInterface' : 'AWS::DirectConnect::TransitVirtualInterface';
  const vifs = model.referrers(type, 'DirectConnectGatewayId', gateway);
  if (vifs.length === 0) {
    return {
      why: `the ${kind} virtual interfaces of ${nameOf(gateway)} (none in the app: on premises reaches the gateway by an interface made elsewhere, if any)`,
    };
  }
  const names = vifs.map((v) => nameOf(v)).join(', ');
  return {
    hops: [{ kind: 'gateway', resource: gateway, path: gateway.path, route: `from on premises over ${names}` }],
  };
}

/**
 * Whether a Direct Connect gateway association advertises an address on premises: its allowed prefixes must cover
 * it (a prefix the same as or wider than the address's block).
 */
function allowedCovers(
  association: ModelResource,
  address: ParsedCidr,
): { covers: true } | { covers: false | undefined; why: string } {
  const raw = association.properties.AllowedPrefixesToDirectConnectGateway;
  const list = Array.isArray(raw) ? raw : [];
  const prefixes = list.map((v) => literalCidr(v));
  if (prefixes.some((p) => p !== undefined && parsedContains(p, address))) return { covers: true };
  if (!Array.isArray(raw) || prefixes.some((p) => p === undefined)) {
    return { covers: undefined, why: `the allowed prefixes of ${nameOf(association)}` };
  }
  const shown = prefixes.map((p) => p!.canonical).join(', ') || 'none';
  return {
    covers: false,
    why: `on premises learns no route to ${address.canonical}: the allowed prefixes of ${nameOf(association)} (${shown}) do not cover it (Direct Connect advertises only the allowed prefixes)`,
  };
}

function viaTransitGateway(
  model: NetworkModel,
  attachment: ModelResource,
  out: ForwardPath,
  subnet: ModelResource,
  address: ParsedCidr,
): OnPremisesLeg {
  const hops: Hop[] = [
    { kind: 'transit-gateway-attachment', resource: attachment, path: attachment.path, route: 'from on premises' },
  ];
  // The transit gateway: the one whose route table sent the packet out to this attachment.
  const tableHop = [...out.hops].reverse().find((h) => h.kind === 'transit-gateway-route-table');
  const table = allTgwTables(model).find((t) => t.resource !== undefined && t.resource.key === tableHop?.resource?.key);
  if (!table?.tgwId) {
    return { status: 'undetermined', reason: `the transit gateway of ${nameOf(attachment)}`, hops };
  }
  // Direct Connect: on premises learns the association's allowed prefixes only. The attachment stands for the
  // association's (CloudFormation returns no attachment id: HubTransitGateway looks it up with a custom resource that
  // DependsOn the association, which is how the association is found here).
  const associations = model
    .ofType(DX_ASSOCIATION)
    .filter((a) => a.stack.path === attachment.stack.path && attachment.dependsOn.includes(a.logicalId));
  for (const a of associations) {
    const ok = allowedCovers(a, address);
    if (ok.covers === false) return { status: 'blocked', code: 'NO_ROUTE', reason: ok.why, hops };
    if (ok.covers === undefined) return { status: 'undetermined', reason: ok.why, hops };
    const vifs = virtualInterfaces(model, a, 'transit');
    if ('why' in vifs) return { status: 'undetermined', reason: vifs.why, hops };
    hops.unshift(...vifs.hops);
  }
  const step = throughTgw(model, attachment, table.tgwId, undefined, address, hops, new Set());
  if ('end' in step) {
    const end = step.end;
    if (end.status === 'delivered') {
      return {
        status: 'blocked',
        code: 'TGW_NO_ROUTE',
        reason: `the transit gateway sends ${address.canonical} from ${nameOf(attachment)} out by ${end.deliveredTo?.gateway ? nameOf(end.deliveredTo.gateway) : 'another attachment'}, not to the VPC`,
        hops,
      };
    }
    return end.status === 'dropped'
      ? { status: 'blocked', code: end.code, reason: end.reason, hops }
      : { status: 'undetermined', reason: end.reason, hops };
  }
  // Into the VPC by the attachment subnet's route table.
  const inside = forwardPath(model, step.subnet, address.canonical);
  hops.push(...inside.hops.slice(1));
  if (inside.status === 'undetermined') return { status: 'undetermined', reason: inside.reason, hops };
  if (inside.status === 'dropped') return { status: 'blocked', code: inside.code, reason: inside.reason, hops };
  const vpc = model.vpcOf(subnet);
  if (inside.deliveredTo?.vpc?.key !== vpc?.key) {
    return {
      status: 'blocked',
      code: 'NO_ROUTE',
      reason: `from the attachment subnet ${nameOf(step.subnet)} the packet to ${address.canonical} does not reach ${vpc ? nameOf(vpc) : 'its VPC'}`,
      hops,
    };
  }
  return { status: 'reachable', hops };
}
