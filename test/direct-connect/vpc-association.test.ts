import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DirectConnectGateway, SiteToSiteVpn } from '../../src';
import { NetworkEndpoint, NetworkIntent } from '../../src/reachability/intent-api';
import { FLAG_MODES, logicalIdsOf, templateOf, templateUpdate, testStack, testVpc } from '../support';
import { intentsOf } from '../support/intents';

function idOf(stack: Stack, c: any): string {
  return stack.getLogicalId(c.node.defaultChild ?? c);
}

/** The logical id of the attachment of a virtual private gateway (not the internet gateway's). */
function vpnAttachmentId(t: { toJSON(): any }): string {
  const ids = Object.entries<any>(t.toJSON().Resources)
    .filter(([, r]) => r.Type === 'AWS::EC2::VPCGatewayAttachment' && r.Properties.VpnGatewayId !== undefined)
    .map(([id]) => id);
  expect(ids).toHaveLength(1);
  return ids[0];
}

describe('DirectConnectGateway', () => {
  test('AWS::DirectConnect::DirectConnectGateway with the Amazon-side ASN as a string; 64512 by default', () => {
    const app = new App();
    const stack = testStack(app);
    new DirectConnectGateway(stack, 'Dx', { amazonSideAsn: 64600 });
    new DirectConnectGateway(stack, 'Default', { gatewayName: 'onprem' });
    const t = templateOf(stack);
    t.resourceCountIs('AWS::DirectConnect::DirectConnectGateway', 2);
    t.hasResourceProperties('AWS::DirectConnect::DirectConnectGateway', { AmazonSideAsn: '64600' });
    t.hasResourceProperties('AWS::DirectConnect::DirectConnectGateway', {
      AmazonSideAsn: '64512',
      DirectConnectGatewayName: 'onprem',
    });
  });

  test('refuses an Amazon-side ASN outside the private ranges (NG-DX-008)', () => {
    const app = new App();
    const stack = testStack(app);
    expect(() => new DirectConnectGateway(stack, 'Dx', { amazonSideAsn: 65535 })).toThrow(
      /Stack\/Dx: amazonSideAsn 65535 is outside the private ASN ranges 64512-65534 and 4200000000-4294967294\. Choose one in them.*\(NG-DX-008\)$/,
    );
    expect(() => DirectConnectGateway.fromGatewayId(stack, 'Imported', 'dxgw-id', { amazonSideAsn: 100 })).toThrow(
      /Stack\/Imported: amazonSideAsn 100 is outside/,
    );
    new DirectConnectGateway(stack, 'Long', { amazonSideAsn: 4200000000 });
    templateOf(stack).resourceCountIs('AWS::DirectConnect::DirectConnectGateway', 1);
  });
});

describe.each(FLAG_MODES)('associateVpc (%s)', (_mode, makeApp) => {
  test('an ec2.Vpc without a virtual private gateway: enableVpnGateway, propagation into every route table with DependsOn the attachment, association after the attachment', () => {
    const app = makeApp();
    const stack = testStack(app);
    const vpc = testVpc(stack, 'Orders', '10.10.0.0/16');
    const dx = new DirectConnectGateway(stack, 'Dx', { amazonSideAsn: 64600 });
    const assoc = dx.associateVpc('Orders', { vpc, allowedPrefixes: ['10.10.0.0/16'] });
    const t = templateOf(stack);
    t.resourceCountIs('AWS::EC2::VPNGateway', 1);
    const attachmentId = vpnAttachmentId(t);
    const vgwId = logicalIdsOf(t.toJSON(), 'AWS::EC2::VPNGateway')[0];
    // One propagation (enableVpnGateway's), into all four route tables (2 public, 2 isolated), after the attachment.
    const propagations = t.findResources('AWS::EC2::VPNGatewayRoutePropagation');
    expect(Object.keys(propagations)).toHaveLength(1);
    const propagation = Object.values<any>(propagations)[0];
    // After the attachment, and after the association: AWS says not to enable propagation before it.
    expect(propagation.DependsOn).toContain(attachmentId);
    expect(propagation.DependsOn).toContain(idOf(stack, assoc.gatewayAssociation));
    expect(propagation.Properties.RouteTableIds).toHaveLength(4);
    const tableIds = logicalIdsOf(t.toJSON(), 'AWS::EC2::RouteTable');
    expect(propagation.Properties.RouteTableIds.map((r: any) => r.Ref).sort()).toEqual(tableIds.sort());
    expect(assoc.routePropagation).toBeDefined();
    const associations = t.findResources('AWS::DirectConnect::DirectConnectGatewayAssociation');
    expect(Object.keys(associations)).toEqual([idOf(stack, assoc.gatewayAssociation)]);
    const association = Object.values<any>(associations)[0];
    expect(association.Properties).toEqual({
      DirectConnectGatewayId: { 'Fn::GetAtt': [idOf(stack, dx.resource), 'DirectConnectGatewayId'] },
      AssociatedGatewayId: { Ref: vgwId },
      AllowedPrefixesToDirectConnectGateway: ['10.10.0.0/16'],
    });
    expect(association.DependsOn).toContain(attachmentId);
  });
});

