import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { HubTransitGateway } from './hub-transit-gateway';
import { asSegment, hubInternals } from './internals';
import { ITransitAttachment, ITransitSegment } from './transit-segment';
import { propError } from '../private/errors';
import { nameTag } from '../private/tags';
import { AwsWaiter } from '../private/waiter';

/**
 * Options of `HubTransitGateway.peerWith`.
 */
export interface TransitPeeringOptions {
  /** The id of the peer transit gateway (`tgw-...`). */
  readonly peerTransitGatewayId: string;

  /** The Region of the peer transit gateway. */
  readonly peerRegion: string;

  /**
   * The account of the peer transit gateway.
   *
   * @default - this stack's account
   */
  readonly peerAccount?: string;

  /**
   * The segment to associate the peering attachment with: its route table routes the traffic that arrives from
   * the peer. Routes toward the peer are static: add them with `segment.addStaticRoute(cidr, peering)`. Needs
   * `accepted: true`.
   *
   * @default - not associated
   */
  readonly segment?: ITransitSegment;

  /**
   * Whether the peer has accepted the attachment (`TransitPeeringAccepter` in the peer's stack, deployed). A new
   * peering attachment is `pendingAcceptance`, and AWS refuses to associate it or route to it until the peer
   * accepts it (`IncorrectState`), so `segment` and `segment.addStaticRoute(cidr, peering)` need `accepted: true`.
   * Deploy in this order: the peering without them; the accepter in the peer's stack; then this with
   * `accepted: true`, `segment` and the static routes.
   *
   * @default false
   * @see https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering.html
   */
  readonly accepted?: boolean;
}

/**
 * Properties of a `TransitPeering`.
 */
export interface TransitPeeringProps extends TransitPeeringOptions {
  /** The requesting hub. */
  readonly hub: HubTransitGateway;
}

/**
 * A transit gateway peering attachment, requested by a `HubTransitGateway`. Peering supports static routes only:
 * nothing is propagated, and routes are added with `segment.addStaticRoute(cidr, peering)`. The peer accepts it
 * with `TransitPeeringAccepter` in its own stack; the requester's association and routes come in a later
 * deployment, with `accepted: true`.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering.html
 */
export class TransitPeering extends Construct implements ITransitAttachment {
  /** The `AWS::EC2::TransitGatewayPeeringAttachment`. */
  public readonly attachment: ec2.CfnTransitGatewayPeeringAttachment;

  /** The id of the peering attachment (the same id on both sides). */
  public readonly transitGatewayAttachmentId: string;

  /** The association with the segment's route table, when a segment is given. */
  public readonly association?: ec2.CfnTransitGatewayRouteTableAssociation;

  /**
   * @param scope the construct to create the peering attachment under (`hub.peerWith` uses the hub)
   * @param id the construct id; it is part of the logical id of every resource below it (renaming it replaces them)
   * @param props the hub, the peer transit gateway (id, Region, account) and, once accepted, the segment
   */
  constructor(scope: Construct, id: string, props: TransitPeeringProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const peerAccount = props.peerAccount ?? stack.account;
    if (!Token.isUnresolved(props.peerTransitGatewayId) && !/^tgw-[0-9a-f]{8,17}$/.test(props.peerTransitGatewayId)) {
      throw propError(
        this,
        `peerTransitGatewayId '${props.peerTransitGatewayId}' is not a transit gateway id. Give the peer's id, such as 'tgw-0123456789abcdef0'.`,
      );
    }
    if (!Token.isUnresolved(props.peerRegion) && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(props.peerRegion)) {
      throw propError(
        this,
        `peerRegion '${props.peerRegion}' is not a Region name. Give the peer's Region, such as 'eu-west-1'.`,
      );
    }
    if (!Token.isUnresolved(peerAccount) && !/^\d{12}$/.test(peerAccount)) {
      throw propError(this, `peerAccount '${peerAccount}' is not a 12-digit account id. Give the peer's account id.`);
    }
    if (props.segment) hubInternals(props.hub).checkSegment(this, props.segment);
    const accepted = props.accepted ?? false;
    if (props.segment && !accepted) {
      throw propError(
        this,
        `segment '${props.segment.segmentName}' is given, but accepted is false. The peering attachment is pendingAcceptance in the deployment that creates it, and AWS refuses to associate it then (IncorrectState). Deploy the peering without segment, accept it in the peer's stack (TransitPeeringAccepter), then set accepted: true and give segment.`,
      );
    }

    this.attachment = new ec2.CfnTransitGatewayPeeringAttachment(this, 'Resource', {
      transitGatewayId: props.hub.transitGatewayId,
      peerTransitGatewayId: props.peerTransitGatewayId,
      peerRegion: props.peerRegion,
      peerAccountId: peerAccount,
      tags: nameTag(this),
    });
    this.transitGatewayAttachmentId = this.attachment.attrTransitGatewayAttachmentId;
    this.association = hubInternals(props.hub).register({
      attachment: this,
      attachmentId: this.transitGatewayAttachmentId,
      segmentName: props.segment?.segmentName,
      scope: this,
      blocks: [],
      dynamic: false,
      dependency: this.attachment,
      pendingAcceptance: !accepted,
      kind: 'peering',
    });
  }
}

