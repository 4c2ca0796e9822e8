import {
  associatedTable,
  attachmentSubnets,
  ingressSubnet,
  isVpcAttachment,
  lookupService,
  lookupTgw,
  lookupVpc,
  nameOf,
  parseDestination,
  peeringOtherSide,
  RouteTableView,
  subnetBlocks,
  subnetTable,
  TgwTableView,
  vpcAttachment,
} from './routing';
import { ParsedCidr, parsedContains } from '../cidr/ip';
import { ModelResource, NetworkModel } from '../guard/model/core';

/**
 * Why a flow is blocked, in the style of Reachability Analyzer's explanation codes: the routing layer's (`NO_ROUTE`
 * to `TGW_ATTACHMENT_AZ`, which `forwardPath` gives), the filtering layers' (`SECURITY_GROUP_*`, `NACL_*`, which
 * `evaluateFlow` gives; a network ACL that drops the reply is `NACL_EGRESS` at the destination subnet or
 * `NACL_INGRESS` at the source subnet, with a reason that says it is the reply), `RETURN_PATH` (the reply is not
 * routed back to the source subnet, or returns by another transit gateway or peering connection), and `NOT_THROUGH`
 * (the intent layer's: the path does not enter a required VPC).
 */
export type ExplanationCode =
  | 'NO_ROUTE'
  | 'BLACKHOLE_ROUTE'
  | 'PEERING_NOT_TRANSITIVE'
  | 'TGW_NO_ROUTE'
  | 'TGW_BLACKHOLE'
  | 'TGW_ATTACHMENT_AZ'
  | 'SECURITY_GROUP_EGRESS'
  | 'SECURITY_GROUP_INGRESS'
  | 'NACL_EGRESS'
  | 'NACL_INGRESS'
  | 'RETURN_PATH'
  | 'NOT_THROUGH'
  /** PrivateLink: the Network Load Balancer has no listener for the protocol and port. */
  | 'NO_LISTENER'
  /** Client VPN: no authorization rule of the endpoint admits the users' group to the destination. */
  | 'CLIENT_VPN_NOT_AUTHORIZED';

/** What a hop of a path is. */
export type HopKind =
  | 'subnet'
  | 'route-table'
  | 'peering'
  | 'transit-gateway-attachment'
  | 'transit-gateway-route-table'
  | 'gateway'
  | 'middlebox'
  | 'security-group'
  | 'network-acl'
  /** PrivateLink: the endpoint service, its Network Load Balancer, the listener and the target group. */
  | 'endpoint-service'
  | 'load-balancer'
  | 'listener'
  | 'target-group'
  /** Client VPN: the endpoint (its authorization rule and route). */
  | 'client-vpn-endpoint';

/** One hop of a path: the resource, its construct path and the route used there. */
export interface Hop {
  readonly kind: HopKind;
  /** The resource, when it is in the app (the main route table is not). */
  readonly resource?: ModelResource;
  /** The construct path of the resource (or how the hop is named when it has none). */
  readonly path: string;
  /** The route used at this hop, as text (for a filter: the rule that allows the packet, or why none does). */
  readonly route?: string;
  /** For a filter: the direction it is checked in (a security group's or network ACL's egress or ingress). */
  readonly direction?: 'egress' | 'ingress';
  /** A hop of the reply (from the destination back to the source), not of the request. */
  readonly reply?: boolean;
}

/** Where a delivered packet arrives. */
export interface Delivery {
  readonly vpc?: ModelResource;
  /** The subnet holding the destination, when one subnet holds all of it. */
  readonly subnet?: ModelResource;
  /** The gateway, endpoint or attachment a packet leaving the app's VPCs goes to (internet, AWS service, VPN). */
  readonly gateway?: ModelResource;
}

