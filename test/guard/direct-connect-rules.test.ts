/**
 * Direct Connect rules (NG-DX-002 and on), each with a compliant and a non-compliant L1 network: the facts the
 * `DirectConnectGateway` constructs refuse at synth, reported on templates written with L1s. The constructs' own
 * refusals are tested in test/direct-connect.
 */
import { Stack } from 'aws-cdk-lib';
import * as dx from 'aws-cdk-lib/aws-directconnect';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { guard, ids, vpc } from './l1';

type Peer = dx.CfnPrivateVirtualInterface.BgpPeerProperty;

function privateVif(
  s: Stack,
  id: string,
  o: { vlan?: number; mtu?: number; peers?: Peer[]; connectionId?: string; gatewayId?: string } = {},
) {
  return new dx.CfnPrivateVirtualInterface(s, id, {
    connectionId: o.connectionId ?? 'dxcon-fg5678gh',
    vlan: o.vlan ?? 101,
    mtu: o.mtu,
    directConnectGatewayId: o.gatewayId,
    virtualInterfaceName: id.toLowerCase(),
    bgpPeers: o.peers ?? [{ addressFamily: 'ipv4', asn: '65010' }],
  });
}

function transitVif(
  s: Stack,
  id: string,
  o: { vlan?: number; mtu?: number; connectionId?: string; gatewayId: string },
) {
  return new dx.CfnTransitVirtualInterface(s, id, {
    connectionId: o.connectionId ?? 'dxcon-fg5678gh',
    vlan: o.vlan ?? 102,
    mtu: o.mtu,
    directConnectGatewayId: o.gatewayId,
    virtualInterfaceName: id.toLowerCase(),
    bgpPeers: [{ addressFamily: 'ipv4', asn: '65010' }],
  });
}

/** A VPC with a virtual private gateway attached, associated with a Direct Connect gateway. */
function vgwAssociation(
  s: Stack,
  dxgw: dx.CfnDirectConnectGateway,
  prefixes?: string[],
  id = 'Vpc',
  cidr = '10.10.0.0/16',
) {
  const v = vpc(s, id, cidr);
  const vgw = new ec2.CfnVPNGateway(s, `${id}Vgw`, { type: 'ipsec.1' });
  const attachment = new ec2.CfnVPCGatewayAttachment(s, `${id}VgwAttachment`, { vpcId: v.ref, vpnGatewayId: vgw.ref });
  const assoc = new dx.CfnDirectConnectGatewayAssociation(s, `${id}DxAssoc`, {
    directConnectGatewayId: dxgw.attrDirectConnectGatewayId,
    associatedGatewayId: vgw.ref,
    allowedPrefixesToDirectConnectGateway: prefixes,
  });
  assoc.addDependency(attachment);
  return { v, vgw, assoc };
}

function gateway(s: Stack, id = 'Dxgw', asn = '64600') {
  return new dx.CfnDirectConnectGateway(s, id, { directConnectGatewayName: id.toLowerCase(), amazonSideAsn: asn });
}

describe('NG-DX-002 virtual interface VLAN', () => {
  test('VLANs in range and distinct per connection (the same VLAN on another connection): no finding', () =>
    expect(
      guard((s) => {
        privateVif(s, 'A', { vlan: 101 });
        privateVif(s, 'B', { vlan: 102 });
        privateVif(s, 'C', { vlan: 101, connectionId: 'dxlag-ffrz71kw' });
      }).of('NG-DX-002'),
    ).toEqual([]));
  test('VLAN 4095: an error', () => {
    const findings = guard((s) => privateVif(s, 'A', { vlan: 4095 })).of('NG-DX-002');
    expect(findings.map(ids)).toEqual([['A']]);
    expect(findings[0].message).toMatch(/vlan 4095 is outside 1-4094/);
  });
  test('one VLAN on two virtual interfaces of one connection: an error naming both', () => {
    const findings = guard((s) => {
      privateVif(s, 'A', { vlan: 101 });
      new dx.CfnPublicVirtualInterface(s, 'B', {
        connectionId: 'dxcon-fg5678gh',
        vlan: 101,
        virtualInterfaceName: 'b',
        routeFilterPrefixes: ['203.0.113.0/24'],
        bgpPeers: [
          { addressFamily: 'ipv4', asn: '65010', amazonAddress: '203.0.113.1/30', customerAddress: '203.0.113.2/30' },
        ],
      });
    }).of('NG-DX-002');
    expect(findings.map(ids)).toEqual([['B', 'A']]);
  });
});

