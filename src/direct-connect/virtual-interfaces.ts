import { Names, Token } from 'aws-cdk-lib';
import * as dx from 'aws-cdk-lib/aws-directconnect';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct } from 'constructs';
import { bgpPeerProblem, bgpPeersProblem, mtuProblem, vlanProblem, VifKind } from './facts';
import type { IDirectConnectGateway } from './gateway';
import { checkGatewaySide, dxConnectionState, dxGatewayState } from './registry';
import { cidrList } from '../cidr';
import { directConnectCustomerAsnProblem } from '../facts/asn';
import {
  DX_PRIVATE_PUBLIC_VIFS_PER_CONNECTION,
  DX_QUOTAS_URL,
  DX_TRANSIT_VIFS_PER_CONNECTION,
  DX_VIFS_PER_CONNECTION,
} from '../facts/quotas';
import { propError } from '../private/errors';

/** The address family of a BGP peer. */
export enum BgpAddressFamily {
  /** IPv4: addresses you give (a /30 or /31), or addresses AWS allocates from 169.254.0.0/16. */
  IPV4 = 'ipv4',
  /** IPv6: AWS allocates the addresses (a /125). */
  IPV6 = 'ipv6',
}

/**
 * A BGP peer of a virtual interface. A virtual interface takes one IPv4 and one IPv6 peer.
 *
 * @see https://docs.aws.amazon.com/directconnect/latest/UserGuide/add-peer-to-vif.html
 */
export interface BgpPeerOptions {
  /** The address family. */
  readonly addressFamily: BgpAddressFamily;

  /**
   * The Amazon side's address in CIDR notation, such as `169.254.10.1/30` (IPv4 only; give `customerAddress` too).
   *
   * @default - allocated by AWS (IPv4 from 169.254.0.0/16; IPv6 always)
   */
  readonly amazonAddress?: string;

  /**
   * Your router's address in CIDR notation, such as `169.254.10.2/30`, in the same /30 or /31 as `amazonAddress`.
   *
   * @default - allocated by AWS
   */
  readonly customerAddress?: string;
}

/** What every kind of virtual interface takes. */
export interface VirtualInterfaceOptions {
  /**
   * The existing dedicated or hosted connection (`dxcon-...`) or LAG (`dxlag-...`) the interface is on, ordered from
   * AWS or a partner.
   */
  readonly connectionId: string;

  /** The 802.1Q VLAN tag: 1-4094, unique on the connection. */
  readonly vlan: number;

  /**
   * The BGP ASN of your router: 1-4294967294 (2-byte and 4-byte). On a public virtual interface, a private ASN or a
   * public one you own.
   *
   * @see https://docs.aws.amazon.com/directconnect/latest/UserGuide/bgp-specific-settings.html
   */
  readonly customerAsn: number;

  /**
   * The BGP peers.
   *
   * @default - one IPv4 peer with addresses AWS allocates (a public virtual interface: the peer of `amazonAddress`
   * and `customerAddress`)
   */
  readonly bgpPeers?: BgpPeerOptions[];

  /**
   * The secret that holds the BGP MD5 authentication key, written into the template as a `{{resolve:secretsmanager:...}}`
   * dynamic reference, never as plain text. The key is 6-80 characters.
   *
   * @default - AWS generates a key
   */
  readonly authKeySecret?: secretsmanager.ISecret;

  /**
   * The JSON field of `authKeySecret` that holds the key.
   *
   * @default - the whole secret string
   */
  readonly authKeySecretField?: string;

  /**
   * The name of the virtual interface: up to 100 of a-z, 0-9 and hyphens.
   *
   * @default - a unique name from the construct path
   */
  readonly virtualInterfaceName?: string;
}

/** Options of `DirectConnectGateway.addPrivateVirtualInterface`. */
export interface PrivateVirtualInterfaceOptions extends VirtualInterfaceOptions {
  /**
   * The MTU: 1500, or 9001 for jumbo frames.
   *
   * @default 1500
   * @see https://docs.aws.amazon.com/directconnect/latest/UserGuide/set-jumbo-frames-vif.html
   */
  readonly mtu?: number;
}

/** Properties of a `PrivateVirtualInterface`. */
export interface PrivateVirtualInterfaceProps extends PrivateVirtualInterfaceOptions {
  /** The Direct Connect gateway the interface attaches to. */
  readonly gateway: IDirectConnectGateway;
}

/** Options of `DirectConnectGateway.addTransitVirtualInterface`. */
export interface TransitVirtualInterfaceOptions extends VirtualInterfaceOptions {
  /**
   * The MTU: 1500, or 8500 for jumbo frames.
   *
   * @default 1500
   * @see https://docs.aws.amazon.com/directconnect/latest/UserGuide/set-jumbo-frames-vif.html
   */
  readonly mtu?: number;
}

