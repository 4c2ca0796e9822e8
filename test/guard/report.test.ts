import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NetworkGuard } from '../../src/guard';
import { testStack } from '../support';
import { peering, vpc } from './l1';

describe('the report files', () => {
  function synth() {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ng-report-'));
    const app = new App({ outdir });
    const stack = testStack(app, 'Net');
    const a = vpc(stack, 'A', '10.0.0.0/16');
    const b = vpc(stack, 'B', '10.0.0.0/20');
    const c = vpc(stack, 'C', '10.2.0.0/16');
    const overlap = peering(stack, 'AB', a, b);
    const ac = peering(stack, 'AC', a, c);
    new ec2.CfnRoute(stack, 'AToC', {
      routeTableId: new ec2.CfnRouteTable(stack, 'RtA', { vpcId: a.ref }).ref,
      destinationCidrBlock: '10.2.0.0/16',
      vpcPeeringConnectionId: ac.ref,
    });
    peering(stack, 'ToImported', a, { ref: Fn.importValue('elsewhere') } as any);
    NetworkGuard.acknowledge(overlap, 'NG-PEER-001', 'B is renumbered next sprint');
    const tgw = new ec2.CfnTransitGateway(stack, 'Tgw', { amazonSideAsn: 64512 });
    const rt = new ec2.CfnTransitGatewayRouteTable(stack, 'Prod', { transitGatewayId: tgw.ref });
    const s = new ec2.CfnSubnet(stack, 'CSubnet', {
      vpcId: c.ref,
      cidrBlock: '10.2.0.0/24',
      availabilityZone: 'us-east-1a',
    });
    const att = new ec2.CfnTransitGatewayVpcAttachment(stack, 'CAtt', {
      transitGatewayId: tgw.ref,
      vpcId: c.ref,
      subnetIds: [s.ref],
    });
    new ec2.CfnTransitGatewayRouteTableAssociation(stack, 'CAssoc', {
      transitGatewayAttachmentId: att.ref,
      transitGatewayRouteTableId: rt.ref,
    });
    Aspects.of(app).add(new NetworkGuard());
    app.synth();
    return outdir;
  }

  test('network-guard.json holds findings, acknowledged findings with their reason, and what was not checked', () => {
    const outdir = synth();
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'network-guard.json'), 'utf-8'));
    expect(report.version).toBe(1);
    expect(report.findings.map((f: any) => f.ruleId)).toContain('NG-PEER-007');
    expect(report.findings[0]).toEqual(
      expect.objectContaining({
        ruleId: expect.any(String),
        level: expect.any(String),
        message: expect.any(String),
        fix: expect.any(String),
      }),
    );
    expect(report.acknowledged).toEqual([
      expect.objectContaining({
        ruleId: 'NG-PEER-001',
        reason: 'B is renumbered next sprint',
        acknowledgedAt: 'Net/AB',
      }),
    ]);
    expect(report.notChecked).toContainEqual(
      expect.objectContaining({
        ruleId: 'NG-PEER-001',
        resources: [expect.objectContaining({ logicalId: 'ToImported' })],
      }),
    );
    // Written next to the templates.
    expect(fs.existsSync(path.join(outdir, 'Net.template.json'))).toBe(true);
  });

  test('the topology shows VPCs, peering, transit gateway segments, as Mermaid and DOT', () => {
    const outdir = synth();
    const mmd = fs.readFileSync(path.join(outdir, 'network-topology.mmd'), 'utf-8');
    const dot = fs.readFileSync(path.join(outdir, 'network-topology.dot'), 'utf-8');
    expect(mmd.split('\n')[0]).toBe('flowchart LR');
    expect(mmd).toContain('"Net/A 10.0.0.0/16"');
    expect(mmd).toMatch(/-- "peering AB" -->/);
    expect(mmd).toMatch(/"segment Prod"/);
    expect(mmd).toMatch(/-- "associated" -->/);
    expect(dot.startsWith('digraph network {')).toBe(true);
    expect(dot).toMatch(/\[label="peering AC"\]/);
    expect(dot).toContain('label="VPC imported from elsewhere"');
  });

  test('writeReport: false writes nothing; reportDirectory writes elsewhere', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ng-dir-'));
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'ng-out-')) });
    vpc(testStack(app), 'A', '10.0.0.0/16');
    Aspects.of(app).add(new NetworkGuard({ reportDirectory: dir }));
    app.synth();
    expect(fs.readdirSync(dir).sort()).toEqual(['network-guard.json', 'network-topology.dot', 'network-topology.mmd']);
    expect(fs.existsSync(path.join(app.outdir, 'network-guard.json'))).toBe(false);
  });
});
