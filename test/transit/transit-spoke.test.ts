/**
 * `TransitSpoke` and `TransitSpokeAssociation` (src/transit/transit-spoke.ts) on their own: the spoke's half in its
 * own account, the hub's half, and what each refuses before creating anything.
 */
import { App, Fn, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { idOf, tgwTables } from './helpers';
import { HubTransitGateway, TransitSpoke, TransitSpokeAssociation } from '../../src/transit';
import { OTHER_ACCOUNT, REGION, templateOf, testStack, testVpc } from '../support';

const TGW = 'tgw-0123456789abcdef0';
const ATTACHMENT = 'tgw-attach-0123456789abcdef0';

function spokeStack() {
  const app = new App();
  const stack = new Stack(app, 'SpokeStack', { env: { account: OTHER_ACCOUNT, region: REGION } });
  return { app, stack };
}

function subnetRefs(stack: Stack, subnets: ec2.ISubnet[]) {
  return subnets.map((s) => ({ Ref: stack.getLogicalId(s.node.defaultChild as ec2.CfnSubnet) }));
}

/** The spoke's routes through the transit gateway, by logical id. */
function tgwRoutes(stack: Stack): Record<string, any> {
  return templateOf(stack).findResources('AWS::EC2::Route', { Properties: { TransitGatewayId: TGW } });
}

describe('TransitSpoke', () => {
  test('routeTo: the attachment from the TGW id, one subnet per AZ, and one route per route table and block after it', () => {
    const { stack } = spokeStack();
    const vpc = testVpc(stack, 'Vpc', '10.20.0.0/16', 2);
    const spoke = new TransitSpoke(stack, 'Spoke', {
      transitGatewayId: TGW,
      vpc,
      routeTo: ['10.0.0.0/8', '172.16.0.0/12'],
    });
    const t = templateOf(stack);
    const attachments = t.findResources('AWS::EC2::TransitGatewayAttachment');
    expect(Object.keys(attachments)).toEqual([idOf(spoke.attachment)]);
    expect(Object.values<any>(attachments)[0].Properties).toEqual({
      TransitGatewayId: TGW,
      VpcId: { Ref: stack.getLogicalId(vpc.node.defaultChild as ec2.CfnVPC) },
      SubnetIds: subnetRefs(stack, vpc.isolatedSubnets),
      Tags: [{ Key: 'Name', Value: 'SpokeStack/Spoke' }],
    });
    expect(stack.resolve(spoke.transitGatewayAttachmentId)).toEqual({ Ref: idOf(spoke.attachment) });
    // 4 route tables (2 AZs, public and private) x 2 blocks.
    const routes = tgwRoutes(stack);
    expect(Object.keys(routes).sort()).toEqual(spoke.routes.map((r) => idOf(r)).sort());
    expect(spoke.routes).toHaveLength(8);
    for (const r of Object.values<any>(routes)) {
      expect(['10.0.0.0/8', '172.16.0.0/12']).toContain(r.Properties.DestinationCidrBlock);
      expect(r.DependsOn).toEqual([idOf(spoke.attachment)]);
    }
    // The spoke's stack holds no association or propagation: the hub makes those.
    t.resourceCountIs('AWS::EC2::TransitGatewayRouteTableAssociation', 0);
    t.resourceCountIs('AWS::EC2::TransitGatewayRouteTablePropagation', 0);
  });

  test('prefixListId: one route per route table to the shared prefix list, after the attachment', () => {
    const { stack } = spokeStack();
    const spoke = new TransitSpoke(stack, 'Spoke', {
      transitGatewayId: TGW,
      vpc: testVpc(stack, 'Vpc', '10.20.0.0/16', 1),
      prefixListId: 'pl-0123456789abcdef0',
    });
    const routes = Object.values<any>(tgwRoutes(stack));
    expect(routes).toHaveLength(2);
    for (const r of routes) {
      expect(r.Properties.DestinationPrefixListId).toBe('pl-0123456789abcdef0');
      expect(r.Properties.DestinationCidrBlock).toBeUndefined();
      expect(r.DependsOn).toEqual([idOf(spoke.attachment)]);
    }
    templateOf(stack).hasResourceProperties('AWS::EC2::TransitGatewayAttachment', { Options: Match.absent() });
  });

  test('applianceMode, subnets and routeTables', () => {
    const { stack } = spokeStack();
    const vpc = testVpc(stack, 'Vpc', '10.20.0.0/16', 2);
    const spoke = new TransitSpoke(stack, 'Spoke', {
      transitGatewayId: TGW,
      vpc,
      routeTo: ['10.0.0.0/8'],
      applianceMode: true,
      subnets: { subnetType: ec2.SubnetType.PUBLIC },
      routeTables: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    templateOf(stack).hasResourceProperties('AWS::EC2::TransitGatewayAttachment', {
      Options: { ApplianceModeSupport: 'enable' },
      SubnetIds: subnetRefs(stack, vpc.publicSubnets),
    });
    expect(spoke.routes.map((r) => stack.resolve(r.routeTableId))).toEqual(
      vpc.isolatedSubnets.map((s) => stack.resolve(s.routeTable.routeTableId)),
    );
  });

  test('cidrBlocks: the literal IPv4 blocks of the VPC, secondary ones included, no IPv6 and no token', () => {
    const { stack } = spokeStack();
    const vpc = testVpc(stack, 'Vpc', '10.20.0.0/16', 1, { ipProtocol: ec2.IpProtocol.DUAL_STACK });
    new ec2.CfnVPCCidrBlock(stack, 'Secondary', { vpcId: vpc.vpcId, cidrBlock: '10.21.0.0/16' });
    const spoke = new TransitSpoke(stack, 'Spoke', { transitGatewayId: TGW, vpc, routeTo: ['10.0.0.0/8'] });
    expect(spoke.cidrBlocks).toEqual(['10.20.0.0/16', '10.21.0.0/16']);
    const imported = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-0a',
      vpcCidrBlock: Fn.importValue('Cidr'),
      availabilityZones: ['us-east-1a'],
      isolatedSubnetIds: ['subnet-0a'],
      isolatedSubnetRouteTableIds: ['rtb-0a'],
    });
    const tokenSpoke = new TransitSpoke(stack, 'TokenSpoke', {
      transitGatewayId: TGW,
      vpc: imported,
      routeTo: ['10.0.0.0/8'],
    });
    expect(tokenSpoke.cidrBlocks).toEqual([]);
    templateOf(stack).resourceCountIs('AWS::EC2::TransitGatewayAttachment', 2);
  });

  test('a token transit gateway id is kept as given', () => {
    const { stack } = spokeStack();
    new TransitSpoke(stack, 'Spoke', {
      transitGatewayId: Fn.importValue('HubTgw'),
      vpc: testVpc(stack, 'Vpc', '10.20.0.0/16', 1),
      routeTo: ['10.0.0.0/8'],
    });
    const t = templateOf(stack);
    t.hasResourceProperties('AWS::EC2::TransitGatewayAttachment', {
      TransitGatewayId: { 'Fn::ImportValue': 'HubTgw' },
    });
    t.resourcePropertiesCountIs('AWS::EC2::Route', { TransitGatewayId: { 'Fn::ImportValue': 'HubTgw' } }, 2);
  });

  test.each([
    [
      'both routeTo and prefixListId',
      { routeTo: ['10.0.0.0/8'], prefixListId: 'pl-0123456789abcdef0' },
      "SpokeStack/Spoke: give exactly one of routeTo (your summary routes, such as ['10.0.0.0/8']) and prefixListId (the hub segment's prefix list, shared through AWS RAM).",
    ],
    ['neither routeTo nor prefixListId', {}, /SpokeStack\/Spoke: give exactly one of routeTo .* and prefixListId/],
    [
      'a transit gateway id that is not one',
      { transitGatewayId: 'vpc-0123456789abcdef0', routeTo: ['10.0.0.0/8'] },
      "SpokeStack/Spoke: transitGatewayId 'vpc-0123456789abcdef0' is not a transit gateway id. Give the hub's id, such as 'tgw-0123456789abcdef0'.",
    ],
    [
      'a short transit gateway id',
      { transitGatewayId: 'tgw-123', routeTo: ['10.0.0.0/8'] },
      /transitGatewayId 'tgw-123' is not a transit gateway id/,
    ],
    [
      'an empty routeTo',
      { routeTo: [] },
      "SpokeStack/Spoke: routeTo is empty: give your summary routes, such as ['10.0.0.0/8'].",
    ],
    [
      'a routeTo that is not a block',
      { routeTo: ['10.0.0.0/33'] },
      /SpokeStack\/Spoke: routeTo\[0\]: '10\.0\.0\.0\/33' is not a CIDR block/,
    ],
  ])('refuses %s, creating nothing', (_name, props, error) => {
    const { stack } = spokeStack();
    const vpc = testVpc(stack, 'Vpc', '10.20.0.0/16', 1);
    expect(() => new TransitSpoke(stack, 'Spoke', { transitGatewayId: TGW, vpc, ...(props as any) })).toThrow(error);
    templateOf(stack).resourceCountIs('AWS::EC2::TransitGatewayAttachment', 0);
    expect(Object.keys(tgwRoutes(stack))).toEqual([]);
  });

  test('refuses a routeTo inside the VPC as TransitVpcAttachment does (NG-RT-003)', () => {
    const { stack } = spokeStack();
    const vpc = testVpc(stack, 'Vpc', '10.20.0.0/16', 1);
    expect(
      () => new TransitSpoke(stack, 'Spoke', { transitGatewayId: TGW, vpc, routeTo: ['10.0.0.0/8', '10.20.1.0/24'] }),
    ).toThrow(
      /routeTo 10\.20\.1\.0\/24 lies inside 10\.20\.0\.0\/16, a CIDR block of vpc SpokeStack\/Vpc.*\(NG-RT-003\)/,
    );
    templateOf(stack).resourceCountIs('AWS::EC2::TransitGatewayAttachment', 0);
  });

  test('refuses two subnets in one AZ (NG-TGW-002), creating nothing', () => {
    const { stack } = spokeStack();
    const vpc = testVpc(stack, 'Vpc', '10.20.0.0/16', 1);
    expect(
      () =>
        new TransitSpoke(stack, 'Spoke', {
          transitGatewayId: TGW,
          vpc,
          routeTo: ['10.0.0.0/8'],
          subnets: { subnets: [vpc.publicSubnets[0], vpc.isolatedSubnets[0]] },
        }),
    ).toThrow(
      /SpokeStack\/Spoke: subnets selects two subnets in .* \(SpokeStack\/Vpc\/PublicSubnet1 and SpokeStack\/Vpc\/PrivateSubnet1\).*\(NG-TGW-002\)/,
    );
    templateOf(stack).resourceCountIs('AWS::EC2::TransitGatewayAttachment', 0);
  });
});

describe('TransitSpokeAssociation (hub.associateSpoke)', () => {
  function hub(autoAcceptSharedAttachments = true) {
    const app = new App();
    const stack = testStack(app, 'HubStack');
    const h = new HubTransitGateway(stack, 'Hub', { shareWith: [OTHER_ACCOUNT], autoAcceptSharedAttachments });
    return { app, stack, hub: h, prod: h.addSegment('prod'), shared: h.addSegment('shared', { isolated: true }) };
  }

  test("associates the spoke's attachment id, propagates it, and puts its blocks in the prefix lists that reach it", () => {
    const { stack, hub: h, prod, shared } = hub();
    prod.shareRoutesWith(shared);
    const remote = h.associateSpoke('Remote', {
      transitGatewayAttachmentId: ATTACHMENT,
      segment: prod,
      cidrBlocks: ['10.20.0.0/16', '10.21.0.0/16'],
    });
    expect(remote).toBeInstanceOf(TransitSpokeAssociation);
    expect(remote.transitGatewayAttachmentId).toBe(ATTACHMENT);
    const t = templateOf(stack);
    const view = tgwTables([t], {
      [idOf(prod.routeTable)]: 'prod',
      [idOf(shared.routeTable)]: 'shared',
      [JSON.stringify(ATTACHMENT)]: 'Remote',
    });
    expect(view.prod).toEqual({ associated: ['Remote'], propagated: ['Remote'], routes: {} });
    expect(view.shared).toEqual({ associated: [], propagated: ['Remote'], routes: {} });
    expect(idOf(remote.association)).toBe(
      Object.keys(t.findResources('AWS::EC2::TransitGatewayRouteTableAssociation'))[0],
    );
    t.hasResourceProperties('AWS::EC2::PrefixList', {
      PrefixListName: Match.stringLikeRegexp('shared'),
      Entries: [
        { Cidr: '10.20.0.0/16', Description: 'Remote' },
        { Cidr: '10.21.0.0/16', Description: 'Remote' },
      ],
    });
    // The hub's half creates no attachment: the spoke's account owns it.
    t.resourceCountIs('AWS::EC2::TransitGatewayAttachment', 0);
  });

  test('a token attachment id is kept as given', () => {
    const { stack, hub: h, prod } = hub();
    h.associateSpoke('Remote', {
      transitGatewayAttachmentId: Fn.importValue('Att'),
      segment: prod,
      cidrBlocks: ['10.20.0.0/16'],
    });
    templateOf(stack).hasResourceProperties('AWS::EC2::TransitGatewayRouteTableAssociation', {
      TransitGatewayAttachmentId: { 'Fn::ImportValue': 'Att' },
    });
  });

  test.each([
    [
      'an attachment id that is not one',
      { transitGatewayAttachmentId: 'tgw-0123456789abcdef0' },
      "HubStack/Hub/Remote: transitGatewayAttachmentId 'tgw-0123456789abcdef0' is not an attachment id. Give the spoke's TransitSpoke.transitGatewayAttachmentId, such as 'tgw-attach-0123456789abcdef0'.",
    ],
    [
      'no CIDR blocks',
      { cidrBlocks: [] },
      "HubStack/Hub/Remote: cidrBlocks is empty: give the spoke VPC's CIDR blocks (TransitSpoke.cidrBlocks).",
    ],
    [
      'a block that is not one',
      { cidrBlocks: ['10.20.0.0/99'] },
      /HubStack\/Hub\/Remote: cidrBlocks\[0\]: '10\.20\.0\.0\/99' is not a CIDR block/,
    ],
    [
      'a token block (prefix lists need literals)',
      { cidrBlocks: [Fn.importValue('Cidr')] },
      /HubStack\/Hub\/Remote: cidrBlocks\[0\] is a token .*but it must be known at synth/,
    ],
  ])('refuses %s, creating nothing', (_name, bad, error) => {
    const { stack, hub: h, prod } = hub();
    expect(() =>
      h.associateSpoke('Remote', {
        transitGatewayAttachmentId: ATTACHMENT,
        segment: prod,
        cidrBlocks: ['10.20.0.0/16'],
        ...bad,
      }),
    ).toThrow(error);
    const t = templateOf(stack);
    t.resourceCountIs('AWS::EC2::TransitGatewayRouteTableAssociation', 0);
    t.resourceCountIs('AWS::EC2::TransitGatewayRouteTablePropagation', 0);
  });

  test('refuses a segment of another hub (NG-TGW-011)', () => {
    const { stack, hub: h } = hub();
    const other = new HubTransitGateway(stack, 'Other').addSegment('x');
    expect(() =>
      h.associateSpoke('Remote', {
        transitGatewayAttachmentId: ATTACHMENT,
        segment: other,
        cidrBlocks: ['10.20.0.0/16'],
      }),
    ).toThrow(
      /HubStack\/Hub\/Remote: segment 'x' belongs to hub HubStack\/Other, not to HubStack\/Hub\..*\(NG-TGW-011\)/,
    );
    templateOf(stack).resourceCountIs('AWS::EC2::TransitGatewayRouteTableAssociation', 0);
  });

  test('refuses a hub that does not accept shared attachments by itself, naming both fixes', () => {
    const { stack, hub: h, prod } = hub(false);
    expect(() =>
      h.associateSpoke('Remote', {
        transitGatewayAttachmentId: ATTACHMENT,
        segment: prod,
        cidrBlocks: ['10.20.0.0/16'],
      }),
    ).toThrow(
      /^HubStack\/Hub\/Remote: hub HubStack\/Hub has autoAcceptSharedAttachments false, so the spoke's attachment stays pendingAcceptance and AWS refuses to associate it \(IncorrectState\)\. Give the hub autoAcceptSharedAttachments: true, or accept the attachment by hand/,
    );
    templateOf(stack).resourceCountIs('AWS::EC2::TransitGatewayRouteTableAssociation', 0);
  });
});
