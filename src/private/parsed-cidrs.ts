import { Token } from 'aws-cdk-lib';
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
  const parsed = parseCidrText(value, what);
  if (cache.size >= CACHE_LIMIT) {
    cache.clear();
  }
  cache.set(value, parsed);
  return parsed;
}
