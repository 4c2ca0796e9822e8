/*
 * The PrivateLink part of a path (NetworkEndpoint.fromInterfaceEndpoint): behind the interface endpoint's network
 * interfaces, the endpoint service of the app, its Network Load Balancers (a listener on the port; their security
 * groups when they enforce them on PrivateLink traffic) and the targets of each listener's target group (routing and
 * security groups from the load balancer's subnets, on the target group's port). No aws-cdk-lib here.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-share-your-services.html
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html
 */
import { securityGroupLayer } from './filtering';
import { evaluateFlow } from './flow';
import { ExplanationCode, Hop } from './forward-path';
import { IntentEndpointRecord, IntentRecord } from './intent-records';
import { PacketSet, PortSet, PROTOCOL_NUMBERS } from './packets';
import { parseCidrText } from '../cidr/ip';
import { literal, ModelResource, NetworkModel } from '../guard/model/core';

const LB = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
const TARGET_GROUP = 'AWS::ElasticLoadBalancingV2::TargetGroup';
const SG = 'AWS::EC2::SecurityGroup';

/** An interface endpoint of the app, as a destination: its subnets (the network interfaces) and security groups. */
export interface InterfaceEndpointEnds {
  readonly endpoint: ModelResource;
  readonly subnets: ModelResource[];
  readonly groups: ModelResource[];
}

/** The outcome of the part of the path behind the endpoint's network interfaces. */
export interface PrivateLinkLeg {
  readonly status: 'reachable' | 'blocked' | 'undetermined';
  readonly code?: ExplanationCode;
  readonly reason?: string;
  readonly hops: Hop[];
}

function hop(kind: Hop['kind'], r: ModelResource, route?: string): Hop {
  return { kind, resource: r, path: r.path, ...(route ? { route } : {}) };
}

function refs(model: NetworkModel, from: ModelResource, raw: unknown, type: string): (ModelResource | undefined)[] {
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.map((v) => {
    const t = model.ref(v, from);
    return t?.type === type ? t : undefined;
  });
}

/** The endpoint of an `interface-endpoint` record, with its subnets and security groups, or why it is not known. */
export function interfaceEndpointEnds(
  model: NetworkModel,
  e: IntentEndpointRecord,
): InterfaceEndpointEnds | { why: string } {
  const ref = e.endpoint;
  const endpoint = ref ? model.get(`${ref.stack}|${ref.logicalId}`) : undefined;
  if (!ref || !endpoint) return { why: `${e.text} (not in the app's templates)` };
  const type = literal(endpoint.properties.VpcEndpointType) ?? 'Gateway';
  if (type !== 'Interface') {
    return { why: `${e.text}: its VpcEndpointType is ${type}, not Interface` };
  }
  const subnets = refs(model, endpoint, endpoint.properties.SubnetIds, 'AWS::EC2::Subnet');
  if (subnets.length === 0 || subnets.some((s) => s === undefined)) {
    return { why: `the subnets of ${e.text} (SubnetIds not all subnets of the app)` };
  }
  const groups = refs(model, endpoint, endpoint.properties.SecurityGroupIds, SG);
  if (groups.some((g) => g === undefined)) {
    return { why: `the security groups of ${e.text} (SecurityGroupIds not all security groups of the app)` };
  }
  // Without SecurityGroupIds, AWS gives the endpoint the VPC's default security group, which is not in the templates.
  if (groups.length === 0) return { why: `the security group of ${e.text} (the VPC's default security group)` };
  return { endpoint, subnets: subnets as ModelResource[], groups: groups as ModelResource[] };
}

/** The endpoint service the endpoint's `ServiceName` names, `aws` for a service of AWS, or why it is not known. */
function serviceOf(model: NetworkModel, endpoint: ModelResource): ModelResource | 'aws' | { why: string } {
  const raw = endpoint.properties.ServiceName;
  const direct = model.ref(raw, endpoint);
  if (direct?.type === 'AWS::EC2::VPCEndpointService') return direct;
  const join = raw?.['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1])) {
    for (const part of join[1]) {
      const t = model.ref(part, endpoint);
      if (t?.type === 'AWS::EC2::VPCEndpointService') return t;
    }
  }
  const text = literal(raw);
  if (text !== undefined && /^com\.amazonaws\.[a-z0-9-]+\./.test(text) && !text.startsWith('com.amazonaws.vpce.')) {
    return 'aws';
  }
  return {
    why: `the endpoint service of ${endpoint.path} (${endpoint.logicalId}) (${text ?? 'a name'} not an endpoint service of the app)`,
  };
}

