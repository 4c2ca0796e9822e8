import { App, Fn, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { orderedAfter, idOf, tgwTables } from './helpers';
import { HubTransitGateway, TransitVpcAttachment } from '../../src/transit';
import { templateOf, testStack, testVpc } from '../support';

function hubStack() {
  const app = new App();
  const stack = testStack(app);
  return { app, stack };
}

describe('HubTransitGateway', () => {
  test('turns default route table association and propagation off, with the documented defaults', () => {
    const { stack } = hubStack();
    const hub = new HubTransitGateway(stack, 'Hub');
    const t = templateOf(stack);
    t.resourceCountIs('AWS::EC2::TransitGateway', 1);
    t.hasResourceProperties('AWS::EC2::TransitGateway', {
      AmazonSideAsn: 64512,
      DefaultRouteTableAssociation: 'disable',
      DefaultRouteTablePropagation: 'disable',
      DnsSupport: 'enable',
      VpnEcmpSupport: 'enable',
      SecurityGroupReferencingSupport: 'disable',
      AutoAcceptSharedAttachments: 'disable',
    });
    t.resourceCountIs('AWS::RAM::ResourceShare', 0);
    expect(hub.amazonSideAsn).toBe(64512);
    expect(stack.resolve(hub.transitGatewayId)).toEqual({ Ref: idOf(hub.transitGateway) });
  });

  test('DNS support, VPN ECMP and security-group referencing options', () => {
    const { stack } = hubStack();
    new HubTransitGateway(stack, 'Hub', {
      amazonSideAsn: 4200000000,
      dnsSupport: false,
      vpnEcmpSupport: false,
      securityGroupReferencing: true,
      description: 'core hub',
    });
    templateOf(stack).hasResourceProperties('AWS::EC2::TransitGateway', {
      AmazonSideAsn: 4200000000,
      DnsSupport: 'disable',
      VpnEcmpSupport: 'disable',
      SecurityGroupReferencingSupport: 'enable',
      Description: 'core hub',
    });
  });

  test.each([64512, 65534, 4200000000, 4294967294])('accepts the private ASN %d', (asn) => {
    const { stack } = hubStack();
    const hub = new HubTransitGateway(stack, 'Hub', { amazonSideAsn: asn });
    const t = templateOf(stack);
    t.resourceCountIs('AWS::EC2::TransitGateway', 1);
    t.hasResourceProperties('AWS::EC2::TransitGateway', { AmazonSideAsn: asn });
    expect(hub.amazonSideAsn).toBe(asn);
  });

  test.each([1, 64511, 65535, 4199999999, 4294967295, 64512.5])('refuses amazonSideAsn %d (NG-TGW-008)', (asn) => {
    const { stack } = hubStack();
    expect(() => new HubTransitGateway(stack, 'Hub', { amazonSideAsn: asn })).toThrow(
      `Stack/Hub: amazonSideAsn ${asn} is outside the private ASN ranges 64512-65534 and 4200000000-4294967294. Choose an ASN in one of them, such as 64512. (NG-TGW-008)`,
    );
  });

  test('shareWith creates one RAM resource share of the transit gateway, internal principals only by default', () => {
    const { stack } = hubStack();
    const principals = [
      '222222222222',
      'arn:aws:organizations::111111111111:organization/o-exampleorgid',
      'arn:aws:organizations::111111111111:ou/o-exampleorgid/ou-examplerootid-exampleouid',
    ];
    const hub = new HubTransitGateway(stack, 'Hub', { shareWith: principals, autoAcceptSharedAttachments: true });
    const t = templateOf(stack);
    t.resourceCountIs('AWS::RAM::ResourceShare', 1);
    t.hasResourceProperties('AWS::RAM::ResourceShare', {
      ResourceArns: [{ 'Fn::GetAtt': [idOf(hub.transitGateway), 'TransitGatewayArn'] }],
      Principals: principals,
      AllowExternalPrincipals: false,
    });
    t.hasResourceProperties('AWS::EC2::TransitGateway', { AutoAcceptSharedAttachments: 'enable' });
  });

  test('allowExternalPrincipals is passed to the share', () => {
    const { stack } = hubStack();
    new HubTransitGateway(stack, 'Hub', { shareWith: ['333333333333'], allowExternalPrincipals: true });
    templateOf(stack).hasResourceProperties('AWS::RAM::ResourceShare', { AllowExternalPrincipals: true });
  });

  test('refuses a shareWith principal that is no account, organization or OU', () => {
    const { stack } = hubStack();
    expect(() => new HubTransitGateway(stack, 'Hub', { shareWith: ['12345'] })).toThrow(
      "Stack/Hub: shareWith[0] '12345' is not a 12-digit account id, an organization ARN (arn:aws:organizations::111111111111:organization/o-exampleorgid) or an organizational unit ARN (arn:aws:organizations::111111111111:ou/o-exampleorgid/ou-examplerootid-exampleouid). Give one of those.",
    );
    expect(() => new HubTransitGateway(stack, 'Hub2', { shareWith: [] })).toThrow(
      'Stack/Hub2: shareWith is empty: give at least one principal, or leave shareWith out to not share.',
    );
  });
});

describe('segments', () => {
  test('each segment is one TGW route table of the hub', () => {
    const { stack } = hubStack();
    const hub = new HubTransitGateway(stack, 'Hub');
    const prod = hub.addSegment('prod');
    hub.addSegment('dev', { isolated: true });
    const t = templateOf(stack);
    t.resourceCountIs('AWS::EC2::TransitGatewayRouteTable', 2);
    t.hasResourceProperties('AWS::EC2::TransitGatewayRouteTable', {
      TransitGatewayId: { Ref: idOf(hub.transitGateway) },
    });
    expect(hub.segments.map((s) => s.segmentName)).toEqual(['prod', 'dev']);
    expect(hub.segment('prod')).toBe(prod);
    expect(idOf(prod.routeTable)).toMatch(/^HubSegmentprod/);
    // No attachment uses a prefix list yet: none is created.
    t.resourceCountIs('AWS::EC2::PrefixList', 0);
  });

  test('refuses a duplicate or malformed segment name', () => {
    const { stack } = hubStack();
    const hub = new HubTransitGateway(stack, 'Hub');
    hub.addSegment('prod');
    expect(() => hub.addSegment('prod')).toThrow(
      "Stack/Hub: addSegment: a segment named 'prod' already exists. Give each segment its own name.",
    );
    expect(() => hub.addSegment('my prod')).toThrow(
      "Stack/Hub: segment name 'my prod' is not valid: it names construct ids, so write letters, digits and single dashes (at most 64), such as 'prod' or 'shared-services'.",
    );
    expect(() => hub.segment('qa')).toThrow("Stack/Hub: no segment named 'qa'. Add it with addSegment('qa').");
  });

  function twoSegments(isolated: boolean, routeTo?: string[]) {
    const { app, stack } = hubStack();
    const hub = new HubTransitGateway(stack, 'Hub');
    const seg = hub.addSegment('apps', { isolated });
    const a = hub.attachVpc('A', { vpc: testVpc(stack, 'VpcA', '10.1.0.0/16'), segment: seg, routeTo });
    const b = hub.attachVpc('B', { vpc: testVpc(stack, 'VpcB', '10.2.0.0/16'), segment: seg, routeTo });
    const labels = { [idOf(seg.routeTable)]: 'apps', [idOf(a.attachment)]: 'A', [idOf(b.attachment)]: 'B' };
    return { app, stack, hub, seg, a, b, labels };
  }

  test('attachments of a non-isolated segment propagate into its table, so they reach each other', () => {
    const { stack, labels, seg } = twoSegments(false);
    const t = templateOf(stack);
    expect(tgwTables([t], labels)).toEqual({ apps: { associated: ['A', 'B'], propagated: ['A', 'B'], routes: {} } });
    t.hasResourceProperties('AWS::EC2::PrefixList', {
      Entries: [
        { Cidr: '10.1.0.0/16', Description: 'A' },
        { Cidr: '10.2.0.0/16', Description: 'B' },
      ],
      // A fixed capacity, not the number of entries: a spoke added later changes the entries only.
      MaxEntries: 20,
      AddressFamily: 'IPv4',
    });
    expect(seg.isolated).toBe(false);
  });

  test('attachments of an isolated segment do not propagate into their own table', () => {
    const { stack, labels } = twoSegments(true, ['10.0.0.0/8']);
    const t = templateOf(stack);
    expect(tgwTables([t], labels)).toEqual({ apps: { associated: ['A', 'B'], propagated: [], routes: {} } });
    t.resourceCountIs('AWS::EC2::TransitGatewayRouteTablePropagation', 0);
    t.resourceCountIs('AWS::EC2::PrefixList', 0);
  });

  test('an isolated segment that reaches nothing cannot route its spokes to its (empty) prefix list', () => {
    const { app } = twoSegments(true);
    expect(() => app.synth()).toThrow(
      "[Stack/Hub/Segment-apps] segment 'apps' reaches no IPv4 block (nothing propagates into it and it has no static route but default routes), so Stack/Hub/A, Stack/Hub/B would route to an empty prefix list. Share routes with another segment (shareRoutesWith), or give those attachments routeTo (such as ['0.0.0.0/0'] to send everything to the transit gateway).",
    );
  });

  test('shareRoutesWith propagates both ways, whatever the order of attach and share', () => {
    const { stack } = hubStack();
    const hub = new HubTransitGateway(stack, 'Hub');
    const prod = hub.addSegment('prod', { isolated: true });
    const shared = hub.addSegment('shared');
    const p = hub.attachVpc('P', { vpc: testVpc(stack, 'VpcP', '10.1.0.0/16'), segment: prod });
    prod.shareRoutesWith(shared);
    prod.shareRoutesWith(shared); // twice is once
    const s = hub.attachVpc('S', { vpc: testVpc(stack, 'VpcS', '10.9.0.0/16'), segment: shared });
    const labels = {
      [idOf(prod.routeTable)]: 'prod',
      [idOf(shared.routeTable)]: 'shared',
      [idOf(p.attachment)]: 'P',
      [idOf(s.attachment)]: 'S',
    };
    expect(tgwTables([templateOf(stack)], labels)).toEqual({
      prod: { associated: ['P'], propagated: ['S'], routes: {} },
      shared: { associated: ['S'], propagated: ['P', 'S'], routes: {} },
    });
    expect(prod.sharedWith).toEqual([shared]);
    expect(shared.sharedWith).toEqual([prod]);
  });

  test('refuses to share routes with itself or with a segment of another hub', () => {
    const { stack } = hubStack();
    const hub = new HubTransitGateway(stack, 'Hub');
    const other = new HubTransitGateway(stack, 'Other');
    const prod = hub.addSegment('prod');
    expect(() => prod.shareRoutesWith(prod)).toThrow(
      "Stack/Hub/Segment-prod: shareRoutesWith: segment 'prod' cannot share routes with itself. To let its attachments reach each other, create it without isolated: true.",
    );
    expect(() => prod.shareRoutesWith(other.addSegment('x'))).toThrow(
      "Stack/Hub/Segment-prod: shareRoutesWith: segment 'x' belongs to another hub (Stack/Other). Share routes only between segments of one HubTransitGateway; connect hubs with peerWith.",
    );
  });

  test('addStaticRoute creates the TGW route next to the attachment, DependsOn it; addBlackholeRoute drops', () => {
    const { stack, seg, a, labels } = twoSegments(true, ['10.0.0.0/8']);
    seg.addStaticRoute('0.0.0.0/0', a);
    seg.addBlackholeRoute('10.99.0.0/16');
    expect(stack.resolve(seg.prefixListId)).toEqual({ 'Fn::GetAtt': [idOf(seg.prefixList), 'PrefixListId'] });
    const t = templateOf(stack);
    expect(tgwTables([t], labels).apps.routes).toEqual({ '0.0.0.0/0': 'A', '10.99.0.0/16': 'blackhole' });
    const routes = t.findResources('AWS::EC2::TransitGatewayRoute', {
      Properties: { TransitGatewayAttachmentId: Match.anyValue() },
    });
    expect(Object.keys(routes)).toEqual([expect.stringMatching(/^HubARouteapps0000/)]);
    // Ordered after the attachment by its reference to it, with no redundant DependsOn (cfn-lint W3005).
    expect(orderedAfter(Object.values<any>(routes)[0], idOf(a.attachment))).toBe(true);
    expect(Object.values<any>(routes)[0].DependsOn).toBeUndefined();
    t.hasResourceProperties('AWS::EC2::TransitGatewayRoute', {
      DestinationCidrBlock: '10.99.0.0/16',
      Blackhole: true,
      TransitGatewayAttachmentId: Match.absent(),
    });
    // A default route is not put into the prefix list (used by no attachment here, so it may be empty).
    t.hasResourceProperties('AWS::EC2::PrefixList', { Entries: [], MaxEntries: 20 });
  });

  test('static route destinations other than default routes enter the segment prefix list', () => {
    const { stack, seg, a } = twoSegments(true);
    seg.addStaticRoute('172.16.0.0/12', a);
    templateOf(stack).hasResourceProperties('AWS::EC2::PrefixList', {
      Entries: [{ Cidr: '172.16.0.0/12', Description: 'static route' }],
    });
  });

  test('refuses two routes to one prefix in one table, and a route to an attachment of another hub (NG-TGW-006, NG-TGW-011)', () => {
    const { stack, seg, a } = twoSegments(true);
    seg.addBlackholeRoute('10.99.0.0/16');
    expect(() => seg.addStaticRoute('10.99.0.0/16', a)).toThrow(
      "Stack/Hub/Segment-apps: addStaticRoute: segment 'apps' already has a route to 10.99.0.0/16 (a blackhole route). A transit gateway route table takes one static or blackhole route per prefix: remove one of them. (NG-TGW-006)",
    );
    seg.addStaticRoute('172.16.0.0/12', a);
    expect(() => seg.addBlackholeRoute('172.16.0.0/12')).toThrow(
      "Stack/Hub/Segment-apps: addBlackholeRoute: segment 'apps' already has a route to 172.16.0.0/12 (Stack/Hub/A). A transit gateway route table takes one static or blackhole route per prefix: remove one of them. (NG-TGW-006)",
    );
    const other = new HubTransitGateway(stack, 'Other');
    const foreign = other.attachVpc('F', {
      vpc: testVpc(stack, 'VpcF', '10.5.0.0/16'),
      segment: other.addSegment('x'),
    });
    expect(() => seg.addStaticRoute('10.5.0.0/16', foreign)).toThrow(
      "Stack/Hub/Segment-apps: addStaticRoute: Stack/Other/F is not an attachment of hub Stack/Hub. Route only to attachments of the segment's own transit gateway. (NG-TGW-011)",
    );
    expect(() => seg.addBlackholeRoute('10.0.0.0/33')).toThrow(
      "Stack/Hub/Segment-apps: addBlackholeRoute cidr[0]: '10.0.0.0/33' is not a CIDR block.",
    );
  });
});

describe('attachVpc', () => {
  test('one subnet per AZ, association id derived from the segment, one prefix-list route per route table DependsOn the attachment', () => {
    const { stack } = hubStack();
    const hub = new HubTransitGateway(stack, 'Hub');
    const prod = hub.addSegment('prod');
    const vpc = testVpc(stack, 'Vpc', '10.1.0.0/16', 3);
    const att = hub.attachVpc('Orders', { vpc, segment: prod });
    const t = templateOf(stack);
    t.resourceCountIs('AWS::EC2::TransitGatewayAttachment', 1);
    t.hasResourceProperties('AWS::EC2::TransitGatewayAttachment', {
      TransitGatewayId: { Ref: idOf(hub.transitGateway) },
      VpcId: { Ref: Match.stringLikeRegexp('^Vpc') },
      SubnetIds: vpc.isolatedSubnets.map((s) => ({ Ref: idOf(s.node.defaultChild as ec2.CfnSubnet) })),
      Options: Match.absent(),
    });
    expect(att.availabilityZones).toHaveLength(3);
    expect(Object.keys(t.findResources('AWS::EC2::TransitGatewayRouteTableAssociation'))).toEqual([
      expect.stringMatching(/^HubOrdersAssociationprod/),
    ]);
    expect(Object.keys(t.findResources('AWS::EC2::TransitGatewayRouteTablePropagation'))).toEqual([
      expect.stringMatching(/^HubOrdersPropagationprod/),
    ]);
    const routes = t.findResources('AWS::EC2::Route', { Properties: { TransitGatewayId: Match.anyValue() } });
    // 3 AZs x (public + private) = 6 route tables, one route each.
    expect(Object.keys(routes)).toHaveLength(6);
    const tables = new Set(Object.values<any>(routes).map((r) => r.Properties.RouteTableId.Ref));
    expect(tables.size).toBe(6);
    for (const r of Object.values<any>(routes)) {
      expect(r.DependsOn).toEqual([idOf(att.attachment)]);
      expect(r.Properties.DestinationPrefixListId).toEqual({
        'Fn::GetAtt': [idOf(prod.prefixList), 'PrefixListId'],
      });
      expect(r.Properties.DestinationCidrBlock).toBeUndefined();
    }
    expect(att.routes).toHaveLength(6);
  });

  test('moving an attachment to another segment changes the association and propagation logical ids', () => {
    const ids = (segmentName: string) => {
      const { stack } = hubStack();
      const hub = new HubTransitGateway(stack, 'Hub');
      hub.addSegment('prod');
      hub.addSegment('dev');
      hub.attachVpc('Orders', { vpc: testVpc(stack, 'Vpc', '10.1.0.0/16'), segment: hub.segment(segmentName) });
      const t = templateOf(stack);
      return {
        association: Object.keys(t.findResources('AWS::EC2::TransitGatewayRouteTableAssociation')),
        attachment: Object.keys(t.findResources('AWS::EC2::TransitGatewayAttachment')),
        routes: Object.keys(t.findResources('AWS::EC2::Route', { Properties: { TransitGatewayId: Match.anyValue() } })),
      };
    };
    const prod = ids('prod');
    const dev = ids('dev');
    expect(prod.association[0]).toMatch(/Associationprod/);
    expect(dev.association[0]).toMatch(/Associationdev/);
    // The attachment and the VPC routes keep their ids: only what names the route table is new.
    expect(prod.attachment).toEqual(dev.attachment);
    expect(prod.routes).toEqual(dev.routes);
  });

  test('routeTo replaces the prefix list with the given summary routes, each DependsOn the attachment', () => {
    const { stack } = hubStack();
    const hub = new HubTransitGateway(stack, 'Hub');
    const att = hub.attachVpc('A', {
      vpc: testVpc(stack, 'Vpc', '10.1.0.0/16'),
      segment: hub.addSegment('prod'),
      routeTo: ['10.0.0.0/8', '172.16.0.0/12'],
      routeTables: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    const t = templateOf(stack);
    const routes = Object.values<any>(
      t.findResources('AWS::EC2::Route', { Properties: { TransitGatewayId: Match.anyValue() } }),
    );
    // 2 private route tables x 2 blocks.
    expect(routes).toHaveLength(4);
    expect(routes.map((r) => r.Properties.DestinationCidrBlock).sort()).toEqual([
      '10.0.0.0/8',
      '10.0.0.0/8',
      '172.16.0.0/12',
      '172.16.0.0/12',
    ]);
    for (const r of routes) {
      expect(r.DependsOn).toEqual([idOf(att.attachment)]);
      expect(r.Properties.RouteTableId.Ref).toMatch(/^VpcPrivate/);
    }
    t.resourceCountIs('AWS::EC2::PrefixList', 0);
  });

  test('subnets, appliance mode and DNS support options', () => {
    const { stack } = hubStack();
    const hub = new HubTransitGateway(stack, 'Hub');
    const vpc = testVpc(stack, 'Vpc', '10.1.0.0/16');
    hub.attachVpc('A', {
      vpc,
      segment: hub.addSegment('prod'),
      subnets: { subnetType: ec2.SubnetType.PUBLIC },
      applianceMode: true,
      dnsSupport: false,
    });
    templateOf(stack).hasResourceProperties('AWS::EC2::TransitGatewayAttachment', {
      SubnetIds: vpc.publicSubnets.map((s) => ({ Ref: idOf(s.node.defaultChild as ec2.CfnSubnet) })),
      Options: { ApplianceModeSupport: 'enable', DnsSupport: 'disable' },
    });
  });

  test('refuses two subnets in one AZ (NG-TGW-002)', () => {
    const { stack } = hubStack();
    const hub = new HubTransitGateway(stack, 'Hub');
    const vpc = testVpc(stack, 'Vpc', '10.1.0.0/16', 2);
    expect(() =>
      hub.attachVpc('A', {
        vpc,
        segment: hub.addSegment('prod'),
        subnets: { subnets: [vpc.publicSubnets[0], vpc.isolatedSubnets[0]] },
      }),
    ).toThrow(
      `Stack/Hub/A: subnets selects two subnets in ${vpc.publicSubnets[0].availabilityZone} (Stack/Vpc/PublicSubnet1 and Stack/Vpc/PrivateSubnet1): a transit gateway VPC attachment takes one subnet per Availability Zone. Add onePerAz: true to the selection, or select one subnet group. (NG-TGW-002)`,
    );
    templateOf(stack).resourceCountIs('AWS::EC2::TransitGatewayAttachment', 0);
  });

  test('refuses the same VPC twice (NG-TGW-015)', () => {
    const { stack } = hubStack();
    const hub = new HubTransitGateway(stack, 'Hub');
    const vpc = testVpc(stack, 'Vpc', '10.1.0.0/16');
    const prod = hub.addSegment('prod');
    hub.attachVpc('A', { vpc, segment: prod });
    expect(() => hub.attachVpc('B', { vpc, segment: hub.addSegment('dev') })).toThrow(
      'Stack/Hub/B: vpc Stack/Vpc is already attached to this hub by Stack/Hub/A. A VPC has one attachment to a transit gateway: remove one of them. (NG-TGW-015)',
    );
    templateOf(stack).resourceCountIs('AWS::EC2::TransitGatewayAttachment', 1);
  });

  test('refuses a segment of another hub, a routeTo inside the VPC and an empty routeTo', () => {
    const { stack } = hubStack();
    const hub = new HubTransitGateway(stack, 'Hub');
    const other = new HubTransitGateway(stack, 'Other');
    const vpc = testVpc(stack, 'Vpc', '10.1.0.0/16');
    expect(() => hub.attachVpc('A', { vpc, segment: other.addSegment('x') })).toThrow(
      "Stack/Hub/A: segment 'x' belongs to hub Stack/Other, not to Stack/Hub. Use a segment of the hub you attach to. (NG-TGW-011)",
    );
    const prod = hub.addSegment('prod');
    expect(() => hub.attachVpc('B', { vpc, segment: prod, routeTo: ['10.1.2.0/24'] })).toThrow(
      'Stack/Hub/B: routeTo 10.1.2.0/24 lies inside 10.1.0.0/16, a CIDR block of vpc Stack/Vpc: the local route already covers it and AWS refuses the route. Route only to blocks outside the VPC. (NG-RT-003)',
    );
    expect(() => hub.attachVpc('C', { vpc, segment: prod, routeTo: [] })).toThrow(
      "Stack/Hub/C: routeTo is empty: give your summary routes (such as ['10.0.0.0/8']), or leave routeTo out to route to the segment's prefix list.",
    );
    expect(() => hub.attachVpc('D', { vpc, segment: prod, routeTo: ['10.0.0.0/99'] })).toThrow(
      "Stack/Hub/D: routeTo[0]: '10.0.0.0/99' is not a CIDR block.",
    );
  });

  test('an imported VPC with an unknown block: error unless routeTo; a prefix list that would list it fails synth', () => {
    const { app, stack } = hubStack();
    const hub = new HubTransitGateway(stack, 'Hub');
    const prod = hub.addSegment('prod');
    const imported = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-0123456789abcdef0',
      vpcCidrBlock: Fn.importValue('VpcCidr'),
      availabilityZones: ['us-east-1a'],
      isolatedSubnetIds: ['subnet-0123456789abcdef0'],
      isolatedSubnetRouteTableIds: ['rtb-0123456789abcdef0'],
    });
    expect(() => hub.attachVpc('I', { vpc: imported, segment: prod })).toThrow(
      "Stack/Hub/I: vpc Stack/Imported has a CIDR block that is not known at synth, so segment 'prod''s managed prefix list cannot list it. Give routeTo (your summary routes, such as ['10.0.0.0/8']) to the attachments of this segment, or import the VPC with a literal vpcCidrBlock.",
    );
    hub.attachVpc('I2', { vpc: imported, segment: prod, routeTo: ['10.0.0.0/8'] });
    hub.attachVpc('K', { vpc: testVpc(stack, 'Vpc', '10.1.0.0/16'), segment: prod });
    expect(() => app.synth()).toThrow(
      /segment 'prod' reaches Stack\/Hub\/I2 \(primary\), whose CIDR block is not known at synth, so its managed prefix list cannot list it\. Give the VPCs attached to segment 'prod' routeTo/,
    );
  });

  test('an attachment that leaves an AZ uncovered warns (NG-TGW-003)', () => {
    const { stack } = hubStack();
    const hub = new HubTransitGateway(stack, 'Hub');
    const vpc = testVpc(stack, 'Vpc', '10.1.0.0/16', 2);
    hub.attachVpc('A', { vpc, segment: hub.addSegment('prod'), subnets: { subnets: [vpc.isolatedSubnets[0]] } });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('NG-TGW-003'));
    // The public and private route tables of the second AZ.
    expect(warnings).toHaveLength(2);
  });

  test('a VPC in a stack of another account cannot be attached directly', () => {
    const app = new App();
    const stack = testStack(app);
    const other = new Stack(app, 'Other', { env: { account: '222222222222', region: 'us-east-1' } });
    const hub = new HubTransitGateway(stack, 'Hub');
    expect(() =>
      hub.attachVpc('X', { vpc: testVpc(other, 'Vpc', '10.1.0.0/16'), segment: hub.addSegment('prod') }),
    ).toThrow(
      "Stack/Hub: attachVpc 'X': vpc Other/Vpc is in 222222222222/us-east-1, but the hub is in 111111111111/us-east-1, and CloudFormation cannot reference across accounts or Regions. Share the hub (shareWith), create a TransitSpoke in the VPC's stack with the transit gateway id, and call hub.associateSpoke with its attachment id.",
    );
  });
});

