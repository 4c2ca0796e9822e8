/**
 * The configurations of the AWS VPC peering guide at the routing layer, and the unsupported ones it lists: a peering
 * connection delivers only into the peer VPC's blocks (no transitive peering, no edge-to-edge routing).
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { hopsOf, modelOf, pathOf, reachMatrix } from './helpers';
import { igw, peering, route, routeTable, subnet, vpc } from '../guard/l1';
import { testStack } from '../support';

/** A VPC with one subnet (us-east-1a) and its route table. */
function net(stack: Stack, id: string, cidr: string) {
  const v = vpc(stack, id, cidr);
  const s = subnet(stack, `${id}Subnet`, v, cidr.replace(/\/16$/, '/24'));
  return { vpc: v, subnet: s, rt: routeTable(stack, `${id}Rt`, v, [s]) };
}

test('AWS peering guide "Three VPCs peered together", full access (https://docs.aws.amazon.com/vpc/latest/peering/peering-configurations-full-access.html): a full mesh, every VPC reaches every VPC', () => {
  const app = new App();
  const stack = testStack(app);
  const nets = {
    A: net(stack, 'VpcA', '10.0.0.0/16'),
    B: net(stack, 'VpcB', '10.1.0.0/16'),
    C: net(stack, 'VpcC', '10.2.0.0/16'),
  };
  const cidr = { A: '10.0.0.0/16', B: '10.1.0.0/16', C: '10.2.0.0/16' };
  for (const [x, y] of [
    ['A', 'B'],
    ['A', 'C'],
    ['B', 'C'],
  ] as const) {
    const pcx = peering(stack, `Pcx${x}${y}`, nets[x].vpc, nets[y].vpc);
    route(stack, `${x}To${y}`, nets[x].rt, cidr[y], { vpcPeeringConnectionId: pcx.ref });
    route(stack, `${y}To${x}`, nets[y].rt, cidr[x], { vpcPeeringConnectionId: pcx.ref });
  }
  const model = modelOf(app);
  expect(reachMatrix(model)).toEqual({
    VpcA: ['VpcA', 'VpcB', 'VpcC'],
    VpcB: ['VpcA', 'VpcB', 'VpcC'],
    VpcC: ['VpcA', 'VpcB', 'VpcC'],
  });
  const p = pathOf(model, 'VpcBSubnet', '10.2.0.7');
  expect(p).toMatchObject({
    status: 'delivered',
    deliveredTo: { subnet: expect.objectContaining({ logicalId: 'VpcCSubnet' }) },
  });
  expect(hopsOf(p)).toEqual(['subnet VpcBSubnet', 'route-table VpcBRt', 'peering PcxBC']);
  expect(p.hops[1].route).toMatch(/^10\.2\.0\.0\/16 -> peering Stack\/PcxBC \(Stack\/BToC \(BToC\)\)$/);
});

test('AWS peering guide "One VPC peered with two VPCs" (https://docs.aws.amazon.com/vpc/latest/peering/peering-configurations-full-access.html): B and C reach A, not each other', () => {
  const app = new App();
  const stack = testStack(app);
  const a = net(stack, 'VpcA', '10.0.0.0/16');
  const b = net(stack, 'VpcB', '10.1.0.0/16');
  const c = net(stack, 'VpcC', '10.2.0.0/16');
  const ab = peering(stack, 'PcxAB', a.vpc, b.vpc);
  const ac = peering(stack, 'PcxAC', a.vpc, c.vpc);
  route(stack, 'AToB', a.rt, '10.1.0.0/16', { vpcPeeringConnectionId: ab.ref });
  route(stack, 'AToC', a.rt, '10.2.0.0/16', { vpcPeeringConnectionId: ac.ref });
  route(stack, 'BToA', b.rt, '10.0.0.0/16', { vpcPeeringConnectionId: ab.ref });
  route(stack, 'CToA', c.rt, '10.0.0.0/16', { vpcPeeringConnectionId: ac.ref });
  const model = modelOf(app);
  expect(reachMatrix(model)).toEqual({
    VpcA: ['VpcA', 'VpcB', 'VpcC'],
    VpcB: ['VpcA', 'VpcB'],
    VpcC: ['VpcA', 'VpcC'],
  });
  expect(pathOf(model, 'VpcBSubnet', '10.2.0.7')).toMatchObject({ status: 'dropped', code: 'NO_ROUTE' });
});

