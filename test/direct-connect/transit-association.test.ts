import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DirectConnectGateway, HubTransitGateway } from '../../src';
import { NetworkEndpoint, NetworkIntent } from '../../src/reachability/intent-api';
import { templateOf, testStack, testVpc } from '../support';
import { intentsOf } from '../support/intents';

function idOf(stack: Stack, c: any): string {
  return stack.getLogicalId(c.node.defaultChild ?? c);
}

describe('associateTransitGateway', () => {
  test('one implementation with hub.associateDirectConnectGateway: the same template, the association under the hub with the same id', () => {
    const build = (viaGateway: boolean) => {
      const app = new App();
      const stack = testStack(app);
      const hub = new HubTransitGateway(stack, 'Hub', { amazonSideAsn: 64512 });
      const onprem = hub.addSegment('onprem');
      const dx = DirectConnectGateway.fromGatewayId(stack, 'DxTransit', '5f294f92-bafb-4011-916d-9b0bexample', {
        amazonSideAsn: 64601,
      });
      const options = { allowedPrefixes: ['10.0.0.0/8'], segment: onprem, onPremisesCidrs: ['192.168.0.0/16'] };
      const assoc = viaGateway
        ? dx.associateTransitGateway('Dx', { hub, ...options })
        : hub.associateDirectConnectGateway('Dx', {
            directConnectGatewayId: '5f294f92-bafb-4011-916d-9b0bexample',
            directConnectGatewayAsn: 64601,
            ...options,
          });
      expect(assoc.node.path).toBe('Stack/Hub/Dx');
      return templateOf(stack).toJSON();
    };
    const viaGateway = build(true);
    expect(viaGateway).toEqual(build(false));
    const associations = Object.values<any>(viaGateway.Resources).filter(
      (r) => r.Type === 'AWS::DirectConnect::DirectConnectGatewayAssociation',
    );
    expect(associations).toHaveLength(1);
    expect(associations[0].Properties).toMatchObject({
      DirectConnectGatewayId: '5f294f92-bafb-4011-916d-9b0bexample',
      AllowedPrefixesToDirectConnectGateway: ['10.0.0.0/8'],
    });
  });

  test("a gateway created here: its id and ASN; AWS refuses the hub's ASN on the gateway (NG-DX-011)", () => {
    const app = new App();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub', { amazonSideAsn: 64512 });
    const same = new DirectConnectGateway(stack, 'Same');
    expect(() => same.associateTransitGateway('X', { hub, allowedPrefixes: ['10.0.0.0/8'] })).toThrow(
      "Stack/Hub/X: directConnectGatewayAsn 64512 equals the transit gateway's amazonSideAsn: AWS refuses the association. Give the hub or the Direct Connect gateway another ASN. (NG-DX-011)",
    );
    // Through the hub, with the gateway's id only: the ASN the app knows for it is checked all the same.
    expect(() =>
      hub.associateDirectConnectGateway('Y', {
        directConnectGatewayId: same.gatewayId,
        allowedPrefixes: ['10.0.0.0/8'],
      }),
    ).toThrow(
      "Stack/Hub/Y: the transit gateway's amazonSideAsn 64512 equals the Direct Connect gateway's amazonSideAsn: AWS refuses the association. Give the hub or the Direct Connect gateway another ASN. (NG-DX-011)",
    );
    const dx = new DirectConnectGateway(stack, 'DxTransit', { amazonSideAsn: 64601 });
    const assoc = dx.associateTransitGateway('Hub', { hub, allowedPrefixes: ['10.0.0.0/8'] });
    const t = templateOf(stack);
    expect(t.toJSON().Resources[idOf(stack, assoc.gatewayAssociation)].Properties).toEqual({
      DirectConnectGatewayId: { 'Fn::GetAtt': [idOf(stack, dx.resource), 'DirectConnectGatewayId'] },
      AssociatedGatewayId: { Ref: idOf(stack, hub.transitGateway) },
      AllowedPrefixesToDirectConnectGateway: ['10.0.0.0/8'],
    });
    t.resourceCountIs('AWS::DirectConnect::DirectConnectGatewayAssociation', 1);
  });

  test('refuses an id the hub already has', () => {
    const app = new App();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub');
    const dx = new DirectConnectGateway(stack, 'Dx', { amazonSideAsn: 64601 });
    const other = DirectConnectGateway.fromGatewayId(stack, 'Other', 'dxgw-other', { amazonSideAsn: 64602 });
    other.associateTransitGateway('Onprem', { hub, allowedPrefixes: ['10.0.0.0/8'] });
    expect(() => dx.associateTransitGateway('Onprem', { hub, allowedPrefixes: ['10.0.0.0/8'] })).toThrow(
      "Stack/Dx: hub Stack/Hub already has a child named 'Onprem' (Stack/Hub/Onprem), and the association with the hub is created under the hub with this id. Give the association another id.",
    );
    templateOf(stack).resourceCountIs('AWS::DirectConnect::DirectConnectGatewayAssociation', 1);
  });

  test('transit gateways of different Regions on one gateway need unique ASNs (NG-DX-008); the same ASN in one Region is not refused', () => {
    const app = new App();
    const east = testStack(app, 'East');
    const west = testStack(app, 'West', { env: { account: '111111111111', region: 'us-west-2' } });
    const east2 = testStack(app, 'East2');
    const id = '5f294f92-bafb-4011-916d-9b0bexample';
    const hubEast = new HubTransitGateway(east, 'Hub', { amazonSideAsn: 64512 });
    const hubWest = new HubTransitGateway(west, 'Hub', { amazonSideAsn: 64512 });
    const hubEast2 = new HubTransitGateway(east2, 'Hub', { amazonSideAsn: 64512 });
    DirectConnectGateway.fromGatewayId(east, 'Dx', id, { amazonSideAsn: 64600 }).associateTransitGateway('Dx', {
      hub: hubEast,
      allowedPrefixes: ['10.0.0.0/8'],
    });
    expect(() =>
      DirectConnectGateway.fromGatewayId(west, 'Dx', id).associateTransitGateway('Dx', {
        hub: hubWest,
        allowedPrefixes: ['10.0.0.0/8'],
      }),
    ).toThrow(
      "West/Hub/Dx: the transit gateway's amazonSideAsn 64512 is also the ASN of transit gateway East/Hub/Dx (us-east-1) on Direct Connect gateway 5f294f92-bafb-4011-916d-9b0bexample, and transit gateways of different Regions on one Direct Connect gateway need unique ASNs. Give one of the hubs another amazonSideAsn. (NG-DX-008)",
    );
    hubEast2.associateDirectConnectGateway('Dx', { directConnectGatewayId: id, allowedPrefixes: ['10.0.0.0/8'] });
    templateOf(west).resourceCountIs('AWS::DirectConnect::DirectConnectGatewayAssociation', 0);
    templateOf(east2).resourceCountIs('AWS::DirectConnect::DirectConnectGatewayAssociation', 1);
  });

  test('refuses a seventh transit gateway on one gateway (quota 6, NG-DX-007)', () => {
    const app = new App();
    const stack = testStack(app);
    const dx = new DirectConnectGateway(stack, 'Dx', { amazonSideAsn: 64600 });
    for (let i = 0; i < 6; i++) {
      const hub = new HubTransitGateway(stack, `Hub${i}`, { amazonSideAsn: 64700 + i });
      dx.associateTransitGateway('Dx', { hub, allowedPrefixes: ['10.0.0.0/8'] });
    }
    const seventh = new HubTransitGateway(stack, 'Hub6', { amazonSideAsn: 64706 });
    expect(() => dx.associateTransitGateway('Dx', { hub: seventh, allowedPrefixes: ['10.0.0.0/8'] })).toThrow(
      /Stack\/Hub6\/Dx: Direct Connect gateway of this app already has 6 transit gateway associations \(Stack\/Hub0\/Dx, .*Stack\/Hub5\/Dx\), the most a Direct Connect gateway takes; the quota cannot be increased .*\(NG-DX-007\)$/,
    );
    templateOf(stack).resourceCountIs('AWS::DirectConnect::DirectConnectGatewayAssociation', 6);
  });
});

