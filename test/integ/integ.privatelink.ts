import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import { PrivateLinkService, ServiceEndpoints } from '../../src';

const app = new App();
const stack = new Stack(app, 'PrivateLinkInteg', { env: { account: '111111111111', region: 'us-east-1' } });

function vpc(id: string, cidr: string): ec2.Vpc {
  return new ec2.Vpc(stack, id, {
    ipAddresses: ec2.IpAddresses.cidr(cidr),
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'Private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
  });
}

// Provider: an internal, cross-zone NLB behind an endpoint service (acceptance required, no principal).
const providerVpc = vpc('ProviderVpc', '10.10.0.0/16');
const orders = new PrivateLinkService(stack, 'Orders', { vpc: providerVpc });
orders.addPort('Https', { port: 443, targets: [new targets.IpTarget('10.10.0.10')] });

// Consumer: an interface endpoint that admits the app's security group on 443, accepted by the provider.
const consumerVpc = vpc('ConsumerVpc', '10.20.0.0/16');
const appSg = new ec2.SecurityGroup(stack, 'AppSecurityGroup', { vpc: consumerVpc, allowAllOutbound: false });
orders.connectFrom('FromApp', consumerVpc, { allowFrom: [appSg], ports: [443] });

// AWS services for the consumer VPC, only for principals of this account.
new ServiceEndpoints(stack, 'Endpoints', {
  vpc: consumerVpc,
  gateway: ['s3'],
  interfaceServices: [ec2.InterfaceVpcEndpointAwsService.SSM],
  restrictToAccounts: ['111111111111'],
});

new IntegTest(app, 'PrivateLinkIntegTest', { testCases: [stack] });
