/**
 * Reachability intents benchmark (issue 15, step 4; not a timed test).
 *
 *   npx ts-node --transpile-only bench/intents.ts [sizes...] [--reps N] [--intents K]
 *   node --cpu-prof -r ts-node/register/transpile-only bench/intents.ts --child plugin-intents 800 100   (one profile)
 *
 * The 800-VPC app of bench/network-app.ts (hub stack with a transit gateway, spoke stacks of 25 VPCs, each peered
 * with its neighbour), synthesized five ways:
 * - `plain`: `app.synth()` with no guard and no intent;
 * - `aspect` / `plugin`: NetworkGuard as an aspect / as CDK's validation plugin, no intent (its report holds the VPC
 *   matrix and the segments per transit gateway);
 * - `aspect-intents` / `plugin-intents`: the same with K `NetworkIntent`s (default 100): a tenth to a PrivateLink
 *   service (from a security group of a spoke VPC to its interface endpoint, through the endpoint service, the
 *   Network Load Balancer and the target's security group), a tenth from the users of a Client VPN endpoint (its
 *   authorization rules, its routes, then source NAT in a spoke VPC and the peering to the neighbour), and of the
 *   rest half `reachable` on tcp/443 from a VPC to its peered neighbour, half `isolated` (every port) from a VPC to
 *   the neighbour of its neighbour (peering is not transitive, and the VPCs' only other route goes to 172.16.0.0/12
 *   through the TGW).
 * Every mode's app also holds the PrivateLink service (a provider VPC of its own, its endpoints in the spoke VPCs the
 * intents name) and the Client VPN endpoint (in VPC 0, granted VPC 1), so that plain synth builds the same resources.
 * Every measurement is a fresh Node.js process, the modes alternating in a rotating order, N of each (default 5);
 * the table gives medians and the ratios to plain synth. Each intents run checks that every intent is `met`, so a
 * fast wrong answer cannot pass.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import { build, PER_STACK } from './network-app';
import { ClientVpnAccess, ClientVpnAuthentication } from '../src/client-vpn';
import { NetworkGuard } from '../src/guard';
import { PrivateLinkEndpoint, PrivateLinkService } from '../src/privatelink';
import { NetworkEndpoint, NetworkIntent } from '../src/reachability/intent-api';

type Mode = 'plain' | 'aspect' | 'plugin' | 'aspect-intents' | 'plugin-intents';
const MODES: Mode[] = ['plain', 'aspect', 'plugin', 'aspect-intents', 'plugin-intents'];

interface Run {
  ms: number;
  cpuMs: number;
  intents: number;
  met: number;
}

/** The imported handles made so far, by app and VPC number: each VPC is imported once. */
const importedVpcs = new WeakMap<App, Map<number, { stack: Stack; vpc: ec2.IVpc }>>();

/** The VPC `i` of the app as an `IVpc` whose ids point at the app's own L1s (so the intent finds them). */
function vpcOf(app: App, i: number): { stack: Stack; vpc: ec2.IVpc } {
  let byApp = importedVpcs.get(app);
  if (!byApp) importedVpcs.set(app, (byApp = new Map()));
  if (!byApp.has(i)) byApp.set(i, importVpc(app, i));
  return byApp.get(i)!;
}

/** Imports VPC `i` (see vpcOf). */
function importVpc(app: App, i: number): { stack: Stack; vpc: ec2.IVpc } {
  const stack = app.node.findChild(`Spokes${Math.floor(i / PER_STACK)}`) as Stack;
  const cfn = stack.node.findChild(`Vpc${i}`) as ec2.CfnVPC;
  const subnets = [0, 1].map((k) => stack.node.findChild(`Vpc${i}Subnet${k}`) as ec2.CfnSubnet);
  const rt = stack.node.findChild(`Vpc${i}Rt`) as ec2.CfnRouteTable;
  const vpc = ec2.Vpc.fromVpcAttributes(stack, `Vpc${i}Imported`, {
    vpcId: cfn.ref,
    vpcCidrBlock: cfn.cidrBlock!,
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    isolatedSubnetIds: subnets.map((s) => s.ref),
    isolatedSubnetIpv4CidrBlocks: subnets.map((s) => s.cidrBlock!),
    isolatedSubnetRouteTableIds: [rt.ref, rt.ref],
  });
  return { stack, vpc };
}

/** The PrivateLink service and the Client VPN endpoint of every mode's app, and the ends the intents name. */
interface Extras {
  readonly endpoints: {
    readonly vpc: ec2.IVpc;
    readonly client: ec2.SecurityGroup;
    readonly endpoint: PrivateLinkEndpoint;
  }[];
  readonly vpn: ClientVpnAccess;
  readonly vpnPeer: ec2.IVpc;
}

