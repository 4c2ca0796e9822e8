import { Names, Stack, Token } from 'aws-cdk-lib';
import * as dx from 'aws-cdk-lib/aws-directconnect';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct, IConstruct } from 'constructs';
import { recordGatewayAsn } from './registry';
import {
  PrivateVirtualInterface,
  PrivateVirtualInterfaceOptions,
  TransitVirtualInterface,
  TransitVirtualInterfaceOptions,
} from './virtual-interfaces';
import { DirectConnectVpcAssociation, DirectConnectVpcAssociationOptions } from './vpc-association';
import { AMAZON_SIDE_ASN_TEXT, DEFAULT_AMAZON_SIDE_ASN, isAmazonSideAsn } from '../facts/asn';
import { sameEnvValue } from '../private/env';
import { propError } from '../private/errors';
import type { HubTransitGateway, ITransitSegment, TransitDirectConnectAssociation } from '../transit';

/** Options of `DirectConnectGateway.associateTransitGateway`. */
export interface DirectConnectTransitGatewayAssociationOptions {
  /** The hub to associate the gateway with. */
  readonly hub: HubTransitGateway;

  /**
   * The prefixes advertised to on-premises: at most 200 (IPv4 and IPv6 together), a Direct Connect quota that cannot
   * be raised, so summarize.
   *
   * @see https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html
   */
  readonly allowedPrefixes: string[];

  /**
   * The segment to associate the Direct Connect gateway attachment with.
   *
   * @default - not associated: traffic from on-premises has no route table until you associate it
   */
  readonly segment?: ITransitSegment;

  /**
   * The on-premises networks you expect over Direct Connect, for the managed prefix lists of the segments that reach
   * this attachment (BGP-learned routes are not known at synth).
   *
   * @default - none
   */
  readonly onPremisesCidrs?: string[];
}

/** A Direct Connect gateway, created here or imported. */
export interface IDirectConnectGateway extends IConstruct {
  /** The id of the Direct Connect gateway. */
  readonly gatewayId: string;

  /**
   * The gateway's Amazon-side ASN, when known.
   *
   * @default - not known (an imported gateway without `amazonSideAsn`)
   */
  readonly amazonSideAsn?: number;

  /**
   * Associate a VPC's virtual private gateway with this gateway, advertising `allowedPrefixes` on-premises, and
   * propagate the gateway's routes into the VPC's route tables.
   *
   * @param id the association's construct id (under this gateway, or under a scope of it in the VPC's stack)
   * @param options the VPC, the prefixes to advertise, its virtual private gateway and the route tables to propagate to
   */
  associateVpc(id: string, options: DirectConnectVpcAssociationOptions): DirectConnectVpcAssociation;

  /**
   * Associate this gateway with a hub's transit gateway (the same as `hub.associateDirectConnectGateway`, which
   * creates the association under the hub with this id).
   *
   * @param id the association's construct id, under the hub (a child id the hub does not have yet)
   * @param options the hub, the prefixes to advertise, the segment and the on-premises networks
   */
  associateTransitGateway(
    id: string,
    options: DirectConnectTransitGatewayAssociationOptions,
  ): TransitDirectConnectAssociation;

  /**
   * Add a private virtual interface on an existing connection or LAG, attached to this gateway.
   *
   * @param id the interface's construct id, under this gateway
   * @param options the connection, VLAN, ASN, MTU, BGP peers and the secret of the BGP key
   */
  addPrivateVirtualInterface(id: string, options: PrivateVirtualInterfaceOptions): PrivateVirtualInterface;

  /**
   * Add a transit virtual interface on an existing connection or LAG, attached to this gateway.
   *
   * @param id the interface's construct id, under this gateway
   * @param options the connection, VLAN, ASN, MTU, BGP peers and the secret of the BGP key
   */
  addTransitVirtualInterface(id: string, options: TransitVirtualInterfaceOptions): TransitVirtualInterface;
}

/** Properties of a `DirectConnectGateway`. */
export interface DirectConnectGatewayProps {
  /**
   * The private ASN of the Amazon side: 64512-65534 or 4200000000-4294967294. It must differ from the ASN of every
   * transit gateway associated with the gateway.
   *
   * @default 64512
   */
  readonly amazonSideAsn?: number;

  /**
   * The name of the gateway.
   *
   * @default - a unique name from the construct path
   */
  readonly gatewayName?: string;
}