/** Properties of a `TransitVirtualInterface`. */
export interface TransitVirtualInterfaceProps extends TransitVirtualInterfaceOptions {
  /** The Direct Connect gateway the interface attaches to. */
  readonly gateway: IDirectConnectGateway;
}

/** Properties of a `PublicVirtualInterface`. */
export interface PublicVirtualInterfaceProps extends VirtualInterfaceOptions {
  /**
   * The Amazon side's public IPv4 address in CIDR notation (a /30 or /31 you own), for the IPv4 peer (give this and
   * `customerAddress`, or `bgpPeers`).
   *
   * @default - none: give `bgpPeers`
   */
  readonly amazonAddress?: string;

  /**
   * Your router's public IPv4 address in CIDR notation, in the same /30 or /31 as `amazonAddress`.
   *
   * @default - none: give `bgpPeers`
   */
  readonly customerAddress?: string;

  /**
   * The public prefixes you own and advertise to AWS over the interface (IPv6 ones /64 or shorter).
   *
   * @see https://docs.aws.amazon.com/directconnect/latest/UserGuide/WorkingWithVirtualInterfaces.html
   */
  readonly routeFilterPrefixes: string[];
}

type CfnBgpPeer = dx.CfnPrivateVirtualInterface.BgpPeerProperty;

const VIF_NAME = /^[a-z0-9-]{1,100}$/;

/** Everything a virtual interface checks before it creates anything; returns the peers to write. */
function checkVirtualInterface(
  scope: Construct,
  kind: VifKind,
  props: VirtualInterfaceOptions & { mtu?: number },
  peers: BgpPeerOptions[],
): { peers: CfnBgpPeer[]; name: string } {
  const { connectionId, vlan, customerAsn } = props;
  if (!Token.isUnresolved(connectionId) && !/^dx(con|lag)-[a-z0-9]+$/.test(connectionId)) {
    throw propError(
      scope,
      `connectionId '${connectionId}' is not a Direct Connect connection or LAG id: give an existing connection (dxcon-...) or LAG (dxlag-...).`,
    );
  }
  if (!Token.isUnresolved(vlan)) {
    const problem = vlanProblem(vlan);
    if (problem) {
      throw propError(scope, `${problem}. Choose a VLAN tag in 1-4094 that is free on the connection.`, 'NG-DX-002');
    }
  }
  if (!Token.isUnresolved(customerAsn)) {
    const problem = directConnectCustomerAsnProblem(customerAsn);
    if (problem) throw propError(scope, `customerAsn ${problem}. Give your router's ASN.`, 'NG-DX-004');
  }
  if (props.mtu !== undefined && !Token.isUnresolved(props.mtu) && kind !== 'public') {
    const problem = mtuProblem(kind, props.mtu);
    if (problem) {
      throw propError(scope, `${problem}. Give ${kind === 'private' ? '1500 or 9001' : '1500 or 8500'}.`, 'NG-DX-003');
    }
  }
  if (props.authKeySecretField !== undefined && props.authKeySecret === undefined) {
    throw propError(
      scope,
      'authKeySecretField is given without authKeySecret: give the secret that holds the BGP key too.',
    );
  }
  peers.forEach((peer, i) => {
    const literalOnly = [peer.amazonAddress, peer.customerAddress].every(
      (a) => a === undefined || !Token.isUnresolved(a),
    );
    if (!literalOnly) return;
    const problem = bgpPeerProblem(peer, kind);
    if (problem) throw propError(scope, `bgpPeers[${i}]: ${problem}.`, 'NG-DX-004');
  });
  const together = bgpPeersProblem(peers.map((p) => p.addressFamily));
  if (together) throw propError(scope, `bgpPeers: ${together}. Keep one peer of each address family.`, 'NG-DX-004');
  const name = props.virtualInterfaceName ?? defaultName(scope);
  if (!Token.isUnresolved(name) && !VIF_NAME.test(name)) {
    throw propError(
      scope,
      `virtualInterfaceName '${name}' is not up to 100 of a-z, 0-9 and hyphens. Give such a name, or leave it out for one from the construct path.`,
    );
  }
  // The app-wide checks last: they are the ones that record.
  if (!Token.isUnresolved(connectionId)) {
    const connection = dxConnectionState(scope, connectionId);
    if (!Token.isUnresolved(vlan)) {
      const used = connection.vlans.get(vlan);
      if (used !== undefined) {
        throw propError(
          scope,
          `vlan ${vlan} is already used on connection ${connectionId} by ${used}, and a VLAN tag is unique per connection. Choose another VLAN.`,
          'NG-DX-002',
        );
      }
    }
    const total = connection.privateOrPublic + connection.transit + 1;
    const ofKind = kind === 'transit' ? connection.transit + 1 : connection.privateOrPublic + 1;
    const kindQuota = kind === 'transit' ? DX_TRANSIT_VIFS_PER_CONNECTION : DX_PRIVATE_PUBLIC_VIFS_PER_CONNECTION;
    if (ofKind > kindQuota || total > DX_VIFS_PER_CONNECTION) {
      throw propError(
        scope,
        `connection ${connectionId} would have ${ofKind > kindQuota ? `${ofKind} ${kind === 'transit' ? 'transit' : 'private or public'} virtual interfaces, more than the ${kindQuota}` : `${total} virtual interfaces, more than the ${DX_VIFS_PER_CONNECTION}`} a dedicated connection or LAG takes; the quota cannot be increased (${DX_QUOTAS_URL}). Put the interface on another connection.`,
        'NG-DX-007',
      );
    }
  }
  const authKey = props.authKeySecret
    ? (props.authKeySecretField !== undefined
        ? props.authKeySecret.secretValueFromJson(props.authKeySecretField)
        : props.authKeySecret.secretValue
      ).unsafeUnwrap()
    : undefined;
  const asn = Token.isUnresolved(customerAsn) ? Token.asString(customerAsn) : String(customerAsn);
  return {
    name,
    peers: peers.map((peer) => ({
      addressFamily: peer.addressFamily,
      asn,
      amazonAddress: peer.amazonAddress,
      customerAddress: peer.customerAddress,
      authKey,
    })),
  };
}