describe('NG-DX-003 virtual interface MTU', () => {
  test('9001 private, 8500 transit, none given: no finding', () =>
    expect(
      guard((s) => {
        const gw = gateway(s);
        const tgw = gateway(s, 'DxTransit', '64601');
        privateVif(s, 'A', { mtu: 9001, gatewayId: gw.attrDirectConnectGatewayId });
        privateVif(s, 'B', { vlan: 103, gatewayId: gw.attrDirectConnectGatewayId });
        transitVif(s, 'T', { mtu: 8500, gatewayId: tgw.attrDirectConnectGatewayId });
      }).of('NG-DX-003'),
    ).toEqual([]));
  test('8500 on a private interface and 9001 on a transit one: errors', () => {
    const findings = guard((s) => {
      privateVif(s, 'A', { mtu: 8500 });
      transitVif(s, 'T', { mtu: 9001, gatewayId: gateway(s).attrDirectConnectGatewayId });
    }).of('NG-DX-003');
    expect(findings.map(ids)).toEqual([['A'], ['T']]);
    expect(findings[1].message).toMatch(/mtu 9001 is not one a transit virtual interface takes \(1500 or 8500\)/);
  });
});

describe('NG-DX-004 BGP peers', () => {
  test('an IPv4 peer with a /30 pair and an IPv6 peer without addresses, a 4-byte ASN: no finding', () =>
    expect(
      guard((s) =>
        privateVif(s, 'A', {
          peers: [
            {
              addressFamily: 'ipv4',
              asn: '4200000001',
              amazonAddress: '169.254.10.1/30',
              customerAddress: '169.254.10.2/30',
            },
            { addressFamily: 'ipv6', asn: '4200000001' },
          ],
        }),
      ).of('NG-DX-004'),
    ).toEqual([]));
  test('an ASN out of range, a /29, IPv6 addresses given, two IPv4 peers: one error each', () => {
    const findings = guard((s) => {
      privateVif(s, 'Asn', { vlan: 1, peers: [{ addressFamily: 'ipv4', asn: '4294967295' }] });
      privateVif(s, 'Wide', {
        vlan: 2,
        peers: [
          { addressFamily: 'ipv4', asn: '65010', amazonAddress: '169.254.10.1/29', customerAddress: '169.254.10.2/29' },
        ],
      });
      privateVif(s, 'V6', {
        vlan: 3,
        peers: [
          { addressFamily: 'ipv6', asn: '65010', amazonAddress: '2001:db8::1/125', customerAddress: '2001:db8::2/125' },
        ],
      });
      privateVif(s, 'Two', {
        vlan: 4,
        peers: [
          { addressFamily: 'ipv4', asn: '65010' },
          { addressFamily: 'ipv4', asn: '65011' },
        ],
      });
    }).of('NG-DX-004');
    expect(findings.map((f) => [ids(f)[0], f.message.replace(/^.*?: /, '')])).toEqual([
      ['Asn', '4294967295 is outside 1-4294967294, the ASNs a Direct Connect BGP peer takes (2-byte and 4-byte).'],
      ['Wide', "amazonAddress '169.254.10.1/29' is a /29, but BGP peer addresses are a /30 or a /31."],
      [
        'V6',
        expect.stringMatching(
          /^an ipv6 peer has amazonAddress or customerAddress, but AWS allocates IPv6 peer addresses/,
        ),
      ],
      ['Two', 'two BGP peers are ipv4, but a virtual interface takes one IPv4 and one IPv6 BGP peer.'],
    ]);
  });
});

