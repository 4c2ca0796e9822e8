import { App, Fn } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PeeredVpcPair, PeeringAccepterRole, PeeringAccepterSide } from '../../src';
import { ACCOUNT, OTHER_ACCOUNT, flatten, templateOf, testStack, testVpc, waiterSpec } from '../support';

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

  test('sets the accepter DNS option only', () => {
    const { stack } = build({ requesterAccount: ACCOUNT });
    const t = templateOf(stack);
    const spec = waiterSpec(Object.values(t.findResources('Custom::VpcPeeringDnsResolution'))[0]);
    expect(spec.create.parameters).toEqual({
      VpcPeeringConnectionId: 'pcx-0123456789abcdef0',
      AccepterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true },
    });
    // Issue 11, item 14: wait for `active` first; no call on delete (the requester may have deleted the connection).
    expect(spec.callAfterWait).toBe(true);
    expect(spec.waitFor).toMatchObject({
      action: 'DescribeVpcPeeringConnections',
      parameters: { VpcPeeringConnectionIds: ['pcx-0123456789abcdef0'] },
      path: 'VpcPeeringConnections.0.Status.Code',
      success: ['active'],
    });
    expect(spec.delete).toBeUndefined();
  });

  // Issue 11, item 15: the accepter evaluates the connection in its own account, so the requester's account in the
  // connection's ARN would never match; the statement is scoped by ec2:AccepterVpc, as PeeringAccepterRole is.
  test('the DNS policy is scoped by ec2:AccepterVpc (its own VPC), not by the requester account in the ARN', () => {
    const { stack, vpc } = build({ requesterAccount: ACCOUNT });
    const t = templateOf(stack);
    const modify = modifyStatement(t);
    expect(flatten(modify.Resource)).toBe(
      'arn:${Ref:AWS::Partition}:ec2:eu-west-1:*:vpc-peering-connection/pcx-0123456789abcdef0',
    );
    const vpcId = stack.resolve((vpc.node.defaultChild as ec2.CfnVPC).logicalId);
    expect(flatten(modify.Condition.ArnEquals['ec2:AccepterVpc'])).toBe(
      `arn:\${Ref:AWS::Partition}:ec2:eu-west-1:222222222222:vpc/\${Ref:${vpcId}}`,
    );
    expect(flatten(modify.Condition.ArnLike['ec2:RequesterVpc'])).toBe(
      'arn:${Ref:AWS::Partition}:ec2:*:111111111111:vpc/*',
    );
    expect(JSON.stringify(t.toJSON())).not.toMatch(/111111111111:vpc-peering-connection/);
  });

  test('without requesterAccount: the connection id and ec2:AccepterVpc, no requester condition', () => {
    const { stack } = build();
    const modify = modifyStatement(templateOf(stack));
    expect(flatten(modify.Resource)).toMatch(/:ec2:eu-west-1:\*:vpc-peering-connection\/pcx-0123456789abcdef0$/);
    expect(Object.keys(modify.Condition)).toEqual(['ArnEquals']);
    expect(() => build({ requesterAccount: '1234' })).toThrow(
      /Accepter\/FromApp: requesterAccount '1234' is not an AWS account id/,
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

  test('errors: no blocks, only token blocks, an invalid block, an overlap', () => {
    expect(() => build({ requesterCidrBlocks: [] })).toThrow(/Accepter\/FromApp: requesterCidrBlocks is empty/);
    expect(() => build({ requesterCidrBlocks: [Fn.importValue('X')] })).toThrow(
      /requesterCidrBlocks has no literal block \(requesterCidrBlocks\[0\] are tokens\).* literals such as '10\.0\.0\.0\/16'/,
    );
    expect(() => build({ requesterCidrBlocks: ['10.0.0.0/33'] })).toThrow(
      /Accepter\/FromApp: requesterCidrBlocks\[0\]: '10\.0\.0\.0\/33' is not a CIDR block/,
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
    const requesterT = templateOf(requesterStack);
    requesterT.resourcePropertiesCountIs('AWS::EC2::Route', { DestinationCidrBlock: '10.1.0.0/16' }, 2);
    // The pair asks for the role the accepter's stack names, which trusts the requester's account.
    requesterT.hasResourceProperties('AWS::EC2::VPCPeeringConnection', {
      PeerOwnerId: OTHER_ACCOUNT,
      PeerRoleArn: `arn:aws:iam::${OTHER_ACCOUNT}:role/peering-accepter`,
      PeerVpcId: 'vpc-0ddddddddddddddd0',
    });
    const roles = templateOf(accepterStack).findResources('AWS::IAM::Role', {
      Properties: { RoleName: 'peering-accepter' },
    });
    expect(Object.keys(roles)).toEqual([accepterStack.getLogicalId(role.role.node.defaultChild as iam.CfnRole)]);
    const [roleResource] = Object.values<any>(roles);
    expect(roleResource.Properties.RoleName).toBe('peering-accepter');
    expect(flatten(roleResource.Properties.AssumeRolePolicyDocument.Statement[0].Principal.AWS)).toBe(
      `arn:\${Ref:AWS::Partition}:iam::${ACCOUNT}:root`,
    );
  });

  // Issue 11, item 11: the README's cross-Region usage with a dual-stack requester used to throw.
  test('a dual-stack requester: pair.requesterCidrBlocks is accepted, literal blocks routed, each token warned about', () => {
    const app = new App();
    const requesterStack = testStack(app, 'Requester');
    const pair = new PeeredVpcPair(requesterStack, 'Pair', {
      requesterVpc: testVpc(requesterStack, 'App', '10.0.0.0/16', 1, { ipProtocol: ec2.IpProtocol.DUAL_STACK }),
      accepterVpc: ec2.Vpc.fromVpcAttributes(requesterStack, 'DataRef', {
        vpcId: 'vpc-0ddddddddddddddd0',
        vpcCidrBlock: '10.1.0.0/16',
        availabilityZones: ['eu-west-1a'],
      }),
      accepterRegion: 'eu-west-1',
      additionalAccepterCidrBlocks: [],
    });
    const accepterStack = testStack(app, 'Accepter', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    const vpc = testVpc(accepterStack, 'Data', '10.1.0.0/16', 1, { ipProtocol: ec2.IpProtocol.DUAL_STACK });
    const side = new PeeringAccepterSide(accepterStack, 'FromApp', {
      peeringConnectionId: 'pcx-0123456789abcdef0',
      vpc,
      requesterCidrBlocks: pair.requesterCidrBlocks,
    });
    side.allowFromRequester(new ec2.SecurityGroup(accepterStack, 'Sg', { vpc }), ec2.Port.tcp(443));
    Annotations.fromStack(accepterStack).hasWarning(
      '/Accepter/FromApp',
      Match.stringLikeRegexp(
        'requesterCidrBlocks\\[1\\] is not known at synth .*cannot be referenced from another account or Region, so no route and no rule go to it',
      ),
    );
    const t = templateOf(accepterStack);
    // 1 AZ: a public and a private route table, each with a route to the IPv4 block only.
    t.resourcePropertiesCountIs('AWS::EC2::Route', { VpcPeeringConnectionId: 'pcx-0123456789abcdef0' }, 2);
    t.resourcePropertiesCountIs('AWS::EC2::Route', { DestinationCidrBlock: '10.0.0.0/16' }, 2);
    expect(side.routes).toHaveLength(2);
    t.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [Match.objectLike({ CidrIp: '10.0.0.0/16', FromPort: 443 })],
    });
    expect(JSON.stringify(t.toJSON())).not.toMatch(/Fn::ImportValue|Requester/);
    // The requester's stack routes to the accepter's literal block and exports nothing to the other Region.
    const requesterT = templateOf(requesterStack);
    requesterT.resourcePropertiesCountIs('AWS::EC2::Route', { DestinationCidrBlock: '10.1.0.0/16' }, 2);
    expect(Object.keys(requesterT.toJSON().Outputs ?? {})).toEqual([]);
    expect(accepterStack.dependencies).toEqual([]);
  });

  test('additionalVpcCidrBlocks of an imported VPC: the overlap check and IPv6 routes include them', () => {
    const app = new App();
    const stack = testStack(app, 'Accepter', { env: { account: OTHER_ACCOUNT, region: 'eu-west-1' } });
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-0eeeeeeeeeeeeeee0',
      vpcCidrBlock: '10.1.0.0/16',
      availabilityZones: ['eu-west-1a'],
      privateSubnetIds: ['subnet-0e'],
      privateSubnetRouteTableIds: ['rtb-0e'],
    });
    const make = (id: string, additionalVpcCidrBlocks?: string[], requesterCidrBlocks = ['10.0.0.0/16']) =>
      new PeeringAccepterSide(stack, id, {
        peeringConnectionId: `pcx-${id}`,
        vpc,
        requesterCidrBlocks,
        additionalVpcCidrBlocks,
      });
    make('Warned');
    make('Dual', ['100.64.0.0/16', '2600:1f18:abcd:1200::/56'], ['10.0.0.0/16', '2600:1f18:aaaa:1200::/56']);
    expect(() => make('Overlap', ['100.64.0.0/16'], ['100.64.1.0/24'])).toThrow(
      /Accepter\/Overlap: requesterCidrBlocks overlap the blocks of vpc Accepter\/Imported: 100\.64\.1\.0\/24 overlaps 100\.64\.0\.0\/16/,
    );
    expect(() => make('Token', [Fn.importValue('X')])).toThrow(/additionalVpcCidrBlocks\[0\] is a token/);
    Annotations.fromStack(stack).hasWarning(
      '/Accepter/Warned',
      Match.stringLikeRegexp(
        'vpc Accepter/Imported is imported, so only its primary block 10\\.1\\.0\\.0/16 is known.*additionalVpcCidrBlocks',
      ),
    );
    expect(Annotations.fromStack(stack).findWarning('/Accepter/Dual', Match.anyValue())).toHaveLength(0);
    const t = templateOf(stack);
    t.resourcePropertiesCountIs(
      'AWS::EC2::Route',
      { VpcPeeringConnectionId: 'pcx-Dual', DestinationIpv6CidrBlock: '2600:1f18:aaaa:1200::/56' },
      1,
    );
    t.resourcePropertiesCountIs(
      'AWS::EC2::Route',
      { VpcPeeringConnectionId: 'pcx-Warned', DestinationIpv6CidrBlock: Match.anyValue() },
      0,
    );
  });

  // Issue 11, item 13.
  test('refuses dnsResolution when the VPC has DNS hostnames off; dnsResolution: false passes', () => {
    const app = new App();
    const stack = testStack(app, 'Accepter', { env: { account: OTHER_ACCOUNT, region: 'eu-west-1' } });
    const vpc = testVpc(stack, 'Vpc', '10.1.0.0/16', 1, { enableDnsHostnames: false });
    const props = { peeringConnectionId: 'pcx-0123456789abcdef0', vpc, requesterCidrBlocks: ['10.0.0.0/16'] };
    expect(() => new PeeringAccepterSide(stack, 'FromApp', props)).toThrow(
      /Accepter\/FromApp: dnsResolution is on \(the default\), but vpc Accepter\/Vpc has enableDnsHostnames false\..* or set dnsResolution: false\./,
    );
    new PeeringAccepterSide(stack, 'NoDns', { ...props, dnsResolution: false });
    templateOf(stack).resourceCountIs('Custom::VpcPeeringDnsResolution', 0);
  });
});

function modifyStatement(t: Template): any {
  const statements = Object.values(t.findResources('AWS::IAM::Policy')).flatMap(
    (p) => p.Properties.PolicyDocument.Statement,
  );
  const modify = statements.filter((s: any) => s.Action === 'ec2:ModifyVpcPeeringConnectionOptions');
  expect(modify).toHaveLength(1);
  return modify[0];
}