/** Options of `DirectConnectGateway.fromGatewayId`. */
export interface DirectConnectGatewayImportOptions {
  /**
   * The gateway's Amazon-side ASN, to check that it differs from the ASNs of the transit gateways associated with it.
   *
   * @default - not known: not checked
   */
  readonly amazonSideAsn?: number;
}

/**
 * Where a VPC association goes: under the gateway when the VPC is in the gateway's stack, else in the VPC's stack
 * (its propagation must wait for the association, and the association names the VPC's gateway: one stack holds
 * both, so no cycle between stacks appears). A gateway created here (a token id) serves VPCs of its own account and
 * Region; an imported one (a literal id, global) VPCs of any Region of the importing stack's account.
 */
function vpcAssociationScope(gateway: IDirectConnectGateway, vpc: ec2.IVpc, id: string): Construct {
  const here = Stack.of(gateway);
  const vpcStack = Stack.of(vpc);
  if (vpcStack === here) return gateway;
  const sameRegionNeeded = Token.isUnresolved(gateway.gatewayId);
  if (
    !sameEnvValue(vpcStack.account, here.account) ||
    (sameRegionNeeded && !sameEnvValue(vpcStack.region, here.region))
  ) {
    throw propError(
      gateway,
      `associateVpc '${id}': vpc ${vpc.node.path} is in ${vpcStack.account}/${vpcStack.region}, but the gateway is in ${here.account}/${here.region}. ${sameEnvValue(vpcStack.account, here.account) ? "CloudFormation cannot reference the gateway's id across Regions: in the VPC's stack, import the gateway by its id as a literal (DirectConnectGateway.fromGatewayId) and associate the VPC there." : "A VPC of another account is associated through an association proposal that the gateway's owner accepts: make the proposal in the VPC's account."}`,
    );
  }
  const name = `DirectConnect-${Names.uniqueId(gateway)}`;
  return (vpcStack.node.tryFindChild(name) as Construct | undefined) ?? new Construct(vpcStack, name);
}

function associateTransitGatewayOf(
  gateway: IDirectConnectGateway,
  id: string,
  options: DirectConnectTransitGatewayAssociationOptions,
): TransitDirectConnectAssociation {
  // One implementation of a Direct Connect gateway association with a hub: the hub's own (under the hub, named
  // after this id), so that both ways of writing it give the same template.
  const clash = options.hub.node.tryFindChild(id);
  if (clash !== undefined) {
    throw propError(
      gateway,
      `hub ${options.hub.node.path} already has a child named '${id}' (${clash.node.path}), and the association with the hub is created under the hub with this id. Give the association another id.`,
    );
  }
  return options.hub.associateDirectConnectGateway(id, {
    directConnectGatewayId: gateway.gatewayId,
    directConnectGatewayAsn: gateway.amazonSideAsn,
    allowedPrefixes: options.allowedPrefixes,
    segment: options.segment,
    onPremisesCidrs: options.onPremisesCidrs,
  });
}

/**
 * What a created and an imported Direct Connect gateway both do: associations and virtual interfaces.
 */
abstract class DirectConnectGatewayBase extends Construct implements IDirectConnectGateway {
  public abstract readonly gatewayId: string;
  public abstract readonly amazonSideAsn?: number;

  /**
   * Associate a VPC's virtual private gateway with this gateway, advertising `allowedPrefixes` on-premises, and
   * propagate the gateway's routes into the VPC's route tables.
   *
   * @param id the association's construct id (under this gateway, or under a scope of it in the VPC's stack)
   * @param options the VPC, the prefixes to advertise, its virtual private gateway and the route tables to propagate to
   */
  public associateVpc(id: string, options: DirectConnectVpcAssociationOptions): DirectConnectVpcAssociation {
    return new DirectConnectVpcAssociation(vpcAssociationScope(this, options.vpc, id), id, {
      ...options,
      gateway: this,
    });
  }

  /**
   * Associate this gateway with a hub's transit gateway (the same as `hub.associateDirectConnectGateway`, which
   * creates the association under the hub with this id).
   *
   * @param id the association's construct id, under the hub (a child id the hub does not have yet)
   * @param options the hub, the prefixes to advertise, the segment and the on-premises networks
   */
  public associateTransitGateway(
    id: string,
    options: DirectConnectTransitGatewayAssociationOptions,
  ): TransitDirectConnectAssociation {
    return associateTransitGatewayOf(this, id, options);
  }

