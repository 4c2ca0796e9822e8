import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { idOf, tgwTables } from './helpers';
import { HubTransitGateway } from '../../src/transit';
import { templateOf, testStack, testVpc } from '../support';

function build() {
  const app = new App();
  const stack = testStack(app);
  const hub = new HubTransitGateway(stack, 'Hub');
  const prod = hub.addSegment('prod');
  const dev = hub.addSegment('dev');
  const inspection = hub.addSegment('inspection', { isolated: true });
  const p1 = hub.attachVpc('P1', { vpc: testVpc(stack, 'VpcP1', '10.1.0.0/16'), segment: prod });
  const d1 = hub.attachVpc('D1', { vpc: testVpc(stack, 'VpcD1', '10.2.0.0/16'), segment: dev });
  const fw = hub.attachVpc('Firewall', { vpc: testVpc(stack, 'VpcFw', '100.64.0.0/16'), segment: inspection });
  return { app, stack, hub, prod, dev, inspection, p1, d1, fw };
}

describe('inspectThrough', () => {
  test('traffic between segments goes through the inspection VPC both ways; inside a segment it stays direct', () => {
    const { stack, hub, prod, dev, inspection, p1, d1, fw } = build();
    hub.inspectThrough(fw);
    // A segment and an attachment added afterwards are wired the same way.
    const qa = hub.addSegment('qa');
    const q1 = hub.attachVpc('Q1', { vpc: testVpc(stack, 'VpcQ1', '10.3.0.0/16'), segment: qa });
    const t = templateOf(stack);
    const view = tgwTables([t], {
      [idOf(prod.routeTable)]: 'prod',
      [idOf(dev.routeTable)]: 'dev',
      [idOf(qa.routeTable)]: 'qa',
      [idOf(inspection.routeTable)]: 'inspection',
      [idOf(p1.attachment)]: 'P1',
      [idOf(d1.attachment)]: 'D1',
      [idOf(q1.attachment)]: 'Q1',
      [idOf(fw.attachment)]: 'Firewall',
    });
    expect(view).toEqual({
      prod: { associated: ['P1'], propagated: ['P1'], routes: { '0.0.0.0/0': 'Firewall' } },
      dev: { associated: ['D1'], propagated: ['D1'], routes: { '0.0.0.0/0': 'Firewall' } },
      qa: { associated: ['Q1'], propagated: ['Q1'], routes: { '0.0.0.0/0': 'Firewall' } },
      inspection: { associated: ['Firewall'], propagated: ['D1', 'P1', 'Q1'], routes: {} },
    });
    // prod -> dev: prod has no route to 10.2/16, the default route sends it to the firewall, whose table has D1;
    // the reply from dev takes dev's default route to the firewall too. Appliance mode keeps both on one AZ.
    t.hasResourceProperties('AWS::EC2::TransitGatewayAttachment', { Options: { ApplianceModeSupport: 'enable' } });
    expect(hub.inspectionAttachment).toBe(fw);
    // Spokes' prefix lists reach everything behind the firewall.
    const lists = Object.values<any>(t.findResources('AWS::EC2::PrefixList'));
    const prodList = lists.find((l) => /prod/.test(l.Properties.PrefixListName));
    expect(prodList.Properties.Entries.map((e: any) => e.Cidr)).toEqual(['10.1.0.0/16', '10.2.0.0/16', '10.3.0.0/16']);
  });

  test('refuses a second inspection attachment, a non-VPC attachment, and a clashing default route', () => {
    const { stack, hub, prod, p1, fw } = build();
    const vpn = hub.attachVpn('Vpn', { customerGatewayIp: '203.0.113.12', segment: prod });
    expect(() => hub.inspectThrough(vpn as any)).toThrow(
      'Stack/Hub: inspectThrough: Stack/Hub/Vpn is not a VPC attachment of this hub. Attach the inspection VPC with attachVpc first, in a segment of its own.',
    );
    prod.addStaticRoute('0.0.0.0/0', p1);
    expect(() => hub.inspectThrough(fw)).toThrow(
      "Stack/Hub/Segment-prod: inspectThrough: segment 'prod' already has a route to 0.0.0.0/0 (Stack/Hub/P1). A transit gateway route table takes one static or blackhole route per prefix: remove one of them. (NG-TGW-006)",
    );
    expect(hub.inspectionAttachment).toBeUndefined();
    // Without inspection the firewall's isolated segment reaches nothing: let it reach prod to synthesize.
    hub.segment('inspection').shareRoutesWith(prod);
    templateOf(stack).resourceCountIs('AWS::EC2::TransitGatewayRoute', 1);
  });

  test('refuses inspectThrough twice, and another attachment in the inspection segment fails synth', () => {
    const { app, stack, hub, inspection, fw } = build();
    hub.inspectThrough(fw);
    expect(() => hub.inspectThrough(fw)).toThrow(
      'Stack/Hub: inspectThrough: inter-segment traffic already goes through Stack/Hub/Firewall. A hub has one inspection attachment; remove one of the calls.',
    );
    hub.attachVpc('Sneaky', { vpc: testVpc(stack, 'VpcS', '10.9.0.0/16'), segment: inspection });
    expect(() => app.synth()).toThrow(
      /segment 'inspection' holds the inspection attachment, but Stack\/Hub\/Sneaky is also associated with it and would reach every segment without inspection\. Put the inspection attachment in a segment of its own\./,
    );
  });
});

