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
 * synthesized five ways: plain; `render`, the aspect's floor (plain synth plus one more rendering of every template
 * from a root validation, which the aspect needs for its check before CDK renders the templates again to write
 * them; no check); with NetworkGuard as an aspect (`Aspects.of(app).add(guard)`, which writes
 * `network-guard.json` and the diagrams next to the templates); as CDK's validation plugin as users add it
 * (`Validations.of(app).addPlugins(new NetworkGuard())`: it reads the written templates and reports to CDK's
 * validation report, writing no file); and as the plugin with a `reportDirectory` (the report and both diagrams
 * written there, matrix included). Each measurement is a fresh Node.js process, the modes alternating in a rotating
 * order, N of each (default 5);
 * the time is `app.synth()` only (wall clock, and the process's CPU time, steadier on a busy machine). The output
 * gives the medians, the ratios to plain synth, and the growth factor from 200 to 800 VPCs.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Aspects, Stack, Validations } from 'aws-cdk-lib';
import { build, PER_STACK } from './network-app';
import { NetworkGuard } from '../src/guard';
import { renderStackTemplate } from '../src/guard/model/stack-template';

type Mode = 'plain' | 'render' | 'aspect' | 'plugin' | 'plugin+files';
const MODES: Mode[] = ['plain', 'render', 'aspect', 'plugin', 'plugin+files'];

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
    if (mode !== 'plain' && mode !== 'render') {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('../src/guard/engine');
    }
    const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;
    if (mode === 'render') {
      // The aspect's floor: every template rendered once more from a root validation, as the aspect renders them
      // for its check before CDK renders them again to write them; no check.
      app.node.addValidation({
        validate: () => {
          for (const stack of app.node.findAll().filter(Stack.isStack)) renderStackTemplate(stack);
          return [];
        },
      });
    } else if (mode === 'aspect') {
      Aspects.of(app).add(new NetworkGuard());
    } else if (mode === 'plugin') {
      Validations.of(app).addPlugins(new NetworkGuard());
    } else if (mode === 'plugin+files') {
      Validations.of(app).addPlugins(new NetworkGuard({ reportDirectory }));
    }
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    app.synth();
    const cpu = process.cpuUsage(cpuStart);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000, loadMs, findings: findingsOf(mode, outdir, reportDirectory) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.rmSync(reportDirectory, { recursive: true, force: true });
  }
}

/** The findings of a run: from the report file, or (the plugin without files) from CDK's validation report. */
function findingsOf(mode: Mode, outdir: string, reportDirectory: string): number {
  const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf-8'));
  switch (mode) {
    case 'plain':
    case 'render':
      return 0;
    case 'aspect':
      return read(path.join(outdir, NetworkGuard.REPORT_FILE)).findings.length;
    case 'plugin+files':
      return read(path.join(reportDirectory, NetworkGuard.REPORT_FILE)).findings.length;
    case 'plugin': {
      // CDK lists a plugin's report there when it has violations.
      const report = read(path.join(outdir, 'policy-validation-report.json'));
      const ours = report.pluginReports.find((r: any) => r.summary.pluginName === 'NetworkGuard');
      return ours ? ours.violations.length : 0;
    }
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
  const guarded = MODES.filter((m) => m !== 'plain');
  const header = [
    'VPCs',
    'stacks',
    ...MODES.map((m) => `${m} ms`),
    ...guarded.map((m) => `${m}/plain`),
    `CPU ms ${MODES.join('/')}`,
    ...guarded.map((m) => `CPU ${m}/plain`),
    `findings ${guarded.join('/')}`,
    'rules load ms',
  ];
  console.log(`NetworkGuard synth benchmark: median of ${reps} fresh process(es) per mode, ${PER_STACK} VPCs a stack`);
  console.log(header.join(' | '));
  console.log(header.map(() => '---').join(' | '));
  for (const n of sizes.length ? sizes : [50, 200, 800]) {
    const runs = Object.fromEntries(MODES.map((mode) => [mode, [] as Run[]])) as Record<Mode, Run[]>;
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
    const r = (results[n] = Object.fromEntries(MODES.map((mode) => [mode, m(mode)])) as Record<Mode, Run>);
    console.log(
      [
        String(n),
        String(Math.ceil(n / PER_STACK) + 1),
        ...MODES.map((mode) => r[mode].ms.toFixed(0)),
        ...guarded.map((mode) => (r[mode].ms / r.plain.ms).toFixed(2) + 'x'),
        MODES.map((mode) => r[mode].cpuMs.toFixed(0)).join('/'),
        ...guarded.map((mode) => (r[mode].cpuMs / r.plain.cpuMs).toFixed(2) + 'x'),
        guarded.map((mode) => String(r[mode].findings)).join('/'),
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
      `NetworkGuard overhead at 800 VPCs: ${guarded.map((mode) => `${mode} ${((r[mode].ms / r.plain.ms - 1) * 100).toFixed(1)}%`).join(', ')}`,
    );
  }
}

main();
