import { App, Annotations as CoreAnnotations, Names, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { PrivateLinkService } from '../../src/privatelink';
import { FLAG_MODES, logicalIdsOf, templateOf, templateUpdate, testVpc, waiterSpec } from '../support';

const ENV = { account: '111111111111', region: 'us-east-1' };
const GWLB_ARN = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/gwy/appliances/0123456789abcdef';

function setup(maxAzs = 2) {
  const app = new App();
  const stack = new Stack(app, 'S', { env: ENV });
  const vpc = testVpc(stack, 'Provider', '10.0.0.0/16', maxAzs);
  return { app, stack, vpc };
}

/** The logical id of the one resource of a type whose logical id is `prefix` and a hash. */
function logicalId(template: ReturnType<typeof templateOf>, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => new RegExp(`^${prefix}[0-9A-F]{8}$`).test(id));
  expect(ids).toHaveLength(1);
  return ids[0];
}

/** How `sdkCall` shows a token inside an `AwsCustomResource` call. */
function tok(value: unknown): string {
  return `<${JSON.stringify(value)}>`;
}

/** The SDK call of an `AwsCustomResource` property (`Create`, `Update`, `Delete`), tokens shown by `tok`. */
function sdkCall(value: any): any {
  if (typeof value === 'string') {
    return JSON.parse(value);
  }
  const parts: unknown[] = value['Fn::Join'][1];
  const text = parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(tok(p)).slice(1, -1))).join('');
  return JSON.parse(text);
}

/** The SDK calls (`Create`) of every `Custom::AWS` resource, by logical id. */
function sdkCalls(template: ReturnType<typeof templateOf>): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [id, r] of Object.entries(template.findResources('Custom::AWS'))) {
    out[id] = {
      create: sdkCall(r.Properties.Create),
      delete: r.Properties.Delete && sdkCall(r.Properties.Delete),
      dependsOn: r.DependsOn ?? [],
    };
  }
  return out;
}

