import { CfnResource, Stack } from 'aws-cdk-lib';
import * as dx from 'aws-cdk-lib/aws-directconnect';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct, IConstruct } from 'constructs';
import { DX_ALLOWED_PREFIXES_SOURCE } from './facts';
import type { IDirectConnectGateway } from './gateway';
import { checkGatewaySide, dxGatewayState } from './registry';
import { cidrList, overlappingBlocks, vpcAddressSpace, vpcIdentity } from '../cidr';
import { parsedContains } from '../cidr/ip';
import { DX_QUOTAS_URL, DX_VPN_GATEWAYS_PER_GATEWAY } from '../facts/quotas';
import { propError } from '../private/errors';
import { declareOnPremises } from '../private/on-premises';
import { parseCidrCached } from '../private/parsed-cidrs';
import { appRegistry, DX_ENABLED_VPN_GATEWAYS_BY_VPC, VPN_GATEWAYS_BY_VPC } from '../private/registry';
import { selectRouteTables } from '../private/route-tables';

/** Options of `DirectConnectGateway.associateVpc`. */
export interface DirectConnectVpcAssociationOptions {
  /** The VPC, in the Direct Connect gateway's account and Region. */
  readonly vpc: ec2.IVpc;

  /**
   * The prefixes advertised to on-premises: each the same as or wider than a block of the VPC, and every block of the
   * VPC inside one (AWS advertises whole VPC blocks; a narrower prefix advertises nothing).
   *
   * @see https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html
   */
  readonly allowedPrefixes: string[];

  /**
   * The VPC's virtual private gateway, attached to it. Required for an imported VPC; for an `ec2.Vpc` it must be the
   * VPC's own (a VPC takes one).
   *
   * @default - the VPC's virtual private gateway (`vpc.vpnGatewayId`), or a new one (`vpc.enableVpnGateway`) when an
   * `ec2.Vpc` has none
   */
  readonly vpnGatewayId?: string;

  /**
   * The subnets whose route tables learn the routes from on-premises (virtual private gateway route propagation).
   * An empty list propagates into none (when the propagation is managed elsewhere).
   *
   * @default - the route table of every subnet of the VPC
   */
  readonly propagateTo?: ec2.SubnetSelection[];

  /**
   * The on-premises networks you expect over the gateway's private virtual interfaces (BGP routes are not known at
   * synth). They are written into the association's CloudFormation `Metadata`, where NetworkGuard's reachability
   * reads them: the routes the VPC's route tables learn from the virtual private gateway.
   *
   * @default - none (intents to or from on-premises behind this gateway are undetermined)
   */
  readonly onPremisesCidrs?: string[];
}

/** Properties of a `DirectConnectVpcAssociation`. */
export interface DirectConnectVpcAssociationProps extends DirectConnectVpcAssociationOptions {
  /** The Direct Connect gateway. */
  readonly gateway: IDirectConnectGateway;
}

/**
 * A VPC's virtual private gateway associated with a Direct Connect gateway
 * (`AWS::DirectConnect::DirectConnectGatewayAssociation` with the allowed prefixes), and route propagation from the
 * virtual private gateway into the VPC's route tables (`AWS::EC2::VPNGatewayRoutePropagation`, with `DependsOn` the
 * gateway's attachment to the VPC). The VPC's own virtual private gateway is used, or one is enabled on an `ec2.Vpc`
 * that has none; never a second one.
 *
 * @see https://docs.aws.amazon.com/directconnect/latest/UserGuide/virtualgateways.html
 */
export class DirectConnectVpcAssociation extends Construct {
  /** The `AWS::DirectConnect::DirectConnectGatewayAssociation`. */
  public readonly gatewayAssociation: dx.CfnDirectConnectGatewayAssociation;

  /** The id of the virtual private gateway associated. */
  public readonly vpnGatewayId: string;