describe('edge inputs', () => {
  test('a TransitVpcAttachment built directly in a stack of another account is refused', () => {
    const app = new App();
    const stack = testStack(app);
    const other = new Stack(app, 'Other', { env: { account: '222222222222', region: 'us-east-1' } });
    const hub = new HubTransitGateway(stack, 'Hub');
    expect(
      () =>
        new TransitVpcAttachment(other, 'Att', {
          hub,
          vpc: testVpc(other, 'Vpc', '10.1.0.0/16'),
          segment: hub.addSegment('prod'),
        }),
    ).toThrow(
      "Other/Att: this attachment is in 222222222222/us-east-1, but hub Stack/Hub is in 111111111111/us-east-1. Across accounts or Regions, create a TransitSpoke in the VPC's stack and call hub.associateSpoke.",
    );
  });

  test('static VPN routes and TGW route destinations must be literals; a token routeTo is kept', () => {
    const { stack } = hubStack();
    const hub = new HubTransitGateway(stack, 'Hub');
    const seg = hub.addSegment('onprem', { isolated: true });
    expect(() =>
      hub.attachVpn('Vpn', { customerGatewayIp: '203.0.113.12', segment: seg, staticRoutes: [Fn.importValue('Cidr')] }),
    ).toThrow(
      /^Stack\/Hub\/Vpn: staticRoutes\[0\] is a token \(.*\), but it must be known at synth\. Write the block as a literal such as '10\.0\.0\.0\/8'\.$/,
    );
    const att = hub.attachVpc('A', {
      vpc: testVpc(stack, 'Vpc', '10.1.0.0/16'),
      segment: seg,
      routeTo: [Fn.importValue('Summary')],
    });
    expect(() => seg.addStaticRoute(Fn.importValue('Other'), att)).toThrow(
      /^Stack\/Hub\/Segment-onprem: addStaticRoute cidr\[0\] is a token \(.*\), but it must be known at synth\./,
    );
    expect(() => seg.addBlackholeRoute(Fn.importValue('Other'))).toThrow(/addBlackholeRoute cidr\[0\] is a token/);
    const t = templateOf(stack);
    t.hasResourceProperties('AWS::EC2::Route', { DestinationCidrBlock: { 'Fn::ImportValue': 'Summary' } });
    t.resourceCountIs('AWS::EC2::TransitGatewayRoute', 0);
    expect(hub.attachments).toEqual([att]);
  });
});
