/**
 * Reachability matrix benchmark (not a timed test).
 *
 *   npx ts-node --transpile-only bench/reachability.ts [sizes...] [--reps N]
 *
 * The app of bench/network-guard.ts (copied here: that file runs its benchmark when imported): a hub stack with a
 * transit gateway and its route table, spoke stacks of 25 VPCs, each VPC with two subnets, a route table, a peering
 * connection to its neighbour with routes on both sides, a TGW attachment with association, propagation and a static
 * route, and a route to the TGW. Each measurement is a fresh Node.js process: the app is built and synthesized
 * (`app.synth()`, timed: plain synth), then its cloud assembly is read into the guard's model and `vpcMatrix` runs on
 * it (timed apart: reading the assembly and building the model, and the matrix itself), then 100 `evaluateFlow`
 * calls (tcp 443, each from a subnet of one VPC to a subnet of its peered neighbour, request and reply, routing and
 * network ACLs; the app has no security groups). N processes per size (default 5); the output gives the medians and
 * the ratios to plain synth.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { build, PER_STACK } from './network-app';
import { modelInputFromTemplates, NetworkModel, readAssembly } from '../src/guard/model';
import { vpcMatrix } from '../src/reachability';
import { evaluateFlow } from '../src/reachability/flow';

/** The app of bench/network-guard.ts, unchanged. */

interface Run {
  /** `app.synth()`. */
  synthMs: number;
  /** Reading the cloud assembly and building the model. */
  modelMs: number;
  /** `vpcMatrix(model)`. */
  matrixMs: number;
  /** 100 `evaluateFlow` calls. */
  flowsMs: number;
  /** The flows evaluated (100, or one per peered pair of a smaller app). */
  flowCount: number;
  /** How many of them are reachable (each is, by construction of the app). */
  reachableFlows: number;
  /** Reach pairs in the matrix (a VPC reaching itself counted), to check the result is the expected one. */
  pairs: number;
}

function once(vpcs: number): Run {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'reach-bench-'));
  try {
    const app = build(vpcs, outdir);
    const t0 = process.hrtime.bigint();
    const assembly = app.synth();
    const t1 = process.hrtime.bigint();
    const stacks = readAssembly(assembly.directory).stacks;
    const model = new NetworkModel(modelInputFromTemplates(stacks), new Map(stacks.map((s) => [s.path, s.template])));
    const t2 = process.hrtime.bigint();
    const matrix = vpcMatrix(model);
    const t3 = process.hrtime.bigint();
    const pairs = matrix.vpcs.reduce((n, row) => n + row.reaches.length, 0);
    const queries = flowQueries(model, 100);
    const t4 = process.hrtime.bigint();
    const results = queries.map((q) => evaluateFlow(model, q));
    const t5 = process.hrtime.bigint();
    const reachableFlows = results.filter((r) => r.status === 'reachable').length;
    const ms = (a: bigint, b: bigint) => Number(b - a) / 1e6;
    return {
      synthMs: ms(t0, t1),
      modelMs: ms(t1, t2),
      matrixMs: ms(t2, t3),
      flowsMs: ms(t4, t5),
      flowCount: queries.length,
      reachableFlows,
      pairs,
    };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * `count` flows spread over the app: from the first subnet of a VPC to the first subnet of the next VPC of its stack
 * (its peered neighbour), tcp 443.
 */
function flowQueries(model: NetworkModel, count: number) {
  // In app order: VPC i is peered with VPC i + 1 of the same stack.
  const vpcs = model.ofType('AWS::EC2::VPC');
  const byStack = new Map<string, typeof vpcs>();
  for (const v of vpcs) byStack.set(v.stack.path, [...(byStack.get(v.stack.path) ?? []), v]);
  const pairs = [...byStack.values()].flatMap((list) => list.slice(1).map((v, i) => [list[i], v] as const));
  const first = (v: (typeof vpcs)[number]) => model.subnetsOf(v).sort((a, b) => a.path.localeCompare(b.path))[0];
  return Array.from({ length: Math.min(count, pairs.length) }, (_, i) => {
    const [a, b] = pairs[Math.floor((i * pairs.length) / count)];
    return { from: first(a), to: first(b), protocol: 'tcp' as const, fromPort: 443, toPort: 443 };
  });
}

function fresh(vpcs: number): Run {
  const child = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', __filename, '--child', String(vpcs)],
    { encoding: 'utf-8', env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' }, maxBuffer: 64 * 1024 * 1024 },
  );
  const line = child.stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{"synthMs"'));
  if (child.status !== 0 || !line) {
    throw new Error(`${vpcs} VPCs failed (exit ${child.status}):\n${child.stderr}`);
  }
  return JSON.parse(line);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * The reach pairs the app must give: every VPC reaches itself and its peered neighbours in its stack (the TGW
 * routes cover 172.16.0.0/12 only, no VPC block).
 */
function expectedPairs(vpcs: number): number {
  let pairs = vpcs;
  for (let i = 1; i < vpcs; i++) if (i % PER_STACK !== 0) pairs += 2;
  return pairs;
}

function main(): void {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    console.log(JSON.stringify(once(Number(args[1]))));
    return;
  }
  const repsAt = args.indexOf('--reps');
  const reps = repsAt >= 0 ? Number(args[repsAt + 1]) : 5;
  const sizes = args
    .filter((a, i) => /^\d+$/.test(a) && (repsAt < 0 || i !== repsAt + 1))
    .map(Number)
    .filter((n) => n > 0);
  console.log(`vpcMatrix benchmark: median of ${reps} fresh process(es), ${PER_STACK} VPCs a stack`);
  const header = [
    'VPCs',
    'plain synth ms',
    'model ms',
    'vpcMatrix ms',
    '100 evaluateFlow ms',
    'matrix/synth',
    'flows/synth',
    '(model+matrix)/synth',
    'pairs',
  ];
  console.log(header.join(' | '));
  console.log(header.map(() => '---').join(' | '));
  for (const n of sizes.length ? sizes : [200, 800]) {
    const runs = Array.from({ length: reps }, () => fresh(n));
    const m = (f: (r: Run) => number) => median(runs.map(f));
    const synth = m((r) => r.synthMs);
    const model = m((r) => r.modelMs);
    const matrix = m((r) => r.matrixMs);
    const flows = m((r) => r.flowsMs);
    const pairs = runs[0].pairs;
    if (runs[0].reachableFlows !== runs[0].flowCount) {
      throw new Error(`${n} VPCs: ${runs[0].reachableFlows} of ${runs[0].flowCount} flows are reachable, expected all`);
    }
    if (pairs !== expectedPairs(n)) {
      throw new Error(`${n} VPCs: the matrix has ${pairs} reach pairs, expected ${expectedPairs(n)}`);
    }
    console.log(
      [
        String(n),
        synth.toFixed(0),
        model.toFixed(0),
        matrix.toFixed(0),
        flows.toFixed(1),
        `${(matrix / synth).toFixed(3)}x`,
        `${(flows / synth).toFixed(3)}x`,
        `${((model + matrix) / synth).toFixed(3)}x`,
        String(pairs),
      ].join(' | '),
    );
  }
}

main();
