import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, CfnResource, Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NetworkGuard } from '../../src/guard';
import * as engine from '../../src/guard/engine';
import { readAssembly } from '../../src/guard/model';
import * as matrix from '../../src/reachability/matrix';
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

  test('network-guard.json has the guard version, counts, and the rules sorted by id with their counts', () => {
    const outdir = synth();
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'network-guard.json'), 'utf-8'));
    expect(report.guardVersion).toBe(new NetworkGuard().version);
    expect(report.counts).toEqual({ stacks: 1, resources: 13, vpcs: 3 });
    expect(report.rules).toEqual([...new NetworkGuard().ruleIds!].sort());
    expect(report.ruleCounts.map((r: any) => r.id)).toEqual(report.rules);
    expect(report.ruleCounts.find((r: any) => r.id === 'NG-PEER-001')).toEqual({
      id: 'NG-PEER-001',
      level: 'error',
      title: 'Peered VPCs with overlapping IPv4 CIDR blocks',
      findings: 0,
      acknowledged: 1,
      notChecked: 1,
    });
    expect(report.ruleCounts.find((r: any) => r.id === 'NG-PEER-007').findings).toBe(
      report.findings.filter((f: any) => f.ruleId === 'NG-PEER-007').length,
    );
  });

  test('the topology shows VPCs, peering, transit gateway route tables in the gateway box, grouped by stack, as Mermaid and DOT', () => {
    const outdir = synth();
    const mmd = fs.readFileSync(path.join(outdir, 'network-topology.mmd'), 'utf-8');
    const dot = fs.readFileSync(path.join(outdir, 'network-topology.dot'), 'utf-8');
    expect(mmd.split('\n')[0]).toBe('flowchart LR');
    expect(mmd).toContain('  subgraph stack0["Net"]');
    expect(mmd).toContain('"Net/A 10.0.0.0/16"');
    expect(mmd).toMatch(/-- "peering Net\/AB" -->/);
    // The TGW is a box holding its route table.
    expect(mmd).toMatch(
      /subgraph (n\d+)_box\["TGW Net\/Tgw"\]\n\s+\1\[\["TGW Net\/Tgw"\]\]\n\s+n\d+\[\/"route table Net\/Prod"\/\]\n\s+end/,
    );
    expect(mmd).toMatch(/-- "associated" -->/);
    expect(dot.startsWith('digraph "network" {')).toBe(true);
    expect(dot).toMatch(/subgraph "cluster_stack0" \{\n\s+label = "Net";/);
    expect(dot).toMatch(/subgraph "cluster_n\d+" \{\n\s+label = "TGW Net\/Tgw";\n\s+style = "rounded";/);
    expect(dot).toMatch(/label = "peering Net\/AC";/);
    expect(dot).toContain('label = "VPC imported from elsewhere";');
  });

  test('diagrams: Name tags, VPN connections, TGW static routes and peering, Client VPN grants, Cloud WAN attachments', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ng-topo-'));
    const app = new App({ outdir });
    const stack = testStack(app, 'Net');
    const a = vpc(stack, 'A', '10.0.0.0/16', { tags: [{ key: 'Name', value: 'orders' }] });
    const tgw = new ec2.CfnTransitGateway(stack, 'Tgw', {});
    const rt = new ec2.CfnTransitGatewayRouteTable(stack, 'Spokes', { transitGatewayId: tgw.ref });
    const s = new ec2.CfnSubnet(stack, 'ASubnet', {
      vpcId: a.ref,
      cidrBlock: '10.0.0.0/24',
      availabilityZone: 'us-east-1a',
    });
    const att = new ec2.CfnTransitGatewayVpcAttachment(stack, 'AAtt', {
      transitGatewayId: tgw.ref,
      vpcId: a.ref,
      subnetIds: [s.ref],
    });
    new ec2.CfnTransitGatewayRoute(stack, 'ToA', {
      transitGatewayRouteTableId: rt.ref,
      destinationCidrBlock: '10.0.0.0/16',
      transitGatewayAttachmentId: att.ref,
    });
    new ec2.CfnTransitGatewayRoute(stack, 'Drop', {
      transitGatewayRouteTableId: rt.ref,
      destinationCidrBlock: '192.168.0.0/16',
      blackhole: true,
    });
    const cgw = new ec2.CfnCustomerGateway(stack, 'Office', {
      bgpAsn: 65000,
      ipAddress: '203.0.113.10',
      type: 'ipsec.1',
    });
    new ec2.CfnVPNConnection(stack, 'OfficeVpn', {
      customerGatewayId: cgw.ref,
      transitGatewayId: tgw.ref,
      type: 'ipsec.1',
    });
    new ec2.CfnTransitGatewayPeeringAttachment(stack, 'ToEu', {
      transitGatewayId: tgw.ref,
      peerTransitGatewayId: 'tgw-0123456789abcdef0',
      peerAccountId: '111111111111',
      peerRegion: 'eu-west-1',
    });
    const endpoint = new ec2.CfnClientVpnEndpoint(stack, 'Vpn', {
      clientCidrBlock: '10.100.0.0/22',
      serverCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/1',
      authenticationOptions: [
        {
          type: 'certificate-authentication',
          mutualAuthentication: { clientRootCertificateChainArn: 'arn:aws:acm:us-east-1:111111111111:certificate/2' },
        },
      ],
      connectionLogOptions: { enabled: false },
      vpcId: a.ref,
    });
    new ec2.CfnClientVpnAuthorizationRule(stack, 'GrantA', {
      clientVpnEndpointId: endpoint.ref,
      targetNetworkCidr: '10.0.0.0/16',
      accessGroupId: 'devs',
    });
    new ec2.CfnClientVpnAuthorizationRule(stack, 'GrantOnPrem', {
      clientVpnEndpointId: endpoint.ref,
      targetNetworkCidr: '172.16.0.0/12',
      authorizeAllGroups: true,
    });
    const core = new CfnResource(stack, 'Core', {
      type: 'AWS::NetworkManager::CoreNetwork',
      properties: { GlobalNetworkId: 'global-network-1' },
    });
    new CfnResource(stack, 'AToCore', {
      type: 'AWS::NetworkManager::VpcAttachment',
      properties: {
        CoreNetworkId: core.ref,
        VpcArn: Fn.sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc/${A}'),
        SubnetArns: [Fn.sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:subnet/${ASubnet}')],
      },
    });
    Aspects.of(app).add(new NetworkGuard());
    app.synth();
    const mmd = fs.readFileSync(path.join(outdir, 'network-topology.mmd'), 'utf-8');
    const id = (label: string) => new RegExp(`(n\\d+)[^"\\n]*"${label.replace(/[/.()]/g, '\\$&')}`).exec(mmd)?.[1];
    const edge = (from: string, label: string, to: string) =>
      expect(mmd).toMatch(new RegExp(`  ${id(from)} -[-.] "${label.replace(/[/.()]/g, '\\$&')}" [-.]-> ${id(to)}\\n`));
    expect(id('orders 10.0.0.0/16')).toBeDefined();
    edge('route table Net/Spokes', 'static 10.0.0.0/16', 'orders 10.0.0.0/16');
    edge('route table Net/Spokes', 'static 192.168.0.0/16', 'blackhole');
    edge('VPN Net/OfficeVpn to 203.0.113.10', 'VPN BGP', 'TGW Net/Tgw');
    edge('TGW Net/Tgw', 'TGW peering Net/ToEu (eu-west-1)', 'tgw-0123456789abcdef0');
    edge('Client VPN Net/Vpn 10.100.0.0/22', 'grant group devs', 'orders 10.0.0.0/16');
    edge('Client VPN Net/Vpn 10.100.0.0/22', 'grant all users', '172.16.0.0/12');
    edge('orders 10.0.0.0/16', 'Cloud WAN vpc attachment', 'Cloud WAN Net/Core');
    const dot = fs.readFileSync(path.join(outdir, 'network-topology.dot'), 'utf-8');
    expect(dot).toContain('label = "static 192.168.0.0/16";\n    style = "dashed";');
    expect(dot).not.toMatch(/label = "[^"]*\b(AAtt|Tgw[0-9A-F]{8})\b/);
  });

  test('the aspect ends its check with one line on stderr: rules, findings by level, the report', () => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let lines: string[];
    try {
      const outdir = synth();
      lines = write.mock.calls.map((c) => String(c[0])).filter((l) => l.startsWith('NetworkGuard: '));
      expect(lines).toEqual([
        `NetworkGuard: ${new NetworkGuard().ruleIds!.length} rules, 1 error, 1 warning, 1 acknowledged, 8 not checked; report: ${path.relative(process.cwd(), path.join(outdir, 'network-guard.json'))}\n`,
      ]);
    } finally {
      write.mockRestore();
    }
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

describe('the reachability section is computed when the report is written', () => {
  function assemblyOf() {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ng-lazy-'));
    const app = new App({ outdir });
    const stack = testStack(app, 'Net');
    const a = vpc(stack, 'A', '10.0.0.0/16');
    const c = vpc(stack, 'C', '10.2.0.0/16');
    peering(stack, 'AC', a, c);
    app.synth();
    return readAssembly(outdir);
  }

  afterEach(() => jest.restoreAllMocks());

  test('a check that writes no report (the plugin without reportDirectory) never computes the matrix', () => {
    const spy = jest.spyOn(matrix, 'vpcMatrix');
    const content = assemblyOf();
    const run = engine.check(content.stacks, content.acknowledgements);
    expect(run.report.rules.length).toBeGreaterThan(0);
    expect(spy).not.toHaveBeenCalled();
    const written = JSON.parse(engine.reportJson(run.report));
    expect(spy).toHaveBeenCalledTimes(1);
    expect(written.reachability.vpcMatrix.map((r: any) => r.vpc)).toEqual(['Net/A', 'Net/C']);
    // Read again: the same section, not computed twice.
    expect(run.report.reachability).toBe(run.report.reachability);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  test('a matrix that fails is listed in notChecked of the written report, ahead of which it is computed', () => {
    jest.spyOn(matrix, 'vpcMatrix').mockImplementation(() => {
      throw new Error('boom');
    });
    const content = assemblyOf();
    const written = JSON.parse(engine.reportJson(engine.check(content.stacks, content.acknowledgements).report));
    expect(written.reachability).toEqual({ intents: [], vpcMatrix: [], segments: [] });
    expect(written.notChecked).toContainEqual({ ruleId: '*', resources: [], why: 'the reachability matrix: boom' });
  });
});
