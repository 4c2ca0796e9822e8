/**
 * Day-2 updates of a hub: version 1 and version 2 of the same app are synthesized and compared the way
 * CloudFormation would update the stack. EC2 refuses an update that changes a prefix list's Entries and MaxEntries
 * together ("InvalidParameterCombination: You cannot modify the entries and the maximum entries ... in the same
 * request"; the AWS::EC2::PrefixList resource page says so too), so a spoke added, removed or renamed, or a VPN
 * network added, must change Entries only, and no prefix list may be replaced.
 */
import { App } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { HubTransitGateway } from '../../src/transit';
import { FLAG_MODES, logicalIdsOf, templateOf, templateUpdate, testStack, testVpc } from '../support';

interface Version {
  /** Spoke ids and their CIDR blocks, in segment 'prod'. */
  readonly spokes: [string, string][];
  /** The on-premises networks of the BGP VPN. */
  readonly vpnCidrs: string[];
}

function synth(makeApp: () => App, version: Version): any {
  const app = makeApp();
  const stack = testStack(app);
  const hub = new HubTransitGateway(stack, 'Hub');
  const prod = hub.addSegment('prod');
  const onprem = hub.addSegment('onprem', { isolated: true });
  prod.shareRoutesWith(onprem);
  for (const [id, cidr] of version.spokes) {
    hub.attachVpc(id, { vpc: testVpc(stack, `Vpc${id}`, cidr), segment: prod });
  }
  hub.attachVpn('Branch', {
    customerGatewayIp: '203.0.113.12',
    segment: onprem,
    onPremisesCidrs: version.vpnCidrs,
  });
  return templateOf(stack).toJSON();
}

const v1: Version = {
  spokes: [
    ['A', '10.1.0.0/16'],
    ['B', '10.2.0.0/16'],
  ],
  vpnCidrs: ['192.168.0.0/16'],
};

const changes: [string, Version][] = [
  ['a third spoke added', { ...v1, spokes: [...v1.spokes, ['C', '10.3.0.0/16']] }],
  ['a spoke removed', { ...v1, spokes: [v1.spokes[0]] }],
  [
    'a spoke renamed',
    {
      ...v1,
      spokes: [
        ['A', '10.1.0.0/16'],
        ['Bee', '10.2.0.0/16'],
      ],
    },
  ],
  ['a VPN network added', { ...v1, vpnCidrs: ['192.168.0.0/16', '172.16.0.0/12'] }],
];

describe.each(FLAG_MODES)('day-2 changes of the spokes (%s)', (_mode, makeApp) => {
  test.each(changes)('%s: every prefix list keeps its logical id and its MaxEntries; only Entries change', (_, v2) => {
    const before = synth(makeApp, v1);
    const after = synth(makeApp, v2);
    const lists = logicalIdsOf(before, 'AWS::EC2::PrefixList');
    expect(lists).toEqual([expect.stringMatching(/^HubSegmentprodPrefixList/)]);
    expect(logicalIdsOf(after, 'AWS::EC2::PrefixList')).toEqual(lists);
    const update = templateUpdate(before, after);
    expect(update.retyped).toEqual([]);
    const changedLists = update.changed.filter((c) => c.type === 'AWS::EC2::PrefixList');
    // The change is seen by at least one prefix list, and only in its Entries.
    expect(changedLists.length).toBeGreaterThan(0);
    for (const changed of changedLists) {
      expect(changed.properties).toEqual(['Entries']);
      expect(after.Resources[changed.logicalId].Properties.MaxEntries).toBe(
        before.Resources[changed.logicalId].Properties.MaxEntries,
      );
    }
    for (const id of lists) {
      expect(after.Resources[id].Properties.MaxEntries).toBe(20);
      expect(after.Resources[id].Properties.PrefixListName).toBe(before.Resources[id].Properties.PrefixListName);
    }
  });
});

