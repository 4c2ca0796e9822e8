/**
 * Synth-scaling benchmark of HubTransitGateway (not a timed test).
 *
 *   npx ts-node --transpile-only bench/transit.ts [spokes...] [--reps N]
 *   node --cpu-prof -r ts-node/register/transpile-only bench/transit.ts --child library 400   (one profiled run)
 *
 * A hub of N spoke VPCs (3 AZs each, one isolated subnet per AZ, 25 spokes a stack; the hub in a stack of its own;
 * one non-isolated segment, spoke routes to the segment's managed prefix list of a fixed capacity of one entry per
 * spoke, at most 1000) is synthesized three ways:
 *   - cdk-vpc-connectivity: HubTransitGateway + attachVpc;
 *   - hand-written L1: the same resources written with Cfn* classes;
 *   - @aws-cdk/aws-ec2-alpha: its TransitGateway L2s (its default route table as the segment, attachment,
 *     association and propagation L2s in the spoke stacks), spoke routes and prefix list by hand since it has none.
 * Each measurement is a fresh Node.js process (as `cdk synth` is), the builders alternating in a rotating order, N
 * of each (default 5): it loads the builder's modules (timed apart, `import ms`; under ts-node it includes
 * transpiling), then builds the app and synthesizes it to a temporary directory (`synth ms`, the compared time).
 * It prints the medians, ratios, resource counts, the largest stack, and the growth factor from 100 to 400 spokes.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import type * as alphaModule from '@aws-cdk/aws-ec2-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as libraryModule from '../src';

const ENV = { account: '111111111111', region: 'us-east-1' };
const PER_STACK = 25;
/** The most entries a managed prefix list can have (EC2 quota). */
const PREFIX_LIST_LIMIT = 1000;

/**
 * The fixed capacity (`MaxEntries`) of the segment's prefix list, the same in all three builders: chosen up front
 * (room for every spoke, at most 1000), never derived from the entries, since EC2 refuses an update that changes
 * both.
 */
function capacity(spokes: number): number {
  return Math.min(PREFIX_LIST_LIMIT, Math.max(1, spokes));
}

type Builder = (app: App, spokes: number) => void;

/* The builders' own modules, loaded in the measured process (timed as `import ms`). */
let lib: typeof libraryModule;
let alpha: typeof alphaModule;
const LOADERS: Record<string, () => void> = {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  library: () => (lib = require('../src')),
  'hand L1': () => undefined,
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  'ec2-alpha': () => (alpha = require('@aws-cdk/aws-ec2-alpha')),
};

