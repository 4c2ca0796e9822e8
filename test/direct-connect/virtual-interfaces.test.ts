import { App, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { BgpAddressFamily, DirectConnectGateway, PublicVirtualInterface } from '../../src';
import { FLAG_MODES, templateOf, testStack } from '../support';

function idOf(stack: Stack, c: any): string {
  return stack.getLogicalId(c.node.defaultChild ?? c);
}

describe.each(FLAG_MODES)('virtual interfaces (%s)', (_mode, makeApp) => {
  test('a private virtual interface on the gateway, the BGP key a Secrets Manager dynamic reference, never plain text', () => {
    const app = makeApp();
    const stack = testStack(app);
    const secret = new secretsmanager.Secret(stack, 'BgpKey');
    const dx = new DirectConnectGateway(stack, 'Dx', { amazonSideAsn: 64600 });
    const vif = dx.addPrivateVirtualInterface('Dc1', {
      connectionId: 'dxcon-fg5678gh',
      vlan: 101,
      customerAsn: 65010,
      mtu: 9001,
      authKeySecret: secret,
      authKeySecretField: 'bgpKey',
      bgpPeers: [
        { addressFamily: BgpAddressFamily.IPV4, amazonAddress: '169.254.10.1/30', customerAddress: '169.254.10.2/30' },
        { addressFamily: BgpAddressFamily.IPV6 },
      ],
    });
    const t = templateOf(stack);
    const resource = t.toJSON().Resources[idOf(stack, vif.resource)];
    expect(resource.Type).toBe('AWS::DirectConnect::PrivateVirtualInterface');
    expect(resource.Properties).toMatchObject({
      ConnectionId: 'dxcon-fg5678gh',
      Vlan: 101,
      Mtu: 9001,
      DirectConnectGatewayId: { 'Fn::GetAtt': [idOf(stack, dx.resource), 'DirectConnectGatewayId'] },
    });
    expect(resource.Properties.VirtualInterfaceName).toMatch(/^[a-z0-9-]{1,100}$/);
    const [v4, v6] = resource.Properties.BgpPeers;
    expect(v4).toMatchObject({
      AddressFamily: 'ipv4',
      Asn: '65010',
      AmazonAddress: '169.254.10.1/30',
      CustomerAddress: '169.254.10.2/30',
    });
    expect(v6).toMatchObject({ AddressFamily: 'ipv6', Asn: '65010' });
    expect(v6.AmazonAddress).toBeUndefined();
    // The key: {{resolve:secretsmanager:<secret arn>:SecretString:bgpKey::}} for both peers.
    for (const peer of [v4, v6]) {
      expect(peer.AuthKey).toEqual({
        'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: idOf(stack, secret) }, ':SecretString:bgpKey::}}']],
      });
    }
  });

  test('a transit virtual interface on the gateway with MTU 8500; one IPv4 peer by default', () => {
    const app = makeApp();
    const stack = testStack(app);
    const dx = new DirectConnectGateway(stack, 'DxTransit', { amazonSideAsn: 64601 });
    const vif = dx.addTransitVirtualInterface('Dc1Transit', {
      connectionId: 'dxlag-ffrz71kw',
      vlan: 102,
      customerAsn: 4200000001,
      mtu: 8500,
      virtualInterfaceName: 'dc1-transit',
    });
    const t = templateOf(stack);
    expect(t.toJSON().Resources[idOf(stack, vif.resource)].Properties).toEqual({
      ConnectionId: 'dxlag-ffrz71kw',
      Vlan: 102,
      Mtu: 8500,
      VirtualInterfaceName: 'dc1-transit',
      DirectConnectGatewayId: { 'Fn::GetAtt': [idOf(stack, dx.resource), 'DirectConnectGatewayId'] },
      BgpPeers: [{ AddressFamily: 'ipv4', Asn: '4200000001' }],
    });
  });
});

