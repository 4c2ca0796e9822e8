import { Token, TokenComparison } from 'aws-cdk-lib';

/**
 * Whether two account or Region values name the same one. Equal literals, or the very same token (two stacks'
 * `AWS::AccountId` in one environment), are the same; anything else is treated as different, so a value that is
 * unknown at synth never silently passes as "same account".
 */
export function sameEnvValue(a: string, b: string): boolean {
  const cmp = Token.compareStrings(a, b);
  return cmp === TokenComparison.SAME || (cmp === TokenComparison.BOTH_UNRESOLVED && a === b);
}