/** The listener protocols that carry an intent's protocol. */
function carries(listenerProtocol: string | undefined, protocol: IntentRecord['protocol']): boolean {
  const p = listenerProtocol ?? '';
  if (protocol === 'all') return true;
  if (protocol === 'tcp') return ['TCP', 'TLS', 'TCP_UDP'].includes(p);
  if (protocol === 'udp') return ['UDP', 'TCP_UDP'].includes(p);
  return false;
}

/** The ports an intent asks about (`undefined`: any port). */
function portsOf(record: IntentRecord): [number, number] | undefined {
  if (record.fromPort === undefined && record.toPort === undefined) return undefined;
  return [record.fromPort ?? record.toPort!, record.toPort ?? record.fromPort!];
}

/** The target groups a listener forwards to. */
function targetGroupsOf(model: NetworkModel, listener: ModelResource): (ModelResource | undefined)[] {
  const out: (ModelResource | undefined)[] = [];
  const actions = Array.isArray(listener.properties.DefaultActions) ? listener.properties.DefaultActions : [];
  for (const a of actions) {
    if (a?.TargetGroupArn !== undefined) out.push(...refs(model, listener, a.TargetGroupArn, TARGET_GROUP));
    const forward = a?.ForwardConfig?.TargetGroups;
    if (Array.isArray(forward)) {
      for (const t of forward) out.push(...refs(model, listener, t?.TargetGroupArn, TARGET_GROUP));
    }
  }
  return out;
}

/** A target of a target group: where it is and its security groups. */
interface Target {
  readonly resource: ModelResource;
  readonly subnets: ModelResource[];
  readonly groups: ModelResource[];
  readonly port?: number;
}

/** The targets of a target group in the app, or why they are not known. */
function targetsOf(model: NetworkModel, tg: ModelResource): Target[] | { why: string } {
  const name = `${tg.path} (${tg.logicalId})`;
  const type = literal(tg.properties.TargetType) ?? 'instance';
  const out: Target[] = [];
  const listed = Array.isArray(tg.properties.Targets) ? tg.properties.Targets : [];
  if (type !== 'instance' && listed.length > 0) {
    return { why: `the targets of ${name} (TargetType ${type}: their network interfaces are not in the templates)` };
  }
  for (const t of listed) {
    const instance = model.ref(t?.Id, tg);
    if (instance?.type !== 'AWS::EC2::Instance') {
      return { why: `a target of ${name} (${literal(t?.Id) ?? 'an id'}, not an instance of the app)` };
    }
    const nic = Array.isArray(instance.properties.NetworkInterfaces)
      ? instance.properties.NetworkInterfaces.find((n: any) => `${literal(n?.DeviceIndex) ?? ''}` === '0')
      : undefined;
    const subnet = refs(model, instance, nic?.SubnetId ?? instance.properties.SubnetId, 'AWS::EC2::Subnet')[0];
    const groups = refs(model, instance, nic?.GroupSet ?? instance.properties.SecurityGroupIds, SG);
    if (!subnet || groups.some((g) => g === undefined) || groups.length === 0) {
      return { why: `the subnet or security groups of the target ${instance.path} (${instance.logicalId}) of ${name}` };
    }
    const port = t?.Port === undefined ? undefined : Number(literal(t.Port));
    out.push({ resource: instance, subnets: [subnet], groups: groups as ModelResource[], port });
  }
  for (const asg of model.referrers('AWS::AutoScaling::AutoScalingGroup', 'TargetGroupARNs', tg)) {
    const subnets = refs(model, asg, asg.properties.VPCZoneIdentifier, 'AWS::EC2::Subnet');
    const lt = model.ref(asg.properties.LaunchTemplate?.LaunchTemplateId, asg);
    const data = lt?.type === 'AWS::EC2::LaunchTemplate' ? lt.properties.LaunchTemplateData : undefined;
    const rawGroups = data?.SecurityGroupIds ?? data?.NetworkInterfaces?.[0]?.Groups;
    const groups = lt ? refs(model, lt, rawGroups, SG) : [];
    if (subnets.length === 0 || subnets.some((s) => !s) || groups.length === 0 || groups.some((g) => !g)) {
      return {
        why: `the subnets or security groups of the Auto Scaling group ${asg.path} (${asg.logicalId}) of ${name}`,
      };
    }
    out.push({ resource: asg, subnets: subnets as ModelResource[], groups: groups as ModelResource[] });
  }
  if (out.length === 0) {
    return { why: `the targets of ${name} (none registered in the templates; they may register at run time)` };
  }
  return out;
}

