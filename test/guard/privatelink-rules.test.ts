/** PrivateLink and VPC endpoint rules, each with a compliant and a non-compliant L1 network. */
import { CfnCustomResource, CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { guard, ids, sg, subnet, vpc } from './l1';
import { check } from '../../src/guard/engine';

interface ServiceOptions {
  readonly acceptance?: boolean;
  readonly principals?: string[];
  readonly crossZone?: boolean;
  readonly lbAzs?: string[];
  readonly endpointAzs?: string[];
  readonly privateDns?: boolean;
  readonly dnsHostnames?: boolean;
  readonly endpointSgOpen?: boolean;
}

/** A provider VPC with an NLB and an endpoint service, and a consumer VPC with an interface endpoint to it. */
function service(s: Stack, o: ServiceOptions = {}) {
  const provider = vpc(s, 'Provider', '10.0.0.0/16');
  const lbAzs = o.lbAzs ?? ['us-east-1a', 'us-east-1b'];
  const lbSubnets = lbAzs.map((az, i) => subnet(s, `LbSubnet${i}`, provider, `10.0.${i}.0/24`, az));
  const lb = new elbv2.CfnLoadBalancer(s, 'Nlb', {
    type: 'network',
    scheme: 'internal',
    subnets: lbSubnets.map((x) => x.ref),
    loadBalancerAttributes: o.crossZone === false ? [] : [{ key: 'load_balancing.cross_zone.enabled', value: 'true' }],
  });
  const svc = new ec2.CfnVPCEndpointService(s, 'Service', {
    networkLoadBalancerArns: [lb.ref],
    acceptanceRequired: o.acceptance ?? true,
  });
  new ec2.CfnVPCEndpointServicePermissions(s, 'Permissions', {
    serviceId: svc.ref,
    allowedPrincipals: o.principals ?? ['arn:aws:iam::333333333333:root'],
  });
  const consumer = vpc(s, 'Consumer', '10.1.0.0/16', { enableDnsHostnames: o.dnsHostnames ?? true });
  const epSubnets = (o.endpointAzs ?? ['us-east-1a']).map((az, i) =>
    subnet(s, `EpSubnet${i}`, consumer, `10.1.${i}.0/24`, az),
  );
  const epSg = sg(s, 'EndpointSg', consumer, {
    securityGroupIngress: [
      { ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: o.endpointSgOpen ? '0.0.0.0/0' : '10.1.0.0/16' },
    ],
  });
  new ec2.CfnVPCEndpoint(s, 'Endpoint', {
    vpcId: consumer.ref,
    vpcEndpointType: 'Interface',
    serviceName: Fn.join('.', ['com.amazonaws.vpce', 'us-east-1', svc.ref]),
    subnetIds: epSubnets.map((x) => x.ref),
    securityGroupIds: [epSg.attrGroupId],
    privateDnsEnabled: o.privateDns ?? false,
  });
  return { svc };
}

describe.each([
  ['NG-PL-001', {}, { acceptance: false, principals: ['*'] }, ['Service', 'Permissions']],
  ['NG-PL-002', { endpointAzs: ['us-east-1b'] }, { endpointAzs: ['us-east-1c'] }, ['Endpoint', 'EpSubnet0', 'Service']],
  ['NG-PL-003', { privateDns: true }, { privateDns: true, dnsHostnames: false }, ['Endpoint', 'Consumer']],
  ['NG-PL-005', { crossZone: true }, { crossZone: false }, ['Nlb', 'Service']],
  ['NG-PL-006', {}, { endpointSgOpen: true }, ['EndpointSg', 'Endpoint']],
  [
    'NG-EP-001',
    { endpointAzs: ['us-east-1a', 'us-east-1b'] },
    { endpointAzs: ['us-east-1a', 'us-east-1a'] },
    ['Endpoint', 'EpSubnet1', 'EpSubnet0'],
  ],
] as [string, ServiceOptions, ServiceOptions, string[]][])('%s', (ruleId, good, bad, involved) => {
  test('compliant: no finding', () => expect(guard((s) => service(s, good)).of(ruleId)).toEqual([]));
  test('non-compliant: one finding naming the resources involved', () =>
    expect(
      guard((s) => service(s, bad))
        .of(ruleId)
        .map(ids),
    ).toEqual([involved]));
});

describe('NG-PL-004 private DNS name without verification', () => {
  function build(verify: boolean) {
    return guard((s) => {
      const { svc } = service(s);
      const token = 'arn:aws:lambda:us-east-1:111111111111:function:sdk';
      new CfnCustomResource(s, 'SetName', { serviceToken: token }).addPropertyOverride('Create', {
        action: 'modifyVpcEndpointServiceConfiguration',
        parameters: { ServiceId: svc.ref, PrivateDnsName: 'orders.example.com' },
      });
      if (verify) {
        new CfnCustomResource(s, 'Verify', { serviceToken: token }).addPropertyOverride('Create', {
          action: 'startVpcEndpointServicePrivateDnsVerification',
          parameters: { ServiceId: svc.ref },
        });
      }
    });
  }
  test('with a verification call: no finding', () => expect(build(true).of('NG-PL-004')).toEqual([]));
  test('without: a warning', () => expect(build(false).of('NG-PL-004').map(ids)).toEqual([['Service', 'SetName']]));
});

describe('NG-EP-001 duplicate endpoints', () => {
  function build(dup: 'none' | 'dns' | 'gateway') {
    return guard((s) => {
      const v = vpc(s, 'V', '10.0.0.0/16');
      const rt = new ec2.CfnRouteTable(s, 'Rt', { vpcId: v.ref });
      const sub = subnet(s, 'S', v, '10.0.0.0/24');
      new ec2.CfnVPCEndpoint(s, 'S3', {
        vpcId: v.ref,
        serviceName: 'com.amazonaws.us-east-1.s3',
        routeTableIds: [rt.ref],
      });
      new ec2.CfnVPCEndpoint(s, 'Ssm', {
        vpcId: v.ref,
        vpcEndpointType: 'Interface',
        serviceName: 'com.amazonaws.us-east-1.ssm',
        subnetIds: [sub.ref],
        privateDnsEnabled: true,
      });
      if (dup === 'gateway') {
        new ec2.CfnVPCEndpoint(s, 'S3Again', {
          vpcId: v.ref,
          serviceName: 'com.amazonaws.us-east-1.s3',
          routeTableIds: [rt.ref],
        });
      }
      new ec2.CfnVPCEndpoint(s, 'SsmAgain', {
        vpcId: v.ref,
        vpcEndpointType: 'Interface',
        serviceName: 'com.amazonaws.us-east-1.ssm',
        subnetIds: [sub.ref],
        privateDnsEnabled: dup === 'dns',
      });
    });
  }
  test('one private-DNS endpoint and one gateway endpoint per service: no finding', () =>
    expect(build('none').of('NG-EP-001')).toEqual([]));
  test('two private-DNS interface endpoints for one service: an error', () =>
    expect(build('dns').of('NG-EP-001').map(ids)).toEqual([['SsmAgain', 'Ssm']]));
  test('two gateway endpoints for one service on one route table: an error', () =>
    expect(build('gateway').of('NG-EP-001').map(ids)).toEqual([['S3Again', 'S3']]));
  test('a PrivateDnsEnabled that is a parameter is listed as not checked, never guessed', () => {
    const g = guard((s) => {
      const v = vpc(s, 'V', '10.0.0.0/16');
      const sub = subnet(s, 'S', v, '10.0.0.0/24');
      const dns = new CfnParameter(s, 'Dns', { type: 'String', default: 'true' });
      new ec2.CfnVPCEndpoint(s, 'Ssm', {
        vpcId: v.ref,
        vpcEndpointType: 'Interface',
        serviceName: 'com.amazonaws.us-east-1.ssm',
        subnetIds: [sub.ref],
        privateDnsEnabled: dns.valueAsString as any,
      });
    });
    expect(g.of('NG-EP-001')).toEqual([]);
    expect(g.skipped('NG-EP-001')).toEqual(['PrivateDnsEnabled of Ssm ({"Ref":"Dns"}) is not known at synth']);
  });
});

describe('NG-PL-006 reports each open security group once', () => {
  test('two interface endpoints sharing an open group: one finding on the group naming both endpoints', () => {
    const g = guard((s) => {
      const v = vpc(s, 'Vpc', '10.0.0.0/16');
      const sub = subnet(s, 'Sub', v, '10.0.0.0/24');
      const open = sg(s, 'Open', v, {
        securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '0.0.0.0/0' }],
      });
      for (const name of ['Ssm', 'Logs']) {
        new ec2.CfnVPCEndpoint(s, name, {
          vpcId: v.ref,
          vpcEndpointType: 'Interface',
          serviceName: `com.amazonaws.us-east-1.${name.toLowerCase()}`,
          subnetIds: [sub.ref],
          securityGroupIds: [open.attrGroupId],
        });
      }
    });
    expect(g.of('NG-PL-006').map(ids)).toEqual([['Open', 'Ssm', 'Logs']]);
    expect(g.of('NG-PL-006')[0].message).toMatch(/is used by interface endpoints Ssm, Logs\.$/);
  });
});

