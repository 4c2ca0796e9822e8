/**
 * cdk-nag 2.x `AwsSolutionsChecks` and `NIST80053R5Checks` on the example app, the integ apps and an app of every
 * L3 with its optional parts: no unsuppressed error or warning on a resource this library creates. The library's
 * resources are those under an instance of a construct class it exports, and the stack-level singletons it adds
 * (the waiter provider, the `AwsCustomResource` provider function); the users' own VPCs and security groups are
 * theirs to judge.
 */
import { App, Aspects, CfnResource, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, INagLogger, NIST80053R5Checks } from 'cdk-nag';
import {
  ClientVpnAccess,
  ClientVpnAuthentication,
  HubTransitGateway,
  PeeredVpcPair,
  PrivateLinkService,
  ServiceEndpoints,
} from '../../src';
import { exampleStack, integAppStacks, INTEG_APPS, isLibraryResource } from '../stable-ids/apps';
import { FLAG_MODES, recommendedFlagsApp, templateOf } from '../support';

interface Finding {
  readonly rule: string;
  readonly level: string;
  readonly path: string;
  readonly reason?: string;
}

/**
 * Runs both packs on `app` (through `templateOf`, so every stack is also checked against the schemas) and returns
 * every finding: unsuppressed ones (level Error or Warning, or a rule that failed to run) and suppressed ones.
 */
function nag(app: App, stacks: Stack[]): { open: Finding[]; suppressed: Finding[] } {
  const open: Finding[] = [];
  const suppressed: Finding[] = [];
  const logger: INagLogger = {
    onCompliance: () => {},
    onNonCompliance: (d) => open.push({ rule: d.ruleId, level: d.ruleLevel, path: d.resource.node.path }),
    onSuppressed: (d) =>
      suppressed.push({ rule: d.ruleId, level: d.ruleLevel, path: d.resource.node.path, reason: d.suppressionReason }),
    onError: (d) => open.push({ rule: d.ruleId, level: `rule error: ${d.errorMessage}`, path: d.resource.node.path }),
    onSuppressedError: () => {},
    onNotApplicable: () => {},
  };
  const byPath = new Map<string, CfnResource>();
  const track: INagLogger = {
    ...logger,
    onNonCompliance: (d) => {
      byPath.set(d.resource.node.path, d.resource);
      logger.onNonCompliance(d);
    },
    onError: (d) => {
      byPath.set(d.resource.node.path, d.resource);
      logger.onError(d);
    },
    onSuppressed: (d) => {
      byPath.set(d.resource.node.path, d.resource);
      logger.onSuppressed(d);
    },
  };
  Aspects.of(app).add(new AwsSolutionsChecks({ reports: false, additionalLoggers: [track] }));
  Aspects.of(app).add(new NIST80053R5Checks({ reports: false, additionalLoggers: [track] }));
  for (const stack of stacks) templateOf(stack);
  const ours = (f: Finding) => isLibraryResource(byPath.get(f.path)!);
  return { open: open.filter(ours), suppressed: suppressed.filter(ours) };
}

const describeFinding = (f: Finding) => `${f.rule} (${f.level}) on ${f.path}`;

describe.each(FLAG_MODES)('cdk-nag, %s', (_mode, makeApp) => {
  test('the example app: no unsuppressed finding on the library resources', () => {
    const app = makeApp();
    const stack = exampleStack(app);
    const { open, suppressed } = nag(app, [stack]);
    expect(open.map(describeFinding).sort()).toEqual([]);
    // The packs did run on the library's resources: the NLB's documented suppressions are there, with reasons.
    expect(suppressed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rule: 'AwsSolutions-ELB2',
          path: 'VpcConnectivityExample/Reporting/LoadBalancer/Resource',
          reason: expect.stringMatching(/TLS connections only.*Give accessLogs/),
        }),
        expect.objectContaining({
          rule: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
          path: 'VpcConnectivityExample/Vpn/LogGroup/Resource',
          reason: expect.stringMatching(/logGroupEncryptionKey/),
        }),
      ]),
    );
  });

  test('the filter sees users resources as theirs: the example VPCs keep their findings', () => {
    const app = makeApp();
    const stack = exampleStack(app);
    const open: string[] = [];
    const logger: INagLogger = {
      onCompliance: () => {},
      onNonCompliance: (d) => open.push(`${d.ruleId} ${d.resource.node.path}`),
      onSuppressed: () => {},
      onError: () => {},
      onSuppressedError: () => {},
      onNotApplicable: () => {},
    };
    Aspects.of(app).add(new AwsSolutionsChecks({ reports: false, additionalLoggers: [logger] }));
    templateOf(stack);
    expect(open).toContain('AwsSolutions-VPC7 VpcConnectivityExample/DataVpc/Resource');
  });
});

