import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { HubTransitGateway } from './hub-transit-gateway';
import { hubInternals, registerAttachment, segmentInternals } from './internals';
import { addPrefixListRoutes, refuseRoutesInsideVpc, selectAttachmentSubnets } from './routing';
import { ITransitAttachment, ITransitSegment, TransitSegment } from './transit-segment';
import { cidrList, vpcAddressSpace, VpcCidrBlock, vpcIdentity, vpcPrimaryBlock } from '../cidr';
import { sameEnvValue } from '../private/env';
import { propError, warn } from '../private/errors';
import { selectRouteTables, SelectedRouteTable } from '../private/route-tables';
import { addRoutes } from '../private/routes';
import { nameTag } from '../private/tags';

/**
 * Options of `HubTransitGateway.attachVpc`.
 */
export interface TransitVpcAttachmentOptions {
  /** The VPC to attach, in the hub's account and Region (another stack is fine). */
  readonly vpc: ec2.IVpc;

  /** The segment whose route table the attachment is associated with. */
  readonly segment: ITransitSegment;

  /**
   * The subnets of the attachment: one per Availability Zone. The transit gateway reaches only the AZs that have
   * one.
   *
   * @default - one subnet per AZ, private subnets first (`{ onePerAz: true }`)
   */
  readonly subnets?: ec2.SubnetSelection;

  /**
   * Appliance mode: both directions of a flow go through the same AZ of this VPC (for stateful appliances).
   * `inspectThrough` turns it on. With appliance mode, the route tables of the attachment's own subnets get no
   * routes to what the segment reaches (traffic arriving there would go straight back to the transit gateway,
   * skipping the appliance): only the VPC's other subnets do. Route the attachment subnets' `0.0.0.0/0` to the
   * appliance yourself.
   *
   * @default false
   * @see https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html
   */
  readonly applianceMode?: boolean;

  /**
   * Whose route tables get routes to what the segment reaches. With appliance mode, it must not select the
   * attachment's own subnets.
   *
   * @default - the route table of every subnet of the VPC (with appliance mode, of every subnet but the
   * attachment's)
   */
  readonly routeTables?: ec2.SubnetSelection[];

  /**
   * Your own summary routes through the transit gateway (for example `['10.0.0.0/8']`), one route per route table
   * and block, instead of one route to the segment's managed prefix list.
   *
   * @default - one route per route table to the segment's managed prefix list
   */
  readonly routeTo?: string[];

  /**
   * DNS support on the attachment.
   *
   * @default true
   */
  readonly dnsSupport?: boolean;
}

/**
 * Properties of a `TransitVpcAttachment`.
 */
export interface TransitVpcAttachmentProps extends TransitVpcAttachmentOptions {
  /** The hub to attach to. */
  readonly hub: HubTransitGateway;
}

/**
 * A VPC attached to a `HubTransitGateway` segment: the attachment (one subnet per AZ), its association with the
 * segment's route table, its propagations, and routes from the VPC's route tables to what the segment reaches,
 * each depending on the attachment. Association and propagation ids are derived from the segment's name.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html
 */
export class TransitVpcAttachment extends Construct implements ITransitAttachment {
  /** The `AWS::EC2::TransitGatewayAttachment`. */
  public readonly attachment: ec2.CfnTransitGatewayAttachment;

  /** The id of the attachment. */
  public readonly transitGatewayAttachmentId: string;

  /** The attached VPC. */
  public readonly vpc: ec2.IVpc;

  /** The segment it is associated with. */
  public readonly segment: TransitSegment;

  /** The association with the segment's route table. */
  public readonly association: ec2.CfnTransitGatewayRouteTableAssociation;

  /** The Availability Zones of the attachment's subnets. */
  public readonly availabilityZones: string[];

  private applianceMode: boolean;
  private readonly dnsSupport: boolean;
  private readonly attachmentSubnets: ec2.ISubnet[];
  private readonly routeTablesGiven: boolean;
  private readonly routesScope: Construct;
  private readonly byPrefixList: boolean;
  /** The VPC route tables that got routes, and those routes. */
  private tables: SelectedRouteTable[];
  private readonly routesByTable = new Map<string, ec2.CfnRoute[]>();

