/**
 * Integration test: a HubTransitGateway with a shared-services segment and an isolated segment, two spoke VPCs in
 * their own stack, a BGP site-to-site VPN in the shared segment and a blackhole route. integ-runner verifies the
 * committed snapshot; nothing is deployed.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { HubTransitGateway } from '../../src';

const app = new App();
const env = { account: '111111111111', region: 'us-east-1' };
const hubStack = new Stack(app, 'TransitHubInteg', { env });
const spokeStack = new Stack(app, 'TransitSpokesInteg', { env });

function vpc(scope: Stack, id: string, cidr: string): ec2.Vpc {
  return new ec2.Vpc(scope, id, {
    ipAddresses: ec2.IpAddresses.cidr(cidr),
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'Private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
  });
}

const hub = new HubTransitGateway(hubStack, 'Hub', { amazonSideAsn: 64512 });
const apps = hub.addSegment('apps', { isolated: true });
const shared = hub.addSegment('shared');
apps.shareRoutesWith(shared);
apps.addBlackholeRoute('10.99.0.0/16');

hub.attachVpc('SharedServices', { vpc: vpc(hubStack, 'SharedVpc', '10.0.0.0/16'), segment: shared });
hub.attachVpc('Orders', { vpc: vpc(spokeStack, 'OrdersVpc', '10.1.0.0/16'), segment: apps });
hub.attachVpc('Billing', { vpc: vpc(spokeStack, 'BillingVpc', '10.2.0.0/16'), segment: apps });
hub.attachVpn('Branch', {
  customerGatewayIp: '203.0.113.12',
  bgpAsn: 65010,
  segment: shared,
  onPremisesCidrs: ['192.168.0.0/16'],
});

new IntegTest(app, 'TransitIntegTest', { testCases: [hubStack, spokeStack] });
