/**
 * `TransitSegment` (src/transit/transit-segment.ts) on its own: its route table, its managed prefix list, route
 * sharing, static and blackhole routes, and what it refuses.
 */
import { App, Fn, Names, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { idOf, tgwTables } from './helpers';
import { HubTransitGateway, ITransitSegment } from '../../src/transit';
import { templateOf, testStack, testVpc } from '../support';

function build(hubProps = {}) {
  const app = new App();
  const stack = testStack(app);
  const hub = new HubTransitGateway(stack, 'Hub', hubProps);
  return { app, stack, hub };
}

describe('TransitSegment: the route table', () => {
  test('one TGW route table of the hub, named after the hub and the segment; its public members', () => {
    const { stack, hub } = build();
    const prod = hub.addSegment('prod');
    const t = templateOf(stack);
    t.resourceCountIs('AWS::EC2::TransitGatewayRouteTable', 1);
    t.hasResourceProperties('AWS::EC2::TransitGatewayRouteTable', {
      TransitGatewayId: { Ref: idOf(hub.transitGateway) },
      Tags: [{ Key: 'Name', Value: `${Names.uniqueResourceName(hub, { maxLength: 200 })}-prod` }],
    });
    expect(idOf(prod.routeTable)).toMatch(/^HubSegmentprod/);
    expect(stack.resolve(prod.routeTableId)).toEqual({ Ref: idOf(prod.routeTable) });
    expect(prod.segmentName).toBe('prod');
    expect(prod.isolated).toBe(false);
    expect(prod.hub).toBe(hub);
    expect(prod.prefixListMaxEntries).toBe(20);
    expect(prod.sharedWith).toEqual([]);
    // No spoke routes to it and the hub is not shared: no prefix list, no routes, nothing else.
    t.resourceCountIs('AWS::EC2::PrefixList', 0);
    t.resourceCountIs('AWS::EC2::TransitGatewayRoute', 0);
  });

  test.each(['', 'a b', 'prod_1', '-prod', 'prod-', 'a--b', 'x'.repeat(65)])('refuses the segment name %j', (name) => {
    const { stack, hub } = build();
    expect(() => hub.addSegment(name)).toThrow(/segment name '.*' is not valid: it names construct ids/);
    templateOf(stack).resourceCountIs('AWS::EC2::TransitGatewayRouteTable', 0);
  });

  test('refuses a token segment name', () => {
    const { hub } = build();
    expect(() => hub.addSegment(Fn.importValue('Name'))).toThrow(/segment name '\$\{Token\[.*\]\}' is not valid/);
  });

  test.each(['a', 'shared-services', 'A1-b2', 'x'.repeat(64)])('accepts the segment name %j', (name) => {
    const { stack, hub } = build();
    expect(hub.addSegment(name).segmentName).toBe(name);
    templateOf(stack).resourceCountIs('AWS::EC2::TransitGatewayRouteTable', 1);
  });

  test('prefixListMaxEntries: refused outside 1-1000, naming the segment and the default', () => {
    const { stack, hub } = build();
    expect(() => hub.addSegment('prod', { prefixListMaxEntries: 1001 })).toThrow(
      "Stack/Hub/Segment-prod: prefixListMaxEntries 1001 is not an integer in 1-1000. Give the most IPv4 blocks segment 'prod' will reach, such as 20 (the default).",
    );
    templateOf(stack).resourceCountIs('AWS::EC2::TransitGatewayRouteTable', 0);
  });
});

describe('TransitSegment: the managed prefix list', () => {
  test('created on first use in the hub stack, with the fixed capacity and every block the segment reaches', () => {
    const { stack, hub } = build();
    const prod = hub.addSegment('prod', { prefixListMaxEntries: 30 });
    hub.attachVpc('A', { vpc: testVpc(stack, 'VpcA', '10.1.0.0/16', 1), segment: prod });
    hub.attachVpc('B', { vpc: testVpc(stack, 'VpcB', '10.2.0.0/16', 1), segment: prod });
    const t = templateOf(stack);
    const lists = t.findResources('AWS::EC2::PrefixList');
    expect(Object.keys(lists)).toEqual([idOf(prod.prefixList)]);
    expect(Object.values<any>(lists)[0].Properties).toEqual({
      PrefixListName: Names.uniqueResourceName(prod, { maxLength: 200 }),
      AddressFamily: 'IPv4',
      MaxEntries: 30,
      Entries: [
        { Cidr: '10.1.0.0/16', Description: 'A' },
        { Cidr: '10.2.0.0/16', Description: 'B' },
      ],
    });
    expect(stack.resolve(prod.prefixListId)).toEqual({ 'Fn::GetAtt': [idOf(prod.prefixList), 'PrefixListId'] });
    expect(stack.resolve(prod.prefixListArn)).toEqual({ 'Fn::GetAtt': [idOf(prod.prefixList), 'Arn'] });
    // Each spoke routes to the list: one route per route table (1 AZ: public and private).
    t.resourcePropertiesCountIs(
      'AWS::EC2::Route',
      { DestinationPrefixListId: { 'Fn::GetAtt': [idOf(prod.prefixList), 'PrefixListId'] } },
      4,
    );
  });

  test('an isolated segment lists what it shares routes with, not its own attachments', () => {
    const { stack, hub } = build();
    const shared = hub.addSegment('shared');
    const spokes = hub.addSegment('spokes', { isolated: true });
    spokes.shareRoutesWith(shared);
    hub.attachVpc('S1', { vpc: testVpc(stack, 'Vpc1', '10.1.0.0/16', 1), segment: spokes });
    hub.attachVpc('S2', { vpc: testVpc(stack, 'Vpc2', '10.2.0.0/16', 1), segment: spokes });
    hub.attachVpc('Dns', { vpc: testVpc(stack, 'Vpc9', '10.9.0.0/16', 1), segment: shared });
    const t = templateOf(stack);
    t.hasResourceProperties('AWS::EC2::PrefixList', {
      PrefixListName: Names.uniqueResourceName(spokes, { maxLength: 200 }),
      Entries: [{ Cidr: '10.9.0.0/16', Description: 'Dns' }],
    });
    t.hasResourceProperties('AWS::EC2::PrefixList', {
      PrefixListName: Names.uniqueResourceName(shared, { maxLength: 200 }),
      Entries: [
        { Cidr: '10.1.0.0/16', Description: 'S1' },
        { Cidr: '10.2.0.0/16', Description: 'S2' },
        { Cidr: '10.9.0.0/16', Description: 'Dns' },
      ],
    });
  });

  test('more blocks than the capacity fail synth, naming prefixListMaxEntries', () => {
    const { app, stack, hub } = build();
    const prod = hub.addSegment('prod', { prefixListMaxEntries: 1 });
    hub.attachVpc('A', { vpc: testVpc(stack, 'VpcA', '10.1.0.0/16', 1), segment: prod });
    hub.attachVpc('B', { vpc: testVpc(stack, 'VpcB', '10.2.0.0/16', 1), segment: prod });
    expect(() => app.synth()).toThrow(
      /segment 'prod' reaches 2 IPv4 blocks, more than its prefix list holds \(prefixListMaxEntries 1\)\. Raise prefixListMaxEntries in addSegment\('prod', \{ prefixListMaxEntries \}\) in a deployment of its own/,
    );
  });

  test('spokes routing to a prefix list that would be empty fail synth, naming shareRoutesWith and routeTo', () => {
    const { app, stack, hub } = build();
    const lonely = hub.addSegment('lonely', { isolated: true });
    hub.attachVpc('A', { vpc: testVpc(stack, 'VpcA', '10.1.0.0/16', 1), segment: lonely });
    expect(() => app.synth()).toThrow(
      /segment 'lonely' reaches no IPv4 block .*so Stack\/Hub\/A would route to an empty prefix list\. Share routes with another segment \(shareRoutesWith\), or give those attachments routeTo/,
    );
  });

  test('a prefix-list capacity that pushes route tables over the route quota warns on the segment (NG-PFX-003)', () => {
    const { stack, hub } = build();
    const prod = hub.addSegment('prod', { prefixListMaxEntries: 50 });
    hub.attachVpc('A', { vpc: testVpc(stack, 'VpcA', '10.1.0.0/16', 1), segment: prod });
    hub.attachVpc('B', { vpc: testVpc(stack, 'VpcB', '10.2.0.0/16', 1), segment: prod });
    templateOf(stack).resourceCountIs('AWS::EC2::PrefixList', 1);
    const warnings = Annotations.fromStack(stack).findWarning(
      '/Stack/Hub/Segment-prod',
      Match.stringLikeRegexp('prefix list counts as its MaxEntries \\(50\\)'),
    );
    expect(warnings).toHaveLength(1);
    // The public route tables hold the default route to the internet gateway too: 2 of 4 tables are over 50.
    expect(warnings[0].entry.data).toMatch(
      /2 of the 4 route tables that do would hold more than the default quota of 50/,
    );
    expect(warnings[0].entry.data).toMatch(/NG-PFX-003/);
  });

  test('within the quota: no route-quota warning', () => {
    const { stack, hub } = build();
    const prod = hub.addSegment('prod');
    hub.attachVpc('A', { vpc: testVpc(stack, 'VpcA', '10.1.0.0/16', 1), segment: prod });
    hub.attachVpc('B', { vpc: testVpc(stack, 'VpcB', '10.2.0.0/16', 1), segment: prod });
    templateOf(stack).resourceCountIs('AWS::EC2::PrefixList', 1);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('counts as its MaxEntries'));
  });
});

