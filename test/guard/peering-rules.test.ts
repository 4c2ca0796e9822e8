/**
 * The VPC peering rules, each with a compliant and a non-compliant network written with plain aws-cdk-lib L1s.
 * Scenarios from "Invalid VPC peering connection configurations"
 * (https://docs.aws.amazon.com/vpc/latest/peering/invalid-peering-configurations.html).
 */
import { CfnCustomResource, CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NG_PEER_009 } from '../../src/guard/rules/peering';
import { testStack } from '../support';
import { guard, ids, igw, peering, route, routeTable, sg, vpc } from './l1';

describe('NG-PEER-001 overlapping peered VPCs', () => {
  test('disjoint blocks: no finding', () => {
    const g = guard((s) => peering(s, 'Pcx', vpc(s, 'A', '10.0.0.0/16'), vpc(s, 'B', '10.1.0.0/16')));
    expect(g.of('NG-PEER-001')).toEqual([]);
  });
  test('a secondary block that overlaps the peer is an error, even with IPv6 on both sides', () => {
    const g = guard((s) => {
      const a = vpc(s, 'A', '10.0.0.0/16');
      const b = vpc(s, 'B', '10.1.0.0/16');
      new ec2.CfnVPCCidrBlock(s, 'ASecondary', { vpcId: a.ref, cidrBlock: '10.1.128.0/17' });
      new ec2.CfnVPCCidrBlock(s, 'AV6', { vpcId: a.ref, amazonProvidedIpv6CidrBlock: true });
      peering(s, 'Pcx', a, b);
    });
    expect(g.of('NG-PEER-001').map((f) => f.message)).toEqual([
      expect.stringContaining('10.1.128.0/17 and 10.1.0.0/16'),
    ]);
  });
});

describe('NG-PEER-002 two connections between the same VPCs', () => {
  test('one connection per pair: no finding', () => {
    const g = guard((s) => {
      const [a, b, c] = [vpc(s, 'A', '10.0.0.0/16'), vpc(s, 'B', '10.1.0.0/16'), vpc(s, 'C', '10.2.0.0/16')];
      peering(s, 'AB', a, b);
      peering(s, 'BC', b, c);
    });
    expect(g.of('NG-PEER-002')).toEqual([]);
  });
  test('A-B and B-A is an error naming both connections', () => {
    const g = guard((s) => {
      const [a, b] = [vpc(s, 'A', '10.0.0.0/16'), vpc(s, 'B', '10.1.0.0/16')];
      peering(s, 'AB', a, b);
      peering(s, 'BA', b, a);
    });
    expect(g.of('NG-PEER-002').map(ids)).toEqual([['AB', 'BA']]);
  });
});

/** VPC A (10.0/16) peered with B (10.1/16); B has an internet gateway; A has one route table. */
function ab(s: Stack) {
  const a = vpc(s, 'A', '10.0.0.0/16');
  const b = vpc(s, 'B', '10.1.0.0/16');
  const pcx = peering(s, 'Pcx', a, b);
  const rtA = routeTable(s, 'RtA', a);
  const rtB = routeTable(s, 'RtB', b);
  const { gw, attachment } = igw(s, 'IgwB', b);
  route(s, 'BToInternet', rtB, '0.0.0.0/0', { gatewayId: gw.ref }).addDependency(attachment);
  route(s, 'BToA', rtB, '10.0.0.0/16', { vpcPeeringConnectionId: pcx.ref });
  return { a, b, pcx, rtA, rtB };
}

describe('NG-PEER-003 transitive routing', () => {
  test("a route to the peer's own block: no finding", () => {
    const g = guard((s) => {
      const { rtA, pcx } = ab(s);
      route(s, 'AToB', rtA, '10.1.0.0/24', { vpcPeeringConnectionId: pcx.ref });
    });
    expect(g.of('NG-PEER-003')).toEqual([]);
  });
  test('a route to a third network through the connection is an error', () => {
    const g = guard((s) => {
      const { rtA, pcx } = ab(s);
      route(s, 'AToB', rtA, '10.1.0.0/16', { vpcPeeringConnectionId: pcx.ref });
      route(s, 'AToC', rtA, '10.2.0.0/16', { vpcPeeringConnectionId: pcx.ref });
    });
    expect(g.of('NG-PEER-003').map(ids)).toEqual([['AToC', 'Pcx']]);
  });
});

describe('NG-PEER-004 edge-to-edge routing', () => {
  test('A has its own internet gateway: no finding', () => {
    const g = guard((s) => {
      const { a, rtA, pcx } = ab(s);
      route(s, 'AToB', rtA, '10.1.0.0/16', { vpcPeeringConnectionId: pcx.ref });
      const { gw, attachment } = igw(s, 'IgwA', a);
      route(s, 'AToInternet', rtA, '0.0.0.0/0', { gatewayId: gw.ref }).addDependency(attachment);
    });
    expect(g.of('NG-PEER-004')).toEqual([]);
  });
  test("a default route through the peering to use B's internet gateway is an error (and not also NG-PEER-003)", () => {
    const g = guard((s) => {
      const { rtA, pcx } = ab(s);
      route(s, 'AToB', rtA, '10.1.0.0/16', { vpcPeeringConnectionId: pcx.ref });
      route(s, 'AToInternet', rtA, '0.0.0.0/0', { vpcPeeringConnectionId: pcx.ref });
    });
    expect(g.of('NG-PEER-004').map(ids)).toEqual([['AToInternet', 'Pcx', 'BToInternet']]);
    expect(g.of('NG-PEER-003')).toEqual([]);
  });
});

