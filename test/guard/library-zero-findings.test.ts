/**
 * The library's own constructs, used as documented, produce no NetworkGuard finding. One case per construct; every
 * construct that lands adds its case here.
 */
import { App } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { NetworkStack } from '../../examples/network-stack';
import {
  ClientVpnAccess,
  ClientVpnAuthentication,
  PeeredVpcPair,
  PeeringAccepterRole,
  PeeringAccepterSide,
  PeeringMesh,
  PrivateLinkEndpoint,
  PrivateLinkService,
  ServiceEndpoints,
} from '../../src';
import { ACCOUNT, OTHER_ACCOUNT, testStack, testVpc } from '../support';
import { guardApp } from './l1';

const CERT = 'arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555';

const cases: [string, (app: App) => void][] = [
  [
    'PeeredVpcPair (same account and Region), with allowFromRequester',
    (app) => {
      const s = testStack(app);
      const data = testVpc(s, 'B', '10.1.0.0/16');
      const pair = new PeeredVpcPair(s, 'Pair', { requesterVpc: testVpc(s, 'A', '10.0.0.0/16'), accepterVpc: data });
      pair.allowFromRequester(
        new ec2.SecurityGroup(s, 'Db', { vpc: data, allowAllOutbound: false }),
        ec2.Port.tcp(5432),
      );
    },
  ],
  [
    'PeeredVpcPair across stacks of one environment',
    (app) => {
      const a = testStack(app, 'A');
      const b = testStack(app, 'B');
      new PeeredVpcPair(a, 'Pair', {
        requesterVpc: testVpc(a, 'A', '10.0.0.0/16'),
        accepterVpc: testVpc(b, 'B', '10.1.0.0/16'),
      });
    },
  ],
  [
    'PeeringMesh of three VPCs',
    (app) => {
      const s = testStack(app);
      new PeeringMesh(s, 'Mesh', {
        vpcs: [testVpc(s, 'A', '10.0.0.0/16'), testVpc(s, 'B', '10.1.0.0/16'), testVpc(s, 'C', '10.2.0.0/16')],
      });
    },
  ],
  [
    'cross-account PeeredVpcPair with PeeringAccepterRole and PeeringAccepterSide',
    (app) => {
      const accepter = testStack(app, 'AccepterAccount', { env: { account: OTHER_ACCOUNT, region: 'us-east-1' } });
      const accepterVpc = testVpc(accepter, 'Data', '10.1.0.0/16', 1);
      new PeeringAccepterRole(accepter, 'AcceptRole', {
        requesterAccount: ACCOUNT,
        accepterVpc,
        roleName: 'peering-accepter',
      });
      const requester = testStack(app, 'RequesterAccount');
      const pair = new PeeredVpcPair(requester, 'Pair', {
        requesterVpc: testVpc(requester, 'App', '10.0.0.0/16', 1),
        accepterVpc: ec2.Vpc.fromVpcAttributes(requester, 'DataRef', {
          vpcId: 'vpc-0ddddddddddddddd0',
          vpcCidrBlock: '10.1.0.0/16',
          availabilityZones: ['us-east-1a'],
        }),
        accepterAccount: OTHER_ACCOUNT,
        accepterRoleArn: `arn:aws:iam::${OTHER_ACCOUNT}:role/peering-accepter`,
      });
      new PeeringAccepterSide(accepter, 'FromApp', {
        peeringConnectionId: 'pcx-0123456789abcdef0',
        vpc: accepterVpc,
        requesterCidrBlocks: pair.requesterCidrBlocks,
      });
    },
  ],
  [
    'PrivateLinkService with a port, an allowed account, and connectFrom a consumer VPC',
    (app) => {
      const s = testStack(app);
      const provider = testVpc(s, 'Provider', '10.0.0.0/16');
      const svc = new PrivateLinkService(s, 'Orders', {
        vpc: provider,
        allowedPrincipals: [new iam.ArnPrincipal('arn:aws:iam::333333333333:root')],
      });
      svc.addPort('Https', { port: 443, targets: [new targets.IpTarget('10.0.0.10')] });
      const consumer = testVpc(s, 'Consumer', '10.1.0.0/16');
      svc.connectFrom('FromApp', consumer, {
        allowFrom: [new ec2.SecurityGroup(s, 'App', { vpc: consumer })],
        ports: [443],
      });
    },
  ],
  [
    'PrivateLinkEndpoint to a service of another account',
    (app) => {
      const s = testStack(app);
      const vpc = testVpc(s, 'Vpc', '10.0.0.0/16');
      new PrivateLinkEndpoint(s, 'Orders', {
        vpc,
        serviceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0',
        ports: [443],
        allowFrom: [new ec2.SecurityGroup(s, 'App', { vpc })],
      });
    },
  ],
  [
    'ServiceEndpoints, gateway and interface',
    (app) => {
      const s = testStack(app);
      new ServiceEndpoints(s, 'Endpoints', {
        vpc: testVpc(s, 'Vpc', '10.0.0.0/16'),
        gateway: ['s3', 'dynamodb'],
        interface: [ec2.InterfaceVpcEndpointAwsService.SSM],
      });
    },
  ],
  [
    'ClientVpnAccess with grantAccess and grantAccessToVpc of a peered VPC',
    (app) => {
      const s = testStack(app);
      const appVpc = testVpc(s, 'App', '10.0.0.0/16');
      const data = testVpc(s, 'Data', '10.1.0.0/16');
      new PeeredVpcPair(s, 'Pair', { requesterVpc: appVpc, accepterVpc: data });
      const vpn = new ClientVpnAccess(s, 'Vpn', {
        vpc: appVpc,
        clientCidr: '10.100.0.0/22',
        serverCertificateArn: CERT,
        authentication: ClientVpnAuthentication.saml({
          samlProviderArn: 'arn:aws:iam::111111111111:saml-provider/ClientVpn',
        }),
      });
      vpn.grantAccess('10.0.0.0/16', { groupId: 'admins' });
      vpn.grantAccessToVpc(data, { groupId: 'data-team' });
    },
  ],
  ['the example NetworkStack (examples/network-stack.ts)', (app) => void new NetworkStack(app, 'Example', {})],
];

describe('NetworkGuard finds nothing in the library constructs used as documented', () => {
  test.each(cases)('%s', (_name, build) => {
    const app = new App();
    build(app);
    const { report } = guardApp(app);
    expect(report.findings).toEqual([]);
    expect(report.notChecked.filter((n) => n.why.startsWith('the rule failed'))).toEqual([]);
  });
});