describe('prefixListMaxEntries', () => {
  function hubWith(maxEntries: number | undefined, spokes: number) {
    const app = new App();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub');
    const prod = hub.addSegment('prod', { prefixListMaxEntries: maxEntries });
    for (let i = 0; i < spokes; i++) {
      hub.attachVpc(`S${i}`, { vpc: testVpc(stack, `Vpc${i}`, `10.${i}.0.0/16`, 1), segment: prod });
    }
    return { app, stack, hub, prod };
  }

  test('is the fixed MaxEntries of the segment prefix list, whatever the number of entries', () => {
    const { stack, prod } = hubWith(5, 2);
    expect(prod.prefixListMaxEntries).toBe(5);
    templateOf(stack).hasResourceProperties('AWS::EC2::PrefixList', {
      MaxEntries: 5,
      Entries: [
        { Cidr: '10.0.0.0/16', Description: 'S0' },
        { Cidr: '10.1.0.0/16', Description: 'S1' },
      ],
    });
  });

  test('defaults to 20, and a segment may be filled to exactly its capacity', () => {
    const { stack, prod } = hubWith(undefined, 20);
    expect(prod.prefixListMaxEntries).toBe(20);
    const t = templateOf(stack);
    const [list] = Object.values<any>(t.findResources('AWS::EC2::PrefixList'));
    expect(list.Properties.MaxEntries).toBe(20);
    expect(list.Properties.Entries).toHaveLength(20);
  });

  test('more entries than the capacity fail synth, naming prefixListMaxEntries and the separate deployment', () => {
    const { app } = hubWith(3, 4);
    expect(() => app.synth()).toThrow(
      "[Stack/Hub/Segment-prod] segment 'prod' reaches 4 IPv4 blocks, more than its prefix list holds (prefixListMaxEntries 3). Raise prefixListMaxEntries in addSegment('prod', { prefixListMaxEntries }) in a deployment of its own, before the change that adds the blocks (EC2 refuses an update that changes a prefix list's entries and MaxEntries together), or give the spokes routeTo summary routes.",
    );
  });

  test.each([0, 1001, 2.5, -1])('refuses %d', (bad) => {
    const app = new App();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub');
    expect(() => hub.addSegment('prod', { prefixListMaxEntries: bad })).toThrow(
      `Stack/Hub/Segment-prod: prefixListMaxEntries ${bad} is not an integer in 1-1000. Give the most IPv4 blocks segment 'prod' will reach, such as 20 (the default).`,
    );
    expect(hub.segments).toEqual([]);
  });

  test.each([1, 1000])('accepts %d', (good) => {
    const app = new App();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub');
    expect(hub.addSegment('prod', { prefixListMaxEntries: good }).prefixListMaxEntries).toBe(good);
  });
});

describe.each(FLAG_MODES)('route quota of the route tables that route to a prefix list (%s)', (_mode, makeApp) => {
  // testVpc: per AZ a public subnet (its route table holds a default route to the internet gateway) and an
  // isolated one (no other route). The warning comes from an aspect, which the aspectStabilization flag affects.
  function build(maxEntries: number, spokes: number) {
    const app = makeApp();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub');
    const prod = hub.addSegment('prod', { prefixListMaxEntries: maxEntries });
    for (let i = 0; i < spokes; i++) {
      hub.attachVpc(`S${i}`, { vpc: testVpc(stack, `Vpc${i}`, `10.${i}.0.0/16`), segment: prod });
    }
    templateOf(stack);
    return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('default quota of 50 routes'));
  }

  test('a capacity that pushes route tables over 50 routes warns once per segment, counting the route tables', () => {
    // 2 spokes x 2 AZs: 4 public route tables hold 50 + 1 routes; the 4 isolated ones hold 50.
    const warnings = build(50, 2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].id).toBe('/Stack/Hub/Segment-prod');
    expect(warnings[0].entry.data).toMatch(
      /^segment 'prod''s prefix list counts as its MaxEntries \(50\) against the route quota of each route table that routes to it: 4 of the 8 route tables that do would hold more than the default quota of 50 routes per route table\. Request a quota increase \("Routes per route table", Amazon VPC, in Service Quotas\), lower prefixListMaxEntries, or give those VPCs routeTo summary routes instead\. \(NG-PFX-003\)/,
    );
  });

  test('no warning when every route table stays within 50 routes', () => {
    expect(build(49, 2)).toEqual([]);
    expect(build(20, 2)).toEqual([]);
  });
});
