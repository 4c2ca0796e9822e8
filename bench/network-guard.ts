/**
 * NetworkGuard synth-scaling benchmark (not a timed test).
 *
 *   npx ts-node --transpile-only bench/network-guard.ts [sizes...] [--reps N]
 *   node --cpu-prof -r ts-node/register/transpile-only bench/network-guard.ts --child aspect 800   (one profiled run)
 *
 * Builds apps of 50, 200 and 800 VPCs written with plain L1s: one hub stack with a transit gateway and two route
 * tables, and spoke stacks of 25 VPCs each. Every VPC has two subnets, a route table with both associations, a
 * peering connection to its neighbour with routes on both sides, a TGW attachment with its association,
 * propagation and a static TGW route, and a route to the TGW that depends on the attachment. Each app is
 * synthesized three ways: plain, with NetworkGuard as an aspect (`Aspects.of(app).add(guard)`) and with NetworkGuard
 * as CDK's validation plugin (`Validations.of(app).addPlugins(guard)`, which reads the written templates). Each
 * measurement is a fresh Node.js process, the three modes alternating in a rotating order, N of each (default 5);
 * the time is `app.synth()` only (wall clock, and the process's CPU time, steadier on a busy machine). The output
 * gives the medians, the ratios to plain synth, and the growth factor from 200 to 800 VPCs.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Aspects, Validations } from 'aws-cdk-lib';
import { build, PER_STACK } from './network-app';
import { NetworkGuard } from '../src/guard';

type Mode = 'plain' | 'aspect' | 'plugin';
const MODES: Mode[] = ['plain', 'aspect', 'plugin'];

interface Run {
  ms: number;
  cpuMs: number;
  /** Loading the guard's engine and rules (lazily loaded on the first check), timed apart like module loading. */
  loadMs: number;
  findings: number;
}

/** One measurement, in this process. */
function synthOnce(vpcs: number, mode: Mode): Run {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ng-bench-'));
  // The plugin may not write into the cloud assembly: its report goes to a directory of its own.
  const reportDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'ng-bench-report-'));
  try {
    const app = build(vpcs, outdir);
    // The rules load on the first check. Load them before the clock starts: under ts-node loading includes
    // transpiling, which a user of the compiled package does not pay. Its time is shown apart.
    const loadStart = process.hrtime.bigint();
    if (mode !== 'plain') {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('../src/guard/engine');
    }
    const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;
    if (mode === 'aspect') {
      Aspects.of(app).add(new NetworkGuard());
    } else if (mode === 'plugin') {
      Validations.of(app).addPlugins(new NetworkGuard({ reportDirectory }));
    }
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    app.synth();
    const cpu = process.cpuUsage(cpuStart);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const report = mode === 'aspect' ? outdir : reportDirectory;
    const findings =
      mode === 'plain'
        ? 0
        : JSON.parse(fs.readFileSync(path.join(report, NetworkGuard.REPORT_FILE), 'utf-8')).findings.length;
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000, loadMs, findings };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.rmSync(reportDirectory, { recursive: true, force: true });
  }
}

/** One measurement in a fresh process. */
function synthFresh(vpcs: number, mode: Mode): Run {
  const child = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', __filename, '--child', mode, String(vpcs)],
    { encoding: 'utf-8', env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' }, maxBuffer: 64 * 1024 * 1024 },
  );
  // The guard prints its summary (and the plugin CDK's report) to stdout: the measurement is the last JSON line.
  const line = child.stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{"ms"'));
  if (child.status !== 0 || !line) {
    throw new Error(`${mode} at ${vpcs} VPCs failed (exit ${child.status}):\n${child.stderr}`);
  }
  return JSON.parse(line);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function main(): void {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    console.log(JSON.stringify(synthOnce(Number(args[2]), args[1] as Mode)));
    return;
  }
  const repsAt = args.indexOf('--reps');
  const reps = repsAt >= 0 ? Number(args[repsAt + 1]) : 5;
  const sizes = args
    .filter((a, i) => /^\d+$/.test(a) && (repsAt < 0 || i !== repsAt + 1))
    .map(Number)
    .filter((n) => n > 0);
  const results: Record<number, Record<Mode, Run>> = {};
  const header = [
    'VPCs',
    'stacks',
    'plain ms',
    'aspect ms',
    'plugin ms',
    'aspect/plain',
    'plugin/plain',
    'CPU ms plain/aspect/plugin',
    'CPU aspect/plain',
    'CPU plugin/plain',
    'findings aspect/plugin',
    'rules load ms',
  ];
  console.log(`NetworkGuard synth benchmark: median of ${reps} fresh process(es) per mode, ${PER_STACK} VPCs a stack`);
  console.log(header.join(' | '));
  console.log(header.map(() => '---').join(' | '));
  for (const n of sizes.length ? sizes : [50, 200, 800]) {
    const runs: Record<Mode, Run[]> = { plain: [], aspect: [], plugin: [] };
    for (let r = 0; r < reps; r++) {
      // Rotate the order so that no mode always runs first.
      for (let k = 0; k < MODES.length; k++) {
        const mode = MODES[(k + r) % MODES.length];
        runs[mode].push(synthFresh(n, mode));
      }
    }
    const m = (mode: Mode): Run => ({
      ms: median(runs[mode].map((x) => x.ms)),
      cpuMs: median(runs[mode].map((x) => x.cpuMs)),
      loadMs: median(runs[mode].map((x) => x.loadMs)),
      findings: runs[mode][0].findings,
    });
    const r = (results[n] = { plain: m('plain'), aspect: m('aspect'), plugin: m('plugin') });
    console.log(
      [
        String(n),
        String(Math.ceil(n / PER_STACK) + 1),
        r.plain.ms.toFixed(0),
        r.aspect.ms.toFixed(0),
        r.plugin.ms.toFixed(0),
        (r.aspect.ms / r.plain.ms).toFixed(2) + 'x',
        (r.plugin.ms / r.plain.ms).toFixed(2) + 'x',
        `${r.plain.cpuMs.toFixed(0)}/${r.aspect.cpuMs.toFixed(0)}/${r.plugin.cpuMs.toFixed(0)}`,
        (r.aspect.cpuMs / r.plain.cpuMs).toFixed(2) + 'x',
        (r.plugin.cpuMs / r.plain.cpuMs).toFixed(2) + 'x',
        `${r.aspect.findings}/${r.plugin.findings}`,
        r.aspect.loadMs.toFixed(0),
      ].join(' | '),
    );
  }
  if (results[200] && results[800]) {
    for (const mode of MODES) {
      console.log(
        `growth 200 -> 800 VPCs (${mode}): ${(results[800][mode].ms / results[200][mode].ms).toFixed(2)}x time for 4x VPCs`,
      );
    }
  }
  if (results[800]) {
    const r = results[800];
    console.log(
      `NetworkGuard overhead at 800 VPCs: aspect ${((r.aspect.ms / r.plain.ms - 1) * 100).toFixed(1)}%, plugin ${((r.plugin.ms / r.plain.ms - 1) * 100).toFixed(1)}%`,
    );
  }
}

main();
