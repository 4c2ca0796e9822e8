import { Aspects, IAspect, Lazy, Names, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct, IConstruct } from 'constructs';
import type { HubTransitGateway } from './hub-transit-gateway';
import { asSegment, hubInternals, registerSegment } from './internals';
import { PREFIX_LIST_MAX_ENTRIES_LIMIT, ROUTES_PER_ROUTE_TABLE_DEFAULT } from './quotas';
import { checkSegmentName } from './routing';
import { cidrKey, cidrList } from '../cidr';
import { propError, warn } from '../private/errors';
import { parseCidrCached } from '../private/parsed-cidrs';
import { SelectedRouteTable } from '../private/route-tables';
import { nameTag } from '../private/tags';

/** The capacity of a segment's managed prefix list when `prefixListMaxEntries` is not given. */
const DEFAULT_PREFIX_LIST_MAX_ENTRIES = 20;

/**
 * Options of `HubTransitGateway.addSegment`.
 */
export interface TransitSegmentOptions {
  /**
   * Whether the attachments of this segment are kept apart from each other. An isolated segment's attachments do
   * not propagate into its own route table, so they reach only what is shared with the segment
   * (`shareRoutesWith`), static routes and the inspection VPC.
   *
   * @default false - the segment's attachments reach each other
   * @see https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-isolated.html
   */
  readonly isolated?: boolean;

  /**
   * The capacity (`MaxEntries`) of the segment's managed prefix list: the most IPv4 blocks the segment can reach
   * through it (1-1000). It is fixed, never derived from the number of entries, because EC2 refuses an update that
   * changes a prefix list's entries and its `MaxEntries` together: with a fixed capacity, adding or removing a spoke
   * edits the entries only. Change it in a deployment of its own, with no other change to the segment's reach.
   *
   * A route to a prefix list counts as its `MaxEntries` against the route quota of every route table that uses it
   * (50 routes by default): 20 leaves room for the route tables' other routes (local, NAT gateway, peering).
   *
   * @default 20
   * @see https://docs.aws.amazon.com/vpc/latest/userguide/managed-prefix-lists.html
   */
  readonly prefixListMaxEntries?: number;
}

/**
 * Properties of a `TransitSegment`.
 */
export interface TransitSegmentProps extends TransitSegmentOptions {
  /** The hub whose route table this is. */
  readonly hub: HubTransitGateway;

  /**
   * The segment's name: letters, digits and dashes. It names the route table and the ids of the associations,
   * propagations and routes that point at it.
   */
  readonly name: string;
}

/**
 * A segment of a `HubTransitGateway`, as props and methods take it: what `hub.addSegment(name)` returns.
 */
export interface ITransitSegment extends IConstruct {
  /** The segment's name. */
  readonly segmentName: string;
  /** The id of the segment's transit gateway route table (`tgw-rtb-...`). */
  readonly routeTableId: string;
}

/**
 * Anything attached to a `HubTransitGateway`: a VPC, a VPN connection, a peering attachment, a Direct Connect
 * gateway or a spoke of another account.
 */
export interface ITransitAttachment extends IConstruct {
  /** The id of the transit gateway attachment (`tgw-attach-...`). */
  readonly transitGatewayAttachmentId: string;
}

/**
 * A segment of a `HubTransitGateway`: one transit gateway route table. Attachments associated with it route by
 * it; what they reach is what propagates into it (its own attachments unless it is isolated, and those of the
 * segments it shares routes with) plus its static routes.
 *
 * Create it with `hub.addSegment(name)`.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html
 */
export class TransitSegment extends Construct implements ITransitSegment {
  /** The segment's name. */
  public readonly segmentName: string;

  /** Whether the segment's attachments are kept apart from each other. */
  public readonly isolated: boolean;

  /** The `AWS::EC2::TransitGatewayRouteTable`. */
  public readonly routeTable: ec2.CfnTransitGatewayRouteTable;

  /** The id of the route table (`tgw-rtb-...`). */
  public readonly routeTableId: string;

  /** The hub. */
  public readonly hub: HubTransitGateway;

  /** The capacity (`MaxEntries`) of the segment's managed prefix list. */
  public readonly prefixListMaxEntries: number;

