import { IConstruct } from 'constructs';
import { VpcCidrBlock } from './vpc-cidrs';
import { propError } from '../private/errors';
import { parseCidrCached } from '../private/parsed-cidrs';

/*
 * CIDR props of constructs: a list parsed with the prop's name in every message, and construct-id parts for blocks.
 * Shared by the transit, VPN and Direct Connect constructs.
 */

/** A block known from a literal, as `VpcCidrBlock`. */
export function literalBlock(value: string, source: string): VpcCidrBlock {
  const parsed = parseCidrCached(value);
  if (!parsed) {
    return { value, family: 'ipv4', source };
  }
  return { value, literal: value, family: parsed.family, source };
}

/**
 * Parse every CIDR of a prop, throwing with the prop's name for a literal that is not a block, or for a block listed
 * twice (the same network however written: each would become a second route, rule or entry to one destination).
 * Tokens are kept (unknown at synth) unless `literalOnly`.
 */
export function cidrList(scope: IConstruct, prop: string, values: string[], literalOnly: boolean): VpcCidrBlock[] {
  const seen = new Map<string, number>();
  return values.map((value, i) => {
    let parsed;
    try {
      parsed = parseCidrCached(value, `${prop}[${i}]`);
    } catch (e) {
      throw propError(scope, (e as Error).message);
    }
    if (!parsed && literalOnly) {
      throw propError(
        scope,
        `${prop}[${i}] is a token (${value}), but it must be known at synth. Write the block as a literal such as '10.0.0.0/8'.`,
      );
    }
    if (parsed) {
      const first = seen.get(parsed.canonical);
      if (first !== undefined) {
        throw propError(
          scope,
          `${prop}[${i}] ${value} is the same block as ${prop}[${first}] (${values[first]}): list each block once.`,
        );
      }
      seen.set(parsed.canonical, i);
    }
    return literalBlock(value, `${prop}[${i}]`);
  });
}

/** A construct id part for a CIDR block: `10.0.0.0/8` becomes `10.0.0.0-8`. */
export function cidrKey(cidr: string): string {
  return cidr.replace(/\//g, '-');
}
