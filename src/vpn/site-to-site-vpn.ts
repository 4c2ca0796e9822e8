import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { checkCustomerGateway, createVpnConnection } from './customer-gateway';
import { cidrKey, cidrList, vpcIdentity } from '../cidr';
import { AMAZON_SIDE_ASN_TEXT, DEFAULT_AMAZON_SIDE_ASN, isAmazonSideAsn } from '../facts/asn';
import { propError } from '../private/errors';
import { declareOnPremises } from '../private/on-premises';
import { appRegistry, DX_ENABLED_VPN_GATEWAYS_BY_VPC, VPN_GATEWAYS_BY_VPC } from '../private/registry';
import { selectRouteTables } from '../private/route-tables';
import { nameTag } from '../private/tags';
import type { HubTransitGateway, ITransitSegment, TransitVpnAttachment } from '../transit';

/**
 * Properties of a `SiteToSiteVpn`.
 */
export interface SiteToSiteVpnProps {
  /** The public IPv4 address of the customer gateway device. */
  readonly customerGatewayIp: string;

  /**
   * The BGP ASN of the customer gateway device: 1-4294967295 (above 2147483647 it is written to `BgpAsnExtended`);
   * 7224 is reserved in every Region, 9059 in eu-west-1, 10124 in ap-northeast-1 and 17943 in ap-southeast-1.
   *
   * @default 65000
   */
  readonly bgpAsn?: number;

  /**
   * Static routing: the on-premises networks behind the device.
   *
   * @default - BGP (dynamic) routing
   */
  readonly staticRoutes?: string[];

  /**
   * Connect to this VPC through a virtual private gateway (give this or `hub`). The VPC must not have a virtual
   * private gateway of its own (`ec2.Vpc` `vpnGateway`): a VPC takes one, and this construct makes it.
   *
   * @default - none: `hub` is required
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The subnets whose route tables learn the VPN's routes (virtual private gateway route propagation).
   *
   * @default - the route table of every subnet of the VPC
   */
  readonly propagateTo?: ec2.SubnetSelection[];

  /**
   * The private ASN of the virtual private gateway's Amazon side.
   *
   * @default - Amazon's default ASN (64512)
   */
  readonly amazonSideAsn?: number;

  /**
   * Connect to this transit gateway hub instead (give this or `vpc`); `segment` is then required.
   *
   * @default - none: `vpc` is required
   */
  readonly hub?: HubTransitGateway;

  /**
   * The hub segment for the VPN attachment.
   *
   * @default - none (required with `hub`)
   */
  readonly segment?: ITransitSegment;

  /**
   * With BGP routing: the on-premises networks you expect the customer gateway to advertise. With `hub`, they enter
   * the segments' managed prefix lists; with `vpc` and with `hub`, NetworkGuard's reachability reads them (they are
   * written into the connection's CloudFormation `Metadata`), since BGP routes are not known at synth. Refused with
   * `staticRoutes`, which are the on-premises networks then.
   *
   * @default - `staticRoutes`, or none (intents to or from on-premises behind this connection are undetermined)
   */
  readonly onPremisesCidrs?: string[];
}

/**
 * A site-to-site VPN from a customer gateway to a VPC's virtual private gateway (gateway, its attachment to the VPC,
 * route propagation into the chosen route tables depending on the attachment, static or BGP routing), or to a
 * `HubTransitGateway` segment.
 *
 * @see https://docs.aws.amazon.com/vpn/latest/s2svpn/VPC_VPN.html
 */
export class SiteToSiteVpn extends Construct {
  /** The `AWS::EC2::CustomerGateway`. */
  public readonly customerGateway: ec2.CfnCustomerGateway;

  /** The `AWS::EC2::VPNConnection`. */
  public readonly vpnConnection: ec2.CfnVPNConnection;

  /** The id of the VPN connection. */
  public readonly vpnConnectionId: string;

  /** The virtual private gateway (VPC connections only). */
  public readonly vpnGateway?: ec2.CfnVPNGateway;

  /** The gateway's attachment to the VPC (VPC connections only). */
  public readonly gatewayAttachment?: ec2.CfnVPCGatewayAttachment;

  /** The route propagation into the selected route tables (VPC connections only). */
  public readonly routePropagation?: ec2.CfnVPNGatewayRoutePropagation;

  /** The transit gateway side (hub connections only). */
  public readonly transitAttachment?: TransitVpnAttachment;

