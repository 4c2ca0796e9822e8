import { IpFamily, parseCidrText } from '../cidr/ip';

/*
 * Direct Connect facts as AWS documents them, read by the constructs (at synth, for their own props) and by
 * NetworkGuard's rules (on templates). No aws-cdk-lib here: the rules and the command line use it.
 */

/** Where the virtual interface facts (VLAN, peer addresses) come from. */
export const DX_VIF_SOURCE =
  'https://docs.aws.amazon.com/directconnect/latest/UserGuide/WorkingWithVirtualInterfaces.html';
/** Where the MTU facts come from. */
export const DX_MTU_SOURCE = 'https://docs.aws.amazon.com/directconnect/latest/UserGuide/set-jumbo-frames-vif.html';
/** Where the gateway association facts come from. */
export const DX_GATEWAY_SOURCE =
  'https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-transit-gateways.html';
/** Where the allowed-prefixes facts come from. */
export const DX_ALLOWED_PREFIXES_SOURCE =
  'https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html';

/** The 802.1Q VLAN tags a virtual interface takes ("between 1 and 4094"), unique per connection or LAG. */
export const DX_VLAN_MIN = 1;
/** See `DX_VLAN_MIN`. */
export const DX_VLAN_MAX = 4094;

/** The kinds of virtual interface. */
export type VifKind = 'private' | 'transit' | 'public';

/**
 * The MTUs a virtual interface takes: private 1500 or 9001 (jumbo frames), transit 1500 or 8500; a public virtual
 * interface has no MTU setting (1500).
 */
export const DX_VIF_MTUS: Readonly<Record<'private' | 'transit', readonly number[]>> = {
  private: [1500, 9001],
  transit: [1500, 8500],
};

/** What is wrong with a VLAN, or `undefined`. */
export function vlanProblem(vlan: number): string | undefined {
  if (!Number.isInteger(vlan) || vlan < DX_VLAN_MIN || vlan > DX_VLAN_MAX) {
    return `vlan ${vlan} is outside ${DX_VLAN_MIN}-${DX_VLAN_MAX}, the 802.1Q VLAN tags a virtual interface takes`;
  }
  return undefined;
}

/** What is wrong with the MTU of a virtual interface, or `undefined`. */
export function mtuProblem(kind: 'private' | 'transit', mtu: number): string | undefined {
  const allowed = DX_VIF_MTUS[kind];
  if (!allowed.includes(mtu)) {
    return `mtu ${mtu} is not one a ${kind} virtual interface takes (${allowed.join(' or ')})`;
  }
  return undefined;
}

/** A BGP peer as written in a template or given to a construct. */
export interface BgpPeerFacts {
  readonly addressFamily: string;
  readonly amazonAddress?: string;
  readonly customerAddress?: string;
}

/** An IPv4 address in CIDR notation (`169.254.10.1/30`), as Direct Connect writes peer addresses. */
interface PeerAddress {
  readonly family: IpFamily;
  readonly value?: number;
  readonly prefixLength?: number;
}

const IPV4_ADDRESS = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function peerAddress(text: string): PeerAddress | undefined {
  const m = IPV4_ADDRESS.exec(text);
  if (m) {
    const octets = [1, 2, 3, 4].map((i) => Number(m[i]));
    const prefixLength = Number(m[5]);
    if (octets.some((o) => o > 255) || prefixLength > 32) return undefined;
    return { family: 'ipv4', value: octets.reduce((a, o) => a * 256 + o, 0), prefixLength };
  }
  try {
    const parsed = parseCidrText(text);
    return { family: parsed.family, prefixLength: parsed.prefixLength };
  } catch {
    return undefined;
  }
}

/** The private IPv4 ranges (RFC 1918), which a public virtual interface's peer addresses cannot be in. */
const RFC1918: [number, number][] = [
  [10 * 2 ** 24, 8],
  [(172 * 256 + 16) * 2 ** 16, 12],
  [(192 * 256 + 168) * 2 ** 16, 16],
];