describe('associateVpc', () => {
  test("a VPC with its own virtual private gateway: that one, and a propagation only into the route tables it does not cover, with DependsOn the VPC's attachment", () => {
    const app = new App();
    const stack = testStack(app);
    // vpnGateway: true propagates into the private (here isolated) subnets only.
    const vpc = testVpc(stack, 'Orders', '10.10.0.0/16', 2, { vpnGateway: true });
    const dx = new DirectConnectGateway(stack, 'Dx');
    const assoc = dx.associateVpc('Orders', { vpc, allowedPrefixes: ['10.10.0.0/16'] });
    const t = templateOf(stack);
    t.resourceCountIs('AWS::EC2::VPNGateway', 1);
    const attachmentId = vpnAttachmentId(t);
    const propagations = Object.entries<any>(t.findResources('AWS::EC2::VPNGatewayRoutePropagation'));
    expect(propagations).toHaveLength(2);
    const mine = propagations.find(([id]) => id === idOf(stack, assoc.routePropagation!))![1];
    const theirs = propagations.find(([id]) => id !== idOf(stack, assoc.routePropagation!))![1];
    const associationId = idOf(stack, assoc.gatewayAssociation);
    expect(mine.DependsOn.sort()).toEqual([attachmentId, associationId].sort());
    // The VPC's own propagation waits for the association too.
    expect(theirs.DependsOn).toContain(associationId);
    const publicTables = vpc.publicSubnets.map((s) => stack.resolve(s.routeTable.routeTableId));
    const isolatedTables = vpc.isolatedSubnets.map((s) => stack.resolve(s.routeTable.routeTableId));
    expect(mine.Properties.RouteTableIds).toEqual(publicTables);
    expect(theirs.Properties.RouteTableIds).toEqual(isolatedTables);
    // No route table learns the gateway's routes twice.
    const all = propagations.flatMap(([, p]) => p.Properties.RouteTableIds.map((r: any) => r.Ref));
    expect(new Set(all).size).toBe(all.length);
    t.hasResourceProperties('AWS::DirectConnect::DirectConnectGatewayAssociation', {
      AssociatedGatewayId: stack.resolve(vpc.vpnGatewayId),
    });
  });

  test('propagation already covering every selected route table: no propagation of its own', () => {
    const app = new App();
    const stack = testStack(app);
    const vpc = testVpc(stack, 'Orders', '10.10.0.0/16', 2, { vpnGateway: true });
    const dx = new DirectConnectGateway(stack, 'Dx');
    const assoc = dx.associateVpc('Orders', {
      vpc,
      allowedPrefixes: ['10.10.0.0/16'],
      propagateTo: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    expect(assoc.routePropagation).toBeUndefined();
    templateOf(stack).resourceCountIs('AWS::EC2::VPNGatewayRoutePropagation', 1);
  });

  test("propagateTo: [] leaves a VPC gateway's propagation to others; refused where enableVpnGateway would make the gateway", () => {
    const app = new App();
    const stack = testStack(app);
    const dx = new DirectConnectGateway(stack, 'Dx');
    const fresh = testVpc(stack, 'Fresh', '10.10.0.0/16');
    expect(() => dx.associateVpc('Fresh', { vpc: fresh, allowedPrefixes: ['10.10.0.0/16'], propagateTo: [] })).toThrow(
      /Stack\/Dx\/Fresh: propagateTo is empty, but vpc Stack\/Fresh has no virtual private gateway yet/,
    );
    const own = testVpc(stack, 'Own', '10.11.0.0/16', 2, { vpnGateway: true });
    const assoc = dx.associateVpc('Own', { vpc: own, allowedPrefixes: ['10.11.0.0/16'], propagateTo: [] });
    expect(assoc.routePropagation).toBeUndefined();
    const t = templateOf(stack);
    t.resourceCountIs('AWS::EC2::VPNGateway', 1);
    // Only the VPC's own propagation, which waits for the association.
    const propagations = Object.values<any>(t.findResources('AWS::EC2::VPNGatewayRoutePropagation'));
    expect(propagations).toHaveLength(1);
    expect(propagations[0].DependsOn).toContain(idOf(stack, assoc.gatewayAssociation));
  });

  test('an imported VPC with vpnGatewayId: its route tables propagated, no new gateway, no DependsOn on an attachment (it is outside the app)', () => {
    const app = new App();
    const stack = testStack(app);
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-0123456789abcdef0',
      vpcCidrBlock: '10.20.0.0/16',
      availabilityZones: ['us-east-1a'],
      privateSubnetIds: ['subnet-1'],
      privateSubnetRouteTableIds: ['rtb-1'],
    });
    const dx = DirectConnectGateway.fromGatewayId(stack, 'Dx', '5f294f92-bafb-4011-916d-9b0bexample', {
      amazonSideAsn: 64600,
    });
    const assoc = dx.associateVpc('Imported', {
      vpc,
      allowedPrefixes: ['10.20.0.0/15'],
      vpnGatewayId: 'vgw-0123456789abcdef0',
    });
    const t = templateOf(stack);
    t.resourceCountIs('AWS::EC2::VPNGateway', 0);
    t.resourceCountIs('AWS::EC2::VPCGatewayAttachment', 0);
    const propagation = Object.values<any>(t.findResources('AWS::EC2::VPNGatewayRoutePropagation'));
    expect(propagation).toHaveLength(1);
    expect(propagation[0].Properties).toEqual({ VpnGatewayId: 'vgw-0123456789abcdef0', RouteTableIds: ['rtb-1'] });
    // No attachment in the app: the propagation waits for the association only.
    expect(propagation[0].DependsOn).toEqual([idOf(stack, assoc.gatewayAssociation)]);
    t.hasResourceProperties('AWS::DirectConnect::DirectConnectGatewayAssociation', {
      DirectConnectGatewayId: '5f294f92-bafb-4011-916d-9b0bexample',
      AssociatedGatewayId: 'vgw-0123456789abcdef0',
      AllowedPrefixesToDirectConnectGateway: ['10.20.0.0/15'],
    });
  });

  test('the virtual private gateway of a SiteToSiteVpn, given as vpnGatewayId: reused, its propagated route tables not repeated', () => {
    const app = new App();
    const stack = testStack(app);
    const vpc = testVpc(stack, 'Orders', '10.10.0.0/16');
    const vpn = new SiteToSiteVpn(stack, 'Vpn', {
      vpc,
      customerGatewayIp: '203.0.113.10',
      propagateTo: [{ subnetType: ec2.SubnetType.PUBLIC }],
    });
    const dx = new DirectConnectGateway(stack, 'Dx');
    const assoc = dx.associateVpc('Orders', {
      vpc,
      allowedPrefixes: ['10.10.0.0/16'],
      vpnGatewayId: vpn.vpnGateway!.ref,
    });
    const t = templateOf(stack);
    t.resourceCountIs('AWS::EC2::VPNGateway', 1);
    const mine = t.toJSON().Resources[idOf(stack, assoc.routePropagation!)];
    expect(mine.Properties.RouteTableIds).toEqual(
      vpc.isolatedSubnets.map((s) => stack.resolve(s.routeTable.routeTableId)),
    );
    expect(mine.DependsOn.sort()).toEqual(
      [idOf(stack, vpn.gatewayAttachment!), idOf(stack, assoc.gatewayAssociation)].sort(),
    );
    expect(t.toJSON().Resources[idOf(stack, assoc.gatewayAssociation)].DependsOn).toEqual([
      idOf(stack, vpn.gatewayAttachment!),
    ]);
  });

  test('refuses a VPC without vpnGatewayId when imported, a second gateway on a VPC, a SiteToSiteVpn gateway left implicit', () => {
    const app = new App();
    const stack = testStack(app);
    const dx = new DirectConnectGateway(stack, 'Dx');
    const imported = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-1',
      vpcCidrBlock: '10.20.0.0/16',
      availabilityZones: ['us-east-1a'],
      privateSubnetIds: ['subnet-1'],
      privateSubnetRouteTableIds: ['rtb-1'],
    });
    expect(() => dx.associateVpc('A', { vpc: imported, allowedPrefixes: ['10.20.0.0/16'] })).toThrow(
      'Stack/Dx/A: vpnGatewayId is required for vpc Stack/Imported, which is imported: give the id of the virtual private gateway attached to it (vgw-...).',
    );
    const own = testVpc(stack, 'Own', '10.30.0.0/16', 1, { vpnGateway: true });
    expect(() =>
      dx.associateVpc('B', { vpc: own, allowedPrefixes: ['10.30.0.0/16'], vpnGatewayId: 'vgw-other' }),
    ).toThrow(
      /Stack\/Dx\/B: vpnGatewayId vgw-other is not the virtual private gateway of vpc Stack\/Own .*a VPC takes one\. Leave vpnGatewayId out/,
    );
    const withVpn = testVpc(stack, 'WithVpn', '10.40.0.0/16', 1);
    new SiteToSiteVpn(stack, 'Vpn', { vpc: withVpn, customerGatewayIp: '203.0.113.10' });
    expect(() => dx.associateVpc('C', { vpc: withVpn, allowedPrefixes: ['10.40.0.0/16'] })).toThrow(
      "Stack/Dx/C: vpc Stack/WithVpn already has a virtual private gateway from Stack/Vpn, and a VPC takes one. Give vpnGatewayId: that SiteToSiteVpn's vpnGateway.ref.",
    );
    const t = templateOf(stack);
    t.resourceCountIs('AWS::DirectConnect::DirectConnectGatewayAssociation', 0);
    // Only the VPC's own gateway and the VPN's: none was added.
    t.resourceCountIs('AWS::EC2::VPNGateway', 2);
  });

  test('refuses a virtual private gateway associated twice (the same VPC again)', () => {
    const app = new App();
    const stack = testStack(app);
    const vpc = testVpc(stack, 'Orders', '10.10.0.0/16');
    const dx = new DirectConnectGateway(stack, 'Dx');
    const other = new DirectConnectGateway(stack, 'Other', { amazonSideAsn: 64601 });
    dx.associateVpc('Orders', { vpc, allowedPrefixes: ['10.10.0.0/16'] });
    expect(() => other.associateVpc('Orders', { vpc, allowedPrefixes: ['10.10.0.0/16'] })).toThrow(
      'Stack/Other/Orders: the virtual private gateway of vpc Stack/Orders is already associated with a Direct Connect gateway by Stack/Dx/Orders, and a virtual private gateway takes one Direct Connect gateway. Remove one of the associations.',
    );
    const t = templateOf(stack);
    t.resourceCountIs('AWS::DirectConnect::DirectConnectGatewayAssociation', 1);
    t.resourceCountIs('AWS::EC2::VPNGateway', 1);
  });

  test('refuses allowed prefixes narrower than or outside the VPC blocks, and a VPC block no prefix covers (NG-DX-006)', () => {
    const app = new App();
    const stack = testStack(app);
    const vpc = testVpc(stack, 'Orders', '10.10.0.0/16');
    new ec2.CfnVPCCidrBlock(stack, 'Secondary', { vpcId: vpc.vpcId, cidrBlock: '100.64.0.0/20' });
    const dx = new DirectConnectGateway(stack, 'Dx');
    expect(() => dx.associateVpc('Narrow', { vpc, allowedPrefixes: ['10.10.0.0/24', '100.64.0.0/20'] })).toThrow(
      "Stack/Dx/Narrow: allowedPrefixes[0] '10.10.0.0/24' is not the same as or wider than a block of vpc Stack/Orders (10.10.0.0/16, 100.64.0.0/20): AWS advertises whole VPC blocks, so it advertises nothing. Give the VPC block, such as '10.10.0.0/16', or a wider prefix (https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html). (NG-DX-006)",
    );
    expect(() => dx.associateVpc('Elsewhere', { vpc, allowedPrefixes: ['22.0.0.0/24'] })).toThrow(
      /allowedPrefixes\[0\] '22\.0\.0\.0\/24' is not the same as or wider than a block/,
    );
    expect(() => dx.associateVpc('Partial', { vpc, allowedPrefixes: ['10.10.0.0/15'] })).toThrow(
      "Stack/Dx/Partial: block 100.64.0.0/20 of vpc Stack/Orders is inside none of allowedPrefixes (10.10.0.0/15), so it is not advertised on-premises. Add '100.64.0.0/20' or a wider prefix to allowedPrefixes (https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html). (NG-DX-006)",
    );
    expect(() => dx.associateVpc('Empty', { vpc, allowedPrefixes: [] })).toThrow(
      /Stack\/Dx\/Empty: allowedPrefixes is empty/,
    );
    // Nothing was created by the refusals: the one association and gateway are the accepted one's.
    const ok = dx.associateVpc('Ok', { vpc, allowedPrefixes: ['10.10.0.0/16', '100.64.0.0/10'] });
    const t = templateOf(stack);
    expect(logicalIdsOf(t.toJSON(), 'AWS::DirectConnect::DirectConnectGatewayAssociation')).toEqual([
      idOf(stack, ok.gatewayAssociation),
    ]);
    t.resourceCountIs('AWS::EC2::VPNGateway', 1);
  });

  test('refuses more virtual private gateways than the quota of 20 per Direct Connect gateway (NG-DX-007)', () => {
    const app = new App();
    const stack = testStack(app);
    const dx = DirectConnectGateway.fromGatewayId(stack, 'Dx', 'dxgw-shared');
    const imported = (i: number) =>
      ec2.Vpc.fromVpcAttributes(stack, `Vpc${i}`, {
        vpcId: `vpc-${i}`,
        vpcCidrBlock: `10.${i}.0.0/16`,
        availabilityZones: ['us-east-1a'],
        privateSubnetIds: [`subnet-${i}`],
        privateSubnetRouteTableIds: [`rtb-${i}`],
      });
    for (let i = 0; i < 20; i++) {
      dx.associateVpc(`A${i}`, { vpc: imported(i), allowedPrefixes: [`10.${i}.0.0/16`], vpnGatewayId: `vgw-${i}` });
    }
    expect(() =>
      dx.associateVpc('A20', { vpc: imported(20), allowedPrefixes: ['10.20.0.0/16'], vpnGatewayId: 'vgw-20' }),
    ).toThrow(
      'Stack/Dx/A20: Direct Connect gateway Stack/Dx already has 20 virtual private gateway associations, the most a Direct Connect gateway takes; the quota cannot be increased (https://docs.aws.amazon.com/directconnect/latest/UserGuide/limits.html). Use another Direct Connect gateway, or reach the VPCs through a transit gateway. (NG-DX-007)',
    );
    templateOf(stack).resourceCountIs('AWS::DirectConnect::DirectConnectGatewayAssociation', 20);
  });

  test("a VPC in another stack of the environment: the association and its propagation in the VPC's stack (no cycle between stacks)", () => {
    const app = new App();
    const network = testStack(app, 'Network');
    const orders = testStack(app, 'Orders');
    const vpc = testVpc(orders, 'Vpc', '10.10.0.0/16');
    const dx = new DirectConnectGateway(network, 'Dx', { amazonSideAsn: 64600 });
    const assoc = dx.associateVpc('Orders', { vpc, allowedPrefixes: ['10.10.0.0/16'] });
    expect(Stack.of(assoc)).toBe(orders);
    const t = templateOf(orders);
    t.resourceCountIs('AWS::DirectConnect::DirectConnectGatewayAssociation', 1);
    const propagation = Object.values<any>(t.findResources('AWS::EC2::VPNGatewayRoutePropagation'))[0];
    expect(propagation.DependsOn).toContain(idOf(orders, assoc.gatewayAssociation));
    templateOf(network).resourceCountIs('AWS::DirectConnect::DirectConnectGatewayAssociation', 0);
    // The VPC's stack reads the gateway's id from the gateway's stack, never the other way round.
    expect(orders.dependencies).toContain(network);
    expect(network.dependencies).not.toContain(orders);
  });

  test('an imported gateway (a literal id, global) serves a VPC of another Region of the account; a created one refuses it, and a VPC of another account', () => {
    const app = new App();
    const stack = testStack(app);
    const west = testStack(app, 'West', { env: { account: '111111111111', region: 'eu-west-1' } });
    const other = testStack(app, 'Other', { env: { account: '222222222222', region: 'us-east-1' } });
    const dx = new DirectConnectGateway(stack, 'Dx');
    expect(() =>
      dx.associateVpc('Far', { vpc: testVpc(west, 'Far', '10.50.0.0/16'), allowedPrefixes: ['10.50.0.0/16'] }),
    ).toThrow(
      /Stack\/Dx: associateVpc 'Far': vpc West\/Far is in 111111111111\/eu-west-1, but the gateway is in 111111111111\/us-east-1\. CloudFormation cannot reference the gateway's id across Regions: .*DirectConnectGateway\.fromGatewayId/,
    );
    const imported = DirectConnectGateway.fromGatewayId(stack, 'Imported', '5f294f92-bafb-4011-916d-9b0bexample');
    const assoc = imported.associateVpc('West', {
      vpc: testVpc(west, 'Vpc', '10.60.0.0/16'),
      allowedPrefixes: ['10.60.0.0/16'],
    });
    expect(Stack.of(assoc)).toBe(west);
    expect(() =>
      imported.associateVpc('Other', { vpc: testVpc(other, 'Vpc', '10.70.0.0/16'), allowedPrefixes: ['10.70.0.0/16'] }),
    ).toThrow(/vpc Other\/Vpc is in 222222222222\/us-east-1, .*association proposal that the gateway's owner accepts/);
    templateOf(west).hasResourceProperties('AWS::DirectConnect::DirectConnectGatewayAssociation', {
      DirectConnectGatewayId: '5f294f92-bafb-4011-916d-9b0bexample',
    });
    templateOf(other).resourceCountIs('AWS::DirectConnect::DirectConnectGatewayAssociation', 0);
  });

  test('refuses VPCs with overlapping blocks on one gateway (NG-DX-010); on two gateways they are accepted', () => {
    const app = new App();
    const stack = testStack(app);
    const dx = new DirectConnectGateway(stack, 'Dx');
    dx.associateVpc('A', { vpc: testVpc(stack, 'A', '10.10.0.0/16'), allowedPrefixes: ['10.10.0.0/16'] });
    const b = testVpc(stack, 'B', '10.10.128.0/17');
    expect(() => dx.associateVpc('B', { vpc: b, allowedPrefixes: ['10.10.128.0/17'] })).toThrow(
      'Stack/Dx/B: block 10.10.128.0/17 of vpc Stack/B overlaps block 10.10.0.0/16 of the VPC of Stack/Dx/A on the same Direct Connect gateway, and the VPCs of one Direct Connect gateway cannot have overlapping blocks. Use another Direct Connect gateway, or renumber one VPC. (NG-DX-010)',
    );
    new DirectConnectGateway(stack, 'Other', { amazonSideAsn: 64601 }).associateVpc('B', {
      vpc: b,
      allowedPrefixes: ['10.10.128.0/17'],
    });
    templateOf(stack).resourceCountIs('AWS::DirectConnect::DirectConnectGatewayAssociation', 2);
  });

  test('version 1 -> version 2: a second VPC association changes no existing logical id', () => {
    const build = (second: boolean) => {
      const app = new App();
      const stack = testStack(app);
      const dx = new DirectConnectGateway(stack, 'Dx', { amazonSideAsn: 64600 });
      dx.associateVpc('Orders', { vpc: testVpc(stack, 'Orders', '10.10.0.0/16'), allowedPrefixes: ['10.10.0.0/16'] });
      if (second) {
        dx.associateVpc('Billing', {
          vpc: testVpc(stack, 'Billing', '10.11.0.0/16'),
          allowedPrefixes: ['10.11.0.0/16'],
        });
      }
      return templateOf(stack).toJSON();
    };
    const before = build(false);
    const after = build(true);
    const update = templateUpdate(before, after);
    expect(update.removed).toEqual([]);
    expect(update.changed).toEqual([]);
    const added = logicalIdsOf(after, 'AWS::DirectConnect::DirectConnectGatewayAssociation').filter(
      (id) => !logicalIdsOf(before, 'AWS::DirectConnect::DirectConnectGatewayAssociation').includes(id),
    );
    expect(added).toHaveLength(1);
    expect(logicalIdsOf(after, 'AWS::EC2::VPNGateway')).toHaveLength(2);
  });
});

