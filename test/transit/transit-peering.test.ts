import { App, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { orderedAfter, idOf, tgwTables } from './helpers';
import { HubTransitGateway, TransitPeeringAccepter } from '../../src/transit';
import { flatten, templateOf, templateUpdate, testStack, testVpc, waiterSpec } from '../support';

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
      accepted: true,
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
      // The reference orders the route after the attachment: no redundant DependsOn.
      DependsOn: Match.absent(),
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

describe('peerWith before and after acceptance', () => {
  function requester(version: { accepted?: boolean; segment?: boolean; route?: boolean }) {
    const app = new App();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub');
    const prod = hub.addSegment('prod');
    hub.attachVpc('App', { vpc: testVpc(stack, 'Vpc', '10.1.0.0/16'), segment: prod });
    const peering = hub.peerWith('EuHub', {
      peerTransitGatewayId: 'tgw-0123456789abcdef0',
      peerRegion: 'eu-west-1',
      segment: version.segment ? prod : undefined,
      accepted: version.accepted,
    });
    if (version.route) prod.addStaticRoute('10.200.0.0/16', peering);
    return { app, stack, hub, prod, peering };
  }

  test('a segment before acceptance is refused, naming accepted and the deploy order', () => {
    expect(() => requester({ segment: true })).toThrow(
      "Stack/Hub/EuHub: segment 'prod' is given, but accepted is false. The peering attachment is pendingAcceptance in the deployment that creates it, and AWS refuses to associate it then (IncorrectState). Deploy the peering without segment, accept it in the peer's stack (TransitPeeringAccepter), then set accepted: true and give segment.",
    );
  });

  test('a static route to it before acceptance is refused, naming accepted and the deploy order', () => {
    expect(() => requester({ route: true })).toThrow(
      "Stack/Hub/Segment-prod: addStaticRoute: peering Stack/Hub/EuHub is not accepted yet (accepted is false). The attachment is pendingAcceptance in the deployment that creates it, and AWS refuses routes to it then (IncorrectState). Deploy the peering, accept it in the peer's stack (TransitPeeringAccepter), then set accepted: true on peerWith and add the route.",
    );
  });

  test('deploy 1 creates the attachment only; deploy 2 (accepted: true) adds association and route, keeping the attachment', () => {
    const first = requester({});
    const before = templateOf(first.stack).toJSON();
    expect(Object.keys(templateOf(first.stack).findResources('AWS::EC2::TransitGatewayRoute'))).toEqual([]);
    templateOf(first.stack).resourceCountIs('AWS::EC2::TransitGatewayRouteTableAssociation', 1); // App's only
    const second = requester({ accepted: true, segment: true, route: true });
    const after = templateOf(second.stack).toJSON();
    const update = templateUpdate(before, after);
    const attachmentId = idOf(second.peering.attachment);
    expect(idOf(first.peering.attachment)).toBe(attachmentId);
    expect(update.removed).toEqual([]);
    expect(update.retyped).toEqual([]);
    expect(update.changed.map((c) => c.logicalId)).not.toContain(attachmentId);
    expect(update.added.map((id) => after.Resources[id].Type).sort()).toEqual([
      'AWS::EC2::TransitGatewayRoute',
      'AWS::EC2::TransitGatewayRouteTableAssociation',
    ]);
    for (const id of update.added) {
      expect(orderedAfter(after.Resources[id], attachmentId)).toBe(true);
    }
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
    const acceptances = t.findResources('Custom::TransitGatewayPeeringAcceptance');
    expect(Object.keys(acceptances)).toEqual([idOf(accepter.acceptance)]);
    // The custom resource keeps the construct id `Resource`.
    expect(accepter.acceptance.node.path).toBe('Peer/FromUs/Resource/Resource/Default');
    const spec = waiterSpec(Object.values<any>(acceptances)[0]);
    expect(spec).toEqual({
      create: {
        service: 'EC2',
        action: 'AcceptTransitGatewayPeeringAttachment',
        parameters: { TransitGatewayAttachmentId: 'tgw-attach-0123456789abcdef0' },
        ignoreErrorCodes: ['IncorrectState'],
      },
      // A changed attachment id is a new physical id: accepted and waited for again.
      update: spec.create,
      waitFor: {
        service: 'EC2',
        action: 'DescribeTransitGatewayPeeringAttachments',
        parameters: { TransitGatewayAttachmentIds: ['tgw-attach-0123456789abcdef0'] },
        path: 'TransitGatewayPeeringAttachments.0.State',
        success: ['available'],
        failure: ['failed', 'failing', 'rejected', 'rejecting', 'deleted', 'deleting'],
        reasonPath: 'TransitGatewayPeeringAttachments.0.Status.Message',
      },
      callAfterWait: false,
      timeoutSeconds: 1800,
      physicalResourceId: 'tgw-attach-0123456789abcdef0',
    });
    // The IAM policy of this use: accept on this attachment only; describe on '*'.
    const policies = t.findResources('AWS::IAM::Policy');
    const policyId = Object.keys(policies).find((id) => id.startsWith('FromUsPolicy'))!;
    const statements = policies[policyId].Properties.PolicyDocument.Statement;
    expect(statements).toHaveLength(2);
    expect(statements[0].Action).toBe('ec2:AcceptTransitGatewayPeeringAttachment');
    expect(flatten(statements[0].Resource)).toBe(
      'arn:${Ref:AWS::Partition}:ec2:eu-west-1:222222222222:transit-gateway-attachment/tgw-attach-0123456789abcdef0',
    );
    expect(statements[1]).toEqual({
      Action: 'ec2:DescribeTransitGatewayPeeringAttachments',
      Effect: 'Allow',
      Resource: '*',
    });
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

  test('a changed attachment id is accepted and waited for anew; association and routes follow the new wait', () => {
    const synth = (attachmentId: string) => {
      const app = new App();
      const peerStack = new Stack(app, 'Peer', { env: { account: '222222222222', region: 'eu-west-1' } });
      const core = new HubTransitGateway(peerStack, 'Hub').addSegment('core');
      const accepter = new TransitPeeringAccepter(peerStack, 'FromUs', {
        transitGatewayAttachmentId: attachmentId,
        segment: core,
      });
      core.addStaticRoute('10.0.0.0/8', accepter);
      return { t: templateOf(peerStack).toJSON(), id: idOf(accepter.acceptance) };
    };
    const before = synth('tgw-attach-0123456789abcdef0');
    const after = synth('tgw-attach-0fedcba9876543210');
    expect(after.id).toBe(before.id);
    const update = templateUpdate(before.t, after.t);
    expect(update.changed.find((c) => c.logicalId === before.id)?.properties).toEqual(['Spec']);
    const spec = waiterSpec(after.t.Resources[after.id]);
    // The new id is the physical id (CloudFormation then deletes the old one, which makes no call).
    expect(spec.physicalResourceId).toBe('tgw-attach-0fedcba9876543210');
    expect(spec.update.parameters).toEqual({ TransitGatewayAttachmentId: 'tgw-attach-0fedcba9876543210' });
    expect(spec.delete).toBeUndefined();
    const dependants = Object.values<any>(after.t.Resources).filter((res) =>
      ['AWS::EC2::TransitGatewayRouteTableAssociation', 'AWS::EC2::TransitGatewayRoute'].includes(res.Type),
    );
    expect(dependants).toHaveLength(2);
    for (const r of dependants) expect(r.DependsOn).toEqual([after.id]);
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
    t.resourceCountIs('AWS::EC2::TransitGatewayRoute', 0);
    t.resourceCountIs('AWS::EC2::TransitGatewayRouteTable', 0);
    // The one acceptance is of the valid id: the refused one created nothing.
    const [acceptance] = Object.values<any>(t.findResources('Custom::TransitGatewayPeeringAcceptance'));
    const spec = waiterSpec(acceptance);
    expect(spec.physicalResourceId).toBe('tgw-attach-0123456789abcdef0');
    expect(spec.create).toMatchObject({
      service: 'EC2',
      action: 'AcceptTransitGatewayPeeringAttachment',
      parameters: { TransitGatewayAttachmentId: 'tgw-attach-0123456789abcdef0' },
    });
    expect(spec.waitFor).toMatchObject({ path: 'TransitGatewayPeeringAttachments.0.State', success: ['available'] });
    expect(stack.node.tryFindChild('B')?.node.children ?? []).toEqual([]);
  });
});