describe('a gateway takes VPCs and private interfaces, or transit gateways and transit interfaces, never both (NG-DX-005)', () => {
  const vif = { connectionId: 'dxcon-fg5678gh', vlan: 101, customerAsn: 65010 };

  test('VPC association first, then a transit gateway association or a transit interface', () => {
    const app = new App();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub');
    const dx = new DirectConnectGateway(stack, 'Dx', { amazonSideAsn: 64600 });
    dx.associateVpc('Orders', { vpc: testVpc(stack, 'Orders', '10.10.0.0/16'), allowedPrefixes: ['10.10.0.0/16'] });
    expect(() => dx.associateTransitGateway('Dx', { hub, allowedPrefixes: ['10.0.0.0/8'] })).toThrow(
      'Stack/Hub/Dx: A transit gateway association cannot join Direct Connect gateway of this app: it already has a virtual private gateway association or private virtual interface (Stack/Dx/Orders), and AWS does not mix the two on one gateway. Use another Direct Connect gateway for the transit gateway and its transit virtual interfaces. (NG-DX-005)',
    );
    expect(() => dx.addTransitVirtualInterface('T', vif)).toThrow(
      /Stack\/Dx\/T: A transit virtual interface cannot join Direct Connect gateway Stack\/Dx: it already has a virtual private gateway association/,
    );
    const t = templateOf(stack);
    t.resourceCountIs('AWS::DirectConnect::DirectConnectGatewayAssociation', 1);
    t.resourceCountIs('AWS::DirectConnect::TransitVirtualInterface', 0);
  });

  test('private interface first, then a transit gateway association', () => {
    const app = new App();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub');
    const dx = new DirectConnectGateway(stack, 'Dx', { amazonSideAsn: 64600 });
    dx.addPrivateVirtualInterface('Dc1', vif);
    expect(() => dx.associateTransitGateway('Dx', { hub, allowedPrefixes: ['10.0.0.0/8'] })).toThrow(
      /A transit gateway association cannot join Direct Connect gateway of this app: it already has a virtual private gateway association or private virtual interface \(Stack\/Dx\/Dc1\)/,
    );
  });

  test('transit gateway association first (through the hub, by id), then a VPC association or a private interface', () => {
    const app = new App();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub');
    const dx = new DirectConnectGateway(stack, 'Dx', { amazonSideAsn: 64600 });
    hub.associateDirectConnectGateway('Dx', { directConnectGatewayId: dx.gatewayId, allowedPrefixes: ['10.0.0.0/8'] });
    expect(() =>
      dx.associateVpc('Orders', { vpc: testVpc(stack, 'Orders', '10.10.0.0/16'), allowedPrefixes: ['10.10.0.0/16'] }),
    ).toThrow(
      'Stack/Dx/Orders: A virtual private gateway association cannot join Direct Connect gateway Stack/Dx: it already has a transit gateway association or transit virtual interface (Stack/Hub/Dx), and AWS does not mix the two on one gateway. Use another Direct Connect gateway for the VPCs and private virtual interfaces, or reach the VPCs through the transit gateway. (NG-DX-005)',
    );
    expect(() => dx.addPrivateVirtualInterface('Dc1', vif)).toThrow(/A private virtual interface cannot join/);
    const t = templateOf(stack);
    t.resourceCountIs('AWS::EC2::VPNGateway', 0);
    t.resourceCountIs('AWS::DirectConnect::PrivateVirtualInterface', 0);
  });

  test('transit interface first, then a private interface; the issue example with two gateways is accepted', () => {
    const app = new App();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub');
    const segment = hub.addSegment('onprem');
    const dxTransit = new DirectConnectGateway(stack, 'DxTransit', { amazonSideAsn: 64601 });
    dxTransit.addTransitVirtualInterface('Dc1Transit', {
      connectionId: 'dxlag-ffrz71kw',
      vlan: 102,
      customerAsn: 65010,
      mtu: 8500,
    });
    expect(() => dxTransit.addPrivateVirtualInterface('Dc1', vif)).toThrow(/A private virtual interface cannot join/);
    dxTransit.associateTransitGateway('Hub', { hub, allowedPrefixes: ['10.0.0.0/8'], segment });
    const dx = new DirectConnectGateway(stack, 'Dx', { amazonSideAsn: 64600 });
    dx.associateVpc('Orders', { vpc: testVpc(stack, 'Orders', '10.10.0.0/16'), allowedPrefixes: ['10.10.0.0/16'] });
    dx.addPrivateVirtualInterface('Dc1', vif);
    const t = templateOf(stack);
    t.resourceCountIs('AWS::DirectConnect::DirectConnectGateway', 2);
    t.resourceCountIs('AWS::DirectConnect::DirectConnectGatewayAssociation', 2);
    t.resourceCountIs('AWS::DirectConnect::PrivateVirtualInterface', 1);
    t.resourceCountIs('AWS::DirectConnect::TransitVirtualInterface', 1);
  });
});

