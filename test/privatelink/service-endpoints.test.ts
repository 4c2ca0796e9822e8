import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ServiceEndpoints } from '../../src/privatelink';
import { flatten, templateOf, testVpc } from '../support';

function setup(extra: Partial<ec2.VpcProps> = {}) {
  const app = new App();
  const stack = new Stack(app, 'S', { env: { account: '111111111111', region: 'us-east-1' } });
  const vpc = testVpc(stack, 'Vpc', '10.0.0.0/16', 2, extra);
  return { stack, vpc };
}

function endpointsOfType(template: ReturnType<typeof templateOf>, type: string) {
  return Object.entries(template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: type } }));
}

describe('ServiceEndpoints: gateway endpoints', () => {
  test('S3 and DynamoDB, each in every route table of the VPC', () => {
    const { stack, vpc } = setup();
    const eps = new ServiceEndpoints(stack, 'Endpoints', { vpc, gateway: ['s3', 'dynamodb'] });
    const t = templateOf(stack);

    const routeTables = Object.keys(t.findResources('AWS::EC2::RouteTable')).sort();
    expect(routeTables).toHaveLength(4); // 2 public + 2 isolated
    const gateways = endpointsOfType(t, 'Gateway');
    expect(gateways).toHaveLength(2);
    for (const [, gw] of gateways) {
      const ids = gw.Properties.RouteTableIds.map((r: { Ref: string }) => r.Ref).sort();
      expect(ids).toEqual(routeTables);
    }
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] },
      PolicyDocument: Match.absent(),
    });
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.dynamodb']] },
    });
    expect(eps.gatewayEndpoints.map((e) => e.node.id)).toEqual(['S3', 'DynamoDb']);
    // No interface endpoint, so no security group.
    t.resourceCountIs('AWS::EC2::SecurityGroup', 0);
    expect(eps.securityGroup).toBeUndefined();
  });

  test.each([
    [
      ['sqs'],
      /S\/Endpoints: gateway contains 'sqs', which has no gateway endpoint\. Gateway endpoints exist for 's3' and 'dynamodb' only/,
    ],
    [['s3', 's3'], /S\/Endpoints: gateway lists 's3' twice: a route table takes one gateway endpoint per service/],
    // Found by the property test (seed 2093669906): names of Object.prototype crashed with a TypeError.
    [['valueOf'], /S\/Endpoints: gateway contains 'valueOf', which has no gateway endpoint\./],
    [['constructor'], /S\/Endpoints: gateway contains 'constructor', which has no gateway endpoint\./],
  ])('gateway %p is refused', (gateway, error) => {
    const { stack, vpc } = setup();
    expect(() => new ServiceEndpoints(stack, 'Endpoints', { vpc, gateway })).toThrow(error);
  });

  test('an imported VPC without route tables is refused', () => {
    const { stack } = setup();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-0123456789abcdef0',
      availabilityZones: ['us-east-1a'],
      privateSubnetIds: ['subnet-1'],
    });
    expect(() => new ServiceEndpoints(stack, 'Endpoints', { vpc, gateway: ['s3'] })).toThrow(
      /S\/Endpoints: gateway: subnet S\/Imported\/PrivateSubnet1 of VPC S\/Imported has no known route table/,
    );
  });
});