  /**
   * @param scope the construct to create the attachment under: `hub.attachVpc` uses the hub, or, for a VPC of
   *   another stack of the hub's environment, a construct of that stack
   * @param id the construct id; it is part of the logical id of every resource below it (renaming it replaces them)
   * @param props the hub, the VPC, the segment it joins, its subnets and the routes its route tables get
   */
  constructor(scope: Construct, id: string, props: TransitVpcAttachmentProps) {
    super(scope, id);
    const { hub, vpc } = props;
    const stack = Stack.of(this);
    const hubStack = Stack.of(hub);

    // Everything is checked before anything is created.
    if (!sameEnvValue(stack.account, hubStack.account) || !sameEnvValue(stack.region, hubStack.region)) {
      throw propError(
        this,
        `this attachment is in ${stack.account}/${stack.region}, but hub ${hub.node.path} is in ${hubStack.account}/${hubStack.region}. Across accounts or Regions, create a TransitSpoke in the VPC's stack and call hub.associateSpoke.`,
      );
    }
    const segment = hubInternals(hub).checkSegment(this, props.segment);
    const identity = vpcIdentity(vpc);
    hubInternals(hub).checkVpc(this, vpc, identity);

    const selected = selectAttachmentSubnets(this, vpc, props.subnets);
    this.availabilityZones = selected.map((s) => s.availabilityZone);

    let routeTo: VpcCidrBlock[] | undefined;
    if (props.routeTo !== undefined) {
      if (props.routeTo.length === 0) {
        throw propError(
          this,
          "routeTo is empty: give your summary routes (such as ['10.0.0.0/8']), or leave routeTo out to route to the segment's prefix list.",
        );
      }
      routeTo = cidrList(this, 'routeTo', props.routeTo, false);
      refuseRoutesInsideVpc(this, vpc, vpcAddressSpace(vpc).blocks, routeTo);
    } else if (!segment.isolated) {
      // The primary block decides: secondary IPv4 blocks are literals or unroutable (IPAM), never tokens.
      if (vpcPrimaryBlock(vpc)?.literal === undefined) {
        throw propError(
          this,
          `vpc ${vpc.node.path} has a CIDR block that is not known at synth, so segment '${segment.segmentName}''s managed prefix list cannot list it. Give routeTo (your summary routes, such as ['10.0.0.0/8']) to the attachments of this segment, or import the VPC with a literal vpcCidrBlock.`,
        );
      }
    }
    this.vpc = vpc;
    this.segment = segment;
    this.attachmentSubnets = selected;
    this.routeTablesGiven = props.routeTables !== undefined;
    this.tables = selectRouteTables(this, vpc, props.routeTables, 'routeTables');
    this.applianceMode = props.applianceMode ?? false;
    if (this.applianceMode) {
      this.tables = this.applianceRouteTables('applianceMode');
    }

    // Create.
    this.dnsSupport = props.dnsSupport ?? true;
    this.attachment = new ec2.CfnTransitGatewayAttachment(this, 'Resource', {
      transitGatewayId: hub.transitGatewayId,
      vpcId: vpc.vpcId,
      subnetIds: selected.map((s) => s.subnetId),
      options: this.options(),
      tags: nameTag(this),
    });
    this.transitGatewayAttachmentId = this.attachment.ref;
    registerAttachment(this, {
      applianceRouteTables: (what) => this.applianceRouteTables(what),
      enableApplianceMode: (tables) => this.enableApplianceMode(tables),
    });

    this.association = hubInternals(hub).register(
      {
        attachment: this,
        attachmentId: this.transitGatewayAttachmentId,
        segmentName: segment.segmentName,
        scope: this,
        // Read when the segment's prefix list is rendered, so blocks associated after this call are listed too.
        get blocks() {
          return vpcAddressSpace(vpc).blocks;
        },
        dynamic: true,
        dependency: this.attachment,
        kind: 'vpc',
      },
      identity,
    )!;

    this.routesScope = new Construct(this, 'Routes');
    this.byPrefixList = routeTo === undefined;
    for (const table of this.tables) {
      const routes = routeTo
        ? addRoutes(this.routesScope, [table], routeTo, { transitGatewayId: hub.transitGatewayId })
        : addPrefixListRoutes(this.routesScope, [table], segment.prefixListId, hub.transitGatewayId, this.attachment);
      if (routeTo) for (const route of routes) route.addDependency(this.attachment);
      this.routesByTable.set(table.key, routes);
    }
    if (this.byPrefixList) segmentInternals(segment).routeByPrefixList(this, this.tables);
    this.warnUncoveredAzs(this.tables);
  }

