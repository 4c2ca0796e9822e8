/**
 * The app behind the committed cloud-assembly fixture of the command-line tests (test/cli/fixtures/assembly/).
 *
 *   npx ts-node --transpile-only test/cli/fixture-app.ts   # re-synthesizes the fixture
 *
 * Plain L1s only, in two stacks (Consumers deploys after Network) and a nested stack, with findings of both levels
 * and an acknowledgement: an overlapping peering (NG-PEER-001, error), an SSH security group open to the internet
 * (NG-SG-001, warning), a peering from the consumer stack, across stacks, that overlaps too but is acknowledged, and
 * a peering in the nested stack with routes on one side only (NG-PEER-007, warning). The fixture keeps what a reader
 * of cloud assemblies needs: manifest.json, the templates (nested ones included), *.metadata.json and *.assets.json.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NetworkGuard } from '../../src/guard';

export const FIXTURE_DIR = path.join(__dirname, 'fixtures', 'assembly');

const ENV = { account: '111111111111', region: 'us-east-1' };

/** The fixture app, synthesized into `outdir`. */
export function fixtureApp(outdir: string): App {
  const app = new App({ outdir, analyticsReporting: false });
  const network = new Stack(app, 'Network', { env: ENV });
  const a = new ec2.CfnVPC(network, 'VpcA', { cidrBlock: '10.0.0.0/16' });
  const b = new ec2.CfnVPC(network, 'VpcB', { cidrBlock: '10.0.0.0/20' });
  new ec2.CfnVPCPeeringConnection(network, 'AToB', { vpcId: a.ref, peerVpcId: b.ref });
  new ec2.CfnSecurityGroup(network, 'Bastion', {
    vpcId: a.ref,
    groupDescription: 'bastion',
    securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIp: '0.0.0.0/0' }],
  });

  const consumers = new Stack(app, 'Consumers', { env: ENV });
  const c = new ec2.CfnVPC(consumers, 'VpcC', { cidrBlock: '10.0.0.0/24' });
  const cToA = new ec2.CfnVPCPeeringConnection(consumers, 'CToA', { vpcId: c.ref, peerVpcId: a.ref });
  NetworkGuard.acknowledge(cToA, 'NG-PEER-001', 'VpcC is renumbered before the connection is used');

  const nested = new NestedStack(consumers, 'Edge');
  const d = new ec2.CfnVPC(nested, 'VpcD', { cidrBlock: '10.8.0.0/16' });
  const e = new ec2.CfnVPC(nested, 'VpcE', { cidrBlock: '10.9.0.0/16' });
  const dToE = new ec2.CfnVPCPeeringConnection(nested, 'DToE', { vpcId: d.ref, peerVpcId: e.ref });
  new ec2.CfnRoute(nested, 'DToERoute', {
    routeTableId: new ec2.CfnRouteTable(nested, 'RtD', { vpcId: d.ref }).ref,
    destinationCidrBlock: '10.9.0.0/16',
    vpcPeeringConnectionId: dToE.ref,
  });
  return app;
}

/** The files of an assembly the fixture keeps. */
export function keptFile(name: string): boolean {
  return (
    name === 'manifest.json' ||
    name.endsWith('.template.json') ||
    name.endsWith('.metadata.json') ||
    name.endsWith('.assets.json')
  );
}

/** Synthesizes the fixture app into `dir`, keeping only the files the readers need. */
export function writeFixture(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fixtureApp(dir).synth();
  for (const name of fs.readdirSync(dir)) {
    if (!keptFile(name)) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

if (require.main === module) {
  writeFixture(FIXTURE_DIR);
  process.stdout.write(
    `wrote ${path.relative(process.cwd(), FIXTURE_DIR)}: ${fs.readdirSync(FIXTURE_DIR).join(', ')}\n`,
  );
}