  private readonly shared = new Set<TransitSegment>();
  private readonly blackholes = new Map<string, ec2.CfnTransitGatewayRoute>();
  /** Static route destinations of this route table (user routes, static VPN routes, inspection default route). */
  private readonly staticDestinations = new Map<string, string>();
  private list?: ec2.CfnPrefixList;
  /** The VPC route tables that route to the prefix list, by the attachment that wrote the routes. */
  private readonly listUsers = new Map<IConstruct, SelectedRouteTable[]>();

  /**
   * @param scope the hub (`hub.addSegment` creates the segment under it)
   * @param id the construct id; it is part of the logical id of every resource below it (renaming it replaces them)
   * @param props the hub, the segment's name, isolation and prefix-list capacity
   */
  constructor(scope: Construct, id: string, props: TransitSegmentProps) {
    super(scope, id);
    checkSegmentName(this, props.name);
    const maxEntries = props.prefixListMaxEntries ?? DEFAULT_PREFIX_LIST_MAX_ENTRIES;
    if (
      !Token.isUnresolved(maxEntries) &&
      (!Number.isInteger(maxEntries) || maxEntries < 1 || maxEntries > PREFIX_LIST_MAX_ENTRIES_LIMIT)
    ) {
      throw propError(
        this,
        `prefixListMaxEntries ${maxEntries} is not an integer in 1-${PREFIX_LIST_MAX_ENTRIES_LIMIT}. Give the most IPv4 blocks segment '${props.name}' will reach, such as ${DEFAULT_PREFIX_LIST_MAX_ENTRIES} (the default).`,
      );
    }
    this.hub = props.hub;
    this.segmentName = props.name;
    this.isolated = props.isolated ?? false;
    this.prefixListMaxEntries = maxEntries;
    registerSegment(this, {
      routeByPrefixList: (attachment, tables) => this.routeByPrefixList(attachment, tables),
      checkDestination: (destination, what) => this.checkDestination(destination, what),
      recordStatic: (destination, by) => this.recordStatic(destination, by),
      staticDestinations: () => this.listStaticDestinations(),
    });
    hubInternals(props.hub).registerSegment(this);

    this.routeTable = new ec2.CfnTransitGatewayRouteTable(this, 'Resource', {
      transitGatewayId: props.hub.transitGatewayId,
      tags: nameTag(this, `${Names.uniqueResourceName(props.hub, { maxLength: 200 })}-${props.name}`),
    });
    this.routeTableId = this.routeTable.ref;
    this.node.addValidation({ validate: () => this.validatePrefixList() });
    const segment = this;
    const warnings: IAspect = {
      visit(node: IConstruct) {
        if (node === segment) segment.warnAboutPrefixListRoutes();
      },
    };
    Aspects.of(this).add(warnings);
    hubInternals(props.hub).segmentReady(this);
  }

  /** The segments this one shares routes with. */
  public get sharedWith(): TransitSegment[] {
    return [...this.shared];
  }

  /**
   * Share routes with another segment, both ways: the attachments of each propagate into the other's route table.
   * Neither segment's own isolation changes.
   *
   * @param segment another segment of the same hub
   */
  public shareRoutesWith(segment: ITransitSegment): void {
    const other = asSegment(segment, this, 'shareRoutesWith');
    if (other.hub !== this.hub) {
      throw propError(
        this,
        `shareRoutesWith: segment '${other.segmentName}' belongs to another hub (${other.hub.node.path}). Share routes only between segments of one HubTransitGateway; connect hubs with peerWith.`,
      );
    }
    if (other === this) {
      throw propError(
        this,
        `shareRoutesWith: segment '${this.segmentName}' cannot share routes with itself. To let its attachments reach each other, create it without isolated: true.`,
      );
    }
    if (this.shared.has(other)) {
      return;
    }
    this.shared.add(other);
    other.shared.add(this);
    hubInternals(this.hub).segmentsShared(this, other);
  }

  /**
   * A static route in this segment's route table to `cidr` (a literal: it names the route's construct id) through
   * `attachment`. It is created next to the
   * attachment (in the attachment's stack) and depends on it.
   *
   * @param cidr the destination, a literal IPv4 or IPv6 CIDR such as `10.50.0.0/16`
   * @param attachment the attachment of the same hub that the traffic goes to (a VPC, VPN, peering or Direct Connect
   *   attachment)
   */
  public addStaticRoute(cidr: string, attachment: ITransitAttachment): ec2.CfnTransitGatewayRoute {
    cidrList(this, 'addStaticRoute cidr', [cidr], true);
    return hubInternals(this.hub).addStaticRoute(this, cidr, attachment, 'addStaticRoute');
  }