/**
 * The part of an intent's path behind the interface endpoint's network interfaces: the endpoint service, each of its
 * Network Load Balancers, and the targets.
 */
export function privateLinkLeg(model: NetworkModel, endpoint: ModelResource, record: IntentRecord): PrivateLinkLeg {
  const hops: Hop[] = [];
  const undetermined = (why: string): PrivateLinkLeg => ({ status: 'undetermined', reason: why, hops });
  const blocked = (code: ExplanationCode, why: string): PrivateLinkLeg => ({
    status: 'blocked',
    code,
    reason: why,
    hops,
  });
  const service = serviceOf(model, endpoint);
  if (service === 'aws') return { status: 'reachable', hops };
  if ('why' in service) return undetermined(service.why);
  hops.push(hop('endpoint-service', service));
  if (service.properties.GatewayLoadBalancerArns !== undefined) {
    return undetermined(`the Gateway Load Balancers of ${service.path} (an interface endpoint cannot use them)`);
  }
  const nlbs = refs(model, service, service.properties.NetworkLoadBalancerArns, LB);
  if (nlbs.length === 0 || nlbs.some((n) => n === undefined)) {
    return undetermined(`the Network Load Balancers of ${service.path} (${service.logicalId}) (not all in the app)`);
  }
  const every = record.expected === 'reachable';
  const range = portsOf(record);
  // Reachable: through every load balancer and to every target; isolated: through none and to none.
  let firstBlocked: PrivateLinkLeg | undefined;
  for (const nlb of nlbs as ModelResource[]) {
    const leg = nlbLeg(nlb);
    if (leg.status === 'undetermined') return leg;
    if (leg.status === 'blocked' && every) return leg;
    if (leg.status === 'reachable' && !every) return leg;
    firstBlocked ??= leg.status === 'blocked' ? leg : undefined;
  }
  return firstBlocked ?? { status: 'reachable', hops };

  function nlbLeg(nlb: ModelResource): PrivateLinkLeg {
    const nlbName = `${nlb.path} (${nlb.logicalId})`;
    hops.push(hop('load-balancer', nlb));
    const listeners = model
      .referrers(LISTENER, 'LoadBalancerArn', nlb)
      .filter((l) => carries(literal(l.properties.Protocol), record.protocol));
    const ports = new Map<number, ModelResource>();
    for (const l of listeners) {
      const p = Number(literal(l.properties.Port));
      if (!Number.isInteger(p)) return undetermined(`the port of the listener ${l.path} (${l.logicalId})`);
      ports.set(p, l);
    }
    const wanted: number[] = [];
    if (range === undefined) wanted.push(...ports.keys());
    else for (const p of ports.keys()) if (p >= range[0] && p <= range[1]) wanted.push(p);
    const missing =
      range !== undefined && every && range[1] - range[0] < 65535
        ? Array.from({ length: range[1] - range[0] + 1 }, (_, i) => range[0] + i).find((p) => !ports.has(p))
        : undefined;
    if (wanted.length === 0 || missing !== undefined) {
      return blocked(
        'NO_LISTENER',
        `${nlbName} has no ${record.protocol === 'all' ? '' : `${record.protocol.toUpperCase()} `}listener on ${missing ?? record.portText} (its listeners: ${[...ports.keys()].sort((a, b) => a - b).join(', ') || 'none'})`,
      );
    }
    const nlbGroups = refs(model, nlb, nlb.properties.SecurityGroups, SG);
    if (nlbGroups.some((g) => g === undefined)) return undetermined(`the security groups of ${nlbName}`);
    const groups = nlbGroups as ModelResource[];
    const enforce = nlb.properties.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic;
    const enforceText = enforce === undefined ? 'on' : literal(enforce);
    if (groups.length > 0 && enforceText === undefined) {
      return undetermined(`EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic of ${nlbName}`);
    }
    if (groups.length > 0 && enforceText === 'on') {
      // The addresses PrivateLink traffic has at the load balancer are not known at synth: a rule open to every
      // address lets it in, no rule for the port keeps it out, anything else is not known.
      const number = PROTOCOL_NUMBERS[record.protocol];
      const asked =
        number === undefined
          ? PacketSet.ALL
          : PacketSet.of(number, range === undefined ? undefined : PortSet.range(range[0], range[1]));
      const layer = (mode: 'every' | 'some') =>
        securityGroupLayer(model, groups, 'ingress', parseCidrText('0.0.0.0/0'), undefined, mode, () => ({
          valid: true,
        }));
      const all = layer('every');
      const some = layer('some');
      const sgHop: Hop = {
        kind: 'security-group',
        resource: groups[0],
        path: groups[0].path,
        direction: 'ingress',
        route: 'PrivateLink traffic (EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic on)',
      };
      hops.push(sgHop);
      if (some.allowed.union(some.maybe).intersect(asked).empty) {
        return blocked(
          'SECURITY_GROUP_INGRESS',
          `the security groups of ${nlbName} admit no ${record.portText} traffic, and the load balancer enforces their inbound rules on PrivateLink traffic (EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic on). Add an inbound rule for the port, or turn enforcement off`,
        );
      }
      if (!(every ? all.allowed.contains(asked) : !all.allowed.intersect(asked).empty)) {
        return undetermined(
          `whether the security groups of ${nlbName} admit the PrivateLink traffic (its addresses at the load balancer)`,
        );
      }
    }
    const nlbSubnets = refs(
      model,
      nlb,
      nlb.properties.Subnets ??
        (Array.isArray(nlb.properties.SubnetMappings)
          ? nlb.properties.SubnetMappings.map((m: any) => m?.SubnetId)
          : undefined),
      'AWS::EC2::Subnet',
    );
    if (nlbSubnets.length === 0 || nlbSubnets.some((s) => s === undefined)) {
      return undetermined(`the subnets of ${nlbName}`);
    }
    let targetBlocked = false;
    for (const port of wanted.sort((a, b) => a - b)) {
      const listener = ports.get(port)!;
      hops.push(hop('listener', listener, `port ${port}`));
      const tgs = targetGroupsOf(model, listener);
      if (tgs.length === 0 || tgs.some((t) => t === undefined)) {
        return undetermined(`the target group of the listener ${listener.path} (${listener.logicalId})`);
      }
      for (const tg of tgs as ModelResource[]) {
        const tgPort = Number(literal(tg.properties.Port));
        hops.push(hop('target-group', tg, `port ${Number.isInteger(tgPort) ? tgPort : '?'}`));
        const targets = targetsOf(model, tg);
        if ('why' in targets) return undetermined(targets.why);
        for (const t of targets) {
          const targetPort = t.port ?? tgPort;
          if (!Number.isInteger(targetPort)) return undetermined(`the port of the target group ${tg.path}`);
          const protocol = record.protocol === 'udp' || literal(tg.properties.Protocol) === 'UDP' ? 'udp' : 'tcp';
          for (const from of nlbSubnets as ModelResource[]) {
            for (const to of t.subnets) {
              const r = evaluateFlow(model, {
                from,
                to,
                protocol,
                fromPort: targetPort,
                toPort: targetPort,
                sourceGroups: groups.length > 0 ? groups : undefined,
                destinationGroups: t.groups,
                match: every ? 'every' : 'some',
              });
              if (r.status === 'reachable' && !every) return { status: 'reachable', hops: [...hops, ...r.hops] };
              if (r.status === 'undetermined') {
                return undetermined(`${r.reason ?? 'a value'} (from ${nlbName} to ${t.resource.path})`);
              }
              if (r.status === 'blocked' && every) {
                hops.push(...r.hops);
                return blocked(
                  r.code ?? 'NO_ROUTE',
                  `from ${nlbName} to its target ${t.resource.path} (${t.resource.logicalId}) on ${protocol}/${targetPort}: ${r.reason}`,
                );
              }
              if (r.status === 'blocked') targetBlocked = true;
            }
          }
        }
      }
    }
    return targetBlocked
      ? blocked('SECURITY_GROUP_INGRESS', `no target of ${nlbName} is reached on ${record.portText}`)
      : { status: 'reachable', hops };
  }
}
