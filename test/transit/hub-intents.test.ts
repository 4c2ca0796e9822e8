/**
 * HubTransitGateway proves its promises with NetworkIntents on the templates it synthesizes (issue 16): segments reach
 * what `shareRoutesWith` says and nothing else, `inspectThrough` sends inter-segment traffic through the inspection
 * VPC, and a blackhole route isolates. Each with the recommended feature flags on and off, with negatives that show
 * the intents can fail.
 */
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NetworkEndpoint, NetworkIntent } from '../../src/reachability/intent-api';
import { HubTransitGateway, TransitSegment, TransitVpcAttachment } from '../../src/transit';
import { FLAG_MODES, testStack, testVpc } from '../support';
import { intentsOf } from '../support/intents';

const TCP = ec2.Port.tcp(443);

function reachable(stack: Stack, id: string, from: ec2.IVpc, to: ec2.IVpc, through: ec2.IVpc[] = []): void {
  NetworkIntent.reachable(stack, id, {
    from: NetworkEndpoint.fromVpc(from),
    to: NetworkEndpoint.fromVpc(to),
    port: TCP,
    ...(through.length > 0 ? { through } : {}),
  });
}

function isolated(stack: Stack, id: string, from: ec2.IVpc, to: ec2.IVpc): void {
  NetworkIntent.isolated(stack, id, { from: NetworkEndpoint.fromVpc(from), to: NetworkEndpoint.fromVpc(to) });
}

/** The inspection VPC's appliance: a network interface in its public subnet, the attachment subnets' default route. */
function appliance(stack: Stack, c: ec2.Vpc): void {
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
}