  /**
   * A blackhole route in this segment's route table: traffic to `cidr` is dropped (for example to keep isolated
   * segments from reaching each other through a default route).
   *
   * @param cidr the destination to drop, a literal IPv4 or IPv6 CIDR such as `10.99.0.0/16`
   */
  public addBlackholeRoute(cidr: string): ec2.CfnTransitGatewayRoute {
    const [block] = cidrList(this, 'addBlackholeRoute cidr', [cidr], true);
    this.checkNewDestination(block.literal ?? cidr, 'addBlackholeRoute');
    const route = new ec2.CfnTransitGatewayRoute(this, `Blackhole-${cidrKey(cidr)}`, {
      transitGatewayRouteTableId: this.routeTableId,
      destinationCidrBlock: cidr,
      blackhole: true,
    });
    this.blackholes.set(canonical(cidr), route);
    return route;
  }

  /**
   * The managed prefix list of every IPv4 block this segment reaches (created on first use, in the hub's stack, and
   * always when the hub is shared through AWS RAM). Its `MaxEntries` is `prefixListMaxEntries`, fixed, so that a
   * spoke added or removed changes its entries only; a synth error tells when the entries outgrow it.
   */
  public get prefixList(): ec2.CfnPrefixList {
    if (!this.list) {
      this.list = new ec2.CfnPrefixList(this, 'PrefixList', {
        prefixListName: Names.uniqueResourceName(this, { maxLength: 200 }),
        addressFamily: 'IPv4',
        maxEntries: this.prefixListMaxEntries,
        entries: Lazy.any({ produce: () => this.prefixListEntries() }, { omitEmptyArray: false }),
      });
    }
    return this.list;
  }

  /** The id of the segment's managed prefix list (`pl-...`): give it to `TransitSpoke` `prefixListId`. */
  public get prefixListId(): string {
    return this.prefixList.attrPrefixListId;
  }

  /**
   * The ARN of the segment's managed prefix list. When the hub has `shareWith`, its AWS RAM share holds it, so that
   * spokes of other accounts can route to it (`TransitSpoke` `prefixListId`).
   */
  public get prefixListArn(): string {
    return this.prefixList.attrArn;
  }

  /** Records the VPC route tables an attachment routes to the prefix list (replacing what it recorded before). */
  private routeByPrefixList(attachment: IConstruct, tables: SelectedRouteTable[]): void {
    if (tables.length === 0) {
      this.listUsers.delete(attachment);
    } else {
      this.listUsers.set(attachment, tables);
    }
  }

  /** Refuses a second static or blackhole route to the same destination (NG-TGW-006). */
  private checkDestination(destination: string, what: string): void {
    this.checkNewDestination(destination, what);
  }

  /** Records a static destination. */
  private recordStatic(destination: string, by: string): void {
    this.staticDestinations.set(canonical(destination), by);
  }

  /** The static (non-blackhole) destinations of this route table. */
  private listStaticDestinations(): string[] {
    return [...this.staticDestinations.keys()];
  }

  private checkNewDestination(destination: string, what: string): void {
    const key = canonical(destination);
    const existing = this.staticDestinations.get(key) ?? (this.blackholes.has(key) ? 'a blackhole route' : undefined);
    if (existing !== undefined) {
      throw propError(
        this,
        `${what}: segment '${this.segmentName}' already has a route to ${destination} (${existing}). A transit gateway route table takes one static or blackhole route per prefix: remove one of them. (NG-TGW-006)`,
      );
    }
  }

  private prefixListEntries(): ec2.CfnPrefixList.EntryProperty[] {
    return hubInternals(this.hub)
      .reachableBlocks(this)
      .known.map(([cidr, description]) => ({ cidr, description }));
  }