test.each(INTEG_APPS)('cdk-nag on %s: no unsuppressed finding on the library resources', (file) => {
  const stacks = integAppStacks(file);
  const { open, suppressed } = nag(stacks[0].node.root as App, stacks);
  expect(open.map(describeFinding)).toEqual([]);
  for (const f of suppressed) {
    expect(f.reason!.length).toBeGreaterThan(40);
  }
});

/** An app of every L3 with its optional parts (recommended flags, where the most resources are made). */
function everyL3(options: { withKeys: boolean }): { app: App; stack: Stack } {
  const app = recommendedFlagsApp();
  const stack = new Stack(app, 'AllL3', { env: { account: '111111111111', region: 'us-east-1' } });
  const vpc = (id: string, cidr: string) =>
    new ec2.Vpc(stack, id, {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'Private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
    });
  const a = vpc('AVpc', '10.0.0.0/16');
  const b = vpc('BVpc', '10.1.0.0/16');
  const c = vpc('CVpc', '10.2.0.0/16');
  new PeeredVpcPair(stack, 'Pair', { requesterVpc: a, accepterVpc: b });
  const peer = ec2.Vpc.fromVpcAttributes(stack, 'PeerVpc', {
    vpcId: 'vpc-12345678',
    availabilityZones: ['us-east-1a'],
    vpcCidrBlock: '10.9.0.0/16',
  });
  new PeeredVpcPair(stack, 'CrossAccount', {
    requesterVpc: c,
    accepterVpc: peer,
    accepterAccount: '222222222222',
    accepterRoleArn: 'arn:aws:iam::222222222222:role/PeeringAccepter',
  });
  new ServiceEndpoints(stack, 'Endpoints', {
    vpc: a,
    gateway: ['s3', 'dynamodb'],
    interfaceServices: [ec2.InterfaceVpcEndpointAwsService.SSM],
    restrictToAccounts: ['111111111111'],
  });
  const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
  const key = options.withKeys ? new kms.Key(stack, 'Key', { enableKeyRotation: true }) : undefined;
  const service = new PrivateLinkService(stack, 'Service', {
    vpc: b,
    privateDnsName: 'orders.example.com',
    publicHostedZone: zone,
    allowedPrincipals: [new iam.ArnPrincipal('arn:aws:iam::222222222222:root')],
    accessLogs: options.withKeys ? { bucket: s3.Bucket.fromBucketName(stack, 'Logs', 'nlb-logs') } : undefined,
    deletionProtection: options.withKeys ? true : undefined,
  });
  service.addPort('Https', { port: 443, targets: [new targets.IpTarget('10.1.0.10')] });
  service.connectFrom('FromC', c, { ports: [443] });
  const vpn = new ClientVpnAccess(stack, 'Vpn', {
    vpc: c,
    clientCidr: '10.100.0.0/22',
    serverCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555',
    authentication: ClientVpnAuthentication.mutualTls(
      'arn:aws:acm:us-east-1:111111111111:certificate/66666666-7777-8888-9999-000000000000',
    ),
    logGroupEncryptionKey: key,
  });
  vpn.grantAccessToVpc(c);
  const hub = new HubTransitGateway(stack, 'Hub', { amazonSideAsn: 64512 });
  const segment = hub.addSegment('apps');
  hub.attachVpc('A', { vpc: a, segment });
  hub.attachVpn('Branch', { customerGatewayIp: '203.0.113.12', bgpAsn: 65010, segment });
  hub.attachVpn('Static', { customerGatewayIp: '203.0.113.13', segment, staticRoutes: ['192.168.0.0/16'] });
  return { app, stack };
}

test.each([
  ['defaults', false],
  ['access logs, deletion protection and a log-group key', true],
])('cdk-nag on an app of every L3 (%s): no unsuppressed finding on the library resources', (_name, withKeys) => {
  const { app, stack } = everyL3({ withKeys });
  const { open, suppressed } = nag(app, [stack]);
  expect(open.map(describeFinding).sort()).toEqual([]);
  const rulesOn = (path: string) =>
    suppressed
      .filter((f) => f.path === path)
      .map((f) => f.rule)
      .sort();
  if (withKeys) {
    // What the props fix is not suppressed: the finding is gone.
    expect(rulesOn('AllL3/Service/LoadBalancer/Resource')).toEqual([]);
    expect(rulesOn('AllL3/Vpn/LogGroup/Resource')).toEqual([]);
  } else {
    expect(rulesOn('AllL3/Service/LoadBalancer/Resource')).toEqual([
      'AwsSolutions-ELB2',
      'NIST.800.53.R5-ELBDeletionProtectionEnabled',
      'NIST.800.53.R5-ELBLoggingEnabled',
    ]);
    expect(rulesOn('AllL3/Vpn/LogGroup/Resource')).toEqual(['NIST.800.53.R5-CloudWatchLogGroupEncrypted']);
  }
});