describe.each(FLAG_MODES)('with %s', (_, makeApp) => {
  test('shareRoutesWith: prod and dev (isolated) reach shared and back, not each other, nor their own segment; shared VPCs (not isolated) reach each other', () => {
    const app = makeApp();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub');
    const prod = hub.addSegment('prod', { isolated: true });
    const dev = hub.addSegment('dev', { isolated: true });
    const shared = hub.addSegment('shared');
    prod.shareRoutesWith(shared);
    dev.shareRoutesWith(shared);
    const v = {
      P1: testVpc(stack, 'VpcP1', '10.1.0.0/16'),
      P2: testVpc(stack, 'VpcP2', '10.2.0.0/16'),
      D: testVpc(stack, 'VpcD', '10.3.0.0/16'),
      S1: testVpc(stack, 'VpcS1', '10.4.0.0/16'),
      S2: testVpc(stack, 'VpcS2', '10.5.0.0/16'),
    };
    const segmentOf: Record<string, TransitSegment> = { P1: prod, P2: prod, D: dev, S1: shared, S2: shared };
    for (const [id, vpc] of Object.entries(v)) hub.attachVpc(id, { vpc, segment: segmentOf[id] });
    for (const x of ['P1', 'P2', 'D']) {
      reachable(stack, `${x}ToS1`, v[x as 'P1'], v.S1);
      reachable(stack, `S2To${x}`, v.S2, v[x as 'P1']);
    }
    reachable(stack, 'S1ToS2', v.S1, v.S2);
    isolated(stack, 'P1NotD', v.P1, v.D);
    isolated(stack, 'DNotP2', v.D, v.P2);
    isolated(stack, 'P1NotP2', v.P1, v.P2);
    const { intents, reach } = intentsOf(app);
    expect(intents).toEqual(
      ['DNotP2', 'DToS1', 'P1NotD', 'P1NotP2', 'P1ToS1', 'P2ToS1', 'S1ToS2', 'S2ToD', 'S2ToP1', 'S2ToP2'].map((p) => [
        p,
        'met',
        undefined,
      ]),
    );
    expect(reach).toEqual([]);
  });

  test('negative: without shareRoutesWith, prod does not reach shared even when its VPC sends everything to the hub (NG-REACH-001, TGW_NO_ROUTE)', () => {
    const app = makeApp();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub');
    const prod = hub.addSegment('prod', { isolated: true });
    const shared = hub.addSegment('shared');
    const p = testVpc(stack, 'VpcP', '10.1.0.0/16');
    const s = testVpc(stack, 'VpcS', '10.4.0.0/16');
    // P sends everything to the transit gateway: the segment's route table is what isolates it.
    hub.attachVpc('P', { vpc: p, segment: prod, routeTo: ['0.0.0.0/0'] });
    hub.attachVpc('S', { vpc: s, segment: shared });
    reachable(stack, 'PToS', p, s);
    const { intents, reach } = intentsOf(app);
    expect(intents).toEqual([['PToS', 'unmet', 'TGW_NO_ROUTE']]);
    expect(reach.map((f) => [f.ruleId, f.resources.map((r) => r.path)])).toEqual([['NG-REACH-001', ['Stack/PToS']]]);
  });

  /** prod and dev (isolated, sharing routes) and an inspection VPC C in a segment of its own. */
  function inspected(inspect: boolean) {
    const app = makeApp();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub');
    const prod = hub.addSegment('prod', { isolated: true });
    const dev = hub.addSegment('dev', { isolated: true });
    const inspection = hub.addSegment('inspection', { isolated: true });
    const a = testVpc(stack, 'VpcA', '10.0.0.0/16');
    const b = testVpc(stack, 'VpcB', '10.1.0.0/16');
    const c = testVpc(stack, 'VpcC', '192.168.0.0/16');
    hub.attachVpc('A', { vpc: a, segment: prod });
    hub.attachVpc('B', { vpc: b, segment: dev });
    const cAtt: TransitVpcAttachment = hub.attachVpc('C', { vpc: c, segment: inspection });
    if (inspect) {
      hub.inspectThrough(cAtt);
      appliance(stack, c);
    } else {
      prod.shareRoutesWith(dev);
      inspection.shareRoutesWith(prod);
    }
    reachable(stack, 'AToB', a, b, [c]);
    reachable(stack, 'BToA', b, a, [c]);
    return { app, hub };
  }

  test('inspectThrough: prod and dev reach each other through the inspection VPC (NetworkIntent through)', () => {
    const { app } = inspected(true);
    const { intents, byPath, reach } = intentsOf(app);
    expect(intents).toEqual([
      ['AToB', 'met', undefined],
      ['BToA', 'met', undefined],
    ]);
    expect(reach).toEqual([]);
    const hops = byPath.AToB.path.map((h) => h.replace(/ \(.*$/, ''));
    expect(hops).toEqual(
      expect.arrayContaining([
        'transit-gateway-attachment Stack/Hub/A/Resource',
        'transit-gateway-route-table Stack/Hub/Segment-prod/Resource',
        'transit-gateway-attachment Stack/Hub/C/Resource',
        'middlebox Stack/Appliance',
        'transit-gateway-route-table Stack/Hub/Segment-inspection/Resource',
        'transit-gateway-attachment Stack/Hub/B/Resource',
      ]),
    );
  });

  test('negative: the segments sharing routes directly, without inspectThrough, reach each other but not through C (NG-REACH-003, NOT_THROUGH)', () => {
    const { app } = inspected(false);
    const { intents, reach } = intentsOf(app);
    expect(intents).toEqual([
      ['AToB', 'unmet', 'NOT_THROUGH'],
      ['BToA', 'unmet', 'NOT_THROUGH'],
    ]);
    expect(reach.map((f) => f.ruleId)).toEqual(['NG-REACH-003', 'NG-REACH-003']);
  });

  test('addBlackholeRoute: a blackhole for the block of B in the segment isolates A from B (TGW_BLACKHOLE); without it A reaches B and the isolated intent fails (NG-REACH-002)', () => {
    const make = (blackhole: boolean) => {
      const app = makeApp();
      const stack = testStack(app);
      const hub = new HubTransitGateway(stack, 'Hub');
      const all = hub.addSegment('all');
      const a = testVpc(stack, 'VpcA', '10.0.0.0/16');
      const b = testVpc(stack, 'VpcB', '10.1.0.0/16');
      hub.attachVpc('A', { vpc: a, segment: all });
      hub.attachVpc('B', { vpc: b, segment: all });
      if (blackhole) all.addBlackholeRoute('10.1.0.0/16');
      reachable(stack, 'AToB', a, b);
      isolated(stack, 'ANotB', a, b);
      return intentsOf(app);
    };
    const holed = make(true);
    expect(holed.intents).toEqual([
      ['ANotB', 'met', undefined],
      ['AToB', 'unmet', 'TGW_BLACKHOLE'],
    ]);
    expect(holed.reach.map((f) => [f.ruleId, f.resources.map((r) => r.path)])).toEqual([
      ['NG-REACH-001', ['Stack/AToB']],
    ]);
    // Negative: without the blackhole, A reaches B and the isolated intent fails (NG-REACH-002).
    const open = make(false);
    expect(open.intents).toEqual([
      ['ANotB', 'unmet', undefined],
      ['AToB', 'met', undefined],
    ]);
    expect(open.reach.map((f) => [f.ruleId, f.resources.map((r) => r.path)])).toEqual([
      ['NG-REACH-002', ['Stack/ANotB']],
    ]);
  });
  test('addBlackholeRoute of a more specific block wins over the propagated route for it only: B public subnets (10.1.0.0/23) isolated, its private subnets reached', () => {
    const app = makeApp();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub');
    const all = hub.addSegment('all');
    const a = testVpc(stack, 'VpcA', '10.0.0.0/16');
    const b = testVpc(stack, 'VpcB', '10.1.0.0/16');
    hub.attachVpc('A', { vpc: a, segment: all });
    hub.attachVpc('B', { vpc: b, segment: all });
    all.addBlackholeRoute('10.1.0.0/23');
    expect(b.publicSubnets.map((x) => x.ipv4CidrBlock)).toEqual(['10.1.0.0/24', '10.1.1.0/24']);
    NetworkIntent.isolated(stack, 'ANotBPublic', {
      from: NetworkEndpoint.fromVpc(a),
      to: NetworkEndpoint.fromSubnets(b, { subnetType: ec2.SubnetType.PUBLIC }),
    });
    NetworkIntent.reachable(stack, 'AToBPrivate', {
      from: NetworkEndpoint.fromVpc(a),
      to: NetworkEndpoint.fromSubnets(b, { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }),
      port: TCP,
    });
    const { intents, reach } = intentsOf(app);
    expect(intents).toEqual([
      ['ANotBPublic', 'met', undefined],
      ['AToBPrivate', 'met', undefined],
    ]);
    expect(reach).toEqual([]);
  });
});
