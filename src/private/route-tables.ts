import { Names, Token, Tokenization, Reference, CfnResource } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { propError } from './errors';

/** A route table to write routes into, with a key that is stable across deployments. */
export interface SelectedRouteTable {
  readonly routeTableId: string;
  /** Stable and unique within one VPC: the literal id, or the route table resource's path inside the VPC. */
  readonly key: string;
  /** The subnets of the selection that use it. */
  readonly subnets: ec2.ISubnet[];
}

/**
 * The distinct route tables of the subnets a selection picks. With no selection, every subnet of the VPC
 * (public, private and isolated). Throws, naming `prop`, when a subnet has no known route table or nothing
 * is selected.
 */
export function selectRouteTables(
  scope: IConstruct,
  vpc: ec2.IVpc,
  selections: ec2.SubnetSelection[] | undefined,
  prop: string,
): SelectedRouteTable[] {
  const subnets =
    selections === undefined
      ? [...vpc.publicSubnets, ...vpc.privateSubnets, ...vpc.isolatedSubnets]
      : selections.flatMap((selection) => vpc.selectSubnets(selection).subnets);
  if (subnets.length === 0) {
    throw propError(
      scope,
      `${prop} selects no subnet of VPC ${vpc.node.path}, so no route could be added. Select subnets that exist, or import the VPC with its subnets and route tables (ec2.Vpc.fromVpcAttributes with privateSubnetIds and privateSubnetRouteTableIds).`,
    );
  }
  const byKey = new Map<string, { routeTableId: string; key: string; subnets: ec2.ISubnet[] }>();
  for (const subnet of subnets) {
    const routeTableId = subnet.routeTable?.routeTableId;
    if (routeTableId === undefined) {
      throw propError(
        scope,
        `${prop}: subnet ${subnet.node.path} of VPC ${vpc.node.path} has no known route table. Import its route table ids too (ec2.Vpc.fromVpcAttributes ...SubnetRouteTableIds, or ec2.Subnet.fromSubnetAttributes routeTableId).`,
      );
    }
    const key = routeTableKey(vpc, routeTableId, subnet);
    const entry = byKey.get(key);
    if (entry) {
      if (!entry.subnets.includes(subnet)) entry.subnets.push(subnet);
    } else {
      byKey.set(key, { routeTableId, key, subnets: [subnet] });
    }
  }
  return [...byKey.values()];
}

function routeTableKey(vpc: ec2.IVpc, routeTableId: string, subnet: ec2.ISubnet): string {
  if (!Token.isUnresolved(routeTableId)) {
    return routeTableId;
  }
  const token = Tokenization.reverseString(routeTableId).firstToken;
  if (token && Reference.isReference(token) && CfnResource.isCfnResource(token.target)) {
    return relativeId(vpc, token.target);
  }
  // Any other token (an imported value): name it after the subnet that uses it.
  return `${relativeId(vpc, subnet)}RouteTable`;
}

function relativeId(vpc: ec2.IVpc, construct: IConstruct): string {
  const vpcPath = vpc.node.path + '/';
  return construct.node.path.startsWith(vpcPath)
    ? construct.node.path.slice(vpcPath.length).replace(/\//g, '')
    : Names.nodeUniqueId(construct.node);
}
