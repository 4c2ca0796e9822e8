/** Site-to-site VPN rules, each with a compliant and a non-compliant L1 network. */
import { Stack } from 'aws-cdk-lib';
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
