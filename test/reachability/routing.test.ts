/**
 * The routing layer's semantics one by one: each explanation code, longest-prefix match, static over propagated
 * TGW routes, prefix lists, IPv6, and values not known at synth (undetermined, never dropped).
 */
import { App, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as networkfirewall from 'aws-cdk-lib/aws-networkfirewall';
import { hopsOf, modelOf, pathOf, reachMatrix, short, subnetAt } from './helpers';
import { forwardPath, vpcMatrix } from '../../src/reachability';
import { peering, route, routeTable, subnet, vpc } from '../guard/l1';
import { testStack } from '../support';

const VPC_ROUTING = 'https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html';
const TGW_ROUTING = 'https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html';

/** A VPC of one subnet per given AZ, one route table for all of them. */
function net(stack: Stack, id: string, cidr: string, azs: string[] = ['us-east-1a']) {
  const base = cidr.split('.').slice(0, 2).join('.');
  const v = vpc(stack, id, cidr);
  const subnets = azs.map((az, i) => subnet(stack, `${id}Subnet${i}`, v, `${base}.${i}.0/24`, az));
  return { vpc: v, subnets, rt: routeTable(stack, `${id}Rt`, v, subnets) };
}

/** A TGW without default tables and one route table. */
function hub(stack: Stack) {
  const tgw = new ec2.CfnTransitGateway(stack, 'Tgw', {
    defaultRouteTableAssociation: 'disable',
    defaultRouteTablePropagation: 'disable',
  });
  const table = new ec2.CfnTransitGatewayRouteTable(stack, 'TgwTable', { transitGatewayId: tgw.ref });
  return { tgw, table };
}

/** Attaches a VPC to the TGW by the given subnets, associated with (and, unless told, propagated to) the table. */
function attach(
  stack: Stack,
  h: ReturnType<typeof hub>,
  n: ReturnType<typeof net>,
  id: string,
  options: { subnets?: ec2.CfnSubnet[]; propagate?: boolean } = {},
) {
  const att = new ec2.CfnTransitGatewayVpcAttachment(stack, `${id}Att`, {
    transitGatewayId: h.tgw.ref,
    vpcId: n.vpc.ref,
    subnetIds: (options.subnets ?? n.subnets).map((s) => s.ref),
  });
  const props = { transitGatewayRouteTableId: h.table.ref, transitGatewayAttachmentId: att.ref };
  new ec2.CfnTransitGatewayRouteTableAssociation(stack, `${id}Assoc`, props);
  if (options.propagate !== false) new ec2.CfnTransitGatewayRouteTablePropagation(stack, `${id}Prop`, props);
  return att;
}

describe(`explanation codes (${VPC_ROUTING}, ${TGW_ROUTING})`, () => {
  test('NO_ROUTE: the subnet route table has no route to the destination; the main table has the local route only', () => {
    const app = new App();
    const stack = testStack(app);
    net(stack, 'VpcA', '10.0.0.0/16');
    const v = vpc(stack, 'VpcM', '10.9.0.0/16');
    subnet(stack, 'Unassociated', v, '10.9.0.0/24');
    const model = modelOf(app);
    const p = pathOf(model, 'VpcASubnet0', '10.5.0.1');
    expect(p).toMatchObject({
      status: 'dropped',
      code: 'NO_ROUTE',
      reason: 'Stack/VpcARt (VpcARt) has no route to 10.5.0.1/32',
    });
    expect(hopsOf(p)).toEqual(['subnet VpcASubnet0', 'route-table VpcARt']);
    // A subnet without an association uses its VPC's main table: local only.
    const m = pathOf(model, 'Unassociated', '10.9.0.9');
    expect(m).toMatchObject({
      status: 'delivered',
      deliveredTo: { vpc: expect.objectContaining({ logicalId: 'VpcM' }) },
    });
    expect(m.hops[1]).toMatchObject({
      kind: 'route-table',
      path: 'main route table of Stack/VpcM (VpcM)',
      route: '10.9.0.0/16 -> local',
    });
    expect(pathOf(model, 'Unassociated', '10.0.0.1')).toMatchObject({ status: 'dropped', code: 'NO_ROUTE' });
  });

  test('BLACKHOLE_ROUTE: a route to an internet gateway not attached to the VPC, to a TGW the VPC has no attachment to', () => {
    const app = new App();
    const stack = testStack(app);
    const a = net(stack, 'VpcA', '10.0.0.0/16');
    const other = vpc(stack, 'Other', '10.8.0.0/16');
    const gw = new ec2.CfnInternetGateway(stack, 'Igw');
    new ec2.CfnVPCGatewayAttachment(stack, 'IgwAttachment', { vpcId: other.ref, internetGatewayId: gw.ref });
    route(stack, 'ToInternet', a.rt, '0.0.0.0/0', { gatewayId: gw.ref });
    const h = hub(stack);
    route(stack, 'ToTgw', a.rt, '10.1.0.0/16', { transitGatewayId: h.tgw.ref });
    const model = modelOf(app);
    expect(pathOf(model, 'VpcASubnet0', '198.51.100.1')).toMatchObject({
      status: 'dropped',
      code: 'BLACKHOLE_ROUTE',
      reason: expect.stringMatching(/Stack\/Igw \(Igw\) is not attached to Stack\/VpcA \(VpcA\)$/),
    });
    expect(pathOf(model, 'VpcASubnet0', '10.1.0.1')).toMatchObject({
      status: 'dropped',
      code: 'BLACKHOLE_ROUTE',
      reason: expect.stringMatching(/has no attachment to the transit gateway$/),
    });
  });

  test('PEERING_NOT_TRANSITIVE: a packet that entered from a transit gateway does not leave by a peering connection', () => {
    const app = new App();
    const stack = testStack(app);
    const h = hub(stack);
    const a = net(stack, 'VpcA', '10.0.0.0/16');
    const b = net(stack, 'VpcB', '10.1.0.0/16');
    const c = net(stack, 'VpcC', '10.2.0.0/16');
    attach(stack, h, a, 'A');
    const bAtt = attach(stack, h, b, 'B');
    const pcx = peering(stack, 'Pcx', b.vpc, c.vpc);
    route(stack, 'AToTgw', a.rt, '10.0.0.0/8', { transitGatewayId: h.tgw.ref });
    route(stack, 'BToC', b.rt, '10.2.0.0/16', { vpcPeeringConnectionId: pcx.ref });
    // The TGW sends C's block to B, whose attachment subnet routes it to the peering with C.
    new ec2.CfnTransitGatewayRoute(stack, 'CViaB', {
      transitGatewayRouteTableId: h.table.ref,
      destinationCidrBlock: '10.2.0.0/16',
      transitGatewayAttachmentId: bAtt.ref,
    });
    const model = modelOf(app);
    const p = pathOf(model, 'VpcASubnet0', '10.2.0.1');
    expect(p).toMatchObject({ status: 'dropped', code: 'PEERING_NOT_TRANSITIVE' });
    expect(p.reason).toMatch(/the source is not in Stack\/VpcB \(VpcB\)/);
    expect(reachMatrix(model).VpcA).toEqual(['VpcA', 'VpcB']);
    // From B itself the peering delivers.
    expect(pathOf(model, 'VpcBSubnet0', '10.2.0.1').status).toBe('delivered');
  });

  test('TGW_NO_ROUTE: the route table of the ingress attachment has no route; an attachment associated with no table', () => {
    const app = new App();
    const stack = testStack(app);
    const h = hub(stack);
    const a = net(stack, 'VpcA', '10.0.0.0/16');
    const b = net(stack, 'VpcB', '10.1.0.0/16');
    attach(stack, h, a, 'A');
    // B is attached and associated, but does not propagate: the table has no route to B.
    attach(stack, h, b, 'B', { propagate: false });
    route(stack, 'AToTgw', a.rt, '10.0.0.0/8', { transitGatewayId: h.tgw.ref });
    // C is attached without any association.
    const c = net(stack, 'VpcC', '10.2.0.0/16');
    const cAtt = new ec2.CfnTransitGatewayVpcAttachment(stack, 'CAtt', {
      transitGatewayId: h.tgw.ref,
      vpcId: c.vpc.ref,
      subnetIds: c.subnets.map((s) => s.ref),
    });
    route(stack, 'CToTgw', c.rt, '10.0.0.0/8', { transitGatewayId: h.tgw.ref }).addDependency(cAtt);
    const model = modelOf(app);
    const p = pathOf(model, 'VpcASubnet0', '10.1.0.1');
    expect(p).toMatchObject({
      status: 'dropped',
      code: 'TGW_NO_ROUTE',
      reason: 'Stack/TgwTable (TgwTable) has no route to 10.1.0.1/32',
    });
    expect(hopsOf(p)).toEqual([
      'subnet VpcASubnet0',
      'route-table VpcARt',
      'transit-gateway-attachment AAtt',
      'transit-gateway-route-table TgwTable',
    ]);
    expect(pathOf(model, 'VpcCSubnet0', '10.0.0.1')).toMatchObject({
      status: 'dropped',
      code: 'TGW_NO_ROUTE',
      reason: 'Stack/CAtt (CAtt) is associated with no transit gateway route table',
    });
  });

  test('TGW_BLACKHOLE: a blackhole static route, which wins over the propagated route of the same prefix', () => {
    const app = new App();
    const stack = testStack(app);
    const h = hub(stack);
    const a = net(stack, 'VpcA', '10.0.0.0/16');
    const b = net(stack, 'VpcB', '10.1.0.0/16');
    attach(stack, h, a, 'A');
    attach(stack, h, b, 'B');
    route(stack, 'AToTgw', a.rt, '10.0.0.0/8', { transitGatewayId: h.tgw.ref });
    new ec2.CfnTransitGatewayRoute(stack, 'Drop', {
      transitGatewayRouteTableId: h.table.ref,
      destinationCidrBlock: '10.1.0.0/16',
      blackhole: true,
    });
    const model = modelOf(app);
    const p = pathOf(model, 'VpcASubnet0', '10.1.0.1');
    expect(p).toMatchObject({ status: 'dropped', code: 'TGW_BLACKHOLE' });
    expect(p.hops[3].route).toBe('10.1.0.0/16 -> blackhole (static, Stack/Drop (Drop))');
    expect(reachMatrix(model).VpcA).toEqual(['VpcA']);
  });

  test('TGW_ATTACHMENT_AZ: a subnet in an AZ where the attachment has no subnet does not reach the transit gateway', () => {
    const app = new App();
    const stack = testStack(app);
    const h = hub(stack);
    const a = net(stack, 'VpcA', '10.0.0.0/16', ['us-east-1a', 'us-east-1b']);
    const b = net(stack, 'VpcB', '10.1.0.0/16');
    attach(stack, h, a, 'A', { subnets: [a.subnets[0]] });
    attach(stack, h, b, 'B');
    route(stack, 'AToTgw', a.rt, '10.0.0.0/8', { transitGatewayId: h.tgw.ref });
    const model = modelOf(app);
    expect(pathOf(model, 'VpcASubnet0', '10.1.0.1').status).toBe('delivered');
    const p = pathOf(model, 'VpcASubnet1', '10.1.0.1');
    expect(p).toMatchObject({ status: 'dropped', code: 'TGW_ATTACHMENT_AZ' });
    expect(p.reason).toMatch(/^Stack\/AAtt \(AAtt\) has no subnet in the Availability Zone of Stack\/VpcASubnet1/);
    // Not every subnet of A reaches B.
    expect(reachMatrix(model).VpcA).toEqual(['VpcA']);
  });

  test('TGW_ATTACHMENT_AZ needs known AZs: a subnet of unknown AZ is not dropped', () => {
    const app = new App();
    const stack = testStack(app);
    const h = hub(stack);
    const a = net(stack, 'VpcA', '10.0.0.0/16', ['us-east-1a']);
    const unknownAz = new ec2.CfnSubnet(stack, 'SomewhereSubnet', {
      vpcId: a.vpc.ref,
      cidrBlock: '10.0.9.0/24',
      availabilityZone: Fn.importValue('some-az'),
    });
    new ec2.CfnSubnetRouteTableAssociation(stack, 'SomewhereAssoc', {
      subnetId: unknownAz.ref,
      routeTableId: a.rt.ref,
    });
    const b = net(stack, 'VpcB', '10.1.0.0/16');
    attach(stack, h, a, 'A', { subnets: [a.subnets[0]] });
    attach(stack, h, b, 'B');
    route(stack, 'AToTgw', a.rt, '10.0.0.0/8', { transitGatewayId: h.tgw.ref });
    const model = modelOf(app);
    expect(pathOf(model, 'SomewhereSubnet', '10.1.0.1').status).toBe('delivered');
  });
});

describe('route selection', () => {
  test(`longest-prefix match in a VPC route table, and a route more specific than the local route to a middlebox (${VPC_ROUTING})`, () => {
    const app = new App();
    const stack = testStack(app);
    const a = net(stack, 'VpcA', '10.0.0.0/16', ['us-east-1a', 'us-east-1b']);
    const b = net(stack, 'VpcB', '10.1.0.0/16');
    const c = net(stack, 'VpcC', '10.2.0.0/16');
    const h = hub(stack);
    attach(stack, h, a, 'A');
    attach(stack, h, c, 'C');
    const pcx = peering(stack, 'Pcx', a.vpc, b.vpc);
    route(stack, 'Summary', a.rt, '10.0.0.0/8', { transitGatewayId: h.tgw.ref });
    route(stack, 'ToB', a.rt, '10.1.0.0/16', { vpcPeeringConnectionId: pcx.ref });
    const eni = new ec2.CfnNetworkInterface(stack, 'Firewall', { subnetId: a.subnets[0].ref, sourceDestCheck: false });
    route(stack, 'Inspect', a.rt, '10.0.1.0/24', { networkInterfaceId: eni.ref });
    const model = modelOf(app);
    expect(pathOf(model, 'VpcASubnet0', '10.1.0.1').hops[1].route).toMatch(/^10\.1\.0\.0\/16 -> peering/);
    expect(pathOf(model, 'VpcASubnet0', '10.2.0.1').hops[1].route).toMatch(/^10\.0\.0\.0\/8 -> transit-gateway/);
    expect(pathOf(model, 'VpcASubnet0', '10.0.0.5').hops[1].route).toBe('10.0.0.0/16 -> local');
    const inspected = pathOf(model, 'VpcASubnet0', '10.0.1.5');
    expect(inspected).toMatchObject({
      status: 'undetermined',
      middleboxes: [{ kind: 'middlebox', path: 'Stack/Firewall' }],
    });
    expect(inspected.hops[1].route).toMatch(/^10\.0\.1\.0\/24 -> middlebox Stack\/Firewall/);
    // A CIDR destination is matched as a whole: 10.1.0.0/16 by the peering, 10.0.0.0/12 only by the summary.
    expect(forwardPath(model, subnetAt(model, 'VpcASubnet0'), '10.1.0.0/16').hops[1].route).toMatch(/-> peering/);
    expect(forwardPath(model, subnetAt(model, 'VpcASubnet0'), '10.0.0.0/12').hops[1].route).toMatch(/^10\.0\.0\.0\/8/);
  });

  test("a Network Firewall endpoint (a selection from the firewall's EndpointIds) and a network interface not in the app are middleboxes (https://docs.aws.amazon.com/vpc/latest/userguide/route-table-options.html#route-tables-appliance-routing)", () => {
    const app = new App();
    const stack = testStack(app);
    const a = net(stack, 'VpcA', '10.0.0.0/16');
    const policy = new networkfirewall.CfnFirewallPolicy(stack, 'Policy', {
      firewallPolicyName: 'policy',
      firewallPolicy: {
        statelessDefaultActions: ['aws:forward_to_sfe'],
        statelessFragmentDefaultActions: ['aws:forward_to_sfe'],
      },
    });
    const fw = new networkfirewall.CfnFirewall(stack, 'Firewall', {
      firewallName: 'fw',
      firewallPolicyArn: policy.attrFirewallPolicyArn,
      vpcId: a.vpc.ref,
      subnetMappings: [{ subnetId: a.subnets[0].ref }],
    });
    route(stack, 'Inspect', a.rt, '10.1.0.0/16', {
      vpcEndpointId: Fn.select(1, Fn.split(':', Fn.select(0, fw.attrEndpointIds))),
    });
    route(stack, 'Appliance', a.rt, '10.2.0.0/16', { networkInterfaceId: 'eni-0123456789abcdef0' });
    const model = modelOf(app);
    const viaFirewall = pathOf(model, 'VpcASubnet0', '10.1.0.1');
    expect(viaFirewall).toMatchObject({
      status: 'undetermined',
      middleboxes: [{ kind: 'middlebox', path: 'Stack/Firewall' }],
    });
    expect(viaFirewall.reason).toBe('the path goes to the middlebox Stack/Firewall (Firewall), not followed further');
    const viaEni = pathOf(model, 'VpcASubnet0', '10.2.0.1');
    expect(viaEni).toMatchObject({
      status: 'undetermined',
      middleboxes: [{ path: 'NetworkInterfaceId eni-0123456789abcdef0' }],
    });
  });

  test(`TGW: a static route wins over a propagated one for the same prefix; the longest prefix wins over both (${'https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html'})`, () => {
    const app = new App();
    const stack = testStack(app);
    const h = hub(stack);
    const a = net(stack, 'VpcA', '10.0.0.0/16');
    const b = net(stack, 'VpcB', '10.1.0.0/16');
    const c = net(stack, 'VpcC', '10.2.0.0/16');
    attach(stack, h, a, 'A');
    attach(stack, h, b, 'B');
    const cAtt = attach(stack, h, c, 'C');
    route(stack, 'AToTgw', a.rt, '10.0.0.0/8', { transitGatewayId: h.tgw.ref });
    // B's block, propagated, and a static route of the same prefix to C (an inspection VPC, say).
    new ec2.CfnTransitGatewayRoute(stack, 'BViaC', {
      transitGatewayRouteTableId: h.table.ref,
      destinationCidrBlock: '10.1.0.0/16',
      transitGatewayAttachmentId: cAtt.ref,
    });
    // A more specific propagated route wins over a less specific static one: 10.2.0.0/16 (C, propagated) over 10.2.0.0/15.
    new ec2.CfnTransitGatewayRoute(stack, 'Wide', {
      transitGatewayRouteTableId: h.table.ref,
      destinationCidrBlock: '10.2.0.0/15',
      blackhole: true,
    });
    const model = modelOf(app);
    const toB = pathOf(model, 'VpcASubnet0', '10.1.0.1');
    expect(toB.hops[3].route).toBe('10.1.0.0/16 -> Stack/CAtt (CAtt) (static, Stack/BViaC (BViaC))');
    // Into C by its attachment subnet, whose route table has no route to B.
    expect(toB).toMatchObject({ status: 'dropped', code: 'NO_ROUTE' });
    expect(hopsOf(toB).slice(-3)).toEqual([
      'transit-gateway-attachment CAtt',
      'subnet VpcCSubnet0',
      'route-table VpcCRt',
    ]);
    const toC = pathOf(model, 'VpcASubnet0', '10.2.0.1');
    expect(toC.status).toBe('delivered');
    expect(toC.hops[3].route).toMatch(/^10\.2\.0\.0\/16 -> Stack\/CAtt \(CAtt\) \(propagated by Stack\/CProp/);
    expect(pathOf(model, 'VpcASubnet0', '10.3.0.1')).toMatchObject({ status: 'dropped', code: 'TGW_BLACKHOLE' });
  });

  test('a hairpin through the transit gateway is followed; a routing loop ends as NO_ROUTE and the matrix terminates', () => {
    const app = new App();
    const stack = testStack(app);
    const h = hub(stack);
    const a = net(stack, 'VpcA', '10.0.0.0/16');
    const b = net(stack, 'VpcB', '10.1.0.0/16');
    attach(stack, h, a, 'A');
    const bAtt = attach(stack, h, b, 'B');
    route(stack, 'AToTgw', a.rt, '10.0.0.0/8', { transitGatewayId: h.tgw.ref });
    route(stack, 'BToTgw', b.rt, '10.0.0.0/8', { transitGatewayId: h.tgw.ref });
    // The TGW sends 10.5.0.0/16 to B, whose attachment subnet sends it back to the TGW: a loop.
    new ec2.CfnTransitGatewayRoute(stack, 'Loop', {
      transitGatewayRouteTableId: h.table.ref,
      destinationCidrBlock: '10.5.0.0/16',
      transitGatewayAttachmentId: bAtt.ref,
    });
    const model = modelOf(app);
    const p = pathOf(model, 'VpcASubnet0', '10.5.0.1');
    expect(p).toMatchObject({ status: 'dropped', code: 'NO_ROUTE', reason: expect.stringMatching(/loops back/) });
    expect(hopsOf(p)).toEqual([
      'subnet VpcASubnet0',
      'route-table VpcARt',
      'transit-gateway-attachment AAtt',
      'transit-gateway-route-table TgwTable',
      'transit-gateway-attachment BAtt',
      'subnet VpcBSubnet0',
      'route-table VpcBRt',
      'transit-gateway-attachment BAtt',
      'transit-gateway-route-table TgwTable',
      'transit-gateway-attachment BAtt',
      'subnet VpcBSubnet0',
      'route-table VpcBRt',
    ]);
    expect(reachMatrix(model)).toEqual({ VpcA: ['VpcA', 'VpcB'], VpcB: ['VpcA', 'VpcB'] });
  });
});

describe('prefix lists', () => {
  test(`a route to a prefix list of the app is a route to each entry; and a TGW static route sends them on (https://docs.aws.amazon.com/vpc/latest/userguide/managed-prefix-lists.html)`, () => {
    const app = new App();
    const stack = testStack(app);
    const h = hub(stack);
    const a = net(stack, 'VpcA', '10.0.0.0/16');
    const b = net(stack, 'VpcB', '10.1.0.0/16');
    attach(stack, h, a, 'A');
    const bAtt = attach(stack, h, b, 'B', { propagate: false });
    new ec2.CfnTransitGatewayRoute(stack, 'ToB', {
      transitGatewayRouteTableId: h.table.ref,
      destinationCidrBlock: '10.1.0.0/16',
      transitGatewayAttachmentId: bAtt.ref,
    });
    const list = new ec2.CfnPrefixList(stack, 'Spokes', {
      prefixListName: 'spokes',
      addressFamily: 'IPv4',
      maxEntries: 5,
      entries: [{ cidr: '10.1.0.0/16' }, { cidr: '10.7.0.0/16' }],
    });
    route(stack, 'AToSpokes', a.rt, '', {
      destinationCidrBlock: undefined,
      destinationPrefixListId: list.ref,
      transitGatewayId: h.tgw.ref,
    });
    const model = modelOf(app);
    const p = pathOf(model, 'VpcASubnet0', '10.1.0.1');
    expect(p.status).toBe('delivered');
    expect(p.hops[1].route).toMatch(/^10\.1\.0\.0\/16 \(prefix list Stack\/Spokes\) -> transit-gateway/);
    expect(p.hops[3].route).toBe('10.1.0.0/16 -> Stack/BAtt (BAtt) (static, Stack/ToB (ToB))');
    // Not an entry: no route.
    expect(pathOf(model, 'VpcASubnet0', '10.2.0.1')).toMatchObject({ status: 'dropped', code: 'NO_ROUTE' });
    expect(reachMatrix(model).VpcA).toEqual(['VpcA', 'VpcB']);
  });

  test('a prefix list not in the app (an AWS-managed list) makes the lookups it might win undetermined', () => {
    const app = new App();
    const stack = testStack(app);
    const a = net(stack, 'VpcA', '10.0.0.0/16');
    const b = net(stack, 'VpcB', '10.1.0.0/16');
    const pcx = peering(stack, 'Pcx', a.vpc, b.vpc);
    route(stack, 'AToList', a.rt, '', {
      destinationCidrBlock: undefined,
      destinationPrefixListId: 'pl-0123456789abcdef0',
      vpcPeeringConnectionId: pcx.ref,
    });
    const model = modelOf(app);
    expect(pathOf(model, 'VpcASubnet0', '10.1.0.1')).toMatchObject({
      status: 'undetermined',
      reason: expect.stringMatching(/prefix list "pl-0123456789abcdef0"/),
    });
    // Its own block: the local route, which a prefix-list route to a peering cannot override.
    expect(pathOf(model, 'VpcASubnet0', '10.0.0.1').status).toBe('delivered');
    const row = vpcMatrix(model).vpcs.find((r) => short(r.vpc) === 'VpcA')!;
    expect(row.reaches.map(short)).toEqual(['VpcA']);
    expect(row.undetermined.map(short)).toEqual(['VpcB']);
  });
});

test('IPv6: the local route of every IPv6 block, peering and an egress-only internet gateway for ::/0', () => {
  const app = new App();
  const stack = testStack(app);
  const a = vpc(stack, 'VpcA', '10.0.0.0/16');
  const b = vpc(stack, 'VpcB', '10.1.0.0/16');
  new ec2.CfnVPCCidrBlock(stack, 'A6', { vpcId: a.ref, ipv6CidrBlock: '2001:db8:1::/56' });
  new ec2.CfnVPCCidrBlock(stack, 'B6', { vpcId: b.ref, ipv6CidrBlock: '2001:db8:2::/56' });
  const sa = new ec2.CfnSubnet(stack, 'SubnetA', {
    vpcId: a.ref,
    cidrBlock: '10.0.0.0/24',
    ipv6CidrBlock: '2001:db8:1::/64',
    availabilityZone: 'us-east-1a',
  });
  const sb = new ec2.CfnSubnet(stack, 'SubnetB', {
    vpcId: b.ref,
    ipv6Native: true,
    ipv6CidrBlock: '2001:db8:2::/64',
    assignIpv6AddressOnCreation: true,
    availabilityZone: 'us-east-1a',
  });
  const rtA = routeTable(stack, 'RtA', a, [sa]);
  const rtB = routeTable(stack, 'RtB', b, [sb]);
  const pcx = peering(stack, 'Pcx', a, b);
  route(stack, 'AToB6', rtA, '2001:db8:2::/56', { vpcPeeringConnectionId: pcx.ref });
  route(stack, 'BToA6', rtB, '2001:db8:1::/56', { vpcPeeringConnectionId: pcx.ref });
  const eigw = new ec2.CfnEgressOnlyInternetGateway(stack, 'Eigw', { vpcId: a.ref });
  route(stack, 'AOut6', rtA, '::/0', { egressOnlyInternetGatewayId: eigw.ref });
  const model = modelOf(app);
  expect(pathOf(model, 'SubnetA', '2001:db8:1::10')).toMatchObject({
    status: 'delivered',
    deliveredTo: { subnet: expect.objectContaining({ logicalId: 'SubnetA' }) },
  });
  expect(pathOf(model, 'SubnetA', '2001:db8:2::10')).toMatchObject({
    status: 'delivered',
    deliveredTo: { subnet: expect.objectContaining({ logicalId: 'SubnetB' }) },
  });
  expect(pathOf(model, 'SubnetA', '2001:db8:3::10')).toMatchObject({
    status: 'delivered',
    deliveredTo: { gateway: expect.objectContaining({ logicalId: 'Eigw' }) },
  });
  // No IPv4 route from A to B (only IPv6): A's IPv4 atom does not reach B, its IPv6 one does.
  expect(pathOf(model, 'SubnetA', '10.1.0.1')).toMatchObject({ status: 'dropped', code: 'NO_ROUTE' });
  expect(reachMatrix(model)).toEqual({ VpcA: ['VpcA', 'VpcB'], VpcB: ['VpcA', 'VpcB'] });
});

describe('values not known at synth: undetermined, never dropped', () => {
  test('a route destination, a route target, a peer VPC and a VPC block not known at synth', () => {
    const app = new App();
    const stack = testStack(app);
    const a = net(stack, 'VpcA', '10.0.0.0/16');
    const b = net(stack, 'VpcB', '10.1.0.0/16');
    // A route whose destination is an import of another app.
    route(stack, 'Imported', a.rt, '', {
      destinationCidrBlock: Fn.importValue('other-app-cidr'),
      natGatewayId: 'nat-0123456789abcdef0',
    });
    // B: a NAT gateway of another app, a peering with a VPC of another app.
    route(stack, 'ToNat', b.rt, '0.0.0.0/0', { natGatewayId: 'nat-0123456789abcdef0' });
    const pcx = new ec2.CfnVPCPeeringConnection(stack, 'Foreign', {
      vpcId: b.vpc.ref,
      peerVpcId: 'vpc-0123456789abcdef0',
    });
    route(stack, 'ToForeign', b.rt, '10.50.0.0/16', { vpcPeeringConnectionId: pcx.ref });
    // C: a VPC whose block comes from an IPAM pool (not known at synth).
    const c = new ec2.CfnVPC(stack, 'VpcC', { ipv4IpamPoolId: 'ipam-pool-0123456789abcdef0', ipv4NetmaskLength: 16 });
    new ec2.CfnSubnet(stack, 'SubnetC', {
      vpcId: c.ref,
      cidrBlock: '10.60.0.0/24',
      availabilityZone: 'us-east-1a',
    });
    const model = modelOf(app);
    expect(pathOf(model, 'VpcASubnet0', '10.1.0.1')).toMatchObject({
      status: 'undetermined',
      reason: expect.stringMatching(/^the destination of .*Imported/),
    });
    expect(pathOf(model, 'VpcBSubnet0', '198.51.100.1')).toMatchObject({
      status: 'undetermined',
      reason: expect.stringMatching(/NatGatewayId of Stack\/ToNat \(ToNat\) \(nat-0123456789abcdef0 not in the app\)/),
    });
    expect(pathOf(model, 'VpcBSubnet0', '10.50.0.1')).toMatchObject({
      status: 'undetermined',
      reason: 'the peer VPC of Stack/Foreign (Foreign)',
    });
    expect(forwardPath(model, subnetAt(model, 'SubnetC'), '10.60.0.9')).toMatchObject({
      status: 'delivered',
      deliveredTo: { vpc: expect.objectContaining({ logicalId: 'VpcC' }) },
    });
    expect(forwardPath(model, subnetAt(model, 'SubnetC'), '10.1.0.1')).toMatchObject({
      status: 'undetermined',
      reason: expect.stringMatching(/a block of Stack\/VpcC \(VpcC\) not known at synth/),
    });
    // In the matrix: A may reach B (the unknown route decides), nothing is reported as reached that is not.
    const rows = Object.fromEntries(
      vpcMatrix(model).vpcs.map((r) => [
        short(r.vpc),
        { reaches: r.reaches.map(short), undetermined: r.undetermined.map(short) },
      ]),
    );
    expect(rows).toEqual({
      // A route of unknown destination to a NAT gateway may even be more specific than A's local route.
      VpcA: { reaches: [], undetermined: ['VpcA', 'VpcB', 'VpcC'] },
      VpcB: { reaches: ['VpcB'], undetermined: ['VpcA', 'VpcC'] },
      VpcC: { reaches: ['VpcC'], undetermined: ['VpcA', 'VpcB'] },
    });
  });

  test('a transit gateway not in the app (a shared TGW by id) makes the path undetermined', () => {
    const app = new App();
    const stack = testStack(app);
    const a = net(stack, 'VpcA', '10.0.0.0/16');
    const att = new ec2.CfnTransitGatewayVpcAttachment(stack, 'Att', {
      transitGatewayId: 'tgw-0123456789abcdef0',
      vpcId: a.vpc.ref,
      subnetIds: a.subnets.map((s) => s.ref),
    });
    route(stack, 'ToShared', a.rt, '10.0.0.0/8', { transitGatewayId: 'tgw-0123456789abcdef0' }).addDependency(att);
    const model = modelOf(app);
    const p = pathOf(model, 'VpcASubnet0', '10.1.0.1');
    expect(p).toMatchObject({
      status: 'undetermined',
      reason: expect.stringMatching(/its transit gateway is not in the app/),
    });
    expect(hopsOf(p)).toEqual(['subnet VpcASubnet0', 'route-table VpcARt', 'transit-gateway-attachment Att']);
  });

  test('a default association route table named by an id not in the app: undetermined; the default propagation goes there, not into the implicit table', () => {
    const app = new App();
    const stack = testStack(app);
    const tgw = new ec2.CfnTransitGateway(stack, 'Tgw', {
      associationDefaultRouteTableId: 'tgw-rtb-0123456789abcdef0',
      propagationDefaultRouteTableId: 'tgw-rtb-0123456789abcdef0',
    });
    const a = net(stack, 'VpcA', '10.0.0.0/16');
    const att = new ec2.CfnTransitGatewayVpcAttachment(stack, 'Att', {
      transitGatewayId: tgw.ref,
      vpcId: a.vpc.ref,
      subnetIds: a.subnets.map((s) => s.ref),
    });
    route(stack, 'ToTgw', a.rt, '10.0.0.0/8', { transitGatewayId: tgw.ref }).addDependency(att);
    const b = net(stack, 'VpcB', '10.1.0.0/16');
    new ec2.CfnTransitGatewayVpcAttachment(stack, 'BAtt', {
      transitGatewayId: tgw.ref,
      vpcId: b.vpc.ref,
      subnetIds: b.subnets.map((s) => s.ref),
    });
    const model = modelOf(app);
    expect(pathOf(model, 'VpcASubnet0', '10.1.0.1')).toMatchObject({
      status: 'undetermined',
      reason: 'the default association route table of Stack/Tgw (Tgw)',
    });
    const [rowA] = vpcMatrix(model).vpcs;
    expect([rowA.reaches.map(short), rowA.undetermined.map(short)]).toEqual([['VpcA'], ['VpcB']]);
    // No table of the app holds an attachment: no segment to show.
    expect(vpcMatrix(model).segments).toEqual([]);
  });
});
