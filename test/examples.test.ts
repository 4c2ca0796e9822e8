import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { templateOf, templatesOf } from './support';
import { guardReportOf } from './support/intents';
import { NetworkStack } from '../examples/network-stack';
import { NetworkGuard } from '../src/guard';

test('the example app peers the two VPCs and opens PostgreSQL from the application VPC', () => {
  const stack = new NetworkStack(new App(), 'Example', {});
  const t = templateOf(stack);
  t.resourceCountIs('AWS::EC2::VPCPeeringConnection', 1);
  // AppVpc: 2 public + 2 private route tables; DataVpc: 2 isolated.
  t.resourcePropertiesCountIs(
    'AWS::EC2::Route',
    { DestinationCidrBlock: '10.1.0.0/16', VpcPeeringConnectionId: Match.anyValue() },
    4,
  );
  t.resourcePropertiesCountIs(
    'AWS::EC2::Route',
    { DestinationCidrBlock: '10.0.0.0/16', VpcPeeringConnectionId: Match.anyValue() },
    2,
  );
  t.hasResourceProperties('AWS::EC2::SecurityGroup', {
    SecurityGroupIngress: [Match.objectLike({ CidrIp: '10.0.0.0/16', FromPort: 5432, ToPort: 5432 })],
  });
  t.resourceCountIs('Custom::VpcPeeringDnsResolution', 1);
});

test('the example app gives the data-team group access to the peered data VPC through Client VPN', () => {
  const stack = new NetworkStack(new App(), 'Example', {});
  const t = templateOf(stack);
  t.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', { ClientCidrBlock: '10.100.0.0/22', SplitTunnel: true });
  t.resourcePropertiesCountIs(
    'AWS::EC2::ClientVpnAuthorizationRule',
    { TargetNetworkCidr: '10.1.0.0/16', AccessGroupId: 'data-team' },
    1,
  );
  // One route to the data VPC through each of the two associated subnets.
  t.resourcePropertiesCountIs('AWS::EC2::ClientVpnRoute', { DestinationCidrBlock: '10.1.0.0/16' }, 2);
});

test('the example app exposes the reporting service to the consumer VPC through PrivateLink', () => {
  const stack = new NetworkStack(new App(), 'Example', {});
  const t = templateOf(stack);
  t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Type: 'network', Scheme: 'internal' });
  t.hasResourceProperties('AWS::EC2::VPCEndpointService', { AcceptanceRequired: true });
  t.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface' });
  t.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
});

test('the example app synthesizes with no warning and no error', () => {
  const stack = new NetworkStack(new App(), 'Example', {});
  expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
});

test('the example app has a small hub: prod isolated, shared reachable, one prefix-list route per route table', () => {
  const stack = new NetworkStack(new App(), 'Example', {});
  const t = templateOf(stack);
  t.resourceCountIs('AWS::EC2::TransitGateway', 1);
  t.resourceCountIs('AWS::EC2::TransitGatewayRouteTable', 2);
  t.resourceCountIs('AWS::EC2::TransitGatewayAttachment', 2);
  t.resourceCountIs('AWS::EC2::TransitGatewayRouteTableAssociation', 2);
  // shared propagates into itself and into prod; prod (isolated) only into shared.
  t.resourceCountIs('AWS::EC2::TransitGatewayRouteTablePropagation', 3);
  // AppVpc: 4 route tables, SharedServicesVpc: 2; each gets one route to its segment's prefix list.
  t.resourcePropertiesCountIs('AWS::EC2::Route', { DestinationPrefixListId: Match.anyValue() }, 6);
  t.hasResourceProperties('AWS::EC2::PrefixList', { Entries: [{ Cidr: '10.60.0.0/16' }] });
});

test("the example app's intents hold: app to database and to shared services, shared services and consumer isolated from data", () => {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'example-intents-')) });
  new NetworkStack(app, 'Example', {});
  const report = guardReportOf(app);
  const intents = report.reachability.intents.map((i: any) => [i.constructPath, i.expected, i.port, i.status]);
  expect(intents).toEqual([
    ['Example/AppToDatabase', 'reachable', 'tcp/5432', 'met'],
    ['Example/AppToSharedServices', 'reachable', 'tcp/443', 'met'],
    ['Example/ConsumerNotData', 'isolated', 'any port', 'met'],
    ['Example/SharedServicesNotData', 'isolated', 'any port', 'met'],
  ]);
  expect(report.findings.filter((f: any) => f.ruleId.startsWith('NG-REACH'))).toEqual([]);
});

test('an intent of the example app fails synth when the network stops keeping it (the database port closed)', () => {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'example-intents-')) });
  const stack = new NetworkStack(app, 'Example', {});
  // Version 2 of the app drops the peering's security-group rule: the intent now fails with NG-REACH-001.
  const db = stack.node.findChild('DatabaseSg').node.defaultChild as ec2.CfnSecurityGroup;
  db.addPropertyDeletionOverride('SecurityGroupIngress');
  Aspects.of(app).add(new NetworkGuard());
  const errorSpy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    templatesOf(app);
  } finally {
    errorSpy.mockRestore();
  }
  const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('NG-REACH-001'));
  expect(errors).toHaveLength(1);
  expect(errors[0].id).toBe('/Example/AppToDatabase');
  expect(String(errors[0].entry.data)).toMatch(/SECURITY_GROUP_INGRESS/);
});