describe('PrivateLinkService: provider with a new NLB', () => {
  test('an internal, cross-zone NLB in the private subnets, one per AZ', () => {
    const { stack, vpc } = setup();
    new PrivateLinkService(stack, 'Orders', { vpc });
    const t = templateOf(stack);

    t.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Type: 'network',
      Scheme: 'internal',
      Subnets: [
        { Ref: Match.stringLikeRegexp('ProviderPrivateSubnet1') },
        { Ref: Match.stringLikeRegexp('ProviderPrivateSubnet2') },
      ],
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'load_balancing.cross_zone.enabled', Value: 'true' }]),
    });
  });

  test('the endpoint service requires acceptance and allows no principal by default', () => {
    const { stack, vpc } = setup();
    const svc = new PrivateLinkService(stack, 'Orders', { vpc });
    const t = templateOf(stack);

    const nlb = logicalId(t, 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'OrdersLoadBalancer');
    t.resourceCountIs('AWS::EC2::VPCEndpointService', 1);
    t.hasResourceProperties('AWS::EC2::VPCEndpointService', {
      AcceptanceRequired: true,
      NetworkLoadBalancerArns: [{ Ref: nlb }],
      GatewayLoadBalancerArns: Match.absent(),
    });
    t.resourceCountIs('AWS::EC2::VPCEndpointServicePermissions', 0);
    expect(svc.acceptanceRequired).toBe(true);
    expect(svc.availabilityZones).toEqual(vpc.isolatedSubnets.map((s) => s.availabilityZone));
    // The main child is the endpoint service, under the stable id `Resource`.
    expect(svc.node.defaultChild).toBe(svc.endpointService);
    expect(stack.resolve(svc.serviceName)).toEqual({
      'Fn::Join': [
        '.',
        ['com.amazonaws.vpce', { Ref: 'AWS::Region' }, { Ref: logicalId(t, 'AWS::EC2::VPCEndpointService', 'Orders') }],
      ],
    });
  });

  test('vpcSubnets places the NLB', () => {
    const { stack, vpc } = setup();
    new PrivateLinkService(stack, 'Orders', { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
    templateOf(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internal',
      Subnets: [
        { Ref: Match.stringLikeRegexp('ProviderPublicSubnet1') },
        { Ref: Match.stringLikeRegexp('ProviderPublicSubnet2') },
      ],
    });
  });

  test('acceptanceRequired false is written', () => {
    const { stack, vpc } = setup();
    new PrivateLinkService(stack, 'Orders', { vpc, acceptanceRequired: false });
    templateOf(stack).hasResourceProperties('AWS::EC2::VPCEndpointService', { AcceptanceRequired: false });
  });

  test('vpcSubnets selecting nothing is refused', () => {
    const { stack, vpc } = setup();
    expect(
      () =>
        new PrivateLinkService(stack, 'Orders', {
          vpc,
          vpcSubnets: { subnetFilters: [ec2.SubnetFilter.byIds(['subnet-elsewhere'])] },
        }),
    ).toThrow(
      /S\/Orders: vpcSubnets selects no subnet of VPC S\/Provider: the NLB needs at least one\. Select subnets that exist\./,
    );
  });

  test('vpcSubnets with two subnets in one AZ is refused', () => {
    const { stack, vpc } = setup();
    expect(
      () =>
        new PrivateLinkService(stack, 'Orders', {
          vpc,
          vpcSubnets: { subnets: [vpc.publicSubnets[0], vpc.isolatedSubnets[0]], onePerAz: false },
        }),
    ).toThrow(
      /S\/Orders: vpcSubnets selects two subnets in dummy1a \(S\/Provider\/PublicSubnet1 and S\/Provider\/PrivateSubnet1\): an NLB takes one subnet per Availability Zone\. Add onePerAz: true to the selection, or select one subnet group\.$/,
    );
  });

  test('an explicit vpcSubnets is taken as given: two subnet groups of one type are refused, onePerAz: true kept', () => {
    const twoGroups = {
      subnetConfiguration: [
        { name: 'AppA', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
        { name: 'AppB', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    };
    const refused = new Stack(new App(), 'S', { env: ENV });
    const refusedVpc = testVpc(refused, 'Provider', '10.0.0.0/16', 2, twoGroups);
    expect(
      () =>
        new PrivateLinkService(refused, 'Orders', {
          vpc: refusedVpc,
          vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        }),
    ).toThrow(
      /S\/Orders: vpcSubnets selects two subnets in dummy1a \(S\/Provider\/AppASubnet1 and S\/Provider\/AppBSubnet1\): .*Add onePerAz: true/,
    );
    const subnetsOf = (stack: Stack) => {
      const nlbs = Object.values(templateOf(stack).findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'));
      expect(nlbs).toHaveLength(1);
      return nlbs[0].Properties.Subnets.map((s: any) => s.Ref).sort();
    };
    const kept = new Stack(new App(), 'S', { env: ENV });
    const keptVpc = testVpc(kept, 'Provider', '10.0.0.0/16', 2, twoGroups);
    new PrivateLinkService(kept, 'Orders', {
      vpc: keptVpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED, onePerAz: true },
    });
    expect(subnetsOf(kept)).toEqual([
      expect.stringMatching(/^ProviderAppASubnet1Subnet/),
      expect.stringMatching(/^ProviderAppASubnet2Subnet/),
    ]);
    const byDefault = new Stack(new App(), 'S', { env: ENV });
    new PrivateLinkService(byDefault, 'Orders', { vpc: testVpc(byDefault, 'Provider', '10.0.0.0/16', 2, twoGroups) });
    expect(subnetsOf(byDefault)).toEqual(subnetsOf(kept));
  });
});

describe('PrivateLinkService: access logs, deletion protection and cdk-nag', () => {
  const rulesSuppressed = (resource: any) =>
    (resource.Metadata?.cdk_nag?.rules_to_suppress ?? []).map((r: any) => r.id);
  const nlbOf = (t: ReturnType<typeof templateOf>) => {
    const nlbs = Object.entries(t.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'));
    expect(nlbs).toHaveLength(1);
    return nlbs[0];
  };

  test('by default: no access logs, no deletion protection, and the NLB tells cdk-nag why', () => {
    const { stack, vpc } = setup();
    const svc = new PrivateLinkService(stack, 'Orders', { vpc });
    svc.addPort('Https', { port: 443, targets: [new targets.IpTarget('10.0.0.10')] });
    const t = templateOf(stack);
    const [, nlb] = nlbOf(t);
    const attributes = Object.fromEntries(nlb.Properties.LoadBalancerAttributes.map((a: any) => [a.Key, a.Value]));
    expect(attributes['deletion_protection.enabled']).toBe('false');
    expect(attributes['access_logs.s3.enabled']).toBeUndefined();
    expect(rulesSuppressed(nlb)).toEqual([
      'AwsSolutions-ELB2',
      'NIST.800.53.R5-ELBLoggingEnabled',
      'NIST.800.53.R5-ELBDeletionProtectionEnabled',
    ]);
    const [listener] = Object.values(t.findResources('AWS::ElasticLoadBalancingV2::Listener'));
    expect(rulesSuppressed(listener)).toEqual(['NIST.800.53.R5-ELBv2ACMCertificateRequired']);
  });

  test('deletionProtection: true turns it on, and nothing is suppressed for it', () => {
    const { stack, vpc } = setup();
    new PrivateLinkService(stack, 'Orders', { vpc, deletionProtection: true });
    const [, nlb] = nlbOf(templateOf(stack));
    expect(nlb.Properties.LoadBalancerAttributes).toEqual(
      expect.arrayContaining([{ Key: 'deletion_protection.enabled', Value: 'true' }]),
    );
    expect(rulesSuppressed(nlb)).toEqual(['AwsSolutions-ELB2', 'NIST.800.53.R5-ELBLoggingEnabled']);
  });

  test('accessLogs: the NLB writes to the bucket under the prefix, after the bucket policy lets ELB write there; the bucket key lets log delivery use it', () => {
    const { stack, vpc } = setup();
    const key = new kms.Key(stack, 'LogsKey');
    const bucket = new s3.Bucket(stack, 'Logs', { encryption: s3.BucketEncryption.KMS, encryptionKey: key });
    new PrivateLinkService(stack, 'Orders', { vpc, accessLogs: { bucket, prefix: 'orders' } });
    const t = templateOf(stack);
    const [, nlb] = nlbOf(t);
    const bucketId = Object.keys(t.findResources('AWS::S3::Bucket'))[0];
    const policyId = Object.keys(t.findResources('AWS::S3::BucketPolicy'))[0];
    expect(nlb.Properties.LoadBalancerAttributes).toEqual(
      expect.arrayContaining([
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: { Ref: bucketId } },
        { Key: 'access_logs.s3.prefix', Value: 'orders' },
      ]),
    );
    expect(nlb.DependsOn).toContain(policyId);
    expect(rulesSuppressed(nlb)).toEqual(['NIST.800.53.R5-ELBDeletionProtectionEnabled']);
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:PutObject',
            Principal: { Service: 'delivery.logs.amazonaws.com' },
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/orders/AWSLogs/111111111111/*']] },
          }),
        ]),
      },
    });
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'AllowElbLogDelivery',
            Effect: 'Allow',
            Principal: { Service: 'delivery.logs.amazonaws.com' },
            Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
            Resource: '*',
          },
        ]),
      },
    });
  });

  test.each([
    [
      'accessLogs with loadBalancer',
      (stack: Stack, vpc: ec2.Vpc) => ({
        loadBalancer: new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc }),
        accessLogs: { bucket: s3.Bucket.fromBucketName(stack, 'B', 'logs') },
      }),
      /S\/Orders: accessLogs is given with loadBalancer: it only configures a new NLB\. Set it on your load balancer, or give vpc/,
    ],
    [
      'deletionProtection with gatewayLoadBalancerArns',
      () => ({ gatewayLoadBalancerArns: [GWLB_ARN], deletionProtection: true }),
      /S\/Orders: deletionProtection is given with gatewayLoadBalancerArns: it only configures a new NLB/,
    ],
    [
      'an accessLogs prefix with AWSLogs',
      (stack: Stack, vpc: ec2.Vpc) => ({
        vpc,
        accessLogs: { bucket: s3.Bucket.fromBucketName(stack, 'B', 'logs'), prefix: 'x/AWSLogs' },
      }),
      /S\/Orders: accessLogs\.prefix 'x\/AWSLogs' contains AWSLogs, which ELB adds itself after the prefix \(and refuses in it\)\. Give a prefix without AWSLogs\./,
    ],
  ])('%s is refused', (_name, props, error) => {
    const { stack, vpc } = setup();
    expect(() => new PrivateLinkService(stack, 'Orders', props(stack, vpc))).toThrow(error);
  });

  test('accessLogs in a stack without a Region is refused, naming the stack', () => {
    const stack = new Stack(new App(), 'Agnostic');
    const vpc = testVpc(stack, 'Provider', '10.0.0.0/16');
    expect(
      () =>
        new PrivateLinkService(stack, 'Orders', {
          vpc,
          accessLogs: { bucket: s3.Bucket.fromBucketName(stack, 'B', 'logs') },
        }),
    ).toThrow(
      /Agnostic\/Orders: accessLogs needs the stack's Region at synth: .*Give stack Agnostic an env with a region\./,
    );
  });

  test('private DNS: the AwsCustomResource policies and the shared provider function tell cdk-nag why', () => {
    const { stack, vpc } = setup();
    const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    new PrivateLinkService(stack, 'Orders', { vpc, privateDnsName: 'orders.example.com', publicHostedZone: zone });
    const t = templateOf(stack);
    const byPath = (type: string, pattern: RegExp) =>
      Object.entries(t.findResources(type))
        .filter(([id]) => pattern.test(id))
        .map(([, r]) => rulesSuppressed(r));
    expect(byPath('AWS::IAM::Policy', /^OrdersPrivateDnsNameCustomResourcePolicy/)).toEqual([
      ['NIST.800.53.R5-IAMNoInlinePolicy'],
    ]);
    expect(byPath('AWS::IAM::Policy', /^OrdersVerificationLookupCustomResourcePolicy/)).toEqual([
      ['NIST.800.53.R5-IAMNoInlinePolicy', 'AwsSolutions-IAM5'],
    ]);
    expect(byPath('AWS::Lambda::Function', /^AWS679f53fac002430cb0da5b7982bd2287/)).toEqual([
      [
        'AwsSolutions-IAM4',
        'AwsSolutions-L1',
        'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
        'NIST.800.53.R5-LambdaConcurrency',
        'NIST.800.53.R5-LambdaDLQ',
        'NIST.800.53.R5-LambdaInsideVPC',
      ],
    ]);
  });
});

describe('PrivateLinkService.addPort', () => {
  test('adds a listener and a target group of the targets', () => {
    const { stack, vpc } = setup();
    const svc = new PrivateLinkService(stack, 'Orders', { vpc });
    const port = svc.addPort('Https', { port: 443, targets: [new targets.IpTarget('10.0.1.10')] });
    const t = templateOf(stack);

    const tg = logicalId(t, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'OrdersHttpsTargetGroup');
    const nlb = logicalId(t, 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'OrdersLoadBalancer');
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 443,
      Protocol: 'TCP',
      TargetType: 'ip',
      Targets: [{ Id: '10.0.1.10' }],
      VpcId: { Ref: Match.stringLikeRegexp('Provider') },
    });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      LoadBalancerArn: { Ref: nlb },
      Port: 443,
      Protocol: 'TCP',
      DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: tg } }],
    });
    expect(port.port).toBe(443);
    expect(svc.ports).toHaveLength(1);
    expect(port.listener.node.path).toBe('S/Orders/Https/Listener');
  });

  test('protocol UDP is used for listener and target group', () => {
    const { stack, vpc } = setup();
    const svc = new PrivateLinkService(stack, 'Dns', { vpc });
    svc.addPort('Dns', { port: 53, protocol: elbv2.Protocol.UDP, targets: [new targets.IpTarget('10.0.1.53')] });
    const t = templateOf(stack);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 53, Protocol: 'UDP' });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 53, Protocol: 'UDP' });
  });

  test('one port twice is refused', () => {
    const { stack, vpc } = setup();
    const svc = new PrivateLinkService(stack, 'Orders', { vpc });
    svc.addPort('Https', { port: 443, targets: [] });
    expect(() => svc.addPort('Udp', { port: 443, protocol: elbv2.Protocol.UDP, targets: [] })).toThrow(
      /S\/Orders: addPort\('Udp'\): port 443 already has a listener \(S\/Orders\/Https\/Listener\).*TCP_UDP/,
    );
  });

  test.each([0, 65536, 1.5])('port %p is refused', (port) => {
    const { stack, vpc } = setup();
    const svc = new PrivateLinkService(stack, 'Orders', { vpc });
    expect(() => svc.addPort('P', { port, targets: [] })).toThrow(
      new RegExp(`addPort\\('P'\\): port ${port} is not a port\\. Give an integer from 1 to 65535\\.`),
    );
  });

  test.each([elbv2.Protocol.TLS, elbv2.Protocol.HTTP])('protocol %s is refused', (protocol) => {
    const { stack, vpc } = setup();
    const svc = new PrivateLinkService(stack, 'Orders', { vpc });
    expect(() => svc.addPort('P', { port: 443, protocol, targets: [] })).toThrow(
      new RegExp(`addPort\\('P'\\): protocol ${protocol} is not supported here\\. Use TCP, UDP or TCP_UDP`),
    );
  });
});

describe('PrivateLinkService: principals', () => {
  test('allowedPrincipals become VPCEndpointServicePermissions of the service', () => {
    const { stack, vpc } = setup();
    new PrivateLinkService(stack, 'Orders', {
      vpc,
      allowedPrincipals: [new iam.ArnPrincipal('arn:aws:iam::333333333333:root')],
    });
    const t = templateOf(stack);
    const service = logicalId(t, 'AWS::EC2::VPCEndpointService', 'Orders');
    t.resourceCountIs('AWS::EC2::VPCEndpointServicePermissions', 1);
    t.hasResourceProperties('AWS::EC2::VPCEndpointServicePermissions', {
      ServiceId: { Ref: service },
      AllowedPrincipals: ['arn:aws:iam::333333333333:root'],
    });
  });

  test('allowPrincipal adds to the same permissions resource, each ARN once', () => {
    const { stack, vpc } = setup();
    const svc = new PrivateLinkService(stack, 'Orders', {
      vpc,
      allowedPrincipals: [new iam.ArnPrincipal('arn:aws:iam::333333333333:root')],
    });
    svc.allowPrincipal(new iam.ArnPrincipal('arn:aws:iam::444444444444:role/consumer'));
    svc.allowPrincipal(new iam.ArnPrincipal('arn:aws:iam::333333333333:root'));
    const t = templateOf(stack);
    t.resourceCountIs('AWS::EC2::VPCEndpointServicePermissions', 1);
    t.hasResourceProperties('AWS::EC2::VPCEndpointServicePermissions', {
      AllowedPrincipals: ['arn:aws:iam::333333333333:root', 'arn:aws:iam::444444444444:role/consumer'],
    });
    expect(svc.permissions?.node.id).toBe('Permissions');
  });

  test("NG-PL-001: '*' without acceptance warns", () => {
    const { stack, vpc } = setup();
    new PrivateLinkService(stack, 'Orders', {
      vpc,
      acceptanceRequired: false,
      allowedPrincipals: [new iam.AnyPrincipal()],
    });
    Annotations.fromStack(stack).hasWarning(
      '/S/Orders',
      Match.stringLikeRegexp("allowedPrincipals contains '\\*' and acceptanceRequired is false"),
    );
  });

  test("NG-PL-001: '*' with acceptance required does not warn", () => {
    const { stack, vpc } = setup();
    new PrivateLinkService(stack, 'Orders', { vpc, allowedPrincipals: [new iam.ArnPrincipal('*')] });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('NG-PL-001'));
  });
});

describe('PrivateLinkService: an existing NLB', () => {
  test('the service fronts the given NLB and creates none', () => {
    const { stack, vpc } = setup();
    const nlb = new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc, crossZoneEnabled: true });
    const svc = new PrivateLinkService(stack, 'Orders', { loadBalancer: nlb });
    const t = templateOf(stack);
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    t.hasResourceProperties('AWS::EC2::VPCEndpointService', {
      NetworkLoadBalancerArns: [{ Ref: logicalId(t, 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'Nlb') }],
    });
    expect(svc.availabilityZones).toEqual(vpc.isolatedSubnets.map((s) => s.availabilityZone));
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('NG-PL-005'));
  });

  test('NG-PL-005: an NLB over several AZs without cross-zone load balancing warns', () => {
    const { stack, vpc } = setup();
    const nlb = new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc });
    new PrivateLinkService(stack, 'Orders', { loadBalancer: nlb });
    Annotations.fromStack(stack).hasWarning(
      '/S/Orders',
      Match.stringLikeRegexp('loadBalancer S/Nlb spans .+ without cross-zone load balancing'),
    );
  });

  test('NG-PL-005: an NLB in one AZ does not warn', () => {
    const { stack, vpc } = setup(1);
    const nlb = new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc });
    new PrivateLinkService(stack, 'Orders', { loadBalancer: nlb });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('NG-PL-005'));
  });

  test('an imported NLB: AZs unknown, nothing checked', () => {
    const { stack } = setup();
    const nlb = elbv2.NetworkLoadBalancer.fromNetworkLoadBalancerAttributes(stack, 'Nlb', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/net/orders/0123456789abcdef',
    });
    const svc = new PrivateLinkService(stack, 'Orders', { loadBalancer: nlb });
    templateOf(stack).hasResourceProperties('AWS::EC2::VPCEndpointService', {
      NetworkLoadBalancerArns: [
        'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/net/orders/0123456789abcdef',
      ],
    });
    expect(svc.availabilityZones).toBeUndefined();
  });

  test('vpcSubnets with an existing NLB is refused', () => {
    const { stack, vpc } = setup();
    const nlb = new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc, crossZoneEnabled: true });
    expect(
      () => new PrivateLinkService(stack, 'Orders', { loadBalancer: nlb, vpcSubnets: { onePerAz: true } }),
    ).toThrow(/S\/Orders: vpcSubnets is given with loadBalancer: it only places a new NLB/);
  });

  test('no load balancer at all is refused', () => {
    const { stack } = setup();
    expect(() => new PrivateLinkService(stack, 'Orders', {})).toThrow(
      /S\/Orders: no load balancer: an endpoint service needs one\. Give vpc .*, loadBalancer .*, or gatewayLoadBalancerArns\./,
    );
  });
});

describe('PrivateLinkService: Gateway Load Balancer variant', () => {
  test('GatewayLoadBalancerArns, no NLB', () => {
    const { stack } = setup();
    const svc = new PrivateLinkService(stack, 'Appliances', { gatewayLoadBalancerArns: [GWLB_ARN] });
    const t = templateOf(stack);
    t.hasResourceProperties('AWS::EC2::VPCEndpointService', {
      AcceptanceRequired: true,
      GatewayLoadBalancerArns: [GWLB_ARN],
      NetworkLoadBalancerArns: Match.absent(),
    });
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
    expect(svc.isGatewayLoadBalancerService).toBe(true);
    expect(svc.loadBalancer).toBeUndefined();
  });

  test('mixing it with an existing NLB is refused', () => {
    const { stack, vpc } = setup();
    const nlb = new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc, crossZoneEnabled: true });
    expect(
      () => new PrivateLinkService(stack, 'Mixed', { loadBalancer: nlb, gatewayLoadBalancerArns: [GWLB_ARN] }),
    ).toThrow(
      /S\/Mixed: gatewayLoadBalancerArns is given together with loadBalancer: one endpoint service cannot mix Network and Gateway Load Balancers/,
    );
  });

  test('mixing it with a new NLB (vpc) is refused', () => {
    const { stack, vpc } = setup();
    expect(() => new PrivateLinkService(stack, 'Mixed', { vpc, gatewayLoadBalancerArns: [GWLB_ARN] })).toThrow(
      /S\/Mixed: gatewayLoadBalancerArns is given together with vpc \(which makes a new NLB\): one endpoint service cannot mix/,
    );
  });

  test('an empty list is refused', () => {
    const { stack } = setup();
    expect(() => new PrivateLinkService(stack, 'Appliances', { gatewayLoadBalancerArns: [] })).toThrow(
      /S\/Appliances: gatewayLoadBalancerArns is empty: an endpoint service needs a load balancer/,
    );
  });

  test('privateDnsName is refused', () => {
    const { stack } = setup();
    expect(
      () =>
        new PrivateLinkService(stack, 'Appliances', {
          gatewayLoadBalancerArns: [GWLB_ARN],
          privateDnsName: 'fw.example.com',
        }),
    ).toThrow(/privateDnsName 'fw\.example\.com' is given for a Gateway Load Balancer service/);
  });

  test('addPort and connectFrom are refused', () => {
    const { stack } = setup();
    const consumer = testVpc(stack, 'Consumer', '10.1.0.0/16');
    const svc = new PrivateLinkService(stack, 'Appliances', { gatewayLoadBalancerArns: [GWLB_ARN] });
    expect(() => svc.addPort('Https', { port: 443, targets: [] })).toThrow(
      /S\/Appliances: addPort\('Https'\) on a Gateway Load Balancer service/,
    );
    expect(() => svc.connectFrom('App', consumer, { ports: [443] })).toThrow(
      /S\/Appliances: connectFrom\('App'\): this service is fronted by Gateway Load Balancers/,
    );
  });
});

describe('PrivateLinkService: private DNS name', () => {
  function withDns() {
    const { stack, vpc } = setup();
    const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    const svc = new PrivateLinkService(stack, 'Orders', {
      vpc,
      privateDnsName: 'orders.example.com',
      publicHostedZone: zone,
    });
    return { stack, svc, t: templateOf(stack) };
  }

  test('sets the name, reads the verification name and value, writes the TXT record, then starts verification and waits for it', () => {
    const { t } = withDns();
    const service = logicalId(t, 'AWS::EC2::VPCEndpointService', 'Orders');
    t.resourceCountIs('Custom::AWS', 2);
    const setName = logicalId(t, 'Custom::AWS', 'OrdersPrivateDnsName');
    const lookup = logicalId(t, 'Custom::AWS', 'OrdersVerificationLookup');
    const record = logicalId(t, 'AWS::Route53::RecordSet', 'OrdersVerificationRecord');

    const calls = sdkCalls(t);
    expect(calls[setName].create).toMatchObject({
      service: 'EC2',
      action: 'modifyVpcEndpointServiceConfiguration',
      parameters: { ServiceId: tok({ Ref: service }), PrivateDnsName: 'orders.example.com' },
    });
    expect(calls[setName].delete).toMatchObject({
      action: 'modifyVpcEndpointServiceConfiguration',
      parameters: { ServiceId: tok({ Ref: service }), RemovePrivateDnsName: true },
    });
    expect(calls[lookup].create).toMatchObject({
      action: 'describeVpcEndpointServiceConfigurations',
      parameters: { ServiceIds: [tok({ Ref: service })] },
    });
    expect(calls[lookup].dependsOn).toContain(setName);
    t.hasResourceProperties('AWS::Route53::RecordSet', {
      Type: 'TXT',
      HostedZoneId: { Ref: Match.stringLikeRegexp('Zone') },
      Name: {
        'Fn::Join': [
          '',
          [{ 'Fn::GetAtt': [lookup, 'ServiceConfigurations.0.PrivateDnsNameConfiguration.Name'] }, '.example.com.'],
        ],
      },
      ResourceRecords: [
        {
          'Fn::Join': [
            '',
            ['"', { 'Fn::GetAtt': [lookup, 'ServiceConfigurations.0.PrivateDnsNameConfiguration.Value'] }, '"'],
          ],
        },
      ],
    });
    // Verification: a waiter that starts it once the TXT record exists and waits until AWS reports `verified`.
    const verifications = t.findResources('Custom::VpcEndpointServicePrivateDnsVerification');
    expect(Object.keys(verifications)).toHaveLength(1);
    const [verifyId, verify] = Object.entries<any>(verifications)[0];
    expect(verifyId).toMatch(/^OrdersVerification[0-9A-F]{8}$/);
    expect(verify.DependsOn).toContain(record);
    const spec = waiterSpec(verify);
    expect(spec.create).toEqual({
      service: 'EC2',
      action: 'StartVpcEndpointServicePrivateDnsVerification',
      parameters: { ServiceId: `\${Ref:${service}}` },
    });
    expect(spec.waitFor).toEqual({
      service: 'EC2',
      action: 'DescribeVpcEndpointServiceConfigurations',
      parameters: { ServiceIds: [`\${Ref:${service}}`] },
      path: 'ServiceConfigurations.0.PrivateDnsNameConfiguration.State',
      success: ['verified'],
      failure: ['failed'],
    });
    expect(spec.callAfterWait).toBe(false);
    expect(spec.timeoutSeconds).toBe(55 * 60);
    // A new name (so a new TXT record) is verified and waited for anew.
    expect(spec.physicalResourceId).toBe(
      `\${GetAtt:${lookup}.ServiceConfigurations.0.PrivateDnsNameConfiguration.Name}:\${GetAtt:${lookup}.ServiceConfigurations.0.PrivateDnsNameConfiguration.Value}`,
    );
  });

  test('IAM is scoped to the endpoint service ARN; only the Describe calls have *', () => {
    const { t } = withDns();
    const service = logicalId(t, 'AWS::EC2::VPCEndpointService', 'Orders');
    const serviceArn = {
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, ':ec2:us-east-1:111111111111:vpc-endpoint-service/', { Ref: service }],
      ],
    };
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{ Action: 'ec2:ModifyVpcEndpointServiceConfiguration', Effect: 'Allow', Resource: serviceArn }],
      },
    });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          { Action: 'ec2:StartVpcEndpointServicePrivateDnsVerification', Effect: 'Allow', Resource: serviceArn },
          { Action: 'ec2:DescribeVpcEndpointServiceConfigurations', Effect: 'Allow', Resource: '*' },
        ],
      },
    });
    // The statements of this construct that name '*' are the Describe ones (the waiter provider's own policies
    // name its functions).
    const policies = t.findResources('AWS::IAM::Policy');
    const wildcard = Object.entries(policies)
      .filter(([id]) => id.startsWith('Orders'))
      .flatMap(([, p]: [string, any]) => p.Properties.PolicyDocument.Statement)
      .filter((s: any) => s.Resource === '*');
    expect(wildcard.map((s: any) => s.Action)).toEqual([
      'ec2:DescribeVpcEndpointServiceConfigurations',
      'ec2:DescribeVpcEndpointServiceConfigurations',
    ]);
  });

  test('NG-PL-004: a private DNS name without hosted zone warns, sets the name, writes no record', () => {
    const { stack, vpc } = setup();
    new PrivateLinkService(stack, 'Orders', { vpc, privateDnsName: 'orders.example.com' });
    const t = templateOf(stack);
    Annotations.fromStack(stack).hasWarning(
      '/S/Orders',
      Match.stringLikeRegexp("privateDnsName 'orders.example.com' has no verification path"),
    );
    t.resourceCountIs('Custom::AWS', 1);
    t.resourceCountIs('AWS::Route53::RecordSet', 0);
  });

  test('NG-PL-004 can be acknowledged by its id', () => {
    const { stack, vpc } = setup();
    const svc = new PrivateLinkService(stack, 'Orders', { vpc, privateDnsName: 'orders.example.com' });
    CoreAnnotations.of(svc).acknowledgeWarning('NG-PL-004', 'the domain is verified by hand');
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('NG-PL-004'));
  });

  test('no private DNS name: no custom resource', () => {
    const { stack, vpc } = setup();
    new PrivateLinkService(stack, 'Orders', { vpc });
    templateOf(stack).resourceCountIs('Custom::AWS', 0);
  });

  test('a hosted zone without a private DNS name is refused', () => {
    const { stack, vpc } = setup();
    const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    expect(() => new PrivateLinkService(stack, 'Orders', { vpc, publicHostedZone: zone })).toThrow(
      /S\/Orders: publicHostedZone is given without privateDnsName: there is no domain to verify/,
    );
  });

  test('a private DNS name outside the hosted zone is refused', () => {
    const { stack, vpc } = setup();
    const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    expect(
      () =>
        new PrivateLinkService(stack, 'Orders', { vpc, privateDnsName: 'orders.example.org', publicHostedZone: zone }),
    ).toThrow(/S\/Orders: privateDnsName 'orders\.example\.org' is not in publicHostedZone 'example\.com'/);
  });
});

describe('PrivateLinkService.connectFrom', () => {
  function provider(consumerAzs = 3) {
    const { app, stack, vpc } = setup(2);
    const consumer = testVpc(stack, 'Consumer', '10.1.0.0/16', consumerAzs);
    const svc = new PrivateLinkService(stack, 'Orders', { vpc });
    svc.addPort('Https', { port: 443, targets: [new targets.IpTarget('10.0.1.10')] });
    const appSg = new ec2.SecurityGroup(stack, 'AppSg', { vpc: consumer });
    return { app, stack, vpc, consumer, svc, appSg };
  }

  test('an interface endpoint in the consumer VPC, its security group open to allowFrom on the ports only', () => {
    const { stack, svc, consumer, appSg } = provider(2);
    const endpoint = svc.connectFrom('FromApp', consumer, { allowFrom: [appSg], ports: [443] });
    const t = templateOf(stack);
    const service = logicalId(t, 'AWS::EC2::VPCEndpointService', 'Orders');
    const endpointSg = logicalId(t, 'AWS::EC2::SecurityGroup', 'OrdersFromAppSecurityGroup');

    t.resourceCountIs('AWS::EC2::VPCEndpoint', 1);
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Interface',
      VpcId: { Ref: Match.stringLikeRegexp('Consumer') },
      ServiceName: { 'Fn::Join': ['.', ['com.amazonaws.vpce', { Ref: 'AWS::Region' }, { Ref: service }]] },
      PrivateDnsEnabled: false,
      SecurityGroupIds: [{ 'Fn::GetAtt': [endpointSg, 'GroupId'] }],
    });
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [endpointSg, 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [logicalId(t, 'AWS::EC2::SecurityGroup', 'AppSg'), 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
    });
    t.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('PrivateLink interface endpoint'),
      SecurityGroupIngress: Match.absent(),
    });
    expect(endpoint.node.path).toBe('S/Orders/FromApp');
  });

  test('this account is allowed on the service, and the endpoint waits for that permission', () => {
    const { stack, svc, consumer } = provider(2);
    svc.connectFrom('FromApp', consumer, { ports: [443] });
    const t = templateOf(stack);
    const permissions = logicalId(t, 'AWS::EC2::VPCEndpointServicePermissions', 'OrdersPermissions');
    t.hasResourceProperties('AWS::EC2::VPCEndpointServicePermissions', {
      AllowedPrincipals: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:root']] }],
    });
    t.hasResource('AWS::EC2::VPCEndpoint', { DependsOn: Match.arrayWith([permissions]) });
  });

  test('acceptance: a waiter accepts the endpoint and waits until the connection is available', () => {
    const { stack, svc, consumer } = provider(2);
    svc.connectFrom('FromApp', consumer, { ports: [443] });
    const t = templateOf(stack);
    const service = logicalId(t, 'AWS::EC2::VPCEndpointService', 'Orders');
    const endpoint = logicalId(t, 'AWS::EC2::VPCEndpoint', 'OrdersFromApp');
    t.resourceCountIs('Custom::AWS', 0);
    const acceptances = Object.entries<any>(t.findResources('Custom::VpcEndpointConnectionAcceptance'));
    expect(acceptances).toHaveLength(1);
    expect(acceptances[0][0]).toMatch(/^OrdersFromAppAcceptance[0-9A-F]{8}$/);
    const spec = waiterSpec(acceptances[0][1]);
    expect(spec.create).toEqual({
      service: 'EC2',
      action: 'AcceptVpcEndpointConnections',
      parameters: { ServiceId: `\${Ref:${service}}`, VpcEndpointIds: [`\${Ref:${endpoint}}`] },
      // The accept call reports refused endpoints under `Unsuccessful` without failing: such an entry fails the
      // deployment, except an endpoint EC2 does not list yet, which is accepted again while pending.
      failWhenPresent: 'Unsuccessful.0.Error',
      ignoreErrorCodes: ['InvalidVpcEndpointId.NotFound'],
    });
    expect(spec.waitFor).toEqual({
      service: 'EC2',
      action: 'DescribeVpcEndpointConnections',
      parameters: {
        Filters: [
          { Name: 'service-id', Values: [`\${Ref:${service}}`] },
          { Name: 'vpc-endpoint-id', Values: [`\${Ref:${endpoint}}`] },
        ],
      },
      path: 'VpcEndpointConnections.0.VpcEndpointState',
      success: ['available'],
      failure: ['rejected', 'failed', 'deleted', 'expired'],
      repeatCallWhile: ['pendingAcceptance'],
    });
    expect(spec.physicalResourceId).toBe(`\${Ref:${endpoint}}`);
    expect(spec.delete).toBeUndefined();
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: 'ec2:AcceptVpcEndpointConnections',
            Effect: 'Allow',
            Resource: {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':ec2:us-east-1:111111111111:vpc-endpoint-service/',
                  { Ref: service },
                ],
              ],
            },
          },
          { Action: 'ec2:DescribeVpcEndpointConnections', Effect: 'Allow', Resource: '*' },
        ],
      },
    });
  });

  test.each([
    ['acceptConnection: false', { acceptanceRequired: true }, { acceptConnection: false }],
    ['a service without acceptance', { acceptanceRequired: false }, {}],
  ])('no acceptance custom resource with %s', (_name, serviceProps, connectProps) => {
    const { stack, vpc } = setup();
    const consumer = testVpc(stack, 'Consumer', '10.1.0.0/16');
    const svc = new PrivateLinkService(stack, 'Orders', { vpc, ...serviceProps });
    svc.connectFrom('FromApp', consumer, { ports: [443], ...connectProps });
    const t = templateOf(stack);
    t.resourceCountIs('Custom::AWS', 0);
    t.resourceCountIs('Custom::VpcEndpointConnectionAcceptance', 0);
  });

  test('NG-PL-002: only in AZs the NLB covers; the others are left out with a warning', () => {
    const { stack, svc, consumer, vpc } = provider(3);
    const endpoint = svc.connectFrom('FromApp', consumer, { ports: [443] });
    const t = templateOf(stack);
    const providerAzs = vpc.isolatedSubnets.map((s) => s.availabilityZone);
    const leftOut = consumer.isolatedSubnets.map((s) => s.availabilityZone).filter((az) => !providerAzs.includes(az));
    expect(leftOut).toHaveLength(1);
    expect(endpoint.subnets.map((s) => s.availabilityZone)).toEqual(providerAzs);
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      SubnetIds: [
        { Ref: Match.stringLikeRegexp('ConsumerPrivateSubnet1') },
        { Ref: Match.stringLikeRegexp('ConsumerPrivateSubnet2') },
      ],
    });
    Annotations.fromStack(stack).hasWarning(
      '/S/Orders/FromApp',
      Match.stringLikeRegexp(`the endpoint leaves out ${leftOut[0]} of VPC S/Consumer`),
    );
  });

  test('NG-PL-002: an explicit selection outside the NLB AZs is refused, naming the AZs', () => {
    const { svc, consumer, vpc } = provider(3);
    const providerAzs = vpc.isolatedSubnets.map((s) => s.availabilityZone);
    const third = consumer.isolatedSubnets[2].availabilityZone;
    expect(() =>
      svc.connectFrom('FromApp', consumer, { ports: [443], subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } }),
    ).toThrow(
      new RegExp(
        `S/Orders/FromApp: subnets selects subnets in ${third} .*but the service's load balancer only covers ${providerAzs.join(', ')}`,
      ),
    );
  });

  test('a port the service does not listen on is refused', () => {
    const { svc, consumer } = provider(2);
    expect(() => svc.connectFrom('FromApp', consumer, { ports: [8443] })).toThrow(
      /S\/Orders: connectFrom\('FromApp'\): port 8443 is not a port of this service \(ports: 443\)/,
    );
  });

  test('a consumer VPC in another account is refused', () => {
    const { app, svc } = provider(2);
    const other = new Stack(app, 'Other', { env: { account: '222222222222', region: 'us-east-1' } });
    const consumer = testVpc(other, 'Consumer', '10.2.0.0/16');
    expect(() => svc.connectFrom('FromOther', consumer, { ports: [443] })).toThrow(
      /S\/Orders: connectFrom\('FromOther'\): consumerVpc Other\/Consumer is in 222222222222\/us-east-1, not in this service's 111111111111\/us-east-1/,
    );
  });

  test('a consumer VPC in another stack of the same environment gets the endpoint in its own stack', () => {
    const { app, svc } = provider(2);
    const other = new Stack(app, 'Consumers', { env: ENV });
    const consumer = testVpc(other, 'Consumer', '10.2.0.0/16');
    const endpoint = svc.connectFrom('FromApp', consumer, { ports: [443] });
    expect(Stack.of(endpoint)).toBe(other);
    templateOf(other).resourceCountIs('AWS::EC2::VPCEndpoint', 1);
    templateOf(svc.node.scope as Stack).resourceCountIs('AWS::EC2::VPCEndpoint', 0);
  });
});

describe.each(FLAG_MODES)('PrivateLinkService NLB security group, %s', (mode, makeApp) => {
  const withSg = mode.startsWith('recommended');

  function build(app: App, version: 1 | 2) {
    const stack = new Stack(app, 'S', { env: ENV });
    const vpc = testVpc(stack, 'Provider', '10.0.0.0/16');
    const svc = new PrivateLinkService(stack, 'Orders', { vpc });
    svc.addPort('Https', { port: 443, targets: [new targets.IpTarget('10.0.1.10')] });
    if (version === 2) {
      svc.addPort('Admin', { port: 8443, targets: [new targets.IpTarget('10.0.1.10')] });
      svc.connectFrom('FromApp', testVpc(stack, 'Consumer', '10.1.0.0/16'), { ports: [443, 8443] });
    }
    return { stack, svc };
  }

  test(`the new NLB ${withSg ? 'has a security group, PrivateLink inbound enforcement off' : 'has no security group'}`, () => {
    const { stack, svc } = build(makeApp(), 1);
    const t = templateOf(stack);
    const nlb = Object.values(t.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))[0];
    expect(svc.loadBalancerHasSecurityGroup).toBe(withSg);
    if (withSg) {
      expect(nlb.Properties.SecurityGroups).toHaveLength(1);
      expect(nlb.Properties.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic).toBe('off');
    } else {
      expect(nlb.Properties.SecurityGroups).toBeUndefined();
      expect(nlb.Properties.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic).toBeUndefined();
      t.resourceCountIs('AWS::EC2::SecurityGroup', 0);
    }
  });

  test('traffic and health checks can leave the NLB for its targets in the provider VPC', () => {
    const { stack } = build(makeApp(), 1);
    const t = templateOf(stack);
    if (!withSg) {
      // No security group on the NLB: nothing filters what leaves it.
      t.resourceCountIs('AWS::EC2::SecurityGroupEgress', 0);
      return;
    }
    const nlbSg = Object.values(t.findResources('AWS::EC2::SecurityGroup'))[0];
    // Egress to the provider VPC on the listener port, instead of the "Disallow all traffic" placeholder.
    expect(nlbSg.Properties.SecurityGroupEgress).toEqual([
      { CidrIp: '10.0.0.0/16', IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Description: expect.any(String) },
    ]);
    // No ingress: PrivateLink traffic is not evaluated against it, anything else is refused.
    expect(nlbSg.Properties.SecurityGroupIngress).toBeUndefined();
    t.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  test('day 2: version 2 (more ports, a consumer) keeps the NLB and its security-group choice', () => {
    const v1 = templateOf(build(makeApp(), 1).stack).toJSON();
    const v2 = templateOf(build(makeApp(), 2).stack).toJSON();
    const update = templateUpdate(v1, v2);
    const nlbs = logicalIdsOf(v1, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(nlbs).toHaveLength(1);
    expect(logicalIdsOf(v2, 'AWS::ElasticLoadBalancingV2::LoadBalancer')).toEqual(nlbs);
    expect(update.removed).toEqual([]);
    expect(update.retyped).toEqual([]);
    expect(update.changed.filter((c) => c.logicalId === nlbs[0])).toEqual([]);
    expect(logicalIdsOf(v2, 'AWS::EC2::SecurityGroup').filter((id) => id.startsWith('OrdersLoadBalancer'))).toEqual(
      logicalIdsOf(v1, 'AWS::EC2::SecurityGroup').filter((id) => id.startsWith('OrdersLoadBalancer')),
    );
    if (withSg) {
      // The NLB's security group is kept and only gains the egress of the new port.
      const sg = logicalIdsOf(v1, 'AWS::EC2::SecurityGroup')[0];
      expect(update.changed.find((c) => c.logicalId === sg)?.properties).toEqual(['SecurityGroupEgress']);
      expect(v2.Resources[sg].Properties.SecurityGroupEgress.map((r: any) => r.FromPort)).toEqual([443, 8443]);
    }
  });

  test('connectable targets admit the NLB on the traffic and health-check ports', () => {
    const app = makeApp();
    const stack = new Stack(app, 'S', { env: ENV });
    const vpc = testVpc(stack, 'Provider', '10.0.0.0/16');
    const svc = new PrivateLinkService(stack, 'Orders', { vpc });
    const appSg = new ec2.SecurityGroup(stack, 'AppSg', { vpc });
    svc.addPort('Https', {
      port: 443,
      targets: [new targets.InstanceIdTarget('i-0123456789abcdef0')],
      targetConnections: [appSg],
      healthCheck: { port: '8080' },
    });
    const t = templateOf(stack);
    const appSgId = { 'Fn::GetAtt': [logicalId(t, 'AWS::EC2::SecurityGroup', 'AppSg'), 'GroupId'] };
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { HealthCheckPort: '8080' });
    for (const port of [443, 8080]) {
      if (withSg) {
        const nlbSgId = {
          'Fn::GetAtt': [logicalId(t, 'AWS::EC2::SecurityGroup', 'OrdersLoadBalancerSecurityGroup'), 'GroupId'],
        };
        t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
          GroupId: appSgId,
          SourceSecurityGroupId: nlbSgId,
          IpProtocol: 'tcp',
          FromPort: port,
          ToPort: port,
        });
        t.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
          GroupId: nlbSgId,
          DestinationSecurityGroupId: appSgId,
          IpProtocol: 'tcp',
          FromPort: port,
          ToPort: port,
        });
      } else {
        t.hasResourceProperties('AWS::EC2::SecurityGroup', {
          GroupDescription: 'S/AppSg',
          SecurityGroupIngress: Match.arrayWith([
            Match.objectLike({ CidrIp: '10.0.0.0/16', IpProtocol: 'tcp', FromPort: port, ToPort: port }),
          ]),
        });
      }
    }
  });

  test('an Auto Scaling group target is opened without targetConnections', () => {
    const app = makeApp();
    const stack = new Stack(app, 'S', { env: ENV });
    const vpc = testVpc(stack, 'Provider', '10.0.0.0/16');
    const svc = new PrivateLinkService(stack, 'Orders', { vpc });
    const asg = new autoscaling.AutoScalingGroup(stack, 'Asg', {
      vpc,
      instanceType: new ec2.InstanceType('t3.micro'),
      machineImage: ec2.MachineImage.genericLinux({ 'us-east-1': 'ami-0123456789abcdef0' }),
    });
    svc.addPort('Https', { port: 443, targets: [asg] });
    const t = templateOf(stack);
    const asgSg = logicalId(t, 'AWS::EC2::SecurityGroup', 'AsgInstanceSecurityGroup');
    if (withSg) {
      t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        GroupId: { 'Fn::GetAtt': [asgSg, 'GroupId'] },
        SourceSecurityGroupId: Match.anyValue(),
        FromPort: 443,
      });
    } else {
      expect(t.toJSON().Resources[asgSg].Properties.SecurityGroupIngress).toEqual([
        expect.objectContaining({ CidrIp: '10.0.0.0/16', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
      ]);
    }
  });

  test('a UDP port: the targets admit UDP on the port and TCP for the health check', () => {
    const app = makeApp();
    const stack = new Stack(app, 'S', { env: ENV });
    const vpc = testVpc(stack, 'Provider', '10.0.0.0/16');
    const svc = new PrivateLinkService(stack, 'Dns', { vpc });
    const dnsSg = new ec2.SecurityGroup(stack, 'DnsSg', { vpc });
    svc.addPort('Dns', {
      port: 53,
      protocol: elbv2.Protocol.UDP,
      targets: [new targets.IpTarget('10.0.1.53')],
      targetConnections: [dnsSg],
    });
    const t = templateOf(stack);
    const rules = withSg
      ? Object.values(t.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties)
      : t.toJSON().Resources[logicalId(t, 'AWS::EC2::SecurityGroup', 'DnsSg')].Properties.SecurityGroupIngress;
    expect(rules.map((r: any) => [r.IpProtocol, r.FromPort]).sort()).toEqual([
      ['tcp', 53],
      ['udp', 53],
    ]);
  });
});

describe('PrivateLinkService: security groups of a given NLB', () => {
  test('an NLB with a security group that enforces inbound rules on PrivateLink traffic warns', () => {
    const { stack, vpc } = setup();
    const nlb = new elbv2.NetworkLoadBalancer(stack, 'Nlb', {
      vpc,
      crossZoneEnabled: true,
      securityGroups: [new ec2.SecurityGroup(stack, 'NlbSg', { vpc })],
    });
    new PrivateLinkService(stack, 'Orders', { loadBalancer: nlb });
    Annotations.fromStack(stack).hasWarning(
      '/S/Orders',
      Match.stringLikeRegexp(
        'loadBalancer S/Nlb has security groups whose inbound rules are evaluated on PrivateLink traffic.*enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: false',
      ),
    );
  });

  test.each([
    [
      'enforcement off',
      (stack: Stack, vpc: ec2.IVpc) =>
        new elbv2.NetworkLoadBalancer(stack, 'Nlb', {
          vpc,
          crossZoneEnabled: true,
          securityGroups: [new ec2.SecurityGroup(stack, 'NlbSg', { vpc })],
          enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: false,
        }),
    ],
    [
      'no security group',
      (stack: Stack, vpc: ec2.IVpc) => new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc, crossZoneEnabled: true }),
    ],
    [
      'an imported NLB (nothing known)',
      (stack: Stack) =>
        elbv2.NetworkLoadBalancer.fromNetworkLoadBalancerAttributes(stack, 'Nlb', {
          loadBalancerArn:
            'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/net/orders/0123456789abcdef',
          loadBalancerSecurityGroups: ['sg-0123456789abcdef0'],
        }),
    ],
  ])('no warning with %s', (_name, make) => {
    const { stack, vpc } = setup();
    new PrivateLinkService(stack, 'Orders', { loadBalancer: make(stack, vpc) });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('inbound rules are evaluated'));
  });

  test('a given NLB with a security group gets egress to the targets from addPort', () => {
    const { stack, vpc } = setup();
    const nlbSg = new ec2.SecurityGroup(stack, 'NlbSg', { vpc, allowAllOutbound: false });
    const nlb = new elbv2.NetworkLoadBalancer(stack, 'Nlb', {
      vpc,
      crossZoneEnabled: true,
      securityGroups: [nlbSg],
      enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: false,
    });
    const svc = new PrivateLinkService(stack, 'Orders', { loadBalancer: nlb });
    svc.addPort('Https', { port: 443, targets: [new targets.IpTarget('10.0.1.10')] });
    templateOf(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'S/NlbSg',
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '10.0.0.0/16', IpProtocol: 'tcp', FromPort: 443 })],
    });
  });

  test('connectable targets behind an NLB without security group in a VPC of unknown blocks are refused', () => {
    const { stack } = setup();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-0123456789abcdef0',
      availabilityZones: ['us-east-1a'],
      isolatedSubnetIds: ['subnet-1'],
    });
    const nlb = elbv2.NetworkLoadBalancer.fromNetworkLoadBalancerAttributes(stack, 'Nlb', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/net/orders/0123456789abcdef',
      vpc,
    });
    const svc = new PrivateLinkService(stack, 'Orders', { loadBalancer: nlb });
    const sg = new ec2.SecurityGroup(stack, 'AppSg', { vpc });
    expect(() => svc.addPort('Https', { port: 443, targets: [], targetConnections: [sg] })).toThrow(
      /S\/Orders: addPort\('Https'\): the provider VPC's CIDR blocks are not known to this construct, so the targets cannot admit the NLB/,
    );
    // Nothing of the port was created.
    expect(svc.node.tryFindChild('Https')).toBeUndefined();
  });

  test('a healthCheck port that is not a port is refused', () => {
    const { stack, vpc } = setup();
    const svc = new PrivateLinkService(stack, 'Orders', { vpc });
    expect(() => svc.addPort('Https', { port: 443, targets: [], healthCheck: { port: 'http' } })).toThrow(
      /S\/Orders: addPort\('Https'\): healthCheck.port 'http' is not a port/,
    );
  });
});

describe('PrivateLinkService.connectFrom: protocols, private DNS order and placement', () => {
  test('each service port is opened on the endpoint with its own protocol', () => {
    const { stack, vpc } = setup();
    const consumer = testVpc(stack, 'Consumer', '10.1.0.0/16');
    const svc = new PrivateLinkService(stack, 'Mixed', { vpc });
    svc.addPort('Dns', { port: 53, protocol: elbv2.Protocol.TCP_UDP, targets: [] });
    svc.addPort('Syslog', { port: 514, protocol: elbv2.Protocol.UDP, targets: [] });
    svc.addPort('Https', { port: 443, targets: [] });
    const endpoint = svc.connectFrom('FromApp', consumer, {
      ports: [53, 514, 443],
      allowFrom: [ec2.Peer.ipv4('10.1.0.0/16')],
    });
    const t = templateOf(stack);
    const sg = t.toJSON().Resources[logicalId(t, 'AWS::EC2::SecurityGroup', 'MixedFromAppSecurityGroup')];
    expect(sg.Properties.SecurityGroupIngress.map((r: any) => [r.IpProtocol, r.FromPort]).sort()).toEqual([
      ['tcp', 443],
      ['tcp', 53],
      ['udp', 514],
      ['udp', 53],
    ]);
    expect(endpoint.ports).toEqual([53, 443]);
    expect(endpoint.udpPorts).toEqual([53, 514]);
  });

  function dnsService(withZone: boolean) {
    const { stack, vpc } = setup();
    const consumer = testVpc(stack, 'Consumer', '10.1.0.0/16');
    const zone = withZone ? new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' }) : undefined;
    const svc = new PrivateLinkService(stack, 'Orders', {
      vpc,
      privateDnsName: 'orders.example.com',
      publicHostedZone: zone,
    });
    svc.addPort('Https', { port: 443, targets: [] });
    return { stack, svc, consumer };
  }

  test('an endpoint with private DNS is created only once the verification waiter is done', () => {
    const { stack, svc, consumer } = dnsService(true);
    svc.connectFrom('FromApp', consumer, { ports: [443], privateDnsEnabled: true });
    const t = templateOf(stack);
    const verify = Object.keys(t.findResources('Custom::VpcEndpointServicePrivateDnsVerification'))[0];
    const endpoint = Object.values(t.findResources('AWS::EC2::VPCEndpoint'))[0];
    expect(endpoint.Properties.PrivateDnsEnabled).toBe(true);
    expect(endpoint.DependsOn).toEqual(
      expect.arrayContaining([verify, logicalId(t, 'AWS::EC2::VPCEndpointServicePermissions', 'OrdersPermissions')]),
    );
  });

  test('without a verification path, it waits at least for the name being set', () => {
    const { stack, svc, consumer } = dnsService(false);
    svc.connectFrom('FromApp', consumer, { ports: [443], privateDnsEnabled: true });
    const t = templateOf(stack);
    t.hasResource('AWS::EC2::VPCEndpoint', {
      DependsOn: Match.arrayWith([logicalId(t, 'Custom::AWS', 'OrdersPrivateDnsName')]),
    });
  });

  test('an endpoint without private DNS does not wait for the verification', () => {
    const { stack, svc, consumer } = dnsService(true);
    svc.connectFrom('FromApp', consumer, { ports: [443] });
    const t = templateOf(stack);
    const verify = Object.keys(t.findResources('Custom::VpcEndpointServicePrivateDnsVerification'))[0];
    const endpoint = Object.values(t.findResources('AWS::EC2::VPCEndpoint'))[0];
    expect(endpoint.DependsOn).not.toContain(verify);
  });

  test('private DNS on a service without a private DNS name is refused', () => {
    const { stack, vpc } = setup();
    const consumer = testVpc(stack, 'Consumer', '10.1.0.0/16');
    const svc = new PrivateLinkService(stack, 'Orders', { vpc });
    expect(() => svc.connectFrom('FromApp', consumer, { ports: [443], privateDnsEnabled: true })).toThrow(
      /S\/Orders: connectFrom\('FromApp'\): privateDnsEnabled is true, but this service has no privateDnsName/,
    );
  });

  test("in another stack, endpoints go under a construct of their own in that stack, not under the user's VPC", () => {
    const { app, stack, vpc } = setup();
    const svc = new PrivateLinkService(stack, 'Orders', { vpc });
    svc.addPort('Https', { port: 443, targets: [] });
    const other = new Stack(app, 'Consumers', { env: ENV });
    const consumer = testVpc(other, 'Consumer', '10.2.0.0/16');
    const first = svc.connectFrom('FromApp', consumer, { ports: [443] });
    const second = svc.connectFrom('FromBatch', consumer, { ports: [443] });
    const container = `Consumers/PrivateLink-${Names.uniqueId(svc)}`;
    expect(first.node.path).toBe(`${container}/FromApp`);
    expect(second.node.path).toBe(`${container}/FromBatch`);
    expect(first.node.scope).toBe(second.node.scope);
    expect(consumer.node.findAll()).not.toContain(first);
    const t = templateOf(other);
    t.resourceCountIs('AWS::EC2::VPCEndpoint', 2);
    // Nothing inherits the VPC's Name tag.
    for (const sg of Object.values(t.findResources('AWS::EC2::SecurityGroup'))) {
      expect(sg.Properties.Tags).toBeUndefined();
    }
  });
});
