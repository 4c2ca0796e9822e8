import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ClientVpnAccess, ClientVpnAuthentication, PeeredVpcPair } from '../../src';

/**
 * A Client VPN endpoint in an app VPC, peered with a data VPC; members of the SAML group `data-team` reach the data
 * VPC (an authorization rule and a route through each associated subnet), everybody else reaches nothing.
 */
const app = new App();
const stack = new Stack(app, 'ClientVpnAccessInteg', { env: { account: '111111111111', region: 'us-east-1' } });

const subnetConfiguration: ec2.SubnetConfiguration[] = [
  { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
];
const appVpc = new ec2.Vpc(stack, 'AppVpc', {
  ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
  maxAzs: 2,
  natGateways: 0,
  subnetConfiguration,
});
const dataVpc = new ec2.Vpc(stack, 'DataVpc', {
  ipAddresses: ec2.IpAddresses.cidr('10.20.0.0/16'),
  maxAzs: 2,
  natGateways: 0,
  subnetConfiguration,
});

const peering = new PeeredVpcPair(stack, 'AppToData', { requesterVpc: appVpc, accepterVpc: dataVpc });

const vpn = new ClientVpnAccess(stack, 'Vpn', {
  vpc: appVpc,
  clientCidr: '10.100.0.0/22',
  serverCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555',
  authentication: ClientVpnAuthentication.saml({
    samlProviderArn: 'arn:aws:iam::111111111111:saml-provider/ClientVpn',
  }),
  dnsServers: ['10.0.0.2'],
});
vpn.grantAccessToVpc(dataVpc, { groupId: 'data-team', description: 'data-team to the data VPC' });

// VPN traffic reaches the data VPC from the endpoint's interfaces in the app VPC: admit the app VPC on 5432 only.
const database = new ec2.SecurityGroup(stack, 'DatabaseSg', { vpc: dataVpc, description: 'Database' });
peering.allowFromRequester(database, ec2.Port.tcp(5432));

new IntegTest(app, 'ClientVpnAccessIntegTest', { testCases: [stack] });