describe('ServiceEndpoints: interface endpoints', () => {
  test('one endpoint per service, all sharing one security group that admits HTTPS from the VPC CIDR only', () => {
    const { stack, vpc } = setup();
    const eps = new ServiceEndpoints(stack, 'Endpoints', {
      vpc,
      interfaceServices: [ec2.InterfaceVpcEndpointAwsService.SSM, ec2.InterfaceVpcEndpointAwsService.ECR],
    });
    const t = templateOf(stack);
    const sgs = Object.keys(t.findResources('AWS::EC2::SecurityGroup'));
    expect(sgs).toHaveLength(1);
    const sg = { 'Fn::GetAtt': [sgs[0], 'GroupId'] };

    const interfaces = endpointsOfType(t, 'Interface');
    expect(interfaces).toHaveLength(2);
    for (const [, ep] of interfaces) {
      expect(ep.Properties.SecurityGroupIds).toEqual([sg]);
      expect(ep.Properties.PrivateDnsEnabled).toBe(true);
      expect(ep.Properties.SubnetIds).toHaveLength(2);
    }
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: 'com.amazonaws.us-east-1.ssm',
      VpcEndpointType: 'Interface',
    });
    t.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [
        { CidrIp: '10.0.0.0/16', IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Description: Match.anyValue() },
      ],
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
    });
    t.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    expect(eps.interfaceEndpoints.map((e) => e.node.id)).toEqual(['ssm', 'ecr.api']);
  });

  test('a secondary CIDR block of the VPC is admitted too', () => {
    const { stack, vpc } = setup();
    new ec2.CfnVPCCidrBlock(stack, 'Secondary', { vpcId: vpc.vpcId, cidrBlock: '100.64.0.0/16' });
    new ServiceEndpoints(stack, 'Endpoints', { vpc, interfaceServices: [ec2.InterfaceVpcEndpointAwsService.STS] });
    templateOf(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [
        Match.objectLike({ CidrIp: '10.0.0.0/16', FromPort: 443, ToPort: 443 }),
        Match.objectLike({ CidrIp: '100.64.0.0/16', FromPort: 443, ToPort: 443 }),
      ],
    });
  });

  test('privateDnsEnabled false is written on every interface endpoint', () => {
    const { stack, vpc } = setup();
    new ServiceEndpoints(stack, 'Endpoints', {
      vpc,
      interfaceServices: [ec2.InterfaceVpcEndpointAwsService.SSM],
      privateDnsEnabled: false,
    });
    templateOf(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', { PrivateDnsEnabled: false });
  });

  test("NG-PL-003: private DNS (the services' default) in a VPC without DNS hostnames is refused", () => {
    const { stack, vpc } = setup({ enableDnsHostnames: false });
    expect(
      () =>
        new ServiceEndpoints(stack, 'Endpoints', { vpc, interfaceServices: [ec2.InterfaceVpcEndpointAwsService.SSM] }),
    ).toThrow(/S\/Endpoints: privateDnsEnabled is true, but VPC S\/Vpc lacks enableDnsHostnames \(false\)/);
  });

  test('the same service twice is refused', () => {
    const { stack, vpc } = setup();
    expect(
      () =>
        new ServiceEndpoints(stack, 'Endpoints', {
          vpc,
          interfaceServices: [ec2.InterfaceVpcEndpointAwsService.SSM, ec2.InterfaceVpcEndpointAwsService.SSM],
        }),
    ).toThrow(
      /S\/Endpoints: interfaceServices lists ssm twice: two interface endpoints for one service in a VPC conflict/,
    );
  });

  test('an imported VPC without a CIDR block is refused', () => {
    const { stack } = setup();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-0123456789abcdef0',
      availabilityZones: ['us-east-1a'],
      isolatedSubnetIds: ['subnet-1'],
    });
    expect(
      () =>
        new ServiceEndpoints(stack, 'Endpoints', { vpc, interfaceServices: [ec2.InterfaceVpcEndpointAwsService.SSM] }),
    ).toThrow(/S\/Endpoints: VPC S\/Imported has no CIDR block known to this construct/);
  });

  test('a non-AWS interface service is named after its literal service name', () => {
    const { stack, vpc } = setup();
    const name = 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0';
    const eps = new ServiceEndpoints(stack, 'Endpoints', {
      vpc,
      interfaceServices: [new ec2.InterfaceVpcEndpointService(name, 443)],
    });
    expect(eps.interfaceEndpoints[0].node.id).toBe(name);
    templateOf(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', { ServiceName: name, PrivateDnsEnabled: false });
  });

  test('an interface service whose name is a token is refused', () => {
    const { stack, vpc } = setup();
    const name = new ec2.CfnVPCEndpointService(stack, 'Svc', {}).ref;
    expect(
      () =>
        new ServiceEndpoints(stack, 'Endpoints', {
          vpc,
          interfaceServices: [new ec2.InterfaceVpcEndpointService(name, 443)],
        }),
    ).toThrow(
      /S\/Endpoints: interfaceServices\[0\] has a service name that is a token, so no stable construct id can be derived from it/,
    );
  });

  test('nothing to create is refused', () => {
    const { stack, vpc } = setup();
    expect(() => new ServiceEndpoints(stack, 'Endpoints', { vpc })).toThrow(
      /S\/Endpoints: neither gateway nor interfaceServices is given: there is no endpoint to create/,
    );
  });
});

