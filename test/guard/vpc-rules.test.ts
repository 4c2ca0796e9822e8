/** Route-table, VPC and security-group rules, each with a compliant and a non-compliant L1 network. */
import { CfnParameter, Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { guard, ids, igw, route, routeTable, sg, subnet, vpc, peering } from './l1';

describe('NG-RT-001 more than 50 routes in one route table', () => {
  const build = (n: number) =>
    guard((s) => {
      const rt = routeTable(s, 'Rt', vpc(s, 'A', '10.0.0.0/16'));
      for (let i = 0; i < n; i++) {
        route(s, `R${i}`, rt, `172.16.${i}.0/24`, { transitGatewayId: 'tgw-0123456789abcdef0' });
      }
    });
  test('50: no finding', () => expect(build(50).of('NG-RT-001')).toEqual([]));
  test('51: a warning', () => expect(build(51).of('NG-RT-001').map(ids)).toEqual([['Rt']]));
});

describe('NG-RT-002 two routes for one destination', () => {
  const build = (second: string) =>
    guard((s) => {
      const rt = routeTable(s, 'Rt', vpc(s, 'A', '10.0.0.0/16'));
      route(s, 'R1', rt, '172.16.0.0/16', { transitGatewayId: 'tgw-0123456789abcdef0' });
      route(s, 'R2', rt, second, { transitGatewayId: 'tgw-0123456789abcdef0' });
    });
  test('different destinations: no finding', () => expect(build('172.17.0.0/16').of('NG-RT-002')).toEqual([]));
  test('the same destination, written differently: an error', () =>
    expect(build('172.16.0.1/16').of('NG-RT-002').map(ids)).toEqual([['R2', 'R1']]));
});

describe('NG-RT-003 route inside the local CIDR', () => {
  const build = (target: Partial<ec2.CfnRouteProps>, dest = '10.0.1.0/24') =>
    guard((s) => {
      const a = vpc(s, 'A', '10.0.0.0/16');
      const rt = routeTable(s, 'Rt', a);
      route(s, 'R', rt, dest, target);
    });
  test('a more specific route to a network interface (middlebox): no finding', () =>
    expect(build({ networkInterfaceId: 'eni-0123456789abcdef0' }).of('NG-RT-003')).toEqual([]));
  test('a more specific route to a transit gateway: an error', () =>
    expect(build({ transitGatewayId: 'tgw-0123456789abcdef0' }).of('NG-RT-003').map(ids)).toEqual([['R', 'Rt']]));
  test('a route equal to the VPC block: an error whatever the target', () =>
    expect(build({ networkInterfaceId: 'eni-0123456789abcdef0' }, '10.0.0.0/16').of('NG-RT-003')).toHaveLength(1));
});

describe('NG-RT-004 route to a gateway not attached to the VPC', () => {
  test('attached, with DependsOn the attachment: no finding', () => {
    const g = guard((s) => {
      const a = vpc(s, 'A', '10.0.0.0/16');
      const { gw, attachment } = igw(s, 'Igw', a);
      route(s, 'R', routeTable(s, 'Rt', a), '0.0.0.0/0', { gatewayId: gw.ref }).addDependency(attachment);
    });
    expect(g.of('NG-RT-004')).toEqual([]);
  });
  test('the gateway of another VPC: an error, and the deeper rules skip the route', () => {
    const g = guard((s) => {
      const a = vpc(s, 'A', '10.0.0.0/16');
      const { gw } = igw(s, 'IgwB', vpc(s, 'B', '10.1.0.0/16'));
      route(s, 'R', routeTable(s, 'Rt', a), '0.0.0.0/0', { gatewayId: gw.ref });
    });
    expect(g.of('NG-RT-004').map((f) => [f.level, ...ids(f)])).toEqual([['error', 'R', 'IgwB']]);
  });
  test('attached without DependsOn: a warning', () => {
    const g = guard((s) => {
      const a = vpc(s, 'A', '10.0.0.0/16');
      const { gw } = igw(s, 'Igw', a);
      route(s, 'R', routeTable(s, 'Rt', a), '0.0.0.0/0', { gatewayId: gw.ref });
    });
    expect(g.of('NG-RT-004').map((f) => [f.level, ...ids(f)])).toEqual([['warning', 'R', 'IgwAttachment']]);
  });
});

describe('NG-RT-005 route to a target of another VPC', () => {
  const build = (sameVpc: boolean) =>
    guard((s) => {
      const a = vpc(s, 'A', '10.0.0.0/16');
      const b = vpc(s, 'B', '10.1.0.0/16');
      const natSubnet = subnet(s, 'NatSubnet', sameVpc ? a : b, sameVpc ? '10.0.0.0/24' : '10.1.0.0/24');
      const eip = new ec2.CfnEIP(s, 'Eip', { domain: 'vpc' });
      const nat = new ec2.CfnNatGateway(s, 'Nat', { subnetId: natSubnet.ref, allocationId: eip.attrAllocationId });
      route(s, 'R', routeTable(s, 'Rt', a), '0.0.0.0/0', { natGatewayId: nat.ref });
    });
  test('NAT gateway in the same VPC: no finding', () => expect(build(true).of('NG-RT-005')).toEqual([]));
  test('NAT gateway in another VPC: an error', () =>
    expect(build(false).of('NG-RT-005').map(ids)).toEqual([['R', 'Nat']]));
});

describe('NG-VPC-001 subnet blocks', () => {
  test('subnets inside the primary and a secondary block: no finding', () => {
    const g = guard((s) => {
      const a = vpc(s, 'A', '10.0.0.0/16');
      new ec2.CfnVPCCidrBlock(s, 'Second', { vpcId: a.ref, cidrBlock: '10.1.0.0/16' });
      subnet(s, 'S1', a, '10.0.0.0/24');
      subnet(s, 'S2', a, '10.1.0.0/24');
    });
    expect(g.of('NG-VPC-001')).toEqual([]);
  });
  test('a subnet outside the VPC, two overlapping subnets, a /29 subnet and a /8 VPC: one error each', () => {
    const g = guard((s) => {
      const a = vpc(s, 'A', '10.0.0.0/16');
      subnet(s, 'Outside', a, '10.9.0.0/24');
      subnet(s, 'S1', a, '10.0.0.0/24');
      subnet(s, 'S2', a, '10.0.0.128/25');
      subnet(s, 'Tiny', a, '10.0.5.0/29');
      vpc(s, 'Huge', '10.0.0.0/8');
    });
    expect(g.of('NG-VPC-001').map((f) => f.message)).toEqual([
      expect.stringContaining('Huge (Huge) has CidrBlock 10.0.0.0/8'),
      expect.stringContaining('10.9.0.0/24 lies outside every block of VPC A'),
      expect.stringContaining('10.0.0.128/25 overlaps subnet S1'),
      expect.stringContaining('Tiny (Tiny) has CidrBlock 10.0.5.0/29'),
    ]);
  });
});

describe('NG-SG-001 ingress from anywhere', () => {
  const build = (port: number) =>
    guard((s) =>
      sg(s, 'Sg', vpc(s, 'A', '10.0.0.0/16'), {
        securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: port, toPort: port, cidrIp: '0.0.0.0/0' }],
      }),
    );
  test('443 from anywhere: no finding', () => expect(build(443).of('NG-SG-001')).toEqual([]));
  test('22 from anywhere: a warning', () => expect(build(22).of('NG-SG-001').map(ids)).toEqual([['Sg']]));
});