describe('NG-PEER-005 hub peered with overlapping spokes', () => {
  test('disjoint spokes: no finding', () => {
    const g = guard((s) => {
      const hub = vpc(s, 'Hub', '10.0.0.0/16');
      peering(s, 'P1', hub, vpc(s, 'S1', '10.1.0.0/16'));
      peering(s, 'P2', hub, vpc(s, 'S2', '10.2.0.0/16'));
    });
    expect(g.of('NG-PEER-005')).toEqual([]);
  });
  test('two spokes with the same block: a warning on the hub', () => {
    const g = guard((s) => {
      const hub = vpc(s, 'Hub', '10.0.0.0/16');
      peering(s, 'P1', hub, vpc(s, 'S1', '10.1.0.0/16'));
      peering(s, 'P2', hub, vpc(s, 'S2', '10.1.0.0/16'));
    });
    expect(g.of('NG-PEER-005').map((f) => [f.level, ...ids(f)])).toEqual([['warning', 'Hub', 'S1', 'S2']]);
  });
});

describe('NG-PEER-006 security-group reference across Regions', () => {
  function build(peerRegion: string) {
    return guard((s, app) => {
      const a = vpc(s, 'A', '10.0.0.0/16');
      const other = testStack(app, 'Peer', { env: { account: '111111111111', region: peerRegion } });
      const b = vpc(other, 'B', '10.1.0.0/16');
      const sgB = sg(other, 'SgB', b);
      peering(s, 'Pcx', a, b, peerRegion === 'us-east-1' ? {} : { peerRegion });
      const sgA = sg(s, 'SgA', a);
      new ec2.CfnSecurityGroupIngress(s, 'FromB', {
        groupId: sgA.attrGroupId,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        sourceSecurityGroupId: sgB.attrGroupId,
      });
    });
  }
  test('same Region: no finding', () => {
    expect(build('us-east-1').of('NG-PEER-006')).toEqual([]);
  });
  test('peer in eu-west-1: an error', () => {
    expect(build('eu-west-1').of('NG-PEER-006').map(ids)).toEqual([['FromB', 'SgB']]);
  });
});

describe('NG-PEER-007 routes on one side only', () => {
  test('routes on both sides: no finding', () => {
    const g = guard((s) => {
      const { rtA, pcx } = ab(s);
      route(s, 'AToB', rtA, '10.1.0.0/16', { vpcPeeringConnectionId: pcx.ref });
    });
    expect(g.of('NG-PEER-007')).toEqual([]);
  });
  test('routes in B only: a warning naming A', () => {
    const g = guard((s) => void ab(s));
    expect(g.of('NG-PEER-007').map(ids)).toEqual([['Pcx', 'A']]);
  });
});

describe('NG-PEER-008 more than 50 peering connections on one VPC', () => {
  function star(n: number) {
    return guard((s) => {
      const hub = vpc(s, 'Hub', '10.0.0.0/16');
      for (let i = 1; i <= n; i++) {
        peering(s, `P${i}`, hub, vpc(s, `S${i}`, `10.${i}.0.0/16`));
      }
    });
  }
  test('50: no finding', () => expect(star(50).of('NG-PEER-008')).toEqual([]));
  test('51: a warning on the hub', () => {
    expect(
      star(51)
        .of('NG-PEER-008')
        .map((f) => f.resources[0].logicalId),
    ).toEqual(['Hub']);
  });
});

describe('NG-PEER-009 inter-Region peering without DNS resolution', () => {
  function build(dns: boolean) {
    return guard((s) => {
      const a = vpc(s, 'A', '10.0.0.0/16');
      const pcx = new ec2.CfnVPCPeeringConnection(s, 'Pcx', {
        vpcId: a.ref,
        peerVpcId: 'vpc-0123456789abcdef0',
        peerRegion: 'eu-west-1',
      });
      if (dns) {
        new ec2.CfnVPCPeeringConnection(s, 'Unrelated', { vpcId: a.ref, peerVpcId: 'vpc-0fedcba9876543210' });
        new CfnCustomResource(s, 'Dns', {
          serviceToken: 'arn:aws:lambda:us-east-1:111111111111:function:x',
        }).addPropertyOverride('Create', {
          VpcPeeringConnectionId: pcx.ref,
          RequesterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true },
        });
      }
    });
  }
  test('with a custom resource turning DNS resolution on: no finding', () =>
    expect(build(true).of('NG-PEER-009')).toEqual([]));
  test('without: a warning', () => expect(build(false).of('NG-PEER-009').map(ids)).toEqual([['Pcx']]));
  test('the finding says what the option does: public DNS hostnames, not private hosted zones', () => {
    const [f] = build(false).of('NG-PEER-009');
    expect(f.message).toMatch(
      /has no DNS resolution option set: the public DNS hostnames of the peer's instances resolve to their public IP addresses/,
    );
    expect(f.fix).toMatch(/once it is active .*enableDnsHostnames and enableDnsSupport/);
    expect(NG_PEER_009.why).toMatch(/does nothing for Route 53 private hosted zones/);
  });
});

