/**
 * NetworkEndpoint.fromCidr behind a site-to-site VPN or Direct Connect: the way out (static and propagated routes in
 * the VPC's route tables to a virtual private gateway, or transit gateway routes to a VPN or Direct Connect
 * attachment), and the way in (the virtual private gateway into its VPC; the transit gateway route table associated
 * with the VPN or Direct Connect attachment; over Direct Connect, the association's allowed prefixes). BGP routes are
 * the networks the user declares (`onPremisesCidrs`), else the intent is undetermined.
 * @see https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNRoutingTypes.html
 * @see https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpn-attachments.html
 * @see https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html
 */
import { App, Stack } from 'aws-cdk-lib';
import * as directconnect from 'aws-cdk-lib/aws-directconnect';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DirectConnectGateway } from '../../src/direct-connect';
import { ON_PREMISES_CIDRS_METADATA } from '../../src/facts/on-premises';
import { NetworkEndpoint, NetworkIntent } from '../../src/reachability/intent-api';
import { HubTransitGateway } from '../../src/transit';
import { SiteToSiteVpn } from '../../src/vpn';
import { FLAG_MODES, templateOf, templateUpdate, testVpc } from '../support';
import { intentsOf, reachableBothWays } from '../support/intents';

const ENV = { account: '111111111111', region: 'us-east-1' };
const port = ec2.Port.tcp(443);

afterEach(() => {
  process.exitCode = undefined;
});

function stackOf(makeApp: () => App) {
  const app = makeApp();
  return { app, stack: new Stack(app, 'Stack', { env: ENV }) };
}