/** Record a virtual interface on its connection, once it is created. */
function registerOnConnection(scope: IConstruct, kind: VifKind, connectionId: string, vlan: number): void {
  if (Token.isUnresolved(connectionId)) return;
  const connection = dxConnectionState(scope, connectionId);
  if (!Token.isUnresolved(vlan)) connection.vlans.set(vlan, scope.node.path);
  if (kind === 'transit') connection.transit++;
  else connection.privateOrPublic++;
}

function defaultName(scope: IConstruct): string {
  return Names.uniqueResourceName(scope, { maxLength: 100, separator: '-' })
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-');
}

const DEFAULT_PEERS: BgpPeerOptions[] = [{ addressFamily: BgpAddressFamily.IPV4 }];

/** The properties the private and transit interface L1s share. */
interface GatewayInterfaceL1Props {
  readonly connectionId: string;
  readonly vlan: number;
  readonly bgpPeers: CfnBgpPeer[];
  readonly directConnectGatewayId: string;
  readonly mtu?: number;
  readonly virtualInterfaceName: string;
}

/**
 * A private or transit virtual interface on a gateway: its checks, its L1 (made by `create`), its VLAN on the
 * connection and its side of the gateway (AWS refuses a gateway with both).
 */
function gatewayInterface<T>(
  scope: Construct,
  kind: 'private' | 'transit',
  props: PrivateVirtualInterfaceProps | TransitVirtualInterfaceProps,
  create: (l1: GatewayInterfaceL1Props) => T,
): T {
  const gatewayId = props.gateway.gatewayId;
  const side = kind === 'private' ? 'vpc' : 'transit';
  const { peers, name } = checkVirtualInterface(scope, kind, props, props.bgpPeers ?? DEFAULT_PEERS);
  checkGatewaySide(scope, gatewayId, side, `A ${kind} virtual interface`, props.gateway.node.path);
  const resource = create({
    connectionId: props.connectionId,
    vlan: props.vlan,
    bgpPeers: peers,
    directConnectGatewayId: gatewayId,
    mtu: props.mtu,
    virtualInterfaceName: name,
  });
  registerOnConnection(scope, kind, props.connectionId, props.vlan);
  const state = dxGatewayState(scope, gatewayId);
  (kind === 'private' ? state.vpcSide : state.transitSide).push(scope.node.path);
  return resource;
}

/**
 * A private virtual interface on an existing connection or LAG, attached to a Direct Connect gateway
 * (`AWS::DirectConnect::PrivateVirtualInterface`): on-premises reaches the VPCs of the gateway's virtual private
 * gateway associations.
 *
 * @see https://docs.aws.amazon.com/directconnect/latest/UserGuide/create-vif.html
 */
export class PrivateVirtualInterface extends Construct {
  /** The `AWS::DirectConnect::PrivateVirtualInterface`. */
  public readonly resource: dx.CfnPrivateVirtualInterface;

  /** The id of the virtual interface (`dxvif-...`). */
  public readonly virtualInterfaceId: string;

