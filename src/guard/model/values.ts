import type { ModelResource } from './types';
import { ParsedCidr, parseCidrText } from '../../cidr/ip';

/**
 * A value known at synth: a string (or a number) of the final template, not an intrinsic function. The guard reads
 * final templates only, so no CDK token is ever left in a value.
 */
export function literal(value: unknown): string | undefined {
  if (typeof value === 'number') {
    return String(value);
  }
  return typeof value === 'string' ? value : undefined;
}

/** A number known at synth (CloudFormation accepts numbers written as strings). */
export function literalNumber(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return value;
  }
  const text = literal(value);
  if (text === undefined || text.trim() === '' || isNaN(Number(text))) {
    return undefined;
  }
  return Number(text);
}

/** A boolean known at synth (`true`, `'true'`); `undefined` when absent or unknown. */
export function literalBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') {
    return value;
  }
  const text = literal(value)?.toLowerCase();
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

/** A CIDR block known at synth and of valid syntax; `undefined` for a token, an intrinsic or a malformed value. */
export function literalCidr(value: unknown): ParsedCidr | undefined {
  const text = literal(value);
  if (text === undefined) {
    return undefined;
  }
  if (!CIDRS.has(text)) {
    let parsed: ParsedCidr | undefined;
    try {
      parsed = parseCidrText(text);
    } catch {
      parsed = undefined;
    }
    CIDRS.set(text, parsed);
  }
  return CIDRS.get(text);
}

/** Parsed blocks by text: the same destinations and blocks are read by many rules. Parsed blocks are immutable. */
const CIDRS = new Map<string, ParsedCidr | undefined>();

/** A resource's `Name` tag, when literal (a list of `{ Key, Value }`, or a map as some resource types take). */
export function nameTagOf(r: ModelResource): string | undefined {
  const tags = r.properties.Tags;
  if (Array.isArray(tags)) return literal(tags.find((t: any) => t?.Key === 'Name')?.Value);
  return tags && typeof tags === 'object' ? literal(tags.Name) : undefined;
}