  /**
   * The route propagation into the VPC's route tables: the one `enableVpnGateway` made, or this construct's own for
   * route tables no propagation of the gateway covers yet.
   *
   * @default - none (every selected route table already learns the gateway's routes, or `propagateTo` is empty)
   */
  public readonly routePropagation?: ec2.CfnVPNGatewayRoutePropagation;

  /**
   * @param scope the construct to create the association under, in the VPC's stack
   * @param id the construct id; it is part of the association's logical id (renaming it replaces the association)
   * @param props the gateway, the VPC, the prefixes to advertise and the route tables to propagate to
   */
  constructor(scope: Construct, id: string, props: DirectConnectVpcAssociationProps) {
    super(scope, id);
    const { vpc, gateway } = props;
    const gatewayId = gateway.gatewayId;

    // Everything is checked before anything is created (the account and Region: where the gateway puts this).
    if (props.allowedPrefixes.length === 0) {
      throw propError(
        this,
        `allowedPrefixes is empty: give the prefixes to advertise on-premises, each the same as or wider than a block of the VPC, such as the VPC's CIDR block.`,
        'NG-DX-006',
      );
    }
    const allowed = cidrList(this, 'allowedPrefixes', props.allowedPrefixes, false);
    checkAllowedPrefixes(this, vpc, allowed);
    const onPremises = props.onPremisesCidrs ? cidrList(this, 'onPremisesCidrs', props.onPremisesCidrs, true) : [];

    const vgw = this.resolveVpnGateway(props);
    checkGatewaySide(this, gatewayId, 'vpc', 'A virtual private gateway association', gateway.node.path);
    const state = dxGatewayState(this, gatewayId);
    if (state.vpnGateways.length + 1 > DX_VPN_GATEWAYS_PER_GATEWAY) {
      throw propError(
        this,
        `Direct Connect gateway ${gateway.node.path} already has ${state.vpnGateways.length} virtual private gateway associations, the most a Direct Connect gateway takes; the quota cannot be increased (${DX_QUOTAS_URL}). Use another Direct Connect gateway, or reach the VPCs through a transit gateway.`,
        'NG-DX-007',
      );
    }
    const blocks = vpcAddressSpace(vpc).blocks;
    for (const other of state.vpcBlocks) {
      const overlap = overlappingBlocks(blocks, other.blocks);
      if (overlap.length > 0 && other.vpc !== vpcIdentity(vpc)) {
        throw propError(
          this,
          `block ${overlap[0][0]} of vpc ${vpc.node.path} overlaps block ${overlap[0][1]} of the VPC of ${other.path} on the same Direct Connect gateway, and the VPCs of one Direct Connect gateway cannot have overlapping blocks. Use another Direct Connect gateway, or renumber one VPC.`,
          'NG-DX-010',
        );
      }
    }
    const byVgw = appRegistry<string>(this, 'dx-associations-by-vpn-gateway');
    if (vgw.existing !== undefined && byVgw.has(vgw.existing)) {
      throw propError(
        this,
        `the virtual private gateway of vpc ${vpc.node.path} is already associated with a Direct Connect gateway by ${byVgw.get(vgw.existing)}, and a virtual private gateway takes one Direct Connect gateway. Remove one of the associations.`,
      );
    }
    const tables =
      props.propagateTo !== undefined && props.propagateTo.length === 0
        ? []
        : selectRouteTables(this, vpc, props.propagateTo, 'propagateTo');
    if (vgw.existing === undefined && tables.length === 0) {
      throw propError(
        this,
        `propagateTo is empty, but vpc ${vpc.node.path} has no virtual private gateway yet, and enableVpnGateway propagates into the route tables of the subnets it is given. Select the subnets whose route tables learn the routes from on-premises, or leave propagateTo out for every subnet.`,
      );
    }

    // Create.
    let vpnGatewayId: string;
    let attachment: CfnResource | undefined;
    // Every propagation of the gateway into the VPC's route tables: each waits for the association.
    const propagations: CfnResource[] = [];
    if (vgw.existing === undefined) {
      const subnets = [...new Set(tables.flatMap((t) => t.subnets))];
      (vpc as ec2.Vpc).enableVpnGateway({
        type: ec2.VpnConnectionType.IPSEC_1,
        vpnRoutePropagation: subnets.length > 0 ? [{ subnets }] : [],
      });
      vpnGatewayId = vpc.vpnGatewayId!;
      appRegistry<string>(this, DX_ENABLED_VPN_GATEWAYS_BY_VPC).set(vpcIdentity(vpc), this.node.path);
      attachment = vpc.node.tryFindChild('VPCVPNGW') as CfnResource | undefined;
      // enableVpnGateway adds the propagation (with DependsOn the attachment) for the subnets given: not repeated.
      const made = vpc.node.tryFindChild('RoutePropagation');
      this.routePropagation =
        made instanceof ec2.CfnVPNGatewayRoutePropagation && subnets.length > 0 ? made : undefined;
      if (this.routePropagation) propagations.push(this.routePropagation);
    } else {
      vpnGatewayId = vgw.existing;
      const found = gatewayResourcesOf(vpc, vpnGatewayId);
      attachment = found.attachment;
      propagations.push(...found.propagations);
      const missing = tables.filter((t) => !found.propagated.has(keyOf(vpc, t.routeTableId)));
      if (missing.length > 0) {
        this.routePropagation = new ec2.CfnVPNGatewayRoutePropagation(this, 'RoutePropagation', {
          vpnGatewayId,
          routeTableIds: missing.map((t) => t.routeTableId),
        });
        if (attachment) this.routePropagation.addDependency(attachment);
        propagations.push(this.routePropagation);
      }
    }
    this.vpnGatewayId = vpnGatewayId;
    this.gatewayAssociation = new dx.CfnDirectConnectGatewayAssociation(this, 'Resource', {
      directConnectGatewayId: gatewayId,
      associatedGatewayId: vpnGatewayId,
      allowedPrefixesToDirectConnectGateway: allowed.map((b) => b.value),
    });
    declareOnPremises(this.gatewayAssociation, onPremises);
    // The virtual private gateway must be attached to its VPC before it is associated, and route propagation must
    // not be enabled before the association ("routes might be propagated incorrectly").
    if (attachment) this.gatewayAssociation.addDependency(attachment);
    for (const p of propagations) p.addDependency(this.gatewayAssociation);
    byVgw.set(vpnGatewayId, this.node.path);
    state.vpcSide.push(this.node.path);
    state.vpnGateways.push(this.node.path);
    state.vpcBlocks.push({ path: this.node.path, vpc: vpcIdentity(vpc), blocks });
  }

