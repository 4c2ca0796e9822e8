/** Site-to-site VPN tunnel rules (pre-shared keys, inside CIDRs across connections), each failing and passing. */
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { guard, ids } from './l1';

/** VPN connections to one transit gateway (or a second one), with the given tunnel options. */
function vpns(s: Stack, tunnels: { key?: string; inside?: string; otherGateway?: boolean }[][]) {
  const tgw = new ec2.CfnTransitGateway(s, 'Tgw', {});
  const other = new ec2.CfnTransitGateway(s, 'OtherTgw', {});
  const cgw = new ec2.CfnCustomerGateway(s, 'Cgw', { bgpAsn: 65000, ipAddress: '203.0.113.10', type: 'ipsec.1' });
  tunnels.forEach(
    (t, i) =>
      new ec2.CfnVPNConnection(s, `Vpn${i}`, {
        customerGatewayId: cgw.ref,
        transitGatewayId: t.some((x) => x.otherGateway) ? other.ref : tgw.ref,
        type: 'ipsec.1',
        vpnTunnelOptionsSpecifications: t.map((x) => ({ preSharedKey: x.key, tunnelInsideCidr: x.inside })),
      }),
  );
}

describe('NG-VPN-008 tunnel pre-shared key', () => {
  test('8-64 letters, digits, . and _, not starting with 0: no finding', () =>
    expect(guard((s) => vpns(s, [[{ key: 'Abc_def.123' }, { key: 'x'.repeat(64) }]])).of('NG-VPN-008')).toEqual([]));
  test.each([
    ['short1', 'is 6 characters long'],
    ['x'.repeat(65), 'is 65 characters long'],
    ['abc-defgh1', 'holds a character other than letters, digits, . and _'],
    ['0abcdefgh', 'starts with 0'],
  ])('key %j: an error that does not show the key', (key, why) => {
    const findings = guard((s) => vpns(s, [[{ key: 'Abc_def.123' }, { key }]])).of('NG-VPN-008');
    expect(findings.map((f) => [ids(f), f.level, f.message])).toEqual([
      [['Vpn0'], 'error', `VPN connection Net/Vpn0 (Vpn0): the pre-shared key of tunnel 2 ${why}.`],
    ]);
    expect(findings[0].message).not.toContain(key);
  });
  test('a key from Secrets Manager is not known at synth: not checked', () => {
    const g = guard((s) => vpns(s, [[{ key: '{{resolve:secretsmanager:vpn:SecretString:psk}}' }]]));
    expect(g.of('NG-VPN-008')).toEqual([]);
    expect(g.skipped('NG-VPN-008')).toEqual(['the pre-shared key of tunnel 1 is not known at synth']);
  });
});

describe('NG-VPN-009 tunnel inside CIDR across the connections of one gateway', () => {
  test('distinct inside CIDRs, or the same one on different gateways: no finding', () => {
    expect(
      guard((s) => vpns(s, [[{ inside: '169.254.10.0/30' }], [{ inside: '169.254.11.0/30' }]])).of('NG-VPN-009'),
    ).toEqual([]);
    expect(
      guard((s) => vpns(s, [[{ inside: '169.254.10.0/30' }], [{ inside: '169.254.10.0/30', otherGateway: true }]])).of(
        'NG-VPN-009',
      ),
    ).toEqual([]);
  });
  test('the same inside CIDR on two connections of one transit gateway: an error naming both', () => {
    const findings = guard((s) =>
      vpns(s, [[{ inside: '169.254.10.0/30' }], [{ inside: '169.254.12.0/30' }, { inside: '169.254.10.0/30' }]]),
    ).of('NG-VPN-009');
    expect(findings.map((f) => [ids(f), f.level])).toEqual([[['Vpn1', 'Vpn0'], 'error']]);
    expect(findings[0].message).toMatch(/both use tunnel inside CIDR 169\.254\.10\.0\/30\.$/);
  });
});