describe('PublicVirtualInterface', () => {
  test('public addresses and the route filter prefixes; the key from the whole secret string', () => {
    const app = new App();
    const stack = testStack(app);
    const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'Key', 'dx/bgp');
    const vif = new PublicVirtualInterface(stack, 'S3', {
      connectionId: 'dxcon-fg5678gh',
      vlan: 103,
      customerAsn: 65010,
      amazonAddress: '203.0.113.1/30',
      customerAddress: '203.0.113.2/30',
      routeFilterPrefixes: ['203.0.113.0/24'],
      authKeySecret: secret,
    });
    const t = templateOf(stack);
    const props = t.toJSON().Resources[idOf(stack, vif.resource)].Properties;
    expect(props).toMatchObject({
      ConnectionId: 'dxcon-fg5678gh',
      Vlan: 103,
      RouteFilterPrefixes: ['203.0.113.0/24'],
      BgpPeers: [
        { AddressFamily: 'ipv4', Asn: '65010', AmazonAddress: '203.0.113.1/30', CustomerAddress: '203.0.113.2/30' },
      ],
    });
    expect(JSON.stringify(props.BgpPeers[0].AuthKey)).toContain('{{resolve:secretsmanager:');
    // No plain-text key anywhere in the template.
    expect(JSON.stringify(t.toJSON())).not.toMatch(/"AuthKey":"(?!\{\{resolve)/);
  });

  test('refuses private peer addresses, missing addresses, no prefixes, an IPv6 prefix longer than /64, and both forms of peers', () => {
    const app = new App();
    const stack = testStack(app);
    const base = { connectionId: 'dxcon-fg5678gh', customerAsn: 65010, routeFilterPrefixes: ['203.0.113.0/24'] };
    expect(
      () =>
        new PublicVirtualInterface(stack, 'A', {
          ...base,
          vlan: 1,
          amazonAddress: '10.0.0.1/30',
          customerAddress: '10.0.0.2/30',
        }),
    ).toThrow(
      "Stack/A: bgpPeers[0]: amazonAddress '10.0.0.1/30' or customerAddress '10.0.0.2/30' is a private (RFC 1918) address, but a public virtual interface peers over public IPv4 addresses you own. (NG-DX-004)",
    );
    expect(() => new PublicVirtualInterface(stack, 'B', { ...base, vlan: 2 })).toThrow(
      'Stack/B: bgpPeers[0]: an ipv4 peer of a public virtual interface needs amazonAddress and customerAddress: public IPv4 addresses you own, in one /30 or /31. (NG-DX-004)',
    );
    expect(
      () =>
        new PublicVirtualInterface(stack, 'C', {
          ...base,
          vlan: 3,
          routeFilterPrefixes: [],
          amazonAddress: '203.0.113.1/30',
          customerAddress: '203.0.113.2/30',
        }),
    ).toThrow(/Stack\/C: routeFilterPrefixes is empty/);
    expect(
      () =>
        new PublicVirtualInterface(stack, 'D', {
          ...base,
          vlan: 4,
          routeFilterPrefixes: ['2001:db8::/80'],
          bgpPeers: [{ addressFamily: BgpAddressFamily.IPV6 }],
        }),
    ).toThrow(
      "Stack/D: routeFilterPrefixes[0] '2001:db8::/80' is longer than /64, which AWS refuses for IPv6. Advertise a /64 or shorter.",
    );
    expect(
      () =>
        new PublicVirtualInterface(stack, 'E', {
          ...base,
          vlan: 5,
          amazonAddress: '203.0.113.1/30',
          customerAddress: '203.0.113.2/30',
          bgpPeers: [{ addressFamily: BgpAddressFamily.IPV6 }],
        }),
    ).toThrow(/Stack\/E: amazonAddress and customerAddress are the IPv4 peer when bgpPeers is not given/);
    templateOf(stack).resourceCountIs('AWS::DirectConnect::PublicVirtualInterface', 0);
  });
});