  /** The VPC's virtual private gateway (`existing`), or none yet (`enableVpnGateway` makes it); throws otherwise. */
  private resolveVpnGateway(props: DirectConnectVpcAssociationProps): { existing?: string } {
    const { vpc } = props;
    const own = vpc.vpnGatewayId;
    if (props.vpnGatewayId !== undefined) {
      if (own !== undefined && !sameValue(vpc, own, props.vpnGatewayId)) {
        throw propError(
          this,
          `vpnGatewayId ${props.vpnGatewayId} is not the virtual private gateway of vpc ${vpc.node.path} (${own}), and a VPC takes one. Leave vpnGatewayId out to use the VPC's own.`,
        );
      }
      return { existing: props.vpnGatewayId };
    }
    if (own !== undefined) return { existing: own };
    if (!(vpc instanceof ec2.Vpc)) {
      throw propError(
        this,
        `vpnGatewayId is required for vpc ${vpc.node.path}, which is imported: give the id of the virtual private gateway attached to it (vgw-...).`,
      );
    }
    const fromVpn = appRegistry<string>(this, VPN_GATEWAYS_BY_VPC).get(vpcIdentity(vpc));
    if (fromVpn !== undefined) {
      throw propError(
        this,
        `vpc ${vpc.node.path} already has a virtual private gateway from ${fromVpn}, and a VPC takes one. Give vpnGatewayId: that SiteToSiteVpn's vpnGateway.ref.`,
      );
    }
    return {};
  }
}