  /**
   * @param scope the construct to create the VPN under; with `hub`, the VPN and its attachment are the hub's (created
   *   by `hub.attachVpn`, in the hub's stack)
   * @param id the construct id; it is part of the logical id of every resource below it (renaming it replaces them)
   * @param props the customer gateway's address and ASN, the routing (BGP or static), and either the VPC or the hub and
   *   its segment
   */
  constructor(scope: Construct, id: string, props: SiteToSiteVpnProps) {
    super(scope, id);
    if ((props.vpc === undefined) === (props.hub === undefined)) {
      throw propError(
        this,
        'give exactly one of vpc (a virtual private gateway on that VPC) and hub (a HubTransitGateway with a segment).',
      );
    }
    if (props.hub) {
      if (!props.segment) {
        throw propError(
          this,
          "segment is required with hub: give the hub segment for the VPN attachment, such as hub.addSegment('onprem').",
        );
      }
      if (props.propagateTo || props.amazonSideAsn !== undefined) {
        throw propError(
          this,
          'propagateTo and amazonSideAsn apply to a virtual private gateway, not to a hub: remove them (the hub has its own amazonSideAsn).',
        );
      }
      // One implementation of a VPN to the hub: the hub's own (its attachment lives under the hub, named after this
      // construct's id).
      const clash = props.hub.node.tryFindChild(id);
      if (clash !== undefined) {
        throw propError(
          this,
          `hub ${props.hub.node.path} already has a child named '${id}' (${clash.node.path}), and the VPN to the hub is created under the hub with this construct's id. Give this SiteToSiteVpn another id.`,
        );
      }
      this.transitAttachment = props.hub.attachVpn(id, {
        segment: props.segment,
        customerGatewayIp: props.customerGatewayIp,
        bgpAsn: props.bgpAsn,
        staticRoutes: props.staticRoutes,
        onPremisesCidrs: props.onPremisesCidrs,
      });
      this.customerGateway = this.transitAttachment.customerGateway;
      this.vpnConnection = this.transitAttachment.vpnConnection;
      this.vpnConnectionId = this.transitAttachment.vpnConnectionId;
      return;
    }

    const vpc = props.vpc!;
    const bgpAsn = props.bgpAsn ?? 65000;
    if (props.segment) {
      throw propError(this, 'segment applies to a hub connection: remove it, or give hub instead of vpc.');
    }
    checkCustomerGateway(this, props.customerGatewayIp, bgpAsn);
    const asn = props.amazonSideAsn;
    if (asn !== undefined && !Token.isUnresolved(asn) && !isAmazonSideAsn(asn)) {
      throw propError(
        this,
        `amazonSideAsn ${asn} is outside the private ASN ranges ${AMAZON_SIDE_ASN_TEXT}. Choose one in them, or leave it out for Amazon's default (${DEFAULT_AMAZON_SIDE_ASN}).`,
      );
    }
    const staticRoutes = props.staticRoutes ? cidrList(this, 'staticRoutes', props.staticRoutes, true) : undefined;
    if (staticRoutes && staticRoutes.length === 0) {
      throw propError(this, 'staticRoutes is empty: list the on-premises networks, or leave staticRoutes out for BGP.');
    }
    if (staticRoutes && props.onPremisesCidrs) {
      throw propError(
        this,
        'onPremisesCidrs is given with staticRoutes: with static routing the on-premises networks are staticRoutes. Remove onPremisesCidrs.',
      );
    }
    const onPremises = props.onPremisesCidrs ? cidrList(this, 'onPremisesCidrs', props.onPremisesCidrs, true) : [];
    const identity = vpcIdentity(vpc);
    if (vpc.vpnGatewayId !== undefined) {
      const byDirectConnect = appRegistry<string>(this, DX_ENABLED_VPN_GATEWAYS_BY_VPC).get(identity);
      throw propError(
        this,
        byDirectConnect !== undefined
          ? `vpc ${vpc.node.path} already has the virtual private gateway that ${byDirectConnect} enabled for its Direct Connect association, and a VPC takes one. A virtual private gateway can carry both: create this SiteToSiteVpn before the association, and give the association vpnGatewayId: the SiteToSiteVpn's vpnGateway.ref. (NG-VPN-003)`
          : `vpc ${vpc.node.path} already has a virtual private gateway (${vpc.vpnGatewayId}), and a VPC takes one. Create the VPC without vpnGateway and let SiteToSiteVpn make it. (NG-VPN-003)`,
      );
    }
    // VPCs that already have a virtual private gateway from a SiteToSiteVpn in this app.
    const registry = appRegistry<string>(this, VPN_GATEWAYS_BY_VPC);
    const existing = registry.get(identity);
    if (existing !== undefined) {
      throw propError(
        this,
        `vpc ${vpc.node.path} already has a virtual private gateway from ${existing}, and a VPC takes one. Connect further sites through a HubTransitGateway (SiteToSiteVpn with hub). (NG-VPN-003)`,
      );
    }
    const tables = selectRouteTables(this, vpc, props.propagateTo, 'propagateTo');
    registry.set(identity, this.node.path);

    this.vpnGateway = new ec2.CfnVPNGateway(this, 'VpnGateway', {
      type: 'ipsec.1',
      amazonSideAsn: asn,
      tags: nameTag(this),
    });
    this.gatewayAttachment = new ec2.CfnVPCGatewayAttachment(this, 'GatewayAttachment', {
      vpcId: vpc.vpcId,
      vpnGatewayId: this.vpnGateway.ref,
    });
    this.routePropagation = new ec2.CfnVPNGatewayRoutePropagation(this, 'RoutePropagation', {
      vpnGatewayId: this.vpnGateway.ref,
      routeTableIds: tables.map((t) => t.routeTableId),
    });
    this.routePropagation.addDependency(this.gatewayAttachment);

    const { customerGateway, vpnConnection } = createVpnConnection(
      this,
      props.customerGatewayIp,
      bgpAsn,
      { vpnGatewayId: this.vpnGateway.ref },
      staticRoutes !== undefined,
    );
    this.customerGateway = customerGateway;
    this.vpnConnection = vpnConnection;
    this.vpnConnection.addDependency(this.gatewayAttachment);
    this.vpnConnectionId = this.vpnConnection.ref;
    declareOnPremises(this.vpnConnection, onPremises);
    for (const block of staticRoutes ?? []) {
      new ec2.CfnVPNConnectionRoute(this, `Route-${cidrKey(block.value)}`, {
        vpnConnectionId: this.vpnConnectionId,
        destinationCidrBlock: block.value,
      });
    }
  }
}
