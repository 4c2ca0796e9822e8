import { IConstruct } from 'constructs';

/**
 * A synth-time error for misuse of a construct's props. The message starts with the construct's path and
 * should name the prop, the value and the fix.
 */
export function propError(scope: IConstruct, message: string): Error {
  return new Error(`${scope.node.path}: ${message}`);
}
