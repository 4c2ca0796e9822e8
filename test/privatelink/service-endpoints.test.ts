import { App, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ServiceEndpoints } from '../../src/privatelink';
import { templateOf, testVpc } from '../support';

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
      interface: [ec2.InterfaceVpcEndpointAwsService.SSM, ec2.InterfaceVpcEndpointAwsService.ECR],
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
    new ServiceEndpoints(stack, 'Endpoints', { vpc, interface: [ec2.InterfaceVpcEndpointAwsService.STS] });
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
      interface: [ec2.InterfaceVpcEndpointAwsService.SSM],
      privateDnsEnabled: false,
    });
    templateOf(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', { PrivateDnsEnabled: false });
  });

  test("NG-PL-003: private DNS (the services' default) in a VPC without DNS hostnames is refused", () => {
    const { stack, vpc } = setup({ enableDnsHostnames: false });
    expect(
      () => new ServiceEndpoints(stack, 'Endpoints', { vpc, interface: [ec2.InterfaceVpcEndpointAwsService.SSM] }),
    ).toThrow(/S\/Endpoints: NG-PL-003: privateDnsEnabled is true, but VPC S\/Vpc lacks enableDnsHostnames \(false\)/);
  });

  test('the same service twice is refused', () => {
    const { stack, vpc } = setup();
    expect(
      () =>
        new ServiceEndpoints(stack, 'Endpoints', {
          vpc,
          interface: [ec2.InterfaceVpcEndpointAwsService.SSM, ec2.InterfaceVpcEndpointAwsService.SSM],
        }),
    ).toThrow(/S\/Endpoints: interface lists ssm twice: two interface endpoints for one service in a VPC conflict/);
  });

  test('an imported VPC without a CIDR block is refused', () => {
    const { stack } = setup();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-0123456789abcdef0',
      availabilityZones: ['us-east-1a'],
      isolatedSubnetIds: ['subnet-1'],
    });
    expect(
      () => new ServiceEndpoints(stack, 'Endpoints', { vpc, interface: [ec2.InterfaceVpcEndpointAwsService.SSM] }),
    ).toThrow(/S\/Endpoints: VPC S\/Imported has no CIDR block known to this construct/);
  });

  test('a non-AWS interface service is named after its literal service name', () => {
    const { stack, vpc } = setup();
    const name = 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0';
    const eps = new ServiceEndpoints(stack, 'Endpoints', {
      vpc,
      interface: [new ec2.InterfaceVpcEndpointService(name, 443)],
    });
    expect(eps.interfaceEndpoints[0].node.id).toBe(name);
    templateOf(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', { ServiceName: name, PrivateDnsEnabled: false });
  });

  test('an interface service whose name is a token is refused', () => {
    const { stack, vpc } = setup();
    const name = new ec2.CfnVPCEndpointService(stack, 'Svc', {}).ref;
    expect(
      () =>
        new ServiceEndpoints(stack, 'Endpoints', { vpc, interface: [new ec2.InterfaceVpcEndpointService(name, 443)] }),
    ).toThrow(
      /S\/Endpoints: interface\[0\] has a service name that is a token, so no stable construct id can be derived from it/,
    );
  });

  test('nothing to create is refused', () => {
    const { stack, vpc } = setup();
    expect(() => new ServiceEndpoints(stack, 'Endpoints', { vpc })).toThrow(
      /S\/Endpoints: neither gateway nor interface is given: there is no endpoint to create/,
    );
  });
});

describe('ServiceEndpoints: endpoint policies', () => {
  test('restrictToOrganization: every endpoint allows only principals of the organization', () => {
    const { stack, vpc } = setup();
    new ServiceEndpoints(stack, 'Endpoints', {
      vpc,
      gateway: ['s3'],
      interface: [ec2.InterfaceVpcEndpointAwsService.SSM],
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
      interface: [ec2.InterfaceVpcEndpointAwsService.SSM],
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
