import { App } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { SiteToSiteVpn } from '../../src';
import { customerGatewayAsnProblem, isAmazonSideAsn } from '../../src/facts/asn';
import { HubTransitGateway } from '../../src/transit';
import { guard } from '../guard/l1';
import { testStack, testVpc } from '../support';

/**
 * One table of customer gateway ASN cases (Site-to-Site VPN guide, customer gateway options), run against the
 * construct and against NetworkGuard: both must agree on every case.
 */
const CUSTOMER_GATEWAY_CASES: [number, string, boolean][] = [
  [65000, 'us-east-1', true],
  [1, 'us-east-1', true],
  [0, 'us-east-1', false],
  [7224, 'us-east-1', false], // reserved in every Region
  [7224, 'eu-central-1', false],
  [9059, 'eu-west-1', false],
  [9059, 'us-east-1', true],
  [10124, 'ap-northeast-1', false],
  [10124, 'eu-west-1', true],
  [17943, 'ap-southeast-1', false],
  [17943, 'ap-northeast-1', true],
  [2147483647, 'us-east-1', true], // the largest BgpAsn
  [2147483648, 'us-east-1', true], // BgpAsnExtended
  [4294967295, 'us-east-1', true], // the largest BgpAsnExtended
  [4294967296, 'us-east-1', false],
];

describe.each(CUSTOMER_GATEWAY_CASES)('customer gateway ASN %d in %s', (asn, region, ok) => {
  test(`the construct ${ok ? 'accepts' : 'refuses'} it`, () => {
    const stack = testStack(new App(), 'Stack', { env: { account: '111111111111', region } });
    const build = () =>
      new SiteToSiteVpn(stack, 'Vpn', {
        vpc: testVpc(stack, 'Vpc', '10.0.0.0/16'),
        customerGatewayIp: '203.0.113.1',
        bgpAsn: asn,
      });
    if (ok) {
      build();
    } else {
      expect(build).toThrow(/bgpAsn \d+ is (outside|reserved).*\(NG-VPN-001\)/);
    }
  });

  test(`NetworkGuard ${ok ? 'accepts' : 'refuses'} it (NG-VPN-001)`, () => {
    const extended = asn > 2147483647;
    const g = guard(
      (s) =>
        new ec2.CfnCustomerGateway(s, 'Cgw', {
          type: 'ipsec.1',
          ipAddress: '203.0.113.1',
          ...(extended ? { bgpAsnExtended: asn } : { bgpAsn: asn }),
        }),
      {},
      { env: { account: '111111111111', region } },
    );
    expect(g.of('NG-VPN-001').length).toBe(ok ? 0 : 1);
  });
});

test('NetworkGuard: BgpAsn above 2147483647 belongs in BgpAsnExtended; both set is an error', () => {
  expect(customerGatewayAsnProblem(2147483648, 'BgpAsn', 'us-east-1')).toMatch(
    /outside 1-2147483647 \(the range of BgpAsn\)/,
  );
  expect(customerGatewayAsnProblem(65000, 'BgpAsnExtended', 'us-east-1')).toMatch(/outside 2147483648-4294967295/);
  const g = guard(
    (s) =>
      new ec2.CfnCustomerGateway(s, 'Cgw', {
        type: 'ipsec.1',
        ipAddress: '203.0.113.1',
        bgpAsn: 65000,
        bgpAsnExtended: 4200000000,
      }),
  );
  expect(g.of('NG-VPN-001').map((f) => f.message)).toEqual([
    expect.stringContaining('sets both BgpAsn and BgpAsnExtended'),
  ]);
});

test('a Region-specific reservation is not guessed when the Region is not known', () => {
  expect(customerGatewayAsnProblem(9059, undefined, undefined)).toBeUndefined();
  expect(customerGatewayAsnProblem(7224, undefined, undefined)).toMatch(/reserved by AWS in every Region/);
});

const AMAZON_SIDE_CASES: [number, boolean][] = [
  [64512, true],
  [65534, true],
  [65535, false],
  [64511, false],
  [4200000000, true],
  [4294967294, true],
  [4294967295, false], // customer gateways go up to 4294967295; the Amazon side stops one below
];

describe.each(AMAZON_SIDE_CASES)('Amazon-side ASN %d', (asn, ok) => {
  test(`the hub ${ok ? 'accepts' : 'refuses'} it, NetworkGuard agrees (NG-TGW-008), and so does a virtual private gateway`, () => {
    expect(isAmazonSideAsn(asn)).toBe(ok);
    const stack = testStack(new App());
    const hub = () => new HubTransitGateway(stack, 'Hub', { amazonSideAsn: asn });
    const vgw = () =>
      new SiteToSiteVpn(stack, 'Vpn', {
        vpc: testVpc(stack, 'Vpc', '10.0.0.0/16'),
        customerGatewayIp: '203.0.113.1',
        amazonSideAsn: asn,
      });
    if (ok) {
      hub();
      vgw();
    } else {
      expect(hub).toThrow(/amazonSideAsn \d+ is outside the private ASN ranges 64512-65534 and 4200000000-4294967294/);
      expect(vgw).toThrow(/amazonSideAsn \d+ is outside the private ASN ranges 64512-65534 and 4200000000-4294967294/);
    }
    const g = guard((s) => new ec2.CfnTransitGateway(s, 'Tgw', { amazonSideAsn: asn }));
    expect(g.of('NG-TGW-008').length).toBe(ok ? 0 : 1);
  });
});
