import { Names, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ram from 'aws-cdk-lib/aws-ram';
import { Construct, IConstruct } from 'constructs';
import { TransitDirectConnectAssociation, TransitDirectConnectAssociationOptions } from './direct-connect';
import { asSegment, attachmentInternals, registerHub, segmentInternals } from './internals';
import { AttachmentRecord, checkSegmentName, dependUnlessReferenced } from './routing';
import { TransitPeering, TransitPeeringOptions } from './transit-peering';
import { ITransitAttachment, ITransitSegment, TransitSegment, TransitSegmentOptions } from './transit-segment';
import { TransitSpokeAssociation, TransitSpokeAssociationOptions } from './transit-spoke';
import { TransitVpcAttachment, TransitVpcAttachmentOptions } from './transit-vpc-attachment';
import { TransitVpnAttachment, TransitVpnAttachmentOptions } from './transit-vpn-attachment';
import { cidrKey, withVpcBlockIndex } from '../cidr';
import { sameEnvValue } from '../private/env';
import { propError } from '../private/errors';
import { parseCidrCached } from '../private/parsed-cidrs';
import { nameTag } from '../private/tags';

/**
 * Properties of a `HubTransitGateway`.
 */
export interface HubTransitGatewayProps {
  /**
   * The private ASN of the Amazon side of BGP sessions: 64512-65534 or 4200000000-4294967294.
   *
   * @default 64512
   */
  readonly amazonSideAsn?: number;

  /**
   * A description of the transit gateway.
   *
   * @default - none
   */
  readonly description?: string;

  /**
   * Resolve public DNS hostnames to private IP addresses across attached VPCs.
   *
   * @default true
   */
  readonly dnsSupport?: boolean;

  /**
   * Equal-cost multi-path routing across VPN connections (BGP only).
   *
   * @default true
   */
  readonly vpnEcmpSupport?: boolean;

  /**
   * Let security groups of attached VPCs reference security groups of other attached VPCs.
   *
   * @default false
   * @see https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html#vpc-attachment-security
   */
  readonly securityGroupReferencing?: boolean;

  /**
   * Share the transit gateway through AWS RAM with these principals: 12-digit account ids, organization ARNs
   * (`arn:aws:organizations::111111111111:organization/o-...`) or organizational unit ARNs
   * (`arn:aws:organizations::111111111111:ou/o-.../ou-...`). The share holds the transit gateway and the managed
   * prefix list of every segment, so that spokes of those accounts can route to it (`TransitSpoke` `prefixListId`).
   * An account outside your organization gets a RAM invitation that it must accept before it uses the share.
   *
   * @default - not shared
   * @see https://docs.aws.amazon.com/vpc/latest/tgw/tgw-transit-gateways.html#tgw-sharing
   */
  readonly shareWith?: string[];

  /**
   * Let principals outside your organization accept the share (needed for account ids outside it).
   *
   * @default false
   */
  readonly allowExternalPrincipals?: boolean;

  /**
   * Accept attachments that other accounts request on the shared transit gateway without a manual acceptance.
   * `associateSpoke` needs it: nothing else accepts a spoke's attachment before the hub associates it.
   *
   * @default false - each cross-account attachment must be accepted
   */
  readonly autoAcceptSharedAttachments?: boolean;
}

/**
 * A transit gateway hub with explicit segments. Default route table association and propagation are off: every
 * attachment is associated with the route table of its segment and propagates where the segment says.
 *
 * Spoke VPCs route to what their segment reaches through one managed prefix list per segment (or through their
 * own summary routes, `routeTo`): resources grow linearly with the number of spokes. A spoke VPC in another stack
 * of the same environment gets its attachment, association, propagations and routes in its own stack, so the hub's
 * stack does not grow with the spokes and no reference cycle appears.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/tgw/what-is-transit-gateway.html
 */
export class HubTransitGateway extends Construct {
  /** The `AWS::EC2::TransitGateway`. */
  public readonly transitGateway: ec2.CfnTransitGateway;

  /** The id of the transit gateway (`tgw-...`). */
  public readonly transitGatewayId: string;

  /** The ARN of the transit gateway. */
  public readonly transitGatewayArn: string;

  /** The Amazon-side ASN. */
  public readonly amazonSideAsn: number;

  /** The AWS RAM resource share (the transit gateway and every segment's prefix list), when `shareWith` is given. */
  public readonly resourceShare?: ram.CfnResourceShare;

  /** Whether VPN ECMP support was asked for explicitly. */
  private readonly vpnEcmpExplicit: boolean;

  /** Whether the transit gateway accepts shared attachments by itself. */
  private readonly autoAcceptSharedAttachments: boolean;

  private readonly segmentMap = new Map<string, TransitSegment>();
  private readonly records = new Map<IConstruct, AttachmentRecord>();
  private readonly bySegment = new Map<string, AttachmentRecord[]>();
  private readonly propagatedInto = new Map<string, Set<AttachmentRecord>>();
  private readonly vpcs = new Map<string, string>();
  private readonly spokeScopes = new Map<Stack, Construct>();
  private inspection?: AttachmentRecord;

  /**
   * @param scope the construct to create the transit gateway under, in the hub's stack
   * @param id the construct id; it is part of the logical id of every resource below it (renaming it replaces them)
   * @param props the Amazon-side ASN, the gateway's options and its RAM share
   */
  constructor(scope: Construct, id: string, props: HubTransitGatewayProps = {}) {
    super(scope, id);
    const asn = props.amazonSideAsn ?? 64512;
    if (!Token.isUnresolved(asn) && !isPrivateAsn(asn)) {
      throw propError(
        this,
        `amazonSideAsn ${asn} is outside the private ASN ranges 64512-65534 and 4200000000-4294967294. Choose an ASN in one of them, such as 64512. (NG-TGW-008)`,
      );
    }
    for (const [i, principal] of (props.shareWith ?? []).entries()) {
      if (!Token.isUnresolved(principal) && !isSharePrincipal(principal)) {
        throw propError(
          this,
          `shareWith[${i}] '${principal}' is not a 12-digit account id, an organization ARN (arn:aws:organizations::111111111111:organization/o-exampleorgid) or an organizational unit ARN (arn:aws:organizations::111111111111:ou/o-exampleorgid/ou-examplerootid-exampleouid). Give one of those.`,
        );
      }
    }
    if (props.shareWith !== undefined && props.shareWith.length === 0) {
      throw propError(this, 'shareWith is empty: give at least one principal, or leave shareWith out to not share.');
    }
    this.amazonSideAsn = asn;
    this.vpnEcmpExplicit = props.vpnEcmpSupport === true;
    this.autoAcceptSharedAttachments = props.autoAcceptSharedAttachments ?? false;

    const flag = (value: boolean | undefined, dflt: boolean) => ((value ?? dflt) ? 'enable' : 'disable');
    this.transitGateway = new ec2.CfnTransitGateway(this, 'Resource', {
      amazonSideAsn: asn,
      description: props.description,
      defaultRouteTableAssociation: 'disable',
      defaultRouteTablePropagation: 'disable',
      dnsSupport: flag(props.dnsSupport, true),
      vpnEcmpSupport: flag(props.vpnEcmpSupport, true),
      securityGroupReferencingSupport: flag(props.securityGroupReferencing, false),
      autoAcceptSharedAttachments: flag(props.autoAcceptSharedAttachments, false),
      tags: nameTag(this, Names.uniqueResourceName(this, { maxLength: 250 })),
    });
    this.transitGatewayId = this.transitGateway.ref;
    this.transitGatewayArn = this.transitGateway.attrTransitGatewayArn;

    if (props.shareWith) {
      this.resourceShare = new ram.CfnResourceShare(this, 'Share', {
        name: Names.uniqueResourceName(this, { maxLength: 200 }),
        resourceArns: [this.transitGatewayArn],
        principals: props.shareWith,
        allowExternalPrincipals: props.allowExternalPrincipals ?? false,
      });
    }
    this.node.addValidation({ validate: () => this.validateInspection() });
    registerHub(this, {
      vpnEcmpExplicit: this.vpnEcmpExplicit,
      autoAcceptSharedAttachments: this.autoAcceptSharedAttachments,
      registerSegment: (segment) => this.registerSegment(segment),
      segmentReady: (segment) => this.segmentReady(segment),
      checkVpc: (at, vpc, identity) => this.checkVpc(at, vpc, identity),
      checkSegment: (at, segment) => this.checkSegment(at, segment),
      register: (record, vpcIdentity) => this.register(record, vpcIdentity),
      segmentsShared: (a, b) => this.segmentsShared(a, b),
      addStaticRoute: (segment, cidr, attachment, what) => this.addStaticRoute(segment, cidr, attachment, what),
      reachableBlocks: (segment) => this.reachableBlocks(segment),
    });
  }

  /** The segments, in the order they were added. */
  public get segments(): TransitSegment[] {
    return [...this.segmentMap.values()];
  }

  /** Every attachment of this hub. */
  public get attachments(): ITransitAttachment[] {
    return [...this.records.keys()] as ITransitAttachment[];
  }

  /** The attachment that inter-segment traffic goes through, if `inspectThrough` was called. */
  public get inspectionAttachment(): TransitVpcAttachment | undefined {
    return this.inspection?.attachment as TransitVpcAttachment | undefined;
  }

  /**
   * Add a segment: its own transit gateway route table.
   *
   * @param name the segment's name: letters, digits and single dashes, at most 64; it is part of construct ids
   *   (`Segment-<name>`), so renaming a segment replaces its route table
   * @param options whether the segment is isolated, and its prefix list's capacity
   */
  public addSegment(name: string, options: TransitSegmentOptions = {}): TransitSegment {
    checkSegmentName(this, name);
    this.checkNewSegmentName(name);
    return new TransitSegment(this, `Segment-${name}`, { ...options, hub: this, name });
  }

  /**
   * The segment of that name.
   *
   * @param name the name given to `addSegment` (an unknown name is an error)
   */
  public segment(name: string): TransitSegment {
    const found = this.segmentMap.get(name);
    if (!found) {
      throw propError(this, `no segment named '${name}'. Add it with addSegment('${name}').`);
    }
    return found;
  }

  /**
   * Attach a VPC to a segment. When the VPC is in another stack of this environment, the attachment and everything
   * that names it (association, propagations, VPC routes) go into the VPC's stack.
   *
   * @param id the attachment's construct id (`<id>/Resource`, `<id>/Association-<segment>` ...)
   * @param options the VPC, its segment, its subnets and the routes its route tables get
   */
  public attachVpc(id: string, options: TransitVpcAttachmentOptions): TransitVpcAttachment {
    return new TransitVpcAttachment(this.scopeFor(options.vpc, id), id, { ...options, hub: this });
  }

  /**
   * Connect a customer gateway to the hub with a site-to-site VPN and put its attachment in a segment.
   *
   * @param id the construct id of the customer gateway, the VPN connection and its attachment
   * @param options the customer gateway's address and ASN, the segment and the routing (BGP or static)
   */
  public attachVpn(id: string, options: TransitVpnAttachmentOptions): TransitVpnAttachment {
    return new TransitVpnAttachment(this, id, { ...options, hub: this });
  }

  /**
   * Peer this transit gateway with another one (static routes only: add them with `segment.addStaticRoute`).
   *
   * @param id the peering attachment's construct id
   * @param options the peer transit gateway (id, Region, account) and, once accepted, the segment
   */
  public peerWith(id: string, options: TransitPeeringOptions): TransitPeering {
    return new TransitPeering(this, id, { ...options, hub: this });
  }

  /**
   * Associate a Direct Connect gateway with this transit gateway, advertising `allowedPrefixes` on-premises.
   *
   * @param id the construct id of the association and its attachment lookup
   * @param options the Direct Connect gateway, the prefixes advertised to it, its segment and ASN
   */
  public associateDirectConnectGateway(
    id: string,
    options: TransitDirectConnectAssociationOptions,
  ): TransitDirectConnectAssociation {
    return new TransitDirectConnectAssociation(this, id, { ...options, hub: this });
  }

  /**
   * Associate and propagate the attachment of a spoke VPC of another account (made by `TransitSpoke` in the
   * spoke's stack). This hub-side resource lives in the hub's stack.
   *
   * @param id the construct id of the association and propagations
   * @param options the spoke's attachment id, the segment it joins and the spoke's CIDR blocks
   */
  public associateSpoke(id: string, options: TransitSpokeAssociationOptions): TransitSpokeAssociation {
    return new TransitSpokeAssociation(this, id, { ...options, hub: this });
  }

  /**
   * Send traffic between segments through an inspection VPC, in both directions: every other segment gets a static
   * `0.0.0.0/0` route to `attachment`, and every attachment of the other segments propagates into the inspection
   * attachment's segment. Appliance mode is turned on for the attachment, so both directions of a flow use one
   * appliance. Traffic inside a non-isolated segment, or between segments that share routes, stays direct.
   *
   * Inside the inspection VPC, only the appliance subnets (every subnet but the attachment's) route the spokes to
   * the transit gateway: the spoke routes of the attachment subnets' route tables are removed, since traffic
   * arriving there would go straight back to the transit gateway, uninspected. Add the attachment subnets' own
   * `0.0.0.0/0` route to the appliance (its network interface, or a Gateway Load Balancer endpoint) yourself. A route
   * table shared by an attachment subnet and an appliance subnet, or a `routeTables` selection of an attachment
   * subnet, is refused.
   *
   * @see https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html
   * @param attachment the inspection VPC's attachment, the only one in its segment
   */
  public inspectThrough(attachment: TransitVpcAttachment): void {
    const record = this.records.get(attachment);
    if (!record || record.kind !== 'vpc') {
      throw propError(
        this,
        `inspectThrough: ${attachment.node.path} is not a VPC attachment of this hub. Attach the inspection VPC with attachVpc first, in a segment of its own.`,
      );
    }
    if (this.inspection) {
      throw propError(
        this,
        `inspectThrough: inter-segment traffic already goes through ${this.inspection.attachment.node.path}. A hub has one inspection attachment; remove one of the calls.`,
      );
    }
    const others = this.segments.filter((s) => s.segmentName !== record.segmentName);
    for (const segment of others) {
      segmentInternals(segment).checkDestination('0.0.0.0/0', 'inspectThrough');
    }
    const applianceTables = attachmentInternals(attachment).applianceRouteTables('inspectThrough');
    this.inspection = record;
    attachmentInternals(attachment).enableApplianceMode(applianceTables);
    for (const segment of others) {
      this.createStaticRoute(segment, '0.0.0.0/0', record);
    }
    const inspectionSegment = this.segment(record.segmentName!);
    for (const other of this.records.values()) {
      if (other !== record && other.segmentName !== undefined && other.segmentName !== record.segmentName) {
        this.propagate(other, inspectionSegment);
      }
    }
  }

  /** Registers a new segment (before its route table exists). */
  private registerSegment(segment: TransitSegment): void {
    this.checkNewSegmentName(segment.segmentName);
    this.segmentMap.set(segment.segmentName, segment);
  }

  /** Called by a segment once its route table exists. */
  private segmentReady(segment: TransitSegment): void {
    if (this.resourceShare) {
      // Spokes of the accounts the hub is shared with route to the segment's prefix list: share it with the TGW.
      this.resourceShare.resourceArns = [...(this.resourceShare.resourceArns ?? []), segment.prefixListArn];
    }
    if (this.inspection && this.inspection.segmentName !== segment.segmentName) {
      this.createStaticRoute(segment, '0.0.0.0/0', this.inspection);
    }
  }

  /** Throws when the VPC is already attached to this hub. */
  private checkVpc(scope: IConstruct, vpc: ec2.IVpc, identity: string): void {
    const existing = this.vpcs.get(identity);
    if (existing !== undefined) {
      throw propError(
        scope,
        `vpc ${vpc.node.path} is already attached to this hub by ${existing}. A VPC has one attachment to a transit gateway: remove one of them. (NG-TGW-015)`,
      );
    }
  }

  /** Throws unless `segment` is a segment of this hub. */
  private checkSegment(scope: IConstruct, given: ITransitSegment): TransitSegment {
    const segment = asSegment(given, scope, 'segment');
    if (segment.hub !== this) {
      throw propError(
        scope,
        `segment '${segment.segmentName}' belongs to hub ${segment.hub.node.path}, not to ${this.node.path}. Use a segment of the hub you attach to. (NG-TGW-011)`,
      );
    }
    return segment;
  }

  /**
   * Registers an attachment: associates it with its segment and propagates it where its segment says.
   *
   */
  private register(
    record: AttachmentRecord,
    vpcIdentity?: string,
  ): ec2.CfnTransitGatewayRouteTableAssociation | undefined {
    if (vpcIdentity !== undefined) {
      this.vpcs.set(vpcIdentity, record.attachment.node.path);
    }
    this.records.set(record.attachment, record);
    if (record.segmentName === undefined) {
      return undefined;
    }
    const segment = this.segment(record.segmentName);
    const association = new ec2.CfnTransitGatewayRouteTableAssociation(
      record.scope,
      `Association-${segment.segmentName}`,
      { transitGatewayRouteTableId: segment.routeTableId, transitGatewayAttachmentId: record.attachmentId },
    );
    if (record.dependency) dependUnlessReferenced(association, record.dependency, record.attachmentId);
    const list = this.bySegment.get(segment.segmentName) ?? [];
    list.push(record);
    this.bySegment.set(segment.segmentName, list);
    for (const target of this.targetsOf(record)) {
      this.propagate(record, target);
    }
    return association;
  }

  /** Two segments now share routes: propagate each one's attachments into the other. */
  private segmentsShared(a: TransitSegment, b: TransitSegment): void {
    for (const record of this.bySegment.get(a.segmentName) ?? []) this.propagate(record, b);
    for (const record of this.bySegment.get(b.segmentName) ?? []) this.propagate(record, a);
  }

  /** A static route in a segment to an attachment of this hub. */
  private addStaticRoute(
    segment: TransitSegment,
    cidr: string,
    attachment: ITransitAttachment,
    what: string,
  ): ec2.CfnTransitGatewayRoute {
    this.checkSegment(segment, segment);
    const record = this.records.get(attachment);
    if (!record) {
      throw propError(
        segment,
        `${what}: ${attachment.node.path} is not an attachment of hub ${this.node.path}. Route only to attachments of the segment's own transit gateway. (NG-TGW-011)`,
      );
    }
    if (record.pendingAcceptance) {
      throw propError(
        segment,
        `${what}: peering ${attachment.node.path} is not accepted yet (accepted is false). The attachment is pendingAcceptance in the deployment that creates it, and AWS refuses routes to it then (IncorrectState). Deploy the peering, accept it in the peer's stack (TransitPeeringAccepter), then set accepted: true on peerWith and add the route.`,
      );
    }
    segmentInternals(segment).checkDestination(cidr, what);
    return this.createStaticRoute(segment, cidr, record);
  }

  /**
   * Every IPv4 block a segment reaches (propagated attachments, static routes other than default routes, and
   * through the inspection VPC what it reaches), the sources of blocks unknown at synth, and the BGP attachments
   * (VPN, Direct Connect) it reaches whose networks are not declared (`onPremisesCidrs`).
   *
   */
  private reachableBlocks(segment: TransitSegment): {
    known: [string, string][];
    unknown: string[];
    unlisted: AttachmentRecord[];
  } {
    // Nothing is created while the blocks are collected: each stack is walked once for secondary blocks.
    return withVpcBlockIndex(() => {
      const known = new Map<string, string>();
      const unknown: string[] = [];
      const unlisted: AttachmentRecord[] = [];
      const collect = (seg: TransitSegment) => {
        for (const record of this.propagatedInto.get(seg.segmentName) ?? []) {
          if (
            record.dynamic &&
            (record.kind === 'vpn' || record.kind === 'direct-connect') &&
            !record.blocks.some((b) => b.family === 'ipv4' && b.literal !== undefined) &&
            !unlisted.includes(record)
          ) {
            unlisted.push(record);
          }
          for (const block of record.blocks) {
            if (block.family !== 'ipv4') continue;
            if (block.literal === undefined) {
              unknown.push(`${record.attachment.node.path} (${block.source})`);
              continue;
            }
            const key = parseCidrCached(block.literal)!.canonical;
            if (!known.has(key)) known.set(key, record.attachment.node.id);
          }
        }
        for (const destination of segmentInternals(seg).staticDestinations()) {
          const parsed = parseCidrCached(destination);
          if (parsed && parsed.family === 'ipv4' && parsed.prefixLength > 0 && !known.has(parsed.canonical)) {
            known.set(parsed.canonical, 'static route');
          }
        }
      };
      collect(segment);
      if (this.inspection && this.inspection.segmentName !== segment.segmentName) {
        collect(this.segment(this.inspection.segmentName!));
      }
      return { known: [...known.entries()], unknown, unlisted };
    });
  }

  private checkNewSegmentName(name: string): void {
    if (this.segmentMap.has(name)) {
      throw propError(this, `addSegment: a segment named '${name}' already exists. Give each segment its own name.`);
    }
  }

  /** The construct in which an attachment of `vpc` is created. */
  private scopeFor(vpc: ec2.IVpc, id: string): Construct {
    const hubStack = Stack.of(this);
    const vpcStack = Stack.of(vpc);
    if (vpcStack === hubStack) {
      return this;
    }
    if (!sameEnvValue(vpcStack.account, hubStack.account) || !sameEnvValue(vpcStack.region, hubStack.region)) {
      throw propError(
        this,
        `attachVpc '${id}': vpc ${vpc.node.path} is in ${vpcStack.account}/${vpcStack.region}, but the hub is in ${hubStack.account}/${hubStack.region}, and CloudFormation cannot reference across accounts or Regions. Share the hub (shareWith), create a TransitSpoke in the VPC's stack with the transit gateway id, and call hub.associateSpoke with its attachment id.`,
      );
    }
    let container = this.spokeScopes.get(vpcStack);
    if (!container) {
      container = new Construct(vpcStack, `TransitHub-${Names.uniqueId(this)}`);
      this.spokeScopes.set(vpcStack, container);
    }
    return container;
  }

  private targetsOf(record: AttachmentRecord): TransitSegment[] {
    if (record.segmentName === undefined) return [];
    const segment = this.segment(record.segmentName);
    const out = new Set<TransitSegment>();
    if (!segment.isolated) out.add(segment);
    for (const other of segment.sharedWith) out.add(other);
    if (this.inspection && this.inspection !== record && this.inspection.segmentName !== record.segmentName) {
      out.add(this.segment(this.inspection.segmentName!));
    }
    return [...out];
  }

  private propagate(record: AttachmentRecord, target: TransitSegment): void {
    let into = this.propagatedInto.get(target.segmentName);
    if (!into) {
      into = new Set();
      this.propagatedInto.set(target.segmentName, into);
    }
    if (into.has(record)) return;
    into.add(record);
    if (record.dynamic) {
      const propagation = new ec2.CfnTransitGatewayRouteTablePropagation(
        record.scope,
        `Propagation-${target.segmentName}`,
        { transitGatewayRouteTableId: target.routeTableId, transitGatewayAttachmentId: record.attachmentId },
      );
      if (record.dependency) dependUnlessReferenced(propagation, record.dependency, record.attachmentId);
      return;
    }
    // Static routing: the attachment's blocks become static routes where it would propagate.
    for (const block of record.blocks) {
      segmentInternals(target).checkDestination(block.value, `static routing of ${record.attachment.node.path}`);
      this.createStaticRoute(target, block.value, record);
    }
  }

  private createStaticRoute(
    segment: TransitSegment,
    cidr: string,
    record: AttachmentRecord,
  ): ec2.CfnTransitGatewayRoute {
    const route = new ec2.CfnTransitGatewayRoute(record.scope, `Route-${segment.segmentName}-${cidrKey(cidr)}`, {
      transitGatewayRouteTableId: segment.routeTableId,
      destinationCidrBlock: cidr,
      transitGatewayAttachmentId: record.attachmentId,
    });
    if (record.dependency) dependUnlessReferenced(route, record.dependency, record.attachmentId);
    segmentInternals(segment).recordStatic(cidr, record.attachment.node.path);
    return route;
  }

  private validateInspection(): string[] {
    if (!this.inspection) return [];
    const others = (this.bySegment.get(this.inspection.segmentName!) ?? []).filter((r) => r !== this.inspection);
    return others.map(
      (r) =>
        `segment '${this.inspection!.segmentName}' holds the inspection attachment, but ${r.attachment.node.path} is also associated with it and would reach every segment without inspection. Put the inspection attachment in a segment of its own.`,
    );
  }
}

function isPrivateAsn(asn: number): boolean {
  return Number.isInteger(asn) && ((asn >= 64512 && asn <= 65534) || (asn >= 4200000000 && asn <= 4294967294));
}

function isSharePrincipal(value: string): boolean {
  return (
    /^\d{12}$/.test(value) ||
    /^arn:aws[a-z-]*:organizations::\d{12}:organization\/o-[a-z0-9]{10,32}$/.test(value) ||
    /^arn:aws[a-z-]*:organizations::\d{12}:ou\/o-[a-z0-9]{10,32}\/ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}$/.test(value)
  );
}