/** Whether two values (literals or tokens) are the same id, as written in the VPC's stack. */
function sameValue(scope: IConstruct, a: string, b: string): boolean {
  if (a === b) return true;
  const stack = Stack.of(scope);
  return JSON.stringify(stack.resolve(a)) === JSON.stringify(stack.resolve(b));
}

function keyOf(scope: IConstruct, value: string): string {
  return JSON.stringify(Stack.of(scope).resolve(value));
}

/**
 * The attachment of a virtual private gateway to the VPC and the route tables its propagations already cover, from
 * the VPC's stack (`enableVpnGateway`, a `SiteToSiteVpn`, L1s).
 */
function gatewayResourcesOf(
  vpc: ec2.IVpc,
  vpnGatewayId: string,
): { attachment?: CfnResource; propagated: Set<string>; propagations: CfnResource[] } {
  const stack = Stack.of(vpc);
  const gatewayKey = keyOf(vpc, vpnGatewayId);
  const vpcKey = keyOf(vpc, vpc.vpcId);
  let attachment: CfnResource | undefined;
  const propagated = new Set<string>();
  const propagations: CfnResource[] = [];
  for (const c of stack.node.findAll()) {
    if (c instanceof ec2.CfnVPCGatewayAttachment && c.vpnGatewayId !== undefined) {
      if (keyOf(vpc, c.vpnGatewayId) === gatewayKey && keyOf(vpc, c.vpcId) === vpcKey) attachment = c;
    } else if (c instanceof ec2.CfnVPNGatewayRoutePropagation && keyOf(vpc, c.vpnGatewayId) === gatewayKey) {
      for (const t of c.routeTableIds) propagated.add(keyOf(vpc, t));
      propagations.push(c);
    }
  }
  return { attachment, propagated, propagations };
}

/**
 * Each allowed prefix must be the same as or wider than a block of the VPC (a narrower or unrelated one advertises
 * nothing), and each block of the VPC must be inside an allowed prefix (else it is not advertised). Checked where the
 * values are known.
 */
function checkAllowedPrefixes(scope: IConstruct, vpc: ec2.IVpc, allowed: { literal?: string; value: string }[]): void {
  const blocks = vpcAddressSpace(vpc).blocks;
  const parsedBlocks = blocks.map((b) => (b.literal ? parseCidrCached(b.literal) : undefined));
  const parsedAllowed = allowed.map((a) => (a.literal ? parseCidrCached(a.literal) : undefined));
  parsedAllowed.forEach((prefix, i) => {
    if (!prefix) return;
    const sameFamily = blocks.map((b, j) => ({ b, p: parsedBlocks[j] })).filter(({ b }) => b.family === prefix.family);
    if (sameFamily.length === 0 || sameFamily.some(({ p }) => !p)) return;
    if (!sameFamily.some(({ p }) => parsedContains(prefix, p!))) {
      throw propError(
        scope,
        `allowedPrefixes[${i}] '${prefix.text}' is not the same as or wider than a block of vpc ${vpc.node.path} (${sameFamily.map(({ b }) => b.literal).join(', ')}): AWS advertises whole VPC blocks, so it advertises nothing. Give the VPC block, such as '${sameFamily[0].b.literal}', or a wider prefix (${DX_ALLOWED_PREFIXES_SOURCE}).`,
        'NG-DX-006',
      );
    }
  });
  if (parsedAllowed.some((p) => !p)) return;
  blocks.forEach((block, j) => {
    const p = parsedBlocks[j];
    if (!p) return;
    if (!parsedAllowed.some((prefix) => prefix!.family === p.family && parsedContains(prefix!, p))) {
      throw propError(
        scope,
        `block ${block.literal} of vpc ${vpc.node.path} is inside none of allowedPrefixes (${allowed.map((a) => a.literal).join(', ')}), so it is not advertised on-premises. Add '${block.literal}' or a wider prefix to allowedPrefixes (${DX_ALLOWED_PREFIXES_SOURCE}).`,
        'NG-DX-006',
      );
    }
  });
}