describe('NG-PL-007 an interface endpoint the service of the app does not allow', () => {
  /** A provider stack (account 111111111111) with an endpoint service, a consumer stack of another account. */
  function run(allowed: string[] | undefined, consumerAccount = '222222222222') {
    const provider = {
      Resources: {
        Nlb: {
          Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
          Properties: { Type: 'network', Subnets: ['subnet-1'] },
        },
        Svc: {
          Type: 'AWS::EC2::VPCEndpointService',
          Properties: { NetworkLoadBalancerArns: [{ Ref: 'Nlb' }], AcceptanceRequired: true },
        },
        ...(allowed
          ? {
              Perms: {
                Type: 'AWS::EC2::VPCEndpointServicePermissions',
                Properties: { ServiceId: { Ref: 'Svc' }, AllowedPrincipals: allowed },
              },
            }
          : {}),
      },
    };
    const consumer = {
      Resources: {
        Endpoint: {
          Type: 'AWS::EC2::VPCEndpoint',
          Properties: {
            VpcId: 'vpc-0123456789abcdef0',
            VpcEndpointType: 'Interface',
            ServiceName: { 'Fn::Join': ['', ['com.amazonaws.vpce.us-east-1.', { Ref: 'Provider|Svc' }]] },
            SubnetIds: ['subnet-2'],
          },
        },
      },
    };
    return check(
      [
        { path: 'Provider', name: 'Provider', account: '111111111111', region: 'us-east-1', template: provider },
        { path: 'Consumer', name: 'Consumer', account: consumerAccount, region: 'us-east-1', template: consumer },
      ],
      [],
    ).report;
  }
  const of = (report: ReturnType<typeof run>) =>
    report.findings.filter((f) => f.ruleId === 'NG-PL-007').map((f) => f.resources.map((r) => r.logicalId));
  test("the consumer's account allowed (root, a role of it, or *), or the service's own account: no finding", () => {
    expect(of(run(['arn:aws:iam::222222222222:root']))).toEqual([]);
    expect(of(run(['arn:aws:iam::222222222222:role/deployer']))).toEqual([]);
    expect(of(run(['*']))).toEqual([]);
    expect(of(run(undefined, '111111111111'))).toEqual([]);
  });
  test('no permission, or only other accounts: an error', () => {
    expect(of(run(undefined))).toEqual([['Endpoint', 'Svc']]);
    const report = run(['arn:aws:iam::333333333333:root']);
    expect(of(report)).toEqual([['Endpoint', 'Svc', 'Perms']]);
    expect(report.findings.find((f) => f.ruleId === 'NG-PL-007')!.message).toMatch(
      /in account 222222222222 connects to endpoint service .* of account 111111111111, whose permissions allow arn:aws:iam::333333333333:root\.$/,
    );
  });
});