describe.each(FLAG_MODES)('on premises behind a virtual private gateway, %s', (_, makeApp) => {
  test('SiteToSiteVpn with static routes: its routes are propagated into the route tables, both ways', () => {
    const { app, stack } = stackOf(makeApp);
    const vpc = testVpc(stack, 'Vpc', '10.0.0.0/16');
    new SiteToSiteVpn(stack, 'Vpn', { vpc, customerGatewayIp: '203.0.113.12', staticRoutes: ['192.168.0.0/16'] });
    reachableBothWays(stack, 'Site', vpc, '192.168.10.0/24', port);
    // Not one of the VPN's networks: no route.
    NetworkIntent.reachable(stack, 'Elsewhere', {
      from: NetworkEndpoint.fromVpc(vpc),
      to: NetworkEndpoint.fromCidr('172.20.0.0/16'),
      port,
    });
    const { intents, byPath } = intentsOf(app);
    expect(intents).toEqual([
      ['Elsewhere', 'unmet', 'NO_ROUTE'],
      ['SiteIn', 'met', undefined],
      ['SiteOut', 'met', undefined],
    ]);
    expect(byPath.SiteOut.path.find((h) => h.startsWith('route-table'))).toMatch(
      /^route-table .* \[192\.168\.0\.0\/16 -> vpn-gateway Stack\/Vpn\/VpnGateway \(propagated by Stack\/Vpn\/RoutePropagation \(\w+\), static route Stack\/Vpn\/Route-192\.168\.0\.0-16 \(\w+\)\)\]$/,
    );
    expect(byPath.SiteIn.path[0]).toMatch(
      /^gateway Stack\/Vpn\/VpnGateway \(\w+\) \[from 192\.168\.10\.0\/24 by Stack\/Vpn\/Resource \(\w+\)\]$/,
    );
  });

  test('SiteToSiteVpn with BGP: undetermined without onPremisesCidrs; the declared networks, in the metadata, decide', () => {
    const { app, stack } = stackOf(makeApp);
    const quiet = testVpc(stack, 'Quiet', '10.0.0.0/16');
    new SiteToSiteVpn(stack, 'Undeclared', { vpc: quiet, customerGatewayIp: '203.0.113.12', bgpAsn: 65010 });
    const declared = testVpc(stack, 'Declared', '10.1.0.0/16');
    const vpn = new SiteToSiteVpn(stack, 'Bgp', {
      vpc: declared,
      customerGatewayIp: '203.0.113.13',
      bgpAsn: 65011,
      onPremisesCidrs: ['10.50.0.0/16'],
    });
    reachableBothWays(stack, 'Quiet', quiet, '10.50.1.0/24', port);
    reachableBothWays(stack, 'Declared', declared, '10.50.1.0/24', port);
    NetworkIntent.reachable(stack, 'NotDeclared', {
      from: NetworkEndpoint.fromVpc(declared),
      to: NetworkEndpoint.fromCidr('10.60.0.0/16'),
      port,
    });
    const { intents, byPath } = intentsOf(app);
    // The declaration is Metadata of the VPN connection: no property of the connection changes.
    templateOf(stack).hasResource('AWS::EC2::VPNConnection', {
      Metadata: { [ON_PREMISES_CIDRS_METADATA]: ['10.50.0.0/16'] },
      Properties: { StaticRoutesOnly: false },
    });
    expect(vpn.vpnConnection.getMetadata(ON_PREMISES_CIDRS_METADATA)).toEqual(['10.50.0.0/16']);
    expect(intents).toEqual([
      ['DeclaredIn', 'met', undefined],
      ['DeclaredOut', 'met', undefined],
      ['NotDeclared', 'unmet', 'NO_ROUTE'],
      ['QuietIn', 'undetermined', undefined],
      ['QuietOut', 'undetermined', undefined],
    ]);
    expect(byPath.QuietOut.reason).toMatch(
      /routes learned by BGP from Stack\/Undeclared\/Resource \(\w+\) \(no onPremisesCidrs declared\)/,
    );
  });

  test('Direct Connect to the VPC: undetermined while the gateway has no private virtual interface in the app', () => {
    const { app, stack } = stackOf(makeApp);
    const vpc = testVpc(stack, 'Vpc', '10.10.0.0/16');
    const dx = new DirectConnectGateway(stack, 'Dx', { amazonSideAsn: 64600 });
    dx.associateVpc('Orders', { vpc, allowedPrefixes: ['10.10.0.0/16'], onPremisesCidrs: ['172.16.0.0/12'] });
    reachableBothWays(stack, 'Dc', vpc, '172.16.5.0/24', port);
    // One may be made elsewhere (an interface of another account associated with the gateway).
    const { intents, byPath } = intentsOf(app);
    expect(intents).toEqual([
      ['DcIn', 'undetermined', undefined],
      ['DcOut', 'undetermined', undefined],
    ]);
    expect(byPath.DcIn.reason).toMatch(
      /^the private virtual interfaces of Stack\/Dx\/Resource \(\w+\) \(none in the app: on premises reaches the gateway by an interface made elsewhere, if any\)/,
    );
  });

  test('Direct Connect to the VPC: over the private virtual interface, the declared networks both ways', () => {
    const { app, stack } = stackOf(makeApp);
    const vpc = testVpc(stack, 'Vpc', '10.10.0.0/16');
    const dx = new DirectConnectGateway(stack, 'Dx', { amazonSideAsn: 64600 });
    dx.associateVpc('Orders', { vpc, allowedPrefixes: ['10.10.0.0/16'], onPremisesCidrs: ['172.16.0.0/12'] });
    dx.addPrivateVirtualInterface('Dc1', { connectionId: 'dxcon-fg5678gh', vlan: 101, customerAsn: 65010 });
    reachableBothWays(stack, 'Dc', vpc, '172.16.5.0/24', port);
    const { intents, byPath } = intentsOf(app);
    expect(intents).toEqual([
      ['DcIn', 'met', undefined],
      ['DcOut', 'met', undefined],
    ]);
    expect(byPath.DcIn.path.slice(0, 2)).toEqual([
      expect.stringMatching(
        /^gateway Stack\/Dx\/Resource \(\w+\) \[from on premises over Stack\/Dx\/Dc1\/Resource \(\w+\)\]$/,
      ),
      expect.stringMatching(/^gateway .* \[from 172\.16\.5\.0\/24 by Stack\/Dx\/Orders\/Resource \(\w+\)\]$/),
    ]);
  });
});

