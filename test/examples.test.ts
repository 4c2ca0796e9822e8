import { App } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { templateOf } from './support';
import { NetworkStack } from '../examples/network-stack';

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