/** How many spoke VPCs get an endpoint of the PrivateLink service. */
const CONSUMERS = 10;

/**
 * Adds a PrivateLink service (its own provider VPC and stack, an instance target on 443) with an interface endpoint
 * in `CONSUMERS` spoke VPCs (each allowing a security group of its VPC), and a Client VPN endpoint in VPC 0 that grants
 * group `team` VPC 1 (peered with VPC 0).
 */
function addExtras(app: App, vpcs: number): Extras {
  const services = new Stack(app, 'Services', { env: { account: '111111111111', region: 'us-east-1' } });
  const provider = new ec2.Vpc(services, 'Provider', {
    ipAddresses: ec2.IpAddresses.cidr('172.31.0.0/16'),
    // The AZs of the spoke VPCs: the endpoints need a subnet where the load balancer has one.
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    natGateways: 0,
    subnetConfiguration: [{ name: 'Private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
  });
  const server = new ec2.Instance(services, 'Server', {
    vpc: provider,
    instanceType: new ec2.InstanceType('t3.micro'),
    machineImage: ec2.MachineImage.genericLinux({ 'us-east-1': 'ami-12345678' }),
  });
  const svc = new PrivateLinkService(services, 'Orders', { vpc: provider });
  svc.addPort('Https', { port: 443, targets: [new targets.InstanceTarget(server, 443)], targetConnections: [server] });
  const endpoints: Extras['endpoints'][number][] = [];
  for (let c = 0; c < CONSUMERS; c++) {
    const i = Math.floor((c * vpcs) / CONSUMERS);
    const { stack, vpc } = vpcOf(app, i);
    const client = new ec2.SecurityGroup(stack, `Vpc${i}Client`, { vpc });
    endpoints.push({ vpc, client, endpoint: svc.connectFrom(`Spoke${i}`, vpc, { allowFrom: [client], ports: [443] }) });
  }
  const vpnVpc = vpcOf(app, 0);
  const vpnPeer = vpcOf(app, 1).vpc;
  const vpn = new ClientVpnAccess(vpnVpc.stack, 'Vpn', {
    vpc: vpnVpc.vpc,
    clientCidr: '100.64.0.0/22',
    serverCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555',
    authentication: ClientVpnAuthentication.saml({ samlProviderArn: 'arn:aws:iam::111111111111:saml-provider/Okta' }),
  });
  vpn.grantAccessToVpc(vpnPeer, { groupId: 'team' });
  return { endpoints, vpn, vpnPeer };
}

/** K intents over the app's VPCs, each inside one spoke stack (neighbours are peered within a stack). */
function addIntents(app: App, vpcs: number, k: number, extras: Extras): void {
  // Positions in a stack where i, i+1 and i+2 are all in the same stack.
  const starts: number[] = [];
  for (let i = 0; i + 2 < vpcs; i++) {
    if (Math.floor(i / PER_STACK) === Math.floor((i + 2) / PER_STACK)) starts.push(i);
  }
  const imported = new Map<number, ec2.IVpc>();
  const vpc = (i: number): ec2.IVpc => {
    if (!imported.has(i)) imported.set(i, vpcOf(app, i).vpc);
    return imported.get(i)!;
  };
  for (let n = 0; n < k; n++) {
    const i = starts[Math.floor((n * starts.length) / k) % starts.length];
    const stack = app.node.findChild(`Spokes${Math.floor(i / PER_STACK)}`) as Stack;
    if (n % 10 === 3) {
      // PrivateLink: a consumer's client group to its interface endpoint, on to the service's target.
      const e = extras.endpoints[Math.floor(n / 10) % extras.endpoints.length];
      NetworkIntent.reachable(Stack.of(e.client), `PrivateLink${n}`, {
        from: NetworkEndpoint.fromConnectable(e.client, e.vpc),
        to: NetworkEndpoint.fromInterfaceEndpoint(e.endpoint.endpoint),
        port: ec2.Port.tcp(443),
      });
      continue;
    }
    if (n % 10 === 7) {
      // Client VPN: the team reaches the peered VPC, through the endpoint's rules, routes and the peering.
      NetworkIntent.reachable(Stack.of(extras.vpn), `ClientVpn${n}`, {
        from: NetworkEndpoint.fromClientVpn(extras.vpn, 'team'),
        to: NetworkEndpoint.fromVpc(extras.vpnPeer),
        port: ec2.Port.tcp(443),
      });
      continue;
    }
    if (n % 2 === 0) {
      NetworkIntent.reachable(stack, `Reach${n}`, {
        from: NetworkEndpoint.fromVpc(vpc(i + 1)),
        to: NetworkEndpoint.fromVpc(vpc(i)),
        port: ec2.Port.tcp(443),
      });
    } else {
      NetworkIntent.isolated(stack, `Isolate${n}`, {
        from: NetworkEndpoint.fromVpc(vpc(i)),
        to: NetworkEndpoint.fromVpc(vpc(i + 2)),
      });
    }
  }
}

/** One measurement, in this process. */
function synthOnce(vpcs: number, mode: Mode, k: number): Run {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'intents-bench-'));
  const reportDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'intents-bench-report-'));
  try {
    const app = build(vpcs, outdir);
    const extras = addExtras(app, vpcs);
    // The guard's engine loads lazily on the first check: load it before the clock starts (under ts-node loading
    // includes transpiling, which users of the compiled package do not pay), as bench/network-guard.ts does.
    if (mode !== 'plain') {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('../src/guard/engine');
    }
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    // Declaring the intents is part of the app the user writes: it is timed.
    if (mode.endsWith('-intents')) addIntents(app, vpcs, k, extras);
    if (mode.startsWith('aspect')) {
      Aspects.of(app).add(new NetworkGuard());
    } else if (mode.startsWith('plugin')) {
      Validations.of(app).addPlugins(new NetworkGuard({ reportDirectory }));
    }
    app.synth();
    const cpu = process.cpuUsage(cpuStart);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    let intents = 0;
    let met = 0;
    if (mode !== 'plain') {
      const dir = mode.startsWith('aspect') ? outdir : reportDirectory;
      const report = JSON.parse(fs.readFileSync(path.join(dir, NetworkGuard.REPORT_FILE), 'utf-8'));
      const records: { status: string }[] = report.reachability?.intents ?? [];
      intents = records.length;
      met = records.filter((r) => r.status === 'met').length;
      if (!report.reachability?.vpcMatrix) throw new Error(`${mode}: the report has no VPC matrix`);
    }
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000, intents, met };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.rmSync(reportDirectory, { recursive: true, force: true });
  }
}

