/**
 * NetworkGuard synth-scaling benchmark (not a timed test).
 *
 *   npx ts-node --transpile-only bench/network-guard.ts [sizes...]
 *
 * Builds apps of 50, 200 and 800 VPCs written with plain L1s: one hub stack with a transit gateway and two route
 * tables, and spoke stacks of 25 VPCs each. Every VPC has two subnets, a route table with both associations, a
 * peering connection to its neighbour with routes on both sides, a TGW attachment with its association,
 * propagation and a static TGW route, and a route to the TGW that depends on the attachment. Each app is
 * synthesized with and without NetworkGuard (median of 3 runs, synthesis only); the output gives both times, their
 * ratio, and the growth factor of the guarded synth from 200 to 800 VPCs.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NetworkGuard } from '../src/guard';

const PER_STACK = 25;
const ENV = { account: '111111111111', region: 'us-east-1' };

function build(vpcs: number, outdir: string): App {
  const app = new App({ outdir });
  const hub = new Stack(app, 'Hub', { env: ENV });
  const tgw = new ec2.CfnTransitGateway(hub, 'Tgw', {
    defaultRouteTableAssociation: 'disable',
    defaultRouteTablePropagation: 'disable',
  });
  const spokesRt = new ec2.CfnTransitGatewayRouteTable(hub, 'Spokes', { transitGatewayId: tgw.ref });
  let stack: Stack | undefined;
  let previous: ec2.CfnVPC | undefined;
  for (let i = 0; i < vpcs; i++) {
    if (i % PER_STACK === 0) {
      stack = new Stack(app, `Spokes${i / PER_STACK}`, { env: ENV });
    }
    const s = stack!;
    // 10.x.y.0/24 blocks: VPC i gets 10.(i / 256).(i % 256).0/24.
    const base = `10.${Math.floor(i / 256)}.${i % 256}`;
    const vpc = new ec2.CfnVPC(s, `Vpc${i}`, { cidrBlock: `${base}.0/24` });
    const subnets = ['a', 'b'].map(
      (az, k) =>
        new ec2.CfnSubnet(s, `Vpc${i}Subnet${k}`, {
          vpcId: vpc.ref,
          cidrBlock: `${base}.${k * 128}/25`,
          availabilityZone: `us-east-1${az}`,
        }),
    );
    const rt = new ec2.CfnRouteTable(s, `Vpc${i}Rt`, { vpcId: vpc.ref });
    subnets.forEach(
      (sub, k) =>
        new ec2.CfnSubnetRouteTableAssociation(s, `Vpc${i}Assoc${k}`, { routeTableId: rt.ref, subnetId: sub.ref }),
    );
    const att = new ec2.CfnTransitGatewayVpcAttachment(s, `Vpc${i}Att`, {
      transitGatewayId: tgw.ref,
      vpcId: vpc.ref,
      subnetIds: subnets.map((x) => x.ref),
    });
    new ec2.CfnTransitGatewayRouteTableAssociation(s, `Vpc${i}TgwAssoc`, {
      transitGatewayAttachmentId: att.ref,
      transitGatewayRouteTableId: spokesRt.ref,
    });
    new ec2.CfnTransitGatewayRouteTablePropagation(s, `Vpc${i}TgwProp`, {
      transitGatewayAttachmentId: att.ref,
      transitGatewayRouteTableId: spokesRt.ref,
    });
    new ec2.CfnTransitGatewayRoute(s, `Vpc${i}TgwRoute`, {
      transitGatewayRouteTableId: spokesRt.ref,
      destinationCidrBlock: `172.16.${i % 256}.${Math.floor(i / 256) * 32}/27`,
      transitGatewayAttachmentId: att.ref,
    });
    new ec2.CfnRoute(s, `Vpc${i}ToTgw`, {
      routeTableId: rt.ref,
      destinationCidrBlock: '172.16.0.0/12',
      transitGatewayId: tgw.ref,
    }).addDependency(att);
    if (previous && i % PER_STACK !== 0) {
      const pcx = new ec2.CfnVPCPeeringConnection(s, `Vpc${i}Peer`, { vpcId: vpc.ref, peerVpcId: previous.ref });
      new ec2.CfnRoute(s, `Vpc${i}ToPrev`, {
        routeTableId: rt.ref,
        destinationCidrBlock: previous.cidrBlock!,
        vpcPeeringConnectionId: pcx.ref,
      });
      const prevRt = s.node.findChild(`Vpc${i - 1}Rt`) as ec2.CfnRouteTable;
      new ec2.CfnRoute(s, `Vpc${i}FromPrev`, {
        routeTableId: prevRt.ref,
        destinationCidrBlock: vpc.cidrBlock!,
        vpcPeeringConnectionId: pcx.ref,
      });
    }
    previous = vpc;
  }
  return app;
}

function synthMs(vpcs: number, guarded: boolean): { ms: number; findings: number } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ng-bench-'));
  try {
    const app = build(vpcs, outdir);
    const guard = new NetworkGuard();
    if (guarded) {
      Aspects.of(app).add(guard);
    }
    const start = process.hrtime.bigint();
    app.synth();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const findings = guarded
      ? JSON.parse(fs.readFileSync(path.join(outdir, NetworkGuard.REPORT_FILE), 'utf-8')).findings.length
      : 0;
    return { ms, findings };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const results: Record<number, { plain: number; guarded: number }> = {};
console.log('VPCs  stacks  plain synth (ms)  guarded synth (ms)  ratio  findings');
for (const n of sizes.length ? sizes : [50, 200, 800]) {
  const plain: number[] = [];
  const guarded: number[] = [];
  let findings = 0;
  for (let run = 0; run < 3; run++) {
    plain.push(synthMs(n, false).ms);
    const g = synthMs(n, true);
    guarded.push(g.ms);
    findings = g.findings;
  }
  results[n] = { plain: median(plain), guarded: median(guarded) };
  const r = results[n];
  console.log(
    `${String(n).padEnd(6)}${String(Math.ceil(n / PER_STACK) + 1).padEnd(8)}${r.plain.toFixed(0).padEnd(18)}${r.guarded.toFixed(0).padEnd(20)}${(r.guarded / r.plain).toFixed(2).padEnd(7)}${findings}`,
  );
}
if (results[200] && results[800]) {
  console.log(
    `growth 200 -> 800 VPCs: plain ${(results[800].plain / results[200].plain).toFixed(2)}x, guarded ${(results[800].guarded / results[200].guarded).toFixed(2)}x`,
  );
  console.log(
    `NetworkGuard overhead at 800 VPCs: ${((results[800].guarded / results[800].plain - 1) * 100).toFixed(1)}%`,
  );
}