describe('NG-PL-005 reports each load balancer once', () => {
  test('one NLB behind two endpoint services: one finding on the load balancer naming both services', () => {
    const g = guard((s) => {
      const { svc } = service(s, { crossZone: false });
      new ec2.CfnVPCEndpointService(s, 'Service2', {
        networkLoadBalancerArns: svc.networkLoadBalancerArns,
        acceptanceRequired: true,
      });
    });
    expect(g.of('NG-PL-005').map(ids)).toEqual([['Nlb', 'Service', 'Service2']]);
    expect(g.of('NG-PL-005')[0].message).toMatch(/behind Service, Service2 spans 2 AZs/);
  });
});

describe('values not known at synth are listed as not checked', () => {
  test('NG-PL-001: open permissions of a service outside the app, and principals imported', () => {
    const g = guard((s) => {
      new ec2.CfnVPCEndpointServicePermissions(s, 'OutsidePerms', {
        serviceId: Fn.importValue('OtherApp-Service'),
        allowedPrincipals: ['*'],
      });
      new ec2.CfnVPCEndpointServicePermissions(s, 'ImportedPerms', {
        serviceId: service(s).svc.ref,
        allowedPrincipals: Fn.split(',', Fn.importValue('OtherApp-Principals')),
      });
    });
    expect(g.skipped('NG-PL-001')).toEqual([
      'the endpoint service of OutsidePerms ({"Fn::ImportValue":"OtherApp-Service"}) is not defined in this app',
      'the AllowedPrincipals of ImportedPerms are not known at synth',
    ]);
  });
  test('NG-PL-003: a VPC whose DNS hostnames setting is a parameter is not a finding', () => {
    const g = guard((s) => {
      service(s, { privateDns: true });
      (s.node.findChild('Consumer') as ec2.CfnVPC).addPropertyOverride('EnableDnsHostnames', {
        Ref: new CfnParameter(s, 'Hostnames', { default: 'true' }).logicalId,
      });
    });
    expect(g.of('NG-PL-003')).toEqual([]);
    expect(g.skipped('NG-PL-003')).toEqual(['the EnableDnsHostnames of VPC Consumer is not known at synth']);
  });
  test('NG-PL-005: cross-zone load balancing given as a parameter', () => {
    const g = guard((s) => {
      service(s);
      (s.node.findChild('Nlb') as elbv2.CfnLoadBalancer).addPropertyOverride('LoadBalancerAttributes.0.Value', {
        Ref: new CfnParameter(s, 'CrossZone', { default: 'true' }).logicalId,
      });
    });
    expect(g.skipped('NG-PL-005')).toEqual(['the cross-zone load balancing attribute of Nlb is not known at synth']);
  });
  test('NG-EP-001: a private-DNS endpoint in an imported VPC, a gateway endpoint on an imported route table', () => {
    const g = guard((s) => {
      const sub = subnet(s, 'Sub', vpc(s, 'Vpc', '10.0.0.0/16'), '10.0.0.0/24');
      new ec2.CfnVPCEndpoint(s, 'Ssm', {
        vpcId: Fn.importValue('OtherApp-Vpc'),
        vpcEndpointType: 'Interface',
        serviceName: 'com.amazonaws.us-east-1.ssm',
        subnetIds: [sub.ref],
        privateDnsEnabled: true,
      });
      new ec2.CfnVPCEndpoint(s, 'S3', {
        vpcId: Fn.importValue('OtherApp-Vpc'),
        serviceName: 'com.amazonaws.us-east-1.s3',
        routeTableIds: [Fn.importValue('OtherApp-RouteTable')],
      });
    });
    expect(g.skipped('NG-EP-001')).toEqual([
      'the VpcId of Ssm is not known at synth',
      'route table {"Fn::ImportValue":"OtherApp-RouteTable"} of S3 is not known at synth',
    ]);
  });
});