  /**
   * @param scope the construct to create the interface under
   * @param id the construct id; it is part of the interface's logical id (renaming it replaces the interface)
   * @param props the connection, VLAN, ASN, BGP peers and the secret of the BGP key
   */
  constructor(scope: Construct, id: string, props: PrivateVirtualInterfaceProps) {
    super(scope, id);
    this.resource = gatewayInterface(
      this,
      'private',
      props,
      (p) => new dx.CfnPrivateVirtualInterface(this, 'Resource', p),
    );
    this.virtualInterfaceId = this.resource.attrVirtualInterfaceId;
  }
}

/**
 * A transit virtual interface on an existing connection or LAG, attached to a Direct Connect gateway
 * (`AWS::DirectConnect::TransitVirtualInterface`): on-premises reaches the transit gateways the gateway is
 * associated with.
 *
 * @see https://docs.aws.amazon.com/directconnect/latest/UserGuide/create-transit-vif.html
 */
export class TransitVirtualInterface extends Construct {
  /** The `AWS::DirectConnect::TransitVirtualInterface`. */
  public readonly resource: dx.CfnTransitVirtualInterface;

  /** The id of the virtual interface (`dxvif-...`). */
  public readonly virtualInterfaceId: string;

  /**
   * @param scope the construct to create the interface under
   * @param id the construct id; it is part of the interface's logical id (renaming it replaces the interface)
   * @param props the connection, VLAN, ASN, BGP peers and the secret of the BGP key
   */
  constructor(scope: Construct, id: string, props: TransitVirtualInterfaceProps) {
    super(scope, id);
    this.resource = gatewayInterface(
      this,
      'transit',
      props,
      (p) => new dx.CfnTransitVirtualInterface(this, 'Resource', p),
    );
    this.virtualInterfaceId = this.resource.attrVirtualInterfaceId;
  }
}

/**
 * A public virtual interface on an existing connection or LAG (`AWS::DirectConnect::PublicVirtualInterface`):
 * on-premises reaches AWS public services (such as S3) over public IP addresses you own, advertising
 * `routeFilterPrefixes`. It attaches to no gateway.
 *
 * @see https://docs.aws.amazon.com/directconnect/latest/UserGuide/create-vif.html
 */
export class PublicVirtualInterface extends Construct {
  /** The `AWS::DirectConnect::PublicVirtualInterface`. */
  public readonly resource: dx.CfnPublicVirtualInterface;

  /** The id of the virtual interface (`dxvif-...`). */
  public readonly virtualInterfaceId: string;

  /**
   * @param scope the construct to create the interface under
   * @param id the construct id; it is part of the interface's logical id (renaming it replaces the interface)
   * @param props the connection, VLAN, ASN, BGP peers and the secret of the BGP key
   */
  constructor(scope: Construct, id: string, props: PublicVirtualInterfaceProps) {
    super(scope, id);
    const shorthand = props.amazonAddress !== undefined || props.customerAddress !== undefined;
    if (shorthand && props.bgpPeers !== undefined) {
      throw propError(
        this,
        'amazonAddress and customerAddress are the IPv4 peer when bgpPeers is not given: give them inside bgpPeers, or leave bgpPeers out.',
      );
    }
    const peers: BgpPeerOptions[] = props.bgpPeers ?? [
      {
        addressFamily: BgpAddressFamily.IPV4,
        amazonAddress: props.amazonAddress,
        customerAddress: props.customerAddress,
      },
    ];
    if (props.routeFilterPrefixes.length === 0) {
      throw propError(
        this,
        "routeFilterPrefixes is empty: give the public prefixes you own and advertise to AWS, such as ['203.0.113.0/24'].",
      );
    }
    const prefixes = cidrList(this, 'routeFilterPrefixes', props.routeFilterPrefixes, false);
    prefixes.forEach((p, i) => {
      if (p.literal && p.family === 'ipv6' && Number(p.literal.split('/')[1]) > 64) {
        throw propError(
          this,
          `routeFilterPrefixes[${i}] '${p.literal}' is longer than /64, which AWS refuses for IPv6. Advertise a /64 or shorter.`,
        );
      }
    });
    const { peers: cfnPeers, name } = checkVirtualInterface(this, 'public', props, peers);
    this.resource = new dx.CfnPublicVirtualInterface(this, 'Resource', {
      connectionId: props.connectionId,
      vlan: props.vlan,
      bgpPeers: cfnPeers,
      routeFilterPrefixes: prefixes.map((p) => p.value),
      virtualInterfaceName: name,
    });
    this.virtualInterfaceId = this.resource.attrVirtualInterfaceId;
    registerOnConnection(this, 'public', props.connectionId, props.vlan);
  }
}
