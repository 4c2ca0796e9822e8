/**
 * Cross-account spokes: the hub's AWS RAM share holds the transit gateway and every segment's managed prefix list
 * (a `TransitSpoke` with `prefixListId` routes to a prefix list of another account, which RAM must share:
 * https://docs.aws.amazon.com/vpc/latest/userguide/sharing-managed-prefix-lists.html), and a spoke's attachment is
 * associated by the hub only when the transit gateway accepts shared attachments by itself.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { idOf } from './helpers';
import { HubTransitGateway, TransitSpoke } from '../../src/transit';
import { OTHER_ACCOUNT, REGION, templateOf, testStack, testVpc } from '../support';

describe('the RAM share of a shared hub', () => {
  test('holds the transit gateway and the prefix list of every segment, also one added later or reaching nothing', () => {
    const app = new App();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub', { shareWith: [OTHER_ACCOUNT], autoAcceptSharedAttachments: true });
    const prod = hub.addSegment('prod');
    hub.attachVpc('App', { vpc: testVpc(stack, 'Vpc', '10.1.0.0/16'), segment: prod });
    const dev = hub.addSegment('dev', { isolated: true });
    const t = templateOf(stack);
    t.resourceCountIs('AWS::RAM::ResourceShare', 1);
    t.hasResourceProperties('AWS::RAM::ResourceShare', {
      ResourceArns: [
        { 'Fn::GetAtt': [idOf(hub.transitGateway), 'TransitGatewayArn'] },
        { 'Fn::GetAtt': [idOf(prod.prefixList), 'Arn'] },
        { 'Fn::GetAtt': [idOf(dev.prefixList), 'Arn'] },
      ],
      Principals: [OTHER_ACCOUNT],
    });
    // Both prefix lists exist; dev's is empty (no attachment of this app routes to it) and still valid.
    t.resourceCountIs('AWS::EC2::PrefixList', 2);
    t.hasResourceProperties('AWS::EC2::PrefixList', {
      PrefixListName: Match.stringLikeRegexp('Segmentdev'),
      Entries: [],
      MaxEntries: 20,
    });
    expect(stack.resolve(dev.prefixListArn)).toEqual({ 'Fn::GetAtt': [idOf(dev.prefixList), 'Arn'] });
  });

  test('a hub that is not shared creates no share and no unused prefix list', () => {
    const app = new App();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub');
    hub.addSegment('prod');
    const t = templateOf(stack);
    t.resourceCountIs('AWS::RAM::ResourceShare', 0);
    t.resourceCountIs('AWS::EC2::PrefixList', 0);
  });

  test('a spoke of another account routes to the shared prefix list and the hub associates it', () => {
    const app = new App();
    const hubStack = testStack(app, 'HubStack');
    const spokeStack = new Stack(app, 'SpokeStack', { env: { account: OTHER_ACCOUNT, region: REGION } });
    const hub = new HubTransitGateway(hubStack, 'Hub', {
      shareWith: [OTHER_ACCOUNT],
      autoAcceptSharedAttachments: true,
    });
    const prod = hub.addSegment('prod');
    hub.attachVpc('Local', { vpc: testVpc(hubStack, 'LocalVpc', '10.30.0.0/16'), segment: prod });
    // Across accounts the ids are literals, read from the hub's deployment.
    const spoke = new TransitSpoke(spokeStack, 'Spoke', {
      transitGatewayId: 'tgw-0123456789abcdef0',
      vpc: testVpc(spokeStack, 'Vpc', '10.20.0.0/16'),
      prefixListId: 'pl-0123456789abcdef0',
    });
    hub.associateSpoke('Remote', {
      transitGatewayAttachmentId: 'tgw-attach-0123456789abcdef0',
      segment: prod,
      cidrBlocks: spoke.cidrBlocks,
    });
    const hubT = templateOf(hubStack);
    hubT.hasResourceProperties('AWS::RAM::ResourceShare', {
      ResourceArns: [
        { 'Fn::GetAtt': [idOf(hub.transitGateway), 'TransitGatewayArn'] },
        { 'Fn::GetAtt': [idOf(prod.prefixList), 'Arn'] },
      ],
    });
    hubT.hasResourceProperties('AWS::EC2::PrefixList', {
      Entries: [
        { Cidr: '10.30.0.0/16', Description: 'Local' },
        { Cidr: '10.20.0.0/16', Description: 'Remote' },
      ],
    });
    templateOf(spokeStack).hasResourceProperties('AWS::EC2::Route', {
      DestinationPrefixListId: 'pl-0123456789abcdef0',
    });
  });
});

describe('associateSpoke', () => {
  test('is refused when the hub does not accept shared attachments by itself, naming the fix', () => {
    const app = new App();
    const stack = testStack(app);
    const hub = new HubTransitGateway(stack, 'Hub', { shareWith: [OTHER_ACCOUNT] });
    const prod = hub.addSegment('prod');
    expect(() =>
      hub.associateSpoke('Remote', {
        transitGatewayAttachmentId: 'tgw-attach-0123456789abcdef0',
        segment: prod,
        cidrBlocks: ['10.20.0.0/16'],
      }),
    ).toThrow(
      "Stack/Hub/Remote: hub Stack/Hub has autoAcceptSharedAttachments false, so the spoke's attachment stays pendingAcceptance and AWS refuses to associate it (IncorrectState). Give the hub autoAcceptSharedAttachments: true, or accept the attachment by hand (aws ec2 accept-transit-gateway-vpc-attachment) and then associate and propagate it by hand (aws ec2 associate-transit-gateway-route-table, enable-transit-gateway-route-table-propagation) instead of associateSpoke.",
    );
    const t = templateOf(stack);
    t.resourceCountIs('AWS::EC2::TransitGatewayRouteTableAssociation', 0);
    t.resourceCountIs('AWS::EC2::TransitGatewayRouteTablePropagation', 0);
  });
});