describe('NG-DX-005 gateway sides', () => {
  test('VPC side and transit side on two gateways: no finding', () =>
    expect(
      guard((s) => {
        const gw = gateway(s);
        vgwAssociation(s, gw, ['10.10.0.0/16']);
        privateVif(s, 'P', { gatewayId: gw.attrDirectConnectGatewayId });
        const other = gateway(s, 'DxTransit', '64601');
        transitVif(s, 'T', { gatewayId: other.attrDirectConnectGatewayId });
        new dx.CfnDirectConnectGatewayAssociation(s, 'TgwAssoc', {
          directConnectGatewayId: other.attrDirectConnectGatewayId,
          associatedGatewayId: new ec2.CfnTransitGateway(s, 'Tgw', { amazonSideAsn: 64512 }).ref,
          allowedPrefixesToDirectConnectGateway: ['10.0.0.0/8'],
        });
      }).of('NG-DX-005'),
    ).toEqual([]));
  test('a private interface and a transit gateway association (a literal tgw id) on one gateway: an error', () => {
    const findings = guard((s) => {
      const gw = gateway(s);
      privateVif(s, 'P', { gatewayId: gw.attrDirectConnectGatewayId });
      new dx.CfnDirectConnectGatewayAssociation(s, 'TgwAssoc', {
        directConnectGatewayId: gw.attrDirectConnectGatewayId,
        associatedGatewayId: 'tgw-0123456789abcdef0',
        allowedPrefixesToDirectConnectGateway: ['10.0.0.0/8'],
      });
    }).of('NG-DX-005');
    expect(findings.map(ids)).toEqual([['TgwAssoc', 'P']]);
  });
});

describe('NG-DX-006 virtual private gateway allowed prefixes', () => {
  test('the VPC block, a wider prefix, or no allowed prefixes (AWS advertises the VPC blocks): no finding', () =>
    expect(
      guard((s) => {
        const gw = gateway(s);
        vgwAssociation(s, gw, ['10.10.0.0/16'], 'A', '10.10.0.0/16');
        vgwAssociation(s, gw, ['10.10.0.0/15'], 'B', '10.11.0.0/16');
        vgwAssociation(s, gw, undefined, 'C', '10.12.0.0/16');
      }).of('NG-DX-006'),
    ).toEqual([]));
  test('a narrower prefix: an error for the prefix and one for the block it leaves out', () => {
    const findings = guard((s) => vgwAssociation(s, gateway(s), ['10.10.0.0/24'])).of('NG-DX-006');
    expect(findings.map(ids)).toEqual([
      ['VpcDxAssoc', 'Vpc'],
      ['VpcDxAssoc', 'Vpc'],
    ]);
    expect(findings[0].message).toMatch(
      /allowed prefix 10\.10\.0\.0\/24 is not the same as or wider than a block of VPC Vpc \(10\.10\.0\.0\/16\)/,
    );
    expect(findings[1].message).toMatch(/block 10\.10\.0\.0\/16 of VPC Vpc is inside none of the allowed prefixes/);
  });
  test('a virtual private gateway outside the app: listed as not checked', () => {
    const g = guard((s) => {
      new dx.CfnDirectConnectGatewayAssociation(s, 'Assoc', {
        directConnectGatewayId: gateway(s).attrDirectConnectGatewayId,
        associatedGatewayId: 'vgw-0123456789abcdef0',
        allowedPrefixesToDirectConnectGateway: ['10.0.0.0/24'],
      });
    });
    expect(g.of('NG-DX-006')).toEqual([]);
    expect(g.skipped('NG-DX-006')).toEqual(['the VPC of the virtual private gateway of Assoc is not in this app']);
  });
});

describe('NG-DX-007 Direct Connect quotas', () => {
  test('20 virtual private gateways on one gateway, 4 transit interfaces on one connection: no finding', () =>
    expect(
      guard((s) => {
        const gw = gateway(s);
        for (let i = 0; i < 20; i++) vgwAssociation(s, gw, [`10.${i}.0.0/16`], `V${i}`, `10.${i}.0.0/16`);
        const t = gateway(s, 'DxTransit', '64601');
        for (let i = 0; i < 4; i++) transitVif(s, `T${i}`, { vlan: 200 + i, gatewayId: t.attrDirectConnectGatewayId });
      }).of('NG-DX-007'),
    ).toEqual([]));
  test('21 virtual private gateways on one gateway and 5 transit interfaces on one connection: an error each', () => {
    const findings = guard((s) => {
      const gw = gateway(s);
      for (let i = 0; i < 21; i++) vgwAssociation(s, gw, [`10.${i}.0.0/16`], `V${i}`, `10.${i}.0.0/16`);
      const t = gateway(s, 'DxTransit', '64601');
      for (let i = 0; i < 5; i++) transitVif(s, `T${i}`, { vlan: 200 + i, gatewayId: t.attrDirectConnectGatewayId });
    }).of('NG-DX-007');
    expect(findings.map((f) => f.message)).toEqual([
      'One Direct Connect gateway has 21 virtual private gateway associations, more than the 20 it takes (https://docs.aws.amazon.com/directconnect/latest/UserGuide/limits.html).',
      'One connection has 5 transit virtual interfaces (at most 4), over the Direct Connect quota (https://docs.aws.amazon.com/directconnect/latest/UserGuide/limits.html).',
    ]);
  });
});

