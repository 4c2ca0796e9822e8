import { App } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { orderedAfter, idOf, tgwTables } from './helpers';
import { HubTransitGateway } from '../../src/transit';
import { templateOf, testStack, testVpc, waiterSpec } from '../support';

function build(hubProps = {}) {
  const app = new App();
  const stack = testStack(app);
  const hub = new HubTransitGateway(stack, 'Hub', hubProps);
  const onprem = hub.addSegment('onprem');
  const vpcs = hub.addSegment('vpcs', { isolated: true });
  onprem.shareRoutesWith(vpcs);
  return { app, stack, hub, onprem, vpcs };
}

describe('attachVpn', () => {
  test('customer gateway and VPN connection to the TGW, BGP by default', () => {
    const { stack, hub, onprem } = build();
    const vpn = hub.attachVpn('Branch', { customerGatewayIp: '203.0.113.12', bgpAsn: 65010, segment: onprem });
    const t = templateOf(stack);
    t.hasResourceProperties('AWS::EC2::CustomerGateway', { Type: 'ipsec.1', IpAddress: '203.0.113.12', BgpAsn: 65010 });
    t.hasResourceProperties('AWS::EC2::VPNConnection', {
      Type: 'ipsec.1',
      CustomerGatewayId: { Ref: idOf(vpn.customerGateway) },
      TransitGatewayId: { Ref: idOf(hub.transitGateway) },
      StaticRoutesOnly: false,
    });
    expect(idOf(vpn.vpnConnection)).toMatch(/^HubBranch/);
  });

  test('the attachment id is looked up with a custom resource, then associated and propagated', () => {
    const { stack, hub, onprem, vpcs } = build();
    const vpn = hub.attachVpn('Branch', { customerGatewayIp: '203.0.113.12', segment: onprem });
    const t = templateOf(stack);
    const lookups = t.findResources('Custom::TransitGatewayAttachmentLookup');
    expect(Object.keys(lookups)).toEqual([idOf(vpn.attachmentLookup)]);
    const lookup = Object.values<any>(lookups)[0];
    // The lookup's filter names the VPN connection: the reference orders it after the connection.
    expect(orderedAfter(lookup, idOf(vpn.vpnConnection))).toBe(true);
    // It waits until the VPN's attachment is `available` (associating a pending one fails), then returns its id.
    const spec = waiterSpec(lookup);
    expect(spec.create).toBeUndefined();
    expect(spec.waitFor).toEqual({
      service: 'EC2',
      action: 'DescribeTransitGatewayAttachments',
      parameters: {
        Filters: [
          { Name: 'resource-id', Values: [`\${Ref:${idOf(vpn.vpnConnection)}}`] },
          { Name: 'transit-gateway-id', Values: [`\${Ref:${idOf(hub.transitGateway)}}`] },
          { Name: 'resource-type', Values: ['vpn'] },
        ],
      },
      path: 'TransitGatewayAttachments.0.State',
      success: ['available'],
      failure: ['failed', 'failing', 'rejected', 'rejecting', 'deleted', 'deleting'],
      outputPaths: ['TransitGatewayAttachments.0.TransitGatewayAttachmentId'],
    });
    // Describe* supports no resource-level permission: the lookup's own policy is that action on '*'.
    const policies = Object.values<any>(t.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.PolicyDocument).includes('DescribeTransitGatewayAttachments'),
    );
    expect(policies).toHaveLength(1);
    expect(policies[0].Properties.PolicyDocument.Statement).toEqual([
      { Action: 'ec2:DescribeTransitGatewayAttachments', Effect: 'Allow', Resource: '*' },
    ]);
    const labels = {
      [idOf(onprem.routeTable)]: 'onprem',
      [idOf(vpcs.routeTable)]: 'vpcs',
      [idOf(vpn.attachmentLookup)]: 'VPN',
    };
    expect(tgwTables([t], labels)).toEqual({
      onprem: { associated: ['VPN'], propagated: ['VPN'], routes: {} },
      vpcs: { associated: [], propagated: ['VPN'], routes: {} },
    });
    t.hasResourceProperties('AWS::EC2::TransitGatewayRouteTableAssociation', {
      TransitGatewayAttachmentId: {
        'Fn::GetAtt': [idOf(vpn.attachmentLookup), 'TransitGatewayAttachments.0.TransitGatewayAttachmentId'],
      },
    });
  });

  test('static routing: static TGW routes to the VPN wherever it would propagate, each DependsOn the lookup', () => {
    const { stack, hub, onprem, vpcs } = build();
    const vpn = hub.attachVpn('Branch', {
      customerGatewayIp: '203.0.113.12',
      segment: onprem,
      staticRoutes: ['192.168.0.0/16', '172.16.0.0/12'],
    });
    hub.attachVpc('App', { vpc: testVpc(stack, 'Vpc', '10.1.0.0/16'), segment: vpcs });
    const t = templateOf(stack);
    t.hasResourceProperties('AWS::EC2::VPNConnection', { StaticRoutesOnly: true });
    t.resourceCountIs('AWS::EC2::VPNConnectionRoute', 0);
    const view = tgwTables([t], {
      [idOf(onprem.routeTable)]: 'onprem',
      [idOf(vpcs.routeTable)]: 'vpcs',
      [idOf(vpn.attachmentLookup)]: 'VPN',
    });
    expect(view.onprem.routes).toEqual({ '192.168.0.0/16': 'VPN', '172.16.0.0/12': 'VPN' });
    expect(view.vpcs.routes).toEqual({ '192.168.0.0/16': 'VPN', '172.16.0.0/12': 'VPN' });
    expect(view.vpcs.propagated.filter((p) => p === 'VPN')).toEqual([]);
    for (const r of Object.values<any>(t.findResources('AWS::EC2::TransitGatewayRoute'))) {
      expect(orderedAfter(r, idOf(vpn.attachmentLookup))).toBe(true);
    }
    // The VPC in 'vpcs' routes to the on-premises networks through its segment's prefix list.
    t.hasResourceProperties('AWS::EC2::PrefixList', {
      PrefixListName: Match.stringLikeRegexp('vpcs'),
      Entries: [
        { Cidr: '192.168.0.0/16', Description: 'Branch' },
        { Cidr: '172.16.0.0/12', Description: 'Branch' },
      ],
    });
  });

  test('static routing warns when the hub asks for ECMP (NG-VPN-004)', () => {
    const { stack, hub, onprem } = build({ vpnEcmpSupport: true });
    hub.attachVpn('Branch', { customerGatewayIp: '203.0.113.12', segment: onprem, staticRoutes: ['192.168.0.0/16'] });
    Annotations.fromStack(stack).hasWarning('/Stack/Hub/Branch', Match.stringLikeRegexp('NG-VPN-004'));
  });

  test('an ASN above 2147483647 goes into BgpAsnExtended', () => {
    const { stack, hub, onprem } = build();
    hub.attachVpn('Branch', { customerGatewayIp: '203.0.113.12', segment: onprem, bgpAsn: 4200000001 });
    templateOf(stack).hasResourceProperties('AWS::EC2::CustomerGateway', {
      BgpAsnExtended: 4200000001,
      BgpAsn: Match.absent(),
    });
  });

  test.each([
    [
      { customerGatewayIp: '203.0.113' },
      "Stack/Hub/X: customerGatewayIp '203.0.113' is not an IPv4 address. Give the public IPv4 address of your customer gateway device, such as '203.0.113.12'.",
    ],
    [
      { bgpAsn: 0 },
      "Stack/Hub/X: bgpAsn 0 is outside 1-4294967295. Give your device's ASN, or a private ASN such as 65000 (64512-65534). (NG-VPN-001)",
    ],
    [
      { bgpAsn: 7224 },
      "Stack/Hub/X: bgpAsn 7224 is reserved by AWS in every Region. Give your device's ASN, or a private ASN such as 65000 (64512-65534). (NG-VPN-001)",
    ],
    [
      { staticRoutes: [] },
      'Stack/Hub/X: staticRoutes is empty: list the on-premises networks for static routing, or leave staticRoutes out for BGP.',
    ],
    [
      { staticRoutes: ['10.0.0.0/8'], onPremisesCidrs: ['10.0.0.0/8'] },
      'Stack/Hub/X: onPremisesCidrs is given with staticRoutes: with static routing the on-premises networks are staticRoutes. Remove onPremisesCidrs.',
    ],
    [{ staticRoutes: ['192.168.0.0/33'] }, "Stack/Hub/X: staticRoutes[0]: '192.168.0.0/33' is not a CIDR block."],
    // Found by the property test (seed 353314781): a repeated block became a second TGW route to one destination.
    [
      { staticRoutes: ['0.0.0.0/0', '0.0.0.0/0'] },
      'Stack/Hub/X: staticRoutes[1] 0.0.0.0/0 is the same block as staticRoutes[0] (0.0.0.0/0): list each block once.',
    ],
    [
      { bgpAsn: 65010, onPremisesCidrs: ['192.168.0.0/16', '172.16.0.0/12', '192.168.0.0/16'] },
      'Stack/Hub/X: onPremisesCidrs[2] 192.168.0.0/16 is the same block as onPremisesCidrs[0] (192.168.0.0/16): list each block once.',
    ],
  ])('refuses %j', (bad, message) => {
    const { stack, hub, onprem } = build();
    expect(() => hub.attachVpn('X', { customerGatewayIp: '203.0.113.12', segment: onprem, ...bad })).toThrow(message);
    templateOf(stack).resourceCountIs('AWS::EC2::VPNConnection', 0);
  });

  test('bgpAsn 9059 is reserved in eu-west-1 only', () => {
    const app = new App();
    const eu = testStack(app, 'Eu', { env: { account: '111111111111', region: 'eu-west-1' } });
    const hubEu = new HubTransitGateway(eu, 'Hub');
    expect(() =>
      hubEu.attachVpn('X', { customerGatewayIp: '203.0.113.12', segment: hubEu.addSegment('a'), bgpAsn: 9059 }),
    ).toThrow(
      "Eu/Hub/X: bgpAsn 9059 is reserved by AWS in eu-west-1. Give your device's ASN, or a private ASN such as 65000 (64512-65534). (NG-VPN-001)",
    );
    templateOf(eu).resourceCountIs('AWS::EC2::CustomerGateway', 0);
    // In us-east-1, 9059 is an ordinary ASN: the customer gateway carries it.
    const { stack, hub, onprem } = build();
    const vpn = hub.attachVpn('Y', { customerGatewayIp: '203.0.113.12', segment: onprem, bgpAsn: 9059 });
    const t = templateOf(stack);
    t.resourceCountIs('AWS::EC2::CustomerGateway', 1);
    t.hasResourceProperties('AWS::EC2::CustomerGateway', { BgpAsn: 9059, IpAddress: '203.0.113.12' });
    t.hasResourceProperties('AWS::EC2::VPNConnection', { CustomerGatewayId: { Ref: idOf(vpn.customerGateway) } });
  });
});
