/**
 * The transit gateway examples of the AWS Transit Gateway guide, reproduced with HubTransitGateway: the TGW route
 * tables, their associations, propagations and static routes in the template are the ones each page shows.
 */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { orderedAfter, idOf, tgwTables } from './helpers';
import { HubTransitGateway } from '../../src/transit';
import { templateOf, testStack, testVpc } from '../support';

function every(t: Template, type: string, check: (r: any) => void) {
  const found = Object.values<any>(t.findResources(type));
  expect(found.length).toBeGreaterThan(0);
  found.forEach(check);
}

test('AWS guide "Example: Isolated VPCs with shared services" (https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-isolated-shared.html)', () => {
  const app = new App();
  const stack = testStack(app);
  const hub = new HubTransitGateway(stack, 'Hub');
  // Two route tables: one for the isolated VPCs, one for the shared services VPC and the VPN.
  const isolated = hub.addSegment('isolated', { isolated: true });
  const shared = hub.addSegment('shared', { isolated: true });
  isolated.shareRoutesWith(shared);
  const a = hub.attachVpc('A', { vpc: testVpc(stack, 'VpcA', '10.1.0.0/16'), segment: isolated });
  const b = hub.attachVpc('B', { vpc: testVpc(stack, 'VpcB', '10.2.0.0/16'), segment: isolated });
  const c = hub.attachVpc('C', { vpc: testVpc(stack, 'VpcC', '10.3.0.0/16'), segment: isolated });
  const d = hub.attachVpc('D', { vpc: testVpc(stack, 'VpcD', '10.4.0.0/16'), segment: shared });
  const vpn = hub.attachVpn('Vpn', {
    customerGatewayIp: '203.0.113.12',
    bgpAsn: 65010,
    segment: shared,
    onPremisesCidrs: ['10.99.99.0/24'],
  });
  const t = templateOf(stack);
  const labels = {
    [idOf(isolated.routeTable)]: 'isolated',
    [idOf(shared.routeTable)]: 'shared',
    [idOf(a.attachment)]: 'VPC A',
    [idOf(b.attachment)]: 'VPC B',
    [idOf(c.attachment)]: 'VPC C',
    [idOf(d.attachment)]: 'VPC D',
    [idOf(vpn.attachmentLookup)]: 'VPN',
  };
  expect(tgwTables([t], labels)).toEqual({
    // "Each isolated VPC is associated with the isolated route table and propagated to the shared route table."
    isolated: { associated: ['VPC A', 'VPC B', 'VPC C'], propagated: ['VPC D', 'VPN'], routes: {} },
    // "Each shared services attachment is associated with the shared route table and propagated to the isolated
    // route table."
    shared: { associated: ['VPC D', 'VPN'], propagated: ['VPC A', 'VPC B', 'VPC C'], routes: {} },
  });
  // VPC A, B and C reach VPC D and the VPN network, not each other.
  t.hasResourceProperties('AWS::EC2::PrefixList', {
    PrefixListName: Match.stringLikeRegexp('isolated'),
    Entries: [
      { Cidr: '10.4.0.0/16', Description: 'D' },
      { Cidr: '10.99.99.0/24', Description: 'Vpn' },
    ],
    MaxEntries: 20,
  });
  t.hasResourceProperties('AWS::EC2::PrefixList', {
    PrefixListName: Match.stringLikeRegexp('shared'),
    Entries: [
      { Cidr: '10.1.0.0/16', Description: 'A' },
      { Cidr: '10.2.0.0/16', Description: 'B' },
      { Cidr: '10.3.0.0/16', Description: 'C' },
    ],
  });
  // Every VPC route to the TGW depends on its attachment.
  every(t, 'AWS::EC2::Route', (r) => {
    if (r.Properties.TransitGatewayId) expect(r.DependsOn).toHaveLength(1);
  });
});

