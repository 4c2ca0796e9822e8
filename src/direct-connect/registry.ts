import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { VpcCidrBlock } from '../cidr';
import { DX_QUOTAS_URL, DX_TRANSIT_GATEWAYS_PER_GATEWAY } from '../facts/quotas';
import { sameEnvValue } from '../private/env';
import { propError } from '../private/errors';
import { appRegistry } from '../private/registry';

/*
 * What the app has put on each Direct Connect gateway, kept once per app (a gateway and its imports in other stacks
 * share one entry: the key is the gateway id, a token string that is the same for every use of one gateway), so the
 * rules AWS applies to a gateway as a whole are checked whichever call comes first. Internal: not exported from the
 * package.
 */

/** One transit gateway associated with a Direct Connect gateway. */
export interface DxTransitGatewayEntry {
  readonly path: string;
  readonly asn: number;
  readonly region: string;
}

/** What one Direct Connect gateway has. */
export interface DxGatewayState {
  /** The gateway's Amazon-side ASN, when known. */
  asn?: number;
  /** Virtual private gateway associations and private virtual interfaces, by path. */
  readonly vpcSide: string[];
  /** Transit gateway associations and transit virtual interfaces, by path. */
  readonly transitSide: string[];
  /** The virtual private gateway associations, by path. */
  readonly vpnGateways: string[];
  /** The transit gateway associations. */
  readonly transitGateways: DxTransitGatewayEntry[];
  /** The blocks of the VPCs of the virtual private gateway associations, by association path. */
  readonly vpcBlocks: { readonly path: string; readonly vpc: string; readonly blocks: VpcCidrBlock[] }[];
}

/** The state of the gateway of id `gatewayId` in the app of `scope`. */
export function dxGatewayState(scope: IConstruct, gatewayId: string): DxGatewayState {
  const registry = appRegistry<DxGatewayState>(scope, 'dx-gateways');
  let state = registry.get(gatewayId);
  if (!state) {
    state = { vpcSide: [], transitSide: [], vpnGateways: [], transitGateways: [], vpcBlocks: [] };
    registry.set(gatewayId, state);
  }
  return state;
}

/** Record the Amazon-side ASN of a gateway (created here, or imported with it). */
export function recordGatewayAsn(scope: IConstruct, gatewayId: string, asn: number | undefined): void {
  if (asn === undefined || Token.isUnresolved(asn)) return;
  dxGatewayState(scope, gatewayId).asn = asn;
}

/**
 * Throw when `side` cannot join the gateway: AWS refuses a transit gateway association (or a transit virtual
 * interface) on a gateway that has a virtual private gateway association or a private virtual interface, and the
 * other way round.
 */
export function checkGatewaySide(
  scope: IConstruct,
  gatewayId: string,
  side: 'vpc' | 'transit',
  what: string,
  gatewayName: string,
): void {
  const state = dxGatewayState(scope, gatewayId);
  const others = side === 'vpc' ? state.transitSide : state.vpcSide;
  if (others.length === 0) return;
  const fix =
    side === 'vpc'
      ? 'Use another Direct Connect gateway for the VPCs and private virtual interfaces, or reach the VPCs through the transit gateway'
      : 'Use another Direct Connect gateway for the transit gateway and its transit virtual interfaces';
  throw propError(
    scope,
    `${what} cannot join Direct Connect gateway ${gatewayName}: it already has ${side === 'vpc' ? 'a transit gateway association or transit virtual interface' : 'a virtual private gateway association or private virtual interface'} (${others.join(', ')}), and AWS does not mix the two on one gateway. ${fix}.`,
    'NG-DX-005',
  );
}

/**
 * Check a transit gateway association against the gateway's other ones, before anything is created: the quota of
 * transit gateways per Direct Connect gateway, the gateway's ASN, and a unique ASN for each transit gateway of
 * another Region. `register` records it afterwards.
 */
export function checkTransitGatewayEntry(
  scope: IConstruct,
  gatewayId: string,
  gatewayName: string,
  asn: number,
  region: string,
): void {
  checkGatewaySide(scope, gatewayId, 'transit', 'A transit gateway association', gatewayName);
  const state = dxGatewayState(scope, gatewayId);
  if (state.transitGateways.length + 1 > DX_TRANSIT_GATEWAYS_PER_GATEWAY) {
    throw propError(
      scope,
      `Direct Connect gateway ${gatewayName} already has ${state.transitGateways.length} transit gateway associations (${state.transitGateways.map((t) => t.path).join(', ')}), the most a Direct Connect gateway takes; the quota cannot be increased (${DX_QUOTAS_URL}). Use another Direct Connect gateway.`,
      'NG-DX-007',
    );
  }
  if (Token.isUnresolved(asn)) return;
  if (state.asn !== undefined && state.asn === asn) {
    throw propError(
      scope,
      `the transit gateway's amazonSideAsn ${asn} equals the Direct Connect gateway's amazonSideAsn: AWS refuses the association. Give the hub or the Direct Connect gateway another ASN.`,
      'NG-DX-011',
    );
  }
  const clash = state.transitGateways.find((t) => t.asn === asn && !sameEnvValue(t.region, region));
  if (clash) {
    throw propError(
      scope,
      `the transit gateway's amazonSideAsn ${asn} is also the ASN of transit gateway ${clash.path} (${clash.region}) on Direct Connect gateway ${gatewayName}, and transit gateways of different Regions on one Direct Connect gateway need unique ASNs. Give one of the hubs another amazonSideAsn.`,
      'NG-DX-008',
    );
  }
}

/** Record a transit gateway association that passed `checkTransitGatewayEntry`. */
export function registerTransitGatewayEntry(scope: IConstruct, gatewayId: string, asn: number, region: string): void {
  const state = dxGatewayState(scope, gatewayId);
  state.transitSide.push(scope.node.path);
  state.transitGateways.push({ path: scope.node.path, asn, region });
}

/** The Region of the stack of a construct (a token for an environment-agnostic stack). */
export function regionOf(scope: IConstruct): string {
  return Stack.of(scope).region;
}

/** Virtual interfaces on one connection or LAG. */
export interface DxConnectionState {
  /** VLAN to the path of the virtual interface that uses it. */
  readonly vlans: Map<number, string>;
  privateOrPublic: number;
  transit: number;
}

/** The state of the connection or LAG of id `connectionId` in the app of `scope`. */
export function dxConnectionState(scope: IConstruct, connectionId: string): DxConnectionState {
  const registry = appRegistry<DxConnectionState>(scope, 'dx-connections');
  let state = registry.get(connectionId);
  if (!state) {
    state = { vlans: new Map(), privateOrPublic: 0, transit: 0 };
    registry.set(connectionId, state);
  }
  return state;
}