function inBlock(value: number, [network, prefixLength]: [number, number]): boolean {
  const size = 2 ** (32 - prefixLength);
  return Math.floor(value / size) * size === network;
}

/**
 * What is wrong with a BGP peer of a virtual interface, or `undefined`: the address family (`ipv4` or `ipv6`), both
 * addresses or neither, of the peer's family; IPv4 addresses in one /30 or /31 (the /30's two host addresses) and,
 * on a public virtual interface, given and public; IPv6 addresses are allocated by AWS (a /125), never given.
 */
export function bgpPeerProblem(peer: BgpPeerFacts, kind: VifKind): string | undefined {
  const family = peer.addressFamily;
  if (family !== 'ipv4' && family !== 'ipv6') {
    return `addressFamily '${family}' is neither ipv4 nor ipv6`;
  }
  const given = [peer.amazonAddress, peer.customerAddress].filter((a) => a !== undefined);
  if (family === 'ipv6') {
    return given.length > 0
      ? 'an ipv6 peer has amazonAddress or customerAddress, but AWS allocates IPv6 peer addresses (a /125) itself: leave both out'
      : undefined;
  }
  if (given.length === 0) {
    return kind === 'public'
      ? 'an ipv4 peer of a public virtual interface needs amazonAddress and customerAddress: public IPv4 addresses you own, in one /30 or /31'
      : undefined;
  }
  if (given.length === 1) {
    return 'an ipv4 peer has only one of amazonAddress and customerAddress: give both (in one /30 or /31), or neither for addresses AWS allocates from 169.254.0.0/16';
  }
  const amazon = peerAddress(peer.amazonAddress!);
  const customer = peerAddress(peer.customerAddress!);
  for (const [name, text, parsed] of [
    ['amazonAddress', peer.amazonAddress!, amazon],
    ['customerAddress', peer.customerAddress!, customer],
  ] as const) {
    if (!parsed) return `${name} '${text}' is not an address in CIDR notation, such as '169.254.10.1/30'`;
    if (parsed.family !== 'ipv4') return `${name} '${text}' is not IPv4, but the peer's address family is ipv4`;
    if (parsed.prefixLength !== 30 && parsed.prefixLength !== 31) {
      return `${name} '${text}' is a /${parsed.prefixLength}, but BGP peer addresses are a /30 or a /31`;
    }
  }
  const a = amazon!;
  const c = customer!;
  const size = 2 ** (32 - a.prefixLength!);
  const network = Math.floor(a.value! / size) * size;
  if (a.prefixLength !== c.prefixLength || Math.floor(c.value! / size) * size !== network) {
    return `amazonAddress '${peer.amazonAddress}' and customerAddress '${peer.customerAddress}' are not in one /30 or /31`;
  }
  if (a.value === c.value) {
    return `amazonAddress and customerAddress are the same address (${peer.amazonAddress})`;
  }
  if (size === 4 && [a.value, c.value].some((v) => v === network || v === network + 3)) {
    return `amazonAddress '${peer.amazonAddress}' or customerAddress '${peer.customerAddress}' is the network or broadcast address of its /30: use the two host addresses`;
  }
  if (kind === 'public' && RFC1918.some((block) => inBlock(a.value!, block) || inBlock(c.value!, block))) {
    return `amazonAddress '${peer.amazonAddress}' or customerAddress '${peer.customerAddress}' is a private (RFC 1918) address, but a public virtual interface peers over public IPv4 addresses you own`;
  }
  return undefined;
}

/** What is wrong with the BGP peers of one virtual interface taken together (one peer per address family). */
export function bgpPeersProblem(families: string[]): string | undefined {
  const seen = new Set<string>();
  for (const f of families) {
    if (seen.has(f)) {
      return `two BGP peers are ${f}, but a virtual interface takes one IPv4 and one IPv6 BGP peer`;
    }
    seen.add(f);
  }
  return undefined;
}
