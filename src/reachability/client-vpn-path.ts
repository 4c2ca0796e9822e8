/*
 * Client VPN users as the source of an intent: the endpoint's authorization rules and routes decide whether a
 * packet enters the VPC, then the endpoint's network interface in an associated subnet sends it on (source NAT), its
 * security groups applying. No aws-cdk-lib here.
 *
 * https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-working-rules.html (authorization: longest prefix
 * first, `0.0.0.0/0` last), https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-working-routes.html (routes
 * through a target subnet; the VPC's own route when a subnet is associated).
 */
import type { Hop } from './forward-path';
import type { IntentEndpointRecord } from './intent-records';
import { nameOf } from './routing';
import { ParsedCidr, parsedContains } from '../cidr/ip';
import { literal, literalBool, literalCidr, ModelResource, NetworkModel } from '../guard/model/core';

/** A Client VPN endpoint of the app, as an intent's source. */
export interface ClientVpnSource {
  readonly endpoint: ModelResource;
  /** The associated subnets, by construct path: where the users' traffic enters the VPC. */
  readonly subnets: ModelResource[];
  /** The endpoint's security groups (egress at the network interface). */
  readonly groups: ModelResource[];
  readonly groupId?: string;
}

/** Whether a packet of the users to a destination block enters the VPC by one associated subnet. */
export interface ClientVpnAdmission {
  readonly status: 'admitted' | 'partly' | 'refused' | 'undetermined';
  /** `CLIENT_VPN_NOT_AUTHORIZED` (no authorization rule admits the group) or `NO_ROUTE` (no route of the endpoint). */
  readonly code?: 'CLIENT_VPN_NOT_AUTHORIZED' | 'NO_ROUTE';
  readonly reason?: string;
  /** The endpoint as a hop: the authorization rule and the route used, or why none. */
  readonly hop: Hop;
}

interface Rule {
  readonly resource: ModelResource;
  readonly cidr?: ParsedCidr;
  readonly allGroups: boolean;
  /** `undefined` with `allGroups` false: the group is not known at synth. */
  readonly group?: string;
}

/** The endpoint, its associated subnets and security groups, or why they are not known. */
export function clientVpnSource(model: NetworkModel, e: IntentEndpointRecord): ClientVpnSource | { why: string } {
  const at = e.clientVpn ? `${e.clientVpn.stack}|${e.clientVpn.logicalId}` : e.text;
  return model.memo(`reach:cvpnSource:${at}:${e.groupId ?? ''}`, () => readSource(model, e));
}

function readSource(model: NetworkModel, e: IntentEndpointRecord): ClientVpnSource | { why: string } {
  const ref = e.clientVpn;
  const endpoint = ref ? model.get(`${ref.stack}|${ref.logicalId}`) : undefined;
  if (!ref || !endpoint) return { why: `the Client VPN endpoint of ${e.text} (not in the app's templates)` };
  const subnets: ModelResource[] = [];
  for (const a of model.referrers('AWS::EC2::ClientVpnTargetNetworkAssociation', 'ClientVpnEndpointId', endpoint)) {
    const s = model.target(a, 'SubnetId', 'AWS::EC2::Subnet');
    if (!s) return { why: `the subnet of ${nameOf(a)} (not in the app's templates)` };
    if (!subnets.some((x) => x.key === s.key)) subnets.push(s);
  }
  if (subnets.length === 0) {
    return { why: `the associated subnets of ${nameOf(endpoint)} (it has no target network association in the app)` };
  }
  const raw = endpoint.properties.SecurityGroupIds;
  const groups: ModelResource[] = [];
  for (const v of Array.isArray(raw) ? raw : []) {
    const g = model.ref(v, endpoint);
    if (g?.type !== 'AWS::EC2::SecurityGroup') {
      return { why: `a security group of ${nameOf(endpoint)} (${literal(v) ?? 'a value'} not in the app)` };
    }
    groups.push(g);
  }
  // Without SecurityGroupIds AWS applies the VPC's default security group, which a template does not describe.
  if (groups.length === 0) return { why: `the security groups of ${nameOf(endpoint)} (the VPC's default group)` };
  subnets.sort((a, b) => a.path.localeCompare(b.path));
  return { endpoint, subnets, groups, groupId: e.groupId };
}

function rulesOf(model: NetworkModel, endpoint: ModelResource): Rule[] {
  return model.memo(`reach:cvpnRules:${endpoint.key}`, () =>
    model.referrers('AWS::EC2::ClientVpnAuthorizationRule', 'ClientVpnEndpointId', endpoint).map((r) => ({
      resource: r,
      cidr: literalCidr(r.properties.TargetNetworkCidr),
      allGroups: literalBool(r.properties.AuthorizeAllGroups) === true,
      group: literal(r.properties.AccessGroupId),
    })),
  );
}

/**
 * Whether the users' packets to `destination` enter the VPC through `subnet`: an authorization rule for their group
 * (per address, the most specific rules covering it decide) and a route of the endpoint through the subnet.
 */
