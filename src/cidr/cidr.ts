import { Token } from 'aws-cdk-lib';
import { IpFamily, isCidrText, ParsedCidr, parseCidrText, parsedContains, parsedOverlap } from './ip';

export type { IpFamily, ParsedCidr } from './ip';
export { parsedContains, parsedOverlap, parseCidrText } from './ip';

/**
 * Parse a CIDR block. Returns `undefined` for a value that is not known at synth time (a token).
 * Throws for a literal that is not a CIDR block; `what` names the prop in the message.
 */
export function parseCidr(value: string, what: string = 'CIDR block'): ParsedCidr | undefined {
  if (Token.isUnresolved(value)) {
    return undefined;
  }
  return parseCidrText(value, what);
}

/** Whether `value` is a literal CIDR block (not a token) of valid syntax. */
export function isLiteralCidr(value: string): boolean {
  return !Token.isUnresolved(value) && isCidrText(value);
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
