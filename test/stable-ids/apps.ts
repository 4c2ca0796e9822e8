import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { NetworkStack } from '../../examples/network-stack';
import * as library from '../../src';

/** The integ apps of test/integ, by file name (the apps `integ-runner` synthesizes). */
export const INTEG_APPS = ['integ.client-vpn.ts', 'integ.peering.ts', 'integ.privatelink.ts', 'integ.transit.ts'];

/** What an integ app gave `IntegTest` as its test cases, recorded by the stand-in below. */
let recorded: Stack[] | undefined;

/**
 * The stacks of one integ app, built in this process from its own file: `IntegTest` is replaced by a stand-in that
 * records `testCases` (the stacks `integ-runner` snapshots) and adds nothing, so the app is exactly the file's.
 * Each file is loaded once per test file (jest's module registry); the stacks are not synthesized yet.
 */
export function integAppStacks(file: string): Stack[] {
  jest.doMock('@aws-cdk/integ-tests-alpha', () => ({
    IntegTest: class {
      constructor(_scope: unknown, _id: string, props: { testCases: Stack[] }) {
        recorded = props.testCases;
      }
    },
  }));
  recorded = undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(__dirname, '..', 'integ', file));
  if (recorded === undefined) {
    throw new Error(`test/integ/${file} made no IntegTest: cannot find its stacks`);
  }
  return recorded;
}

/** The example app's stack as `examples/app.ts` builds it (environment-agnostic, id VpcConnectivityExample). */
export function exampleStack(app: App = new App()): Stack {
  return new NetworkStack(app, 'VpcConnectivityExample', {});
}

/** The construct classes this library exports. */
const LIBRARY_CLASSES: Function[] = (Object.values(library) as unknown[]).filter(
  (v): v is Function => typeof v === 'function' && v.prototype instanceof Construct,
);

/** Stack-level singletons the library adds: the waiter provider and the AwsCustomResource provider function. */
const LIBRARY_SINGLETONS = [
  'CdkVpcConnectivityWaiterProvider',
  `AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`,
];

/**
 * Whether this library created `resource`: it is under an instance of a construct class the library exports, or
 * under a stack-level singleton the library adds. The users' own VPCs, groups and buckets are not.
 */
export function isLibraryResource(resource: CfnResource): boolean {
  return resource.node.scopes.some(
    (scope) =>
      LIBRARY_CLASSES.some((cls) => scope instanceof cls) ||
      (Stack.isStack(scope.node.scope) && LIBRARY_SINGLETONS.includes(scope.node.id)),
  );
}
