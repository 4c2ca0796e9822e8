/**
 * Rules split so that an acknowledgement of one check no longer silences another (issue 12, item 1): NG-TGW-002 and
 * NG-TGW-015, NG-SG-003 and NG-SG-004, NG-PFX-001 and NG-PFX-003 (item 1); NG-NACL-001 and NG-NACL-002 (item 3);
 * NG-DX-001 and NG-DX-011. Each
 * network below breaks both checks of a pair where one acknowledgement covers both (on one construct, or on the
 * stack), and acknowledges one of them.
 */
import { Stack } from 'aws-cdk-lib';
import * as dx from 'aws-cdk-lib/aws-directconnect';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { Guarded, guard, ids, route, routeTable, sg, subnet, vpc } from './l1';
import { NetworkGuard } from '../../src/guard';

/** The acknowledged findings of a run, as [rule, acknowledged at, logical ids]. */
function acknowledged(g: Guarded): [string, string, ...string[]][] {
  return g.report.acknowledged.map((a) => [a.ruleId, a.acknowledgedAt, ...a.resources.map((r) => r.logicalId)]);
}

/**
 * VPC A attached twice to one transit gateway (NG-TGW-015), its first attachment with two subnets in one AZ
 * (NG-TGW-002); returns the first attachment, which both findings involve.
 */
function attachedTwiceWithTwoSubnetsInOneAz(s: Stack): IConstruct {
  const tgw = new ec2.CfnTransitGateway(s, 'Tgw', {
    defaultRouteTableAssociation: 'disable',
    defaultRouteTablePropagation: 'disable',
  });
  const a = vpc(s, 'A', '10.0.0.0/16');
  const att = new ec2.CfnTransitGatewayVpcAttachment(s, 'AAtt', {
    transitGatewayId: tgw.ref,
    vpcId: a.ref,
    subnetIds: [subnet(s, 'S1', a, '10.0.1.0/28').ref, subnet(s, 'S2', a, '10.0.2.0/28').ref],
  });
  new ec2.CfnTransitGatewayVpcAttachment(s, 'AAtt2', {
    transitGatewayId: tgw.ref,
    vpcId: a.ref,
    subnetIds: [subnet(s, 'S3', a, '10.0.3.0/28', 'us-east-1b').ref],
  });
  return att;
}

describe('NG-TGW-002 (two subnets in one AZ) and NG-TGW-015 (a VPC attached twice) are acknowledged apart', () => {
  test('unacknowledged: one finding of each', () => {
    const g = guard((s) => attachedTwiceWithTwoSubnetsInOneAz(s));
    expect(g.of('NG-TGW-002').map(ids)).toEqual([['AAtt', 'S2', 'S1']]);
    expect(g.of('NG-TGW-015').map(ids)).toEqual([['AAtt2', 'AAtt']]);
  });
  test('acknowledging NG-TGW-002 on the attachment leaves NG-TGW-015', () => {
    const g = guard((s) =>
      NetworkGuard.acknowledge(attachedTwiceWithTwoSubnetsInOneAz(s), 'NG-TGW-002', 'subnets fixed next release'),
    );
    expect(g.of('NG-TGW-002')).toEqual([]);
    expect(acknowledged(g)).toEqual([['NG-TGW-002', 'Net/AAtt', 'AAtt', 'S2', 'S1']]);
    expect(g.of('NG-TGW-015').map(ids)).toEqual([['AAtt2', 'AAtt']]);
  });
  test('acknowledging NG-TGW-015 on the attachment leaves NG-TGW-002', () => {
    const g = guard((s) =>
      NetworkGuard.acknowledge(attachedTwiceWithTwoSubnetsInOneAz(s), 'NG-TGW-015', 'AAtt2 is deployed alone'),
    );
    expect(g.of('NG-TGW-015')).toEqual([]);
    expect(acknowledged(g)).toEqual([['NG-TGW-015', 'Net/AAtt', 'AAtt2', 'AAtt']]);
    expect(g.of('NG-TGW-002').map(ids)).toEqual([['AAtt', 'S2', 'S1']]);
  });
});

/** A rule with inverted ports (NG-SG-003) and a reference to a group of unconnected VPC B (NG-SG-004). */
function badPortsAndUnconnectedReference(s: Stack): void {
  const a = vpc(s, 'A', '10.0.0.0/16');
  const b = vpc(s, 'B', '10.1.0.0/16');
  const group = sg(s, 'SgA', a);
  new ec2.CfnSecurityGroupIngress(s, 'Inverted', {
    groupId: group.attrGroupId,
    ipProtocol: 'tcp',
    fromPort: 443,
    toPort: 80,
    cidrIp: '10.0.0.0/8',
  });
  new ec2.CfnSecurityGroupIngress(s, 'FromB', {
    groupId: group.attrGroupId,
    ipProtocol: 'tcp',
    fromPort: 443,
    toPort: 443,
    sourceSecurityGroupId: sg(s, 'SgB', b).attrGroupId,
  });
}

