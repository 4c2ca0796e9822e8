import { App, Fn } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { PeeredVpcPair, PeeringAccepterRole, PeeringAccepterSide } from '../../src';
import { ACCOUNT, OTHER_ACCOUNT, flatten, sdkCall, templateOf, testStack, testVpc } from '../support';

describe('PeeringAccepterSide', () => {
  function build(props: Partial<ConstructorParameters<typeof PeeringAccepterSide>[2]> = {}) {
    const app = new App();
    const stack = testStack(app, 'Accepter', { env: { account: OTHER_ACCOUNT, region: 'eu-west-1' } });
    const vpc = testVpc(stack, 'Vpc', '10.1.0.0/16', 2);
    const side = new PeeringAccepterSide(stack, 'FromApp', {
      peeringConnectionId: 'pcx-0123456789abcdef0',
      vpc,
      requesterCidrBlocks: ['10.0.0.0/16', '10.5.0.0/16'],
      ...props,
    });
    return { stack, vpc, side };
  }

  test('adds a route to every requester block in every route table of the VPC', () => {
    const { stack, side } = build();
    const t = templateOf(stack);
    // 2 AZs x (public + private) route tables x 2 blocks.
    t.resourcePropertiesCountIs('AWS::EC2::Route', { VpcPeeringConnectionId: 'pcx-0123456789abcdef0' }, 8);
    t.resourcePropertiesCountIs(
      'AWS::EC2::Route',
      { VpcPeeringConnectionId: 'pcx-0123456789abcdef0', DestinationCidrBlock: '10.5.0.0/16' },
      4,
    );
    expect(side.routes).toHaveLength(8);
  });

  test('sets the accepter DNS option only, scoped to the connection id', () => {
    const { stack } = build({ requesterAccount: ACCOUNT });
    const t = templateOf(stack);
    const create = sdkCall(Object.values(t.findResources('Custom::VpcPeeringDnsResolution'))[0], 'Create');
    expect(create.parameters).toEqual({
      VpcPeeringConnectionId: 'pcx-0123456789abcdef0',
      AccepterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true },
    });
    const policy = Object.values(t.findResources('AWS::IAM::Policy'))[0];
    expect(flatten(policy.Properties.PolicyDocument.Statement[0].Resource)).toBe(
      'arn:${Ref:AWS::Partition}:ec2:eu-west-1:111111111111:vpc-peering-connection/pcx-0123456789abcdef0',
    );
  });

  test('without requesterAccount the policy is still limited to the one connection id', () => {
    const { stack } = build();
    const policy = Object.values(templateOf(stack).findResources('AWS::IAM::Policy'))[0];
    expect(flatten(policy.Properties.PolicyDocument.Statement[0].Resource)).toMatch(
      /:ec2:eu-west-1:\*:vpc-peering-connection\/pcx-0123456789abcdef0$/,
    );
  });

  test('dnsResolution: false and a subnet selection', () => {
    const { stack } = build({ dnsResolution: false, subnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const t = templateOf(stack);
    t.resourceCountIs('Custom::VpcPeeringDnsResolution', 0);
    t.resourcePropertiesCountIs('AWS::EC2::Route', { VpcPeeringConnectionId: Match.anyValue() }, 4);
  });

  test('allowFromRequester opens that port to every requester block', () => {
    const { stack, vpc, side } = build();
    const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc });
    side.allowFromRequester(sg, ec2.Port.tcp(443));
    templateOf(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [
        Match.objectLike({ CidrIp: '10.0.0.0/16', FromPort: 443, ToPort: 443 }),
        Match.objectLike({ CidrIp: '10.5.0.0/16', FromPort: 443, ToPort: 443 }),
      ],
    });
  });

  test('errors: no blocks, a token block, an invalid block, an overlap', () => {
    expect(() => build({ requesterCidrBlocks: [] })).toThrow(/Accepter\/FromApp: requesterCidrBlocks is empty/);
    expect(() => build({ requesterCidrBlocks: [Fn.importValue('X')] })).toThrow(
      /requesterCidrBlocks\[0\] is a token .* give its CIDR blocks as literals such as '10\.0\.0\.0\/16'/,
    );
    expect(() => build({ requesterCidrBlocks: ['10.0.0.0/33'] })).toThrow(
      /requesterCidrBlocks\[0\]: '10\.0\.0\.0\/33' is not a CIDR block/,
    );
    expect(() => build({ requesterCidrBlocks: ['10.1.2.0/24'] })).toThrow(
      /requesterCidrBlocks overlap the blocks of vpc Accepter\/Vpc: 10\.1\.2\.0\/24 overlaps 10\.1\.0\.0\/16/,
    );
  });

  test('works end to end with a cross-account PeeredVpcPair and a PeeringAccepterRole', () => {
    const app = new App();
    const accepterStack = testStack(app, 'AccepterAccount', { env: { account: OTHER_ACCOUNT, region: 'us-east-1' } });
    const accepterVpc = testVpc(accepterStack, 'Data', '10.1.0.0/16', 1);
    const role = new PeeringAccepterRole(accepterStack, 'AcceptRole', {
      requesterAccount: ACCOUNT,
      accepterVpc,
      roleName: 'peering-accepter',
    });
    const requesterStack = testStack(app, 'RequesterAccount');
    const pair = new PeeredVpcPair(requesterStack, 'Pair', {
      requesterVpc: testVpc(requesterStack, 'App', '10.0.0.0/16', 1),
      accepterVpc: ec2.Vpc.fromVpcAttributes(requesterStack, 'DataRef', {
        vpcId: 'vpc-0ddddddddddddddd0',
        vpcCidrBlock: '10.1.0.0/16',
        availabilityZones: ['us-east-1a'],
      }),
      accepterAccount: OTHER_ACCOUNT,
      accepterRoleArn: `arn:aws:iam::${OTHER_ACCOUNT}:role/peering-accepter`,
    });
    new PeeringAccepterSide(accepterStack, 'FromApp', {
      peeringConnectionId: 'pcx-0123456789abcdef0',
      vpc: accepterVpc,
      requesterCidrBlocks: pair.requesterCidrBlocks,
    });
    expect(pair.requesterCidrBlocks).toEqual(['10.0.0.0/16']);
    templateOf(accepterStack).resourcePropertiesCountIs(
      'AWS::EC2::Route',
      { DestinationCidrBlock: '10.0.0.0/16', VpcPeeringConnectionId: 'pcx-0123456789abcdef0' },
      2,
    );
    templateOf(requesterStack).resourcePropertiesCountIs('AWS::EC2::Route', { DestinationCidrBlock: '10.1.0.0/16' }, 2);
    expect(role.roleArn).toBeDefined();
  });
});