test('AWS guide "Example: Isolated VPCs", a VPN to many VPCs (https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-isolated.html)', () => {
  const app = new App();
  const stack = testStack(app);
  const hub = new HubTransitGateway(stack, 'Hub');
  // "the transit gateway has two route tables—one for the VPCs and one for the VPN connection"
  const vpcs = hub.addSegment('vpcs', { isolated: true });
  const onprem = hub.addSegment('vpn', { isolated: true });
  vpcs.shareRoutesWith(onprem);
  const a = hub.attachVpc('A', { vpc: testVpc(stack, 'VpcA', '10.1.0.0/16'), segment: vpcs });
  const b = hub.attachVpc('B', { vpc: testVpc(stack, 'VpcB', '10.2.0.0/16'), segment: vpcs });
  const c = hub.attachVpc('C', { vpc: testVpc(stack, 'VpcC', '10.3.0.0/16'), segment: vpcs });
  const vpn = hub.attachVpn('Vpn', {
    customerGatewayIp: '203.0.113.12',
    segment: onprem,
    onPremisesCidrs: ['10.99.99.0/24'],
  });
  const t = templateOf(stack);
  const labels = {
    [idOf(vpcs.routeTable)]: 'VPC route table',
    [idOf(onprem.routeTable)]: 'VPN route table',
    [idOf(a.attachment)]: 'VPC A',
    [idOf(b.attachment)]: 'VPC B',
    [idOf(c.attachment)]: 'VPC C',
    [idOf(vpn.attachmentLookup)]: 'VPN',
  };
  expect(tgwTables([t], labels)).toEqual({
    'VPC route table': { associated: ['VPC A', 'VPC B', 'VPC C'], propagated: ['VPN'], routes: {} },
    'VPN route table': { associated: ['VPN'], propagated: ['VPC A', 'VPC B', 'VPC C'], routes: {} },
  });
  // BGP: the VPN connection is dynamic, to the transit gateway.
  t.hasResourceProperties('AWS::EC2::VPNConnection', {
    TransitGatewayId: { Ref: idOf(hub.transitGateway) },
    StaticRoutesOnly: false,
    VpnGatewayId: Match.absent(),
  });
  // Association and propagation of the VPN wait for the attachment lookup.
  // Each association references its attachment (or the VPN's lookup), which orders it; no redundant DependsOn.
  every(t, 'AWS::EC2::TransitGatewayRouteTableAssociation', (r) => {
    expect(r.DependsOn).toBeUndefined();
    expect(JSON.stringify(r.Properties.TransitGatewayAttachmentId)).toMatch(/"(Ref|Fn::GetAtt)"/);
  });
  t.hasResource('AWS::EC2::TransitGatewayRouteTableAssociation', {
    Properties: {
      TransitGatewayRouteTableId: { Ref: idOf(onprem.routeTable) },
      TransitGatewayAttachmentId: { 'Fn::GetAtt': [idOf(vpn.attachmentLookup), Match.anyValue()] },
    },
  });
  expect(
    Object.values<any>(t.findResources('AWS::EC2::TransitGatewayRouteTablePropagation')).filter((p) =>
      orderedAfter(p, idOf(vpn.attachmentLookup)),
    ),
  ).toHaveLength(1);
});

test('AWS guide "Example: Appliance in a shared services VPC", centralized inspection (https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html)', () => {
  const app = new App();
  const stack = testStack(app);
  const hub = new HubTransitGateway(stack, 'Hub');
  const spokes = hub.addSegment('spokes', { isolated: true });
  const appliance = hub.addSegment('appliance', { isolated: true });
  const a = hub.attachVpc('A', { vpc: testVpc(stack, 'VpcA', '10.0.0.0/16'), segment: spokes });
  const b = hub.attachVpc('B', { vpc: testVpc(stack, 'VpcB', '10.1.0.0/16'), segment: spokes });
  const c = hub.attachVpc('C', { vpc: testVpc(stack, 'VpcC', '192.168.0.0/16'), segment: appliance });
  hub.inspectThrough(c);
  const t = templateOf(stack);
  const labels = {
    [idOf(spokes.routeTable)]: 'spoke route table',
    [idOf(appliance.routeTable)]: 'appliance route table',
    [idOf(a.attachment)]: 'VPC A',
    [idOf(b.attachment)]: 'VPC B',
    [idOf(c.attachment)]: 'VPC C',
  };
  expect(tgwTables([t], labels)).toEqual({
    // Associated with VPC A and B: the default route goes to the appliance VPC.
    'spoke route table': { associated: ['VPC A', 'VPC B'], propagated: [], routes: { '0.0.0.0/0': 'VPC C' } },
    // Associated with VPC C: routes back to VPC A and B are propagated.
    'appliance route table': { associated: ['VPC C'], propagated: ['VPC A', 'VPC B'], routes: {} },
  });
  // "enable appliance mode on the VPC attachment for the appliance VPC"
  t.hasResourceProperties('AWS::EC2::TransitGatewayAttachment', {
    VpcId: { Ref: Match.stringLikeRegexp('^VpcC') },
    Options: { ApplianceModeSupport: 'enable' },
  });
  expect(c.applianceModeEnabled).toBe(true);
  every(t, 'AWS::EC2::TransitGatewayRoute', (r) => expect(orderedAfter(r, idOf(c.attachment))).toBe(true));
  // Spokes reach each other only through the appliance: their prefix list lists both spokes.
  t.hasResourceProperties('AWS::EC2::PrefixList', {
    PrefixListName: Match.stringLikeRegexp('spokes'),
    Entries: [
      { Cidr: '10.0.0.0/16', Description: 'A' },
      { Cidr: '10.1.0.0/16', Description: 'B' },
    ],
  });
  // In VPC C, the attachment subnets (isolated) route nothing back to the transit gateway: their 0.0.0.0/0 goes to
  // the appliance (added by the user). The appliance subnets (public) route the spokes to the transit gateway.
  const routesOfC = Object.values<any>(
    t.findResources('AWS::EC2::Route', { Properties: { TransitGatewayId: Match.anyValue() } }),
  )
    .map((r) => r.Properties.RouteTableId.Ref as string)
    .filter((id) => id.startsWith('VpcC'));
  expect(routesOfC).toHaveLength(2);
  expect(routesOfC.every((id) => id.startsWith('VpcCPublic'))).toBe(true);
});
