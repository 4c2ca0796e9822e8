import { CfnResource, Fn, Reference, Token, Tokenization } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { cidrContains, VpcCidrBlock } from '../cidr';
import { propError } from '../private/errors';
import { SelectedRouteTable } from '../private/route-tables';
import { selectOnePerAz } from '../private/subnets';
import { AwsWaiter } from '../private/waiter';

/*
 * Internal helpers of the transit constructs: not exported from the package.
 */

/** What the hub knows about one attachment it associates and propagates. */
export interface AttachmentRecord {
  /** The attachment as users see it. */
  readonly attachment: IConstruct;
  readonly attachmentId: string;
  /** The segment it is associated with, if any. */
  readonly segmentName?: string;
  /**
   * Where its association, propagations and TGW routes go: a construct in the stack that holds (or names) the
   * attachment, so the hub's stack never references a spoke stack.
   */
  readonly scope: Construct;
  /** The networks behind it, as far as known (IPv4 and IPv6; only literal IPv4 blocks enter prefix lists). */
  readonly blocks: VpcCidrBlock[];
  /**
   * `true`: it propagates its routes (VPC, BGP VPN, Direct Connect). `false`: its blocks are written as static TGW
   * routes where it would propagate (static VPN), or not at all (peering, which supports static routes only).
   */
  readonly dynamic: boolean;
  /** The resource every route, association or propagation naming the attachment depends on. */
  readonly dependency?: CfnResource;
  /** A peering attachment not accepted yet: nothing may associate it or route to it. */
  readonly pendingAcceptance?: boolean;
  /** What kind of attachment it is, for messages. */
  readonly kind: 'vpc' | 'vpn' | 'peering' | 'direct-connect' | 'spoke';
}

/**
 * Orders `resource` after `dependency`, unless `value` (a property of `resource`) already references it: CloudFormation
 * orders a reference by itself, and a `DependsOn` next to it is redundant (cfn-lint W3005).
 */
export function dependUnlessReferenced(resource: CfnResource, dependency: CfnResource, value: string): void {
  const token = Token.isUnresolved(value) ? Tokenization.reverseString(value).firstToken : undefined;
  if (token && Reference.isReference(token) && token.target === dependency) return;
  resource.addDependency(dependency);
}

/**
 * Refuses a summary route inside one of the VPC's own blocks: the local route already covers it and AWS refuses the
 * route (NG-RT-003).
 */
export function refuseRoutesInsideVpc(
  scope: IConstruct,
  vpc: ec2.IVpc,
  own: VpcCidrBlock[],
  routeTo: VpcCidrBlock[],
): void {
  for (const block of routeTo) {
    for (const mine of own) {
      if (block.literal && mine.literal && cidrContains(mine.literal, block.literal)) {
        throw propError(
          scope,
          `routeTo ${block.literal} lies inside ${mine.literal}, a CIDR block of vpc ${vpc.node.path}: the local route already covers it and AWS refuses the route. Route only to blocks outside the VPC.`,
          'NG-RT-003',
        );
      }
    }
  }
}

/**
 * One `AWS::EC2::Route` per route table to a managed prefix list through the transit gateway, each depending on
 * the attachment. Ids come from the route table's key only, so moving an attachment to another segment updates
 * the route in place.
 */
export function addPrefixListRoutes(
  scope: Construct,
  tables: SelectedRouteTable[],
  prefixListId: string,
  transitGatewayId: string,
  dependency: CfnResource,
): ec2.CfnRoute[] {
  return tables.map((table) => {
    const route = new ec2.CfnRoute(scope, `${table.key}-PrefixList`, {
      routeTableId: table.routeTableId,
      destinationPrefixListId: prefixListId,
      transitGatewayId,
    });
    route.addDependency(dependency);
    return route;
  });
}

/**
 * The id of the attachment that a VPN connection or Direct Connect gateway has on a transit gateway, once it is
 * `available` (associating or routing a pending attachment fails with IncorrectState). CloudFormation returns no such
 * id, so a waiting custom resource polls `DescribeTransitGatewayAttachments`, filtered by the resource id and the
 * transit gateway id, and returns the id it finds.
 */
export function lookupAttachmentId(
  scope: Construct,
  id: string,
  transitGatewayId: string,
  resourceId: string,
  resourceType: string,
  dependency?: CfnResource,
): { attachmentId: string; resource: CfnResource } {
  const idPath = 'TransitGatewayAttachments.0.TransitGatewayAttachmentId';
  const lookup = new AwsWaiter(scope, id, {
    resourceType: 'Custom::TransitGatewayAttachmentLookup',
    physicalResourceId: Fn.join(':', [transitGatewayId, resourceType, resourceId]),
    waitFor: {
      service: 'EC2',
      action: 'DescribeTransitGatewayAttachments',
      parameters: {
        Filters: [
          { Name: 'resource-id', Values: [resourceId] },
          { Name: 'transit-gateway-id', Values: [transitGatewayId] },
          { Name: 'resource-type', Values: [resourceType] },
        ],
      },
      path: 'TransitGatewayAttachments.0.State',
      success: ['available'],
      failure: ['failed', 'failing', 'rejected', 'rejecting', 'deleted', 'deleting'],
      outputPaths: [idPath],
    },
    policyStatements: [
      // Describe* actions of EC2 support no resource-level permissions: `*` is the narrowest resource IAM accepts.
      new iam.PolicyStatement({ actions: ['ec2:DescribeTransitGatewayAttachments'], resources: ['*'] }),
    ],
  });
  if (dependency) {
    dependUnlessReferenced(lookup.resource, dependency, resourceId);
  }
  return { attachmentId: lookup.getAttString(idPath), resource: lookup.resource };
}

/** Checks a segment name: it becomes part of construct ids. */
export function checkSegmentName(scope: IConstruct, name: string): void {
  if (Token.isUnresolved(name) || !/^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/.test(name) || name.length > 64) {
    throw propError(
      scope,
      `segment name '${name}' is not valid: it names construct ids, so write letters, digits and single dashes (at most 64), such as 'prod' or 'shared-services'.`,
    );
  }
}

/**
 * The subnets of a VPC attachment: the selection (by default one per AZ, private first), refusing two subnets in
 * one AZ (NG-TGW-002).
 */
export function selectAttachmentSubnets(
  scope: IConstruct,
  vpc: ec2.IVpc,
  selection: ec2.SubnetSelection | undefined,
): ec2.ISubnet[] {
  const selected = selectOnePerAz(scope, vpc, selection, {
    prop: 'subnets',
    resource: 'a transit gateway VPC attachment',
    ruleId: 'NG-TGW-002',
  }).subnets;
  if (selected.length === 0) {
    throw propError(
      scope,
      `subnets selects no subnet of vpc ${vpc.node.path}. Select one subnet per Availability Zone (a small private subnet is usual).`,
    );
  }
  return selected;
}
