import { Lazy, Names, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct, IConstruct } from 'constructs';
import type { HubTransitGateway } from './hub-transit-gateway';
import { checkSegmentName, cidrKey, cidrList } from './routing';
import { parseCidr } from '../cidr';
import { propError } from '../private/errors';

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
export class TransitSegment extends Construct {
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

  private readonly shared = new Set<TransitSegment>();
  private readonly blackholes = new Map<string, ec2.CfnTransitGatewayRoute>();
  /** Static route destinations of this route table (user routes, static VPN routes, inspection default route). */
  private readonly staticDestinations = new Map<string, string>();
  private list?: ec2.CfnPrefixList;

  constructor(scope: Construct, id: string, props: TransitSegmentProps) {
    super(scope, id);
    checkSegmentName(this, props.name);
    this.hub = props.hub;
    this.segmentName = props.name;
    this.isolated = props.isolated ?? false;
    props.hub._registerSegment(this);

    this.routeTable = new ec2.CfnTransitGatewayRouteTable(this, 'Resource', {
      transitGatewayId: props.hub.transitGatewayId,
      tags: [{ key: 'Name', value: `${Names.uniqueResourceName(props.hub, { maxLength: 200 })}-${props.name}` }],
    });
    this.routeTableId = this.routeTable.ref;
    this.node.addValidation({ validate: () => this.validatePrefixList() });
    props.hub._segmentReady(this);
  }

  /** The segments this one shares routes with. */
  public get sharedWith(): TransitSegment[] {
    return [...this.shared];
  }

  /**
   * Share routes with another segment, both ways: the attachments of each propagate into the other's route table.
   * Neither segment's own isolation changes.
   */
  public shareRoutesWith(other: TransitSegment): void {
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
    this.hub._segmentsShared(this, other);
  }

  /**
   * A static route in this segment's route table to `cidr` (a literal: it names the route's construct id) through
   * `attachment`. It is created next to the
   * attachment (in the attachment's stack) and depends on it.
   */
  public addStaticRoute(cidr: string, attachment: ITransitAttachment): ec2.CfnTransitGatewayRoute {
    cidrList(this, 'addStaticRoute cidr', [cidr], true);
    return this.hub._addStaticRoute(this, cidr, attachment, 'addStaticRoute');
  }

  /**
   * A blackhole route in this segment's route table: traffic to `cidr` is dropped (for example to keep isolated
   * segments from reaching each other through a default route).
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
   * The managed prefix list of every IPv4 block this segment reaches (created on first use, in the hub's stack).
   * `MaxEntries` is the number of entries, at least 1: a route table counts a referenced prefix list by its
   * `MaxEntries` against its route quota, so the list is never larger than needed; CloudFormation resizes it in
   * place when spokes are added.
   */
  public get prefixList(): ec2.CfnPrefixList {
    if (!this.list) {
      this.list = new ec2.CfnPrefixList(this, 'PrefixList', {
        prefixListName: Names.uniqueResourceName(this, { maxLength: 200 }),
        addressFamily: 'IPv4',
        maxEntries: Lazy.number({ produce: () => Math.max(1, this.prefixListEntries().length) }),
        entries: Lazy.any({ produce: () => this.prefixListEntries() }, { omitEmptyArray: false }),
      });
    }
    return this.list;
  }

  /** The id of the segment's managed prefix list (`pl-...`). */
  public get prefixListId(): string {
    return this.prefixList.attrPrefixListId;
  }

  /** Refuses a second static or blackhole route to the same destination (NG-TGW-006). @internal */
  public _checkDestination(destination: string, what: string): void {
    this.checkNewDestination(destination, what);
  }

  /** Records a static destination. @internal */
  public _recordStatic(destination: string, by: string): void {
    this.staticDestinations.set(canonical(destination), by);
  }

  /** The static (non-blackhole) destinations of this route table. @internal */
  public _staticDestinations(): string[] {
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
    return this.hub._reachableBlocks(this).known.map(([cidr, description]) => ({ cidr, description }));
  }

  private validatePrefixList(): string[] {
    if (!this.list) {
      return [];
    }
    return this.hub
      ._reachableBlocks(this)
      .unknown.map(
        (source) =>
          `segment '${this.segmentName}' reaches ${source}, whose CIDR block is not known at synth, so its managed prefix list cannot list it. Give the VPCs attached to segment '${this.segmentName}' routeTo (your summary routes, such as ['10.0.0.0/8']), or import that VPC with a literal vpcCidrBlock.`,
      );
  }
}

function canonical(cidr: string): string {
  if (Token.isUnresolved(cidr)) {
    return cidr;
  }
  return parseCidr(cidr)?.canonical ?? cidr;
}
