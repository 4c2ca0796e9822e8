/*
 * How a NetworkIntent turns its endpoints into literal records at synth (not part of the public API).
 */
import { CfnResource, Reference, Stack, Token, Tokenization } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { IntentEndpointKind, IntentEndpointRecord, IntentResourceRef } from './intent-records';

/** An endpoint checked for an intent: the constructs its record is read from at synth. */
export interface BoundEndpoint {
  readonly kind: IntentEndpointKind;
  readonly text: string;
  readonly vpc?: ec2.IVpc;
  readonly subnets?: ec2.ISubnet[];
  readonly securityGroups?: ec2.ISecurityGroup[];
  readonly cidr?: string;
  /** `interface-endpoint`: the endpoint construct and its id. */
  readonly endpoint?: { readonly construct: IConstruct; readonly id: string };
  /** `aws-service`: the service's short name. */
  readonly service?: string;
  /** `client-vpn`: the endpoint construct and its id, and the users' group. */
  readonly clientVpn?: { readonly construct: IConstruct; readonly id: string };
  readonly groupId?: string;
}

/** The top-level stack of a (nested) stack: its cloud assembly artifact. */
function artifactOf(stack: Stack): string {
  let s: Stack = stack;
  while (s.nestedStackParent) s = s.nestedStackParent;
  return s.artifactId;
}

/** The CloudFormation resource behind a construct: itself, its default child, or what its id token refers to. */
function cfnOf(c: IConstruct, id: string | undefined): CfnResource | undefined {
  if (CfnResource.isCfnResource(c)) return c;
  const child = c.node.defaultChild;
  if (child && CfnResource.isCfnResource(child)) return child;
  // An imported resource whose id is a reference to a resource of the app (`Ref`/`Fn::GetAtt` of another stack).
  if (id !== undefined && Token.isUnresolved(id)) {
    const token = Tokenization.reverseString(id).firstToken;
    if (token instanceof Reference && CfnResource.isCfnResource(token.target)) return token.target;
  }
  return undefined;
}

/**
 * The literal reference of a construct (its stack path and logical id), resolved now; `undefined` (and `unknown`
 * gets why) when it is not a resource of the app.
 */
function refOf(c: IConstruct, id: string | undefined, what: string, unknown: string[]): IntentResourceRef | undefined {
  const cfn = cfnOf(c, id);
  if (!cfn) {
    const value = id === undefined || Token.isUnresolved(id) ? 'an id not known at synth' : id;
    unknown.push(`${what} ${c.node.path} (${value}, not a resource of the app)`);
    return undefined;
  }
  const stack = Stack.of(cfn);
  return {
    stack: stack.node.path,
    artifactId: artifactOf(stack),
    logicalId: stack.resolve(cfn.logicalId),
    path: c.node.path,
  };
}

/** The record of a bound endpoint, at synth: literals only. */
export function endpointRecord(e: BoundEndpoint): IntentEndpointRecord {
  const unknown: string[] = [];
  if (e.kind === 'cidr') {
    if (Token.isUnresolved(e.cidr)) unknown.push('the block of NetworkEndpoint.fromCidr');
    return { kind: e.kind, text: e.text, ...(Token.isUnresolved(e.cidr) ? {} : { cidr: e.cidr }), ...more(unknown) };
  }
  if (e.kind === 'internet') return { kind: e.kind, text: e.text };
  if (e.kind === 'interface-endpoint') {
    const ref = refOf(e.endpoint!.construct, e.endpoint!.id, 'the interface endpoint', unknown);
    return { kind: e.kind, text: e.text, ...(ref ? { endpoint: ref } : {}), ...more(unknown) };
  }
  if (e.kind === 'client-vpn') {
    const ref = refOf(e.clientVpn!.construct, e.clientVpn!.id, 'the Client VPN endpoint', unknown);
    if (e.groupId !== undefined && Token.isUnresolved(e.groupId)) {
      unknown.push('the groupId of NetworkEndpoint.fromClientVpn');
    }
    return {
      kind: e.kind,
      text: e.text,
      ...(ref ? { clientVpn: ref } : {}),
      ...(e.groupId !== undefined && !Token.isUnresolved(e.groupId) ? { groupId: e.groupId } : {}),
      ...more(unknown),
    };
  }
  if (e.kind === 'aws-service') {
    const ref = e.vpc && cfnOf(e.vpc, e.vpc.vpcId) ? refOf(e.vpc, e.vpc.vpcId, 'the VPC', unknown) : undefined;
    return { kind: e.kind, text: e.text, service: e.service, ...(ref ? { vpc: ref } : {}), ...more(unknown) };
  }
  const vpc = e.vpc!;
  const vpcRef = cfnOf(vpc, vpc.vpcId) ? refOf(vpc, vpc.vpcId, 'the VPC', unknown) : undefined;
  let subnets = e.subnets;
  if (e.kind === 'vpc' && !vpcRef) {
    // An imported VPC: its subnets, when they are resources of the app.
    subnets = [...vpc.publicSubnets, ...vpc.privateSubnets, ...vpc.isolatedSubnets];
    if (subnets.length === 0) unknown.push(`the subnets of the imported VPC ${vpc.node.path} (none given)`);
  }
  const subnetRefs = (subnets ?? [])
    .map((s) => refOf(s, s.subnetId, 'the subnet', unknown))
    .filter((r): r is IntentResourceRef => r !== undefined);
  const groupRefs = (e.securityGroups ?? [])
    .map((g) => refOf(g, g.securityGroupId, 'the security group', unknown))
    .filter((r): r is IntentResourceRef => r !== undefined);
  return {
    kind: e.kind,
    text: e.text,
    ...(vpcRef ? { vpc: vpcRef } : {}),
    ...(subnets ? { subnets: subnetRefs } : {}),
    ...(e.kind === 'connectable' ? { securityGroups: groupRefs } : {}),
    ...more(unknown),
  };
}

/** The literal reference of a VPC (for `through`), or why it is not known. */
export function vpcRecord(vpc: ec2.IVpc, unknown: string[]): IntentResourceRef | undefined {
  return refOf(vpc, vpc.vpcId, 'the VPC', unknown);
}

function more(unknown: string[]): { unknown?: string[] } {
  return unknown.length > 0 ? { unknown } : {};
}