describe('NG-DX-008 Direct Connect gateway ASNs', () => {
  function tgwAssoc(s: Stack, gw: string, asn: number, id = 'Tgw') {
    new dx.CfnDirectConnectGatewayAssociation(s, `${id}Assoc`, {
      directConnectGatewayId: gw,
      associatedGatewayId: new ec2.CfnTransitGateway(s, id, { amazonSideAsn: asn }).ref,
      allowedPrefixesToDirectConnectGateway: ['10.0.0.0/8'],
    });
  }
  test('a private ASN; two Regions with their own ASNs; one Region with one ASN twice: no finding', () => {
    const g = guard((s, app) => {
      gateway(s, 'Dxgw', '4200000000');
      tgwAssoc(s, 'dxgw-shared', 64512, 'TgwA');
      tgwAssoc(s, 'dxgw-shared', 64512, 'TgwB');
      const west = new Stack(app, 'West', { env: { account: '111111111111', region: 'us-west-2' } });
      tgwAssoc(west, 'dxgw-shared', 64513);
    });
    expect(g.of('NG-DX-008')).toEqual([]);
  });
  test('an ASN outside the private ranges, and one ASN in two Regions: errors', () => {
    const g = guard((s, app) => {
      gateway(s, 'Dxgw', '65535');
      tgwAssoc(s, 'dxgw-shared', 64512);
      const west = new Stack(app, 'West', { env: { account: '111111111111', region: 'us-west-2' } });
      tgwAssoc(west, 'dxgw-shared', 64512);
    });
    const findings = g.of('NG-DX-008');
    expect(findings.map(ids)).toEqual([['Dxgw'], ['TgwAssoc', 'Tgw', 'Tgw']]);
    expect(findings[1].message).toMatch(/\(us-west-2\) and .*\(us-east-1\) of different Regions share ASN 64512/);
  });
});

describe('NG-DX-009 BGP key in plain text', () => {
  test('a dynamic reference, or no key: no finding', () =>
    expect(
      guard((s) =>
        privateVif(s, 'A', {
          peers: [
            { addressFamily: 'ipv4', asn: '65010', authKey: '{{resolve:secretsmanager:dx/bgp:SecretString:key::}}' },
          ],
        }),
      ).of('NG-DX-009'),
    ).toEqual([]));
  test('a key in plain text: a warning that does not repeat the key', () => {
    const findings = guard((s) =>
      privateVif(s, 'A', { peers: [{ addressFamily: 'ipv4', asn: '65010', authKey: 'supersecret' }] }),
    ).of('NG-DX-009');
    expect(findings.map((f) => [ids(f), f.level])).toEqual([[['A'], 'warning']]);
    expect(findings[0].message).not.toContain('supersecret');
  });
});

describe('NG-DX-010 overlapping VPCs on one gateway', () => {
  test('disjoint VPCs on one gateway, overlapping VPCs on two: no finding', () =>
    expect(
      guard((s) => {
        const gw = gateway(s);
        vgwAssociation(s, gw, ['10.10.0.0/16'], 'A', '10.10.0.0/16');
        vgwAssociation(s, gw, ['10.11.0.0/16'], 'B', '10.11.0.0/16');
        vgwAssociation(s, gateway(s, 'Other', '64601'), ['10.10.0.0/16'], 'C', '10.10.0.0/16');
      }).of('NG-DX-010'),
    ).toEqual([]));
  test('two overlapping VPCs on one gateway: an error naming both associations', () => {
    const findings = guard((s) => {
      const gw = gateway(s);
      vgwAssociation(s, gw, ['10.10.0.0/16'], 'A', '10.10.0.0/16');
      vgwAssociation(s, gw, ['10.10.128.0/17'], 'B', '10.10.128.0/17');
    }).of('NG-DX-010');
    expect(findings.map(ids)).toEqual([['BDxAssoc', 'ADxAssoc']]);
    expect(findings[0].message).toMatch(
      /^VPCs B \(10\.10\.128\.0\/17\) and A \(10\.10\.0\.0\/16\) overlap on one Direct Connect gateway/,
    );
  });
});