  /** The routes added to the VPC's route tables. */
  public get routes(): ec2.CfnRoute[] {
    return [...this.routesByTable.values()].flat();
  }

  /** Whether appliance mode is on. */
  public get applianceModeEnabled(): boolean {
    return this.applianceMode;
  }

  /**
   * The route tables that keep their routes with appliance mode on: those of the VPC's other (appliance) subnets.
   * Throws, naming `what`, when a route table serves an attachment subnet and an appliance subnet, when `routeTables`
   * selects an attachment subnet, or when no route table is left.
   *
   */
  private applianceRouteTables(what: string): SelectedRouteTable[] {
    const attachmentIds = new Set(this.attachmentSubnets.map((s) => s.subnetId));
    const isAttachmentSubnet = (subnet: ec2.ISubnet) => attachmentIds.has(subnet.subnetId);
    const kept: SelectedRouteTable[] = [];
    for (const table of this.tables) {
      const own = table.subnets.filter(isAttachmentSubnet);
      if (own.length === 0) {
        kept.push(table);
        continue;
      }
      if (this.routeTablesGiven) {
        throw propError(
          this,
          `${what}: routeTables selects ${own[0].node.path}, a subnet of this appliance-mode attachment. A route there back to the transit gateway sends spoke traffic straight back, skipping the appliance (AWS guide "Appliance in a shared services VPC"). Select only the appliance subnets in routeTables; the attachment subnets need a 0.0.0.0/0 route to the appliance, which you add.`,
        );
      }
      const other = table.subnets.find((s) => !isAttachmentSubnet(s));
      if (other) {
        throw propError(
          this,
          `${what}: route table ${table.key} serves the attachment subnet ${own[0].node.path} and the appliance subnet ${other.node.path}. With appliance mode the attachment subnets route 0.0.0.0/0 to the appliance and the appliance subnets route the spokes back to the transit gateway, so one route table cannot serve both: give the attachment subnets route tables of their own.`,
        );
      }
    }
    if (kept.length === 0) {
      throw propError(
        this,
        `${what}: every route table of vpc ${this.vpc.node.path} serves an attachment subnet, so no appliance subnet could route the spokes back to the transit gateway. Put the appliances (or Gateway Load Balancer endpoints) in subnets of their own, apart from the attachment subnets.`,
      );
    }
    return kept;
  }

  /**
   * Turns appliance mode on (for `inspectThrough`) and removes the routes of the route tables that are not in
   * `tables` (from `_applianceRouteTables`).
   *
   */
  private enableApplianceMode(tables: SelectedRouteTable[]): void {
    this.applianceMode = true;
    this.attachment.options = this.options();
    const keep = new Set(tables.map((t) => t.key));
    for (const table of this.tables) {
      if (keep.has(table.key)) continue;
      for (const route of this.routesByTable.get(table.key) ?? []) {
        this.routesScope.node.tryRemoveChild(route.node.id);
      }
      this.routesByTable.delete(table.key);
    }
    this.tables = tables;
    if (this.byPrefixList) segmentInternals(this.segment).routeByPrefixList(this, this.tables);
  }

  private options(): any {
    const options: Record<string, string> = {};
    if (this.applianceMode) options.ApplianceModeSupport = 'enable';
    if (!this.dnsSupport) options.DnsSupport = 'disable';
    return Object.keys(options).length > 0 ? options : undefined;
  }

  /** NG-TGW-003: a route table whose subnets are all in AZs without an attachment subnet cannot reach the hub. */
  private warnUncoveredAzs(tables: SelectedRouteTable[]): void {
    const azs = new Set(this.availabilityZones.filter((az) => !Token.isUnresolved(az)));
    if (azs.size !== this.availabilityZones.length) return;
    for (const table of tables) {
      const tableAzs = table.subnets.map((s) => s.availabilityZone);
      if (tableAzs.some((az) => Token.isUnresolved(az))) continue;
      if (!tableAzs.some((az) => azs.has(az))) {
        warn(
          this,
          'NG-TGW-003',
          `route table ${table.key} serves subnets in ${[...new Set(tableAzs)].join(', ')} only, where the attachment has no subnet: traffic from there cannot reach the transit gateway. Add a subnet in that AZ to the attachment's subnets.`,
        );
      }
    }
  }
}
