import { CfnTag } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The `Name` tag of a resource this library creates: the construct path of `scope` (255 characters at most). */
export function nameTag(scope: IConstruct, name: string = scope.node.path): CfnTag[] {
  return [{ key: 'Name', value: name.slice(0, 255) }];
}
