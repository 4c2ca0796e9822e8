import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { IConstruct } from 'constructs';
import { parseCidr, referencedResource, vpcResourceOf } from '../cidr';
import { propError } from '../private/errors';

// Helpers shared by the PrivateLink constructs. Not exported from the package.

export { warn } from '../private/errors';

/**
 * NG-PL-003: refuse private DNS on an interface endpoint when the VPC of this app lacks DNS hostnames or DNS
 * support (CloudFormation defaults: `EnableDnsSupport` true, `EnableDnsHostnames` false). An imported VPC, or a
 * value that is a token, is not known: the check is skipped.
 */
export function assertVpcDnsForPrivateDns(scope: IConstruct, vpc: ec2.IVpc, prop: string): void {
  const resource = vpcResourceOf(vpc);
  if (!resource || !ec2.CfnVPC.isCfnVPC(resource)) {
    return;
  }
  const missing: string[] = [];
  const hostnames = resource.enableDnsHostnames;
  if (hostnames === undefined || hostnames === false) {
    missing.push(`enableDnsHostnames (${hostnames === undefined ? 'not set, so false' : 'false'})`);
  }
  if (resource.enableDnsSupport === false) {
    missing.push('enableDnsSupport (false)');
  }
  if (missing.length > 0) {
    throw propError(
      scope,
      `${prop} is true, but VPC ${vpc.node.path} lacks ${missing.join(' and ')}: AWS refuses private DNS on an interface endpoint there. Turn both on for the VPC (ec2.Vpc: enableDnsHostnames: true, enableDnsSupport: true), or set ${prop} to false.`,
      'NG-PL-003',
    );
  }
}

/**
 * The CIDR block of a connectable that is a plain address peer open to every address (`0.0.0.0/0`, `::/0`, or any
 * `/0`), else `undefined`. Security groups and other peers return `undefined`.
 */
export function openToAnyAddress(connectable: ec2.IConnectable): string | undefined {
  const peer = connectable as Partial<ec2.IPeer>;
  if (typeof peer.toIngressRuleConfig !== 'function' || peer.canInlineRule !== true) {
    return undefined;
  }
  const config = peer.toIngressRuleConfig();
  const block: unknown = config.cidrIp ?? config.cidrIpv6;
  if (typeof block !== 'string' || Token.isUnresolved(block)) {
    return undefined;
  }
  return parseCidr(block)?.prefixLength === 0 ? block : undefined;
}

/**
 * The Availability Zones of the subnets of a load balancer of this app, read from its `AWS::ElasticLoadBalancingV2::
 * LoadBalancer` (`Subnets` or `SubnetMappings`) and each subnet's `AWS::EC2::Subnet`. `undefined` when any of them
 * is not known at synth (an imported load balancer, imported subnets, a token AZ).
 */
export function loadBalancerAvailabilityZones(lb: IConstruct): string[] | undefined {
  const cfn = loadBalancerResource(lb);
  if (!cfn) {
    return undefined;
  }
  let subnetIds: unknown[] = [];
  if (Array.isArray(cfn.subnets)) {
    subnetIds = cfn.subnets;
  } else if (Array.isArray(cfn.subnetMappings)) {
    subnetIds = cfn.subnetMappings.map((mapping) =>
      typeof mapping === 'object' && mapping !== null && 'subnetId' in mapping ? mapping.subnetId : undefined,
    );
  }
  if (subnetIds.length === 0) {
    return undefined;
  }
  const azs: string[] = [];
  for (const subnetId of subnetIds) {
    const subnet = typeof subnetId === 'string' ? referencedResource(subnetId, 'AWS::EC2::Subnet') : undefined;
    const az = subnet && ec2.CfnSubnet.isCfnSubnet(subnet) ? subnet.availabilityZone : undefined;
    if (az === undefined || Token.isUnresolved(az)) {
      return undefined;
    }
    if (!azs.includes(az)) {
      azs.push(az);
    }
  }
  return azs;
}

/**
 * Whether cross-zone load balancing is on for a load balancer of this app (`load_balancing.cross_zone.enabled`
 * attribute; off by default for an NLB). `undefined` when not known (imported, or a token).
 */
export function crossZoneEnabled(lb: IConstruct): boolean | undefined {
  const cfn = loadBalancerResource(lb);
  if (!cfn) {
    return undefined;
  }
  const attributes: unknown = Stack.of(cfn).resolve(cfn.loadBalancerAttributes);
  if (attributes === undefined) {
    return false;
  }
  if (!Array.isArray(attributes)) {
    return undefined;
  }
  const entry = attributes.find(
    (a: unknown) =>
      typeof a === 'object' && a !== null && (a as { key?: unknown }).key === 'load_balancing.cross_zone.enabled',
  ) as { value?: unknown } | undefined;
  if (!entry) {
    return false;
  }
  return typeof entry.value === 'string' ? entry.value === 'true' : undefined;
}

/** The `AWS::ElasticLoadBalancingV2::LoadBalancer` behind a load balancer construct of this app, if any. */
export function loadBalancerResource(lb: IConstruct): elbv2.CfnLoadBalancer | undefined {
  const cfn = lb.node.defaultChild;
  return CfnResource.isCfnResource(cfn) && cfn.cfnResourceType === elbv2.CfnLoadBalancer.CFN_RESOURCE_TYPE_NAME
    ? (cfn as elbv2.CfnLoadBalancer)
    : undefined;
}

/** Every TCP port in a list is an integer 1-65535; the list is not empty and has no duplicate. */
export function assertPorts(scope: IConstruct, ports: number[], prop: string): void {
  if (ports.length === 0) {
    throw propError(scope, `${prop} is empty: give at least one port the service listens on, e.g. [443].`);
  }
  for (const port of ports) {
    if (Token.isUnresolved(port)) {
      continue;
    }
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw propError(scope, `${prop} contains ${port}, which is not a port: give integers from 1 to 65535.`);
    }
  }
  const seen = new Set<number>();
  for (const port of ports) {
    if (seen.has(port)) {
      throw propError(scope, `${prop} lists port ${port} twice: give each port once.`);
    }
    seen.add(port);
  }
}

/** The ARN of an endpoint service of this stack's account and Region, to scope custom-resource IAM to it. */
export function endpointServiceArn(scope: IConstruct, serviceId: string): string {
  const stack = Stack.of(scope);
  return stack.formatArn({ service: 'ec2', resource: 'vpc-endpoint-service', resourceName: serviceId });
}
