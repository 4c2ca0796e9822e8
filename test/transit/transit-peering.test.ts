import { App, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { idOf, tgwTables } from './helpers';
import { HubTransitGateway, TransitPeeringAccepter } from '../../src/transit';
import { flatten, sdkCall, templateOf, testStack, testVpc } from '../support';

describe('peerWith', () => {
  test('a peering attachment, associated with a segment, static routes only (nothing propagated)', () => {
    const app = new App();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub');
    const prod = hub.addSegment('prod');
    hub.attachVpc('App', { vpc: testVpc(stack, 'Vpc', '10.1.0.0/16'), segment: prod });
    const peering = hub.peerWith('EuHub', {
      peerTransitGatewayId: 'tgw-0123456789abcdef0',
      peerRegion: 'eu-west-1',
      peerAccount: '222222222222',
      segment: prod,
    });
    prod.addStaticRoute('10.200.0.0/16', peering);
    const t = templateOf(stack);
    t.hasResourceProperties('AWS::EC2::TransitGatewayPeeringAttachment', {
      TransitGatewayId: { Ref: idOf(hub.transitGateway) },
      PeerTransitGatewayId: 'tgw-0123456789abcdef0',
      PeerRegion: 'eu-west-1',
      PeerAccountId: '222222222222',
    });
    const view = tgwTables([t], { [idOf(prod.routeTable)]: 'prod', [idOf(peering.attachment)]: 'peering' });
    expect(view.prod.associated).toContain('peering');
    expect(view.prod.propagated).not.toContain('peering');
    expect(view.prod.routes).toEqual({ '10.200.0.0/16': 'peering' });
    t.hasResource('AWS::EC2::TransitGatewayRoute', {
      Properties: {
        DestinationCidrBlock: '10.200.0.0/16',
        TransitGatewayAttachmentId: { 'Fn::GetAtt': [idOf(peering.attachment), 'TransitGatewayAttachmentId'] },
      },
      DependsOn: [idOf(peering.attachment)],
    });
    // The peer's network enters the segment's prefix list.
    t.hasResourceProperties('AWS::EC2::PrefixList', {
      Entries: [
        { Cidr: '10.1.0.0/16', Description: 'App' },
        { Cidr: '10.200.0.0/16', Description: 'static route' },
      ],
    });
  });

  test('peerAccount defaults to this stack; no segment means no association', () => {
    const app = new App();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub');
    const peering = hub.peerWith('Peer', { peerTransitGatewayId: 'tgw-0123456789abcdef0', peerRegion: 'us-west-2' });
    const t = templateOf(stack);
    t.hasResourceProperties('AWS::EC2::TransitGatewayPeeringAttachment', { PeerAccountId: '111111111111' });
    t.resourceCountIs('AWS::EC2::TransitGatewayRouteTableAssociation', 0);
    expect(peering.association).toBeUndefined();
  });

  test.each([
    [
      { peerTransitGatewayId: 'tgw-1' },
      "Stack/Hub/Peer: peerTransitGatewayId 'tgw-1' is not a transit gateway id. Give the peer's id, such as 'tgw-0123456789abcdef0'.",
    ],
    [
      { peerRegion: 'Europe' },
      "Stack/Hub/Peer: peerRegion 'Europe' is not a Region name. Give the peer's Region, such as 'eu-west-1'.",
    ],
    [
      { peerAccount: '2222' },
      "Stack/Hub/Peer: peerAccount '2222' is not a 12-digit account id. Give the peer's account id.",
    ],
  ])('refuses %j', (bad, message) => {
    const app = new App();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub');
    expect(() =>
      hub.peerWith('Peer', { peerTransitGatewayId: 'tgw-0123456789abcdef0', peerRegion: 'eu-west-1', ...bad }),
    ).toThrow(message);
    templateOf(stack).resourceCountIs('AWS::EC2::TransitGatewayPeeringAttachment', 0);
  });
});

describe('TransitPeeringAccepter', () => {
  test("accepts the attachment in the peer's stack with IAM on that attachment, then associates and routes", () => {
    const app = new App();
    const peerStack = new Stack(app, 'Peer', { env: { account: '222222222222', region: 'eu-west-1' } });
    const peerHub = new HubTransitGateway(peerStack, 'Hub', { amazonSideAsn: 64513 });
    const core = peerHub.addSegment('core');
    const accepter = new TransitPeeringAccepter(peerStack, 'FromUs', {
      transitGatewayAttachmentId: 'tgw-attach-0123456789abcdef0',
      segment: core,
    });
    core.addStaticRoute('10.0.0.0/8', accepter);
    const t = templateOf(peerStack);
    const cr = Object.values<any>(t.findResources('Custom::TransitGatewayPeeringAcceptance'));
    expect(cr).toHaveLength(1);
    expect(sdkCall(cr[0], 'Create')).toMatchObject({
      service: 'EC2',
      action: 'acceptTransitGatewayPeeringAttachment',
      parameters: { TransitGatewayAttachmentId: 'tgw-attach-0123456789abcdef0' },
    });
    const statements = Object.values<any>(t.findResources('AWS::IAM::Policy'))[0].Properties.PolicyDocument.Statement;
    expect(statements).toHaveLength(1);
    expect(statements[0].Action).toBe('ec2:AcceptTransitGatewayPeeringAttachment');
    expect(flatten(statements[0].Resource)).toBe(
      'arn:${Ref:AWS::Partition}:ec2:eu-west-1:222222222222:transit-gateway-attachment/tgw-attach-0123456789abcdef0',
    );
    t.hasResource('AWS::EC2::TransitGatewayRouteTableAssociation', {
      Properties: { TransitGatewayAttachmentId: 'tgw-attach-0123456789abcdef0' },
      DependsOn: [idOf(accepter.acceptance)],
    });
    t.hasResource('AWS::EC2::TransitGatewayRoute', {
      Properties: { DestinationCidrBlock: '10.0.0.0/8', TransitGatewayAttachmentId: 'tgw-attach-0123456789abcdef0' },
      DependsOn: [idOf(accepter.acceptance)],
    });
    t.resourceCountIs('AWS::EC2::TransitGatewayRouteTablePropagation', 0);
  });

  test('without hub or segment it only accepts; a bad id is refused', () => {
    const app = new App();
    const stack = testStack(app);
    const accepter = new TransitPeeringAccepter(stack, 'A', {
      transitGatewayAttachmentId: 'tgw-attach-0123456789abcdef0',
    });
    expect(accepter.association).toBeUndefined();
    expect(() => new TransitPeeringAccepter(stack, 'B', { transitGatewayAttachmentId: 'pcx-1' })).toThrow(
      "Stack/B: transitGatewayAttachmentId 'pcx-1' is not an attachment id. Give the requester's TransitPeering.transitGatewayAttachmentId, such as 'tgw-attach-0123456789abcdef0'.",
    );
    const t = templateOf(stack);
    t.resourceCountIs('Custom::TransitGatewayPeeringAcceptance', 1);
    t.resourceCountIs('AWS::EC2::TransitGatewayRouteTableAssociation', 0);
    expect(Match).toBeDefined();
  });
});
