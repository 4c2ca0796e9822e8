/**
 * Command-line benchmark (not a timed test): the checker against cfn-lint on the same templates.
 *
 *   npx ts-node --transpile-only bench/cli.ts [vpcs]      # default 800 VPCs
 *
 * Synthesizes once, into a temporary directory, the app of bench/network-guard.ts (a hub stack with a transit
 * gateway and spoke stacks of 25 VPCs, each VPC with two subnets, a route table and its associations, a peering
 * connection to its neighbour with routes on both sides, a TGW attachment with its association, propagation and a
 * static route, and a route to the TGW that depends on the attachment). Then it times, in fresh processes, median of 5
 * runs each: `cdk-vpc-connectivity check <cdk.out>` (the command bundled with esbuild into one file, as `lib/` would
 * run it, so that TypeScript compilation is not timed) and `cfn-lint` on the same templates when `cfn-lint` is on
 * PATH (the column is skipped with a note otherwise).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { build } from './network-app';

const RUNS = 5;
const ROOT = path.join(__dirname, '..');

/** The app of bench/network-guard.ts, with the same resources and ids. */

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Runs a command `RUNS` times in fresh processes; the median wall time in ms and the last run's status. */
function time(command: string, args: string[]): { ms: number; status: number | null; stdout: string; stderr: string } {
  const times: number[] = [];
  let last = { status: null as number | null, stdout: '', stderr: '' };
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(command, args, { encoding: 'utf-8', maxBuffer: 256 * 1024 * 1024 });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.error) throw r.error;
    last = { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }
  return { ms: median(times), ...last };
}

function onPath(command: string): boolean {
  return spawnSync(command, ['--version'], { encoding: 'utf-8' }).status === 0;
}

function main(): void {
  const vpcs = Number(process.argv[2] ?? 800) || 800;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ng-bench-cli-'));
  try {
    const outdir = path.join(dir, 'cdk.out');
    build(vpcs, outdir).synth();
    const templates = fs
      .readdirSync(outdir)
      .filter((f) => f.endsWith('.template.json'))
      .map((f) => path.join(outdir, f));
    const resources = templates.reduce(
      (n, f) => n + Object.keys(JSON.parse(fs.readFileSync(f, 'utf-8')).Resources ?? {}).length,
      0,
    );
    // The command as one file, as the published lib/cli/main.js runs it (no TypeScript compilation timed).
    const bundle = path.join(dir, 'cli.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('esbuild').buildSync({
      entryPoints: [path.join(ROOT, 'src', 'cli', 'main.ts')],
      bundle: true,
      platform: 'node',
      target: 'node18',
      outfile: bundle,
      logLevel: 'error',
    });
    const checker = time(process.execPath, [
      bundle,
      'check',
      outdir,
      '--format',
      'json',
      '--output',
      path.join(dir, 'r.json'),
    ]);
    if (checker.status !== 0 && checker.status !== 1) {
      throw new Error(`the checker failed (exit ${checker.status}): ${checker.stderr}`);
    }
    const findings = JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf-8')).findings.length;
    console.log(
      `${vpcs} VPCs, ${templates.length} templates, ${resources} resources; median of ${RUNS} runs, fresh processes`,
    );
    console.log('tool                          wall time (ms)  findings');
    console.log(`cdk-vpc-connectivity check    ${checker.ms.toFixed(0).padEnd(16)}${findings}`);
    if (onPath('cfn-lint')) {
      const lint = time('cfn-lint', ['--format', 'parseable', '--', ...templates]);
      const matches = lint.stdout.split('\n').filter((l) => l.trim() !== '').length;
      console.log(`cfn-lint                      ${lint.ms.toFixed(0).padEnd(16)}${matches}`);
      console.log(`checker / cfn-lint: ${(checker.ms / lint.ms).toFixed(3)} (goal: under 0.05)`);
    } else {
      console.log('cfn-lint                      (skipped: cfn-lint is not on PATH; pip install cfn-lint to compare)');
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
