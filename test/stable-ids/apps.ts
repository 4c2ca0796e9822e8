import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { NetworkStack } from '../../examples/network-stack';

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
