import { CfnResource, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { HubTransitGateway } from './hub-transit-gateway';
import { hubInternals } from './internals';
import { addPrefixListRoutes, refuseRoutesInsideVpc, selectAttachmentSubnets } from './routing';
import { ITransitAttachment, ITransitSegment } from './transit-segment';
import { cidrList, vpcAddressSpace } from '../cidr';
import { propError } from '../private/errors';
import { selectRouteTables } from '../private/route-tables';
import { addRoutes } from '../private/routes';
import { nameTag } from '../private/tags';

/**
 * Properties of a `TransitSpoke`.
 */
export interface TransitSpokeProps {
  /**
   * The id of the hub's transit gateway (`tgw-...`), shared with this account through AWS RAM
   * (`HubTransitGateway` `shareWith`).
   */
  readonly transitGatewayId: string;

  /** The spoke VPC, in this stack's account and Region. */
  readonly vpc: ec2.IVpc;

  /**
   * The subnets of the attachment: one per Availability Zone.
   *
   * @default - one subnet per AZ, private subnets first
   */
  readonly subnets?: ec2.SubnetSelection;

  /**
   * Whose route tables get routes through the transit gateway.
   *
   * @default - the route table of every subnet of the VPC
   */
  readonly routeTables?: ec2.SubnetSelection[];

  /**
   * Summary routes through the transit gateway (for example `['10.0.0.0/8']`). Give this or `prefixListId`.
   *
   * @default - none: `prefixListId` is required
   */
  readonly routeTo?: string[];

  /**
   * The id of the hub segment's managed prefix list (`segment.prefixListId`), shared with this account through
   * AWS RAM (the hub's `shareWith` shares every segment's prefix list): one route per route table to it. Give this
   * or `routeTo`.
   *
   * @default - none: `routeTo` is required
   */
  readonly prefixListId?: string;

  /**
   * Appliance mode on the attachment.
   *
   * @default false
   */
  readonly applianceMode?: boolean;
}

/**
 * The spoke's half of a cross-account attachment to a shared `HubTransitGateway`, for the spoke's stack: the VPC
 * attachment from a transit gateway id and the spoke's routes, each depending on the attachment. The hub's transit
 * gateway accepts the attachment by itself (`autoAcceptSharedAttachments`), and the hub associates and propagates
 * it with `hub.associateSpoke`, given `transitGatewayAttachmentId` and `cidrBlocks`. An account outside the hub's
 * organization first accepts the hub's AWS RAM invitation.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/tgw/tgw-transit-gateways.html#tgw-sharing
 */
export class TransitSpoke extends Construct implements ITransitAttachment {
  /** The `AWS::EC2::TransitGatewayAttachment`. */
  public readonly attachment: ec2.CfnTransitGatewayAttachment;

  /** The id of the attachment: give it to `hub.associateSpoke`. */
  public readonly transitGatewayAttachmentId: string;

  /** The VPC's literal IPv4 CIDR blocks: give them to `hub.associateSpoke` as `cidrBlocks`. */
  public readonly cidrBlocks: string[];

  /** The routes added to the VPC's route tables. */
  public readonly routes: ec2.CfnRoute[];

  /**
   * @param scope a construct of the spoke account's stack, in the VPC's account and Region
   * @param id the construct id; it is part of the logical id of every resource below it (renaming it replaces them)
   * @param props the shared transit gateway's id, the spoke VPC, its subnets and the routes its route tables get
   */
  constructor(scope: Construct, id: string, props: TransitSpokeProps) {
    super(scope, id);
    const { vpc } = props;
    if ((props.routeTo === undefined) === (props.prefixListId === undefined)) {
      throw propError(
        this,
        "give exactly one of routeTo (your summary routes, such as ['10.0.0.0/8']) and prefixListId (the hub segment's prefix list, shared through AWS RAM).",
      );
    }
    if (!Token.isUnresolved(props.transitGatewayId) && !/^tgw-[0-9a-f]{8,17}$/.test(props.transitGatewayId)) {
      throw propError(
        this,
        `transitGatewayId '${props.transitGatewayId}' is not a transit gateway id. Give the hub's id, such as 'tgw-0123456789abcdef0'.`,
      );
    }
    const routeTo = props.routeTo ? cidrList(this, 'routeTo', props.routeTo, false) : undefined;
    if (routeTo && routeTo.length === 0) {
      throw propError(this, "routeTo is empty: give your summary routes, such as ['10.0.0.0/8'].");
    }
    const space = vpcAddressSpace(vpc);
    if (routeTo) refuseRoutesInsideVpc(this, vpc, space.blocks, routeTo);
    const subnets = selectAttachmentSubnets(this, vpc, props.subnets);
    const tables = selectRouteTables(this, vpc, props.routeTables, 'routeTables');
    this.cidrBlocks = space.blocks.filter((b) => b.family === 'ipv4' && b.literal !== undefined).map((b) => b.literal!);

    this.attachment = new ec2.CfnTransitGatewayAttachment(this, 'Resource', {
      transitGatewayId: props.transitGatewayId,
      vpcId: vpc.vpcId,
      subnetIds: subnets.map((s) => s.subnetId),
      options: props.applianceMode ? { ApplianceModeSupport: 'enable' } : undefined,
      tags: nameTag(this),
    });
    this.transitGatewayAttachmentId = this.attachment.ref;
    const routesScope = new Construct(this, 'Routes');
    if (routeTo) {
      this.routes = addRoutes(routesScope, tables, routeTo, { transitGatewayId: props.transitGatewayId });
      for (const route of this.routes) route.addDependency(this.attachment);
    } else {
      this.routes = addPrefixListRoutes(
        routesScope,
        tables,
        props.prefixListId!,
        props.transitGatewayId,
        this.attachment,
      );
    }
  }
}

/**
 * Options of `HubTransitGateway.associateSpoke`.
 */
export interface TransitSpokeAssociationOptions {
  /** The id of the spoke's attachment (`TransitSpoke.transitGatewayAttachmentId`, deployed in the spoke's account). */
  readonly transitGatewayAttachmentId: string;

  /** The segment to associate it with. */
  readonly segment: ITransitSegment;

  /**
   * The spoke VPC's CIDR blocks, as literals (`TransitSpoke.cidrBlocks`): they enter the managed prefix lists of the
   * segments that reach the spoke.
   */
  readonly cidrBlocks: string[];
}

/**
 * Properties of a `TransitSpokeAssociation`.
 */
export interface TransitSpokeAssociationProps extends TransitSpokeAssociationOptions {
  /** The hub. */
  readonly hub: HubTransitGateway;
}

/**
 * The hub's half of a cross-account spoke: association and propagations of an attachment made by `TransitSpoke` in
 * another account. It lives in the hub's stack, and needs the hub's `autoAcceptSharedAttachments`: nothing else
 * accepts the attachment before it is associated.
 */
export class TransitSpokeAssociation extends Construct implements ITransitAttachment {
  /** The id of the spoke's attachment. */
  public readonly transitGatewayAttachmentId: string;

  /** The association with the segment's route table. */
  public readonly association: ec2.CfnTransitGatewayRouteTableAssociation;

  /**
   * @param scope a construct of the hub's stack (`hub.associateSpoke` uses the hub)
   * @param id the construct id; it is part of the logical id of every resource below it (renaming it replaces them)
   * @param props the hub, the spoke's attachment id, the segment it joins and the spoke's CIDR blocks
   */
  constructor(scope: Construct, id: string, props: TransitSpokeAssociationProps) {
    super(scope, id);
    if (!hubInternals(props.hub).autoAcceptSharedAttachments) {
      throw propError(
        this,
        `hub ${props.hub.node.path} has autoAcceptSharedAttachments false, so the spoke's attachment stays pendingAcceptance and AWS refuses to associate it (IncorrectState). Give the hub autoAcceptSharedAttachments: true, or accept the attachment by hand (aws ec2 accept-transit-gateway-vpc-attachment) and then associate and propagate it by hand (aws ec2 associate-transit-gateway-route-table, enable-transit-gateway-route-table-propagation) instead of associateSpoke.`,
      );
    }
    const segment = hubInternals(props.hub).checkSegment(this, props.segment);
    if (
      !Token.isUnresolved(props.transitGatewayAttachmentId) &&
      !/^tgw-attach-[0-9a-f]{8,17}$/.test(props.transitGatewayAttachmentId)
    ) {
      throw propError(
        this,
        `transitGatewayAttachmentId '${props.transitGatewayAttachmentId}' is not an attachment id. Give the spoke's TransitSpoke.transitGatewayAttachmentId, such as 'tgw-attach-0123456789abcdef0'.`,
      );
    }
    if (props.cidrBlocks.length === 0) {
      throw propError(this, "cidrBlocks is empty: give the spoke VPC's CIDR blocks (TransitSpoke.cidrBlocks).");
    }
    const blocks = cidrList(this, 'cidrBlocks', props.cidrBlocks, true);
    this.transitGatewayAttachmentId = props.transitGatewayAttachmentId;
    this.association = hubInternals(props.hub).register({
      attachment: this,
      attachmentId: this.transitGatewayAttachmentId,
      segmentName: segment.segmentName,
      scope: this,
      blocks,
      dynamic: true,
      dependency: undefined as CfnResource | undefined,
      kind: 'spoke',
    })!;
  }
}