describe('NG-SG-002 more than 60 rules in one direction', () => {
  const build = (n: number) =>
    guard((s) => {
      const group = sg(s, 'Sg', vpc(s, 'A', '10.0.0.0/16'), {
        securityGroupIngress: Array.from({ length: n - 1 }, (_, i) => ({
          ipProtocol: 'tcp',
          fromPort: 443,
          toPort: 443,
          cidrIp: `10.1.${i}.0/24`,
        })),
      });
      const pl = new ec2.CfnPrefixList(s, 'Pl', {
        addressFamily: 'IPv4',
        maxEntries: 1,
        prefixListName: 'pl',
        entries: [{ cidr: '10.2.0.0/16' }],
      });
      new ec2.CfnSecurityGroupIngress(s, 'FromPl', {
        groupId: group.attrGroupId,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        sourcePrefixListId: pl.attrPrefixListId,
      });
    });
  test('60 rules: no finding', () => expect(build(60).of('NG-SG-002')).toEqual([]));
  test('61 rules (one of them a prefix list): a warning', () =>
    expect(build(61).of('NG-SG-002').map(ids)).toEqual([['Sg']]));
});

describe('NG-SG-003 ports and ICMP, NG-SG-004 references to unconnected VPCs', () => {
  test('valid ports and a reference to a group of a peered VPC: no finding', () => {
    const g = guard((s) => {
      const a = vpc(s, 'A', '10.0.0.0/16');
      const b = vpc(s, 'B', '10.1.0.0/16');
      peering(s, 'Pcx', a, b);
      const sgA = sg(s, 'SgA', a, {
        securityGroupIngress: [{ ipProtocol: 'icmp', fromPort: 8, toPort: -1, cidrIp: '10.0.0.0/8' }],
      });
      new ec2.CfnSecurityGroupIngress(s, 'FromB', {
        groupId: sgA.attrGroupId,
        ipProtocol: 'tcp',
        fromPort: 80,
        toPort: 443,
        sourceSecurityGroupId: sg(s, 'SgB', b).attrGroupId,
      });
    });
    expect(g.of('NG-SG-003')).toEqual([]);
    expect(g.of('NG-SG-004')).toEqual([]);
  });
  test('a reference to a group of a VPC attached to the same transit gateway with security-group referencing on: no finding', () => {
    const g = guard((s) => {
      const a = vpc(s, 'A', '10.0.0.0/16');
      const b = vpc(s, 'B', '10.1.0.0/16');
      const tgw = new ec2.CfnTransitGateway(s, 'Tgw', { securityGroupReferencingSupport: 'enable' });
      for (const [id, v, cidr] of [
        ['A', a, '10.0.0.0/28'],
        ['B', b, '10.1.0.0/28'],
      ] as const) {
        new ec2.CfnTransitGatewayVpcAttachment(s, `${id}Att`, {
          transitGatewayId: tgw.ref,
          vpcId: v.ref,
          subnetIds: [subnet(s, `${id}S`, v, cidr).ref],
        });
      }
      new ec2.CfnSecurityGroupIngress(s, 'FromB', {
        groupId: sg(s, 'SgA', a).attrGroupId,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        sourceSecurityGroupId: sg(s, 'SgB', b).attrGroupId,
      });
    });
    expect(g.of('NG-SG-004')).toEqual([]);
  });
  test('inverted ports and ICMP type 300: NG-SG-003 errors; a group of an unconnected VPC: an NG-SG-004 warning', () => {
    const g = guard((s) => {
      const a = vpc(s, 'A', '10.0.0.0/16');
      const b = vpc(s, 'B', '10.1.0.0/16');
      sg(s, 'Inverted', a, {
        securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 80, cidrIp: '10.0.0.0/8' }],
      });
      sg(s, 'Icmp', a, {
        securityGroupIngress: [{ ipProtocol: 'icmp', fromPort: 300, toPort: 0, cidrIp: '10.0.0.0/8' }],
      });
      new ec2.CfnSecurityGroupIngress(s, 'FromB', {
        groupId: sg(s, 'SgA', a).attrGroupId,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        sourceSecurityGroupId: sg(s, 'SgB', b).attrGroupId,
      });
    });
    expect(g.of('NG-SG-003').map((f) => [f.level, ...ids(f)])).toEqual([
      ['error', 'Inverted'],
      ['error', 'Icmp'],
    ]);
    expect(g.of('NG-SG-004').map((f) => [f.level, ...ids(f)])).toEqual([['warning', 'FromB', 'SgB']]);
    expect(g.of('NG-SG-004')[0].message).toBe(
      'Security-group rule of Net/FromB (FromB) references SgB of VPC B, which is neither peered with A nor reachable through a transit gateway with security-group referencing on.',
    );
  });
});

