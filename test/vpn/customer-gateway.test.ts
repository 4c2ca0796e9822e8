/**
 * The customer gateway checks and resource shared by SiteToSiteVpn and TransitVpnAttachment
 * (src/vpn/customer-gateway.ts), on their own.
 */
import { App, CfnParameter, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { checkCustomerGateway, createCustomerGateway } from '../../src/vpn/customer-gateway';
import { templateOf, testStack } from '../support';

function scopeIn(region?: string) {
  const app = new App();
  const stack = region === undefined ? new Stack(app, 'Agnostic') : testStack(app, 'Stack', { env: { region } });
  return { stack, scope: new Construct(stack, 'Vpn') };
}

/**
 * Checks each `[ip, asn]` in one stack of `region` and builds its customer gateway, as the constructs do: returns
 * the properties of the gateways in the template, in order. A check that throws fails the test.
 */
function accepted(region: string | undefined, cases: [string | ((stack: Stack) => string), number | undefined][]) {
  const { stack } = scopeIn(region);
  const gateways = cases.map(([ip, asn], i) => {
    const scope = new Construct(stack, `Vpn${i}`);
    const address = typeof ip === 'string' ? ip : ip(stack);
    checkCustomerGateway(scope, address, asn);
    return createCustomerGateway(scope, address, asn ?? 65000);
  });
  const resources = templateOf(stack).toJSON().Resources;
  return gateways.map((g) => resources[stack.getLogicalId(g)].Properties);
}

describe('checkCustomerGateway: the public IP', () => {
  test.each(['203.0.113', '203.0.113.12.1', '256.0.113.12', '203.0.113.x', '', ' 203.0.113.12', '2001:db8::1'])(
    'refuses %j',
    (ip) => {
      const { scope } = scopeIn('us-east-1');
      expect(() => checkCustomerGateway(scope, ip, 65000)).toThrow(
        `Stack/Vpn: customerGatewayIp '${ip}' is not an IPv4 address. Give the public IPv4 address of your customer gateway device, such as '203.0.113.12'.`,
      );
    },
  );

  test.each(['203.0.113.12', '0.0.0.0', '255.255.255.255'])('accepts %s: the gateway carries it', (ip) => {
    expect(accepted('us-east-1', [[ip, 65000]]).map((g) => g.IpAddress)).toEqual([ip]);
  });

  test('a token IP is not judged at synth: the gateway takes the token', () => {
    const [gateway] = accepted('us-east-1', [[(stack) => new CfnParameter(stack, 'Ip').valueAsString, 65000]]);
    expect(gateway.IpAddress).toEqual({ Ref: 'Ip' });
  });

  test('the IP is checked before the ASN: a bad IP with a bad ASN names the IP', () => {
    const { scope } = scopeIn('us-east-1');
    expect(() => checkCustomerGateway(scope, 'nope', 0)).toThrow(/customerGatewayIp 'nope' is not an IPv4 address/);
  });
});

describe('checkCustomerGateway: the BGP ASN (NG-VPN-001)', () => {
  test.each([0, -1, 64512.5, 4294967296, Number.NaN])('refuses %d as outside 1-4294967295', (asn) => {
    const { scope } = scopeIn('us-east-1');
    expect(() => checkCustomerGateway(scope, '203.0.113.12', asn)).toThrow(
      new RegExp(`^Stack/Vpn: bgpAsn ${asn} is outside 1-4294967295\\..*private ASN.*\\(NG-VPN-001\\)$`),
    );
  });

  test.each([1, 65000, 64512, 65534, 2147483647, 2147483648, 4200000000, 4294967294, 4294967295])(
    'accepts %d: the gateway carries it',
    (asn) => {
      const [gateway] = accepted('us-east-1', [['203.0.113.12', asn]]);
      expect(gateway.BgpAsn ?? gateway.BgpAsnExtended).toBe(asn);
    },
  );

  test('no ASN, or a token ASN, is not judged', () => {
    const { stack, scope } = scopeIn('us-east-1');
    const asn = new CfnParameter(stack, 'Asn', { type: 'Number' }).valueAsNumber;
    expect(Token.isUnresolved(asn)).toBe(true);
    checkCustomerGateway(scope, '203.0.113.12', undefined);
    checkCustomerGateway(scope, '203.0.113.12', asn);
    createCustomerGateway(scope, '203.0.113.12', asn);
    const [gateway] = Object.values<any>(templateOf(stack).findResources('AWS::EC2::CustomerGateway'));
    expect(gateway.Properties.BgpAsn).toEqual({ Ref: 'Asn' });
  });

  // cgw-options.html: 7224 is reserved in every Region; 9059, 10124 and 17943 in one Region each.
  test.each([
    [7224, 'us-east-1'],
    [7224, 'eu-west-1'],
    [7224, 'ap-southeast-2'],
  ])('refuses %d in %s: reserved in every Region', (asn, region) => {
    const { scope } = scopeIn(region);
    expect(() => checkCustomerGateway(scope, '203.0.113.12', asn)).toThrow(
      /^Stack\/Vpn: bgpAsn 7224 is reserved by AWS in every Region\..*\(NG-VPN-001\)$/,
    );
  });

  test.each([
    [9059, 'eu-west-1'],
    [10124, 'ap-northeast-1'],
    [17943, 'ap-southeast-1'],
  ])('refuses %d in %s, where AWS reserves it', (asn, region) => {
    const { scope } = scopeIn(region);
    expect(() => checkCustomerGateway(scope, '203.0.113.12', asn)).toThrow(
      new RegExp(`^Stack/Vpn: bgpAsn ${asn} is reserved by AWS in ${region}\\..*\\(NG-VPN-001\\)$`),
    );
  });

  test.each([
    [9059, 'us-east-1'],
    [10124, 'eu-west-1'],
    [17943, 'ap-northeast-1'],
  ])('accepts %d in %s, where AWS does not reserve it', (asn, region) => {
    expect(accepted(region, [['203.0.113.12', asn]]).map((g) => g.BgpAsn)).toEqual([asn]);
  });

  test('in a Region-agnostic stack, Region-specific reservations are not guessed; 7224 is still refused', () => {
    const asns = [9059, 10124, 17943];
    expect(
      accepted(
        undefined,
        asns.map((asn) => ['203.0.113.12', asn]),
      ).map((g) => g.BgpAsn),
    ).toEqual(asns);
    const { stack, scope } = scopeIn();
    expect(Token.isUnresolved(stack.region)).toBe(true);
    expect(() => checkCustomerGateway(scope, '203.0.113.12', 7224)).toThrow(
      /Agnostic\/Vpn: bgpAsn 7224 is reserved by AWS in every Region/,
    );
  });
});

describe('createCustomerGateway', () => {
  function gateways(build: (scope: Construct, stack: Stack) => void) {
    const { stack, scope } = scopeIn('us-east-1');
    build(scope, stack);
    return { stack, gateways: templateOf(stack).findResources('AWS::EC2::CustomerGateway') };
  }

  test('an ipsec.1 gateway with the IP, the ASN in BgpAsn and a Name tag of the scope path', () => {
    let id = '';
    const { stack, gateways: found } = gateways((scope, s) => {
      id = s.getLogicalId(createCustomerGateway(scope, '203.0.113.12', 65000));
    });
    expect(Object.keys(found)).toEqual([id]);
    expect(id).toMatch(/^VpnCustomerGateway/);
    expect(found[id].Properties).toEqual({
      Type: 'ipsec.1',
      IpAddress: '203.0.113.12',
      BgpAsn: 65000,
      Tags: [{ Key: 'Name', Value: 'Stack/Vpn' }],
    });
    expect(stack.node.findAll().filter((c) => c.node.id === 'CustomerGateway')).toHaveLength(1);
  });

  test.each([
    [2147483647, 'BgpAsn'],
    [2147483648, 'BgpAsnExtended'],
    [4200000000, 'BgpAsnExtended'],
    [4294967295, 'BgpAsnExtended'],
  ])('ASN %d goes into %s, and only there', (asn, field) => {
    const { gateways: found } = gateways((scope) => createCustomerGateway(scope, '203.0.113.12', asn));
    const [gateway] = Object.values<any>(found);
    expect(gateway.Properties[field]).toBe(asn);
    expect(gateway.Properties[field === 'BgpAsn' ? 'BgpAsnExtended' : 'BgpAsn']).toBeUndefined();
  });

  test('a token IP and a token ASN are written as given, the ASN in BgpAsn', () => {
    const { gateways: found } = gateways((scope, stack) => {
      const ip = new CfnParameter(stack, 'Ip').valueAsString;
      const asn = new CfnParameter(stack, 'Asn', { type: 'Number' }).valueAsNumber;
      createCustomerGateway(scope, ip, asn);
    });
    const [gateway] = Object.values<any>(found);
    expect(gateway.Properties.IpAddress).toEqual({ Ref: 'Ip' });
    expect(gateway.Properties.BgpAsn).toEqual({ Ref: 'Asn' });
    expect(gateway.Properties.BgpAsnExtended).toBeUndefined();
  });

  test('the Name tag is cut to the 255 characters EC2 takes', () => {
    const { gateways: found } = gateways((scope) => {
      const deep = new Construct(scope, 'x'.repeat(300));
      createCustomerGateway(deep, '203.0.113.12', 65000);
    });
    const [gateway] = Object.values<any>(found);
    expect(gateway.Properties.Tags[0].Value).toHaveLength(255);
    expect(gateway.Properties.Tags[0].Value).toBe(`Stack/Vpn/${'x'.repeat(300)}`.slice(0, 255));
  });
});
