/**
 * The library's own constructs, used as documented, produce no NetworkGuard finding. One case per construct; every
 * construct that lands adds its case here.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { NetworkStack } from '../../examples/network-stack';
import {
  ClientVpnAccess,
  ClientVpnAuthentication,
  HubTransitGateway,
  PeeredVpcPair,
  PeeringAccepterRole,
  PeeringAccepterSide,
  PeeringMesh,
  PrivateLinkEndpoint,
  PrivateLinkService,
  ServiceEndpoints,
  SiteToSiteVpn,
  TransitSpoke,
} from '../../src';
import { ACCOUNT, OTHER_ACCOUNT, REGION, testStack, testVpc } from '../support';
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
        interfaceServices: [ec2.InterfaceVpcEndpointAwsService.SSM],
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
  [
    'HubTransitGateway: segments, a spoke in another stack, a VPN attachment and a blackhole route (README example)',
    (app) => {
      const network = testStack(app, 'Network');
      const workloads = testStack(app, 'Workloads');
      const hub = new HubTransitGateway(network, 'Hub', { amazonSideAsn: 64512 });
      const prod = hub.addSegment('prod', { isolated: true });
      const shared = hub.addSegment('shared');
      prod.shareRoutesWith(shared);
      hub.attachVpc('Services', { vpc: testVpc(network, 'Services', '10.0.0.0/16'), segment: shared });
      hub.attachVpc('Orders', { vpc: testVpc(workloads, 'Orders', '10.1.0.0/16'), segment: prod });
      hub.attachVpc('Billing', { vpc: testVpc(workloads, 'Billing', '10.2.0.0/16'), segment: prod });
      hub.attachVpn('Branch', { customerGatewayIp: '203.0.113.12', bgpAsn: 65010, segment: shared });
      prod.addBlackholeRoute('10.99.0.0/16');
    },
  ],
  [
    'HubTransitGateway: inspection VPC, routeTo summaries, peering and Direct Connect',
    (app) => {
      const s = testStack(app);
      const hub = new HubTransitGateway(s, 'Hub', { amazonSideAsn: 64512 });
      const prod = hub.addSegment('prod');
      const dev = hub.addSegment('dev');
      const inspection = hub.addSegment('inspection', { isolated: true });
      hub.attachVpc('P1', { vpc: testVpc(s, 'P1Vpc', '10.1.0.0/16'), segment: prod });
      hub.attachVpc('D1', { vpc: testVpc(s, 'D1Vpc', '10.2.0.0/16'), segment: dev, routeTo: ['10.0.0.0/8'] });
      const fw = hub.attachVpc('Firewall', { vpc: testVpc(s, 'FwVpc', '100.64.0.0/16'), segment: inspection });
      hub.inspectThrough(fw);
      const peering = hub.peerWith('EuHub', {
        peerTransitGatewayId: 'tgw-0123456789abcdef0',
        peerRegion: 'eu-west-1',
        segment: prod,
        // The second deployment: the peer has accepted the attachment (README: the peering deploy order).
        accepted: true,
      });
      prod.addStaticRoute('10.200.0.0/16', peering);
      hub.associateDirectConnectGateway('Dx', {
        directConnectGatewayId: '5f294f92-bafb-4011-916d-9b0bexample',
        allowedPrefixes: ['10.0.0.0/8'],
        directConnectGatewayAsn: 64600,
      });
    },
  ],
  [
    'TransitSpoke in another account and the hub associating it',
    (app) => {
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
      hub.associateSpoke('Remote', {
        transitGatewayAttachmentId: 'tgw-attach-0123456789abcdef0',
        segment: prod,
        cidrBlocks: spoke.cidrBlocks,
      });
      hub.attachVpc('Local', { vpc: testVpc(hubStack, 'LocalVpc', '10.30.0.0/16'), segment: prod });
    },
  ],
  [
    'SiteToSiteVpn to a virtual private gateway and to a hub',
    (app) => {
      const s = testStack(app);
      new SiteToSiteVpn(s, 'ToVgw', {
        vpc: testVpc(s, 'Vpc', '10.1.0.0/16'),
        customerGatewayIp: '203.0.113.12',
        bgpAsn: 65010,
      });
      const hub = new HubTransitGateway(s, 'Hub');
      const onprem = hub.addSegment('onprem');
      const vpcs = hub.addSegment('vpcs', { isolated: true });
      onprem.shareRoutesWith(vpcs);
      hub.attachVpc('App', { vpc: testVpc(s, 'AppVpc', '10.2.0.0/16'), segment: vpcs });
      new SiteToSiteVpn(s, 'ToHub', {
        hub,
        segment: onprem,
        customerGatewayIp: '203.0.113.13',
        bgpAsn: 65020,
        onPremisesCidrs: ['192.168.0.0/16'],
      });
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

/** Every template file of an app's assembly, by file name, as written. */
function writtenTemplates(app: App): Record<string, string> {
  const dir = app.synth().directory;
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.template.json'));
  return Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf-8')]));
}

describe('the aspect changes no written template', () => {
  // The aspect renders each template for its check (src/guard/model/stack-template.ts) before the synthesizer renders
  // it again and writes it: what is written must be what a synth without the guard writes, byte for byte, and the
  // guard may leave nothing on a stack. (Handing the rendered template to the synthesizer, to save the second render,
  // was tried and is wrong: the default synthesizer adds its BootstrapVersion parameter and rule between the two.)
  test.each(cases)('%s', (_name, build) => {
    const plain = new App();
    build(plain);
    const guarded = new App();
    build(guarded);
    guardApp(guarded);
    const expected = writtenTemplates(plain);
    expect(Object.keys(expected).length).toBeGreaterThan(0);
    expect(writtenTemplates(guarded)).toEqual(expected);
    const stacks = guarded.node.findAll().filter(Stack.isStack);
    expect(stacks.filter((s) => Object.prototype.hasOwnProperty.call(s, '_toCloudFormation'))).toEqual([]);
  });
});