  /**
   * Add a private virtual interface on an existing connection or LAG, attached to this gateway.
   *
   * @param id the interface's construct id, under this gateway
   * @param options the connection, VLAN, ASN, MTU, BGP peers and the secret of the BGP key
   */
  public addPrivateVirtualInterface(id: string, options: PrivateVirtualInterfaceOptions): PrivateVirtualInterface {
    return new PrivateVirtualInterface(this, id, { ...options, gateway: this });
  }

  /**
   * Add a transit virtual interface on an existing connection or LAG, attached to this gateway.
   *
   * @param id the interface's construct id, under this gateway
   * @param options the connection, VLAN, ASN, MTU, BGP peers and the secret of the BGP key
   */
  public addTransitVirtualInterface(id: string, options: TransitVirtualInterfaceOptions): TransitVirtualInterface {
    return new TransitVirtualInterface(this, id, { ...options, gateway: this });
  }
}

/**
 * A Direct Connect gateway (`AWS::DirectConnect::DirectConnectGateway`): a global resource that connects the virtual
 * interfaces of Direct Connect connections to VPCs (through their virtual private gateways, with private virtual
 * interfaces) or to transit gateways (with transit virtual interfaces), never both on one gateway.
 *
 * @see https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-gateways-intro.html
 */
export class DirectConnectGateway extends DirectConnectGatewayBase {
  /**
   * Use a Direct Connect gateway made elsewhere (another app or account, the console) by its id.
   *
   * @param scope the construct to create the import under
   * @param id the import's construct id
   * @param gatewayId the id of the Direct Connect gateway; a literal id serves VPCs of every Region of the account
   * @param options the gateway's Amazon-side ASN, when known
   */
  public static fromGatewayId(
    scope: Construct,
    id: string,
    gatewayId: string,
    options: DirectConnectGatewayImportOptions = {},
  ): IDirectConnectGateway {
    return new ImportedDirectConnectGateway(scope, id, gatewayId, options);
  }

  /** The `AWS::DirectConnect::DirectConnectGateway`. */
  public readonly resource: dx.CfnDirectConnectGateway;

  /** The id of the Direct Connect gateway. */
  public readonly gatewayId: string;

  /**
   * The gateway's Amazon-side ASN (always set for a gateway created here).
   *
   * @default 64512
   */
  public readonly amazonSideAsn?: number;

  /**
   * @param scope the construct to create the gateway under
   * @param id the construct id; it is part of the logical id of the gateway and of everything below it
   * @param props the Amazon-side ASN and the gateway's name
   */
  constructor(scope: Construct, id: string, props: DirectConnectGatewayProps = {}) {
    super(scope, id);
    const asn = props.amazonSideAsn ?? DEFAULT_AMAZON_SIDE_ASN;
    checkGatewayAsn(this, asn);
    this.resource = new dx.CfnDirectConnectGateway(this, 'Resource', {
      directConnectGatewayName: props.gatewayName ?? Names.uniqueResourceName(this, { maxLength: 100 }),
      amazonSideAsn: Token.isUnresolved(asn) ? Token.asString(asn) : String(asn),
    });
    this.gatewayId = this.resource.attrDirectConnectGatewayId;
    this.amazonSideAsn = asn;
    recordGatewayAsn(this, this.gatewayId, asn);
  }
}

function checkGatewayAsn(scope: IConstruct, asn: number): void {
  if (!Token.isUnresolved(asn) && !isAmazonSideAsn(asn)) {
    throw propError(
      scope,
      `amazonSideAsn ${asn} is outside the private ASN ranges ${AMAZON_SIDE_ASN_TEXT}. Choose one in them, such as 64600, or leave it out for Amazon's default (${DEFAULT_AMAZON_SIDE_ASN}).`,
      'NG-DX-008',
    );
  }
}

class ImportedDirectConnectGateway extends DirectConnectGatewayBase {
  public readonly gatewayId: string;
  public readonly amazonSideAsn?: number;

  constructor(scope: Construct, id: string, gatewayId: string, options: DirectConnectGatewayImportOptions) {
    super(scope, id);
    if (options.amazonSideAsn !== undefined) checkGatewayAsn(this, options.amazonSideAsn);
    this.gatewayId = gatewayId;
    this.amazonSideAsn = options.amazonSideAsn;
    recordGatewayAsn(this, gatewayId, options.amazonSideAsn);
  }
}
