/**
 * The report's `reachability` section (NetworkIntents' outcomes, the VPC-by-VPC matrix and the segments of each
 * transit gateway), and the NG-REACH rules' compliant and non-compliant cases as the report shows them.
 */
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { guard, peering, route, routeTable, subnet, vpc } from './l1';
import { NetworkEndpoint, NetworkIntent } from '../../src/reachability/intent-api';
import { HubTransitGateway } from '../../src/transit';
import { testVpc } from '../support';

/** Three VPCs: A and B peered with routes both ways, C alone. The endpoints import them by reference. */
function build(stack: Stack) {
  const a = vpc(stack, 'A', '10.1.0.0/16');
  const b = vpc(stack, 'B', '10.2.0.0/16');
  const c = vpc(stack, 'C', '10.3.0.0/16');
  const sa = subnet(stack, 'SubnetA', a, '10.1.0.0/24');
  const sb = subnet(stack, 'SubnetB', b, '10.2.0.0/24');
  subnet(stack, 'SubnetC', c, '10.3.0.0/24');
  const pcx = peering(stack, 'Pcx', a, b);
  route(stack, 'AToB', routeTable(stack, 'RtA', a, [sa]), '10.2.0.0/16', { vpcPeeringConnectionId: pcx.ref });
  route(stack, 'BToA', routeTable(stack, 'RtB', b, [sb]), '10.1.0.0/16', { vpcPeeringConnectionId: pcx.ref });
  const ep = (v: ec2.CfnVPC) =>
    NetworkEndpoint.fromVpc(
      ec2.Vpc.fromVpcAttributes(stack, `${v.node.id}Ref`, { vpcId: v.ref, availabilityZones: ['us-east-1a'] }),
    );
  return { a: ep(a), b: ep(b), c: ep(c), importedB: stack.node.findChild('BRef') as ec2.IVpc };
}

describe('the report: reachability', () => {
  test('each intent with its construct path, expected, port, status, rule, code, pair and path', () => {
    const g = guard((stack) => {
      const { a, b, c } = build(stack);
      NetworkIntent.reachable(stack, 'Met', { from: a, to: b, port: ec2.Port.tcp(443) });
      NetworkIntent.reachable(stack, 'Unmet', { from: a, to: c, port: ec2.Port.tcp(443) });
      NetworkIntent.isolated(stack, 'Isolated', { from: c, to: a });
    });
    expect(g.report.reachability.intents).toEqual([
      {
        constructPath: 'Net/Isolated',
        expected: 'isolated',
        port: 'any port',
        status: 'met',
        from: 'Net/SubnetC (SubnetC)',
        to: 'Net/SubnetA (SubnetA)',
        // The main route table of C holds the local route only: the path ends there.
        path: [
          'subnet Net/SubnetC (SubnetC)',
          'network-acl egress the default network ACL of Net/C (C) [allows all traffic (a default network ACL)]',
          'route-table main route table of Net/C (C)',
        ],
      },
      {
        constructPath: 'Net/Met',
        expected: 'reachable',
        port: 'tcp/443',
        status: 'met',
        from: 'Net/SubnetA (SubnetA)',
        to: 'Net/SubnetB (SubnetB)',
        // The request, the filters it passes (egress at the source, ingress at the destination), then the reply.
        path: [
          'subnet Net/SubnetA (SubnetA)',
          'network-acl egress the default network ACL of Net/A (A) [allows all traffic (a default network ACL)]',
          'route-table Net/RtA (RtA) [10.2.0.0/16 -> peering Net/Pcx (Net/AToB (AToB))]',
          'peering Net/Pcx (Pcx) [10.2.0.0/16 -> peering Net/Pcx (Net/AToB (AToB))]',
          'network-acl ingress the default network ACL of Net/B (B) [allows all traffic (a default network ACL)]',
          'reply subnet Net/SubnetB (SubnetB)',
          'reply network-acl egress the default network ACL of Net/B (B) [allows all traffic (a default network ACL)]',
          'reply route-table Net/RtB (RtB) [10.1.0.0/16 -> peering Net/Pcx (Net/BToA (BToA))]',
          'reply peering Net/Pcx (Pcx) [10.1.0.0/16 -> peering Net/Pcx (Net/BToA (BToA))]',
          'reply network-acl ingress the default network ACL of Net/A (A) [allows all traffic (a default network ACL)]',
        ],
      },
      {
        constructPath: 'Net/Unmet',
        expected: 'reachable',
        port: 'tcp/443',
        status: 'unmet',
        ruleId: 'NG-REACH-001',
        code: 'NO_ROUTE',
        reason: 'Net/RtA (RtA) has no route to 10.3.0.0/24',
        from: 'Net/SubnetA (SubnetA)',
        to: 'Net/SubnetC (SubnetC)',
        path: [
          'subnet Net/SubnetA (SubnetA)',
          'network-acl egress the default network ACL of Net/A (A) [allows all traffic (a default network ACL)]',
          'route-table Net/RtA (RtA)',
        ],
      },
    ]);
  });

  test('the VPC matrix (who reaches whom at the routing layer) and the segments of each transit gateway', () => {
    const g = guard((stack) => {
      build(stack);
      const hub = new HubTransitGateway(stack, 'Hub');
      const isolated = hub.addSegment('isolated', { isolated: true });
      const shared = hub.addSegment('shared', { isolated: true });
      isolated.shareRoutesWith(shared);
      hub.attachVpc('D', { vpc: testVpc(stack, 'VpcD', '10.4.0.0/16'), segment: isolated });
      hub.attachVpc('E', { vpc: testVpc(stack, 'VpcE', '10.5.0.0/16'), segment: shared });
    });
    expect(g.report.reachability.vpcMatrix).toEqual([
      { vpc: 'Net/A', reaches: ['Net/A', 'Net/B'], undetermined: [], throughMiddlebox: [] },
      { vpc: 'Net/B', reaches: ['Net/A', 'Net/B'], undetermined: [], throughMiddlebox: [] },
      { vpc: 'Net/C', reaches: ['Net/C'], undetermined: [], throughMiddlebox: [] },
      {
        vpc: 'Net/VpcD/Resource',
        reaches: ['Net/VpcD/Resource', 'Net/VpcE/Resource'],
        undetermined: [],
        throughMiddlebox: [],
      },
      {
        vpc: 'Net/VpcE/Resource',
        reaches: ['Net/VpcD/Resource', 'Net/VpcE/Resource'],
        undetermined: [],
        throughMiddlebox: [],
      },
    ]);
    expect(g.report.reachability.segments).toEqual([
      {
        transitGateway: 'Net/Hub/Resource',
        tables: [
          {
            table: expect.stringMatching(/^Net\/Hub\/Segment-isolated\/Resource/),
            reaches: [expect.stringMatching(/^Net\/Hub\/Segment-shared\/Resource/)],
          },
          {
            table: expect.stringMatching(/^Net\/Hub\/Segment-shared\/Resource/),
            reaches: [expect.stringMatching(/^Net\/Hub\/Segment-isolated\/Resource/)],
          },
        ],
      },
    ]);
  });

  test('an app without intents has an empty intents list', () => {
    const g = guard((stack) => {
      build(stack);
    });
    expect(g.report.reachability.intents).toEqual([]);
    expect(g.report.reachability.vpcMatrix.map((r) => r.vpc)).toEqual(['Net/A', 'Net/B', 'Net/C']);
  });
});