describe('NG-PL-003 reports each VPC once', () => {
  test('two private-DNS endpoints in a VPC without DNS hostnames: one finding naming both endpoints and the VPC', () => {
    const g = guard((s) => {
      const v = vpc(s, 'Vpc', '10.0.0.0/16', { enableDnsHostnames: false });
      const sub = subnet(s, 'Sub', v, '10.0.0.0/24');
      for (const name of ['Ssm', 'Logs']) {
        new ec2.CfnVPCEndpoint(s, name, {
          vpcId: v.ref,
          vpcEndpointType: 'Interface',
          serviceName: `com.amazonaws.us-east-1.${name.toLowerCase()}`,
          subnetIds: [sub.ref],
          privateDnsEnabled: true,
        });
      }
    });
    expect(g.of('NG-PL-003').map(ids)).toEqual([['Ssm', 'Logs', 'Vpc']]);
    expect(g.of('NG-PL-003')[0].message).toBe(
      'Endpoints Ssm, Logs use private DNS, but VPC Vpc lacks EnableDnsHostnames.',
    );
  });
});

test('NG-PL-002 and NG-PL-007: an endpoint to an endpoint service outside the app is listed as not checked; one to an AWS service is not', () => {
  const g = guard((s) => {
    const v = vpc(s, 'Vpc', '10.0.0.0/16');
    const sub = subnet(s, 'Sub', v, '10.0.0.0/24');
    for (const [name, serviceName] of [
      ['Outside', 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0'],
      ['Ssm', Fn.join('', ['com.amazonaws.', Stack.of(s).region, '.ssm'])],
    ]) {
      new ec2.CfnVPCEndpoint(s, name, {
        vpcId: v.ref,
        vpcEndpointType: 'Interface',
        serviceName,
        subnetIds: [sub.ref],
      });
    }
  });
  expect(g.skipped('NG-PL-002')).toEqual([
    'the endpoint service of Outside ("com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0") is not defined in this app; its Availability Zones are not known at synth',
  ]);
  expect(g.skipped('NG-PL-007')).toEqual([
    'the endpoint service of Outside ("com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0") is not defined in this app; its permissions are not known at synth',
  ]);
});