test('Direct Connect allowed prefixes: on premises learns no route to a block they do not cover (written with L1s)', () => {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: ENV });
  const vpc = new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.10.0.0/16' });
  new ec2.CfnVPCCidrBlock(stack, 'Extra', { vpcId: vpc.ref, cidrBlock: '10.20.0.0/16' });
  const covered = new ec2.CfnSubnet(stack, 'Covered', {
    vpcId: vpc.ref,
    cidrBlock: '10.10.0.0/24',
    availabilityZone: 'us-east-1a',
  });
  const outside = new ec2.CfnSubnet(stack, 'Outside', {
    vpcId: vpc.ref,
    cidrBlock: '10.20.0.0/24',
    availabilityZone: 'us-east-1a',
  });
  const rt = new ec2.CfnRouteTable(stack, 'Rt', { vpcId: vpc.ref });
  for (const [id, s] of [
    ['A1', covered],
    ['A2', outside],
  ] as const) {
    new ec2.CfnSubnetRouteTableAssociation(stack, id, { subnetId: s.ref, routeTableId: rt.ref });
  }
  const vgw = new ec2.CfnVPNGateway(stack, 'Vgw', { type: 'ipsec.1' });
  new ec2.CfnVPCGatewayAttachment(stack, 'Attach', { vpcId: vpc.ref, vpnGatewayId: vgw.ref });
  new ec2.CfnVPNGatewayRoutePropagation(stack, 'Propagation', { vpnGatewayId: vgw.ref, routeTableIds: [rt.ref] });
  const association = new directconnect.CfnDirectConnectGatewayAssociation(stack, 'Assoc', {
    directConnectGatewayId: 'dxgw-12345678',
    associatedGatewayId: vgw.ref,
    allowedPrefixesToDirectConnectGateway: ['10.10.0.0/16'],
  });
  association.addMetadata(ON_PREMISES_CIDRS_METADATA, ['172.16.0.0/12']);
  const refs = new Map<ec2.CfnSubnet, ec2.ISubnet>();
  const subnets = (s: ec2.CfnSubnet) => {
    if (!refs.has(s)) {
      refs.set(
        s,
        ec2.Subnet.fromSubnetAttributes(stack, `${s.node.id}Ref`, { subnetId: s.ref, availabilityZone: 'us-east-1a' }),
      );
    }
    return refs.get(s)!;
  };
  const imported = ec2.Vpc.fromVpcAttributes(stack, 'Imported', { vpcId: vpc.ref, availabilityZones: ['us-east-1a'] });
  NetworkIntent.reachable(stack, 'ToCovered', {
    from: NetworkEndpoint.fromCidr('172.16.5.0/24'),
    to: NetworkEndpoint.fromSubnets(imported, { subnets: [subnets(covered)] }),
    port,
  });
  NetworkIntent.reachable(stack, 'ToOutside', {
    from: NetworkEndpoint.fromCidr('172.16.5.0/24'),
    to: NetworkEndpoint.fromSubnets(imported, { subnets: [subnets(outside)] }),
    port,
  });
  // Out from the uncovered block: the packet leaves, but the reply cannot come back.
  NetworkIntent.reachable(stack, 'FromOutside', {
    from: NetworkEndpoint.fromSubnets(imported, { subnets: [subnets(outside)] }),
    to: NetworkEndpoint.fromCidr('172.16.5.0/24'),
    port,
  });
  const { intents, byPath } = intentsOf(app);
  expect(intents).toEqual([
    ['FromOutside', 'unmet', 'RETURN_PATH'],
    ['ToCovered', 'met', undefined],
    ['ToOutside', 'unmet', 'NO_ROUTE'],
  ]);
  expect(byPath.ToOutside.reason).toBe(
    'on premises learns no route to 10.20.0.0/24: the allowed prefixes of Stack/Assoc (Assoc) (10.10.0.0/16) do not cover it (Direct Connect advertises only the allowed prefixes)',
  );
});