describe('NG-SG-003 (invalid ports) and NG-SG-004 (a group of an unconnected VPC) are acknowledged apart', () => {
  test('unacknowledged: an error and a warning', () => {
    const g = guard((s) => badPortsAndUnconnectedReference(s));
    expect(g.of('NG-SG-003').map((f) => [f.level, ...ids(f)])).toEqual([['error', 'Inverted']]);
    expect(g.of('NG-SG-004').map((f) => [f.level, ...ids(f)])).toEqual([['warning', 'FromB', 'SgB']]);
  });
  test('acknowledging NG-SG-004 on the stack (peered in another app) leaves the NG-SG-003 error', () => {
    const g = guard((s) => {
      badPortsAndUnconnectedReference(s);
      NetworkGuard.acknowledge(s, 'NG-SG-004', 'A and B are peered by the network account');
    });
    expect(g.of('NG-SG-004')).toEqual([]);
    expect(acknowledged(g)).toEqual([['NG-SG-004', 'Net', 'FromB', 'SgB']]);
    expect(g.of('NG-SG-003').map((f) => [f.level, ...ids(f)])).toEqual([['error', 'Inverted']]);
  });
  test('acknowledging NG-SG-003 on the stack leaves the NG-SG-004 warning', () => {
    const g = guard((s) => {
      badPortsAndUnconnectedReference(s);
      NetworkGuard.acknowledge(s, 'NG-SG-003', 'the rule is replaced by an aspect');
    });
    expect(g.of('NG-SG-003')).toEqual([]);
    expect(acknowledged(g)).toEqual([['NG-SG-003', 'Net', 'Inverted']]);
    expect(g.of('NG-SG-004').map((f) => [f.level, ...ids(f)])).toEqual([['warning', 'FromB', 'SgB']]);
  });
});

/**
 * A prefix list of MaxEntries 10 with 11 entries (NG-PFX-001), routed to from a route table that also holds 41 other
 * routes (NG-PFX-003: 51 with the list's MaxEntries).
 */
function overfullListOverRouteQuota(s: Stack): void {
  const pl = new ec2.CfnPrefixList(s, 'Pl', {
    prefixListName: 'corp',
    addressFamily: 'IPv4',
    maxEntries: 10,
    entries: Array.from({ length: 11 }, (_, i) => ({ cidr: `10.${i}.0.0/16` })),
  });
  const rt = routeTable(s, 'Rt', vpc(s, 'V', '192.168.0.0/16'));
  new ec2.CfnRoute(s, 'ToPl', {
    routeTableId: rt.ref,
    destinationPrefixListId: pl.attrPrefixListId,
    transitGatewayId: 'tgw-0123456789abcdef0',
  });
  for (let i = 0; i < 41; i++) {
    route(s, `R${i}`, rt, `172.16.${i}.0/24`, { transitGatewayId: 'tgw-0123456789abcdef0' });
  }
}

describe('NG-PFX-001 (a prefix list over MaxEntries) and NG-PFX-003 (the route quota) are acknowledged apart', () => {
  test('unacknowledged: an error and a warning', () => {
    const g = guard((s) => overfullListOverRouteQuota(s));
    expect(g.of('NG-PFX-001').map((f) => [f.level, ...ids(f)])).toEqual([['error', 'Pl']]);
    expect(g.of('NG-PFX-003').map((f) => [f.level, ...ids(f)])).toEqual([['warning', 'Rt']]);
  });
  test('acknowledging NG-PFX-003 on the stack (route quota raised) leaves the NG-PFX-001 error', () => {
    const g = guard((s) => {
      overfullListOverRouteQuota(s);
      NetworkGuard.acknowledge(s, 'NG-PFX-003', 'Routes per route table raised to 100 in this account');
    });
    expect(g.of('NG-PFX-003')).toEqual([]);
    expect(acknowledged(g)).toEqual([['NG-PFX-003', 'Net', 'Rt']]);
    expect(g.of('NG-PFX-001').map((f) => [f.level, ...ids(f)])).toEqual([['error', 'Pl']]);
  });
  test('acknowledging NG-PFX-001 on the stack leaves the NG-PFX-003 warning', () => {
    const g = guard((s) => {
      overfullListOverRouteQuota(s);
      NetworkGuard.acknowledge(s, 'NG-PFX-001', 'entries trimmed by a later aspect');
    });
    expect(g.of('NG-PFX-001')).toEqual([]);
    expect(acknowledged(g)).toEqual([['NG-PFX-001', 'Net', 'Pl']]);
    expect(g.of('NG-PFX-003').map((f) => [f.level, ...ids(f)])).toEqual([['warning', 'Rt']]);
  });
});

