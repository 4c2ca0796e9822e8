import { CfnResource, Token } from 'aws-cdk-lib';
import * as dx from 'aws-cdk-lib/aws-directconnect';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { HubTransitGateway } from './hub-transit-gateway';
import { hubInternals } from './internals';
import { lookupAttachmentId } from './routing';
import { ITransitAttachment, ITransitSegment } from './transit-segment';
import { cidrList } from '../cidr';
import { checkTransitGatewayEntry, regionOf, registerTransitGatewayEntry } from '../direct-connect/registry';
import { DX_ALLOWED_PREFIXES_PER_TGW_ASSOCIATION, DX_QUOTAS_URL } from '../facts/quotas';
import { propError } from '../private/errors';
import { declareOnPremises } from '../private/on-premises';

/**
 * Options of `HubTransitGateway.associateDirectConnectGateway`.
 */
export interface TransitDirectConnectAssociationOptions {
  /** The id of the Direct Connect gateway. */
  readonly directConnectGatewayId: string;

  /**
   * The prefixes advertised to on-premises through the Direct Connect gateway (required for a transit gateway): at
   * most 200 (IPv4 and IPv6 together), a Direct Connect quota that cannot be raised, so summarize.
   *
   * @see https://docs.aws.amazon.com/directconnect/latest/UserGuide/limits.html
   */
  readonly allowedPrefixes: string[];

  /**
   * The Direct Connect gateway's Amazon-side ASN, to check that it differs from the transit gateway's.
   *
   * @default - not checked
   */
  readonly directConnectGatewayAsn?: number;

  /**
   * The segment to associate the Direct Connect gateway attachment with.
   *
   * @default - not associated: traffic from on-premises has no route table until you associate it
   */
  readonly segment?: ITransitSegment;

  /**
   * The on-premises networks you expect over Direct Connect, so that they enter the managed prefix lists of the
   * segments that reach this attachment (BGP-learned routes are not known at synth).
   *
   * @default - none: spokes that route by prefix list do not reach on-premises (a warning says so); give them
   * `routeTo`
   */
  readonly onPremisesCidrs?: string[];
}

/**
 * Properties of a `TransitDirectConnectAssociation`.
 */
export interface TransitDirectConnectAssociationProps extends TransitDirectConnectAssociationOptions {
  /** The hub. */
  readonly hub: HubTransitGateway;
}

/**
 * A Direct Connect gateway associated with a `HubTransitGateway` (`AWS::DirectConnect::DirectConnectGatewayAssociation`,
 * with the allowed prefixes). The transit gateway attachment it creates has no id in CloudFormation, so a custom
 * resource looks it up; it is then associated with `segment` and propagated like any attachment.
 *
 * @see https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-transit-gateways.html
 */
export class TransitDirectConnectAssociation extends Construct implements ITransitAttachment {
  /** The `AWS::DirectConnect::DirectConnectGatewayAssociation`. */
  public readonly gatewayAssociation: dx.CfnDirectConnectGatewayAssociation;

  /** The id of the Direct Connect gateway's attachment to the transit gateway, from the lookup. */
  public readonly transitGatewayAttachmentId: string;

  /** The association with the segment's route table, when a segment is given. */
  public readonly association?: ec2.CfnTransitGatewayRouteTableAssociation;

  /**
   * @param scope the construct to create the association under: the hub (`hub.associateDirectConnectGateway`)
   * @param id the construct id; it is part of the logical ids of the association, its lookup and its segment
   *   association (renaming it replaces them)
   * @param props the hub, the Direct Connect gateway, the prefixes to advertise, the segment and the on-premises
   *   networks
   */
  constructor(scope: Construct, id: string, props: TransitDirectConnectAssociationProps) {
    super(scope, id);
    const { hub } = props;
    if (props.allowedPrefixes.length === 0) {
      throw propError(
        this,
        "allowedPrefixes is empty: an association with a transit gateway needs the prefixes to advertise on-premises, such as ['10.0.0.0/8']. (NG-DX-001)",
      );
    }
    if (props.allowedPrefixes.length > DX_ALLOWED_PREFIXES_PER_TGW_ASSOCIATION) {
      throw propError(
        this,
        `allowedPrefixes has ${props.allowedPrefixes.length} prefixes, more than the ${DX_ALLOWED_PREFIXES_PER_TGW_ASSOCIATION} (IPv4 and IPv6 together) a Direct Connect gateway association with a transit gateway takes; the quota cannot be increased (${DX_QUOTAS_URL}). Advertise summary prefixes, such as ['10.0.0.0/8']. (NG-DX-001)`,
      );
    }
    const allowed = cidrList(this, 'allowedPrefixes', props.allowedPrefixes, false);
    const asn = props.directConnectGatewayAsn;
    if (asn !== undefined && !Token.isUnresolved(asn) && asn === hub.amazonSideAsn) {
      throw propError(
        this,
        `directConnectGatewayAsn ${asn} equals the transit gateway's amazonSideAsn: AWS refuses the association. Give the hub or the Direct Connect gateway another ASN. (NG-DX-011)`,
      );
    }
    if (props.segment) hubInternals(hub).checkSegment(this, props.segment);
    const onPremises = props.onPremisesCidrs ? cidrList(this, 'onPremisesCidrs', props.onPremisesCidrs, true) : [];
    // What the app has put on the same Direct Connect gateway (a DirectConnectGateway's VPC side, other hubs).
    const gatewayId = props.directConnectGatewayId;
    const gatewayName = Token.isUnresolved(gatewayId) ? 'of this app' : gatewayId;
    checkTransitGatewayEntry(this, gatewayId, gatewayName, hub.amazonSideAsn, regionOf(hub));

    this.gatewayAssociation = new dx.CfnDirectConnectGatewayAssociation(this, 'Resource', {
      directConnectGatewayId: props.directConnectGatewayId,
      associatedGatewayId: hub.transitGatewayId,
      allowedPrefixesToDirectConnectGateway: allowed.map((b) => b.value),
    });
    const lookup = lookupAttachmentId(
      this,
      'AttachmentLookup',
      hub.transitGatewayId,
      props.directConnectGatewayId,
      'direct-connect-gateway',
      this.gatewayAssociation,
    );
    this.transitGatewayAttachmentId = lookup.attachmentId;
    declareOnPremises(lookup.resource, onPremises);
    this.association = hubInternals(hub).register({
      attachment: this,
      attachmentId: this.transitGatewayAttachmentId,
      segmentName: props.segment?.segmentName,
      scope: this,
      blocks: onPremises,
      dynamic: true,
      dependency: lookup.resource as CfnResource,
      kind: 'direct-connect',
    });
    registerTransitGatewayEntry(this, gatewayId, hub.amazonSideAsn, regionOf(hub));
  }
}
