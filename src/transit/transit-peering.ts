import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { HubTransitGateway } from './hub-transit-gateway';
import { ITransitAttachment, TransitSegment } from './transit-segment';
import { propError } from '../private/errors';

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
   * the peer. Routes toward the peer are static: add them with `segment.addStaticRoute(cidr, peering)`.
   *
   * @default - not associated
   */
  readonly segment?: TransitSegment;
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
 * with `TransitPeeringAccepter` in its own stack; associations and routes that use the attachment succeed once it
 * is accepted.
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
    if (props.segment) props.hub._checkSegment(this, props.segment);

    this.attachment = new ec2.CfnTransitGatewayPeeringAttachment(this, 'Resource', {
      transitGatewayId: props.hub.transitGatewayId,
      peerTransitGatewayId: props.peerTransitGatewayId,
      peerRegion: props.peerRegion,
      peerAccountId: peerAccount,
      tags: [{ key: 'Name', value: this.node.path.slice(0, 255) }],
    });
    this.transitGatewayAttachmentId = this.attachment.attrTransitGatewayAttachmentId;
    this.association = props.hub._register({
      attachment: this,
      attachmentId: this.transitGatewayAttachmentId,
      segmentName: props.segment?.segmentName,
      scope: this,
      blocks: [],
      dynamic: false,
      dependency: this.attachment,
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
  readonly segment?: TransitSegment;
}

/**
 * The accepter's side of a transit gateway peering, for the peer's stack (its account and Region):
 * CloudFormation has no resource that accepts a peering attachment, so a custom resource calls
 * `AcceptTransitGatewayPeeringAttachment`, allowed on this one attachment. With a hub or segment, the attachment
 * is then associated and can be routed to with `segment.addStaticRoute(cidr, accepter)` (static routes only).
 *
 * @see https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering.html
 */
export class TransitPeeringAccepter extends Construct implements ITransitAttachment {
  /** The id of the peering attachment. */
  public readonly transitGatewayAttachmentId: string;

  /** The custom resource's underlying resource: routes and the association depend on it. */
  public readonly acceptance: CfnResource;

  /** The association with the segment's route table, when a segment is given. */
  public readonly association?: ec2.CfnTransitGatewayRouteTableAssociation;

  constructor(scope: Construct, id: string, props: TransitPeeringAccepterProps) {
    super(scope, id);
    const hub = props.hub ?? props.segment?.hub;
    if (props.segment && hub) hub._checkSegment(this, props.segment);
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
    const call: cr.AwsSdkCall = {
      service: 'EC2',
      action: 'acceptTransitGatewayPeeringAttachment',
      parameters: { TransitGatewayAttachmentId: props.transitGatewayAttachmentId },
      physicalResourceId: cr.PhysicalResourceId.of(`${props.transitGatewayAttachmentId}-accept`),
    };
    const accept = new cr.AwsCustomResource(this, 'Resource', {
      resourceType: 'Custom::TransitGatewayPeeringAcceptance',
      onCreate: call,
      installLatestAwsSdk: false,
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['ec2:AcceptTransitGatewayPeeringAttachment'],
          resources: [
            stack.formatArn({
              service: 'ec2',
              resource: 'transit-gateway-attachment',
              resourceName: props.transitGatewayAttachmentId,
            }),
          ],
        }),
      ]),
    });
    this.acceptance = accept.node.findChild('Resource').node.defaultChild as CfnResource;
    this.transitGatewayAttachmentId = props.transitGatewayAttachmentId;
    if (hub) {
      this.association = hub._register({
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