test('AWS peering guide, partial access: "Two VPCs peered to two subnets in one VPC" (https://docs.aws.amazon.com/vpc/latest/peering/peering-configurations-partial-access.html)', () => {
  const app = new App();
  const stack = testStack(app);
  const a = vpc(stack, 'VpcA', '10.0.0.0/16');
  const x = subnet(stack, 'SubnetX', a, '10.0.0.0/24');
  const y = subnet(stack, 'SubnetY', a, '10.0.1.0/24');
  const rtX = routeTable(stack, 'RtX', a, [x]);
  const rtY = routeTable(stack, 'RtY', a, [y]);
  const b = net(stack, 'VpcB', '10.1.0.0/16');
  const c = net(stack, 'VpcC', '10.2.0.0/16');
  const ab = peering(stack, 'PcxAB', a, b.vpc);
  const ac = peering(stack, 'PcxAC', a, c.vpc);
  // Subnet X's table routes to VPC B, subnet Y's to VPC C; B routes to subnet X only, C to subnet Y only.
  route(stack, 'XToB', rtX, '10.1.0.0/16', { vpcPeeringConnectionId: ab.ref });
  route(stack, 'YToC', rtY, '10.2.0.0/16', { vpcPeeringConnectionId: ac.ref });
  route(stack, 'BToX', b.rt, '10.0.0.0/24', { vpcPeeringConnectionId: ab.ref });
  route(stack, 'CToY', c.rt, '10.0.1.0/24', { vpcPeeringConnectionId: ac.ref });
  const model = modelOf(app);
  // A's subnets do not all reach B (nor C): A reaches only itself as a whole VPC. B and C reach a subnet of A.
  expect(reachMatrix(model)).toEqual({ VpcA: ['VpcA'], VpcB: ['VpcA', 'VpcB'], VpcC: ['VpcA', 'VpcC'] });
  expect(pathOf(model, 'SubnetX', '10.1.0.9').status).toBe('delivered');
  expect(pathOf(model, 'SubnetX', '10.2.0.9')).toMatchObject({ status: 'dropped', code: 'NO_ROUTE' });
  expect(pathOf(model, 'VpcBSubnet', '10.0.0.9')).toMatchObject({
    status: 'delivered',
    deliveredTo: { subnet: expect.objectContaining({ logicalId: 'SubnetX' }) },
  });
  expect(pathOf(model, 'VpcBSubnet', '10.0.1.9')).toMatchObject({ status: 'dropped', code: 'NO_ROUTE' });
});

test('AWS peering guide, unsupported "Transitive peering" (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html#vpc-peering-limitations): B cannot reach C through A', () => {
  const app = new App();
  const stack = testStack(app);
  const a = net(stack, 'VpcA', '10.0.0.0/16');
  const b = net(stack, 'VpcB', '10.1.0.0/16');
  const c = net(stack, 'VpcC', '10.2.0.0/16');
  const ab = peering(stack, 'PcxAB', a.vpc, b.vpc);
  const ac = peering(stack, 'PcxAC', a.vpc, c.vpc);
  route(stack, 'AToB', a.rt, '10.1.0.0/16', { vpcPeeringConnectionId: ab.ref });
  route(stack, 'AToC', a.rt, '10.2.0.0/16', { vpcPeeringConnectionId: ac.ref });
  // B sends C's block (and all of 10/8) to its peering with A, hoping A forwards it.
  route(stack, 'BToAll', b.rt, '10.0.0.0/8', { vpcPeeringConnectionId: ab.ref });
  route(stack, 'CToAll', c.rt, '10.0.0.0/8', { vpcPeeringConnectionId: ac.ref });
  const model = modelOf(app);
  const p = pathOf(model, 'VpcBSubnet', '10.2.0.7');
  expect(p).toMatchObject({ status: 'dropped', code: 'PEERING_NOT_TRANSITIVE' });
  expect(p.reason).toMatch(
    /10\.2\.0\.7\/32 is not in Stack\/VpcA \(VpcA\): Stack\/PcxAB \(PcxAB\) delivers only to the peer VPC's blocks/,
  );
  expect(hopsOf(p)).toEqual(['subnet VpcBSubnet', 'route-table VpcBRt', 'peering PcxAB']);
  expect(reachMatrix(model)).toEqual({
    VpcA: ['VpcA', 'VpcB', 'VpcC'],
    VpcB: ['VpcA', 'VpcB'],
    VpcC: ['VpcA', 'VpcC'],
  });
});

