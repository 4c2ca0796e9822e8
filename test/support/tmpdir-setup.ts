import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Jest's global setup: one temporary directory for the whole run, set as `TMPDIR` before the workers start (they
 * inherit it), so that every `new App()` without `outdir` (a `cdk.out*` directory under the temporary directory) and
 * every directory a test makes goes there. `tmpdir-teardown.ts` removes it when the run ends: thousands of cloud
 * assemblies are no longer left behind in the machine's temporary directory.
 */
export default function setup(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-vpc-connectivity-jest-'));
  process.env.CDK_VPC_CONNECTIVITY_JEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
}