describe('virtual interface refusals', () => {
  const ok = { connectionId: 'dxcon-fg5678gh', vlan: 101, customerAsn: 65010 };

  test('VLAN outside 1-4094 (NG-DX-002), MTU not 1500/9001 private or 1500/8500 transit (NG-DX-003), customer ASN outside 1-4294967294 (NG-DX-004), a connection id that is not one', () => {
    const app = new App();
    const stack = testStack(app);
    const dx = new DirectConnectGateway(stack, 'Dx');
    const dxt = new DirectConnectGateway(stack, 'DxT', { amazonSideAsn: 64601 });
    expect(() => dx.addPrivateVirtualInterface('V0', { ...ok, vlan: 0 })).toThrow(
      'Stack/Dx/V0: vlan 0 is outside 1-4094, the 802.1Q VLAN tags a virtual interface takes. Choose a VLAN tag in 1-4094 that is free on the connection. (NG-DX-002)',
    );
    expect(() => dx.addPrivateVirtualInterface('V1', { ...ok, vlan: 4095 })).toThrow(/vlan 4095 is outside 1-4094/);
    expect(() => dx.addPrivateVirtualInterface('M1', { ...ok, mtu: 8500 })).toThrow(
      'Stack/Dx/M1: mtu 8500 is not one a private virtual interface takes (1500 or 9001). Give 1500 or 9001. (NG-DX-003)',
    );
    expect(() => dxt.addTransitVirtualInterface('M2', { ...ok, mtu: 9001 })).toThrow(
      'Stack/DxT/M2: mtu 9001 is not one a transit virtual interface takes (1500 or 8500). Give 1500 or 8500. (NG-DX-003)',
    );
    expect(() => dx.addPrivateVirtualInterface('A1', { ...ok, customerAsn: 0 })).toThrow(
      "Stack/Dx/A1: customerAsn 0 is outside 1-4294967294, the ASNs a Direct Connect BGP peer takes (2-byte and 4-byte). Give your router's ASN. (NG-DX-004)",
    );
    expect(() => dx.addPrivateVirtualInterface('A2', { ...ok, customerAsn: 4294967295 })).toThrow(
      /customerAsn 4294967295 is outside/,
    );
    expect(() => dx.addPrivateVirtualInterface('C1', { ...ok, connectionId: 'vgw-123' })).toThrow(
      "Stack/Dx/C1: connectionId 'vgw-123' is not a Direct Connect connection or LAG id: give an existing connection (dxcon-...) or LAG (dxlag-...).",
    );
    expect(() => dx.addPrivateVirtualInterface('N1', { ...ok, virtualInterfaceName: 'Dc_1' })).toThrow(
      /virtualInterfaceName 'Dc_1' is not up to 100 of a-z, 0-9 and hyphens/,
    );
    expect(() => dx.addPrivateVirtualInterface('K1', { ...ok, authKeySecretField: 'key' })).toThrow(
      /authKeySecretField is given without authKeySecret/,
    );
    templateOf(stack).resourceCountIs('AWS::DirectConnect::PrivateVirtualInterface', 0);
  });

  test('BGP peers: one family per peer, /30 or /31, both addresses or neither, no IPv6 addresses, one peer per family (NG-DX-004)', () => {
    const app = new App();
    const stack = testStack(app);
    const dx = new DirectConnectGateway(stack, 'Dx');
    const peer = (amazonAddress?: string, customerAddress?: string, addressFamily = BgpAddressFamily.IPV4) => ({
      ...ok,
      bgpPeers: [{ addressFamily, amazonAddress, customerAddress }],
    });
    expect(() => dx.addPrivateVirtualInterface('P1', peer('2001:db8::1/126', '2001:db8::2/126'))).toThrow(
      "Stack/Dx/P1: bgpPeers[0]: amazonAddress '2001:db8::1/126' is not IPv4, but the peer's address family is ipv4. (NG-DX-004)",
    );
    expect(() => dx.addPrivateVirtualInterface('P2', peer('169.254.10.1/29', '169.254.10.2/29'))).toThrow(
      "Stack/Dx/P2: bgpPeers[0]: amazonAddress '169.254.10.1/29' is a /29, but BGP peer addresses are a /30 or a /31. (NG-DX-004)",
    );
    expect(() => dx.addPrivateVirtualInterface('P3', peer('169.254.10.1/30'))).toThrow(
      /bgpPeers\[0\]: an ipv4 peer has only one of amazonAddress and customerAddress/,
    );
    expect(() => dx.addPrivateVirtualInterface('P4', peer('169.254.10.1/30', '169.254.11.2/30'))).toThrow(
      /amazonAddress '169\.254\.10\.1\/30' and customerAddress '169\.254\.11\.2\/30' are not in one \/30 or \/31/,
    );
    expect(() => dx.addPrivateVirtualInterface('P5', peer('169.254.10.0/30', '169.254.10.1/30'))).toThrow(
      /is the network or broadcast address of its \/30/,
    );
    expect(() =>
      dx.addPrivateVirtualInterface('P6', peer('2001:db8::1/125', '2001:db8::2/125', BgpAddressFamily.IPV6)),
    ).toThrow(
      /an ipv6 peer has amazonAddress or customerAddress, but AWS allocates IPv6 peer addresses \(a \/125\) itself/,
    );
    expect(() =>
      dx.addPrivateVirtualInterface('P7', {
        ...ok,
        bgpPeers: [{ addressFamily: BgpAddressFamily.IPV4 }, { addressFamily: BgpAddressFamily.IPV4 }],
      }),
    ).toThrow(
      'Stack/Dx/P7: bgpPeers: two BGP peers are ipv4, but a virtual interface takes one IPv4 and one IPv6 BGP peer. Keep one peer of each address family. (NG-DX-004)',
    );
    // A /31 pair is fine.
    dx.addPrivateVirtualInterface('Ok', peer('169.254.10.0/31', '169.254.10.1/31'));
    templateOf(stack).resourceCountIs('AWS::DirectConnect::PrivateVirtualInterface', 1);
  });

  test('a VLAN is unique per connection across the app, whatever the kind and the gateway (NG-DX-002)', () => {
    const app = new App();
    const a = testStack(app, 'A');
    const b = testStack(app, 'B');
    const dx = new DirectConnectGateway(a, 'Dx');
    dx.addPrivateVirtualInterface('First', ok);
    expect(
      () =>
        new PublicVirtualInterface(b, 'S3', {
          ...ok,
          amazonAddress: '203.0.113.1/30',
          customerAddress: '203.0.113.2/30',
          routeFilterPrefixes: ['203.0.113.0/24'],
        }),
    ).toThrow(
      'B/S3: vlan 101 is already used on connection dxcon-fg5678gh by A/Dx/First, and a VLAN tag is unique per connection. Choose another VLAN. (NG-DX-002)',
    );
    // The same VLAN on another connection is fine.
    dx.addPrivateVirtualInterface('Other', { ...ok, connectionId: 'dxcon-other1' });
    templateOf(a).resourceCountIs('AWS::DirectConnect::PrivateVirtualInterface', 2);
  });

  test('refuses more than 4 transit and 50 private or public virtual interfaces per connection (NG-DX-007)', () => {
    const app = new App();
    const stack = testStack(app);
    const transit = [0, 1, 2, 3].map((i) => new DirectConnectGateway(stack, `T${i}`, { amazonSideAsn: 64601 + i }));
    transit.forEach((g, i) => g.addTransitVirtualInterface('Vif', { ...ok, vlan: 200 + i }));
    const fifth = new DirectConnectGateway(stack, 'T4', { amazonSideAsn: 64605 });
    expect(() => fifth.addTransitVirtualInterface('Vif', { ...ok, vlan: 204 })).toThrow(
      'Stack/T4/Vif: connection dxcon-fg5678gh would have 5 transit virtual interfaces, more than the 4 a dedicated connection or LAG takes; the quota cannot be increased (https://docs.aws.amazon.com/directconnect/latest/UserGuide/limits.html). Put the interface on another connection. (NG-DX-007)',
    );
    const dx = new DirectConnectGateway(stack, 'Dx');
    for (let i = 0; i < 47; i++) dx.addPrivateVirtualInterface(`P${i}`, { ...ok, vlan: 300 + i });
    // 4 transit + 47 private = 51, the total per connection.
    expect(() => dx.addPrivateVirtualInterface('P47', { ...ok, vlan: 400 })).toThrow(
      /connection dxcon-fg5678gh would have 52 virtual interfaces, more than the 51 a dedicated connection or LAG takes/,
    );
    const t = templateOf(stack);
    t.resourceCountIs('AWS::DirectConnect::TransitVirtualInterface', 4);
    t.resourceCountIs('AWS::DirectConnect::PrivateVirtualInterface', 47);
  });
});