describe('ServiceEndpoints: endpoint policies', () => {
  test('restrictToOrganization: every endpoint allows only principals of the organization', () => {
    const { stack, vpc } = setup();
    new ServiceEndpoints(stack, 'Endpoints', {
      vpc,
      gateway: ['s3'],
      interfaceServices: [ec2.InterfaceVpcEndpointAwsService.SSM],
      restrictToOrganization: 'o-a1b2c3d4e5',
    });
    const t = templateOf(stack);
    const policy = {
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: '*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
        },
      ],
      Version: '2012-10-17',
    };
    const all = Object.values(t.findResources('AWS::EC2::VPCEndpoint'));
    expect(all).toHaveLength(2);
    for (const ep of all) {
      expect(ep.Properties.PolicyDocument).toEqual(policy);
    }
  });

  test('restrictToAccounts and restrictToOrganization together: both conditions', () => {
    const { stack, vpc } = setup();
    new ServiceEndpoints(stack, 'Endpoints', {
      vpc,
      gateway: ['dynamodb'],
      restrictToOrganization: 'o-a1b2c3d4e5',
      restrictToAccounts: ['111111111111', '222222222222'],
    });
    templateOf(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Condition: {
              StringEquals: {
                'aws:PrincipalOrgID': 'o-a1b2c3d4e5',
                'aws:PrincipalAccount': ['111111111111', '222222222222'],
              },
            },
          }),
        ],
      },
    });
  });

  test('no restriction: no endpoint policy', () => {
    const { stack, vpc } = setup();
    new ServiceEndpoints(stack, 'Endpoints', {
      vpc,
      gateway: ['s3'],
      interfaceServices: [ec2.InterfaceVpcEndpointAwsService.SSM],
    });
    const all = Object.values(templateOf(stack).findResources('AWS::EC2::VPCEndpoint'));
    expect(all.map((ep) => ep.Properties.PolicyDocument)).toEqual([undefined, undefined]);
  });

  test.each([
    [{ restrictToOrganization: 'org-1' }, /S\/Endpoints: restrictToOrganization 'org-1' is not an organization id/],
    [{ restrictToAccounts: [] }, /S\/Endpoints: restrictToAccounts is empty: no principal could use the endpoints/],
    [{ restrictToAccounts: ['1234'] }, /S\/Endpoints: restrictToAccounts contains '1234', which is not an account id/],
  ])('%p is refused', (restriction, error) => {
    const { stack, vpc } = setup();
    expect(() => new ServiceEndpoints(stack, 'Endpoints', { vpc, gateway: ['s3'], ...restriction })).toThrow(error);
  });
});

