/**
 * PeeredVpcPair and PeeringMesh prove their promises with NetworkIntents on the templates they synthesize (issue 16):
 * every selected subnet of each VPC reaches the other VPC at the routing layer, `allowFromRequester` opens the target
 * on its port, and peering is not transitive. Each with the recommended feature flags on and off (ec2.Vpc's default
 * security group differs), and with a negative that shows the intent can fail.
 */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { PeeredVpcPair, PeeringMesh } from '../../src/peering';
import { NetworkEndpoint, NetworkIntent } from '../../src/reachability/intent-api';
import { FLAG_MODES, testStack, testVpc } from '../support';
import { intentsOf } from '../support/intents';

const PG = ec2.Port.tcp(5432);
/** The routing-layer intents' port: no security group applies at a `fromVpc` end. */
const TCP = ec2.Port.tcp(443);

describe.each(FLAG_MODES)('with %s', (_, makeApp) => {
  /** Requester A and accepter B peered; C peered with B only; a database group in B. */
  function setup(opts: { allow?: boolean; pairAC?: boolean } = {}) {
    const app = makeApp();
    const stack = testStack(app);
    const a = testVpc(stack, 'VpcA', '10.0.0.0/16');
    const b = testVpc(stack, 'VpcB', '10.1.0.0/16');
    const c = testVpc(stack, 'VpcC', '10.2.0.0/16');
    const pair = new PeeredVpcPair(stack, 'AB', { requesterVpc: a, accepterVpc: b });
    new PeeredVpcPair(stack, 'CB', { requesterVpc: c, accepterVpc: b });
    const db = new ec2.SecurityGroup(stack, 'Db', { vpc: b, allowAllOutbound: false });
    if (opts.allow ?? true) pair.allowFromRequester(db, PG);
    return { app, stack, a, b, c, db, pair };
  }

  test('PeeredVpcPair: each VPC reaches the other both ways; allowFromRequester opens the target; C (peered with B) stays isolated from A', () => {
    const { app, stack, a, b, c, db } = setup();
    NetworkIntent.reachable(stack, 'AToB', {
      from: NetworkEndpoint.fromVpc(a),
      to: NetworkEndpoint.fromVpc(b),
      port: TCP,
    });
    NetworkIntent.reachable(stack, 'BToA', {
      from: NetworkEndpoint.fromVpc(b),
      to: NetworkEndpoint.fromVpc(a),
      port: TCP,
    });
    NetworkIntent.reachable(stack, 'AToDb', {
      from: NetworkEndpoint.fromVpc(a),
      to: NetworkEndpoint.fromConnectable(db, b),
      port: PG,
    });
    NetworkIntent.isolated(stack, 'ANotC', { from: NetworkEndpoint.fromVpc(a), to: NetworkEndpoint.fromVpc(c) });
    NetworkIntent.isolated(stack, 'CNotA', { from: NetworkEndpoint.fromVpc(c), to: NetworkEndpoint.fromVpc(a) });
    const { intents, reach } = intentsOf(app);
    expect(intents).toEqual([
      ['ANotC', 'met', undefined],
      ['AToB', 'met', undefined],
      ['AToDb', 'met', undefined],
      ['BToA', 'met', undefined],
      ['CNotA', 'met', undefined],
    ]);
    expect(reach).toEqual([]);
  });

  test('negative: without allowFromRequester the target is not reachable (NG-REACH-001, SECURITY_GROUP_INGRESS); the route still is', () => {
    const { app, stack, a, b, db } = setup({ allow: false });
    NetworkIntent.reachable(stack, 'AToB', {
      from: NetworkEndpoint.fromVpc(a),
      to: NetworkEndpoint.fromVpc(b),
      port: TCP,
    });
    NetworkIntent.reachable(stack, 'AToDb', {
      from: NetworkEndpoint.fromVpc(a),
      to: NetworkEndpoint.fromConnectable(db, b),
      port: PG,
    });
    const { intents, reach } = intentsOf(app);
    expect(intents).toEqual([
      ['AToB', 'met', undefined],
      ['AToDb', 'unmet', 'SECURITY_GROUP_INGRESS'],
    ]);
    expect(reach.map((f) => [f.ruleId, f.level, f.resources.map((r) => r.path)])).toEqual([
      ['NG-REACH-001', 'error', ['Stack/AToDb']],
    ]);
    expect(reach[0].message).toMatch(
      /^NetworkIntent Stack\/AToDb expected the VPC Stack\/VpcA to reach .*Stack\/Db.* on tcp\/5432, but it is blocked: /,
    );
  });

  test('allowFromRequester opens only its port: tcp/22 to the target stays blocked', () => {
    const { app, stack, a, b, db } = setup();
    NetworkIntent.reachable(stack, 'AToDbSsh', {
      from: NetworkEndpoint.fromVpc(a),
      to: NetworkEndpoint.fromConnectable(db, b),
      port: ec2.Port.tcp(22),
    });
    const { intents, reach } = intentsOf(app);
    expect(intents).toEqual([['AToDbSsh', 'unmet', 'SECURITY_GROUP_INGRESS']]);
    expect(reach.map((f) => f.ruleId)).toEqual(['NG-REACH-001']);
  });

  test('negative: selected subnets only; an unselected subnet of the requester has no route to the accepter', () => {
    const app = makeApp();
    const stack = testStack(app);
    const a = testVpc(stack, 'VpcA', '10.0.0.0/16');
    const b = testVpc(stack, 'VpcB', '10.1.0.0/16');
    new PeeredVpcPair(stack, 'AB', {
      requesterVpc: a,
      accepterVpc: b,
      requesterSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    NetworkIntent.reachable(stack, 'PrivateToB', {
      from: NetworkEndpoint.fromSubnets(a, { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }),
      to: NetworkEndpoint.fromVpc(b),
      port: TCP,
    });
    NetworkIntent.reachable(stack, 'PublicToB', {
      from: NetworkEndpoint.fromSubnets(a, { subnetType: ec2.SubnetType.PUBLIC }),
      to: NetworkEndpoint.fromVpc(b),
      port: TCP,
    });
    const { intents } = intentsOf(app);
    expect(intents).toEqual([
      ['PrivateToB', 'met', undefined],
      ['PublicToB', 'unmet', 'NO_ROUTE'],
    ]);
  });

  test('PeeringMesh: every VPC reaches every other; a VPC outside the mesh peered with one member stays isolated from the rest', () => {
    const app = makeApp();
    const stack = testStack(app);
    const vpcs = {
      A: testVpc(stack, 'VpcA', '10.0.0.0/16'),
      B: testVpc(stack, 'VpcB', '10.1.0.0/16'),
      C: testVpc(stack, 'VpcC', '10.2.0.0/16'),
    };
    const mesh = new PeeringMesh(stack, 'Mesh', { vpcs: Object.values(vpcs) });
    const d = testVpc(stack, 'VpcD', '10.3.0.0/16');
    new PeeredVpcPair(stack, 'DA', { requesterVpc: d, accepterVpc: vpcs.A });
    for (const [x, vx] of Object.entries(vpcs)) {
      for (const [y, vy] of Object.entries(vpcs)) {
        if (x !== y) {
          NetworkIntent.reachable(stack, `${x}To${y}`, {
            from: NetworkEndpoint.fromVpc(vx),
            to: NetworkEndpoint.fromVpc(vy),
            port: TCP,
          });
        }
      }
    }
    const db = new ec2.SecurityGroup(stack, 'Db', { vpc: vpcs.C, allowAllOutbound: false });
    mesh.pairOf(vpcs.A, vpcs.C)!.allowFromRequester(db, PG);
    NetworkIntent.reachable(stack, 'AToDb', {
      from: NetworkEndpoint.fromVpc(vpcs.A),
      to: NetworkEndpoint.fromConnectable(db, vpcs.C),
      port: PG,
    });
    NetworkIntent.reachable(stack, 'DToA', {
      from: NetworkEndpoint.fromVpc(d),
      to: NetworkEndpoint.fromVpc(vpcs.A),
      port: TCP,
    });
    NetworkIntent.isolated(stack, 'DNotB', { from: NetworkEndpoint.fromVpc(d), to: NetworkEndpoint.fromVpc(vpcs.B) });
    NetworkIntent.isolated(stack, 'CNotD', { from: NetworkEndpoint.fromVpc(vpcs.C), to: NetworkEndpoint.fromVpc(d) });
    const { intents, reach } = intentsOf(app);
    expect(intents.filter(([, s]) => s !== 'met')).toEqual([]);
    expect(intents.map(([p]) => p)).toEqual([
      'AToB',
      'AToC',
      'AToDb',
      'BToA',
      'BToC',
      'CNotD',
      'CToA',
      'CToB',
      'DNotB',
      'DToA',
    ]);
    expect(reach).toEqual([]);
  });

  test('negative: a mesh with the A-C pair left out (two pairs) does not reach A to C (NO_ROUTE)', () => {
    const app = makeApp();
    const stack = testStack(app);
    const a = testVpc(stack, 'VpcA', '10.0.0.0/16');
    const b = testVpc(stack, 'VpcB', '10.1.0.0/16');
    const c = testVpc(stack, 'VpcC', '10.2.0.0/16');
    new PeeringMesh(stack, 'AB', { vpcs: [a, b] });
    new PeeringMesh(stack, 'BC', { vpcs: [b, c] });
    NetworkIntent.reachable(stack, 'AToC', {
      from: NetworkEndpoint.fromVpc(a),
      to: NetworkEndpoint.fromVpc(c),
      port: TCP,
    });
    const { intents, reach } = intentsOf(app);
    expect(intents).toEqual([['AToC', 'unmet', 'NO_ROUTE']]);
    expect(reach.map((f) => f.ruleId)).toEqual(['NG-REACH-001']);
  });
  test('allowFromAccepter: the accepter reaches a target in the requester on its port; not without it (SECURITY_GROUP_INGRESS)', () => {
    const run = (allow: boolean) => {
      const { app, stack, a, b, pair } = setup();
      const api = new ec2.SecurityGroup(stack, 'Api', { vpc: a, allowAllOutbound: false });
      if (allow) pair.allowFromAccepter(api, ec2.Port.tcp(8443));
      NetworkIntent.reachable(stack, 'BToApi', {
        from: NetworkEndpoint.fromVpc(b),
        to: NetworkEndpoint.fromConnectable(api, a),
        port: ec2.Port.tcp(8443),
      });
      return intentsOf(app);
    };
    const allowed = run(true);
    expect(allowed.intents).toEqual([['BToApi', 'met', undefined]]);
    expect(allowed.reach).toEqual([]);
    const denied = run(false);
    expect(denied.intents).toEqual([['BToApi', 'unmet', 'SECURITY_GROUP_INGRESS']]);
    expect(denied.reach.map((f) => f.ruleId)).toEqual(['NG-REACH-001']);
  });
});
