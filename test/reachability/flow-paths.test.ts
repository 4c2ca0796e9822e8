/**
 * evaluateFlow across VPCs: the reply's routing (RETURN_PATH when it is not routed back, or comes back by another
 * transit gateway or peering connection), security-group references across a peering connection (one Region only)
 * and a transit gateway (inbound rules, when the transit gateway enables it), middleboxes, and the VPCs a path
 * enters.
 */
import { App, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { flowHops, flowOf, groupOf, modelOf, short, subnetAt } from './helpers';
import { PeeredVpcPair } from '../../src';
import { evaluateFlow } from '../../src/reachability/flow';
import { HubTransitGateway } from '../../src/transit';
import { peering, route, routeTable, subnet, vpc } from '../guard/l1';
import { ACCOUNT, testStack, testVpc } from '../support';

const PEERING_SG = 'https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html';
const TGW_SG = 'https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html';
const PEERING_ROUTES = 'https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-routing.html';

/** A VPC with one subnet (`<id>Subnet`, the /24 at the start of the block, us-east-1a) and its route table. */
function net(stack: Stack, id: string, cidr: string) {
  const v = vpc(stack, id, cidr);
  const s = subnet(stack, `${id}Subnet`, v, cidr.replace(/\/16$/, '/24'));
  return { vpc: v, subnet: s, rt: routeTable(stack, `${id}Rt`, v, [s]) };
}

/** A TGW without default tables, one route table, and the VPCs attached to it, associated and propagated. */
function tgwWith(stack: Stack, id: string, nets: ReturnType<typeof net>[]) {
  const tgw = new ec2.CfnTransitGateway(stack, id, {
    defaultRouteTableAssociation: 'disable',
    defaultRouteTablePropagation: 'disable',
  });
  const table = new ec2.CfnTransitGatewayRouteTable(stack, `${id}Table`, { transitGatewayId: tgw.ref });
  for (const n of nets) {
    const att = new ec2.CfnTransitGatewayVpcAttachment(stack, `${id}${n.vpc.node.id}Att`, {
      transitGatewayId: tgw.ref,
      vpcId: n.vpc.ref,
      subnetIds: [n.subnet.ref],
    });
    const props = { transitGatewayRouteTableId: table.ref, transitGatewayAttachmentId: att.ref };
    new ec2.CfnTransitGatewayRouteTableAssociation(stack, `${id}${n.vpc.node.id}Assoc`, props);
    new ec2.CfnTransitGatewayRouteTablePropagation(stack, `${id}${n.vpc.node.id}Prop`, props);
  }
  return tgw;
}

describe(`RETURN_PATH (${PEERING_ROUTES})`, () => {
  test('a peering route on one side only: the request is delivered, the reply has no route back', () => {
    const app = new App();
    const stack = testStack(app);
    const a = net(stack, 'VpcA', '10.0.0.0/16');
    const b = net(stack, 'VpcB', '10.1.0.0/16');
    const c = net(stack, 'VpcC', '10.2.0.0/16');
    const ab = peering(stack, 'PcxAB', a.vpc, b.vpc);
    const ac = peering(stack, 'PcxAC', a.vpc, c.vpc);
    route(stack, 'AToB', a.rt, '10.1.0.0/16', { vpcPeeringConnectionId: ab.ref });
    route(stack, 'AToC', a.rt, '10.2.0.0/16', { vpcPeeringConnectionId: ac.ref });
    route(stack, 'CToA', c.rt, '10.0.0.0/16', { vpcPeeringConnectionId: ac.ref });
    const model = modelOf(app);
    const r = flowOf(model, 'VpcASubnet', 'VpcBSubnet', { fromPort: 443, toPort: 443 });
    expect(r).toMatchObject({
      status: 'blocked',
      code: 'RETURN_PATH',
      reason:
        'the reply from Stack/VpcBSubnet (VpcBSubnet) to 10.0.0.0/24 is dropped (NO_ROUTE): Stack/VpcBRt (VpcBRt) has no route to 10.0.0.0/24',
      forward: { status: 'delivered' },
      reply: { status: 'dropped', code: 'NO_ROUTE' },
    });
    expect(flowHops(r)).toEqual([
      'subnet VpcASubnet',
      'network-acl egress the default network ACL of Stack/VpcA (VpcA)',
      'route-table VpcARt',
      'peering PcxAB',
      'network-acl ingress the default network ACL of Stack/VpcB (VpcB)',
      'reply subnet VpcBSubnet',
      'reply network-acl egress the default network ACL of Stack/VpcB (VpcB)',
      'reply route-table VpcBRt',
    ]);
    // Routes on both sides: reachable, and the path enters A then C.
    const ok = flowOf(model, 'VpcASubnet', 'VpcCSubnet', { fromPort: 443, toPort: 443 });
    expect(ok).toMatchObject({ status: 'reachable', reply: { status: 'delivered' } });
    expect(ok.vpcsEntered.map(short)).toEqual(['VpcA', 'VpcC']);
  });

  test('asymmetric routing through two transit gateways: the request by one, the reply by the other', () => {
    const app = new App();
    const stack = testStack(app);
    const a = net(stack, 'VpcA', '10.0.0.0/16');
    const b = net(stack, 'VpcB', '10.1.0.0/16');
    const c = net(stack, 'VpcC', '10.2.0.0/16');
    const tgw1 = tgwWith(stack, 'Tgw1', [a, b, c]);
    const tgw2 = tgwWith(stack, 'Tgw2', [a, b]);
    route(stack, 'AToB', a.rt, '10.1.0.0/16', { transitGatewayId: tgw1.ref });
    route(stack, 'BToA', b.rt, '10.0.0.0/16', { transitGatewayId: tgw2.ref });
    route(stack, 'AToC', a.rt, '10.2.0.0/16', { transitGatewayId: tgw1.ref });
    route(stack, 'CToA', c.rt, '10.0.0.0/16', { transitGatewayId: tgw1.ref });
    const model = modelOf(app);
    const r = flowOf(model, 'VpcASubnet', 'VpcBSubnet', { fromPort: 443, toPort: 443 });
    expect(r).toMatchObject({
      status: 'blocked',
      code: 'RETURN_PATH',
      reason:
        'asymmetric routing: the request crosses transit gateway Stack/Tgw1 (Tgw1), the reply transit gateway Stack/Tgw2 (Tgw2)',
      reply: { status: 'delivered' },
    });
    expect(flowHops(r).filter((h) => h.startsWith('reply'))).toEqual([
      'reply subnet VpcBSubnet',
      'reply network-acl egress the default network ACL of Stack/VpcB (VpcB)',
      'reply route-table VpcBRt',
      'reply transit-gateway-attachment Tgw2VpcBAtt',
      'reply transit-gateway-route-table Tgw2Table',
      'reply transit-gateway-attachment Tgw2VpcAAtt',
      'reply subnet VpcASubnet',
      'reply route-table VpcARt',
    ]);
    expect(r.vpcsEntered.map(short)).toEqual(['VpcA', 'VpcB']);
    // Both ways by Tgw1: reachable.
    expect(flowOf(model, 'VpcASubnet', 'VpcCSubnet', { fromPort: 443, toPort: 443 }).status).toBe('reachable');
  });

  test('asymmetric routing: the request by a peering connection, the reply by a transit gateway', () => {
    const app = new App();
    const stack = testStack(app);
    const a = net(stack, 'VpcA', '10.0.0.0/16');
    const b = net(stack, 'VpcB', '10.1.0.0/16');
    const tgw = tgwWith(stack, 'Tgw', [a, b]);
    const pcx = peering(stack, 'Pcx', a.vpc, b.vpc);
    route(stack, 'AToB', a.rt, '10.1.0.0/16', { vpcPeeringConnectionId: pcx.ref });
    route(stack, 'BToA', b.rt, '10.0.0.0/16', { transitGatewayId: tgw.ref });
    const model = modelOf(app);
    expect(flowOf(model, 'VpcASubnet', 'VpcBSubnet', { protocol: 'all' })).toMatchObject({
      status: 'blocked',
      code: 'RETURN_PATH',
      reason:
        'asymmetric routing: the request crosses peering Stack/Pcx (Pcx), the reply transit gateway Stack/Tgw (Tgw)',
    });
  });
});

describe(`security-group references across a peering connection (${PEERING_SG})`, () => {
  test('within one Region (PeeredVpcPair): an inbound rule that references the peer VPC group holds', () => {
    const app = new App();
    const stack = testStack(app);
    const a = testVpc(stack, 'VpcA', '10.0.0.0/16', 1);
    const b = testVpc(stack, 'VpcB', '10.1.0.0/16', 1);
    new PeeredVpcPair(stack, 'Pair', { requesterVpc: a, accepterVpc: b });
    const appSg = new ec2.CfnSecurityGroup(stack, 'AppSg', { vpcId: a.vpcId, groupDescription: 'app' });
    new ec2.CfnSecurityGroup(stack, 'DbSg', {
      vpcId: b.vpcId,
      groupDescription: 'db',
      securityGroupIngress: [
        { ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, sourceSecurityGroupId: appSg.attrGroupId },
      ],
    });
    const model = modelOf(app);
    const r = flowOf(model, 'VpcA/PrivateSubnet1', 'VpcB/PrivateSubnet1', {
      fromPort: 5432,
      toPort: 5432,
      sourceGroups: ['AppSg'],
      destinationGroups: ['DbSg'],
    });
    expect(r.status).toBe('reachable');
    expect(r.hops.find((h) => h.kind === 'security-group' && h.direction === 'ingress')!.route).toMatch(
      /^ingress tcp port 5432 from Stack\/AppSg/,
    );
    expect(r.hops.filter((h) => h.kind === 'peering')).toHaveLength(2);
  });

  test('across Regions: the reference does not hold (SECURITY_GROUP_INGRESS, saying why); by CIDR it does', () => {
    const app = new App();
    const east = testStack(app, 'East', { crossRegionReferences: true });
    const west = new Stack(app, 'West', {
      env: { account: ACCOUNT, region: 'eu-west-1' },
      crossRegionReferences: true,
    });
    const routes = new Stack(app, 'WestRoutes', {
      env: { account: ACCOUNT, region: 'eu-west-1' },
      crossRegionReferences: true,
    });
    const a = net(east, 'VpcA', '10.0.0.0/16');
    const b = net(west, 'VpcB', '10.1.0.0/16');
    const pcx = peering(east, 'Pcx', a.vpc, b.vpc, { peerRegion: 'eu-west-1' });
    route(east, 'AToB', a.rt, '10.1.0.0/16', { vpcPeeringConnectionId: pcx.ref });
    route(routes, 'BToA', b.rt, '10.0.0.0/16', { vpcPeeringConnectionId: pcx.ref });
    const appSg = new ec2.CfnSecurityGroup(east, 'AppSg', { vpcId: a.vpc.ref, groupDescription: 'app' });
    const dbSg = new ec2.CfnSecurityGroup(west, 'DbSg', { vpcId: b.vpc.ref, groupDescription: 'db' });
    new ec2.CfnSecurityGroupIngress(routes, 'DbFromApp', {
      groupId: dbSg.attrGroupId,
      ipProtocol: 'tcp',
      fromPort: 5432,
      toPort: 5432,
      sourceSecurityGroupId: appSg.attrGroupId,
    });
    new ec2.CfnSecurityGroupIngress(routes, 'DbFromA', {
      groupId: dbSg.attrGroupId,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIp: '10.0.0.0/16',
    });
    const model = modelOf(app);
    const groups = { sourceGroups: ['AppSg'], destinationGroups: ['DbSg'] };
    const r = flowOf(model, 'VpcASubnet', 'VpcBSubnet', { fromPort: 5432, toPort: 5432, ...groups });
    expect(r).toMatchObject({ status: 'blocked', code: 'SECURITY_GROUP_INGRESS' });
    expect(r.reason).toMatch(
      /a group reference does not hold: .*East\/AppSg \(AppSg\) is in us-east-1, the rule's group in eu-west-1: a peer security group can be referenced within one Region only/,
    );
    // By CIDR across Regions: reachable.
    expect(flowOf(model, 'VpcASubnet', 'VpcBSubnet', { fromPort: 443, toPort: 443, ...groups }).status).toBe(
      'reachable',
    );
  });
});

test('a peering connection between stacks whose Region is not known at synth: a group reference is undetermined', () => {
  const app = new App();
  const stack = new Stack(app, 'Agnostic');
  const a = net(stack, 'VpcA', '10.0.0.0/16');
  const b = net(stack, 'VpcB', '10.1.0.0/16');
  const pcx = peering(stack, 'Pcx', a.vpc, b.vpc);
  route(stack, 'AToB', a.rt, '10.1.0.0/16', { vpcPeeringConnectionId: pcx.ref });
  route(stack, 'BToA', b.rt, '10.0.0.0/16', { vpcPeeringConnectionId: pcx.ref });
  const appSg = new ec2.CfnSecurityGroup(stack, 'AppSg', { vpcId: a.vpc.ref, groupDescription: 'app' });
  new ec2.CfnSecurityGroup(stack, 'DbSg', {
    vpcId: b.vpc.ref,
    groupDescription: 'db',
    securityGroupIngress: [
      { ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, sourceSecurityGroupId: appSg.attrGroupId },
    ],
  });
  const model = modelOf(app);
  expect(
    flowOf(model, 'VpcASubnet', 'VpcBSubnet', {
      fromPort: 5432,
      toPort: 5432,
      sourceGroups: ['AppSg'],
      destinationGroups: ['DbSg'],
    }),
  ).toMatchObject({ status: 'undetermined', reason: 'the Region of Agnostic' });
});

describe(`security-group references across a transit gateway (${TGW_SG})`, () => {
  function hubApp(referencing: boolean, egressReference = false, attachmentOption?: unknown) {
    const app = new App();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub', { securityGroupReferencing: referencing });
    const spokes = hub.addSegment('spokes');
    const a = testVpc(stack, 'VpcA', '10.0.0.0/16', 1);
    const b = testVpc(stack, 'VpcB', '10.1.0.0/16', 1);
    hub.attachVpc('A', { vpc: a, segment: spokes });
    const bAtt = hub.attachVpc('B', { vpc: b, segment: spokes });
    if (attachmentOption) {
      bAtt.attachment.addPropertyOverride('Options.SecurityGroupReferencingSupport', attachmentOption);
    }
    const appSg = new ec2.CfnSecurityGroup(stack, 'AppSg', { vpcId: a.vpcId, groupDescription: 'app' });
    const dbSg = new ec2.CfnSecurityGroup(stack, 'DbSg', {
      vpcId: b.vpcId,
      groupDescription: 'db',
      securityGroupIngress: [
        { ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, sourceSecurityGroupId: appSg.attrGroupId },
      ],
    });
    if (egressReference) {
      appSg.securityGroupEgress = [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '10.9.0.0/16' }];
      new ec2.CfnSecurityGroupEgress(stack, 'AppToDb', {
        groupId: appSg.attrGroupId,
        ipProtocol: 'tcp',
        fromPort: 5432,
        toPort: 5432,
        destinationSecurityGroupId: dbSg.attrGroupId,
      });
    }
    return modelOf(app);
  }
  const query = {
    fromPort: 5432,
    toPort: 5432,
    sourceGroups: ['AppSg'],
    destinationGroups: ['DbSg'],
  };

  test('SecurityGroupReferencingSupport enabled on the hub: an inbound reference holds', () => {
    const model = hubApp(true);
    const r = flowOf(model, 'VpcA/PrivateSubnet1', 'VpcB/PrivateSubnet1', query);
    expect(r.status).toBe('reachable');
    expect(r.vpcsEntered.map(short)).toEqual(['VpcA', 'VpcB']);
  });

  test('enabled on the hub, disabled on an attachment: SECURITY_GROUP_INGRESS; an option not known at synth: undetermined', () => {
    const r = flowOf(hubApp(true, false, 'disable'), 'VpcA/PrivateSubnet1', 'VpcB/PrivateSubnet1', query);
    expect(r).toMatchObject({ status: 'blocked', code: 'SECURITY_GROUP_INGRESS' });
    expect(r.reason).toMatch(/Stack\/Hub\/B\/.* disables the SecurityGroupReferencingSupport option/);
    const unknown = flowOf(
      hubApp(true, false, Fn.importValue('option')),
      'VpcA/PrivateSubnet1',
      'VpcB/PrivateSubnet1',
      query,
    );
    expect(unknown).toMatchObject({
      status: 'undetermined',
      reason: expect.stringMatching(/^the SecurityGroupReferencingSupport option of Stack\/Hub\/B\//),
    });
  });

  test('not enabled (the transit gateway default): SECURITY_GROUP_INGRESS, saying why', () => {
    const model = hubApp(false);
    const r = flowOf(model, 'VpcA/PrivateSubnet1', 'VpcB/PrivateSubnet1', query);
    expect(r).toMatchObject({ status: 'blocked', code: 'SECURITY_GROUP_INGRESS' });
    expect(r.reason).toMatch(
      /does not enable SecurityGroupReferencingSupport \(the transit gateway default is disable/,
    );
  });

  test('an outbound rule cannot reference a group across a transit gateway, even when enabled: SECURITY_GROUP_EGRESS', () => {
    const model = hubApp(true, true);
    const r = flowOf(model, 'VpcA/PrivateSubnet1', 'VpcB/PrivateSubnet1', query);
    expect(r).toMatchObject({ status: 'blocked', code: 'SECURITY_GROUP_EGRESS' });
    expect(r.reason).toMatch(/outbound rules cannot reference a security group across a transit gateway/);
  });
});

test('a middlebox on the path (a network interface): undetermined, naming it; an on-premises CIDR by a virtual private gateway: only the source side filters', () => {
  const app = new App();
  const stack = testStack(app);
  const a = net(stack, 'VpcA', '10.0.0.0/16');
  const b = net(stack, 'VpcB', '10.1.0.0/16');
  const pcx = peering(stack, 'Pcx', a.vpc, b.vpc);
  const eni = new ec2.CfnNetworkInterface(stack, 'Firewall', { subnetId: a.subnet.ref, sourceDestCheck: false });
  route(stack, 'Inspect', a.rt, '10.1.0.0/16', { networkInterfaceId: eni.ref });
  route(stack, 'BToA', b.rt, '10.0.0.0/16', { vpcPeeringConnectionId: pcx.ref });
  const vgw = new ec2.CfnVPNGateway(stack, 'Vgw', { type: 'ipsec.1' });
  const attach = new ec2.CfnVPCGatewayAttachment(stack, 'VgwAttachment', { vpcId: a.vpc.ref, vpnGatewayId: vgw.ref });
  route(stack, 'OnPrem', a.rt, '192.168.0.0/16', { gatewayId: vgw.ref }).addDependency(attach);
  const appSg = new ec2.CfnSecurityGroup(stack, 'AppSg', {
    vpcId: a.vpc.ref,
    groupDescription: 'app',
    securityGroupEgress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '192.168.0.0/16' }],
  });
  void appSg;
  const model = modelOf(app);
  expect(flowOf(model, 'VpcASubnet', 'VpcBSubnet', { fromPort: 443, toPort: 443 })).toMatchObject({
    status: 'undetermined',
    reason: 'the path goes to the middlebox Stack/Firewall (Firewall), not followed further',
    forward: { middleboxes: [expect.objectContaining({ path: 'Stack/Firewall' })] },
  });
  const onPrem = evaluateFlow(model, {
    from: subnetAt(model, 'VpcASubnet'),
    to: '192.168.10.0/24',
    protocol: 'tcp',
    fromPort: 443,
    toPort: 443,
    sourceGroups: [groupOf(model, 'AppSg')],
    // Ignored: the destination is an address outside the app.
    destinationGroups: [groupOf(model, 'AppSg')],
  });
  expect(onPrem).toMatchObject({
    status: 'reachable',
    forward: { deliveredTo: { gateway: expect.objectContaining({ logicalId: 'Vgw' }) } },
  });
  expect(flowHops(onPrem)).toEqual([
    'subnet VpcASubnet',
    'security-group egress AppSg',
    'network-acl egress the default network ACL of Stack/VpcA (VpcA)',
    'route-table VpcARt',
    'gateway Vgw',
    'reply network-acl ingress the default network ACL of Stack/VpcA (VpcA)',
  ]);
  expect(
    evaluateFlow(model, {
      from: subnetAt(model, 'VpcASubnet'),
      to: '192.168.10.0/24',
      protocol: 'tcp',
      fromPort: 22,
      toPort: 22,
      sourceGroups: [groupOf(model, 'AppSg')],
    }),
  ).toMatchObject({ status: 'blocked', code: 'SECURITY_GROUP_EGRESS' });
});