describe('NG-PEER-010 VPC peered with itself', () => {
  test('two VPCs: no finding', () => {
    const g = guard((s) => peering(s, 'Pcx', vpc(s, 'A', '10.0.0.0/16'), vpc(s, 'B', '10.1.0.0/16')));
    expect(g.of('NG-PEER-010')).toEqual([]);
  });
  test('VpcId equals PeerVpcId: an error, and the deeper rules skip the connection', () => {
    const g = guard((s) => {
      const a = vpc(s, 'A', '10.0.0.0/16');
      peering(s, 'Pcx', a, a);
    });
    expect(g.of('NG-PEER-010').map(ids)).toEqual([['Pcx']]);
    expect(g.of('NG-PEER-001')).toEqual([]);
    expect(g.of('NG-PEER-002')).toEqual([]);
    expect(g.skipped('NG-PEER-001')).toEqual([
      expect.stringContaining('Net/Pcx (Pcx) has a structure error (NG-PEER-010)'),
    ]);
  });
});

describe('values not known at synth are listed as not checked', () => {
  test('NG-PEER-004: a route through the peering to a destination imported from another app', () => {
    const g = guard((s) => {
      const { rtA, pcx } = ab(s);
      new ec2.CfnRoute(s, 'AToImported', {
        routeTableId: rtA.ref,
        destinationCidrBlock: Fn.importValue('OtherApp-Cidr'),
        vpcPeeringConnectionId: pcx.ref,
      });
    });
    expect(g.skipped('NG-PEER-004')).toEqual(['destination {"Fn::ImportValue":"OtherApp-Cidr"} is not known at synth']);
  });
  test('NG-PEER-005: a hub peered with a spoke whose block is a parameter, and with a VPC outside the app', () => {
    const g = guard((s) => {
      const hub = vpc(s, 'Hub', '10.0.0.0/16');
      peering(s, 'P1', hub, vpc(s, 'S1', '10.1.0.0/16'));
      peering(s, 'P2', hub, vpc(s, 'S2', new CfnParameter(s, 'S2Cidr', { default: '10.1.0.0/16' }).valueAsString));
      new ec2.CfnVPCPeeringConnection(s, 'P3', { vpcId: hub.ref, peerVpcId: Fn.importValue('OtherApp-Vpc') });
    });
    expect(g.of('NG-PEER-005')).toEqual([]);
    expect(g.skipped('NG-PEER-005')).toEqual([
      'a side of the connection is a VPC not defined in this app; its CIDR blocks are not known at synth',
      'a CIDR block of VPC S2, peered with Hub, is not known at synth',
    ]);
  });
  test('NG-PEER-008 and NG-PEER-010: a connection whose peer VPC id is a parameter', () => {
    const g = guard((s) => {
      new ec2.CfnVPCPeeringConnection(s, 'Pcx', {
        vpcId: vpc(s, 'A', '10.0.0.0/16').ref,
        peerVpcId: new CfnParameter(s, 'PeerVpc', { default: 'vpc-0123456789abcdef0' }).valueAsString,
      });
    });
    expect(g.skipped('NG-PEER-008')).toEqual(['the PeerVpcId of the connection is not known at synth']);
    expect(g.skipped('NG-PEER-010')).toEqual(['the PeerVpcId of the connection is not known at synth']);
  });
});

test('NG-PEER-006: a reference to a security group outside the app is listed as not checked', () => {
  const g = guard((s) => {
    const sgA = sg(s, 'SgA', vpc(s, 'A', '10.0.0.0/16'));
    new ec2.CfnSecurityGroupIngress(s, 'FromOutside', {
      groupId: sgA.attrGroupId,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      sourceSecurityGroupId: Fn.importValue('OtherApp-Sg'),
    });
  });
  expect(g.skipped('NG-PEER-006')).toEqual([
    'the security group {"Fn::ImportValue":"OtherApp-Sg"} referenced by a rule of FromOutside is not defined in this app; its Region is not known at synth',
  ]);
});

test('NG-PEER-007: a route through the connection in a route table outside the app is listed as not checked, not reported', () => {
  const g = guard((s) => {
    const { pcx } = ab(s);
    new ec2.CfnRoute(s, 'FromOutside', {
      routeTableId: Fn.importValue('OtherApp-RouteTable'),
      destinationCidrBlock: '10.1.0.0/16',
      vpcPeeringConnectionId: pcx.ref,
    });
  });
  expect(g.of('NG-PEER-007')).toEqual([]);
  expect(g.skipped('NG-PEER-007')).toEqual([
    'the route table of route FromOutside through the connection is not defined in this app',
  ]);
});
