import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { IConstruct } from 'constructs';
import type { HubTransitGateway } from './hub-transit-gateway';
import type { AttachmentRecord } from './routing';
import type { ITransitAttachment, ITransitSegment, TransitSegment } from './transit-segment';
import type { TransitVpcAttachment } from './transit-vpc-attachment';
import type { SelectedRouteTable } from '../private/route-tables';

/*
 * How the hub, its segments and its attachments talk to each other. None of this is public API: each class hands
 * its internals to this module when it is constructed, and the others reach them here, so nothing needs public
 * underscore members.
 */

/** What the transit constructs ask of a hub. */
export interface HubInternals {
  readonly vpnEcmpExplicit: boolean;
  readonly autoAcceptSharedAttachments: boolean;
  registerSegment(segment: TransitSegment): void;
  segmentReady(segment: TransitSegment): void;
  checkVpc(scope: IConstruct, vpc: ec2.IVpc, identity: string): void;
  /** The segment as the hub's own, refusing a segment of another hub (NG-TGW-011). */
  checkSegment(scope: IConstruct, segment: ITransitSegment): TransitSegment;
  register(record: AttachmentRecord, vpcIdentity?: string): ec2.CfnTransitGatewayRouteTableAssociation | undefined;
  segmentsShared(a: TransitSegment, b: TransitSegment): void;
  addStaticRoute(
    segment: TransitSegment,
    cidr: string,
    attachment: ITransitAttachment,
    what: string,
  ): ec2.CfnTransitGatewayRoute;
  reachableBlocks(segment: TransitSegment): {
    known: [string, string][];
    unknown: string[];
    unlisted: AttachmentRecord[];
  };
}

/** What the hub and attachments ask of a segment. */
export interface SegmentInternals {
  routeByPrefixList(attachment: IConstruct, tables: SelectedRouteTable[]): void;
  checkDestination(destination: string, what: string): void;
  recordStatic(destination: string, by: string): void;
  staticDestinations(): string[];
}

/** What the hub asks of a VPC attachment. */
export interface AttachmentInternals {
  applianceRouteTables(what: string): SelectedRouteTable[];
  enableApplianceMode(tables: SelectedRouteTable[]): void;
}

const hubs = new WeakMap<HubTransitGateway, HubInternals>();
const segments = new WeakMap<TransitSegment, SegmentInternals>();
const attachments = new WeakMap<TransitVpcAttachment, AttachmentInternals>();

function lookup<K extends object, V>(map: WeakMap<K, V>, key: K, what: string): V {
  const found = map.get(key);
  if (!found) {
    const path = (key as unknown as IConstruct).node?.path ?? String(key);
    throw new Error(
      `${path} is not a ${what} of this library: pass the one hub.${what === 'segment' ? 'addSegment' : 'attachVpc'} returned.`,
    );
  }
  return found;
}

/** A segment given as `ITransitSegment`, as the `TransitSegment` it is; refused when it was not made by a hub. */
export function asSegment(segment: ITransitSegment, scope: IConstruct, prop: string): TransitSegment {
  if (!segments.has(segment as TransitSegment)) {
    throw new Error(
      `${scope.node.path}: ${prop}: ${segment.node.path} is not a segment of a HubTransitGateway. Give a segment that hub.addSegment(name) returned.`,
    );
  }
  return segment as TransitSegment;
}

export function registerHub(hub: HubTransitGateway, internals: HubInternals): void {
  hubs.set(hub, internals);
}
export function hubInternals(hub: HubTransitGateway): HubInternals {
  return lookup(hubs, hub, 'hub');
}
export function registerSegment(segment: TransitSegment, internals: SegmentInternals): void {
  segments.set(segment, internals);
}
export function segmentInternals(segment: TransitSegment): SegmentInternals {
  return lookup(segments, segment, 'segment');
}
export function registerAttachment(attachment: TransitVpcAttachment, internals: AttachmentInternals): void {
  attachments.set(attachment, internals);
}
export function attachmentInternals(attachment: TransitVpcAttachment): AttachmentInternals {
  return lookup(attachments, attachment, 'VPC attachment');
}
