/**
 * `TransitVpcAttachment` (src/transit/transit-vpc-attachment.ts) on its own: the attachment, its association,
 * its routes, its options, and what it refuses before creating anything.
 */
import { App, Fn, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { idOf, orderedAfter, tgwTables } from './helpers';
import { HubTransitGateway, TransitVpcAttachment } from '../../src/transit';
import { OTHER_ACCOUNT, templateOf, testStack, testVpc } from '../support';

function build() {
  const app = new App();
  const stack = testStack(app);
  const hub = new HubTransitGateway(stack, 'Hub');
  const prod = hub.addSegment('prod');
  return { app, stack, hub, prod };
}

function subnetRefs(stack: Stack, subnets: ec2.ISubnet[]) {
  return subnets.map((s) => ({ Ref: stack.getLogicalId(s.node.defaultChild as ec2.CfnSubnet) }));
}

describe('TransitVpcAttachment', () => {
  test('built directly: attachment in one subnet per AZ (private first), association, propagation, prefix-list routes', () => {
    const { stack, hub, prod } = build();
    const vpc = testVpc(stack, 'Vpc', '10.1.0.0/16', 2);
    const a = new TransitVpcAttachment(stack, 'App', { hub, vpc, segment: prod });
    const t = templateOf(stack);
    const attachments = t.findResources('AWS::EC2::TransitGatewayAttachment');
    expect(Object.keys(attachments)).toEqual([idOf(a.attachment)]);
    expect(Object.values<any>(attachments)[0].Properties).toEqual({
      TransitGatewayId: { Ref: idOf(hub.transitGateway) },
      VpcId: { Ref: stack.getLogicalId(vpc.node.defaultChild as ec2.CfnVPC) },
      SubnetIds: subnetRefs(stack, vpc.isolatedSubnets),
      Tags: [{ Key: 'Name', Value: 'Stack/App' }],
    });
    expect(stack.resolve(a.transitGatewayAttachmentId)).toEqual({ Ref: idOf(a.attachment) });
    expect(a.vpc).toBe(vpc);
    expect(a.segment).toBe(prod);
    expect(a.availabilityZones).toEqual(vpc.availabilityZones);
    expect(a.applianceModeEnabled).toBe(false);
    // The association is the one of the segment's table; the segment (not isolated) gets the propagation.
    const view = tgwTables([t], { [idOf(prod.routeTable)]: 'prod', [idOf(a.attachment)]: 'App' });
    expect(view.prod).toEqual({ associated: ['App'], propagated: ['App'], routes: {} });
    t.hasResourceProperties('AWS::EC2::TransitGatewayRouteTableAssociation', {
      TransitGatewayAttachmentId: { Ref: idOf(a.attachment) },
    });
    expect(idOf(a.association)).toBe(Object.keys(t.findResources('AWS::EC2::TransitGatewayRouteTableAssociation'))[0]);
    // One route per route table (2 AZs x public and private) to the segment's prefix list, after the attachment.
    expect(a.routes).toHaveLength(4);
    for (const route of a.routes) {
      const r = t.toJSON().Resources[idOf(route)];
      expect(r.Properties).toMatchObject({
        DestinationPrefixListId: { 'Fn::GetAtt': [idOf(prod.prefixList), 'PrefixListId'] },
        TransitGatewayId: { Ref: idOf(hub.transitGateway) },
      });
      expect(r.DependsOn).toEqual([idOf(a.attachment)]);
    }
  });

  test.each([
    ['in the hub stack', false],
    ['in a spoke stack', true],
  ])(
    'association and propagations (%s) are ordered after the attachment by their Ref to it, with no DependsOn (cfn-lint W3005)',
    (_, crossStack) => {
      const { app, stack, hub, prod } = build();
      const spokes = crossStack ? testStack(app, 'Spokes') : stack;
      const shared = hub.addSegment('shared');
      prod.shareRoutesWith(shared);
      const a = hub.attachVpc('App', { vpc: testVpc(spokes, 'Vpc', '10.1.0.0/16', 1), segment: prod });
      const resources = templateOf(spokes).toJSON().Resources;
      const attachmentId = idOf(a.attachment);
      const dependants = Object.values<any>(resources).filter((r) =>
        ['AWS::EC2::TransitGatewayRouteTableAssociation', 'AWS::EC2::TransitGatewayRouteTablePropagation'].includes(
          r.Type,
        ),
      );
      // One association, a propagation into its own segment and one into the segment it shares routes with.
      expect(dependants.map((r) => r.Type).sort()).toEqual([
        'AWS::EC2::TransitGatewayRouteTableAssociation',
        'AWS::EC2::TransitGatewayRouteTablePropagation',
        'AWS::EC2::TransitGatewayRouteTablePropagation',
      ]);
      for (const r of dependants) {
        // CloudFormation creates it after the attachment because it references the attachment ...
        expect(r.Properties.TransitGatewayAttachmentId).toEqual({ Ref: attachmentId });
        expect(orderedAfter(r, attachmentId)).toBe(true);
        // ... so a DependsOn next to the reference would be redundant.
        expect(r.DependsOn).toBeUndefined();
      }
      // The VPC routes name only the transit gateway and the prefix list: they need the DependsOn (AWS refuses a
      // route to a transit gateway the VPC is not attached to yet).
      const routes = Object.values<any>(resources).filter(
        (r) => r.Type === 'AWS::EC2::Route' && r.Properties.TransitGatewayId !== undefined,
      );
      expect(routes).toHaveLength(2);
      for (const r of routes) expect(r.DependsOn).toEqual([attachmentId]);
    },
  );

  test('hub.attachVpc builds the same attachment under the hub', () => {
    const { stack, hub, prod } = build();
    const a = hub.attachVpc('App', { vpc: testVpc(stack, 'Vpc', '10.1.0.0/16', 1), segment: prod });
    expect(a).toBeInstanceOf(TransitVpcAttachment);
    expect(a.node.path).toBe('Stack/Hub/App');
    templateOf(stack).hasResourceProperties('AWS::EC2::TransitGatewayAttachment', {
      Tags: [{ Key: 'Name', Value: 'Stack/Hub/App' }],
    });
  });

  test.each([
    [{}, Match.absent()],
    [{ dnsSupport: false }, { DnsSupport: 'disable' }],
    [{ applianceMode: true }, { ApplianceModeSupport: 'enable' }],
    [
      { applianceMode: true, dnsSupport: false },
      { ApplianceModeSupport: 'enable', DnsSupport: 'disable' },
    ],
  ])('options %j give Options %j', (options, expected) => {
    const { stack, hub, prod } = build();
    const vpc = testVpc(stack, 'Vpc', '10.1.0.0/16', 1, {
      subnetConfiguration: [
        { name: 'Attach', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 28 },
        { name: 'App', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    const a = hub.attachVpc('App', {
      vpc,
      segment: prod,
      subnets: { subnetGroupName: 'Attach' },
      ...options,
    });
    templateOf(stack).hasResourceProperties('AWS::EC2::TransitGatewayAttachment', { Options: expected });
    expect(a.applianceModeEnabled).toBe((options as { applianceMode?: boolean }).applianceMode === true);
  });

  test('subnets and routeTables selections: the attachment subnets given, routes only in the tables selected', () => {
    const { stack, hub, prod } = build();
    const vpc = testVpc(stack, 'Vpc', '10.1.0.0/16', 2);
    const a = hub.attachVpc('App', {
      vpc,
      segment: prod,
      subnets: { subnetType: ec2.SubnetType.PUBLIC },
      routeTables: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    const t = templateOf(stack);
    t.hasResourceProperties('AWS::EC2::TransitGatewayAttachment', { SubnetIds: subnetRefs(stack, vpc.publicSubnets) });
    const tables = vpc.isolatedSubnets.map((s) => stack.resolve(s.routeTable.routeTableId));
    expect(a.routes.map((r) => stack.resolve(r.routeTableId))).toEqual(tables);
    t.resourcePropertiesCountIs('AWS::EC2::Route', { TransitGatewayId: Match.anyValue() }, 2);
  });

  test('routeTo: one route per route table and block instead of the prefix list, each after the attachment', () => {
    const { stack, hub, prod } = build();
    const a = hub.attachVpc('App', {
      vpc: testVpc(stack, 'Vpc', '10.1.0.0/16', 1),
      segment: prod,
      routeTo: ['10.0.0.0/8', '172.16.0.0/12'],
    });
    const t = templateOf(stack);
    expect(a.routes).toHaveLength(4);
    const routes = Object.values<any>(
      t.findResources('AWS::EC2::Route', { Properties: { TransitGatewayId: Match.anyValue() } }),
    );
    expect(routes.map((r) => r.Properties.DestinationCidrBlock).sort()).toEqual([
      '10.0.0.0/8',
      '10.0.0.0/8',
      '172.16.0.0/12',
      '172.16.0.0/12',
    ]);
    for (const r of routes) {
      expect(r.Properties.DestinationPrefixListId).toBeUndefined();
      expect(r.DependsOn).toEqual([idOf(a.attachment)]);
    }
    // Nothing routes to the prefix list, so the hub (not shared) creates none... but the segment's blocks are known.
    t.resourceCountIs('AWS::EC2::PrefixList', 0);
  });

  test('a token routeTo is kept as given', () => {
    const { stack, hub, prod } = build();
    hub.attachVpc('App', {
      vpc: testVpc(stack, 'Vpc', '10.1.0.0/16', 1),
      segment: prod,
      routeTo: [Fn.importValue('Summary')],
    });
    templateOf(stack).resourcePropertiesCountIs(
      'AWS::EC2::Route',
      { DestinationCidrBlock: { 'Fn::ImportValue': 'Summary' }, TransitGatewayId: Match.anyValue() },
      2,
    );
  });

  test('a route table in an AZ the attachment does not cover warns (NG-TGW-003)', () => {
    const { stack, hub, prod } = build();
    const vpc = testVpc(stack, 'Vpc', '10.1.0.0/16', 2);
    hub.attachVpc('App', {
      vpc,
      segment: prod,
      subnets: { subnets: [vpc.isolatedSubnets[0]] },
    });
    templateOf(stack).resourceCountIs('AWS::EC2::TransitGatewayAttachment', 1);
    const warnings = Annotations.fromStack(stack).findWarning('/Stack/Hub/App', Match.stringLikeRegexp('NG-TGW-003'));
    // The public and the private route table of the second AZ.
    expect(warnings).toHaveLength(2);
    expect(warnings[0].entry.data).toMatch(
      new RegExp(`serves subnets in ${vpc.availabilityZones[1]} only, where the attachment has no subnet`),
    );
  });
});

describe('TransitVpcAttachment secondary blocks in the segment prefix list', () => {
  test('lists every IPv4 block of each spoke, associated before or after attachVpc, once each (pre-order of the stack)', () => {
    const { app, hub, prod } = build();
    const spokes = testStack(app, 'Spokes');
    const a = testVpc(spokes, 'A', '10.1.0.0/16', 1);
    new ec2.CfnVPCCidrBlock(spokes, 'ABefore', { vpcId: a.vpcId, cidrBlock: '100.64.0.0/20' });
    hub.attachVpc('A', { vpc: a, segment: prod });
    const b = testVpc(spokes, 'B', '10.2.0.0/16', 1);
    hub.attachVpc('B', { vpc: b, segment: prod });
    // Associated after both attachments, under another construct: the prefix list is rendered at synth and has it.
    new ec2.CfnVPCCidrBlock(a, 'AAfter', { vpcId: a.vpcId, cidrBlock: '100.64.16.0/20' });
    new ec2.CfnVPCCidrBlock(spokes, 'BAfter', { vpcId: b.vpcId, cidrBlock: '100.64.32.0/20' });
    // An IPv6 block enters no IPv4 prefix list.
    new ec2.CfnVPCCidrBlock(spokes, 'BIpv6', { vpcId: b.vpcId, amazonProvidedIpv6CidrBlock: true });
    const list = Object.values<any>(templateOf(Stack.of(hub)).findResources('AWS::EC2::PrefixList'))[0];
    expect(list.Properties.Entries.map((e: any) => e.Cidr)).toEqual([
      '10.1.0.0/16',
      '100.64.16.0/20',
      '100.64.0.0/20',
      '10.2.0.0/16',
      '100.64.32.0/20',
    ]);
    expect(list.Properties.MaxEntries).toBe(20);
  });
});

describe('TransitVpcAttachment refuses, creating nothing', () => {
  function refused(make: (ctx: ReturnType<typeof build>) => void, error: RegExp | string) {
    const ctx = build();
    expect(() => make(ctx)).toThrow(error);
    const t = templateOf(ctx.stack);
    t.resourceCountIs('AWS::EC2::TransitGatewayAttachment', 0);
    t.resourceCountIs('AWS::EC2::TransitGatewayRouteTableAssociation', 0);
    t.resourcePropertiesCountIs('AWS::EC2::Route', { TransitGatewayId: Match.anyValue() }, 0);
  }

  test('an empty routeTo', () => {
    refused(
      ({ stack, hub, prod }) =>
        hub.attachVpc('App', { vpc: testVpc(stack, 'Vpc', '10.1.0.0/16', 1), segment: prod, routeTo: [] }),
      "Stack/Hub/App: routeTo is empty: give your summary routes (such as ['10.0.0.0/8']), or leave routeTo out to route to the segment's prefix list.",
    );
  });

  test('a routeTo inside the VPC (NG-RT-003)', () => {
    refused(
      ({ stack, hub, prod }) =>
        hub.attachVpc('App', {
          vpc: testVpc(stack, 'Vpc', '10.1.0.0/16', 1),
          segment: prod,
          routeTo: ['10.0.0.0/8', '10.1.2.0/24'],
        }),
      'Stack/Hub/App: routeTo 10.1.2.0/24 lies inside 10.1.0.0/16, a CIDR block of vpc Stack/Vpc: the local route already covers it and AWS refuses the route. Route only to blocks outside the VPC. (NG-RT-003)',
    );
  });

  test('a block listed twice in routeTo, however written', () => {
    refused(
      ({ stack, hub, prod }) =>
        hub.attachVpc('App', {
          vpc: testVpc(stack, 'Vpc', '10.1.0.0/16', 1),
          segment: prod,
          routeTo: ['10.0.0.0/8', '172.16.0.0/12', '10.9.0.0/8'],
        }),
      'Stack/Hub/App: routeTo[2] 10.9.0.0/8 is the same block as routeTo[0] (10.0.0.0/8): list each block once.',
    );
  });

  test.each(['10.0.0.0/33', '300.0.0.0/8', 'ten/8'])('a routeTo that is not a block: %s', (bad) => {
    refused(
      ({ stack, hub, prod }) =>
        hub.attachVpc('App', { vpc: testVpc(stack, 'Vpc', '10.1.0.0/16', 1), segment: prod, routeTo: [bad] }),
      new RegExp(`Stack/Hub/App: routeTo\\[0\\]: '${bad.replace(/\./g, '\\.')}' is not a CIDR block`),
    );
  });

  // ipaddr.js alone accepts the classful and numeric IPv4 forms ('10/8', hex '0xa.0.0.0/8', octal '010.0.0.0/8' read as
  // 8.0.0.0/8), which AWS refuses and which the overlap and containment checks would judge as another block.
  test.each(['10/8', '10.0.0/8', '010.0.0.0/8', '0xa.0.0.0/8'])(
    'a routeTo in a non-dotted-quad form is refused: %s',
    (bad) => {
      refused(
        ({ stack, hub, prod }) =>
          hub.attachVpc('App', { vpc: testVpc(stack, 'Vpc', '10.1.0.0/16', 1), segment: prod, routeTo: [bad] }),
        /routeTo\[0\]: '.*' is not a CIDR block/,
      );
    },
  );

  test('a VPC whose block is unknown at synth, without routeTo, in a segment that lists it', () => {
    refused(
      ({ stack, hub, prod }) =>
        hub.attachVpc('App', {
          vpc: ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
            vpcId: 'vpc-0a',
            vpcCidrBlock: Fn.importValue('Cidr'),
            availabilityZones: ['us-east-1a'],
            isolatedSubnetIds: ['subnet-0a'],
            isolatedSubnetRouteTableIds: ['rtb-0a'],
          }),
          segment: prod,
        }),
      /vpc Stack\/Imported has a CIDR block that is not known at synth, so segment 'prod''s managed prefix list cannot list it\. Give routeTo/,
    );
  });

  test('a segment of another hub (NG-TGW-011)', () => {
    refused(({ stack, hub }) => {
      const other = new HubTransitGateway(stack, 'Other').addSegment('x');
      hub.attachVpc('App', { vpc: testVpc(stack, 'Vpc', '10.1.0.0/16', 1), segment: other });
    }, /Stack\/Hub\/App: segment 'x' belongs to hub Stack\/Other, not to Stack\/Hub\..*\(NG-TGW-011\)/);
  });

  test('two subnets in one AZ (NG-TGW-002)', () => {
    refused(({ stack, hub, prod }) => {
      const vpc = testVpc(stack, 'Vpc', '10.1.0.0/16', 1);
      hub.attachVpc('App', {
        vpc,
        segment: prod,
        subnets: { subnets: [vpc.publicSubnets[0], vpc.isolatedSubnets[0]] },
      });
    }, /subnets selects two subnets in .* a transit gateway VPC attachment takes one subnet per Availability Zone.*\(NG-TGW-002\)/);
  });

  test('a selection of no subnet', () => {
    refused(({ stack, hub, prod }) => {
      const vpc = testVpc(stack, 'Vpc', '10.1.0.0/16', 1);
      hub.attachVpc('App', { vpc, segment: prod, subnets: { subnets: [] } });
    }, /Stack\/Hub\/App: subnets selects no subnet of vpc Stack\/Vpc\. Select one subnet per Availability Zone/);
  });

  test('appliance mode with routeTables selecting the attachment subnets', () => {
    refused(({ stack, hub, prod }) => {
      const vpc = testVpc(stack, 'Vpc', '10.1.0.0/16', 1);
      hub.attachVpc('App', {
        vpc,
        segment: prod,
        applianceMode: true,
        subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        routeTables: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
      });
    }, /applianceMode: routeTables selects Stack\/Vpc\/PrivateSubnet1\/?.*, a subnet of this appliance-mode attachment/);
  });

  test('a VPC stack in another account or Region than the hub', () => {
    for (const env of [
      { account: OTHER_ACCOUNT, region: 'us-east-1' },
      { account: '111111111111', region: 'eu-west-1' },
    ]) {
      const app = new App();
      const hub = new HubTransitGateway(testStack(app, 'HubStack'), 'Hub');
      const prod = hub.addSegment('prod');
      const other = testStack(app, 'Spoke', { env });
      expect(
        () =>
          new TransitVpcAttachment(other, 'App', { hub, vpc: testVpc(other, 'Vpc', '10.1.0.0/16', 1), segment: prod }),
      ).toThrow(
        new RegExp(
          `this attachment is in ${env.account}/${env.region}, but hub HubStack/Hub is in 111111111111/us-east-1\\. Across accounts or Regions, create a TransitSpoke in the VPC's stack and call hub\\.associateSpoke\\.`,
        ),
      );
      templateOf(other).resourceCountIs('AWS::EC2::TransitGatewayAttachment', 0);
    }
  });

  test('the same VPC twice (NG-TGW-015)', () => {
    const { stack, hub, prod } = build();
    const vpc = testVpc(stack, 'Vpc', '10.1.0.0/16', 1);
    hub.attachVpc('App', { vpc, segment: prod });
    expect(() => hub.attachVpc('Again', { vpc, segment: prod })).toThrow(
      /Stack\/Hub\/Again: vpc Stack\/Vpc is already attached to this hub by Stack\/Hub\/App\..*\(NG-TGW-015\)/,
    );
    templateOf(stack).resourceCountIs('AWS::EC2::TransitGatewayAttachment', 1);
  });
});