describe('values not known at synth are listed as not checked', () => {
  test('NG-SG-001: an ingress rule whose source block is a parameter', () => {
    const g = guard((s) => {
      const cidr = new CfnParameter(s, 'Source', { default: '0.0.0.0/0' });
      sg(s, 'Sg', vpc(s, 'A', '10.0.0.0/16'), {
        securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIp: cidr.valueAsString }],
      });
    });
    expect(g.of('NG-SG-001')).toEqual([]);
    expect(g.skipped('NG-SG-001')).toEqual([
      'the source block of an ingress rule of Sg ({"Ref":"Source"}) is not known at synth',
    ]);
  });
  test('NG-RT-002 and NG-RT-003: a route to an imported block', () => {
    const g = guard((s) => {
      const rt = routeTable(s, 'Rt', vpc(s, 'A', '10.0.0.0/16'));
      route(s, 'R1', rt, '172.16.0.0/16', { transitGatewayId: 'tgw-0123456789abcdef0' });
      new ec2.CfnRoute(s, 'R2', {
        routeTableId: rt.ref,
        destinationCidrBlock: Fn.importValue('OtherApp-Cidr'),
        transitGatewayId: 'tgw-0123456789abcdef0',
      });
    });
    const why = 'the destination of route R2 ({"Fn::ImportValue":"OtherApp-Cidr"}) is not known at synth';
    expect(g.skipped('NG-RT-002')).toEqual([why]);
    expect(g.skipped('NG-RT-003')).toEqual([why]);
  });
  test('NG-RT-003: a route in a route table outside the app, and a VPC with an imported block', () => {
    const g = guard((s) => {
      new ec2.CfnRoute(s, 'Outside', {
        routeTableId: Fn.importValue('OtherApp-RouteTable'),
        destinationCidrBlock: '10.0.1.0/24',
        transitGatewayId: 'tgw-0123456789abcdef0',
      });
      const rt = routeTable(s, 'Rt', vpc(s, 'A', Fn.importValue('OtherApp-VpcCidr')));
      route(s, 'R', rt, '10.9.0.0/24', { transitGatewayId: 'tgw-0123456789abcdef0' });
    });
    expect(g.skipped('NG-RT-003')).toEqual([
      'the route table of route Outside ({"Fn::ImportValue":"OtherApp-RouteTable"}) is not defined in this app',
      'a CIDR block of VPC A is not known at synth',
    ]);
  });
});

