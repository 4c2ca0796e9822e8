import { CfnResource } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { HubTransitGateway } from './hub-transit-gateway';
import { hubInternals } from './internals';
import { lookupAttachmentId } from './routing';
import { ITransitAttachment, ITransitSegment } from './transit-segment';
import { cidrList, VpcCidrBlock } from '../cidr';
import { propError, warn } from '../private/errors';
import { declareOnPremises } from '../private/on-premises';
import { checkCustomerGateway, createVpnConnection } from '../vpn/customer-gateway';

/**
 * Options of `HubTransitGateway.attachVpn`.
 */
export interface TransitVpnAttachmentOptions {
  /** The public IPv4 address of the customer gateway device. */
  readonly customerGatewayIp: string;

  /** The segment whose route table the VPN attachment is associated with. */
  readonly segment: ITransitSegment;

  /**
   * The BGP ASN of the customer gateway device (1-4294967294; 7224 and a few Region-specific ASNs are reserved).
   *
   * @default 65000
   */
  readonly bgpAsn?: number;

  /**
   * Static routing: the on-premises networks behind the device. They become static transit gateway routes to the
   * VPN attachment wherever a BGP attachment would propagate (its segment unless isolated, and the segments it
   * shares routes with).
   *
   * @default - BGP (dynamic) routing
   */
  readonly staticRoutes?: string[];

  /**
   * With BGP routing, the on-premises networks you expect, so that they enter the managed prefix lists of the
   * segments that reach this VPN (BGP-learned routes are not known at synth).
   *
   * @default - `staticRoutes` with static routing; none with BGP: spokes that route by prefix list do not reach
   * on-premises (a warning says so), so give them `routeTo`
   */
  readonly onPremisesCidrs?: string[];
}

/**
 * Properties of a `TransitVpnAttachment`.
 */
export interface TransitVpnAttachmentProps extends TransitVpnAttachmentOptions {
  /** The hub to connect to. */
  readonly hub: HubTransitGateway;
}

/**
 * A site-to-site VPN from a customer gateway to a `HubTransitGateway`, put in a segment. CloudFormation does not
 * return the VPN's transit gateway attachment id, so a custom resource looks it up
 * (`DescribeTransitGatewayAttachments`) before it is associated and propagated (or, with static routing, routed
 * to) like any attachment.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpn-attachments.html
 */
export class TransitVpnAttachment extends Construct implements ITransitAttachment {
  /** The `AWS::EC2::VPNConnection`. */
  public readonly vpnConnection: ec2.CfnVPNConnection;

  /** The id of the VPN connection. */
  public readonly vpnConnectionId: string;

  /** The `AWS::EC2::CustomerGateway`. */
  public readonly customerGateway: ec2.CfnCustomerGateway;

  /** The id of the VPN attachment, from the lookup custom resource. */
  public readonly transitGatewayAttachmentId: string;

  /** The association with the segment's route table. */
  public readonly association: ec2.CfnTransitGatewayRouteTableAssociation;

  /** The lookup custom resource's underlying resource: everything naming the attachment depends on it. */
  public readonly attachmentLookup: CfnResource;

  /**
   * @param scope the construct to create the customer gateway, the VPN connection and its attachment under
   *   (`hub.attachVpn` uses the hub)
   * @param id the construct id; it is part of the logical id of every resource below it (renaming it replaces them)
   * @param props the hub, the segment, the customer gateway's address and ASN, and the routing (BGP or static)
   */
  constructor(scope: Construct, id: string, props: TransitVpnAttachmentProps) {
    super(scope, id);
    const { hub } = props;
    const bgpAsn = props.bgpAsn ?? 65000;
    const segment = hubInternals(hub).checkSegment(this, props.segment);
    checkCustomerGateway(this, props.customerGatewayIp, bgpAsn);
    const staticRoutes = props.staticRoutes ? cidrList(this, 'staticRoutes', props.staticRoutes, true) : undefined;
    if (staticRoutes && staticRoutes.length === 0) {
      throw propError(
        this,
        'staticRoutes is empty: list the on-premises networks for static routing, or leave staticRoutes out for BGP.',
      );
    }
    if (staticRoutes && props.onPremisesCidrs) {
      throw propError(
        this,
        'onPremisesCidrs is given with staticRoutes: with static routing the on-premises networks are staticRoutes. Remove onPremisesCidrs.',
      );
    }
    const onPremises: VpcCidrBlock[] =
      staticRoutes ?? (props.onPremisesCidrs ? cidrList(this, 'onPremisesCidrs', props.onPremisesCidrs, true) : []);

    const { customerGateway, vpnConnection } = createVpnConnection(
      this,
      props.customerGatewayIp,
      bgpAsn,
      { transitGatewayId: hub.transitGatewayId },
      staticRoutes !== undefined,
    );
    this.customerGateway = customerGateway;
    this.vpnConnection = vpnConnection;
    this.vpnConnectionId = this.vpnConnection.ref;

    const lookup = lookupAttachmentId(
      this,
      'AttachmentLookup',
      hub.transitGatewayId,
      this.vpnConnectionId,
      'vpn',
      this.vpnConnection,
    );
    this.transitGatewayAttachmentId = lookup.attachmentId;
    this.attachmentLookup = lookup.resource;
    // BGP: the networks the user declares, for reachability (static routing writes its routes).
    if (staticRoutes === undefined) declareOnPremises(lookup.resource, onPremises);

    this.association = hubInternals(hub).register({
      attachment: this,
      attachmentId: this.transitGatewayAttachmentId,
      segmentName: segment.segmentName,
      scope: this,
      blocks: onPremises,
      dynamic: staticRoutes === undefined,
      dependency: lookup.resource,
      kind: 'vpn',
    })!;

    if (staticRoutes && hubInternals(hub).vpnEcmpExplicit) {
      warn(
        this,
        'NG-VPN-004',
        'this VPN uses static routing, but the hub asks for VPN ECMP: ECMP across VPN tunnels works with BGP only. Use BGP (leave staticRoutes out) to spread traffic over both tunnels.',
      );
    }
  }
}
