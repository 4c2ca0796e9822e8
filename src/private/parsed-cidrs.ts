import { Token } from 'aws-cdk-lib';
import * as ipaddr from 'ipaddr.js';
import { ParsedCidr, parseCidrText } from '../cidr/ip';

/*
 * Parsed literal CIDR blocks, memoized: the transit constructs parse the same blocks again and again (every VPC's
 * primary block on each lookup, every reachable block each time a segment's prefix list is rendered or checked).
 */

/** Enough for the blocks of a large app; past it the cache starts again rather than growing without bound. */
const CACHE_LIMIT = 20_000;
const cache = new Map<string, ParsedCidr>();

/**
 * `parseCidr` of `../cidr`, memoized by text: `undefined` for a token, the parsed block for a literal. A literal that
 * is not a CIDR block throws every time (`what` names the prop in the message); only valid blocks are kept. The
 * result is shared between callers: treat it as read-only, as its type says.
 */
export function parseCidrCached(value: string, what: string = 'CIDR block'): ParsedCidr | undefined {
  const hit = cache.get(value);
  if (hit !== undefined) {
    return hit;
  }
  if (Token.isUnresolved(value)) {
    return undefined;
  }
  const parsed = parseDottedQuad(value) ?? parseCidrText(value, what);
  if (cache.size >= CACHE_LIMIT) {
    cache.clear();
  }
  cache.set(value, parsed);
  return parsed;
}

/** Four decimal octets without leading zeros (ipaddr.js reads `010` as octal) and a prefix length without one. */
const DOTTED_QUAD = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\/(0|[1-9]\d?)$/;

/**
 * The usual IPv4 block (`10.1.0.0/16`), parsed without ipaddr.js's general parser, which is slow and sees the same
 * result for this form: the same fields as `parseCidrText`. Anything else (other IPv4 forms, IPv6, invalid text) is
 * left to `parseCidrText`.
 */
function parseDottedQuad(value: string): ParsedCidr | undefined {
  const m = DOTTED_QUAD.exec(value);
  if (!m) {
    return undefined;
  }
  const octets = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  const prefixLength = Number(m[5]);
  if (octets.some((o) => o > 255) || prefixLength > 32) {
    return undefined;
  }
  const network = octets.map((octet, i) => {
    // The host bits of this octet: the low (8 - bits) bits, cleared.
    const bits = Math.min(8, Math.max(0, prefixLength - 8 * i));
    const step = 2 ** (8 - bits);
    return Math.floor(octet / step) * step;
  });
  const address = new ipaddr.IPv4(network);
  return {
    text: value,
    canonical: `${address.toString()}/${prefixLength}`,
    family: 'ipv4',
    prefixLength,
    network: address,
  };
}