/** One measurement in a fresh process. */
function synthFresh(vpcs: number, mode: Mode, k: number): Run {
  const child = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', __filename, '--child', mode, String(vpcs), String(k)],
    { encoding: 'utf-8', env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' }, maxBuffer: 64 * 1024 * 1024 },
  );
  const line = child.stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{"ms"'));
  if (child.status !== 0 || !line) {
    throw new Error(`${mode} at ${vpcs} VPCs failed (exit ${child.status}):\n${child.stderr}\n${child.stdout}`);
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
    console.log(JSON.stringify(synthOnce(Number(args[2]), args[1] as Mode, Number(args[3] ?? 100))));
    return;
  }
  const flag = (name: string, fallback: number): number => {
    const at = args.indexOf(name);
    return at >= 0 ? Number(args[at + 1]) : fallback;
  };
  const reps = flag('--reps', 5);
  const k = flag('--intents', 100);
  const skip = new Set([args.indexOf('--reps') + 1, args.indexOf('--intents') + 1].filter((i) => i > 0));
  const sizes = args.filter((a, i) => /^\d+$/.test(a) && !skip.has(i)).map(Number);
  console.log(
    `Reachability intents benchmark: median of ${reps} fresh process(es) per mode, ${k} intents, ${PER_STACK} VPCs a stack, load ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    [
      'VPCs',
      'plain ms',
      ...MODES.slice(1).map((m) => `${m} ms`),
      ...MODES.slice(1).map((m) => `${m}/plain`),
      ...MODES.slice(1).map((m) => `CPU ${m}/plain`),
      'intents met',
    ].join(' | '),
  );
  for (const n of sizes.length ? sizes : [800]) {
    const runs: Record<Mode, Run[]> = { plain: [], aspect: [], plugin: [], 'aspect-intents': [], 'plugin-intents': [] };
    for (let r = 0; r < reps; r++) {
      for (let j = 0; j < MODES.length; j++) {
        const mode = MODES[(j + r) % MODES.length];
        runs[mode].push(synthFresh(n, mode, k));
      }
    }
    const ms = (m: Mode): number => median(runs[m].map((x) => x.ms));
    const cpu = (m: Mode): number => median(runs[m].map((x) => x.cpuMs));
    const last = runs['plugin-intents'][0];
    const lastAspect = runs['aspect-intents'][0];
    console.log(
      [
        n,
        ms('plain').toFixed(0),
        ...MODES.slice(1).map((m) => ms(m).toFixed(0)),
        ...MODES.slice(1).map((m) => `${(ms(m) / ms('plain')).toFixed(2)}x`),
        ...MODES.slice(1).map((m) => `${(cpu(m) / cpu('plain')).toFixed(2)}x`),
        `aspect ${lastAspect.met}/${lastAspect.intents}, plugin ${last.met}/${last.intents}`,
      ].join(' | '),
    );
  }
}

main();
