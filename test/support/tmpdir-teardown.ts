import * as fs from 'fs';

/** Jest's global teardown: removes the run's temporary directory (see `tmpdir-setup.ts`). */
export default function teardown(): void {
  const dir = process.env.CDK_VPC_CONNECTIVITY_JEST_TMPDIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