describe.each(FLAG_MODES)('on premises behind the transit gateway hub, %s', (_, makeApp) => {
  /** A hub with an apps segment (two spokes) and a vpn segment holding a BGP VPN that declares 10.50.0.0/16. */
  function hubWithVpn(stack: Stack) {
    const hub = new HubTransitGateway(stack, 'Hub');
    const apps = hub.addSegment('apps');
    const vpnSegment = hub.addSegment('vpn', { isolated: true });
    const a = testVpc(stack, 'A', '10.1.0.0/16');
    const b = testVpc(stack, 'B', '10.2.0.0/16');
    hub.attachVpc('A', { vpc: a, segment: apps });
    hub.attachVpc('B', { vpc: b, segment: apps });
    const vpn = hub.attachVpn('Branch', {
      customerGatewayIp: '203.0.113.12',
      bgpAsn: 65010,
      segment: vpnSegment,
      onPremisesCidrs: ['10.50.0.0/16'],
    });
    return { hub, apps, vpnSegment, a, b, vpn };
  }

  test('segments that share routes: the spokes reach the branch and the branch reaches them', () => {
    const { app, stack } = stackOf(makeApp);
    const { apps, vpnSegment, a, b } = hubWithVpn(stack);
    apps.shareRoutesWith(vpnSegment);
    reachableBothWays(stack, 'A', a, '10.50.7.0/24', port);
    reachableBothWays(stack, 'B', b, '10.50.7.0/24', port);
    const { intents, byPath } = intentsOf(app);
    expect(intents).toEqual([
      ['AIn', 'met', undefined],
      ['AOut', 'met', undefined],
      ['BIn', 'met', undefined],
      ['BOut', 'met', undefined],
    ]);
    // In: by the VPN attachment, the vpn segment's table (the spokes propagated into it), the attachment subnet.
    expect(byPath.AIn.path.slice(0, 3)).toEqual([
      expect.stringMatching(
        /^transit-gateway-attachment Stack\/Hub\/Branch\/AttachmentLookup\/Resource\/Default \(\w+\) \[from on premises\]$/,
      ),
      expect.stringMatching(
        /^transit-gateway-route-table Stack\/Hub\/Segment-vpn\/Resource \(\w+\) \[10\.1\.0\.0\/16 -> .*A\/Resource .*propagated/,
      ),
      expect.stringMatching(/^transit-gateway-attachment .*A\/Resource/),
    ]);
  });

  test('a static route out without the way back is RETURN_PATH; isolated segments keep the branch out', () => {
    const { app, stack } = stackOf(makeApp);
    const { apps, vpn, a } = hubWithVpn(stack);
    // The apps segment routes the branch to the VPN, but the vpn segment does not share the spokes' routes.
    apps.addStaticRoute('10.50.0.0/16', vpn);
    NetworkIntent.reachable(stack, 'AOut', {
      from: NetworkEndpoint.fromVpc(a),
      to: NetworkEndpoint.fromCidr('10.50.7.0/24'),
      port,
    });
    NetworkIntent.isolated(stack, 'BranchNotA', {
      from: NetworkEndpoint.fromCidr('10.50.7.0/24'),
      to: NetworkEndpoint.fromVpc(a),
    });
    const { intents, byPath } = intentsOf(app);
    expect(intents).toEqual([
      ['AOut', 'unmet', 'RETURN_PATH'],
      ['BranchNotA', 'met', undefined],
    ]);
    expect(byPath.AOut.reason).toMatch(
      /^the reply from 10\.50\.7\.0\/24 does not get back \(TGW_NO_ROUTE: Stack\/Hub\/Segment-vpn\/Resource \(\w+\) has no route to 10\.1\.\d+\.0\/24\)$/,
    );
  });

  test('Direct Connect to the hub: the declared networks, and the allowed prefixes on the way in', () => {
    const { app, stack } = stackOf(makeApp);
    const hub = new HubTransitGateway(stack, 'Hub');
    const apps = hub.addSegment('apps');
    const a = testVpc(stack, 'A', '10.1.0.0/16');
    const b = testVpc(stack, 'B', '10.2.0.0/16');
    hub.attachVpc('A', { vpc: a, segment: apps });
    hub.attachVpc('B', { vpc: b, segment: apps });
    const dx = new DirectConnectGateway(stack, 'DxTransit', { amazonSideAsn: 64601 });
    // Only A's block is advertised on premises.
    dx.associateTransitGateway('Hub', {
      hub,
      allowedPrefixes: ['10.1.0.0/16'],
      segment: apps,
      onPremisesCidrs: ['172.16.0.0/12'],
    });
    dx.addTransitVirtualInterface('Dc1Transit', { connectionId: 'dxlag-ffrz71kw', vlan: 102, customerAsn: 65010 });
    reachableBothWays(stack, 'A', a, '172.16.5.0/24', port);
    reachableBothWays(stack, 'B', b, '172.16.5.0/24', port);
    const { intents, byPath } = intentsOf(app);
    expect(intents).toEqual([
      ['AIn', 'met', undefined],
      ['AOut', 'met', undefined],
      ['BIn', 'unmet', 'NO_ROUTE'],
      ['BOut', 'unmet', 'RETURN_PATH'],
    ]);
    expect(byPath.AIn.path[0]).toMatch(
      /^gateway Stack\/DxTransit\/Resource \(\w+\) \[from on premises over Stack\/DxTransit\/Dc1Transit\/Resource \(\w+\)\]$/,
    );
    expect(byPath.BIn.reason).toMatch(
      /^on premises learns no route to 10\.2\.\d+\.0\/24: the allowed prefixes of Stack\/Hub\/Hub\/Resource \(\w+\) \(10\.1\.0\.0\/16\) do not cover it/,
    );
  });
});

test('a private block is not reached through an internet gateway (RFC 1918); a public one is', () => {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: ENV });
  const vpc = testVpc(stack, 'Vpc', '10.0.0.0/16');
  const publicSubnets = { subnetType: ec2.SubnetType.PUBLIC };
  NetworkIntent.reachable(stack, 'ToPrivate', {
    from: NetworkEndpoint.fromSubnets(vpc, publicSubnets),
    to: NetworkEndpoint.fromCidr('10.99.0.0/16'),
    port,
  });
  NetworkIntent.reachable(stack, 'FromPrivate', {
    from: NetworkEndpoint.fromCidr('192.168.1.0/24'),
    to: NetworkEndpoint.fromSubnets(vpc, publicSubnets),
    port,
  });
  NetworkIntent.reachable(stack, 'ToPartner', {
    from: NetworkEndpoint.fromSubnets(vpc, publicSubnets),
    to: NetworkEndpoint.fromCidr('203.0.113.0/24'),
    port,
  });
  const { intents, byPath } = intentsOf(app);
  expect(intents).toEqual([
    ['FromPrivate', 'unmet', 'RETURN_PATH'],
    ['ToPartner', 'met', undefined],
    ['ToPrivate', 'unmet', 'NO_ROUTE'],
  ]);
  expect(byPath.ToPrivate.reason).toMatch(
    /^10\.99\.0\.0\/16 is a private address block, which the internet does not route: the path leaves by the internet gateway Stack\/Vpc\/IGW \(\w+\)/,
  );
});

