/**
 * The example scenarios of the AWS Transit Gateway guide at the routing layer: who reaches whom, as each page says,
 * from the final templates (HubTransitGateway where it builds the scenario, plain L1s otherwise).
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { hopsOf, modelOf, pathOf, reachMatrix, short } from './helpers';
import { vpcMatrix } from '../../src/reachability';
import { HubTransitGateway } from '../../src/transit';
import { route, routeTable, subnet, vpc } from '../guard/l1';
import { testStack, testVpc } from '../support';

/** A VPC of two subnets (us-east-1a, us-east-1b) with one route table, attached to a TGW by both subnets. */
function spoke(stack: Stack, id: string, cidr: string, tgw: ec2.CfnTransitGateway) {
  const base = cidr.split('.').slice(0, 2).join('.');
  const v = vpc(stack, id, cidr);
  const subnets = [
    subnet(stack, `${id}A`, v, `${base}.0.0/24`, 'us-east-1a'),
    subnet(stack, `${id}B`, v, `${base}.1.0/24`, 'us-east-1b'),
  ];
  const rt = routeTable(stack, `${id}Rt`, v, subnets);
  const att = new ec2.CfnTransitGatewayVpcAttachment(stack, `${id}Att`, {
    transitGatewayId: tgw.ref,
    vpcId: v.ref,
    subnetIds: subnets.map((s) => s.ref),
  });
  return { vpc: v, subnets, rt, att };
}

test('AWS guide "Example: Centralized router" (https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-centralized-router.html): every VPC reaches every VPC through the default route table', () => {
  const app = new App();
  const stack = testStack(app);
  // Default association and propagation: every attachment is associated with and propagates to the default table.
  const tgw = new ec2.CfnTransitGateway(stack, 'Tgw', {});
  const a = spoke(stack, 'VpcA', '10.1.0.0/16', tgw);
  const b = spoke(stack, 'VpcB', '10.2.0.0/16', tgw);
  const c = spoke(stack, 'VpcC', '10.3.0.0/16', tgw);
  // "each VPC route table ... a route that sends traffic destined for the other VPCs to the transit gateway"
  for (const [s, id] of [
    [a, 'A'],
    [b, 'B'],
    [c, 'C'],
  ] as const) {
    route(stack, `${id}ToTgw`, s.rt, '10.0.0.0/8', { transitGatewayId: tgw.ref }).addDependency(s.att);
  }
  // The VPN of the page: its BGP routes are not known at synth.
  const cgw = new ec2.CfnCustomerGateway(stack, 'Cgw', { bgpAsn: 65000, ipAddress: '203.0.113.12', type: 'ipsec.1' });
  new ec2.CfnVPNConnection(stack, 'Vpn', { customerGatewayId: cgw.ref, transitGatewayId: tgw.ref, type: 'ipsec.1' });
  const model = modelOf(app);
  expect(reachMatrix(model)).toEqual({
    VpcA: ['VpcA', 'VpcB', 'VpcC'],
    VpcB: ['VpcA', 'VpcB', 'VpcC'],
    VpcC: ['VpcA', 'VpcB', 'VpcC'],
  });
  const p = pathOf(model, 'VpcAA', '10.2.1.10');
  expect(p).toMatchObject({
    status: 'delivered',
    deliveredTo: { subnet: expect.objectContaining({ logicalId: 'VpcBB' }) },
  });
  // The default table is used, the packet enters VPC B by its attachment subnet in us-east-1a, then the local route.
  expect(hopsOf(p)).toEqual([
    'subnet VpcAA',
    'route-table VpcARt',
    'transit-gateway-attachment VpcAAtt',
    `transit-gateway-route-table ${p.hops[3].path}`,
    'transit-gateway-attachment VpcBAtt',
    'subnet VpcBA',
    'route-table VpcBRt',
  ]);
  expect(p.hops[3].path).toMatch(/^default route table of Stack\/Tgw/);
  expect(p.hops[3].route).toMatch(/^10\.2\.0\.0\/16 -> .*VpcBAtt.* \(propagated by default\)/);
  // An address no known route covers: the VPN's BGP routes decide (undetermined, never dropped).
  expect(pathOf(model, 'VpcAA', '10.200.0.1')).toMatchObject({
    status: 'undetermined',
    reason: expect.stringMatching(/BGP routes of .*Vpn/),
  });
  expect(vpcMatrix(model).segments).toEqual([
    {
      transitGateway: 'Stack/Tgw',
      tables: [
        {
          table: 'default route table of Stack/Tgw (Tgw)',
          resource: undefined,
          reaches: ['default route table of Stack/Tgw (Tgw)'],
        },
      ],
    },
  ]);
});

