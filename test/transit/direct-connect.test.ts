import { App } from 'aws-cdk-lib';
import { idOf, tgwTables } from './helpers';
import { HubTransitGateway } from '../../src/transit';
import { templateOf, waiterSpec, testStack, testVpc } from '../support';

describe('associateDirectConnectGateway', () => {
  test('AWS::DirectConnect::DirectConnectGatewayAssociation with the allowed prefixes; attachment looked up, associated and propagated', () => {
    const app = new App();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub', { amazonSideAsn: 64512 });
    const onprem = hub.addSegment('onprem');
    const vpcs = hub.addSegment('vpcs', { isolated: true });
    onprem.shareRoutesWith(vpcs);
    hub.attachVpc('App', { vpc: testVpc(stack, 'Vpc', '10.1.0.0/16'), segment: vpcs });
    const dx = hub.associateDirectConnectGateway('Dx', {
      directConnectGatewayId: '5f294f92-bafb-4011-916d-9b0bexample',
      allowedPrefixes: ['10.0.0.0/8'],
      directConnectGatewayAsn: 64600,
      segment: onprem,
      onPremisesCidrs: ['192.168.0.0/16'],
    });
    const t = templateOf(stack);
    t.hasResourceProperties('AWS::DirectConnect::DirectConnectGatewayAssociation', {
      DirectConnectGatewayId: '5f294f92-bafb-4011-916d-9b0bexample',
      AssociatedGatewayId: { Ref: idOf(hub.transitGateway) },
      AllowedPrefixesToDirectConnectGateway: ['10.0.0.0/8'],
    });
    const lookups = Object.values<any>(t.findResources('Custom::TransitGatewayAttachmentLookup'));
    expect(lookups).toHaveLength(1);
    // The Direct Connect gateway id is a literal: only DependsOn orders the wait after the association.
    expect(lookups[0].DependsOn).toContain(idOf(dx.gatewayAssociation));
    const spec = waiterSpec(lookups[0]);
    expect(spec.waitFor.parameters.Filters[2]).toEqual({ Name: 'resource-type', Values: ['direct-connect-gateway'] });
    expect(spec.waitFor).toMatchObject({ path: 'TransitGatewayAttachments.0.State', success: ['available'] });
    const labels = {
      [idOf(onprem.routeTable)]: 'onprem',
      [idOf(vpcs.routeTable)]: 'vpcs',
      [idOf(dx.gatewayAssociation)]: 'x',
    };
    const lookupId = Object.keys(t.findResources('Custom::TransitGatewayAttachmentLookup'))[0];
    const view = tgwTables([t], { ...labels, [lookupId]: 'DX' });
    expect(view.onprem.associated).toEqual(['DX']);
    expect(view.vpcs.propagated).toEqual(['DX']);
    t.hasResourceProperties('AWS::EC2::PrefixList', { Entries: [{ Cidr: '192.168.0.0/16', Description: 'Dx' }] });
  });

  test('refuses no allowed prefixes (NG-DX-001), and a Direct Connect gateway ASN equal to the hub ASN (NG-DX-011)', () => {
    const app = new App();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub', { amazonSideAsn: 64512 });
    expect(() => hub.associateDirectConnectGateway('A', { directConnectGatewayId: 'dx', allowedPrefixes: [] })).toThrow(
      "Stack/Hub/A: allowedPrefixes is empty: an association with a transit gateway needs the prefixes to advertise on-premises, such as ['10.0.0.0/8']. (NG-DX-001)",
    );
    expect(() =>
      hub.associateDirectConnectGateway('B', {
        directConnectGatewayId: 'dx',
        allowedPrefixes: ['10.0.0.0/8'],
        directConnectGatewayAsn: 64512,
      }),
    ).toThrow(
      "Stack/Hub/B: directConnectGatewayAsn 64512 equals the transit gateway's amazonSideAsn: AWS refuses the association. Give the hub or the Direct Connect gateway another ASN. (NG-DX-011)",
    );
    expect(() =>
      hub.associateDirectConnectGateway('C', { directConnectGatewayId: 'dx', allowedPrefixes: ['10.0.0.0'] }),
    ).toThrow("Stack/Hub/C: allowedPrefixes[0]: '10.0.0.0' is not a CIDR block.");
    templateOf(stack).resourceCountIs('AWS::DirectConnect::DirectConnectGatewayAssociation', 0);
  });

  test('refuses more allowed prefixes than the Direct Connect quota of 200 per transit gateway association (NG-DX-001)', () => {
    const app = new App();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub');
    const prefixes = (n: number) => Array.from({ length: n }, (_, i) => `10.${Math.floor(i / 256)}.${i % 256}.0/24`);
    expect(() =>
      hub.associateDirectConnectGateway('Many', { directConnectGatewayId: 'dx', allowedPrefixes: prefixes(201) }),
    ).toThrow(
      "Stack/Hub/Many: allowedPrefixes has 201 prefixes, more than the 200 (IPv4 and IPv6 together) a Direct Connect gateway association with a transit gateway takes; the quota cannot be increased (https://docs.aws.amazon.com/directconnect/latest/UserGuide/limits.html). Advertise summary prefixes, such as ['10.0.0.0/8']. (NG-DX-001)",
    );
    const ok = hub.associateDirectConnectGateway('Max', {
      directConnectGatewayId: 'dx',
      allowedPrefixes: prefixes(200),
    });
    const t = templateOf(stack);
    const associations = t.findResources('AWS::DirectConnect::DirectConnectGatewayAssociation');
    // The one association is the one of 200 prefixes: the refused one created nothing.
    expect(Object.keys(associations)).toEqual([idOf(ok.gatewayAssociation)]);
    const allowed = Object.values<any>(associations)[0].Properties.AllowedPrefixesToDirectConnectGateway;
    expect(allowed).toHaveLength(200);
    expect(allowed[0]).toBe('10.0.0.0/24');
    expect(allowed[199]).toBe('10.0.199.0/24');
  });
});
