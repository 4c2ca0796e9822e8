import * as ipaddr from 'ipaddr.js';

/*
 * CIDR blocks as text, over ipaddr.js. No aws-cdk-lib here: NetworkGuard's rules and the command line use this
 * module on plain templates (`cidr.ts` adds the token guard for constructs).
 */

/** An IP address family. */
export type IpFamily = 'ipv4' | 'ipv6';

/** A CIDR block whose value is known at synth time. */
export interface ParsedCidr {
  /** The block as written. */
  readonly text: string;
  /** The canonical form: network address and prefix length (`10.0.0.1/16` becomes `10.0.0.0/16`). */
  readonly canonical: string;
  /** `ipv4` or `ipv6`. */
  readonly family: IpFamily;
  /** The prefix length, 0 to 32 (IPv4) or 0 to 128 (IPv6). */
  readonly prefixLength: number;
  /** @internal */
  readonly network: ipaddr.IPv4 | ipaddr.IPv6;
}

/**
 * IPv4 in CIDR notation as AWS writes it: four decimal octets without leading zeros, then the prefix length.
 * ipaddr.js also accepts classful, octal and hexadecimal forms (`10/8`, `010.0.0.0/8`, `0xa.0.0.0/8`), which AWS
 * refuses and which would be judged as another block than the one written.
 */
const IPV4_CIDR = /^(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,2})){3}\/(0|[1-9]\d?)$/;
const IPV4_PARTS = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\/(0|[1-9]\d?)$/;

/**
 * The usual IPv4 block (`10.1.0.0/16`) parsed without ipaddr.js's general parser, which is slow and gives the same
 * result for this form; `undefined` for anything else (left to the general parser, or refused).
 */
function parseDottedQuad(value: string): ParsedCidr | undefined {
  const m = IPV4_PARTS.exec(value);
  if (!m) return undefined;
  const octets = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  const prefixLength = Number(m[5]);
  if (octets.some((o) => o > 255) || prefixLength > 32) return undefined;
  const network = new ipaddr.IPv4(
    octets.map((octet, i) => {
      const step = 2 ** (8 - Math.min(8, Math.max(0, prefixLength - 8 * i)));
      return Math.floor(octet / step) * step;
    }),
  );
  return { text: value, canonical: `${network.toString()}/${prefixLength}`, family: 'ipv4', prefixLength, network };
}

/** Parse a literal CIDR block; throws for text that is not one (`what` names the prop in the message). */
export function parseCidrText(value: string, what: string = 'CIDR block'): ParsedCidr {
  const quad = parseDottedQuad(value);
  if (quad) return quad;
  if (!isCidrText(value)) {
    throw new Error(
      `${what}: '${value}' is not a CIDR block. Write an IPv4 block such as '10.0.0.0/16' or an IPv6 block such as '2001:db8::/56'.`,
    );
  }
  const [address, prefixLength] = ipaddr.parseCIDR(value);
  const family: IpFamily = address.kind();
  const network =
    family === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(value) : ipaddr.IPv6.networkAddressFromCIDR(value);
  return { text: value, canonical: `${network.toString()}/${prefixLength}`, family, prefixLength, network };
}

/** Whether `value` is a CIDR block in the notation AWS takes: dotted-quad IPv4, or IPv6. */
export function isCidrText(value: string): boolean {
  if (!ipaddr.isValidCIDR(value)) return false;
  return value.includes(':') || IPV4_CIDR.test(value);
}

/** Overlap of two parsed blocks: the shorter prefix contains the other's network address. */
export function parsedOverlap(a: ParsedCidr, b: ParsedCidr): boolean {
  if (a.family !== b.family) {
    return false;
  }
  return a.prefixLength <= b.prefixLength ? parsedContains(a, b) : parsedContains(b, a);
}

/** Containment of two parsed blocks. */
export function parsedContains(outer: ParsedCidr, inner: ParsedCidr): boolean {
  if (outer.family !== inner.family || outer.prefixLength > inner.prefixLength) {
    return false;
  }
  return (inner.network as ipaddr.IPv4).match(outer.network as ipaddr.IPv4, outer.prefixLength);
}