test('AWS guide "Example: Isolated VPCs" (https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-isolated.html): the VPCs reach only the VPN, not each other', () => {
  const app = new App();
  const stack = testStack(app);
  const hub = new HubTransitGateway(stack, 'Hub');
  const vpcs = hub.addSegment('vpcs', { isolated: true });
  const onprem = hub.addSegment('vpn', { isolated: true });
  vpcs.shareRoutesWith(onprem);
  for (const [id, cidr] of [
    ['A', '10.1.0.0/16'],
    ['B', '10.2.0.0/16'],
    ['C', '10.3.0.0/16'],
  ]) {
    hub.attachVpc(id, { vpc: testVpc(stack, `Vpc${id}`, cidr), segment: vpcs });
  }
  hub.attachVpn('Vpn', { customerGatewayIp: '203.0.113.12', segment: onprem, onPremisesCidrs: ['10.99.99.0/24'] });
  const model = modelOf(app);
  expect(reachMatrix(model)).toEqual({ VpcA: ['VpcA'], VpcB: ['VpcB'], VpcC: ['VpcC'] });
  // VPC A has no route to VPC B: its route tables send only the VPN network to the transit gateway.
  expect(pathOf(model, 'VpcA/PrivateSubnet1', '10.2.0.10')).toMatchObject({ status: 'dropped', code: 'NO_ROUTE' });
  // To the VPN network: by the segment's prefix list to the transit gateway, then the VPN table's propagated routes.
  const toVpn = pathOf(model, 'VpcA/PrivateSubnet1', '10.99.99.1');
  // The VPN's routes are propagated by BGP: the networks it declares (onPremisesCidrs, in the connection's metadata)
  // stand for them, so the packet leaves by the VPN attachment.
  expect(toVpn).toMatchObject({
    status: 'delivered',
    deliveredTo: { gateway: { type: 'Custom::TransitGatewayAttachmentLookup' } },
  });
  expect(hopsOf(toVpn).slice(0, 3)).toEqual(['subnet VpcA', 'route-table VpcA', 'transit-gateway-attachment Hub']);
  expect(toVpn.hops[3].route).toMatch(
    /^10\.99\.99\.0\/24 -> Stack\/Hub\/Vpn\/AttachmentLookup\/Resource\/Default \(\w+\) \(propagated by Stack\/Hub\/Vpn\/Propagation-vpcs \(\w+\), declared onPremisesCidrs\)$/,
  );
  // Segments: the VPC table reaches no table with another VPC; the VPN table holds no VPC.
  const segments = vpcMatrix(model).segments[0].tables.map((t) => [t.table.replace(/^Stack\/Hub\//, ''), t.reaches]);
  expect(segments).toEqual([
    ['Segment-vpcs/Resource', []],
    ['Segment-vpn/Resource', []],
  ]);
});

test('AWS guide "Example: Isolated VPCs with shared services" (https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-isolated-shared.html): A, B and C reach D, not each other; D reaches all', () => {
  const app = new App();
  const stack = testStack(app);
  const hub = new HubTransitGateway(stack, 'Hub');
  const isolated = hub.addSegment('isolated', { isolated: true });
  const shared = hub.addSegment('shared', { isolated: true });
  isolated.shareRoutesWith(shared);
  for (const [id, cidr] of [
    ['A', '10.1.0.0/16'],
    ['B', '10.2.0.0/16'],
    ['C', '10.3.0.0/16'],
  ]) {
    hub.attachVpc(id, { vpc: testVpc(stack, `Vpc${id}`, cidr), segment: isolated });
  }
  hub.attachVpc('D', { vpc: testVpc(stack, 'VpcD', '10.4.0.0/16'), segment: shared });
  const model = modelOf(app);
  expect(reachMatrix(model)).toEqual({
    VpcA: ['VpcA', 'VpcD'],
    VpcB: ['VpcB', 'VpcD'],
    VpcC: ['VpcC', 'VpcD'],
    VpcD: ['VpcA', 'VpcB', 'VpcC', 'VpcD'],
  });
  // The isolated table reaches the shared one; the shared one reaches the isolated one; neither reaches itself.
  const segments = vpcMatrix(model).segments[0].tables.map((t) => [
    t.table.replace(/^Stack\/Hub\//, ''),
    t.reaches.map((r) => r.replace(/^Stack\/Hub\//, '')),
  ]);
  expect(segments).toEqual([
    ['Segment-isolated/Resource', ['Segment-shared/Resource']],
    ['Segment-shared/Resource', ['Segment-isolated/Resource']],
  ]);
  // A to B: A's route tables send only D (the segment's prefix list) to the transit gateway.
  const ab = pathOf(model, 'VpcA/PrivateSubnet1', '10.2.0.10');
  expect(ab).toMatchObject({ status: 'dropped', code: 'NO_ROUTE' });
  const ad = pathOf(model, 'VpcA/PublicSubnet1', '10.4.1.10');
  expect(ad.status).toBe('delivered');
  expect(ad.hops[1].route).toMatch(
    /^10\.4\.0\.0\/16 \(prefix list .*Segment-isolated\/PrefixList\) -> transit-gateway/,
  );
});

test('AWS guide "Example: Peered transit gateways" (https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-peering-scenario.html): static routes to the peering attachment on both sides', () => {
  const app = new App();
  const stack = testStack(app);
  // CloudFormation cannot name a TGW's default route table (no such attribute): one route table on each TGW
  // plays its part, with every attachment associated and propagated, as the page's default tables are.
  const tgws = ['Tgw1', 'Tgw2'].map(
    (id) =>
      new ec2.CfnTransitGateway(stack, id, {
        defaultRouteTableAssociation: 'disable',
        defaultRouteTablePropagation: 'disable',
      }),
  );
  const [tgw1, tgw2] = tgws;
  const tables = tgws.map(
    (t, i) => new ec2.CfnTransitGatewayRouteTable(stack, `Tgw${i + 1}Table`, { transitGatewayId: t.ref }),
  );
  const a = spoke(stack, 'VpcA', '10.1.0.0/16', tgw1);
  const b = spoke(stack, 'VpcB', '10.2.0.0/16', tgw1);
  // A VPC on the second transit gateway, to show who is reached across the peering (the page has a VPN there).
  const c = spoke(stack, 'VpcC', '10.3.0.0/16', tgw2);
  for (const [s, k, id] of [
    [a, 0, 'A'],
    [b, 0, 'B'],
    [c, 1, 'C'],
  ] as const) {
    route(stack, `${id}Default`, s.rt, '0.0.0.0/0', { transitGatewayId: tgws[k].ref }).addDependency(s.att);
    for (const type of ['Association', 'Propagation'] as const) {
      const props = { transitGatewayRouteTableId: tables[k].ref, transitGatewayAttachmentId: s.att.ref };
      if (type === 'Association') new ec2.CfnTransitGatewayRouteTableAssociation(stack, `${id}Assoc`, props);
      else new ec2.CfnTransitGatewayRouteTablePropagation(stack, `${id}Prop`, props);
    }
  }
  const peering = new ec2.CfnTransitGatewayPeeringAttachment(stack, 'Peering', {
    transitGatewayId: tgw1.ref,
    peerTransitGatewayId: tgw2.ref,
    peerAccountId: '111111111111',
    peerRegion: 'us-east-1',
  });
  // "Each transit gateway route table has a static route that points to the transit gateway peering attachment."
  new ec2.CfnTransitGatewayRoute(stack, 'Tgw1Default', {
    transitGatewayRouteTableId: tables[0].ref,
    destinationCidrBlock: '0.0.0.0/0',
    transitGatewayAttachmentId: peering.attrTransitGatewayAttachmentId,
  });
  new ec2.CfnTransitGatewayRoute(stack, 'Tgw2ToA', {
    transitGatewayRouteTableId: tables[1].ref,
    destinationCidrBlock: '10.1.0.0/16',
    transitGatewayAttachmentId: peering.attrTransitGatewayAttachmentId,
  });
  // "associate the transit gateway route table with the transit gateway peering attachment", on both sides.
  tables.forEach(
    (t, i) =>
      new ec2.CfnTransitGatewayRouteTableAssociation(stack, `Tgw${i + 1}Peering`, {
        transitGatewayRouteTableId: t.ref,
        transitGatewayAttachmentId: peering.attrTransitGatewayAttachmentId,
      }),
  );
  // The Site-to-Site VPN of the page, on the second transit gateway, and its default route. A template cannot name
  // the VPN's attachment (VPNConnection has no such attribute): the route names it by its id, not in the app.
  const cgw = new ec2.CfnCustomerGateway(stack, 'Cgw', { bgpAsn: 65000, ipAddress: '203.0.113.12', type: 'ipsec.1' });
  new ec2.CfnVPNConnection(stack, 'Vpn', { customerGatewayId: cgw.ref, transitGatewayId: tgw2.ref, type: 'ipsec.1' });
  new ec2.CfnTransitGatewayRoute(stack, 'Tgw2Default', {
    transitGatewayRouteTableId: tables[1].ref,
    destinationCidrBlock: '0.0.0.0/0',
    transitGatewayAttachmentId: 'tgw-attach-0123456789abcdef0',
  });
  const model = modelOf(app);
  // A and B reach C through the default route 0.0.0.0/0 to the peering; C reaches A (its static route), not B.
  expect(reachMatrix(model)).toEqual({
    VpcA: ['VpcA', 'VpcB', 'VpcC'],
    VpcB: ['VpcA', 'VpcB', 'VpcC'],
    VpcC: ['VpcA', 'VpcC'],
  });
  const ac = pathOf(model, 'VpcAA', '10.3.0.10');
  expect(ac.status).toBe('delivered');
  expect(hopsOf(ac).filter((h) => h.startsWith('transit-gateway'))).toEqual([
    'transit-gateway-attachment VpcAAtt',
    'transit-gateway-route-table Tgw1Table',
    'transit-gateway-attachment Peering',
    'transit-gateway-route-table Tgw2Table',
    'transit-gateway-attachment VpcCAtt',
  ]);
  expect(ac.hops[4].route).toMatch(/^0\.0\.0\.0\/0 -> .*Peering.*\(static/);
  // C to B: the second TGW sends B's block by its default route to the VPN, which the app does not know.
  expect(pathOf(model, 'VpcCA', '10.2.0.10').status).toBe('undetermined');
  expect(
    vpcMatrix(model)
      .vpcs.find((r) => short(r.vpc) === 'VpcC')!
      .undetermined.map(short),
  ).toEqual(['VpcB']);
  // "Packets ... that have the internet as a destination first route through transit gateway 1, then transit
  // gateway 2, and then route to the VPN connection": an attachment not in the app, undetermined at synth.
  const internet = pathOf(model, 'VpcAA', '198.51.100.1');
  expect(internet).toMatchObject({
    status: 'undetermined',
    reason: expect.stringMatching(/^the attachment of 0\.0\.0\.0\/0 -> an attachment not in the app/),
  });
  expect(internet.hops.map((h) => h.path)).toContainEqual(expect.stringMatching(/^Stack\/Tgw2Table/));
});

test('AWS guide "Example: Centralized outbound routing to the internet" (https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-nat-igw.html): A and B go out through the NAT gateway of VPC C', () => {
  const app = new App();
  const stack = testStack(app);
  const tgw = new ec2.CfnTransitGateway(stack, 'Tgw', {
    defaultRouteTableAssociation: 'disable',
    defaultRouteTablePropagation: 'disable',
  });
  const table = new ec2.CfnTransitGatewayRouteTable(stack, 'TgwTable', { transitGatewayId: tgw.ref });
  const a = spoke(stack, 'VpcA', '10.1.0.0/16', tgw);
  const b = spoke(stack, 'VpcB', '10.2.0.0/16', tgw);
  // VPC C: a public subnet with the NAT gateway, a private subnet in the same AZ for the attachment.
  const c = vpc(stack, 'VpcC', '10.3.0.0/16');
  const pub = subnet(stack, 'VpcCPublic', c, '10.3.0.0/24', 'us-east-1a');
  const priv = subnet(stack, 'VpcCPrivate', c, '10.3.1.0/24', 'us-east-1a');
  const igw = new ec2.CfnInternetGateway(stack, 'Igw');
  new ec2.CfnVPCGatewayAttachment(stack, 'IgwAttachment', { vpcId: c.ref, internetGatewayId: igw.ref });
  const eip = new ec2.CfnEIP(stack, 'NatIp', { domain: 'vpc' });
  const nat = new ec2.CfnNatGateway(stack, 'Nat', { subnetId: pub.ref, allocationId: eip.attrAllocationId });
  const cAtt = new ec2.CfnTransitGatewayVpcAttachment(stack, 'VpcCAtt', {
    transitGatewayId: tgw.ref,
    vpcId: c.ref,
    subnetIds: [priv.ref],
  });
  const pubRt = routeTable(stack, 'VpcCPublicRt', c, [pub]);
  const privRt = routeTable(stack, 'VpcCPrivateRt', c, [priv]);
  route(stack, 'PublicDefault', pubRt, '0.0.0.0/0', { gatewayId: igw.ref });
  route(stack, 'PublicToA', pubRt, '10.1.0.0/16', { transitGatewayId: tgw.ref }).addDependency(cAtt);
  route(stack, 'PublicToB', pubRt, '10.2.0.0/16', { transitGatewayId: tgw.ref }).addDependency(cAtt);
  route(stack, 'PrivateDefault', privRt, '0.0.0.0/0', { natGatewayId: nat.ref });
  // The spokes: a default route to the transit gateway. The TGW table: the three VPCs propagate, and a static
  // default route to VPC C.
  for (const [s, id] of [
    [a, 'A'],
    [b, 'B'],
  ] as const) {
    route(stack, `${id}Default`, s.rt, '0.0.0.0/0', { transitGatewayId: tgw.ref }).addDependency(s.att);
  }
  for (const [att, id] of [
    [a.att, 'A'],
    [b.att, 'B'],
    [cAtt, 'C'],
  ] as const) {
    const props = { transitGatewayRouteTableId: table.ref, transitGatewayAttachmentId: att.ref };
    new ec2.CfnTransitGatewayRouteTableAssociation(stack, `${id}Assoc`, props);
    new ec2.CfnTransitGatewayRouteTablePropagation(stack, `${id}Prop`, props);
  }
  new ec2.CfnTransitGatewayRoute(stack, 'TgwDefault', {
    transitGatewayRouteTableId: table.ref,
    destinationCidrBlock: '0.0.0.0/0',
    transitGatewayAttachmentId: cAtt.ref,
  });
  const model = modelOf(app);
  const out = pathOf(model, 'VpcAB', '198.51.100.1');
  expect(out).toMatchObject({
    status: 'delivered',
    deliveredTo: { gateway: expect.objectContaining({ logicalId: 'Igw' }) },
  });
  // A, its TGW attachment, the TGW table's default route to C, C's attachment subnet (us-east-1a: C has no subnet
  // in us-east-1b), the NAT gateway, the public subnet's route to the internet gateway.
  expect(hopsOf(out)).toEqual([
    'subnet VpcAB',
    'route-table VpcARt',
    'transit-gateway-attachment VpcAAtt',
    'transit-gateway-route-table TgwTable',
    'transit-gateway-attachment VpcCAtt',
    'subnet VpcCPrivate',
    'route-table VpcCPrivateRt',
    'gateway Nat',
    'route-table VpcCPublicRt',
    'gateway Igw',
  ]);
  expect(out.hops[3].route).toMatch(/^0\.0\.0\.0\/0 -> .*VpcCAtt.*static/);
  // The TGW table holds every VPC's block: A, B and C reach each other at the routing layer.
  expect(reachMatrix(model)).toEqual({
    VpcA: ['VpcA', 'VpcB', 'VpcC'],
    VpcB: ['VpcA', 'VpcB', 'VpcC'],
    VpcC: ['VpcA', 'VpcB', 'VpcC'],
  });
});

test('AWS guide "Example: Appliance in a shared services VPC" (https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html): A to B goes through the appliance in VPC C', () => {
  const app = new App();
  const stack = testStack(app);
  const hub = new HubTransitGateway(stack, 'Hub');
  const spokes = hub.addSegment('spokes', { isolated: true });
  const appliance = hub.addSegment('appliance', { isolated: true });
  hub.attachVpc('A', { vpc: testVpc(stack, 'VpcA', '10.0.0.0/16'), segment: spokes });
  hub.attachVpc('B', { vpc: testVpc(stack, 'VpcB', '10.1.0.0/16'), segment: spokes });
  const cVpc = testVpc(stack, 'VpcC', '192.168.0.0/16');
  const c = hub.attachVpc('C', { vpc: cVpc, segment: appliance });
  hub.inspectThrough(c);
  // The appliance: a network interface in a public subnet of C; the attachment subnets route 0.0.0.0/0 to it.
  const eni = new ec2.CfnNetworkInterface(stack, 'Appliance', {
    subnetId: cVpc.publicSubnets[0].subnetId,
    sourceDestCheck: false,
  });
  cVpc.isolatedSubnets.forEach(
    (s, i) =>
      new ec2.CfnRoute(stack, `ToAppliance${i}`, {
        routeTableId: s.routeTable.routeTableId,
        destinationCidrBlock: '0.0.0.0/0',
        networkInterfaceId: eni.ref,
      }),
  );
  const model = modelOf(app);
  const ab = pathOf(model, 'VpcA/PrivateSubnet1', '10.1.0.10');
  // The path enters VPC C by its attachment subnet and stops at the appliance: a middlebox, not followed further.
  expect(ab.status).toBe('undetermined');
  expect(ab.middleboxes.map((m) => m.path)).toEqual(['Stack/Appliance']);
  expect(ab.hops.map((h) => `${h.kind} ${h.path.replace(/^Stack\//, '')}`)).toEqual([
    'subnet VpcA/PrivateSubnet1/Subnet',
    'route-table VpcA/PrivateSubnet1/RouteTable',
    'transit-gateway-attachment Hub/A/Resource',
    'transit-gateway-route-table Hub/Segment-spokes/Resource',
    'transit-gateway-attachment Hub/C/Resource',
    'subnet VpcC/PrivateSubnet1/Subnet',
    'route-table VpcC/PrivateSubnet1/RouteTable',
    'middlebox Appliance',
  ]);
  expect(ab.hops[3].route).toMatch(/^0\.0\.0\.0\/0 -> .*Hub\/C\/Resource.*static/);
  // In the matrix: A and B reach each other only through the appliance; C's appliance subnets reach A and B.
  const rows = Object.fromEntries(
    vpcMatrix(model).vpcs.map((r) => [
      short(r.vpc),
      {
        reaches: r.reaches.map(short),
        throughMiddlebox: r.throughMiddlebox.map((m) => `${short(m.vpc)} via ${m.middleboxes.join(', ')}`),
      },
    ]),
  );
  expect(rows).toEqual({
    VpcA: { reaches: ['VpcA'], throughMiddlebox: ['VpcB via Stack/Appliance'] },
    VpcB: { reaches: ['VpcB'], throughMiddlebox: ['VpcA via Stack/Appliance'] },
    VpcC: { reaches: ['VpcC'], throughMiddlebox: ['VpcA via Stack/Appliance', 'VpcB via Stack/Appliance'] },
  });
  // From the appliance's subnet, the route back to the transit gateway reaches B.
  expect(pathOf(model, 'VpcC/PublicSubnet1', '10.1.0.10')).toMatchObject({
    status: 'delivered',
    deliveredTo: { vpc: expect.objectContaining({ path: 'Stack/VpcB/Resource' }) },
  });
});