describe('NG-RT-004 reports each unattached gateway once per VPC', () => {
  test('two routes to a gateway of another VPC: one error naming both routes and the gateway', () => {
    const g = guard((s) => {
      const a = vpc(s, 'A', '10.0.0.0/16');
      const { gw } = igw(s, 'IgwB', vpc(s, 'B', '10.1.0.0/16'));
      route(s, 'R1', routeTable(s, 'Rt1', a), '0.0.0.0/0', { gatewayId: gw.ref });
      route(s, 'R2', routeTable(s, 'Rt2', a), '0.0.0.0/0', { gatewayId: gw.ref });
    });
    expect(g.of('NG-RT-004').map((f) => [f.level, ...ids(f)])).toEqual([['error', 'R1', 'R2', 'IgwB']]);
    expect(g.of('NG-RT-004')[0].message).toBe('Routes R1, R2 target IgwB, which is not attached to VPC A.');
  });
});

describe('more values not known at synth are listed as not checked', () => {
  test('NG-RT-004 and NG-RT-005: targets outside the app', () => {
    const g = guard((s) => {
      const rt = routeTable(s, 'Rt', vpc(s, 'A', '10.0.0.0/16'));
      route(s, 'Local', rt, '10.0.0.0/16', { gatewayId: 'local' });
      route(s, 'ToIgw', rt, '0.0.0.0/0', { gatewayId: Fn.importValue('OtherApp-Igw') });
      route(s, 'ToNat', rt, '10.8.0.0/16', { natGatewayId: Fn.importValue('OtherApp-Nat') });
    });
    expect(g.skipped('NG-RT-004')).toEqual([
      'the gateway of route ToIgw ({"Fn::ImportValue":"OtherApp-Igw"}) is not defined in this app',
    ]);
    expect(g.skipped('NG-RT-005')).toEqual([
      'the NatGatewayId of route ToNat ({"Fn::ImportValue":"OtherApp-Nat"}) is not defined in this app',
    ]);
  });
  test('NG-RT-005: a NAT gateway in a subnet outside the app', () => {
    const g = guard((s) => {
      const eip = new ec2.CfnEIP(s, 'Eip', { domain: 'vpc' });
      const nat = new ec2.CfnNatGateway(s, 'Nat', {
        subnetId: Fn.importValue('OtherApp-Subnet'),
        allocationId: eip.attrAllocationId,
      });
      route(s, 'R', routeTable(s, 'Rt', vpc(s, 'A', '10.0.0.0/16')), '0.0.0.0/0', { natGatewayId: nat.ref });
    });
    expect(g.skipped('NG-RT-005')).toEqual(['the VPC of target Nat is not known at synth']);
  });
  test('NG-PFX-001: MaxEntries as a parameter; NG-PFX-003: a route to a prefix list outside the app', () => {
    const g = guard((s) => {
      new ec2.CfnPrefixList(s, 'Pl', {
        prefixListName: 'corp',
        addressFamily: 'IPv4',
        maxEntries: new CfnParameter(s, 'Max', { type: 'Number', default: 10 }).valueAsNumber,
        entries: [{ cidr: '10.0.0.0/16' }],
      });
      new ec2.CfnRoute(s, 'ToManaged', {
        routeTableId: routeTable(s, 'Rt', vpc(s, 'A', '10.0.0.0/16')).ref,
        destinationPrefixListId: 'pl-0123456789abcdef0',
        transitGatewayId: 'tgw-0123456789abcdef0',
      });
    });
    expect(g.skipped('NG-PFX-001')).toEqual(['the MaxEntries of prefix list Pl is not known at synth']);
    expect(g.skipped('NG-PFX-003')).toEqual([
      'the MaxEntries of the prefix list of route ToManaged of Rt is not known at synth',
    ]);
  });
});

