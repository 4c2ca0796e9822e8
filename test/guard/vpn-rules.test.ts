/** Site-to-site VPN rules, each with a compliant and a non-compliant L1 network. */
import { CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { guard, ids, routeTable, vpc } from './l1';

interface VpnOptions {
  readonly asn?: number;
  readonly region?: string;
  readonly propagationDependsOn?: boolean;
  readonly secondVgw?: boolean;
  readonly onTgw?: boolean;
  readonly both?: boolean;
  readonly staticRoutes?: boolean;
  readonly acceleration?: boolean;
  readonly tunnel?: Record<string, any>;
  readonly insideCidrs?: string[];
}

function site(s: Stack, o: VpnOptions = {}) {
  const v = vpc(s, 'Vpc', '10.0.0.0/16');
  const cgw = new ec2.CfnCustomerGateway(s, 'Cgw', {
    bgpAsn: o.asn ?? 65010,
    ipAddress: '203.0.113.10',
    type: 'ipsec.1',
  });
  const vgw = new ec2.CfnVPNGateway(s, 'Vgw', { type: 'ipsec.1' });
  const att = new ec2.CfnVPCGatewayAttachment(s, 'VgwAtt', { vpcId: v.ref, vpnGatewayId: vgw.ref });
  if (o.secondVgw) {
    const vgw2 = new ec2.CfnVPNGateway(s, 'Vgw2', { type: 'ipsec.1' });
    new ec2.CfnVPCGatewayAttachment(s, 'Vgw2Att', { vpcId: v.ref, vpnGatewayId: vgw2.ref });
  }
  const prop = new ec2.CfnVPNGatewayRoutePropagation(s, 'Propagation', {
    routeTableIds: [routeTable(s, 'Rt', v).ref],
    vpnGatewayId: vgw.ref,
  });
  if (o.propagationDependsOn ?? true) {
    prop.addDependency(att);
  }
  const tgw = o.onTgw || o.both ? new ec2.CfnTransitGateway(s, 'Tgw', {}) : undefined;
  const tunnels =
    o.tunnel || o.insideCidrs
      ? (o.insideCidrs ?? ['169.254.10.0/30', '169.254.11.0/30']).map((cidr) => ({
          tunnelInsideCidr: cidr,
          ...(o.tunnel ?? {}),
        }))
      : undefined;
  new ec2.CfnVPNConnection(s, 'Vpn', {
    customerGatewayId: cgw.ref,
    type: 'ipsec.1',
    staticRoutesOnly: o.staticRoutes ?? false,
    enableAcceleration: o.acceleration,
    transitGatewayId: tgw?.ref,
    vpnGatewayId: o.onTgw && !o.both ? undefined : vgw.ref,
    vpnTunnelOptionsSpecifications: tunnels,
  });
}

describe.each([
  ['NG-VPN-001', { asn: 65010 }, { asn: 0 }, ['Cgw']],
  // 9059 is reserved in eu-west-1 only; the full ASN table is tested against the construct too (test/facts).
  ['NG-VPN-001', { asn: 9059 }, { asn: 9059, region: 'eu-west-1' }, ['Cgw']],
  ['NG-VPN-001', { asn: 65010 }, { asn: 7224 }, ['Cgw']],
  ['NG-VPN-002', {}, { propagationDependsOn: false }, ['Propagation', 'VgwAtt']],
  ['NG-VPN-003', {}, { secondVgw: true }, ['VgwAtt', 'Vgw2Att']],
  ['NG-VPN-004', { onTgw: true }, { onTgw: true, staticRoutes: true }, ['Vpn', 'Tgw']],
  [
    'NG-VPN-005',
    { tunnel: { phase2LifetimeSeconds: 3600, rekeyMarginTimeSeconds: 540 } },
    {
      insideCidrs: ['169.254.10.0/30'],
      tunnel: { phase2LifetimeSeconds: 1000, rekeyMarginTimeSeconds: 540, dpdTimeoutSeconds: 10 },
    },
    ['Vpn'],
  ],
  [
    'NG-VPN-006',
    { insideCidrs: ['169.254.10.0/30', '169.254.11.0/30'] },
    { insideCidrs: ['169.254.10.0/30', '169.254.10.0/30'] },
    ['Vpn'],
  ],
  ['NG-VPN-006', {}, { insideCidrs: ['169.254.169.252/30', '169.254.11.0/30'] }, ['Vpn']],
  ['NG-VPN-007', { onTgw: true, acceleration: true }, { both: true }, ['Vpn']],
  ['NG-VPN-007', {}, { acceleration: true }, ['Vpn']],
] as [string, VpnOptions, VpnOptions, string[]][])('%s', (ruleId, good, bad, involved) => {
  const region = (o: VpnOptions) => ({ env: { account: '111111111111', region: o.region ?? 'eu-central-1' } });
  test(`compliant: no finding (${JSON.stringify(good)})`, () =>
    expect(guard((s) => site(s, good), {}, region(good)).of(ruleId)).toEqual([]));
  test(`non-compliant: one finding (${JSON.stringify(bad)})`, () =>
    expect(
      guard((s) => site(s, bad), {}, region(bad))
        .of(ruleId)
        .map(ids),
    ).toEqual([involved]));
});

test('NG-VPN-005 names every option out of range', () => {
  const g = guard((s) =>
    site(s, {
      insideCidrs: ['169.254.10.0/30'],
      tunnel: { phase2LifetimeSeconds: 1000, rekeyMarginTimeSeconds: 540, dpdTimeoutSeconds: 10 },
    }),
  );
  expect(g.of('NG-VPN-005').map((f) => f.message)).toEqual([
    'VPN connection Net/Vpn (Vpn) tunnel 1: DPDTimeoutSeconds 10 outside 30-9007199254740991; RekeyMarginTimeSeconds 540 outside 60-500.',
  ]);
});

describe('values not known at synth are listed as not checked', () => {
  test('NG-VPN-001 and NG-VPN-005: a BGP ASN and a tunnel option given as parameters', () => {
    const g = guard((s) => {
      site(s, { insideCidrs: ['169.254.10.0/30'], tunnel: { phase2LifetimeSeconds: 3600 } });
      const cgw = s.node.findChild('Cgw') as ec2.CfnCustomerGateway;
      cgw.bgpAsn = new CfnParameter(s, 'Asn', { type: 'Number', default: 65010 }).valueAsNumber;
      const vpn = s.node.findChild('Vpn') as ec2.CfnVPNConnection;
      vpn.addPropertyOverride('VpnTunnelOptionsSpecifications.0.DPDTimeoutSeconds', {
        Ref: new CfnParameter(s, 'Dpd', { type: 'Number', default: 30 }).logicalId,
      });
    });
    expect(g.skipped('NG-VPN-001')).toEqual(['the BgpAsn of Cgw is not known at synth']);
    expect(g.skipped('NG-VPN-005')).toEqual(['the DPDTimeoutSeconds of tunnel 1 of Vpn is not known at synth']);
  });
  test('NG-VPN-003: a virtual private gateway attached to an imported VPC', () => {
    const g = guard((s) => {
      site(s);
      new ec2.CfnVPCGatewayAttachment(s, 'ImportedAtt', {
        vpcId: Fn.importValue('OtherApp-Vpc'),
        vpnGatewayId: new ec2.CfnVPNGateway(s, 'Vgw3', { type: 'ipsec.1' }).ref,
      });
    });
    expect(g.skipped('NG-VPN-003')).toEqual(['the VpcId of ImportedAtt is not known at synth']);
  });
  test('NG-VPN-004: static routes to a transit gateway outside the app, and StaticRoutesOnly as a parameter', () => {
    const g = guard((s) => {
      const cgw = new ec2.CfnCustomerGateway(s, 'Cgw', { bgpAsn: 65010, ipAddress: '203.0.113.10', type: 'ipsec.1' });
      new ec2.CfnVPNConnection(s, 'Outside', {
        customerGatewayId: cgw.ref,
        type: 'ipsec.1',
        staticRoutesOnly: true,
        transitGatewayId: Fn.importValue('OtherApp-Tgw'),
      });
      new ec2.CfnVPNConnection(s, 'Param', {
        customerGatewayId: cgw.ref,
        type: 'ipsec.1',
        transitGatewayId: new ec2.CfnTransitGateway(s, 'Tgw', {}).ref,
      }).addPropertyOverride('StaticRoutesOnly', { Ref: new CfnParameter(s, 'Static', { default: 'true' }).logicalId });
    });
    expect(g.skipped('NG-VPN-004')).toEqual([
      'the transit gateway of Outside is not defined in this app; its VPN ECMP setting is not known at synth',
      'the StaticRoutesOnly of Param is not known at synth',
    ]);
  });
});

test('NG-VPN-007: EnableAcceleration given as a parameter is listed as not checked', () => {
  const g = guard((s) => {
    site(s);
    (s.node.findChild('Vpn') as ec2.CfnVPNConnection).addPropertyOverride('EnableAcceleration', {
      Ref: new CfnParameter(s, 'Accelerate', { default: 'true' }).logicalId,
    });
  });
  expect(g.of('NG-VPN-007')).toEqual([]);
  expect(g.skipped('NG-VPN-007')).toEqual(['the EnableAcceleration of Vpn is not known at synth']);
});