describe('ServiceEndpoints: each interface service on its own port', () => {
  test('Keyspaces (TCP 9142) and SSM (TCP 443): the shared security group admits the VPC on both ports', () => {
    const { stack, vpc } = setup();
    new ServiceEndpoints(stack, 'Endpoints', {
      vpc,
      interfaceServices: [ec2.InterfaceVpcEndpointAwsService.SSM, ec2.InterfaceVpcEndpointAwsService.KEYSPACES],
    });
    const t = templateOf(stack);
    t.resourceCountIs('AWS::EC2::SecurityGroup', 1);
    t.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [
        Match.objectLike({ CidrIp: '10.0.0.0/16', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
        Match.objectLike({ CidrIp: '10.0.0.0/16', IpProtocol: 'tcp', FromPort: 9142, ToPort: 9142 }),
      ],
    });
  });

  test('a custom interface service on port 8443 is admitted on 8443 only', () => {
    const { stack, vpc } = setup();
    new ServiceEndpoints(stack, 'Endpoints', {
      vpc,
      interfaceServices: [new ec2.InterfaceVpcEndpointService('com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d', 8443)],
    });
    templateOf(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [
        { CidrIp: '10.0.0.0/16', IpProtocol: 'tcp', FromPort: 8443, ToPort: 8443, Description: Match.anyValue() },
      ],
    });
  });
});

describe('ServiceEndpoints: services that accept only the full-access policy', () => {
  test('EKS gets no endpoint policy under restrictToOrganization, with a warning; SSM gets it', () => {
    const { stack, vpc } = setup();
    new ServiceEndpoints(stack, 'Endpoints', {
      vpc,
      interfaceServices: [ec2.InterfaceVpcEndpointAwsService.SSM, ec2.InterfaceVpcEndpointAwsService.EKS],
      restrictToOrganization: 'o-a1b2c3d4e5',
    });
    const t = templateOf(stack);
    const eks = t.findResources('AWS::EC2::VPCEndpoint', {
      Properties: { ServiceName: 'com.amazonaws.us-east-1.eks' },
    });
    const ssm = t.findResources('AWS::EC2::VPCEndpoint', {
      Properties: { ServiceName: 'com.amazonaws.us-east-1.ssm' },
    });
    expect(Object.values(eks).map((r) => r.Properties.PolicyDocument)).toEqual([undefined]);
    expect(Object.values(ssm)[0].Properties.PolicyDocument.Statement[0].Condition).toEqual({
      StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
    });
    Annotations.fromStack(stack).hasWarning(
      '/S/Endpoints',
      Match.stringLikeRegexp('the interface endpoints of eks get no endpoint policy: AWS accepts only the full-access'),
    );
  });

  test('a literal service name of the list (eks-auth) is recognized too', () => {
    const { stack, vpc } = setup();
    new ServiceEndpoints(stack, 'Endpoints', {
      vpc,
      interfaceServices: [new ec2.InterfaceVpcEndpointService('com.amazonaws.us-east-1.eks-auth', 443)],
      privateDnsEnabled: false,
      restrictToAccounts: ['111111111111'],
    });
    expect(
      Object.values(templateOf(stack).findResources('AWS::EC2::VPCEndpoint')).map((r) => r.Properties.PolicyDocument),
    ).toEqual([undefined]);
    expect(ServiceEndpoints.FULL_ACCESS_POLICY_ONLY_SERVICES).toEqual(expect.arrayContaining(['eks', 'eks-auth']));
  });

  test('unrestrictedServices leaves a service without the policy, with a warning', () => {
    const { stack, vpc } = setup();
    new ServiceEndpoints(stack, 'Endpoints', {
      vpc,
      gateway: ['s3'],
      interfaceServices: [ec2.InterfaceVpcEndpointAwsService.SSM, ec2.InterfaceVpcEndpointAwsService.STS],
      restrictToAccounts: ['111111111111'],
      unrestrictedServices: [ec2.InterfaceVpcEndpointAwsService.STS],
    });
    const t = templateOf(stack);
    const byName = (name: string) =>
      Object.values(t.findResources('AWS::EC2::VPCEndpoint', { Properties: { ServiceName: name } }))[0];
    expect(byName('com.amazonaws.us-east-1.sts').Properties.PolicyDocument).toBeUndefined();
    expect(byName('com.amazonaws.us-east-1.ssm').Properties.PolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Condition: { StringEquals: { 'aws:PrincipalAccount': '111111111111' } },
      }),
    ]);
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway', PolicyDocument: Match.anyValue() });
    Annotations.fromStack(stack).hasWarning(
      '/S/Endpoints',
      Match.stringLikeRegexp('the interface endpoints of sts get no endpoint policy'),
    );
  });

  test('no restriction: no warning for EKS', () => {
    const { stack, vpc } = setup();
    new ServiceEndpoints(stack, 'Endpoints', { vpc, interfaceServices: [ec2.InterfaceVpcEndpointAwsService.EKS] });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('full-access'));
  });

  test.each([
    [
      { unrestrictedServices: [ec2.InterfaceVpcEndpointAwsService.SSM] },
      /S\/Endpoints: unrestrictedServices is given without restrictToOrganization or restrictToAccounts/,
    ],
    [
      { unrestrictedServices: [ec2.InterfaceVpcEndpointAwsService.STS], restrictToAccounts: ['111111111111'] },
      /S\/Endpoints: unrestrictedServices contains sts, which is not in interfaceServices \(ssm\)/,
    ],
  ])('%p is refused', (extra, error) => {
    const { stack, vpc } = setup();
    expect(
      () =>
        new ServiceEndpoints(stack, 'Endpoints', {
          vpc,
          interfaceServices: [ec2.InterfaceVpcEndpointAwsService.SSM],
          ...extra,
        }),
    ).toThrow(error);
  });
});

