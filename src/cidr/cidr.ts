import { Token } from 'aws-cdk-lib';
import * as ipaddr from 'ipaddr.js';

/** An IP address family. */
export type IpFamily = 'ipv4' | 'ipv6';

/** A CIDR block whose value is known at synth time. */
export interface ParsedCidr {
  /** The block as written. */
  readonly text: string;
  /** The canonical form: network address and prefix length (`10.0.0.1/16` becomes `10.0.0.0/16`). */
  readonly canonical: string;
  readonly family: IpFamily;
  readonly prefixLength: number;
  /** @internal */
  readonly network: ipaddr.IPv4 | ipaddr.IPv6;
}

/**
 * Parse a CIDR block. Returns `undefined` for a value that is not known at synth time (a token).
 * Throws for a literal that is not a CIDR block; `what` names the prop in the message.
 */
export function parseCidr(value: string, what: string = 'CIDR block'): ParsedCidr | undefined {
  if (Token.isUnresolved(value)) {
    return undefined;
  }
  if (!ipaddr.isValidCIDR(value)) {
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

/** Whether `value` is a literal CIDR block (not a token) of valid syntax. */
export function isLiteralCidr(value: string): boolean {
  return !Token.isUnresolved(value) && ipaddr.isValidCIDR(value);
}

/** The family of a literal CIDR block, `undefined` for a token. */
export function cidrFamily(value: string): IpFamily | undefined {
  return parseCidr(value)?.family;
}

/**
 * Whether two CIDR blocks share at least one address.
 * `undefined` when either is not known at synth time; `false` for blocks of different families.
 */
export function cidrsOverlap(a: string, b: string): boolean | undefined {
  const pa = parseCidr(a);
  const pb = parseCidr(b);
  if (!pa || !pb) {
    return undefined;
  }
  return parsedOverlap(pa, pb);
}

/**
 * Whether `outer` contains every address of `inner` (a block contains itself).
 * `undefined` when either is not known at synth time; `false` for blocks of different families.
 */
export function cidrContains(outer: string, inner: string): boolean | undefined {
  const po = parseCidr(outer);
  const pi = parseCidr(inner);
  if (!po || !pi) {
    return undefined;
  }
  return parsedContains(po, pi);
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