describe('security-group and network ACL values not known at synth are listed as not checked', () => {
  test('NG-SG-002: rules of a group outside the app, and a prefix list outside the app', () => {
    const g = guard((s) => {
      const imported = Fn.importValue('OtherApp-Sg');
      new ec2.CfnSecurityGroupIngress(s, 'In1', {
        groupId: imported,
        ipProtocol: 'tcp',
        fromPort: 1,
        toPort: 1,
        cidrIp: '10.0.0.0/8',
      });
      new ec2.CfnSecurityGroupIngress(s, 'In2', {
        groupId: imported,
        ipProtocol: 'tcp',
        fromPort: 2,
        toPort: 2,
        cidrIp: '10.0.0.0/8',
      });
      sg(s, 'Sg', vpc(s, 'A', '10.0.0.0/16'), {
        securityGroupIngress: [
          { ipProtocol: 'tcp', fromPort: 443, toPort: 443, sourcePrefixListId: 'pl-0123456789abcdef0' },
        ],
      });
    });
    expect(g.skipped('NG-SG-002')).toEqual([
      'the MaxEntries of prefix list "pl-0123456789abcdef0" in a rule of Sg is not known at synth; counted as one rule',
      'security group {"Fn::ImportValue":"OtherApp-Sg"} is not defined in this app; the rules it already has are not known at synth',
    ]);
  });
  test('NG-SG-003: a port given as a parameter; NG-SG-004: a reference to a group outside the app', () => {
    const g = guard((s) => {
      sg(s, 'Sg', vpc(s, 'A', '10.0.0.0/16'), {
        securityGroupIngress: [
          {
            ipProtocol: 'tcp',
            fromPort: new CfnParameter(s, 'Port', { type: 'Number', default: 22 }).valueAsNumber,
            toPort: 22,
            cidrIp: '10.0.0.0/8',
          },
          { ipProtocol: 'tcp', fromPort: 443, toPort: 443, sourceSecurityGroupId: Fn.importValue('OtherApp-Sg') },
        ],
      });
    });
    expect(g.skipped('NG-SG-003')).toEqual(['the FromPort of a rule of Sg is not known at synth']);
    expect(g.skipped('NG-SG-004')).toEqual([
      'the security group {"Fn::ImportValue":"OtherApp-Sg"} referenced by a rule of Sg is not defined in this app; its VPC is not known at synth',
    ]);
  });
  test('NG-NACL-001: a rule number given as a parameter', () => {
    const g = guard((s) => {
      const acl = new ec2.CfnNetworkAcl(s, 'Acl', { vpcId: vpc(s, 'A', '10.0.0.0/16').ref });
      new ec2.CfnNetworkAclEntry(s, 'Entry', {
        networkAclId: acl.ref,
        ruleNumber: new CfnParameter(s, 'Number', { type: 'Number', default: 100 }).valueAsNumber,
        protocol: 6,
        ruleAction: 'allow',
        cidrBlock: '10.0.0.0/8',
        portRange: { from: 443, to: 443 },
      });
    });
    expect(g.skipped('NG-NACL-001')).toEqual(['the RuleNumber of Entry is not known at synth']);
  });
});

test('NG-VPC-001: a VPC block imported from another app is listed as not checked', () => {
  const g = guard((s) => {
    const a = vpc(s, 'A', Fn.importValue('OtherApp-VpcCidr'));
    subnet(s, 'Sub', a, '10.0.0.0/24');
  });
  expect(g.of('NG-VPC-001')).toEqual([]);
  expect(g.skipped('NG-VPC-001')).toEqual([
    'the CidrBlock of A is not known at synth',
    'a CIDR block of the VPC is not known at synth',
  ]);
});
