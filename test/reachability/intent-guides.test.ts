/**
 * The AWS Transit Gateway guide's and VPC peering guide's scenarios stated as NetworkIntents, built with this
 * library's constructs (HubTransitGateway, PeeredVpcPair, PeeringMesh) and checked by NetworkGuard as the aspect, with
 * the recommended feature flags on and off (ec2.Vpc's default security group and subnets differ between them).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NetworkGuard } from '../../src/guard';
import { GuardReport, ReportIntent } from '../../src/guard/report';
import { PeeredVpcPair, PeeringMesh } from '../../src/peering';
import { NetworkEndpoint, NetworkIntent } from '../../src/reachability/intent-api';
import { HubTransitGateway } from '../../src/transit';
import { FLAG_MODES, templatesOf, testStack, testVpc } from '../support';

/** Runs NetworkGuard as the aspect; returns the report's intents as `[path, status, code]`, and the findings. */
function check(app: App): {
  intents: [string, string, string | undefined][];
  byPath: Record<string, ReportIntent>;
  report: GuardReport;
} {
  Aspects.of(app).add(new NetworkGuard());
  // CDK prints its validation report of the error annotations: kept out of the test output.
  const errorSpy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    templatesOf(app);
  } finally {
    errorSpy.mockRestore();
  }
  const report: GuardReport = JSON.parse(fs.readFileSync(path.join(app.outdir, NetworkGuard.REPORT_FILE), 'utf-8'));
  const intents = report.reachability.intents;
  return {
    intents: intents.map((i) => [i.constructPath.replace(/^Stack\//, ''), i.status, i.code]),
    byPath: Object.fromEntries(intents.map((i) => [i.constructPath.replace(/^Stack\//, ''), i])),
    report,
  };
}

const TCP = ec2.Port.tcp(443);

/** `reachable` from each VPC to each other VPC of `vpcs` (ids `<A>To<B>`). */
function allReachAll(stack: Stack, vpcs: Record<string, ec2.IVpc>): void {
  for (const [x, vx] of Object.entries(vpcs)) {
    for (const [y, vy] of Object.entries(vpcs)) {
      if (x === y) continue;
      NetworkIntent.reachable(stack, `${x}To${y}`, {
        from: NetworkEndpoint.fromVpc(vx),
        to: NetworkEndpoint.fromVpc(vy),
        port: TCP,
      });
    }
  }
}

describe.each(FLAG_MODES)('with %s', (_, makeApp) => {
  test('TGW guide "Example: Centralized router" (https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-centralized-router.html): every VPC reaches every VPC; the isolated subnets are isolated from the internet', () => {
    const app = makeApp();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub');
    const all = hub.addSegment('all');
    const vpcs: Record<string, ec2.IVpc> = {};
    for (const [id, cidr] of [
      ['A', '10.1.0.0/16'],
      ['B', '10.2.0.0/16'],
      ['C', '10.3.0.0/16'],
    ]) {
      vpcs[id] = testVpc(stack, `Vpc${id}`, cidr);
      hub.attachVpc(id, { vpc: vpcs[id], segment: all });
    }
    allReachAll(stack, vpcs);
    NetworkIntent.isolated(stack, 'NoInternet', {
      from: NetworkEndpoint.internet(),
      to: NetworkEndpoint.fromSubnets(vpcs.A, { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }),
    });
    // The public subnets route 0.0.0.0/0 to the internet gateway: the internet reaches them (NG-REACH-002).
    NetworkIntent.isolated(stack, 'PublicNoInternet', {
      from: NetworkEndpoint.internet(),
      to: NetworkEndpoint.fromSubnets(vpcs.A, { subnetType: ec2.SubnetType.PUBLIC }),
    });
    const { intents, report } = check(app);
    expect(intents).toEqual([
      ['AToB', 'met', undefined],
      ['AToC', 'met', undefined],
      ['BToA', 'met', undefined],
      ['BToC', 'met', undefined],
      ['CToA', 'met', undefined],
      ['CToB', 'met', undefined],
      ['NoInternet', 'met', undefined],
      ['PublicNoInternet', 'unmet', undefined],
    ]);
    expect(
      report.findings.filter((f) => f.ruleId.startsWith('NG-REACH')).map((f) => [f.ruleId, f.resources[0].path]),
    ).toEqual([['NG-REACH-002', 'Stack/PublicNoInternet']]);
  });

  test('TGW guide "Example: Isolated VPCs with shared services" (https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-isolated-shared.html): A, B and C reach the shared services VPC D, and are isolated from each other', () => {
    const app = makeApp();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub');
    const isolated = hub.addSegment('isolated', { isolated: true });
    const shared = hub.addSegment('shared', { isolated: true });
    isolated.shareRoutesWith(shared);
    const vpcs: Record<string, ec2.IVpc> = {};
    for (const [id, cidr] of [
      ['A', '10.1.0.0/16'],
      ['B', '10.2.0.0/16'],
      ['C', '10.3.0.0/16'],
    ]) {
      vpcs[id] = testVpc(stack, `Vpc${id}`, cidr);
      hub.attachVpc(id, { vpc: vpcs[id], segment: isolated });
    }
    const d = testVpc(stack, 'VpcD', '10.4.0.0/16');
    hub.attachVpc('D', { vpc: d, segment: shared });
    for (const [id, v] of Object.entries(vpcs)) {
      NetworkIntent.reachable(stack, `${id}ToD`, {
        from: NetworkEndpoint.fromVpc(v),
        to: NetworkEndpoint.fromVpc(d),
        port: TCP,
      });
      NetworkIntent.reachable(stack, `DTo${id}`, {
        from: NetworkEndpoint.fromVpc(d),
        to: NetworkEndpoint.fromVpc(v),
        port: TCP,
      });
      for (const [other, w] of Object.entries(vpcs)) {
        if (other !== id) {
          NetworkIntent.isolated(stack, `${id}Not${other}`, {
            from: NetworkEndpoint.fromVpc(v),
            to: NetworkEndpoint.fromVpc(w),
          });
        }
      }
    }
    const { intents, report } = check(app);
    expect(intents.filter(([, status]) => status !== 'met')).toEqual([]);
    expect(intents.map(([p]) => p)).toEqual([
      'ANotB',
      'ANotC',
      'AToD',
      'BNotA',
      'BNotC',
      'BToD',
      'CNotA',
      'CNotB',
      'CToD',
      'DToA',
      'DToB',
      'DToC',
    ]);
    expect(report.findings.filter((f) => f.ruleId.startsWith('NG-REACH'))).toEqual([]);
  });

  test('TGW guide "Example: Appliance in a shared services VPC" (https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html): A reaches B through the inspection VPC C (through met); without inspection the direct path is NOT_THROUGH (NG-REACH-003)', () => {
    const app = makeApp();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub');
    const spokes = hub.addSegment('spokes', { isolated: true });
    const appliance = hub.addSegment('appliance', { isolated: true });
    const a = testVpc(stack, 'VpcA', '10.0.0.0/16');
    const b = testVpc(stack, 'VpcB', '10.1.0.0/16');
    hub.attachVpc('A', { vpc: a, segment: spokes });
    hub.attachVpc('B', { vpc: b, segment: spokes });
    const c = testVpc(stack, 'VpcC', '192.168.0.0/16');
    hub.inspectThrough(hub.attachVpc('C', { vpc: c, segment: appliance }));
    // The appliance: a network interface in a public subnet of C (source/destination check off); the attachment
    // subnets route 0.0.0.0/0 to it, as the guide's VPC C route tables do.
    const eni = new ec2.CfnNetworkInterface(stack, 'Appliance', {
      subnetId: c.publicSubnets[0].subnetId,
      sourceDestCheck: false,
    });
    c.isolatedSubnets.forEach(
      (s, i) =>
        new ec2.CfnRoute(stack, `ToAppliance${i}`, {
          routeTableId: s.routeTable.routeTableId,
          destinationCidrBlock: '0.0.0.0/0',
          networkInterfaceId: eni.ref,
        }),
    );
    NetworkIntent.reachable(stack, 'AToB', {
      from: NetworkEndpoint.fromVpc(a),
      to: NetworkEndpoint.fromVpc(b),
      port: TCP,
      through: [c],
    });
    NetworkIntent.reachable(stack, 'BToA', {
      from: NetworkEndpoint.fromVpc(b),
      to: NetworkEndpoint.fromVpc(a),
      port: TCP,
      through: [c],
    });
    const { intents, byPath } = check(app);
    expect(intents).toEqual([
      ['AToB', 'met', undefined],
      ['BToA', 'met', undefined],
    ]);
    // The reported path of the first pair: into C by its attachment subnet, through the appliance (whose subnet's
    // network ACL applies), on to B; the reply comes back through the appliance too (appliance mode).
    expect(byPath.AToB.path.map((h) => h.replace(/ \(.*$/, ''))).toEqual([
      'subnet Stack/VpcA/PrivateSubnet1/Subnet',
      'network-acl egress the default network ACL of Stack/VpcA/Resource',
      'route-table Stack/VpcA/PrivateSubnet1/RouteTable',
      'transit-gateway-attachment Stack/Hub/A/Resource',
      'transit-gateway-route-table Stack/Hub/Segment-spokes/Resource',
      'transit-gateway-attachment Stack/Hub/C/Resource',
      'subnet Stack/VpcC/PrivateSubnet1/Subnet',
      'route-table Stack/VpcC/PrivateSubnet1/RouteTable',
      'middlebox Stack/Appliance',
      'subnet Stack/VpcC/PublicSubnet1/Subnet',
      'network-acl egress the default network ACL of Stack/VpcC/Resource',
      'route-table Stack/VpcC/PublicSubnet1/RouteTable',
      'transit-gateway-attachment Stack/Hub/C/Resource',
      'transit-gateway-route-table Stack/Hub/Segment-appliance/Resource',
      'transit-gateway-attachment Stack/Hub/B/Resource',
      'subnet Stack/VpcB/PrivateSubnet1/Subnet',
      'route-table Stack/VpcB/PrivateSubnet1/RouteTable',
      'network-acl ingress the default network ACL of Stack/VpcB/Resource',
      'reply subnet Stack/VpcB/PrivateSubnet1/Subnet',
      'reply route-table Stack/VpcB/PrivateSubnet1/RouteTable',
      'reply transit-gateway-attachment Stack/Hub/B/Resource',
      'reply transit-gateway-route-table Stack/Hub/Segment-spokes/Resource',
      'reply transit-gateway-attachment Stack/Hub/C/Resource',
      'reply subnet Stack/VpcC/PrivateSubnet1/Subnet',
      'reply route-table Stack/VpcC/PrivateSubnet1/RouteTable',
      'reply middlebox Stack/Appliance',
      'reply subnet Stack/VpcC/PublicSubnet1/Subnet',
      'reply route-table Stack/VpcC/PublicSubnet1/RouteTable',
      'reply transit-gateway-attachment Stack/Hub/C/Resource',
      'reply transit-gateway-route-table Stack/Hub/Segment-appliance/Resource',
      'reply transit-gateway-attachment Stack/Hub/A/Resource',
      'reply subnet Stack/VpcA/PrivateSubnet1/Subnet',
      'reply route-table Stack/VpcA/PrivateSubnet1/RouteTable',
    ]);

    // Without the inspection: one segment, A reaches B directly, never entering C.
    const direct = makeApp();
    const s2 = testStack(direct);
    const hub2 = new HubTransitGateway(s2, 'Hub');
    const all = hub2.addSegment('all');
    const a2 = testVpc(s2, 'VpcA', '10.0.0.0/16');
    const b2 = testVpc(s2, 'VpcB', '10.1.0.0/16');
    const c2 = testVpc(s2, 'VpcC', '192.168.0.0/16');
    hub2.attachVpc('A', { vpc: a2, segment: all });
    hub2.attachVpc('B', { vpc: b2, segment: all });
    hub2.attachVpc('C', { vpc: c2, segment: all });
    NetworkIntent.reachable(s2, 'AToB', {
      from: NetworkEndpoint.fromVpc(a2),
      to: NetworkEndpoint.fromVpc(b2),
      port: TCP,
      through: [c2],
    });
    const second = check(direct);
    expect(second.intents).toEqual([['AToB', 'unmet', 'NOT_THROUGH']]);
    const [finding] = second.report.findings.filter((f) => f.ruleId.startsWith('NG-REACH'));
    expect(finding.ruleId).toBe('NG-REACH-003');
    expect(finding.message).toMatch(
      /^NetworkIntent Stack\/AToB expected the VPC Stack\/VpcA to reach the VPC Stack\/VpcB on tcp\/443, reachable, but not through the required VPC: NOT_THROUGH: the path does not enter Stack\/VpcC\/Resource \(VpcC[0-9A-F]+\), which through requires\. First failing pair: .*Path: 1\. subnet Stack\/VpcA\/PrivateSubnet1\/Subnet .*; 4\. transit-gateway-attachment Stack\/Hub\/A\/Resource .*; 5\. transit-gateway-route-table Stack\/Hub\/Segment-all\/Resource .*; 6\. transit-gateway-attachment Stack\/Hub\/B\/Resource .*; \d+\. reply subnet Stack\/VpcB\/PrivateSubnet1\/Subnet .*\.$/,
    );
  });

  test('peering guide "Three VPCs peered together" (https://docs.aws.amazon.com/vpc/latest/peering/peering-configurations-full-access.html): a PeeringMesh, every VPC reaches every VPC', () => {
    const app = makeApp();
    const stack = testStack(app);
    const vpcs = {
      A: testVpc(stack, 'VpcA', '10.0.0.0/16'),
      B: testVpc(stack, 'VpcB', '10.1.0.0/16'),
      C: testVpc(stack, 'VpcC', '10.2.0.0/16'),
    };
    new PeeringMesh(stack, 'Mesh', { vpcs: Object.values(vpcs) });
    allReachAll(stack, vpcs);
    const { intents } = check(app);
    expect(intents).toEqual([
      ['AToB', 'met', undefined],
      ['AToC', 'met', undefined],
      ['BToA', 'met', undefined],
      ['BToC', 'met', undefined],
      ['CToA', 'met', undefined],
      ['CToB', 'met', undefined],
    ]);
  });

  test('peering guide, invalid "Transitive peering" (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html#vpc-peering-limitations): A peered with B and with C; B and C are isolated, even with a route through A (PEERING_NOT_TRANSITIVE)', () => {
    const app = makeApp();
    const stack = testStack(app);
    const a = testVpc(stack, 'VpcA', '10.0.0.0/16');
    const b = testVpc(stack, 'VpcB', '10.1.0.0/16');
    const c = testVpc(stack, 'VpcC', '10.2.0.0/16');
    const ab = new PeeredVpcPair(stack, 'AB', { requesterVpc: a, accepterVpc: b });
    new PeeredVpcPair(stack, 'AC', { requesterVpc: a, accepterVpc: c });
    NetworkIntent.reachable(stack, 'BToA', {
      from: NetworkEndpoint.fromVpc(b),
      to: NetworkEndpoint.fromVpc(a),
      port: TCP,
    });
    NetworkIntent.isolated(stack, 'BNotC', { from: NetworkEndpoint.fromVpc(b), to: NetworkEndpoint.fromVpc(c) });
    // The invalid configuration: B's subnets route C's block to the A-B connection, hoping A passes it on.
    b.isolatedSubnets.forEach(
      (s, i) =>
        new ec2.CfnRoute(stack, `BToCThroughA${i}`, {
          routeTableId: s.routeTable.routeTableId,
          destinationCidrBlock: '10.2.0.0/16',
          vpcPeeringConnectionId: ab.peeringConnectionId,
        }),
    );
    NetworkIntent.reachable(stack, 'BToCViaA', {
      from: NetworkEndpoint.fromSubnets(b, { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }),
      to: NetworkEndpoint.fromVpc(c),
      port: TCP,
    });
    const { intents, byPath } = check(app);
    expect(intents).toEqual([
      ['BNotC', 'met', undefined],
      ['BToA', 'met', undefined],
      ['BToCViaA', 'unmet', 'PEERING_NOT_TRANSITIVE'],
    ]);
    expect(byPath.BToCViaA.reason).toMatch(/is not in Stack\/VpcA\/Resource .*delivers only to the peer VPC's blocks/);
    expect(byPath.BToCViaA.path.map((h) => h.split(' ')[0])).toEqual([
      'subnet',
      'network-acl',
      'route-table',
      'peering',
    ]);
  });
});