describe('what associateVpc promises, as NetworkIntents', () => {
  test.each(FLAG_MODES)(
    '%s: the declared on-premises networks reach the VPC over the private virtual interface and back',
    (_mode, makeApp) => {
      const app = makeApp();
      const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
      const vpc = testVpc(stack, 'Orders', '10.10.0.0/16');
      const dx = new DirectConnectGateway(stack, 'Dx', { amazonSideAsn: 64600 });
      dx.associateVpc('Orders', { vpc, allowedPrefixes: ['10.10.0.0/16'], onPremisesCidrs: ['172.16.0.0/12'] });
      dx.addPrivateVirtualInterface('Dc1', { connectionId: 'dxcon-fg5678gh', vlan: 101, customerAsn: 65010 });
      const port = ec2.Port.tcp(1433);
      const isolated = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
      NetworkIntent.reachable(stack, 'DcToOrders', {
        from: NetworkEndpoint.fromCidr('172.16.20.0/24'),
        to: NetworkEndpoint.fromSubnets(vpc, isolated),
        port,
      });
      NetworkIntent.reachable(stack, 'OrdersToDc', {
        from: NetworkEndpoint.fromSubnets(vpc, isolated),
        to: NetworkEndpoint.fromCidr('172.16.20.0/24'),
        port,
      });
      // Not a declared network: the virtual private gateway learns no route to it.
      NetworkIntent.isolated(stack, 'OrdersNotElsewhere', {
        from: NetworkEndpoint.fromSubnets(vpc, isolated),
        to: NetworkEndpoint.fromCidr('192.168.0.0/16'),
      });
      expect(intentsOf(app).intents).toEqual([
        ['DcToOrders', 'met', undefined],
        ['OrdersNotElsewhere', 'met', undefined],
        ['OrdersToDc', 'met', undefined],
      ]);
    },
  );
});