/**
 * An L2 network ACL with an entry numbered 40000 (NG-NACL-001) whose subnet is also associated with a second ACL
 * (NG-NACL-002); returns the first ACL, under which both its entry and its subnet association are.
 */
function badEntryAndSubnetWithTwoAcls(s: Stack): IConstruct {
  const v = new ec2.Vpc(s, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
    maxAzs: 1,
    natGateways: 0,
    subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const acl = new ec2.NetworkAcl(s, 'Acl', { vpc: v, subnetSelection: { subnets: v.isolatedSubnets } });
  acl.addEntry('Https', {
    ruleNumber: 40000,
    cidr: ec2.AclCidr.anyIpv4(),
    traffic: ec2.AclTraffic.tcpPort(443),
    ruleAction: ec2.Action.ALLOW,
  });
  new ec2.NetworkAcl(s, 'Other', { vpc: v, subnetSelection: { subnets: v.isolatedSubnets } });
  return acl;
}

describe('NG-NACL-001 (an invalid entry) and NG-NACL-002 (a subnet with two ACLs) are acknowledged apart', () => {
  const pathsOf = (g: Guarded, ruleId: string) => g.of(ruleId).map((f) => f.resources.map((r) => r.path));
  test('unacknowledged: one error of each, both under the first ACL', () => {
    const g = guard((s) => badEntryAndSubnetWithTwoAcls(s));
    expect(pathsOf(g, 'NG-NACL-001')).toEqual([['Net/Acl/Https/Resource']]);
    expect(pathsOf(g, 'NG-NACL-002')).toEqual([
      [expect.stringMatching(/^Net\/Other\//), expect.stringMatching(/^Net\/Acl\//)],
    ]);
  });
  test('acknowledging NG-NACL-001 on the ACL leaves NG-NACL-002', () => {
    const g = guard((s) =>
      NetworkGuard.acknowledge(badEntryAndSubnetWithTwoAcls(s), 'NG-NACL-001', 'renumbered by an aspect'),
    );
    expect(g.of('NG-NACL-001')).toEqual([]);
    expect(g.report.acknowledged.map((a) => [a.ruleId, a.acknowledgedAt])).toEqual([['NG-NACL-001', 'Net/Acl']]);
    expect(g.of('NG-NACL-002')).toHaveLength(1);
  });
  test('acknowledging NG-NACL-002 on the ACL leaves NG-NACL-001', () => {
    const g = guard((s) =>
      NetworkGuard.acknowledge(badEntryAndSubnetWithTwoAcls(s), 'NG-NACL-002', 'Other is removed in this release'),
    );
    expect(g.of('NG-NACL-002')).toEqual([]);
    expect(g.report.acknowledged.map((a) => [a.ruleId, a.acknowledgedAt])).toEqual([['NG-NACL-002', 'Net/Acl']]);
    expect(pathsOf(g, 'NG-NACL-001')).toEqual([['Net/Acl/Https/Resource']]);
  });
});

describe('NG-DX-001 (no allowed prefixes) and NG-DX-011 (the same ASN) are acknowledged apart', () => {
  /** An association of a Direct Connect gateway with a transit gateway of the same ASN, without allowed prefixes. */
  function sameAsnWithoutPrefixes(s: Stack): IConstruct {
    const tgw = new ec2.CfnTransitGateway(s, 'Tgw', { amazonSideAsn: 64600 });
    const dxgw = new dx.CfnDirectConnectGateway(s, 'Dxgw', { directConnectGatewayName: 'dx', amazonSideAsn: '64600' });
    return new dx.CfnDirectConnectGatewayAssociation(s, 'DxAssoc', {
      directConnectGatewayId: dxgw.ref,
      associatedGatewayId: tgw.ref,
    });
  }
  test('unacknowledged: one finding of each', () => {
    const g = guard((s) => sameAsnWithoutPrefixes(s));
    expect(g.of('NG-DX-001').map(ids)).toEqual([['DxAssoc']]);
    expect(g.of('NG-DX-011').map(ids)).toEqual([['DxAssoc', 'Tgw', 'Dxgw']]);
  });
  test('acknowledging NG-DX-001 on the association leaves NG-DX-011', () => {
    const g = guard((s) =>
      NetworkGuard.acknowledge(sameAsnWithoutPrefixes(s), 'NG-DX-001', 'prefixes are proposed by the peer account'),
    );
    expect(g.of('NG-DX-001')).toEqual([]);
    expect(acknowledged(g)).toEqual([['NG-DX-001', 'Net/DxAssoc', 'DxAssoc']]);
    expect(g.of('NG-DX-011').map(ids)).toEqual([['DxAssoc', 'Tgw', 'Dxgw']]);
  });
});