export function clientVpnAdmission(
  model: NetworkModel,
  source: ClientVpnSource,
  subnet: ModelResource,
  destination: ParsedCidr | undefined,
): ClientVpnAdmission {
  const { endpoint } = source;
  const hop = (route: string): Hop => ({ kind: 'client-vpn-endpoint', resource: endpoint, path: endpoint.path, route });
  if (!destination || destination.family !== 'ipv4') {
    return {
      status: 'refused',
      code: 'NO_ROUTE',
      reason: `${nameOf(endpoint)} routes IPv4 only, and the destination has no IPv4 block`,
      hop: hop('no IPv4 destination'),
    };
  }
  const who = source.groupId === undefined ? 'users of no group' : `group '${source.groupId}'`;
  const rules = rulesOf(model, endpoint);
  const unknownCidr = rules.find((r) => !r.cidr);
  if (unknownCidr) {
    return {
      status: 'undetermined',
      reason: `the TargetNetworkCidr of ${nameOf(unknownCidr.resource)}`,
      hop: hop('authorization not known at synth'),
    };
  }
  // The networks whose addresses one set of rules decides: the destination, and each rule's network inside it.
  const networks = [destination];
  for (const r of rules) {
    if (r.cidr!.prefixLength > destination.prefixLength && parsedContains(destination, r.cidr!)) {
      if (!networks.some((n) => n.canonical === r.cidr!.canonical)) networks.push(r.cidr!);
    }
  }
  let allowed = 0;
  let shown: string | undefined;
  for (const n of networks) {
    const covering = rules.filter((r) => parsedContains(r.cidr!, n));
    if (covering.length === 0) continue;
    const longest = Math.max(...covering.map((r) => r.cidr!.prefixLength));
    const top = covering.filter((r) => r.cidr!.prefixLength === longest);
    const admits = top.find((r) => r.allGroups || (source.groupId !== undefined && r.group === source.groupId));
    if (admits) {
      allowed++;
      shown ??= `authorized by ${nameOf(admits.resource)} (${admits.cidr!.canonical}, ${admits.allGroups ? 'all groups' : `group '${admits.group}'`})`;
      continue;
    }
    const unknownGroup = top.find((r) => !r.allGroups && r.group === undefined);
    if (unknownGroup) {
      return {
        status: 'undetermined',
        reason: `the AccessGroupId of ${nameOf(unknownGroup.resource)}`,
        hop: hop('authorization not known at synth'),
      };
    }
  }
  if (allowed === 0) {
    const covering = rules.filter((r) => parsedContains(r.cidr!, destination));
    const why =
      covering.length === 0
        ? `no authorization rule of ${nameOf(endpoint)} covers ${destination.canonical}`
        : `the most specific authorization rules of ${nameOf(endpoint)} covering ${destination.canonical} (${[
            ...new Set(
              covering
                .filter((r) => r.cidr!.prefixLength === Math.max(...covering.map((c) => c.cidr!.prefixLength)))
                .map((r) => (r.allGroups ? 'all groups' : `group '${r.group}'`)),
            ),
          ].join(', ')}) do not admit ${who}`;
    return { status: 'refused', code: 'CLIENT_VPN_NOT_AUTHORIZED', reason: why, hop: hop('not authorized') };
  }
  const partly = allowed < networks.length;
  const route = routeOf(model, endpoint, subnet, destination);
  if ('why' in route) return { status: 'undetermined', reason: route.why, hop: hop(shown!) };
  if (!route.text) {
    return {
      status: 'refused',
      code: 'NO_ROUTE',
      reason: `${nameOf(endpoint)} has no route to ${destination.canonical} through ${nameOf(subnet)}`,
      hop: hop(`${shown!}; no route`),
    };
  }
  return {
    status: partly ? 'partly' : 'admitted',
    ...(partly
      ? {
          code: 'CLIENT_VPN_NOT_AUTHORIZED' as const,
          reason: `a more specific authorization rule of ${nameOf(endpoint)} inside ${destination.canonical} does not admit ${who}`,
        }
      : {}),
    hop: hop(`${shown!}; ${route.text}`),
  };
}

/**
 * The endpoint's route to a destination through one associated subnet: the VPC's blocks (added when the subnet is
 * associated) and its `AWS::EC2::ClientVpnRoute`s to that subnet, longest prefix first.
 */
function routeOf(
  model: NetworkModel,
  endpoint: ModelResource,
  subnet: ModelResource,
  destination: ParsedCidr,
): { text?: string } | { why: string } {
  const candidates: { cidr: ParsedCidr; text: string }[] = [];
  const vpc = model.vpcOf(subnet);
  if (vpc) {
    for (const c of model.vpcCidrs(vpc).ipv4) {
      candidates.push({ cidr: c, text: `route ${c.canonical} -> ${subnet.path} (the VPC's block)` });
    }
  }
  let unknown: string | undefined;
  for (const r of model.referrers('AWS::EC2::ClientVpnRoute', 'ClientVpnEndpointId', endpoint)) {
    const target = model.target(r, 'TargetVpcSubnetId');
    if (!target) {
      unknown ??= `the target subnet of ${nameOf(r)}`;
      continue;
    }
    if (target.key !== subnet.key) continue;
    const cidr = literalCidr(r.properties.DestinationCidrBlock);
    if (!cidr) {
      unknown ??= `the destination of ${nameOf(r)}`;
      continue;
    }
    candidates.push({ cidr, text: `route ${cidr.canonical} -> ${subnet.path} (${nameOf(r)})` });
  }
  const best = candidates
    .filter((c) => parsedContains(c.cidr, destination))
    .sort((a, b) => b.cidr.prefixLength - a.cidr.prefixLength)[0];
  if (!best && unknown) return { why: unknown };
  return { text: best?.text };
}