/** The forward path of one packet at the routing layer. */
export interface ForwardPath {
  readonly status: 'delivered' | 'dropped' | 'undetermined';
  readonly hops: Hop[];
  /** For `dropped`. */
  readonly code?: ExplanationCode;
  /** Why it is dropped, or which value is not known at synth (or the middlebox it stops at). */
  readonly reason?: string;
  readonly deliveredTo?: Delivery;
  /** Network interfaces and Gateway Load Balancer endpoints the path goes to; it is not followed past them. */
  readonly middleboxes: Hop[];
}

/** The hops a path may take before it is taken to loop. */
const MAX_HOPS = 64;

/**
 * The forward path from a subnet to a destination (an address, a CIDR block, or an AWS service name such as
 * `com.amazonaws.us-east-1.s3`) at the routing layer: the subnet's route table by longest-prefix match, peering
 * (delivered only into the peer's blocks), transit gateways (the route table of the ingress attachment, the AZs of
 * the attachments, the route table of the attachment subnet entering a VPC), gateways and middleboxes.
 */
export function forwardPath(model: NetworkModel, sourceSubnet: ModelResource, destination: string): ForwardPath {
  const service = /^com\.amazonaws\./.test(destination) ? destination : undefined;
  const dest = service ? undefined : parseDestination(destination);
  const source = subnetBlocks(sourceSubnet);
  const hops: Hop[] = [{ kind: 'subnet', resource: sourceSubnet, path: sourceSubnet.path }];
  const middleboxes: Hop[] = [];
  const visited = new Set<string>();
  const end = (status: ForwardPath['status'], more: Partial<ForwardPath> = {}): ForwardPath => ({
    status,
    hops,
    middleboxes,
    ...more,
  });
  const dropped = (code: ExplanationCode, reason: string) => end('dropped', { code, reason });
  const undetermined = (reason: string) => end('undetermined', { reason });

  let subnet = sourceSubnet;
  let vpc = model.vpcOf(sourceSubnet);
  /** Whether the packet's source address is one of the current VPC's (false once it entered from a TGW). */
  let ownSource = true;
  for (let step = 0; step < MAX_HOPS; step++) {
    if (!vpc) return undetermined(`the VPC of ${nameOf(subnet)}`);
    const st = subnetTable(model, subnet);
    if (!st.table) return undetermined(st.why!);
    const table: RouteTableView = st.table;
    const looked = dest ? lookupVpc(model, table, dest) : lookupService(table, service!);
    const route = looked.route;
    hops.push({
      kind: 'route-table',
      resource: table.resource,
      path: table.resource?.path ?? table.name,
      route: route?.text,
    });
    if (visited.has(`vpc:${table.key}`)) return dropped('NO_ROUTE', `the path loops back to ${table.name}`);
    visited.add(`vpc:${table.key}`);
    if (looked.undetermined) return undetermined(looked.undetermined);
    if (!route) {
      return dropped('NO_ROUTE', `${table.name} has no route to ${dest?.canonical ?? service}`);
    }
    if (route.blackhole) return dropped('BLACKHOLE_ROUTE', `${route.text}: ${route.blackhole}`);
    const target = route.target;
    switch (target.kind) {
      case 'local': {
        const into = deliveredIn(model, vpc, dest!);
        return end('delivered', { deliveredTo: { vpc, subnet: into } });
      }
      case 'unknown':
        return undetermined(target.why!);
      case 'internet-gateway':
      case 'egress-only-gateway':
      case 'vpn-gateway':
      case 'gateway-endpoint':
        hops.push({ kind: 'gateway', resource: target.resource, path: target.resource!.path });
        return end('delivered', { deliveredTo: { gateway: target.resource } });
      case 'middlebox': {
        const name = target.resource ? target.resource.path : target.why!;
        const hop: Hop = { kind: 'middlebox', resource: target.resource, path: name };
        hops.push(hop);
        middleboxes.push(hop);
        return undetermined(
          `the path goes to the middlebox ${target.resource ? nameOf(target.resource) : name}, not followed further`,
        );
      }
      case 'nat-gateway': {
        const nat = target.resource!;
        hops.push({ kind: 'gateway', resource: nat, path: nat.path });
        const natSubnet = model.target(nat, 'SubnetId', 'AWS::EC2::Subnet');
        if (!natSubnet) return undetermined(`the subnet of ${nameOf(nat)}`);
        // The NAT gateway translates the source to its own address and sends the packet by its subnet's table.
        subnet = natSubnet;
        vpc = model.vpcOf(natSubnet);
        ownSource = true;
        continue;
      }
      case 'peering': {
        const pcx = target.resource!;
        hops.push({ kind: 'peering', resource: pcx, path: pcx.path, route: route.text });
        const a = model.vpcOf(pcx);
        const b = model.vpcOf(pcx, 'PeerVpcId');
        const peer = a?.key === vpc.key ? b : a;
        if (!peer) return undetermined(`the peer VPC of ${nameOf(pcx)}`);
        if (!dest) {
          return dropped(
            'PEERING_NOT_TRANSITIVE',
            `${nameOf(pcx)} does not carry traffic to ${service} (edge to edge)`,
          );
        }
        if (!ownSource) {
          return dropped(
            'PEERING_NOT_TRANSITIVE',
            `the source is not in ${nameOf(vpc)}: ${nameOf(pcx)} carries only traffic between the two VPCs`,
          );
        }
        const blocks = model.vpcCidrs(peer);
        if (![...blocks.ipv4, ...blocks.ipv6].some((c) => parsedContains(c, dest))) {
          if (blocks.incomplete) return undetermined(`a block of ${nameOf(peer)}`);
          return dropped(
            'PEERING_NOT_TRANSITIVE',
            `${dest.canonical} is not in ${nameOf(peer)}: ${nameOf(pcx)} delivers only to the peer VPC's blocks (no transitive or edge-to-edge routing)`,
          );
        }
        return end('delivered', { deliveredTo: { vpc: peer, subnet: deliveredIn(model, peer, dest) } });
      }
      case 'transit-gateway': {
        const att = vpcAttachment(model, vpc, target.id!);
        if (!att) {
          if (!target.resource) return undetermined(`the transit gateway of ${route.text}`);
          return dropped('BLACKHOLE_ROUTE', `${route.text}: ${nameOf(vpc)} has no attachment to the transit gateway`);
        }
        hops.push({ kind: 'transit-gateway-attachment', resource: att, path: att.path });
        const azOk = attachmentReachesAz(model, att, model.azOf(subnet));
        if (azOk === false) {
          return dropped(
            'TGW_ATTACHMENT_AZ',
            `${nameOf(att)} has no subnet in the Availability Zone of ${nameOf(subnet)}: traffic from that AZ does not reach the transit gateway`,
          );
        }
        if (!dest) return undetermined(`the route of ${service} beyond the transit gateway`);
        const result = throughTgw(model, att, target.id!, model.azOf(subnet), dest, hops, visited);
        if ('end' in result) {
          const r = result.end;
          return r.status === 'dropped' ? dropped(r.code!, r.reason!) : end(r.status, r);
        }
        subnet = result.subnet;
        vpc = model.vpcOf(subnet);
        ownSource = source.some((c) => vpc !== undefined && inVpc(model, vpc, c));
        continue;
      }
    }
  }
  return dropped('NO_ROUTE', `the path takes more than ${MAX_HOPS} hops (a loop)`);
}