describe('TransitSegment: shareRoutesWith', () => {
  test('both ways, once: sharing again or from the other side adds no propagation', () => {
    const { stack, hub } = build();
    const a = hub.addSegment('a', { isolated: true });
    const b = hub.addSegment('b', { isolated: true });
    const va = hub.attachVpc('A', { vpc: testVpc(stack, 'VpcA', '10.1.0.0/16', 1), segment: a });
    const vb = hub.attachVpc('B', { vpc: testVpc(stack, 'VpcB', '10.2.0.0/16', 1), segment: b });
    a.shareRoutesWith(b);
    a.shareRoutesWith(b);
    b.shareRoutesWith(a);
    expect(a.sharedWith).toEqual([b]);
    expect(b.sharedWith).toEqual([a]);
    const t = templateOf(stack);
    t.resourceCountIs('AWS::EC2::TransitGatewayRouteTablePropagation', 2);
    const view = tgwTables([t], {
      [idOf(a.routeTable)]: 'a',
      [idOf(b.routeTable)]: 'b',
      [idOf(va.attachment)]: 'A',
      [idOf(vb.attachment)]: 'B',
    });
    expect(view.a.propagated).toEqual(['B']);
    expect(view.b.propagated).toEqual(['A']);
    expect(view.a.associated).toEqual(['A']);
  });

  test('refuses itself and a segment of another hub, naming the fix', () => {
    const { stack, hub } = build();
    const a = hub.addSegment('a');
    const other = new HubTransitGateway(stack, 'Other').addSegment('x');
    expect(() => a.shareRoutesWith(a)).toThrow(
      "Stack/Hub/Segment-a: shareRoutesWith: segment 'a' cannot share routes with itself. To let its attachments reach each other, create it without isolated: true.",
    );
    expect(() => a.shareRoutesWith(other)).toThrow(
      "Stack/Hub/Segment-a: shareRoutesWith: segment 'x' belongs to another hub (Stack/Other). Share routes only between segments of one HubTransitGateway; connect hubs with peerWith.",
    );
    expect(a.sharedWith).toEqual([]);
  });
});