test('day 2: declaring onPremisesCidrs on deployed connections adds, removes and changes no resource, and no property', () => {
  const version = (declare: boolean) => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: ENV });
    const office = testVpc(stack, 'Office', '10.0.0.0/16');
    const extra = declare ? { onPremisesCidrs: ['192.168.0.0/16'] } : {};
    new SiteToSiteVpn(stack, 'OfficeVpn', { vpc: office, customerGatewayIp: '203.0.113.12', bgpAsn: 65010, ...extra });
    const hub = new HubTransitGateway(stack, 'Hub');
    const branch = hub.addSegment('branch', { isolated: true });
    hub.attachVpn('Branch', { customerGatewayIp: '203.0.113.13', bgpAsn: 65011, segment: branch, ...extra });
    const dx = new DirectConnectGateway(stack, 'Dx', { amazonSideAsn: 64600 });
    const orders = testVpc(stack, 'Orders', '10.10.0.0/16');
    dx.associateVpc('Orders', { vpc: orders, allowedPrefixes: ['10.10.0.0/16'], ...extra });
    return templateOf(stack).toJSON();
  };
  const [before, after] = [version(false), version(true)];
  expect(templateUpdate(before, after)).toEqual({ added: [], removed: [], changed: [], retyped: [] });
  // Only Metadata differs: on the VPN connection, the Direct Connect association and the hub VPN's attachment lookup.
  const withMetadata = Object.entries<any>(after.Resources)
    .filter(([, r]) => r.Metadata?.[ON_PREMISES_CIDRS_METADATA])
    .map(([, r]) => r.Type)
    .sort();
  expect(withMetadata).toEqual([
    'AWS::DirectConnect::DirectConnectGatewayAssociation',
    'AWS::EC2::VPNConnection',
    'Custom::TransitGatewayAttachmentLookup',
  ]);
});
