import { App, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { idOf, tgwTables } from './helpers';
import { HubTransitGateway, TransitSpoke } from '../../src/transit';
import { OTHER_ACCOUNT, REGION, templateOf, testStack, testVpc } from '../support';

describe('hub and spokes in different stacks of one environment', () => {
  function build(spokeStacks: number, spokesPerStack: number) {
    const app = new App();
    const hubStack = testStack(app, 'HubStack');
    const hub = new HubTransitGateway(hubStack, 'Hub');
    const prod = hub.addSegment('prod');
    const shared = hub.addSegment('shared', { isolated: true });
    prod.shareRoutesWith(shared);
    const stacks: Stack[] = [];
    let n = 0;
    for (let s = 0; s < spokeStacks; s++) {
      const stack = testStack(app, `Spokes${s}`);
      stacks.push(stack);
      for (let i = 0; i < spokesPerStack; i++, n++) {
        hub.attachVpc(`Spoke${n}`, {
          vpc: testVpc(stack, `Vpc${n}`, `10.${n}.0.0/16`),
          segment: n % 2 === 0 ? prod : shared,
        });
      }
    }
    return { app, hubStack, hub, prod, shared, stacks };
  }

  test('two spoke stacks synthesize with no cycle; attachment, association, propagations and routes go into the spoke stacks', () => {
    const { hubStack, stacks, prod, shared, hub } = build(2, 2);
    const hubT = templateOf(hubStack);
    hubT.resourceCountIs('AWS::EC2::TransitGatewayAttachment', 0);
    hubT.resourceCountIs('AWS::EC2::TransitGatewayRouteTableAssociation', 0);
    hubT.resourceCountIs('AWS::EC2::TransitGatewayRouteTablePropagation', 0);
    hubT.resourceCountIs('AWS::EC2::Route', 0);
    // The prefix lists stay in the hub stack, with literal entries: no reference back to a spoke stack.
    hubT.hasResourceProperties('AWS::EC2::PrefixList', {
      PrefixListName: Match.stringLikeRegexp('prod'),
      Entries: [
        { Cidr: '10.0.0.0/16', Description: 'Spoke0' },
        { Cidr: '10.1.0.0/16', Description: 'Spoke1' },
        { Cidr: '10.2.0.0/16', Description: 'Spoke2' },
        { Cidr: '10.3.0.0/16', Description: 'Spoke3' },
      ],
      MaxEntries: 20,
    });
    expect(JSON.stringify(hubT.toJSON())).not.toMatch(/ImportValue/);
    const tgwExport = `HubStack:ExportsOutputRef${idOf(hub.transitGateway)}`;
    const listExports = [prod, shared].map((s) => `HubStack:ExportsOutputFnGetAtt${idOf(s.prefixList)}PrefixListId`);
    for (const stack of stacks) {
      const t = templateOf(stack);
      t.resourceCountIs('AWS::EC2::TransitGatewayAttachment', 2);
      t.resourceCountIs('AWS::EC2::TransitGatewayRouteTableAssociation', 2);
      t.resourceCountIs('AWS::EC2::TransitGatewayRouteTablePropagation', 3);
      // Spoke routes to the prefix list, through the TGW: both imported from the hub stack.
      const routes = Object.values<any>(
        t.findResources('AWS::EC2::Route', { Properties: { TransitGatewayId: Match.anyValue() } }),
      );
      expect(routes).toHaveLength(8);
      for (const r of routes) {
        expect(r.Properties.TransitGatewayId).toEqual({ 'Fn::ImportValue': expect.stringMatching(`^${tgwExport}`) });
        const listImport: string = r.Properties.DestinationPrefixListId['Fn::ImportValue'];
        expect(listExports.some((e) => listImport.startsWith(e))).toBe(true);
        expect(r.DependsOn).toHaveLength(1);
        expect(t.toJSON().Resources[r.DependsOn[0]].Type).toBe('AWS::EC2::TransitGatewayAttachment');
      }
      // Spoke stacks depend on the hub stack; the hub stack depends on nothing.
      expect(stack.dependencies.map((d) => d.stackName)).toEqual(['HubStack']);
    }
    expect(hubStack.dependencies).toEqual([]);
    expect(idOf(prod.routeTable)).toMatch(/^HubSegmentprod/);
  });

  test('the hub stack does not grow with the number of spokes', () => {
    const count = (spokes: number) => {
      const { hubStack } = build(spokes, 2);
      return Object.keys(templateOf(hubStack).toJSON().Resources).length;
    };
    expect(count(1)).toBe(count(4));
  });

  test('the TGW routes, associations and propagations of the spoke stacks are the ones of one stack', () => {
    const { stacks, hubStack, prod, shared } = build(2, 1);
    const [s0, s1] = stacks;
    const labels = {
      [idOf(prod.routeTable)]: 'prod',
      [idOf(shared.routeTable)]: 'shared',
    };
    const view = tgwTables([templateOf(hubStack), templateOf(s0), templateOf(s1)], labels);
    // Route table references are imports in the spoke stacks: 2 tables, prod propagated by both, shared by Spoke0.
    const tables = Object.values(view);
    expect(tables.map((v) => v.associated.length).reduce((a, b) => a + b)).toBe(2);
    expect(tables.map((v) => v.propagated.length).reduce((a, b) => a + b)).toBe(3);
  });
});

describe('TransitSpoke, across accounts', () => {
  test("the spoke's stack makes the attachment from a TGW id and its routes; the hub associates the id it is given", () => {
    const app = new App();
    const hubStack = testStack(app, 'HubStack');
    const spokeStack = new Stack(app, 'SpokeStack', { env: { account: OTHER_ACCOUNT, region: REGION } });
    const hub = new HubTransitGateway(hubStack, 'Hub', {
      shareWith: [OTHER_ACCOUNT],
      autoAcceptSharedAttachments: true,
    });
    const prod = hub.addSegment('prod');
    const spoke = new TransitSpoke(spokeStack, 'Spoke', {
      transitGatewayId: 'tgw-0123456789abcdef0',
      vpc: testVpc(spokeStack, 'Vpc', '10.20.0.0/16'),
      routeTo: ['10.0.0.0/8'],
    });
    expect(spoke.cidrBlocks).toEqual(['10.20.0.0/16']);
    const remote = hub.associateSpoke('Remote', {
      transitGatewayAttachmentId: 'tgw-attach-0123456789abcdef0',
      segment: prod,
      cidrBlocks: spoke.cidrBlocks,
    });
    hub.attachVpc('Local', { vpc: testVpc(hubStack, 'LocalVpc', '10.30.0.0/16'), segment: prod });
    const spokeT = templateOf(spokeStack);
    spokeT.hasResourceProperties('AWS::EC2::TransitGatewayAttachment', { TransitGatewayId: 'tgw-0123456789abcdef0' });
    const routes = Object.values<any>(
      spokeT.findResources('AWS::EC2::Route', { Properties: { TransitGatewayId: 'tgw-0123456789abcdef0' } }),
    );
    expect(routes).toHaveLength(4);
    for (const r of routes) {
      expect(r.Properties.DestinationCidrBlock).toBe('10.0.0.0/8');
      expect(r.DependsOn).toEqual([idOf(spoke.attachment)]);
    }
    const hubT = templateOf(hubStack);
    hubT.hasResourceProperties('AWS::EC2::TransitGatewayRouteTableAssociation', {
      TransitGatewayAttachmentId: 'tgw-attach-0123456789abcdef0',
      TransitGatewayRouteTableId: { Ref: idOf(prod.routeTable) },
    });
    hubT.hasResourceProperties('AWS::EC2::TransitGatewayRouteTablePropagation', {
      TransitGatewayAttachmentId: 'tgw-attach-0123456789abcdef0',
    });
    expect(remote.transitGatewayAttachmentId).toBe('tgw-attach-0123456789abcdef0');
    // The spoke's block is in the segment's prefix list, used by a VPC of the hub's account.
    hubT.hasResourceProperties('AWS::EC2::PrefixList', {
      Entries: [
        { Cidr: '10.20.0.0/16', Description: 'Remote' },
        { Cidr: '10.30.0.0/16', Description: 'Local' },
      ],
    });
    // Across accounts nothing is exported or imported: the stacks are deployed on their own, in either order.
    expect(JSON.stringify(spokeT.toJSON())).not.toMatch(/Fn::ImportValue|Hub/);
    expect(JSON.stringify(hubT.toJSON())).not.toMatch(/Fn::ImportValue|SpokeStack/);
    expect(spokeStack.dependencies).toEqual([]);
    expect(hubStack.dependencies).toEqual([]);
  });

  test('a spoke may route to the shared prefix list instead', () => {
    const app = new App();
    const stack = new Stack(app, 'SpokeStack', { env: { account: OTHER_ACCOUNT, region: REGION } });
    const spoke = new TransitSpoke(stack, 'Spoke', {
      transitGatewayId: 'tgw-0123456789abcdef0',
      vpc: testVpc(stack, 'Vpc', '10.20.0.0/16'),
      prefixListId: 'pl-0123456789abcdef0',
      applianceMode: true,
    });
    const t = templateOf(stack);
    t.hasResourceProperties('AWS::EC2::TransitGatewayAttachment', { Options: { ApplianceModeSupport: 'enable' } });
    t.hasResource('AWS::EC2::Route', {
      Properties: { DestinationPrefixListId: 'pl-0123456789abcdef0', TransitGatewayId: 'tgw-0123456789abcdef0' },
      DependsOn: [idOf(spoke.attachment)],
    });
  });

  test('bad inputs', () => {
    const app = new App();
    const stack = testStack(app);
    const vpc = testVpc(stack, 'Vpc', '10.20.0.0/16');
    expect(() => new TransitSpoke(stack, 'A', { transitGatewayId: 'tgw-0123456789abcdef0', vpc })).toThrow(
      "Stack/A: give exactly one of routeTo (your summary routes, such as ['10.0.0.0/8']) and prefixListId (the hub segment's prefix list, shared through AWS RAM).",
    );
    expect(() => new TransitSpoke(stack, 'B', { transitGatewayId: 'tgw-x', vpc, routeTo: ['10.0.0.0/8'] })).toThrow(
      "Stack/B: transitGatewayId 'tgw-x' is not a transit gateway id. Give the hub's id, such as 'tgw-0123456789abcdef0'.",
    );
    const hub = new HubTransitGateway(stack, 'Hub', { autoAcceptSharedAttachments: true });
    const prod = hub.addSegment('prod');
    expect(() =>
      hub.associateSpoke('C', { transitGatewayAttachmentId: 'att', segment: prod, cidrBlocks: ['10.0.0.0/16'] }),
    ).toThrow(
      "Stack/Hub/C: transitGatewayAttachmentId 'att' is not an attachment id. Give the spoke's TransitSpoke.transitGatewayAttachmentId, such as 'tgw-attach-0123456789abcdef0'.",
    );
    expect(() =>
      hub.associateSpoke('D', {
        transitGatewayAttachmentId: 'tgw-attach-0123456789abcdef0',
        segment: prod,
        cidrBlocks: [],
      }),
    ).toThrow("Stack/Hub/D: cidrBlocks is empty: give the spoke VPC's CIDR blocks (TransitSpoke.cidrBlocks).");
  });
});