  private validatePrefixList(): string[] {
    if (!this.list) {
      return [];
    }
    const reach = hubInternals(this.hub).reachableBlocks(this);
    const errors = reach.unknown.map(
      (source) =>
        `segment '${this.segmentName}' reaches ${source}, whose CIDR block is not known at synth, so its managed prefix list cannot list it. Give the VPCs attached to segment '${this.segmentName}' routeTo (your summary routes, such as ['10.0.0.0/8']), or import that VPC with a literal vpcCidrBlock.`,
    );
    const max = this.prefixListMaxEntries;
    if (!Token.isUnresolved(max) && reach.known.length > max) {
      errors.push(
        `segment '${this.segmentName}' reaches ${reach.known.length} IPv4 blocks, more than its prefix list holds (prefixListMaxEntries ${max}). Raise prefixListMaxEntries in addSegment('${this.segmentName}', { prefixListMaxEntries }) in a deployment of its own, before the change that adds the blocks (EC2 refuses an update that changes a prefix list's entries and MaxEntries together), or give the spokes routeTo summary routes.`,
      );
    }
    if (this.listUsers.size > 0 && reach.known.length === 0 && reach.unknown.length === 0) {
      const users = describeAll([...this.listUsers.keys()].map((a) => a.node.path));
      if (reach.unlisted.length > 0) {
        const dynamic = describeAll(reach.unlisted.map((r) => r.attachment.node.path));
        errors.push(
          `segment '${this.segmentName}' would route ${users} to an empty prefix list: it reaches only ${dynamic}, whose on-premises networks are learned by BGP and not known at synth. Give onPremisesCidrs (the networks you expect) to ${dynamic}, or routeTo (summary routes, such as ['10.0.0.0/8']) to the attachments of segment '${this.segmentName}'.`,
        );
      } else {
        errors.push(
          `segment '${this.segmentName}' reaches no IPv4 block (nothing propagates into it and it has no static route but default routes), so ${users} would route to an empty prefix list. Share routes with another segment (shareRoutesWith), or give those attachments routeTo (such as ['0.0.0.0/0'] to send everything to the transit gateway).`,
        );
      }
    }
    return errors;
  }

  /**
   * Runs once the app is built (an aspect): the route-quota warning for the route tables that route to the prefix
   * list, and a warning on each BGP attachment this segment reaches whose networks the prefix list cannot list.
   */
  private warnAboutPrefixListRoutes(): void {
    if (this.listUsers.size === 0) return;
    const max = this.prefixListMaxEntries;
    if (!Token.isUnresolved(max)) {
      const tables = new Map<string, SelectedRouteTable>();
      for (const list of this.listUsers.values()) {
        for (const table of list) tables.set(table.routeTableId, table);
      }
      const over = [...tables.values()].filter(
        (table) => max + otherRoutesOf(table) > ROUTES_PER_ROUTE_TABLE_DEFAULT,
      ).length;
      if (over > 0) {
        warn(
          this,
          'NG-PFX-003',
          `segment '${this.segmentName}''s prefix list counts as its MaxEntries (${max}) against the route quota of each route table that routes to it: ${over} of the ${tables.size} route tables that do would hold more than the default quota of ${ROUTES_PER_ROUTE_TABLE_DEFAULT} routes per route table. Request a quota increase ("Routes per route table", Amazon VPC, in Service Quotas), lower prefixListMaxEntries, or give those VPCs routeTo summary routes instead.`,
        );
      }
    }
    for (const record of hubInternals(this.hub).reachableBlocks(this).unlisted) {
      warn(
        record.attachment,
        'tgw-dynamic-networks-unknown',
        `spokes of segment '${this.segmentName}' route to its managed prefix list, which cannot list the on-premises networks behind this attachment: BGP learns them at run time, so the spokes have no route to them. Give onPremisesCidrs (the networks you expect), or give the spokes routeTo (summary routes that cover them, such as ['10.0.0.0/8']).`,
      );
    }
  }
}

/** The routes CDK writes into a route table next to its subnets (default routes to an internet or NAT gateway). */
function otherRoutesOf(table: SelectedRouteTable): number {
  let most = 0;
  for (const subnet of table.subnets) {
    most = Math.max(most, subnet.node.children.filter((c) => c instanceof ec2.CfnRoute).length);
  }
  return most;
}

function describeAll(paths: string[]): string {
  return paths.length <= 3 ? paths.join(', ') : `${paths.slice(0, 3).join(', ')} and ${paths.length - 3} more`;
}

function canonical(cidr: string): string {
  if (Token.isUnresolved(cidr)) {
    return cidr;
  }
  return parseCidrCached(cidr)?.canonical ?? cidr;
}