test('to the internet through a NAT gateway (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html): the source side filters; the reply returns to the NAT gateway, whose routing is not followed', () => {
  const app = new App();
  const stack = testStack(app);
  const v = vpc(stack, 'Vpc', '10.0.0.0/16');
  const priv = subnet(stack, 'Private', v, '10.0.0.0/24');
  const pub = subnet(stack, 'Public', v, '10.0.1.0/24');
  const privRt = routeTable(stack, 'PrivateRt', v, [priv]);
  const pubRt = routeTable(stack, 'PublicRt', v, [pub]);
  const gw = new ec2.CfnInternetGateway(stack, 'Igw');
  const attach = new ec2.CfnVPCGatewayAttachment(stack, 'IgwAttachment', { vpcId: v.ref, internetGatewayId: gw.ref });
  route(stack, 'PublicOut', pubRt, '0.0.0.0/0', { gatewayId: gw.ref }).addDependency(attach);
  const eip = new ec2.CfnEIP(stack, 'Eip', { domain: 'vpc' });
  const nat = new ec2.CfnNatGateway(stack, 'Nat', { subnetId: pub.ref, allocationId: eip.attrAllocationId });
  route(stack, 'PrivateOut', privRt, '0.0.0.0/0', { natGatewayId: nat.ref });
  new ec2.CfnSecurityGroup(stack, 'Web', {
    vpcId: v.ref,
    groupDescription: 'web',
    securityGroupEgress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '0.0.0.0/0' }],
  });
  const model = modelOf(app);
  const https = { fromPort: 443, toPort: 443, toAddress: true, sourceGroups: ['Web'] };
  const r = flowOf(model, 'Private', '0.0.0.0/0', https);
  expect(r).toMatchObject({ status: 'reachable', reply: undefined });
  expect(flowHops(r)).toEqual([
    'subnet Private',
    'security-group egress Web',
    'network-acl egress the default network ACL of Stack/Vpc (Vpc)',
    'route-table PrivateRt',
    'gateway Nat',
    'route-table PublicRt',
    'gateway Igw',
    'reply network-acl ingress the default network ACL of Stack/Vpc (Vpc)',
  ]);
  expect(flowOf(model, 'Private', '0.0.0.0/0', { ...https, fromPort: 80, toPort: 80 })).toMatchObject({
    status: 'blocked',
    code: 'SECURITY_GROUP_EGRESS',
  });
});