/**
 * AWS guide "Example: Appliance in a shared services VPC"
 * (https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html): in the appliance VPC the
 * attachment subnets send 0.0.0.0/0 to the appliance, and only the appliance subnets route the spokes back to the
 * transit gateway. A spoke route in an attachment subnet's route table would send traffic arriving on the attachment
 * straight back to the transit gateway, uninspected.
 */
describe('routes inside the inspection VPC (guide "Appliance in a shared services VPC")', () => {
  function tgwRoutesByTable(t: ReturnType<typeof templateOf>, vpcPrefix: string) {
    const routes = Object.values<any>(
      t.findResources('AWS::EC2::Route', { Properties: { TransitGatewayId: Match.anyValue() } }),
    );
    const tables = routes.map((r) => r.Properties.RouteTableId.Ref as string).filter((id) => id.startsWith(vpcPrefix));
    return {
      appliance: tables.filter((id) => id.startsWith(`${vpcPrefix}Public`)).length,
      attachment: tables.filter((id) => id.startsWith(`${vpcPrefix}Private`)).length,
    };
  }

  test('inspectThrough removes the spoke routes of the attachment subnets; the appliance subnets keep theirs', () => {
    const { stack, hub, inspection, fw } = build();
    // attachVpc wrote a route in all 4 route tables (2 AZs x public + isolated); the attachment is in the isolated subnets.
    expect(fw.routes).toHaveLength(4);
    hub.inspectThrough(fw);
    const t = templateOf(stack);
    expect(tgwRoutesByTable(t, 'VpcFw')).toEqual({ appliance: 2, attachment: 0 });
    expect(fw.routes).toHaveLength(2);
    for (const route of Object.values<any>(
      t.findResources('AWS::EC2::Route', {
        Properties: {
          RouteTableId: { Ref: Match.stringLikeRegexp('^VpcFwPublic') },
          TransitGatewayId: Match.anyValue(),
        },
      }),
    )) {
      expect(route.Properties.DestinationPrefixListId).toEqual({
        'Fn::GetAtt': [idOf(inspection.prefixList), 'PrefixListId'],
      });
      expect(route.DependsOn).toEqual([idOf(fw.attachment)]);
    }
    // The appliance subnets reach every spoke through the inspection segment's prefix list.
    t.hasResourceProperties('AWS::EC2::PrefixList', {
      PrefixListName: Match.stringLikeRegexp('inspection'),
      Entries: [
        { Cidr: '10.1.0.0/16', Description: 'P1' },
        { Cidr: '10.2.0.0/16', Description: 'D1' },
      ],
    });
    // The spokes keep a route in every route table.
    expect(tgwRoutesByTable(t, 'VpcP1')).toEqual({ appliance: 2, attachment: 2 });
  });

  test('routeTo routes of the inspection attachment are removed the same way', () => {
    const app = new App();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub');
    const prod = hub.addSegment('prod');
    const inspection = hub.addSegment('inspection', { isolated: true });
    hub.attachVpc('P1', { vpc: testVpc(stack, 'VpcP1', '10.1.0.0/16'), segment: prod });
    const fw = hub.attachVpc('Firewall', {
      vpc: testVpc(stack, 'VpcFw', '100.64.0.0/16'),
      segment: inspection,
      routeTo: ['10.0.0.0/8'],
    });
    hub.inspectThrough(fw);
    const t = templateOf(stack);
    expect(tgwRoutesByTable(t, 'VpcFw')).toEqual({ appliance: 2, attachment: 0 });
    t.hasResourceProperties('AWS::EC2::Route', {
      RouteTableId: { Ref: Match.stringLikeRegexp('^VpcFwPublic') },
      DestinationCidrBlock: '10.0.0.0/8',
    });
  });

  test('any appliance-mode attachment: its attachment subnets get no spoke routes from the start', () => {
    const app = new App();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub');
    const prod = hub.addSegment('prod');
    hub.attachVpc('P1', { vpc: testVpc(stack, 'VpcP1', '10.1.0.0/16'), segment: prod });
    const appliance = hub.attachVpc('Appliance', {
      vpc: testVpc(stack, 'VpcAp', '10.5.0.0/16'),
      segment: prod,
      applianceMode: true,
    });
    const t = templateOf(stack);
    expect(tgwRoutesByTable(t, 'VpcAp')).toEqual({ appliance: 2, attachment: 0 });
    expect(appliance.routes).toHaveLength(2);
    expect(appliance.applianceModeEnabled).toBe(true);
  });

  test('routeTables selecting an attachment subnet is refused, at attachVpc with applianceMode or at inspectThrough', () => {
    const { stack, hub, inspection } = build();
    const vpc = testVpc(stack, 'VpcFw2', '100.65.0.0/16');
    expect(() =>
      hub.attachVpc('Fw2', {
        vpc,
        segment: inspection,
        applianceMode: true,
        routeTables: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
      }),
    ).toThrow(
      'Stack/Hub/Fw2: applianceMode: routeTables selects Stack/VpcFw2/PrivateSubnet1, a subnet of this appliance-mode attachment. A route there back to the transit gateway sends spoke traffic straight back, skipping the appliance (AWS guide "Appliance in a shared services VPC"). Select only the appliance subnets in routeTables; the attachment subnets need a 0.0.0.0/0 route to the appliance, which you add.',
    );
    const fw3 = hub.attachVpc('Fw3', {
      vpc: testVpc(stack, 'VpcFw3', '100.66.0.0/16'),
      segment: hub.addSegment('inspection2', { isolated: true }),
      routeTables: [{ subnetType: ec2.SubnetType.PUBLIC }, { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    expect(() => hub.inspectThrough(fw3)).toThrow(
      /^Stack\/Hub\/Fw3: inspectThrough: routeTables selects Stack\/VpcFw3\/PrivateSubnet1, a subnet of this appliance-mode attachment\./,
    );
    // Nothing changed: no inspection, no default route, appliance mode still off.
    expect(hub.inspectionAttachment).toBeUndefined();
    expect(fw3.applianceModeEnabled).toBe(false);
    expect(fw3.routes).toHaveLength(4);
    const ok = hub.attachVpc('Fw4', {
      vpc: testVpc(stack, 'VpcFw4', '100.67.0.0/16'),
      segment: hub.addSegment('inspection3', { isolated: true }),
      applianceMode: true,
      routeTables: [{ subnetType: ec2.SubnetType.PUBLIC }],
    });
    expect(ok.routes).toHaveLength(2);
  });

  test('a route table shared by an attachment subnet and an appliance subnet is refused', () => {
    const { stack, hub, inspection } = build();
    const shared = ec2.Vpc.fromVpcAttributes(stack, 'SharedRt', {
      vpcId: 'vpc-0123456789abcdef0',
      vpcCidrBlock: '100.70.0.0/16',
      availabilityZones: ['us-east-1a'],
      publicSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1'],
      publicSubnetRouteTableIds: ['rtb-0123456789abcdef0'],
      isolatedSubnetIds: ['subnet-0aaaaaaaaaaaaaaa2'],
      isolatedSubnetRouteTableIds: ['rtb-0123456789abcdef0'],
    });
    const fw = hub.attachVpc('FwShared', { vpc: shared, segment: hub.addSegment('inspection2', { isolated: true }) });
    expect(() => hub.inspectThrough(fw)).toThrow(
      'Stack/Hub/FwShared: inspectThrough: route table rtb-0123456789abcdef0 serves the attachment subnet Stack/SharedRt/IsolatedSubnet1 and the appliance subnet Stack/SharedRt/PublicSubnet1. With appliance mode the attachment subnets route 0.0.0.0/0 to the appliance and the appliance subnets route the spokes back to the transit gateway, so one route table cannot serve both: give the attachment subnets route tables of their own.',
    );
    expect(inspection.hub.inspectionAttachment).toBeUndefined();
  });

  test('an inspection VPC made only of attachment subnets is refused', () => {
    const { stack, hub } = build();
    const vpc = testVpc(stack, 'Only', '100.71.0.0/16', 2, {
      subnetConfiguration: [{ name: 'Tgw', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 28 }],
    });
    expect(() =>
      hub.attachVpc('Fw', { vpc, segment: hub.addSegment('inspection2', { isolated: true }), applianceMode: true }),
    ).toThrow(
      'Stack/Hub/Fw: applianceMode: every route table of vpc Stack/Only serves an attachment subnet, so no appliance subnet could route the spokes back to the transit gateway. Put the appliances (or Gateway Load Balancer endpoints) in subnets of their own, apart from the attachment subnets.',
    );
  });
});