describe('TransitSegment: static and blackhole routes', () => {
  function withAttachment() {
    const { app, stack, hub } = build();
    const prod = hub.addSegment('prod');
    const vpc = hub.attachVpc('App', { vpc: testVpc(stack, 'Vpc', '10.1.0.0/16', 1), segment: prod });
    return { app, stack, hub, prod, vpc };
  }

  test('addBlackholeRoute: a blackhole route in the segment table, id from the CIDR, returned', () => {
    const { stack, prod } = withAttachment();
    const route = prod.addBlackholeRoute('192.168.0.0/16');
    expect(route.node.id).toBe('Blackhole-192.168.0.0-16');
    const routes = templateOf(stack).findResources('AWS::EC2::TransitGatewayRoute');
    expect(Object.keys(routes)).toEqual([idOf(route)]);
    expect(Object.values<any>(routes)[0].Properties).toEqual({
      TransitGatewayRouteTableId: { Ref: idOf(prod.routeTable) },
      DestinationCidrBlock: '192.168.0.0/16',
      Blackhole: true,
    });
  });

  test('addStaticRoute: through the attachment, ordered after it', () => {
    const { stack, prod, vpc } = withAttachment();
    const route = prod.addStaticRoute('0.0.0.0/0', vpc);
    const [r] = Object.values<any>(templateOf(stack).findResources('AWS::EC2::TransitGatewayRoute'));
    expect(r.Properties).toEqual({
      TransitGatewayRouteTableId: { Ref: idOf(prod.routeTable) },
      DestinationCidrBlock: '0.0.0.0/0',
      TransitGatewayAttachmentId: { Ref: idOf(vpc.attachment) },
    });
    expect(idOf(route)).toBe(Object.keys(templateOf(stack).findResources('AWS::EC2::TransitGatewayRoute'))[0]);
  });

  test.each([
    ['a blackhole, then a blackhole', (s: any) => s.addBlackholeRoute('192.168.0.0/16')],
    ['a static route, then a blackhole', (s: any, v: any) => s.addStaticRoute('192.168.0.0/16', v)],
  ])('%s to one prefix is refused (NG-TGW-006)', (_name, first) => {
    const { stack, prod, vpc } = withAttachment();
    first(prod, vpc);
    expect(() => prod.addBlackholeRoute('192.168.0.0/16')).toThrow(
      /^Stack\/Hub\/Segment-prod: addBlackholeRoute: segment 'prod' already has a route to 192\.168\.0\.0\/16 \(.*\)\. A transit gateway route table takes one static or blackhole route per prefix: remove one of them\. \(NG-TGW-006\)$/,
    );
    templateOf(stack).resourceCountIs('AWS::EC2::TransitGatewayRoute', 1);
  });

  test('a blackhole, then a static route to the same prefix is refused (NG-TGW-006)', () => {
    const { stack, prod, vpc } = withAttachment();
    prod.addBlackholeRoute('192.168.0.0/16');
    expect(() => prod.addStaticRoute('192.168.0.0/16', vpc)).toThrow(
      /addStaticRoute: segment 'prod' already has a route to 192\.168\.0\.0\/16 \(a blackhole route\).*\(NG-TGW-006\)/,
    );
    templateOf(stack).resourceCountIs('AWS::EC2::TransitGatewayRoute', 1);
  });

  test.each([
    ['192.168.0.0/33', /addBlackholeRoute cidr\[0\]: '192\.168\.0\.0\/33' is not a CIDR block/],
    ['nope', /addBlackholeRoute cidr\[0\]: 'nope' is not a CIDR block/],
  ])('addBlackholeRoute refuses %j', (cidr, error) => {
    const { stack, prod } = withAttachment();
    expect(() => prod.addBlackholeRoute(cidr)).toThrow(error);
    templateOf(stack).resourceCountIs('AWS::EC2::TransitGatewayRoute', 0);
  });

  test('token destinations are refused: they name construct ids and must be known at synth', () => {
    const { stack, prod, vpc } = withAttachment();
    expect(() => prod.addBlackholeRoute(Fn.importValue('Cidr'))).toThrow(
      /addBlackholeRoute cidr\[0\] is a token .*but it must be known at synth\. Write the block as a literal such as '10\.0\.0\.0\/8'/,
    );
    expect(() => prod.addStaticRoute(Fn.importValue('Cidr'), vpc)).toThrow(
      /addStaticRoute cidr\[0\] is a token .*but it must be known at synth/,
    );
    expect(() => prod.addStaticRoute('10.0.0.0/40', vpc)).toThrow(
      /addStaticRoute cidr\[0\]: '10\.0\.0\.0\/40' is not a CIDR block/,
    );
    templateOf(stack).resourceCountIs('AWS::EC2::TransitGatewayRoute', 0);
  });

  test('a static route through an attachment of another hub is refused (NG-TGW-011)', () => {
    const { stack, prod } = withAttachment();
    const other = new HubTransitGateway(stack, 'Other');
    const foreign = other.attachVpc('X', {
      vpc: testVpc(stack, 'OtherVpc', '10.8.0.0/16', 1),
      segment: other.addSegment('x'),
    });
    expect(() => prod.addStaticRoute('10.8.0.0/16', foreign)).toThrow(
      /addStaticRoute: Stack\/Other\/X is not an attachment of hub Stack\/Hub\..*\(NG-TGW-011\)/,
    );
    templateOf(stack).resourceCountIs('AWS::EC2::TransitGatewayRoute', 0);
  });
});

describe('ITransitSegment in props', () => {
  test('a segment-like construct that no hub made is refused, naming the prop and the fix', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
    const hub = new HubTransitGateway(stack, 'Hub');
    const fake = Object.assign(new Construct(stack, 'Fake'), { segmentName: 'prod', routeTableId: 'tgw-rtb-0123' });
    expect(() => hub.attachVpc('App', { vpc: testVpc(stack, 'Vpc', '10.1.0.0/16', 1), segment: fake })).toThrow(
      'Stack/Hub/App: segment: Stack/Fake is not a segment of a HubTransitGateway. Give a segment that hub.addSegment(name) returned.',
    );
    expect(() => hub.addSegment('a').shareRoutesWith(fake)).toThrow(/shareRoutesWith: Stack\/Fake is not a segment/);
    // A segment that addSegment returned is taken through the interface.
    const prod = hub.addSegment('prod');
    const att = hub.attachVpc('Ok', {
      vpc: testVpc(stack, 'Vpc2', '10.2.0.0/16', 1),
      segment: prod as ITransitSegment,
    });
    expect(att.segment).toBe(prod);
    templateOf(stack).resourceCountIs('AWS::EC2::TransitGatewayAttachment', 1);
  });
});