describe('NG-REACH rules in the report', () => {
  test('NG-REACH-001: a reachable intent over the peering is compliant; to the VPC without a route it is an error', () => {
    const g = guard((stack) => {
      const { a, b, c } = build(stack);
      NetworkIntent.reachable(stack, 'AToBIntent', { from: a, to: b, port: ec2.Port.tcp(443) });
      NetworkIntent.reachable(stack, 'AToCIntent', { from: a, to: c, port: ec2.Port.tcp(443) });
    });
    expect(g.of('NG-REACH-001').map((f) => [f.level, f.resources.map((r) => r.path)])).toEqual([
      ['error', ['Net/AToCIntent']],
    ]);
    expect(g.of('NG-REACH-001')[0].message).toMatch(/: NO_ROUTE: Net\/RtA \(RtA\) has no route to 10\.3\.0\.0\/24\./);
  });

  test('NG-REACH-002: an isolated intent from the unconnected VPC is compliant; across the peering it is an error', () => {
    const g = guard((stack) => {
      const { a, b, c } = build(stack);
      NetworkIntent.isolated(stack, 'CNotA', { from: c, to: a });
      NetworkIntent.isolated(stack, 'BNotA', { from: b, to: a, port: ec2.Port.tcp(22) });
    });
    expect(g.of('NG-REACH-002').map((f) => [f.level, f.resources.map((r) => r.path)])).toEqual([
      ['error', ['Net/BNotA']],
    ]);
    expect(g.of('NG-REACH-002')[0].message).toMatch(/on tcp\/22, but it is reachable: .*Path: 1\. subnet Net\/SubnetB/);
  });

  test('NG-REACH-003: through the destination VPC itself is compliant; through a VPC the path never enters is an error', () => {
    const g = guard((stack) => {
      const { a, b, c, importedB } = build(stack);
      void c;
      const other = testVpc(stack, 'Inspection', '10.9.0.0/16');
      NetworkIntent.reachable(stack, 'ThroughB', { from: a, to: b, port: ec2.Port.tcp(443), through: [importedB] });
      NetworkIntent.reachable(stack, 'ThroughInspection', {
        from: a,
        to: b,
        port: ec2.Port.tcp(443),
        through: [other],
      });
    });
    expect(g.of('NG-REACH-003').map((f) => [f.level, f.resources.map((r) => r.path)])).toEqual([
      ['error', ['Net/ThroughInspection']],
    ]);
    expect(g.of('NG-REACH-003')[0].message).toMatch(
      /: NOT_THROUGH: the path does not enter Net\/Inspection\/Resource \(Inspection[0-9A-F]+\), which through requires\./,
    );
  });
});
