/**
 * BGP attachments (a VPN without static routes, a Direct Connect gateway) propagate on-premises networks learned at
 * run time: the segments' managed prefix lists can list only what the user declares (`onPremisesCidrs`). Guide
 * "Example: Isolated VPCs" (https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-isolated.html): the VPCs
 * reach the VPN only through what their route tables send to the transit gateway.
 */
import { App } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { HubTransitGateway } from '../../src/transit';
import { FLAG_MODES, templateOf, testStack, testVpc } from '../support';

type Onprem = 'vpn' | 'dx';

function build(
  onprem: Onprem,
  o: { cidrs?: string[]; routeTo?: string[]; sharedVpc?: boolean; makeApp?: () => App } = {},
) {
  const app = (o.makeApp ?? (() => new App()))();
  const stack = testStack(app);
  const hub = new HubTransitGateway(stack, 'Hub');
  const vpcs = hub.addSegment('vpcs', { isolated: true });
  const edge = hub.addSegment('edge', { isolated: true });
  vpcs.shareRoutesWith(edge);
  const a = hub.attachVpc('A', { vpc: testVpc(stack, 'VpcA', '10.1.0.0/16'), segment: vpcs, routeTo: o.routeTo });
  if (o.sharedVpc) {
    hub.attachVpc('Shared', { vpc: testVpc(stack, 'VpcS', '10.9.0.0/16'), segment: edge });
  }
  const dynamic =
    onprem === 'vpn'
      ? hub.attachVpn('Branch', { customerGatewayIp: '203.0.113.12', segment: edge, onPremisesCidrs: o.cidrs })
      : hub.associateDirectConnectGateway('Branch', {
          directConnectGatewayId: '5f294f92-bafb-4011-916d-9b0bexample',
          allowedPrefixes: ['10.0.0.0/8'],
          segment: edge,
          onPremisesCidrs: o.cidrs,
        });
  return { app, stack, hub, vpcs, edge, a, dynamic };
}

const unknownNetworks = Match.stringLikeRegexp("spokes of segment 'vpcs' route to its managed prefix list");

describe.each<Onprem>(['vpn', 'dx'])('a BGP attachment (%s) with no known on-premises networks', (onprem) => {
  // The warning comes from an aspect, which the aspectStabilization feature flag affects.
  test.each(FLAG_MODES)(
    'warns on the attachment, naming onPremisesCidrs and routeTo, when spokes route by prefix list (%s)',
    (_mode, makeApp) => {
      const { stack } = build(onprem, { sharedVpc: true, makeApp });
      const t = templateOf(stack);
      const warnings = Annotations.fromStack(stack).findWarning('/Stack/Hub/Branch', unknownNetworks);
      expect(warnings).toHaveLength(1);
      expect(warnings[0].entry.data).toMatch(
        /^spokes of segment 'vpcs' route to its managed prefix list, which cannot list the on-premises networks behind this attachment: BGP learns them at run time, so the spokes have no route to them\. Give onPremisesCidrs \(the networks you expect\), or give the spokes routeTo \(summary routes that cover them, such as \['10\.0\.0\.0\/8'\]\)\./,
      );
      // The prefix list holds what is known: the shared VPC only.
      t.hasResourceProperties('AWS::EC2::PrefixList', { Entries: [{ Cidr: '10.9.0.0/16', Description: 'Shared' }] });
    },
  );

  test('no warning with onPremisesCidrs: they enter the prefix list', () => {
    const { stack } = build(onprem, { cidrs: ['192.168.0.0/16'] });
    const t = templateOf(stack);
    expect(Annotations.fromStack(stack).findWarning('*', unknownNetworks)).toEqual([]);
    t.hasResourceProperties('AWS::EC2::PrefixList', {
      Entries: [{ Cidr: '192.168.0.0/16', Description: 'Branch' }],
    });
  });

  test('no warning and no prefix list when the spokes route by routeTo', () => {
    const { stack } = build(onprem, { routeTo: ['192.168.0.0/16'] });
    const t = templateOf(stack);
    expect(Annotations.fromStack(stack).findWarning('*', unknownNetworks)).toEqual([]);
    t.resourceCountIs('AWS::EC2::PrefixList', 0);
    t.hasResourceProperties('AWS::EC2::Route', { DestinationCidrBlock: '192.168.0.0/16' });
  });

  test('a spoke with nothing else to reach: synth error naming onPremisesCidrs and routeTo, no route to an empty list', () => {
    const { app } = build(onprem);
    expect(() => app.synth()).toThrow(
      "[Stack/Hub/Segment-vpcs] segment 'vpcs' would route Stack/Hub/A to an empty prefix list: it reaches only Stack/Hub/Branch, whose on-premises networks are learned by BGP and not known at synth. Give onPremisesCidrs (the networks you expect) to Stack/Hub/Branch, or routeTo (summary routes, such as ['10.0.0.0/8']) to the attachments of segment 'vpcs'.",
    );
  });
});

test('a static VPN is not dynamic: its routes enter the prefix list, with no warning', () => {
  const app = new App();
  const stack = testStack(app);
  const hub = new HubTransitGateway(stack, 'Hub');
  const vpcs = hub.addSegment('vpcs', { isolated: true });
  const edge = hub.addSegment('edge', { isolated: true });
  vpcs.shareRoutesWith(edge);
  hub.attachVpc('A', { vpc: testVpc(stack, 'VpcA', '10.1.0.0/16'), segment: vpcs });
  hub.attachVpn('Branch', { customerGatewayIp: '203.0.113.12', segment: edge, staticRoutes: ['192.168.0.0/16'] });
  const t = templateOf(stack);
  expect(Annotations.fromStack(stack).findWarning('*', unknownNetworks)).toEqual([]);
  t.hasResourceProperties('AWS::EC2::PrefixList', { Entries: [{ Cidr: '192.168.0.0/16', Description: 'Branch' }] });
});