/**
 * Properties of a `TransitPeeringAccepter`.
 */
export interface TransitPeeringAccepterProps {
  /** The id of the peering attachment (`TransitPeering.transitGatewayAttachmentId`, deployed by the requester). */
  readonly transitGatewayAttachmentId: string;

  /**
   * The peer's own hub, so that its segments can route to this attachment with `addStaticRoute`.
   *
   * @default - the hub of `segment`; without either, the attachment is only accepted
   */
  readonly hub?: HubTransitGateway;

  /**
   * The peer hub's segment to associate the attachment with.
   *
   * @default - not associated
   */
  readonly segment?: ITransitSegment;
}

/**
 * The accepter's side of a transit gateway peering, for the peer's stack (its account and Region):
 * CloudFormation has no resource that accepts a peering attachment, so a custom resource calls
 * `AcceptTransitGatewayPeeringAttachment` (allowed on this one attachment; called again when the attachment id
 * changes) and waits until the attachment is `available`, failing the deployment with AWS's reason when it is
 * rejected or fails. With a hub or segment, the attachment is then associated and can be routed to with
 * `segment.addStaticRoute(cidr, accepter)` (static routes only), each after the wait.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering.html
 */
export class TransitPeeringAccepter extends Construct implements ITransitAttachment {
  /** The id of the peering attachment. */
  public readonly transitGatewayAttachmentId: string;

  /**
   * The custom resource that accepts the attachment and waits until it is `available`: routes and the association
   * depend on it.
   */
  public readonly acceptance: CfnResource;

  /** The association with the segment's route table, when a segment is given. */
  public readonly association?: ec2.CfnTransitGatewayRouteTableAssociation;

  /**
   * @param scope a construct of a stack in the peer transit gateway's account and Region
   * @param id the construct id; it is part of the logical id of every resource below it (renaming it replaces them)
   * @param props the peering attachment's id and, to associate it, the peer hub's segment
   */
  constructor(scope: Construct, id: string, props: TransitPeeringAccepterProps) {
    super(scope, id);
    const hub = props.hub ?? (props.segment ? asSegment(props.segment, this, 'segment').hub : undefined);
    if (props.segment && hub) hubInternals(hub).checkSegment(this, props.segment);
    if (
      !Token.isUnresolved(props.transitGatewayAttachmentId) &&
      !/^tgw-attach-[0-9a-f]{8,17}$/.test(props.transitGatewayAttachmentId)
    ) {
      throw propError(
        this,
        `transitGatewayAttachmentId '${props.transitGatewayAttachmentId}' is not an attachment id. Give the requester's TransitPeering.transitGatewayAttachmentId, such as 'tgw-attach-0123456789abcdef0'.`,
      );
    }
    const stack = Stack.of(this);
    const attachmentId = props.transitGatewayAttachmentId;
    // Accept (again on update: a changed id is a new acceptance), then wait until the attachment is `available`:
    // AWS refuses to associate or route to it while it is `pendingAcceptance` or `pending` (IncorrectState).
    // Keeps the id `Resource`, as the accepting custom resource always had.
    const waiter = new AwsWaiter(this, 'Resource', {
      resourceType: 'Custom::TransitGatewayPeeringAcceptance',
      physicalResourceId: attachmentId,
      onCreate: {
        service: 'EC2',
        action: 'AcceptTransitGatewayPeeringAttachment',
        parameters: { TransitGatewayAttachmentId: attachmentId },
        // A retried accept of an attachment already accepted.
        ignoreErrorCodes: ['IncorrectState'],
      },
      waitFor: {
        service: 'EC2',
        action: 'DescribeTransitGatewayPeeringAttachments',
        parameters: { TransitGatewayAttachmentIds: [attachmentId] },
        path: 'TransitGatewayPeeringAttachments.0.State',
        success: ['available'],
        failure: ['failed', 'failing', 'rejected', 'rejecting', 'deleted', 'deleting'],
        reasonPath: 'TransitGatewayPeeringAttachments.0.Status.Message',
      },
      policyStatements: [
        new iam.PolicyStatement({
          actions: ['ec2:AcceptTransitGatewayPeeringAttachment'],
          resources: [
            stack.formatArn({ service: 'ec2', resource: 'transit-gateway-attachment', resourceName: attachmentId }),
          ],
        }),
        // Describe* actions of EC2 support no resource-level permissions: `*` is the narrowest resource IAM accepts.
        new iam.PolicyStatement({ actions: ['ec2:DescribeTransitGatewayPeeringAttachments'], resources: ['*'] }),
      ],
    });
    this.acceptance = waiter.resource;
    this.transitGatewayAttachmentId = props.transitGatewayAttachmentId;
    if (hub) {
      this.association = hubInternals(hub).register({
        attachment: this,
        attachmentId: this.transitGatewayAttachmentId,
        segmentName: props.segment?.segmentName,
        scope: this,
        blocks: [],
        dynamic: false,
        dependency: this.acceptance,
        kind: 'peering',
      });
    }
  }
}