/** Whether a VPC attachment has a subnet in an AZ: `undefined` when not known. */
export function attachmentReachesAz(
  model: NetworkModel,
  att: ModelResource,
  az: string | undefined,
): boolean | undefined {
  const { azs, unknownAz } = attachmentSubnets(model, att);
  if (az === undefined) return undefined;
  if (azs.has(az)) return true;
  return unknownAz ? undefined : false;
}

export type TgwStep = { end: Partial<ForwardPath> & { status: ForwardPath['status'] } } | { subnet: ModelResource };

/**
 * A packet through a transit gateway, from the ingress attachment (a VPC attachment, or a VPN or Direct Connect
 * attachment for traffic from on premises) until it enters a VPC (or ends).
 */
export function throughTgw(
  model: NetworkModel,
  ingress: ModelResource,
  tgwId: string,
  az: string | undefined,
  dest: ParsedCidr,
  hops: Hop[],
  visited: Set<string>,
): TgwStep {
  let att = ingress;
  let tgw: string | undefined = tgwId;
  for (let step = 0; step < MAX_HOPS; step++) {
    const assoc = associatedTable(model, att, tgw);
    if (!assoc.table) {
      if (assoc.why) return { end: { status: 'undetermined', reason: assoc.why } };
      return {
        end: {
          status: 'dropped',
          code: 'TGW_NO_ROUTE',
          reason: `${nameOf(att)} is associated with no transit gateway route table`,
        },
      };
    }
    const table: TgwTableView = assoc.table;
    const looked = lookupTgw(table, dest);
    hops.push({
      kind: 'transit-gateway-route-table',
      resource: table.resource,
      path: table.resource?.path ?? table.name,
      route: looked.route?.text,
    });
    if (visited.has(`tgw:${table.key}:${att.key}`)) {
      return { end: { status: 'dropped', code: 'NO_ROUTE', reason: `the path loops back to ${table.name}` } };
    }
    visited.add(`tgw:${table.key}:${att.key}`);
    if (looked.undetermined) return { end: { status: 'undetermined', reason: looked.undetermined } };
    const route = looked.route;
    if (!route) {
      return {
        end: { status: 'dropped', code: 'TGW_NO_ROUTE', reason: `${table.name} has no route to ${dest.canonical}` },
      };
    }
    if (route.blackhole) {
      return { end: { status: 'dropped', code: 'TGW_BLACKHOLE', reason: `${route.text} drops ${dest.canonical}` } };
    }
    const next = route.attachment;
    if (!next) return { end: { status: 'undetermined', reason: `the attachment of ${route.text}` } };
    hops.push({ kind: 'transit-gateway-attachment', resource: next, path: next.path, route: route.text });
    if (isVpcAttachment(next)) {
      const subnet = ingressSubnet(model, next, az);
      if (!subnet) return { end: { status: 'undetermined', reason: `the subnets of ${nameOf(next)}` } };
      hops.push({ kind: 'subnet', resource: subnet, path: subnet.path });
      return { subnet };
    }
    if (next.type === 'AWS::EC2::TransitGatewayPeeringAttachment') {
      const other = peeringOtherSide(model, next, table.tgwId);
      if (!other) return { end: { status: 'undetermined', reason: `the peer transit gateway of ${nameOf(next)}` } };
      att = next;
      tgw = other;
      az = undefined;
      continue;
    }
    // A VPN, Direct Connect or Connect attachment: the packet leaves the app.
    return { end: { status: 'delivered', deliveredTo: { gateway: next } } };
  }
  return { end: { status: 'dropped', code: 'NO_ROUTE', reason: `the path takes more than ${MAX_HOPS} hops (a loop)` } };
}

function inVpc(model: NetworkModel, vpc: ModelResource, c: ParsedCidr): boolean {
  const blocks = model.vpcCidrs(vpc);
  return [...blocks.ipv4, ...blocks.ipv6].some((b) => parsedContains(b, c));
}

/** The subnet of a VPC that holds the whole destination, if one does. */
function deliveredIn(model: NetworkModel, vpc: ModelResource, dest: ParsedCidr): ModelResource | undefined {
  return model
    .subnetsOf(vpc)
    .filter((s) => subnetBlocks(s).some((b) => parsedContains(b, dest)))
    .sort((a, b) => a.path.localeCompare(b.path))[0];
}