function spokeVpc(stack: Stack, i: number): ec2.Vpc {
  return new ec2.Vpc(stack, `Vpc${i}`, {
    ipAddresses: ec2.IpAddresses.cidr(spokeCidr(i)),
    maxAzs: 3,
    natGateways: 0,
    subnetConfiguration: [{ name: 'Private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
  });
}

function spokeCidr(i: number): string {
  return `10.${Math.floor(i / 16)}.${(i % 16) * 16}.0/20`;
}

function spokeStacks(app: App, spokes: number): Stack[] {
  const stacks: Stack[] = [];
  for (let s = 0; s * PER_STACK < spokes; s++) stacks.push(new Stack(app, `Spokes${s}`, { env: ENV }));
  return stacks;
}

const library: Builder = (app, spokes) => {
  const hubStack = new Stack(app, 'Hub', { env: ENV });
  const hub = new lib.HubTransitGateway(hubStack, 'Hub');
  const segment = hub.addSegment('spokes', { prefixListMaxEntries: capacity(spokes) });
  const stacks = spokeStacks(app, spokes);
  for (let i = 0; i < spokes; i++) {
    hub.attachVpc(`Spoke${i}`, { vpc: spokeVpc(stacks[Math.floor(i / PER_STACK)], i), segment });
  }
};

const handWritten: Builder = (app, spokes) => {
  const hubStack = new Stack(app, 'Hub', { env: ENV });
  const tgw = new ec2.CfnTransitGateway(hubStack, 'Hub', {
    amazonSideAsn: 64512,
    defaultRouteTableAssociation: 'disable',
    defaultRouteTablePropagation: 'disable',
  });
  const table = new ec2.CfnTransitGatewayRouteTable(hubStack, 'Spokes', { transitGatewayId: tgw.ref });
  const entries: ec2.CfnPrefixList.EntryProperty[] = [];
  const list = new ec2.CfnPrefixList(hubStack, 'SpokesList', {
    prefixListName: 'spokes',
    addressFamily: 'IPv4',
    maxEntries: capacity(spokes),
    entries,
  });
  const stacks = spokeStacks(app, spokes);
  for (let i = 0; i < spokes; i++) {
    const stack = stacks[Math.floor(i / PER_STACK)];
    const vpc = spokeVpc(stack, i);
    entries.push({ cidr: spokeCidr(i), description: `Spoke${i}` });
    const attachment = new ec2.CfnTransitGatewayAttachment(stack, `Spoke${i}`, {
      transitGatewayId: tgw.ref,
      vpcId: vpc.vpcId,
      subnetIds: vpc.isolatedSubnets.map((s) => s.subnetId),
    });
    // The association and the propagation reference the attachment, which orders them: no DependsOn (as the
    // library writes them). The routes name only the transit gateway, so they depend on the attachment.
    new ec2.CfnTransitGatewayRouteTableAssociation(stack, `Spoke${i}Association`, {
      transitGatewayRouteTableId: table.ref,
      transitGatewayAttachmentId: attachment.ref,
    });
    new ec2.CfnTransitGatewayRouteTablePropagation(stack, `Spoke${i}Propagation`, {
      transitGatewayRouteTableId: table.ref,
      transitGatewayAttachmentId: attachment.ref,
    });
    vpc.isolatedSubnets.forEach((subnet, j) => {
      const route = new ec2.CfnRoute(stack, `Spoke${i}Route${j}`, {
        routeTableId: subnet.routeTable.routeTableId,
        destinationPrefixListId: list.attrPrefixListId,
        transitGatewayId: tgw.ref,
      });
      route.addDependency(attachment);
    });
  }
};

const ec2Alpha: Builder = (app, spokes) => {
  const hubStack = new Stack(app, 'Hub', { env: ENV });
  const tgw = new alpha.TransitGateway(hubStack, 'Hub', {
    defaultRouteTableAssociation: false,
    defaultRouteTablePropagation: false,
  });
  const table = tgw.defaultRouteTable;
  const entries: ec2.CfnPrefixList.EntryProperty[] = [];
  const list = new ec2.CfnPrefixList(hubStack, 'SpokesList', {
    prefixListName: 'spokes',
    addressFamily: 'IPv4',
    maxEntries: capacity(spokes),
    entries,
  });
  const stacks = spokeStacks(app, spokes);
  for (let i = 0; i < spokes; i++) {
    const stack = stacks[Math.floor(i / PER_STACK)];
    const vpc = spokeVpc(stack, i);
    entries.push({ cidr: spokeCidr(i), description: `Spoke${i}` });
    // tgw.attachVpc would put the attachment into the hub's stack (it outgrows 500 resources): build it in the
    // spoke's stack with the L2 classes instead.
    const attachment = new alpha.TransitGatewayVpcAttachment(stack, `Spoke${i}`, {
      transitGateway: tgw,
      vpc,
      subnets: vpc.isolatedSubnets,
    });
    new alpha.TransitGatewayRouteTableAssociation(stack, `Spoke${i}Association`, {
      transitGatewayVpcAttachment: attachment,
      transitGatewayRouteTable: table,
    });
    new alpha.TransitGatewayRouteTablePropagation(stack, `Spoke${i}Propagation`, {
      transitGatewayVpcAttachment: attachment,
      transitGatewayRouteTable: table,
    });
    const cfnAttachment = attachment.node.defaultChild as ec2.CfnTransitGatewayVpcAttachment;
    vpc.isolatedSubnets.forEach((subnet, j) => {
      const route = new ec2.CfnRoute(stack, `Spoke${i}Route${j}`, {
        routeTableId: subnet.routeTable.routeTableId,
        destinationPrefixListId: list.attrPrefixListId,
        transitGatewayId: tgw.transitGatewayId,
      });
      route.addDependency(cfnAttachment);
    });
  }
};

interface Run {
  /** Loading the builder's own modules. */
  importMs: number;
  /** Building the app and synthesizing it: wall-clock time. */
  ms: number;
  /** The same, in CPU time of the process (user and system): steadier than `ms` on a busy machine. */
  cpuMs: number;
  resources: number;
  maxStack: number;
  stacks: number;
}

const BUILDERS: Record<string, Builder> = { library: library, 'hand L1': handWritten, 'ec2-alpha': ec2Alpha };

/** One measurement, in this process: load the builder's modules, build the app, synthesize it. */
function run(name: string, spokes: number): Run {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-transit-'));
  try {
    const loadStart = performance.now();
    LOADERS[name]();
    const importMs = performance.now() - loadStart;
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const app = new App({ outdir });
    BUILDERS[name](app, spokes);
    const assembly = app.synth();
    const ms = performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    let resources = 0;
    let maxStack = 0;
    for (const stack of assembly.stacks) {
      const count = Object.keys(stack.template.Resources ?? {}).length;
      resources += count;
      maxStack = Math.max(maxStack, count);
    }
    return { importMs, ms, cpuMs, resources, maxStack, stacks: assembly.stacks.length };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** One measurement in a fresh process. */
function runFresh(name: string, spokes: number): Run {
  const child = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', __filename, '--child', name, String(spokes)],
    { encoding: 'utf-8', env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' }, maxBuffer: 64 * 1024 * 1024 },
  );
  const line = child.stdout.split('\n').find((l) => l.startsWith('{'));
  if (child.status !== 0 || !line) {
    throw new Error(`${name} at ${spokes} spokes failed (exit ${child.status}):\n${child.stderr}`);
  }
  return JSON.parse(line);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    console.log(JSON.stringify(run(args[1], Number(args[2]))));
    return;
  }
  const repsAt = args.indexOf('--reps');
  const reps = repsAt >= 0 ? Number(args[repsAt + 1]) : 5;
  const sizes = args.filter((a, i) => /^\d+$/.test(a) && (repsAt < 0 || i !== repsAt + 1)).map(Number);
  const spokeCounts = sizes.length > 0 ? sizes : [10, 100, 400];
  const names = Object.keys(BUILDERS);

  const medians: Record<string, Record<number, Run>> = {};
  const rows: string[] = [];
  const header = [
    'spokes',
    'stacks',
    'resources lib/L1/alpha',
    'max/stack lib/L1/alpha',
    'lib ms',
    'L1 ms',
    'alpha ms',
    'lib/L1',
    'lib/alpha',
    'CPU ms lib/L1/alpha',
    'CPU lib/L1',
    'CPU lib/alpha',
    'import ms lib/L1/alpha',
  ];
  for (const spokes of spokeCounts) {
    const runs: Record<string, Run[]> = {};
    for (let r = 0; r < reps; r++) {
      // Rotate the order so that no builder always runs first.
      for (let k = 0; k < names.length; k++) {
        const name = names[(k + r) % names.length];
        (runs[name] ??= []).push(runFresh(name, spokes));
      }
    }
    for (const name of names) {
      const first = runs[name][0];
      (medians[name] ??= {})[spokes] = {
        ...first,
        ms: median(runs[name].map((x) => x.ms)),
        cpuMs: median(runs[name].map((x) => x.cpuMs)),
        importMs: median(runs[name].map((x) => x.importMs)),
      };
    }
    const l = medians.library[spokes];
    const l1 = medians['hand L1'][spokes];
    const al = medians['ec2-alpha'][spokes];
    rows.push(
      [
        String(spokes),
        String(l.stacks),
        `${l.resources}/${l1.resources}/${al.resources}`,
        `${l.maxStack}/${l1.maxStack}/${al.maxStack}`,
        l.ms.toFixed(0),
        l1.ms.toFixed(0),
        al.ms.toFixed(0),
        (l.ms / l1.ms).toFixed(2) + 'x',
        (l.ms / al.ms).toFixed(2) + 'x',
        `${l.cpuMs.toFixed(0)}/${l1.cpuMs.toFixed(0)}/${al.cpuMs.toFixed(0)}`,
        (l.cpuMs / l1.cpuMs).toFixed(2) + 'x',
        (l.cpuMs / al.cpuMs).toFixed(2) + 'x',
        `${l.importMs.toFixed(0)}/${l1.importMs.toFixed(0)}/${al.importMs.toFixed(0)}`,
      ].join(' | '),
    );
  }
  console.log(
    `HubTransitGateway synth benchmark: median of ${reps} fresh process(es) per builder, ${PER_STACK} spokes a stack, 3 AZs a spoke`,
  );
  console.log(header.join(' | '));
  console.log(header.map(() => '---').join(' | '));
  rows.forEach((row) => console.log(row));
  if (spokeCounts.includes(100) && spokeCounts.includes(400)) {
    for (const name of names) {
      const growth = medians[name][400].ms / medians[name][100].ms;
      console.log(`growth 100 -> 400 spokes (${name}): ${growth.toFixed(2)}x time for 4x spokes`);
    }
  }
}

main();
