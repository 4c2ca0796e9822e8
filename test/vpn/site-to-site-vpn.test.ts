import { App, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { DirectConnectGateway } from '../../src/direct-connect';
import { NetworkEndpoint, NetworkIntent } from '../../src/reachability/intent-api';
import { HubTransitGateway } from '../../src/transit';
import { SiteToSiteVpn } from '../../src/vpn';
import { templateOf, testStack, testVpc } from '../support';
import { intentsOf, reachableBothWays } from '../support/intents';
import { idOf } from '../transit/helpers';

describe('SiteToSiteVpn to a VPC', () => {
  test('virtual private gateway, its attachment, route propagation DependsOn the attachment, BGP by default', () => {
    const app = new App();
    const stack = testStack(app);
    const vpc = testVpc(stack, 'Vpc', '10.1.0.0/16');
    const vpn = new SiteToSiteVpn(stack, 'Vpn', {
      vpc,
      customerGatewayIp: '203.0.113.12',
      bgpAsn: 65010,
      propagateTo: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
      amazonSideAsn: 64600,
    });
    const t = templateOf(stack);
    t.resourceCountIs('AWS::EC2::VPNGateway', 1);
    t.hasResourceProperties('AWS::EC2::VPNGateway', { Type: 'ipsec.1', AmazonSideAsn: 64600 });
    t.hasResourceProperties('AWS::EC2::VPCGatewayAttachment', {
      VpcId: { Ref: Match.stringLikeRegexp('^Vpc') },
      VpnGatewayId: { Ref: idOf(vpn.vpnGateway!) },
    });
    t.hasResource('AWS::EC2::VPNGatewayRoutePropagation', {
      Properties: {
        VpnGatewayId: { Ref: idOf(vpn.vpnGateway!) },
        RouteTableIds: vpc.isolatedSubnets.map((s) => stack.resolve(s.routeTable.routeTableId)),
      },
      DependsOn: [idOf(vpn.gatewayAttachment!)],
    });
    t.hasResourceProperties('AWS::EC2::CustomerGateway', { BgpAsn: 65010, IpAddress: '203.0.113.12' });
    t.hasResource('AWS::EC2::VPNConnection', {
      Properties: {
        VpnGatewayId: { Ref: idOf(vpn.vpnGateway!) },
        CustomerGatewayId: { Ref: idOf(vpn.customerGateway) },
        StaticRoutesOnly: false,
        TransitGatewayId: Match.absent(),
      },
      DependsOn: [idOf(vpn.gatewayAttachment!)],
    });
    t.resourceCountIs('AWS::EC2::VPNConnectionRoute', 0);
    expect(idOf(vpn.vpnConnection)).toMatch(/^Vpn/);
  });

  test('static routing adds one VPN connection route per on-premises network', () => {
    const app = new App();
    const stack = testStack(app);
    const vpn = new SiteToSiteVpn(stack, 'Vpn', {
      vpc: testVpc(stack, 'Vpc', '10.1.0.0/16'),
      customerGatewayIp: '203.0.113.12',
      staticRoutes: ['192.168.0.0/16', '172.16.0.0/12'],
    });
    const t = templateOf(stack);
    t.hasResourceProperties('AWS::EC2::VPNConnection', { StaticRoutesOnly: true });
    t.resourceCountIs('AWS::EC2::VPNConnectionRoute', 2);
    t.hasResourceProperties('AWS::EC2::VPNConnectionRoute', {
      DestinationCidrBlock: '192.168.0.0/16',
      VpnConnectionId: { Ref: idOf(vpn.vpnConnection) },
    });
    // Default propagation: every route table of the VPC (2 AZs x public + private).
    const propagation = Object.values<any>(t.findResources('AWS::EC2::VPNGatewayRoutePropagation'))[0];
    expect(propagation.Properties.RouteTableIds).toHaveLength(4);
  });

  test('one virtual private gateway per VPC (NG-VPN-003)', () => {
    const app = new App();
    const stack = testStack(app);
    const vpc = testVpc(stack, 'Vpc', '10.1.0.0/16');
    new SiteToSiteVpn(stack, 'A', { vpc, customerGatewayIp: '203.0.113.12' });
    expect(() => new SiteToSiteVpn(stack, 'B', { vpc, customerGatewayIp: '203.0.113.13' })).toThrow(
      'Stack/B: vpc Stack/Vpc already has a virtual private gateway from Stack/A, and a VPC takes one. Connect further sites through a HubTransitGateway (SiteToSiteVpn with hub). (NG-VPN-003)',
    );
    const withGw = testVpc(stack, 'GwVpc', '10.2.0.0/16', 2, { vpnGateway: true });
    expect(() => new SiteToSiteVpn(stack, 'C', { vpc: withGw, customerGatewayIp: '203.0.113.12' })).toThrow(
      /^Stack\/C: vpc Stack\/GwVpc already has a virtual private gateway \(.*\), and a VPC takes one\. Create the VPC without vpnGateway and let SiteToSiteVpn make it\. \(NG-VPN-003\)$/,
    );
    templateOf(stack).resourceCountIs('AWS::EC2::VPNConnection', 1);
  });
});

describe('SiteToSiteVpn and a Direct Connect association on one VPC', () => {
  test('after associateVpc enabled the gateway: the refusal names the association and the order that works', () => {
    const app = new App();
    const stack = testStack(app);
    const vpc = testVpc(stack, 'Vpc', '10.1.0.0/16');
    new DirectConnectGateway(stack, 'Dx').associateVpc('Orders', { vpc, allowedPrefixes: ['10.1.0.0/16'] });
    expect(() => new SiteToSiteVpn(stack, 'Vpn', { vpc, customerGatewayIp: '203.0.113.12' })).toThrow(
      "Stack/Vpn: vpc Stack/Vpc already has the virtual private gateway that Stack/Dx/Orders enabled for its Direct Connect association, and a VPC takes one. A virtual private gateway can carry both: create this SiteToSiteVpn before the association, and give the association vpnGatewayId: the SiteToSiteVpn's vpnGateway.ref. (NG-VPN-003)",
    );
    templateOf(stack).resourceCountIs('AWS::EC2::VPNConnection', 0);
  });

  test('in that order, one gateway carries the VPN and the Direct Connect association', () => {
    const app = new App();
    const stack = testStack(app);
    const vpc = testVpc(stack, 'Vpc', '10.1.0.0/16');
    const vpn = new SiteToSiteVpn(stack, 'Vpn', { vpc, customerGatewayIp: '203.0.113.12' });
    new DirectConnectGateway(stack, 'Dx').associateVpc('Orders', {
      vpc,
      allowedPrefixes: ['10.1.0.0/16'],
      vpnGatewayId: vpn.vpnGateway!.ref,
    });
    const t = templateOf(stack);
    t.resourceCountIs('AWS::EC2::VPNGateway', 1);
    t.hasResourceProperties('AWS::DirectConnect::DirectConnectGatewayAssociation', {
      AssociatedGatewayId: { Ref: idOf(vpn.vpnGateway!) },
    });
    t.hasResourceProperties('AWS::EC2::VPNConnection', { VpnGatewayId: { Ref: idOf(vpn.vpnGateway!) } });
    // AWS's order: the gateway attached to the VPC before it is associated, and its route propagation enabled only
    // after the association.
    const association = Object.entries<any>(t.findResources('AWS::DirectConnect::DirectConnectGatewayAssociation'));
    expect(association).toHaveLength(1);
    expect(association[0][1].DependsOn).toContain(idOf(vpn.gatewayAttachment!));
    expect(t.toJSON().Resources[idOf(vpn.routePropagation!)].DependsOn).toContain(association[0][0]);
  });
});

describe('SiteToSiteVpn to a hub', () => {
  test('the VPN attachment goes into the segment like attachVpn', () => {
    const app = new App();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub');
    const onprem = hub.addSegment('onprem');
    const vpn = new SiteToSiteVpn(stack, 'Vpn', { hub, segment: onprem, customerGatewayIp: '203.0.113.12' });
    const t = templateOf(stack);
    t.resourceCountIs('AWS::EC2::VPNGateway', 0);
    t.hasResourceProperties('AWS::EC2::VPNConnection', { TransitGatewayId: { Ref: idOf(hub.transitGateway) } });
    t.hasResource('AWS::EC2::TransitGatewayRouteTableAssociation', {
      Properties: {
        TransitGatewayRouteTableId: { Ref: idOf(onprem.routeTable) },
        // The attachment id read from the lookup orders the association after it.
        TransitGatewayAttachmentId: {
          'Fn::GetAtt': [
            idOf(vpn.transitAttachment!.attachmentLookup),
            'TransitGatewayAttachments.0.TransitGatewayAttachmentId',
          ],
        },
      },
    });
    expect(vpn.vpnConnection).toBe(vpn.transitAttachment!.vpnConnection);
  });

  test('bad combinations', () => {
    const app = new App();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub');
    const vpc = testVpc(stack, 'Vpc', '10.1.0.0/16');
    const ip = '203.0.113.12';
    expect(() => new SiteToSiteVpn(stack, 'A', { customerGatewayIp: ip })).toThrow(
      'Stack/A: give exactly one of vpc (a virtual private gateway on that VPC) and hub (a HubTransitGateway with a segment).',
    );
    expect(() => new SiteToSiteVpn(stack, 'B', { customerGatewayIp: ip, hub, vpc })).toThrow(
      'Stack/B: give exactly one of vpc',
    );
    expect(() => new SiteToSiteVpn(stack, 'C', { customerGatewayIp: ip, hub })).toThrow(
      "Stack/C: segment is required with hub: give the hub segment for the VPN attachment, such as hub.addSegment('onprem').",
    );
    expect(
      () =>
        new SiteToSiteVpn(stack, 'D', {
          customerGatewayIp: ip,
          hub,
          segment: hub.addSegment('x'),
          amazonSideAsn: 64600,
        }),
    ).toThrow(
      'Stack/D: propagateTo and amazonSideAsn apply to a virtual private gateway, not to a hub: remove them (the hub has its own amazonSideAsn).',
    );
    expect(() => new SiteToSiteVpn(stack, 'E', { customerGatewayIp: ip, vpc, amazonSideAsn: 100 })).toThrow(
      "Stack/E: amazonSideAsn 100 is outside the private ASN ranges 64512-65534 and 4200000000-4294967294. Choose one in them, or leave it out for Amazon's default (64512).",
    );
    expect(() => new SiteToSiteVpn(stack, 'F', { customerGatewayIp: ip, vpc, bgpAsn: 7224 })).toThrow(
      "Stack/F: bgpAsn 7224 is reserved by AWS in every Region. Give your device's ASN, or a private ASN such as 65000 (64512-65534). (NG-VPN-001)",
    );
    expect(() => new SiteToSiteVpn(stack, 'G', { customerGatewayIp: ip, vpc, segment: hub.segment('x') })).toThrow(
      'Stack/G: segment applies to a hub connection: remove it, or give hub instead of vpc.',
    );
    expect(
      () =>
        new SiteToSiteVpn(stack, 'H', {
          customerGatewayIp: ip,
          vpc,
          staticRoutes: ['192.168.0.0/16'],
          onPremisesCidrs: ['192.168.0.0/16'],
        }),
    ).toThrow(
      'Stack/H: onPremisesCidrs is given with staticRoutes: with static routing the on-premises networks are staticRoutes. Remove onPremisesCidrs.',
    );
    templateOf(stack).resourceCountIs('AWS::EC2::VPNConnection', 0);
  });
});

test('two SiteToSiteVpns of one id to one hub (from two scopes) are refused with the clash named', () => {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
  const hub = new HubTransitGateway(stack, 'Hub');
  const onprem = hub.addSegment('onprem');
  const a = new Construct(stack, 'SiteA');
  const b = new Construct(stack, 'SiteB');
  new SiteToSiteVpn(a, 'Vpn', {
    hub,
    segment: onprem,
    customerGatewayIp: '203.0.113.1',
    onPremisesCidrs: ['192.168.0.0/16'],
  });
  expect(
    () =>
      new SiteToSiteVpn(b, 'Vpn', {
        hub,
        segment: onprem,
        customerGatewayIp: '203.0.113.2',
        onPremisesCidrs: ['172.16.0.0/12'],
      }),
  ).toThrow(
    "Stack/SiteB/Vpn: hub Stack/Hub already has a child named 'Vpn' (Stack/Hub/Vpn), and the VPN to the hub is created under the hub with this construct's id. Give this SiteToSiteVpn another id.",
  );
  templateOf(stack).resourceCountIs('AWS::EC2::VPNConnection', 1);
});

describe('what SiteToSiteVpn promises, as NetworkIntents (test/reachability/on-premises-intents.test.ts has more)', () => {
  test('the on-premises networks reach the attached VPC and back: static routes to a VPC, declared BGP networks to a hub', () => {
    const app = new App();
    const stack = testStack(app);
    const port = ec2.Port.tcp(443);
    // To a VPC's virtual private gateway, static routes.
    const office = testVpc(stack, 'Office', '10.0.0.0/16');
    new SiteToSiteVpn(stack, 'Static', {
      customerGatewayIp: '203.0.113.12',
      vpc: office,
      staticRoutes: ['192.168.0.0/16'],
    });
    // To a hub, BGP with declared networks: the spoke's segment shares routes with the VPN's.
    const hub = new HubTransitGateway(stack, 'Hub');
    const apps = hub.addSegment('apps');
    const branch = hub.addSegment('branch', { isolated: true });
    apps.shareRoutesWith(branch);
    const spoke = testVpc(stack, 'Spoke', '10.1.0.0/16');
    hub.attachVpc('Spoke', { vpc: spoke, segment: apps });
    new SiteToSiteVpn(stack, 'Bgp', {
      customerGatewayIp: '203.0.113.13',
      hub,
      segment: branch,
      bgpAsn: 65010,
      onPremisesCidrs: ['10.50.0.0/16'],
    });
    reachableBothWays(stack, 'Office', office, '192.168.1.0/24', port);
    reachableBothWays(stack, 'Branch', spoke, '10.50.1.0/24', port);
    // Neither connection carries the other's networks (from the isolated subnets: the public ones route everything
    // else to the internet gateway, where an on-premises block would be sent too).
    const isolated = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
    NetworkIntent.isolated(stack, 'OfficeNotBranch', {
      from: NetworkEndpoint.fromSubnets(office, isolated),
      to: NetworkEndpoint.fromCidr('10.50.1.0/24'),
    });
    NetworkIntent.isolated(stack, 'SpokeNotOffice', {
      from: NetworkEndpoint.fromSubnets(spoke, isolated),
      to: NetworkEndpoint.fromCidr('192.168.1.0/24'),
    });
    expect(intentsOf(app).intents).toEqual([
      ['BranchIn', 'met', undefined],
      ['BranchOut', 'met', undefined],
      ['OfficeIn', 'met', undefined],
      ['OfficeNotBranch', 'met', undefined],
      ['OfficeOut', 'met', undefined],
      ['SpokeNotOffice', 'met', undefined],
    ]);
  });
});
