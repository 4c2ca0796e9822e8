import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/*
 * The one way the constructs report misuse of their own props: errors thrown at synth, warnings as acknowledgeable
 * annotations. Both carry a NetworkGuard rule id the same way, at the end of the message: `... (NG-PEER-001)`.
 */

const RULE_ID = /^NG-[A-Z0-9]+-\d{3}$/;

function withRule(message: string, ruleId: string | undefined): string {
  if (ruleId === undefined || message.endsWith(`(${ruleId})`)) return message;
  return `${message} (${ruleId})`;
}

/**
 * A synth-time error for misuse of a construct's props. The message starts with the construct's path and should name
 * the prop, the value and the fix; `ruleId`, when NetworkGuard checks the same fact, ends it.
 */
export function propError(scope: IConstruct, message: string, ruleId?: string): Error {
  return new Error(`${scope.node.path}: ${withRule(message, ruleId)}`);
}

/**
 * A warning about a construct's own configuration, on `scope`. `id` is the NetworkGuard rule id when the guard
 * checks the same fact (then one `Annotations.of(x).acknowledgeWarning('NG-...')` silences both, and the aspect
 * does not repeat it), else a short name that becomes `cdk-vpc-connectivity:<name>`. A rule id also ends the message.
 */
export function warn(scope: IConstruct, id: string, message: string): void {
  const isRule = RULE_ID.test(id);
  Annotations.of(scope).addWarningV2(
    isRule ? id : `cdk-vpc-connectivity:${id}`,
    isRule ? withRule(message, id) : message,
  );
}