describe('ServiceEndpoints: a gateway endpoint that already exists', () => {
  test("ec2.Vpc's gatewayEndpoints S3 and gateway ['s3'] on the same route tables is refused, naming both", () => {
    const { stack, vpc } = setup({ gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } } });
    expect(() => new ServiceEndpoints(stack, 'Endpoints', { vpc, gateway: ['s3'] })).toThrow(
      /S\/Endpoints: gateway 's3': route tables of VPC S\/Vpc already have a gateway endpoint of that service, S\/Vpc\/S3, and AWS allows one per service and route table/,
    );
  });

  test('a DynamoDB gateway endpoint next to an existing S3 one is accepted', () => {
    const { stack, vpc } = setup({ gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } } });
    new ServiceEndpoints(stack, 'Endpoints', { vpc, gateway: ['dynamodb'] });
    templateOf(stack).resourceCountIs('AWS::EC2::VPCEndpoint', 2);
  });

  test('a second ServiceEndpoints with the same gateway is refused, naming the first', () => {
    const { stack, vpc } = setup();
    new ServiceEndpoints(stack, 'First', { vpc, gateway: ['dynamodb'] });
    expect(() => new ServiceEndpoints(stack, 'Second', { vpc, gateway: ['dynamodb'] })).toThrow(
      /S\/Second: gateway 'dynamodb': route tables of VPC S\/Vpc already have a gateway endpoint of that service, S\/First\/DynamoDb/,
    );
  });

  test('an S3 gateway endpoint of another VPC does not count', () => {
    const { stack, vpc } = setup();
    const other = testVpc(stack, 'Other', '10.1.0.0/16', 2, {
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
    });
    new ServiceEndpoints(stack, 'Endpoints', { vpc, gateway: ['s3'] });
    const t = templateOf(stack);
    t.resourceCountIs('AWS::EC2::VPCEndpoint', 2);
    // One S3 gateway endpoint in each VPC: the other VPC's own, and the new one in this VPC.
    const gateways = endpointsOfType(t, 'Gateway').map(([, r]) => [
      flatten(r.Properties.VpcId),
      flatten(r.Properties.ServiceName),
    ]);
    expect(gateways.sort()).toEqual(
      [other, vpc]
        .map((v) => [
          `\${Ref:${stack.getLogicalId(v.node.defaultChild as ec2.CfnVPC)}}`,
          'com.amazonaws.${Ref:AWS::Region}.s3',
        ])
        .sort(),
    );
  });
});
