import { App } from 'aws-cdk-lib';
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