test('AWS peering guide, unsupported "Edge to edge routing through a gateway or private connection" (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html#vpc-peering-limitations): not through the peer\'s internet gateway, NAT gateway, VPN or gateway endpoint', () => {
  const app = new App();
  const stack = testStack(app);
  const a = net(stack, 'VpcA', '10.0.0.0/16');
  const b = net(stack, 'VpcB', '10.1.0.0/16');
  const pcx = peering(stack, 'Pcx', a.vpc, b.vpc);
  route(stack, 'AToB', a.rt, '10.1.0.0/16', { vpcPeeringConnectionId: pcx.ref });
  // A has an internet gateway, a NAT gateway, a VPN gateway to a corporate network and an S3 gateway endpoint.
  const gw = igw(stack, 'Igw', a.vpc);
  route(stack, 'ADefault', a.rt, '0.0.0.0/0', { gatewayId: gw.gw.ref }).addDependency(gw.attachment);
  const eip = new ec2.CfnEIP(stack, 'NatIp', { domain: 'vpc' });
  new ec2.CfnNatGateway(stack, 'Nat', { subnetId: a.subnet.ref, allocationId: eip.attrAllocationId });
  const vgw = new ec2.CfnVPNGateway(stack, 'Vgw', { type: 'ipsec.1' });
  new ec2.CfnVPCGatewayAttachment(stack, 'VgwAttachment', { vpcId: a.vpc.ref, vpnGatewayId: vgw.ref });
  route(stack, 'ACorporate', a.rt, '172.16.0.0/16', { gatewayId: vgw.ref });
  new ec2.CfnVPCEndpoint(stack, 'S3', {
    vpcId: a.vpc.ref,
    serviceName: 'com.amazonaws.us-east-1.s3',
    routeTableIds: [a.rt.ref],
  });
  // B sends everything to the peering connection.
  route(stack, 'BDefault', b.rt, '0.0.0.0/0', { vpcPeeringConnectionId: pcx.ref });
  const model = modelOf(app);
  // From A itself each edge works.
  expect(pathOf(model, 'VpcASubnet', '198.51.100.1')).toMatchObject({
    status: 'delivered',
    deliveredTo: { gateway: expect.objectContaining({ logicalId: 'Igw' }) },
  });
  expect(pathOf(model, 'VpcASubnet', '172.16.0.1')).toMatchObject({
    status: 'delivered',
    deliveredTo: { gateway: expect.objectContaining({ logicalId: 'Vgw' }) },
  });
  expect(pathOf(model, 'VpcASubnet', 'com.amazonaws.us-east-1.s3')).toMatchObject({
    status: 'delivered',
    deliveredTo: { gateway: expect.objectContaining({ logicalId: 'S3' }) },
  });
  // From B, through the peering: dropped at the peering connection.
  for (const dest of ['198.51.100.1', '172.16.0.1', 'com.amazonaws.us-east-1.s3']) {
    const p = pathOf(model, 'VpcBSubnet', dest);
    expect(p).toMatchObject({ status: 'dropped', code: 'PEERING_NOT_TRANSITIVE' });
    expect(hopsOf(p)).toEqual(['subnet VpcBSubnet', 'route-table VpcBRt', 'peering Pcx']);
  }
  // B still reaches A itself.
  expect(pathOf(model, 'VpcBSubnet', '10.0.0.5').status).toBe('delivered');
});