describe('what associateTransitGateway promises, as NetworkIntents', () => {
  test('on premises reaches the segment spokes over the transit virtual interface; the allowed prefixes bound the way in', () => {
    const app = new App();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub');
    const apps = hub.addSegment('apps');
    const a = testVpc(stack, 'A', '10.1.0.0/16');
    const b = testVpc(stack, 'B', '10.2.0.0/16');
    hub.attachVpc('A', { vpc: a, segment: apps });
    hub.attachVpc('B', { vpc: b, segment: apps });
    const dxTransit = new DirectConnectGateway(stack, 'DxTransit', { amazonSideAsn: 64601 });
    dxTransit.associateTransitGateway('Hub', {
      hub,
      allowedPrefixes: ['10.1.0.0/16'],
      segment: apps,
      onPremisesCidrs: ['172.16.0.0/12'],
    });
    dxTransit.addTransitVirtualInterface('Dc1Transit', {
      connectionId: 'dxlag-ffrz71kw',
      vlan: 102,
      customerAsn: 65010,
    });
    const port = ec2.Port.tcp(443);
    for (const [id, vpc] of [
      ['A', a],
      ['B', b],
    ] as const) {
      NetworkIntent.reachable(stack, `DcTo${id}`, {
        from: NetworkEndpoint.fromCidr('172.16.5.0/24'),
        to: NetworkEndpoint.fromVpc(vpc),
        port,
      });
    }
    const { intents, byPath } = intentsOf(app);
    expect(intents).toEqual([
      ['DcToA', 'met', undefined],
      ['DcToB', 'unmet', 'NO_ROUTE'],
    ]);
    expect(byPath.DcToB.reason).toMatch(
      /the allowed prefixes of Stack\/Hub\/Hub\/Resource \(\w+\) \(10\.1\.0\.0\/16\) do not cover it/,
    );
  });
});
