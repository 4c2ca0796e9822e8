import { App, CfnParameter, Fn, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { PeeredVpcPair } from '../../src';
import { guardApp } from '../guard/l1';
import { ACCOUNT, OTHER_ACCOUNT, templateOf, testStack, testVpc, flatten, waiterSpec } from '../support';

/** The peering routes of a template, as `{ table, destination }` with the route table's logical id. */
function peeringRoutes(stack: Stack) {
  const routes = templateOf(stack).findResources('AWS::EC2::Route', {
    Properties: { VpcPeeringConnectionId: Match.anyValue() },
  });
  return Object.entries(routes).map(([id, r]) => ({
    id,
    table: (r.Properties.RouteTableId.Ref ?? JSON.stringify(r.Properties.RouteTableId)) as string,
    destination: (r.Properties.DestinationCidrBlock ?? r.Properties.DestinationIpv6CidrBlock) as any,
    ipv6: r.Properties.DestinationIpv6CidrBlock !== undefined,
    dependsOn: (r.DependsOn ?? []) as string[],
  }));
}

/** How many peering routes each route table of the template has, by the table's logical id. */
function routesPerTable(stack: Stack, prefix: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of peeringRoutes(stack).filter((x) => x.table.startsWith(prefix))) {
    counts[r.table] = (counts[r.table] ?? 0) + 1;
  }
  return counts;
}

function routeTablesOf(stack: Stack, prefix: string): string[] {
  return Object.keys(templateOf(stack).findResources('AWS::EC2::RouteTable')).filter((id) => id.startsWith(prefix));
}

describe('PeeredVpcPair, same account and Region', () => {
  function build() {
    const app = new App();
    const stack = testStack(app);
    const app1 = testVpc(stack, 'AppVpc', '10.0.0.0/16', 2);
    const data = testVpc(stack, 'DataVpc', '10.1.0.0/16', 3);
    const pair = new PeeredVpcPair(stack, 'AppToData', { requesterVpc: app1, accepterVpc: data });
    return { stack, pair, app1, data };
  }

  test('creates one connection between the two VPCs, with no cross-account or cross-Region properties', () => {
    const { stack } = build();
    const t = templateOf(stack);
    t.resourceCountIs('AWS::EC2::VPCPeeringConnection', 1);
    t.hasResourceProperties('AWS::EC2::VPCPeeringConnection', {
      VpcId: { Ref: Match.stringLikeRegexp('^AppVpc') },
      PeerVpcId: { Ref: Match.stringLikeRegexp('^DataVpc') },
      PeerOwnerId: Match.absent(),
      PeerRegion: Match.absent(),
      PeerRoleArn: Match.absent(),
    });
  });

  test('adds one route per route table in both VPCs, each to the other VPC through the connection', () => {
    const { stack, pair } = build();
    const requester = routesPerTable(stack, 'AppVpc');
    const accepter = routesPerTable(stack, 'DataVpc');
    // AppVpc: 2 AZs x (public + private) = 4 route tables; DataVpc: 3 AZs x 2 = 6.
    expect(Object.keys(requester).sort()).toEqual(routeTablesOf(stack, 'AppVpc').sort());
    expect(Object.keys(accepter).sort()).toEqual(routeTablesOf(stack, 'DataVpc').sort());
    expect(Object.values(requester)).toEqual([1, 1, 1, 1]);
    expect(Object.values(accepter)).toEqual([1, 1, 1, 1, 1, 1]);
    const routes = peeringRoutes(stack);
    expect(routes.filter((r) => r.table.startsWith('AppVpc')).every((r) => r.destination === '10.1.0.0/16')).toBe(true);
    expect(routes.filter((r) => r.table.startsWith('DataVpc')).every((r) => r.destination === '10.0.0.0/16')).toBe(
      true,
    );
    // 10 peering routes, plus the 5 internet routes of the public subnets.
    templateOf(stack).resourceCountIs('AWS::EC2::Route', 15);
    expect(pair.requesterRoutes).toHaveLength(4);
    expect(pair.accepterRoutes).toHaveLength(6);
    expect(pair.managesAccepterSide).toBe(true);
  });

  // Issue 11, item 14: AWS refuses the option until the connection is active, so the call waits for `active`.
  test('turns DNS resolution on for both sides once the connection is active, with IAM scoped to this connection', () => {
    const { stack } = build();
    const t = templateOf(stack);
    const resources = t.findResources('Custom::VpcPeeringDnsResolution');
    expect(Object.keys(resources)).toHaveLength(1);
    const [[id, resource]] = Object.entries(resources);
    const spec = waiterSpec(resource);
    const options = {
      VpcPeeringConnectionId: '${Ref:AppToData4043F42D}',
      RequesterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true },
      AccepterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true },
    };
    expect(spec).toEqual({
      create: { service: 'EC2', action: 'ModifyVpcPeeringConnectionOptions', parameters: options },
      update: { service: 'EC2', action: 'ModifyVpcPeeringConnectionOptions', parameters: options },
      // No call on delete: the option dies with the connection (no `delete` key).
      waitFor: {
        service: 'EC2',
        action: 'DescribeVpcPeeringConnections',
        parameters: { VpcPeeringConnectionIds: ['${Ref:AppToData4043F42D}'] },
        path: 'VpcPeeringConnections.0.Status.Code',
        success: ['active'],
        failure: ['failed', 'rejected', 'deleted', 'deleting', 'expired'],
        reasonPath: 'VpcPeeringConnections.0.Status.Message',
      },
      callAfterWait: true,
      timeoutSeconds: 1800,
      physicalResourceId: '${Ref:AppToData4043F42D}',
    });
    // Created after its own policy, which allows the one modify call on this connection and the describe call.
    expect(resource.DependsOn).toHaveLength(1);
    const policy = t.toJSON().Resources[resource.DependsOn[0]];
    expect(policy.Type).toBe('AWS::IAM::Policy');
    const statements = policy.Properties.PolicyDocument.Statement;
    expect(statements).toHaveLength(2);
    expect(statements[0].Action).toBe('ec2:ModifyVpcPeeringConnectionOptions');
    expect(flatten(statements[0].Resource)).toBe(
      'arn:${Ref:AWS::Partition}:ec2:us-east-1:111111111111:vpc-peering-connection/${Ref:AppToData4043F42D}',
    );
    expect(statements[1]).toMatchObject({ Action: 'ec2:DescribeVpcPeeringConnections', Resource: '*' });
    expect(id).toMatch(/^AppToDataDnsResolution/);
  });

  test('dnsResolution: false creates no custom resource and no IAM', () => {
    const app = new App();
    const stack = testStack(app);
    new PeeredVpcPair(stack, 'Pair', {
      requesterVpc: testVpc(stack, 'A', '10.0.0.0/16'),
      accepterVpc: testVpc(stack, 'B', '10.1.0.0/16'),
      dnsResolution: false,
    });
    const t = templateOf(stack);
    t.resourceCountIs('Custom::VpcPeeringDnsResolution', 0);
    t.resourceCountIs('AWS::IAM::Policy', 0);
    t.resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('routes only the selected subnets of each side', () => {
    const app = new App();
    const stack = testStack(app);
    const a = testVpc(stack, 'A', '10.0.0.0/16');
    const b = testVpc(stack, 'B', '10.1.0.0/16');
    new PeeredVpcPair(stack, 'Pair', {
      requesterVpc: a,
      accepterVpc: b,
      requesterSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
      accepterSubnets: [{ subnetGroupName: 'Public' }, { subnetGroupName: 'Private' }],
    });
    expect(Object.keys(routesPerTable(stack, 'A')).sort()).toEqual(
      ['APrivateSubnet1RouteTable', 'APrivateSubnet2RouteTable']
        .map((p) => routeTablesOf(stack, 'A').find((id) => id.startsWith(p)))
        .sort(),
    );
    expect(Object.keys(routesPerTable(stack, 'B'))).toHaveLength(4);
  });

  test('routes to every secondary block, ordered after its association', () => {
    const app = new App();
    const stack = testStack(app);
    const a = testVpc(stack, 'A', '10.0.0.0/16');
    const b = testVpc(stack, 'B', '10.1.0.0/16');
    const secondary = new ec2.CfnVPCCidrBlock(stack, 'BSecondary', { vpcId: b.vpcId, cidrBlock: '10.2.0.0/16' });
    new PeeredVpcPair(stack, 'Pair', { requesterVpc: a, accepterVpc: b });
    const routes = peeringRoutes(stack).filter((r) => r.table.startsWith('A'));
    expect(Object.values(routesPerTable(stack, 'A'))).toEqual([2, 2, 2, 2]);
    const toSecondary = routes.filter((r) => r.destination === '10.2.0.0/16');
    expect(toSecondary).toHaveLength(4);
    const secondaryId = stack.resolve(secondary.logicalId);
    expect(toSecondary.every((r) => r.dependsOn.includes(secondaryId))).toBe(true);
    expect(routes.filter((r) => r.destination === '10.1.0.0/16').every((r) => r.dependsOn.length === 0)).toBe(true);
  });

  test('warns about a secondary block that cannot be routed (IPAM allocation), and routes the others', () => {
    const app = new App();
    const stack = testStack(app);
    const a = testVpc(stack, 'A', '10.0.0.0/16');
    const b = testVpc(stack, 'B', '10.1.0.0/16');
    new ec2.CfnVPCCidrBlock(stack, 'BIpam', {
      vpcId: b.vpcId,
      ipv4IpamPoolId: 'ipam-pool-0123',
      ipv4NetmaskLength: 20,
    });
    new PeeredVpcPair(stack, 'Pair', { requesterVpc: a, accepterVpc: b });
    Annotations.fromStack(stack).hasWarning(
      '/Stack/Pair',
      Match.stringLikeRegexp(
        'accepterVpc has IPv4 blocks whose value is not known at synth .*: Stack/BIpam\\. No peering route goes to them',
      ),
    );
    expect(
      peeringRoutes(stack)
        .filter((r) => r.table.startsWith('A'))
        .map((r) => r.destination),
    ).toEqual(['10.1.0.0/16', '10.1.0.0/16', '10.1.0.0/16', '10.1.0.0/16']);
  });

  test('routes IPv6 blocks where both VPCs have IPv6, after the IPv6 block is associated', () => {
    const app = new App();
    const stack = testStack(app);
    const dual = { ipProtocol: ec2.IpProtocol.DUAL_STACK };
    const a = testVpc(stack, 'A', '10.0.0.0/16', 2, dual);
    const b = testVpc(stack, 'B', '10.1.0.0/16', 2, dual);
    new PeeredVpcPair(stack, 'Pair', { requesterVpc: a, accepterVpc: b });
    const routes = peeringRoutes(stack);
    const ipv6 = routes.filter((r) => r.ipv6);
    expect(ipv6).toHaveLength(8);
    const toB = ipv6.filter((r) => r.table.startsWith('A'));
    expect(toB).toHaveLength(4);
    expect(JSON.stringify(toB[0].destination)).toMatch(/"Fn::GetAtt":\["B[0-9A-F]+","Ipv6CidrBlocks"\]/);
    const bIpv6Block = Object.keys(templateOf(stack).findResources('AWS::EC2::VPCCidrBlock')).find((id) =>
      id.startsWith('B'),
    )!;
    expect(toB.every((r) => r.dependsOn.includes(bIpv6Block))).toBe(true);
  });

  test('adds no IPv6 route into a VPC that has no IPv6 block', () => {
    const app = new App();
    const stack = testStack(app);
    const a = testVpc(stack, 'A', '10.0.0.0/16');
    const b = testVpc(stack, 'B', '10.1.0.0/16', 2, { ipProtocol: ec2.IpProtocol.DUAL_STACK });
    new PeeredVpcPair(stack, 'Pair', { requesterVpc: a, accepterVpc: b });
    const routes = peeringRoutes(stack);
    expect(routes.filter((r) => r.ipv6)).toHaveLength(0);
    expect(routes).toHaveLength(8);
  });

  test('sees through tokens: the block of a VPC in another stack is written as a literal, with no export', () => {
    const app = new App();
    const net = testStack(app, 'Network');
    const data = testStack(app, 'Data');
    const a = testVpc(net, 'A', '10.0.0.0/16');
    const b = testVpc(data, 'B', '10.1.0.0/16');
    new PeeredVpcPair(net, 'Pair', { requesterVpc: a, accepterVpc: b });
    const routes = peeringRoutes(net).filter((r) => r.table.startsWith('A'));
    expect(routes).toHaveLength(4);
    expect(routes.every((r) => r.destination === '10.1.0.0/16')).toBe(true);
    const accepterRoutes = Object.values(
      templateOf(net).findResources('AWS::EC2::Route', { Properties: { DestinationCidrBlock: '10.0.0.0/16' } }),
    );
    expect(accepterRoutes).toHaveLength(4);
    // The accepter stack exports its VPC and route table ids, never its CIDR.
    expect(JSON.stringify(templateOf(data).toJSON().Outputs ?? {})).not.toMatch(/CidrBlock/);
  });

  test('a block that is unknown at synth is routed as a token and not checked for overlap', () => {
    const app = new App();
    const stack = testStack(app);
    const a = testVpc(stack, 'A', '10.0.0.0/16');
    const imported = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-0123456789abcdef0',
      vpcCidrBlock: Fn.importValue('SharedVpcCidr'),
      availabilityZones: ['us-east-1a'],
      isolatedSubnetIds: ['subnet-0123456789abcdef0'],
      isolatedSubnetRouteTableIds: ['rtb-0123456789abcdef0'],
    });
    new PeeredVpcPair(stack, 'Pair', { requesterVpc: a, accepterVpc: imported });
    const t = templateOf(stack);
    t.resourcePropertiesCountIs('AWS::EC2::Route', { DestinationCidrBlock: { 'Fn::ImportValue': 'SharedVpcCidr' } }, 4);
    t.hasResourceProperties('AWS::EC2::Route', {
      RouteTableId: 'rtb-0123456789abcdef0',
      DestinationCidrBlock: '10.0.0.0/16',
    });
  });

  test('route logical ids stay the same when the VPC gains an AZ', () => {
    const ids = (azs: number) => {
      const app = new App();
      const stack = testStack(app);
      new PeeredVpcPair(stack, 'Pair', {
        requesterVpc: testVpc(stack, 'A', '10.0.0.0/16', azs),
        accepterVpc: testVpc(stack, 'B', '10.1.0.0/16', 2),
      });
      return peeringRoutes(stack).map((r) => r.id);
    };
    const before = ids(2);
    const after = ids(3);
    expect(after.length).toBe(before.length + 2);
    expect(after).toEqual(expect.arrayContaining(before));
  });

  test('allowFromRequester and allowFromAccepter open that port only, from every block of the other side', () => {
    const app = new App();
    const stack = testStack(app);
    const a = testVpc(stack, 'A', '10.0.0.0/16');
    const b = testVpc(stack, 'B', '10.1.0.0/16');
    new ec2.CfnVPCCidrBlock(stack, 'ASecondary', { vpcId: a.vpcId, cidrBlock: '10.3.0.0/16' });
    const pair = new PeeredVpcPair(stack, 'Pair', { requesterVpc: a, accepterVpc: b });
    const db = new ec2.SecurityGroup(stack, 'DbSg', { vpc: b, allowAllOutbound: false });
    const api = new ec2.SecurityGroup(stack, 'ApiSg', { vpc: a });
    pair.allowFromRequester(db, ec2.Port.tcp(5432));
    pair.allowFromAccepter(api, ec2.Port.tcp(443));
    const t = templateOf(stack);
    t.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Stack/DbSg',
      SecurityGroupIngress: [
        Match.objectLike({ CidrIp: '10.0.0.0/16', FromPort: 5432, ToPort: 5432, IpProtocol: 'tcp' }),
        Match.objectLike({ CidrIp: '10.3.0.0/16', FromPort: 5432, ToPort: 5432, IpProtocol: 'tcp' }),
      ],
    });
    t.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Stack/ApiSg',
      SecurityGroupIngress: [
        Match.objectLike({ CidrIp: '10.1.0.0/16', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }),
      ],
    });
  });
});

describe('PeeredVpcPair across Regions and accounts', () => {
  function importedAccepter(stack: Stack, cidr = '10.1.0.0/16') {
    return ec2.Vpc.fromVpcAttributes(stack, 'Accepter', {
      vpcId: 'vpc-0aaaaaaaaaaaaaaa0',
      vpcCidrBlock: cidr,
      availabilityZones: ['eu-west-1a'],
      privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaa0'],
      privateSubnetRouteTableIds: ['rtb-0aaaaaaaaaaaaaaa0'],
    });
  }

  test('cross-Region: PeerRegion is set, the requester routes only, and DNS for the requester side only', () => {
    const app = new App();
    const stack = testStack(app);
    const pair = new PeeredVpcPair(stack, 'Pair', {
      requesterVpc: testVpc(stack, 'A', '10.0.0.0/16'),
      accepterVpc: importedAccepter(stack),
      accepterRegion: 'eu-west-1',
    });
    const t = templateOf(stack);
    t.hasResourceProperties('AWS::EC2::VPCPeeringConnection', {
      PeerVpcId: 'vpc-0aaaaaaaaaaaaaaa0',
      PeerRegion: 'eu-west-1',
      PeerOwnerId: Match.absent(),
      PeerRoleArn: Match.absent(),
    });
    expect(peeringRoutes(stack)).toHaveLength(4);
    t.resourcePropertiesCountIs('AWS::EC2::Route', { RouteTableId: 'rtb-0aaaaaaaaaaaaaaa0' }, 0);
    const spec = waiterSpec(Object.values(t.findResources('Custom::VpcPeeringDnsResolution'))[0]);
    expect(spec.create.parameters.RequesterPeeringConnectionOptions).toEqual({ AllowDnsResolutionFromRemoteVpc: true });
    expect(spec.create.parameters.AccepterPeeringConnectionOptions).toBeUndefined();
    // An inter-Region connection is `provisioning` after it is accepted: the call waits for `active`.
    expect(spec.callAfterWait).toBe(true);
    expect(spec.waitFor.success).toEqual(['active']);
    expect(pair.crossRegion).toBe(true);
    expect(pair.crossAccount).toBe(false);
    expect(pair.requesterCidrBlocks).toEqual(['10.0.0.0/16']);
  });

  test('cross-account: PeerOwnerId and PeerRoleArn are set and no accepter route is added', () => {
    const app = new App();
    const stack = testStack(app);
    new PeeredVpcPair(stack, 'Pair', {
      requesterVpc: testVpc(stack, 'A', '10.0.0.0/16'),
      accepterVpc: importedAccepter(stack),
      accepterAccount: OTHER_ACCOUNT,
      accepterRoleArn: `arn:aws:iam::${OTHER_ACCOUNT}:role/peering-accepter`,
    });
    const t = templateOf(stack);
    t.hasResourceProperties('AWS::EC2::VPCPeeringConnection', {
      PeerOwnerId: OTHER_ACCOUNT,
      PeerRoleArn: `arn:aws:iam::${OTHER_ACCOUNT}:role/peering-accepter`,
      PeerRegion: Match.absent(),
    });
    t.resourcePropertiesCountIs('AWS::EC2::Route', { RouteTableId: 'rtb-0aaaaaaaaaaaaaaa0' }, 0);
    t.resourcePropertiesCountIs('AWS::EC2::Route', { DestinationCidrBlock: '10.0.0.0/16' }, 0);
    expect(peeringRoutes(stack).every((r) => r.destination === '10.1.0.0/16')).toBe(true);
  });

  test('NetworkGuard reads the waiting DNS resource as DNS resolution on: no NG-PEER-009 for a cross-Region pair', () => {
    const app = new App();
    const stack = testStack(app);
    new PeeredVpcPair(stack, 'Pair', {
      requesterVpc: testVpc(stack, 'A', '10.0.0.0/16', 1),
      accepterVpc: importedAccepter(stack),
      accepterRegion: 'eu-west-1',
      additionalAccepterCidrBlocks: [],
    });
    expect(guardApp(app).of('NG-PEER-009')).toEqual([]);
  });

  test('warns when DNS resolution is turned off on an inter-Region connection', () => {
    const app = new App();
    const stack = testStack(app);
    new PeeredVpcPair(stack, 'Pair', {
      requesterVpc: testVpc(stack, 'A', '10.0.0.0/16'),
      accepterVpc: importedAccepter(stack),
      accepterRegion: 'eu-west-1',
      dnsResolution: false,
    });
    Annotations.fromStack(stack).hasWarning('/Stack/Pair', Match.stringLikeRegexp('NG-PEER-009'));
  });

  test('the accepter account and Region default to the accepter VPC stack environment', () => {
    const app = new App();
    const us = testStack(app, 'Us');
    const eu = new Stack(app, 'Eu', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    const euVpc = testVpc(eu, 'EuVpc', '10.9.0.0/16');
    const imported = ec2.Vpc.fromVpcAttributes(us, 'EuVpcRef', {
      vpcId: 'vpc-0bbbbbbbbbbbbbbb0',
      vpcCidrBlock: '10.9.0.0/16',
      availabilityZones: ['eu-west-1a'],
      region: 'eu-west-1',
    });
    const pair = new PeeredVpcPair(us, 'Pair', {
      requesterVpc: testVpc(us, 'A', '10.0.0.0/16'),
      accepterVpc: imported,
    });
    expect(pair.crossRegion).toBe(true);
    templateOf(us).hasResourceProperties('AWS::EC2::VPCPeeringConnection', { PeerRegion: 'eu-west-1' });
    expect(euVpc.env.region).toBe('eu-west-1');
  });
});

describe('PeeredVpcPair errors', () => {
  test('overlapping primary blocks: names both CIDRs', () => {
    const app = new App();
    const stack = testStack(app);
    expect(
      () =>
        new PeeredVpcPair(stack, 'Pair', {
          requesterVpc: testVpc(stack, 'A', '10.0.0.0/16'),
          accepterVpc: testVpc(stack, 'B', '10.0.128.0/17'),
        }),
    ).toThrow(
      /Stack\/Pair: requesterVpc Stack\/A and accepterVpc Stack\/B have overlapping CIDR blocks: 10\.0\.0\.0\/16 \(requesterVpc\) overlaps 10\.0\.128\.0\/17 \(accepterVpc\)/,
    );
  });

  test('an overlap through a secondary block is found, and nothing is created', () => {
    const app = new App();
    const stack = testStack(app);
    const a = testVpc(stack, 'A', '10.0.0.0/16');
    const b = testVpc(stack, 'B', '10.1.0.0/16');
    new ec2.CfnVPCCidrBlock(stack, 'ASecondary', { vpcId: a.vpcId, cidrBlock: '10.1.64.0/18' });
    expect(() => new PeeredVpcPair(stack, 'Pair', { requesterVpc: a, accepterVpc: b })).toThrow(
      /10\.1\.64\.0\/18 \(requesterVpc\) overlaps 10\.1\.0\.0\/16 \(accepterVpc\)/,
    );
    expect(stack.node.tryFindChild('Pair')?.node.children ?? []).toHaveLength(0);
  });

  test('an overlap through an additional block names the prop entry that lists it', () => {
    const app = new App();
    const stack = testStack(app);
    expect(
      () =>
        new PeeredVpcPair(stack, 'Pair', {
          requesterVpc: testVpc(stack, 'A', '10.0.0.0/16'),
          accepterVpc: testVpc(stack, 'B', '10.1.0.0/16'),
          additionalAccepterCidrBlocks: ['100.64.0.0/16', '10.0.128.0/17'],
        }),
    ).toThrow(/10\.0\.0\.0\/16 \(requesterVpc\) overlaps 10\.0\.128\.0\/17 \(additionalAccepterCidrBlocks\[1\]\)/);
    expect(stack.node.tryFindChild('Pair')?.node.children ?? []).toHaveLength(0);
  });

  test('a VPC peered with itself', () => {
    const app = new App();
    const stack = testStack(app);
    const a = testVpc(stack, 'A', '10.0.0.0/16');
    expect(() => new PeeredVpcPair(stack, 'Pair', { requesterVpc: a, accepterVpc: a })).toThrow(
      /requesterVpc and accepterVpc are the same VPC \(Stack\/A\/Resource\): a VPC cannot be peered with itself/,
    );
  });

  test('the same VPC through an imported handle is still itself', () => {
    const app = new App();
    const stack = testStack(app);
    const one = ec2.Vpc.fromVpcAttributes(stack, 'One', {
      vpcId: 'vpc-0123',
      vpcCidrBlock: '10.0.0.0/16',
      availabilityZones: ['us-east-1a'],
    });
    const two = ec2.Vpc.fromVpcAttributes(stack, 'Two', {
      vpcId: 'vpc-0123',
      vpcCidrBlock: '10.0.0.0/16',
      availabilityZones: ['us-east-1a'],
    });
    expect(() => new PeeredVpcPair(stack, 'Pair', { requesterVpc: one, accepterVpc: two })).toThrow(
      /same VPC \(vpc-0123\)/,
    );
  });

  test('cross-account without accepterRoleArn', () => {
    const app = new App();
    const stack = testStack(app);
    expect(
      () =>
        new PeeredVpcPair(stack, 'Pair', {
          requesterVpc: testVpc(stack, 'A', '10.0.0.0/16'),
          accepterVpc: ec2.Vpc.fromVpcAttributes(stack, 'B', {
            vpcId: 'vpc-0b',
            vpcCidrBlock: '10.1.0.0/16',
            availabilityZones: ['us-east-1a'],
          }),
          accepterAccount: OTHER_ACCOUNT,
        }),
    ).toThrow(
      /accepterAccount '222222222222' differs from this stack's account '111111111111', so accepterRoleArn is required: deploy a PeeringAccepterRole in account 222222222222/,
    );
  });

  test('a role for same-account peering', () => {
    const app = new App();
    const stack = testStack(app);
    expect(
      () =>
        new PeeredVpcPair(stack, 'Pair', {
          requesterVpc: testVpc(stack, 'A', '10.0.0.0/16'),
          accepterVpc: testVpc(stack, 'B', '10.1.0.0/16'),
          accepterRoleArn: `arn:aws:iam::${ACCOUNT}:role/x`,
        }),
    ).toThrow(
      /accepterRoleArn 'arn:aws:iam::111111111111:role\/x' is given, but the accepter VPC is in this stack's account '111111111111': same-account peering needs no role/,
    );
  });

  test('the same two VPCs peered twice, in either order', () => {
    const app = new App();
    const stack = testStack(app);
    const a = testVpc(stack, 'A', '10.0.0.0/16');
    const b = testVpc(stack, 'B', '10.1.0.0/16');
    new PeeredVpcPair(stack, 'First', { requesterVpc: a, accepterVpc: b });
    expect(() => new PeeredVpcPair(stack, 'Second', { requesterVpc: b, accepterVpc: a })).toThrow(
      /Stack\/Second: the VPCs .* are already peered by Stack\/First\. AWS allows one peering connection between two VPCs/,
    );
  });

  test('accepterSubnets across Regions', () => {
    const app = new App();
    const stack = testStack(app);
    expect(
      () =>
        new PeeredVpcPair(stack, 'Pair', {
          requesterVpc: testVpc(stack, 'A', '10.0.0.0/16'),
          accepterVpc: ec2.Vpc.fromVpcAttributes(stack, 'B', {
            vpcId: 'vpc-0b',
            vpcCidrBlock: '10.1.0.0/16',
            availabilityZones: ['eu-west-1a'],
          }),
          accepterRegion: 'eu-west-1',
          accepterSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
        }),
    ).toThrow(
      /accepterSubnets is given, but the accepter VPC is in 111111111111\/eu-west-1 while this stack is in 111111111111\/us-east-1/,
    );
  });

  test('an accepter VPC with no known block', () => {
    const app = new App();
    const stack = testStack(app);
    expect(
      () =>
        new PeeredVpcPair(stack, 'Pair', {
          requesterVpc: testVpc(stack, 'A', '10.0.0.0/16'),
          accepterVpc: ec2.Vpc.fromVpcAttributes(stack, 'B', { vpcId: 'vpc-0b', availabilityZones: ['us-east-1a'] }),
        }),
    ).toThrow(/accepterVpc Stack\/B has no CIDR block this construct can route to\. Import it with its block/);
  });

  test('an accepter VPC of another Region defined in its own stack', () => {
    const app = new App();
    const us = testStack(app, 'Us');
    const eu = new Stack(app, 'Eu', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    expect(
      () =>
        new PeeredVpcPair(us, 'Pair', {
          requesterVpc: testVpc(us, 'A', '10.0.0.0/16'),
          accepterVpc: testVpc(eu, 'B', '10.1.0.0/16'),
        }),
    ).toThrow(
      /accepterVpc Eu\/B is defined in stack Eu of another account or Region, and CloudFormation cannot reference it from here\. Import it by id instead/,
    );
  });

  test('a requester VPC of another environment', () => {
    const app = new App();
    const us = testStack(app, 'Us');
    const eu = new Stack(app, 'Eu', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    expect(
      () =>
        new PeeredVpcPair(us, 'Pair', {
          requesterVpc: testVpc(eu, 'A', '10.0.0.0/16'),
          accepterVpc: testVpc(us, 'B', '10.1.0.0/16'),
        }),
    ).toThrow(/requesterVpc Eu\/A is in 111111111111\/eu-west-1, but this stack deploys to 111111111111\/us-east-1/);
  });

  test('a selection that picks no subnet', () => {
    const app = new App();
    const stack = testStack(app);
    expect(
      () =>
        new PeeredVpcPair(stack, 'Pair', {
          requesterVpc: testVpc(stack, 'A', '10.0.0.0/16'),
          accepterVpc: testVpc(stack, 'B', '10.1.0.0/16'),
          requesterSubnets: [{ subnets: [] }],
        }),
    ).toThrow(/requesterSubnets selects no subnet of VPC Stack\/A/);
  });

  test('an imported subnet without a route table id', () => {
    const app = new App();
    const stack = testStack(app);
    const imported = ec2.Vpc.fromVpcAttributes(stack, 'B', {
      vpcId: 'vpc-0b',
      vpcCidrBlock: '10.1.0.0/16',
      availabilityZones: ['us-east-1a'],
      privateSubnetIds: ['subnet-0b'],
    });
    expect(
      () =>
        new PeeredVpcPair(stack, 'Pair', { requesterVpc: testVpc(stack, 'A', '10.0.0.0/16'), accepterVpc: imported }),
    ).toThrow(/accepterSubnets: subnet Stack\/B\/PrivateSubnet1 of VPC Stack\/B has no known route table/);
  });

  test('a CIDR token from a parameter does not crash the overlap check', () => {
    const app = new App();
    const stack = testStack(app);
    const cidr = new CfnParameter(stack, 'PeerCidr');
    const imported = ec2.Vpc.fromVpcAttributes(stack, 'B', {
      vpcId: 'vpc-0b',
      vpcCidrBlock: cidr.valueAsString,
      availabilityZones: ['us-east-1a'],
      isolatedSubnetIds: ['subnet-0b'],
      isolatedSubnetRouteTableIds: ['rtb-0b'],
    });
    new PeeredVpcPair(stack, 'Pair', { requesterVpc: testVpc(stack, 'A', '10.0.0.0/16'), accepterVpc: imported });
    const t = templateOf(stack);
    t.resourceCountIs('AWS::EC2::VPCPeeringConnection', 1);
    // The requester's 4 route tables (2 AZs, public and private) route to the parameter's block; the imported
    // table routes back to 10.0.0.0/16.
    const routes = peeringRoutes(stack);
    const toPeer = routes.filter((r) => JSON.stringify(r.destination) === JSON.stringify({ Ref: 'PeerCidr' }));
    expect(toPeer.map((r) => r.table).sort()).toEqual(routeTablesOf(stack, 'A').sort());
    expect(toPeer).toHaveLength(4);
    expect(routes.filter((r) => r.table === '"rtb-0b"').map((r) => r.destination)).toEqual(['10.0.0.0/16']);
    expect(routes).toHaveLength(5);
  });
});

describe('PeeredVpcPair across stacks (issue 11, item 10)', () => {
  // The README's own usage: dual-stack VPCs in two stacks, a rule on a security group of the accepter's stack.
  function build() {
    const app = new App();
    const net = testStack(app, 'Network');
    const data = testStack(app, 'Data');
    const dual = { ipProtocol: ec2.IpProtocol.DUAL_STACK };
    const a = testVpc(net, 'A', '10.0.0.0/16', 2, dual);
    const b = testVpc(data, 'B', '10.1.0.0/16', 2, dual);
    const pair = new PeeredVpcPair(net, 'Pair', { requesterVpc: a, accepterVpc: b });
    const db = new ec2.SecurityGroup(data, 'Db', { vpc: b, allowAllOutbound: false });
    return { app, net, data, pair, db, a };
  }

  test('allowFromRequester on a group of the accepter stack synthesizes the whole app without a cycle', () => {
    const { app, net, data, pair, db } = build();
    pair.allowFromRequester(db, ec2.Port.tcp(5432));
    const assembly = app.synth();
    // Both stacks are in the assembly; the pair's stack deploys after the accepter's, never the other way round.
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual(['Data', 'Network']);
    expect(net.dependencies.map((s) => s.stackName)).toEqual(['Data']);
    expect(data.dependencies).toEqual([]);
    templateOf(net).resourceCountIs('AWS::EC2::SecurityGroupIngress', 2);
    templateOf(data).hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Data/Db',
      SecurityGroupIngress: Match.absent(),
    });
  });

  test('the rules are standalone SecurityGroupIngress in the pair stack, which already depends on the accepter stack', () => {
    const { net, data, pair, db } = build();
    pair.allowFromRequester(db, ec2.Port.tcp(5432));
    const t = templateOf(net);
    const rules = Object.values(t.findResources('AWS::EC2::SecurityGroupIngress'));
    expect(rules).toHaveLength(2);
    for (const rule of rules) {
      expect(rule.Properties).toMatchObject({
        IpProtocol: 'tcp',
        FromPort: 5432,
        ToPort: 5432,
        GroupId: { 'Fn::ImportValue': expect.stringMatching(/^Data:.*Db.*GroupId/) },
      });
    }
    expect(rules.map((r) => r.Properties.CidrIp).filter(Boolean)).toEqual(['10.0.0.0/16']);
    expect(JSON.stringify(rules.map((r) => r.Properties.CidrIpv6).filter(Boolean))).toMatch(
      /\{"Fn::Select":\[0,\{"Fn::GetAtt":\["A[0-9A-F]+","Ipv6CidrBlocks"\]\}\]\}/,
    );
    // The accepter stack holds no rule and imports nothing from the pair's stack.
    const accepter = templateOf(data);
    accepter.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    expect(JSON.stringify(accepter.toJSON())).not.toMatch(/Fn::ImportValue/);
    expect(net.dependencies.map((s) => s.stackName)).toEqual(['Data']);
    expect(data.dependencies).toEqual([]);
  });

  test('allowFromAccepter on a group of the pair stack stays inline', () => {
    const { net, pair, a } = build();
    const api = new ec2.SecurityGroup(net, 'Api', { vpc: a });
    pair.allowFromAccepter(api, ec2.Port.tcp(443));
    const t = templateOf(net);
    t.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    t.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Network/Api',
      SecurityGroupIngress: Match.arrayWith([Match.objectLike({ CidrIp: '10.1.0.0/16', FromPort: 443 })]),
    });
  });
});

describe('PeeredVpcPair literal blocks for the accepter side (issue 11, item 11)', () => {
  test('a dual-stack requester: every block, and the literal ones on their own', () => {
    const app = new App();
    const stack = testStack(app);
    const pair = new PeeredVpcPair(stack, 'Pair', {
      requesterVpc: testVpc(stack, 'A', '10.0.0.0/16', 2, { ipProtocol: ec2.IpProtocol.DUAL_STACK }),
      accepterVpc: ec2.Vpc.fromVpcAttributes(stack, 'B', {
        vpcId: 'vpc-0b',
        vpcCidrBlock: '10.1.0.0/16',
        availabilityZones: ['eu-west-1a'],
      }),
      accepterRegion: 'eu-west-1',
      additionalAccepterCidrBlocks: [],
    });
    expect(pair.requesterCidrBlocks).toHaveLength(2);
    expect(Token.isUnresolved(pair.requesterCidrBlocks[1])).toBe(true);
    expect(pair.requesterLiteralCidrBlocks).toEqual(['10.0.0.0/16']);
    expect(pair.accepterLiteralCidrBlocks).toEqual(['10.1.0.0/16']);
  });
});

describe('PeeredVpcPair additional blocks of imported VPCs (issue 11, item 12)', () => {
  function imported(stack: Stack, id = 'Eks') {
    return ec2.Vpc.fromVpcAttributes(stack, id, {
      vpcId: 'vpc-0eeeeeeeeeeeeeee0',
      vpcCidrBlock: '10.1.0.0/16',
      availabilityZones: ['us-east-1a'],
      privateSubnetIds: ['subnet-0e'],
      privateSubnetRouteTableIds: ['rtb-0e'],
    });
  }

  test('an imported accepter warns that only its primary block is known', () => {
    const app = new App();
    const stack = testStack(app);
    new PeeredVpcPair(stack, 'Pair', {
      requesterVpc: testVpc(stack, 'A', '10.0.0.0/16'),
      accepterVpc: imported(stack),
    });
    Annotations.fromStack(stack).hasWarning(
      '/Stack/Pair',
      Match.stringLikeRegexp(
        'accepterVpc Stack/Eks is imported, so only its primary block 10\\.1\\.0\\.0/16 is known.*List its other blocks in additionalAccepterCidrBlocks',
      ),
    );
    // The requester is a VPC of this app: no warning about it.
    expect(
      Annotations.fromStack(stack).findWarning('/Stack/Pair', Match.stringLikeRegexp('requesterVpc .* is imported')),
    ).toHaveLength(0);
  });

  test('additionalAccepterCidrBlocks: routes, rules and no warning; [] declares none', () => {
    const app = new App();
    const stack = testStack(app);
    const a = testVpc(stack, 'A', '10.0.0.0/16');
    const pair = new PeeredVpcPair(stack, 'Pair', {
      requesterVpc: a,
      accepterVpc: imported(stack),
      additionalAccepterCidrBlocks: ['100.64.0.0/16'],
    });
    const api = new ec2.SecurityGroup(stack, 'Api', { vpc: a });
    pair.allowFromAccepter(api, ec2.Port.tcp(443));
    const routes = peeringRoutes(stack).filter((r) => r.table.startsWith('A'));
    expect(routes.filter((r) => r.destination === '100.64.0.0/16')).toHaveLength(4);
    expect(routes.filter((r) => r.destination === '10.1.0.0/16')).toHaveLength(4);
    expect(pair.accepterCidrBlocks).toEqual(['10.1.0.0/16', '100.64.0.0/16']);
    templateOf(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Stack/Api',
      SecurityGroupIngress: [
        Match.objectLike({ CidrIp: '10.1.0.0/16', FromPort: 443 }),
        Match.objectLike({ CidrIp: '100.64.0.0/16', FromPort: 443 }),
      ],
    });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('is imported'))).toHaveLength(0);

    const app2 = new App();
    const stack2 = testStack(app2);
    new PeeredVpcPair(stack2, 'Pair', {
      requesterVpc: testVpc(stack2, 'A', '10.0.0.0/16'),
      accepterVpc: imported(stack2),
      additionalAccepterCidrBlocks: [],
    });
    expect(Annotations.fromStack(stack2).findWarning('*', Match.stringLikeRegexp('is imported'))).toHaveLength(0);
  });

  test('additionalRequesterCidrBlocks of an imported requester: accepter routes, and an IPv6 block routed both ways', () => {
    const app = new App();
    const stack = testStack(app);
    const pair = new PeeredVpcPair(stack, 'Pair', {
      requesterVpc: imported(stack, 'Old'),
      accepterVpc: testVpc(stack, 'B', '10.2.0.0/16', 2, { ipProtocol: ec2.IpProtocol.DUAL_STACK }),
      additionalRequesterCidrBlocks: ['10.3.0.0/16', '2600:1f18:abcd:1200::/56'],
    });
    const toRequester = peeringRoutes(stack).filter((r) => r.table.startsWith('B'));
    expect(toRequester.map((r) => r.destination).filter((d) => d === '10.3.0.0/16')).toHaveLength(4);
    expect(toRequester.filter((r) => r.destination === '2600:1f18:abcd:1200::/56' && r.ipv6)).toHaveLength(4);
    // The requester has IPv6 now, so its route table gets the accepter's IPv6 block too.
    expect(peeringRoutes(stack).filter((r) => r.table === '"rtb-0e"' && r.ipv6)).toHaveLength(1);
    expect(pair.requesterLiteralCidrBlocks).toEqual(['10.1.0.0/16', '10.3.0.0/16', '2600:1f18:abcd:1200::/56']);
  });

  test('the overlap check includes additional blocks', () => {
    const app = new App();
    const stack = testStack(app);
    expect(
      () =>
        new PeeredVpcPair(stack, 'Pair', {
          requesterVpc: testVpc(stack, 'A', '100.64.0.0/16'),
          accepterVpc: imported(stack),
          additionalAccepterCidrBlocks: ['100.64.128.0/17'],
        }),
    ).toThrow(
      /100\.64\.0\.0\/16 \(requesterVpc\) overlaps 100\.64\.128\.0\/17 \(additionalAccepterCidrBlocks\[0\]\).*\(NG-PEER-001\)/,
    );
  });

  test('errors: a token, an invalid block, a block the VPC already has', () => {
    const app = new App();
    const stack = testStack(app);
    const a = testVpc(stack, 'A', '10.0.0.0/16');
    const make = (id: string, blocks: string[]) =>
      new PeeredVpcPair(stack, id, {
        requesterVpc: a,
        accepterVpc: imported(stack, `${id}Vpc`),
        additionalAccepterCidrBlocks: blocks,
      });
    expect(() => make('T', [Fn.importValue('X')])).toThrow(
      /Stack\/T: additionalAccepterCidrBlocks\[0\] is a token .*give the block as a literal such as '100\.64\.0\.0\/16'/,
    );
    expect(() => make('I', ['100.64.0.0/33'])).toThrow(
      /Stack\/I: additionalAccepterCidrBlocks\[0\]: '100\.64\.0\.0\/33' is not a CIDR block/,
    );
    expect(() => make('D', ['100.64.0.0/16', '10.1.0.0/16'])).toThrow(
      /Stack\/D: additionalAccepterCidrBlocks\[1\] '10\.1\.0\.0\/16' overlaps '10\.1\.0\.0\/16', a block accepterVpc Stack\/DVpc already has/,
    );
    expect(() => make('E', ['100.64.0.0/16', '100.64.0.0/17'])).toThrow(
      /additionalAccepterCidrBlocks\[1\] '100\.64\.0\.0\/17' overlaps '100\.64\.0\.0\/16'/,
    );
  });
});

describe('PeeredVpcPair DNS prerequisites (issue 11, item 13)', () => {
  test('refuses dnsResolution when a VPC of this app has DNS hostnames off, naming enableDnsHostnames', () => {
    const app = new App();
    const stack = testStack(app);
    const a = testVpc(stack, 'A', '10.0.0.0/16', 2, { enableDnsHostnames: false });
    const b = testVpc(stack, 'B', '10.1.0.0/16');
    expect(() => new PeeredVpcPair(stack, 'Pair', { requesterVpc: a, accepterVpc: b })).toThrow(
      /Stack\/Pair: dnsResolution is on \(the default\), but requesterVpc Stack\/A has enableDnsHostnames false\. DNS resolution over a peering connection needs DNS hostnames and DNS support on both VPCs\. Set enableDnsHostnames: true .* or set dnsResolution: false\./,
    );
    expect(stack.node.tryFindChild('Pair')?.node.children ?? []).toHaveLength(0);
    new PeeredVpcPair(stack, 'NoDns', { requesterVpc: a, accepterVpc: b, dnsResolution: false });
    templateOf(stack).resourceCountIs('AWS::EC2::VPCPeeringConnection', 1);
  });

  test('an L1 VPC without EnableDnsHostnames (CloudFormation default false), or with DNS support off', () => {
    const app = new App();
    const stack = testStack(app);
    const l1 = (id: string, cidr: string, props: Partial<ec2.CfnVPCProps>) =>
      ec2.Vpc.fromVpcAttributes(stack, `${id}Handle`, {
        vpcId: new ec2.CfnVPC(stack, id, { cidrBlock: cidr, ...props }).ref,
        vpcCidrBlock: cidr,
        availabilityZones: ['us-east-1a'],
        isolatedSubnetIds: [`subnet-${id}`],
        isolatedSubnetRouteTableIds: [`rtb-${id}`],
      });
    const plain = l1('Plain', '10.0.0.0/16', {});
    const noSupport = l1('NoSupport', '10.1.0.0/16', { enableDnsHostnames: true, enableDnsSupport: false });
    expect(() => new PeeredVpcPair(stack, 'Pair', { requesterVpc: plain, accepterVpc: noSupport })).toThrow(
      /requesterVpc Stack\/PlainHandle has enableDnsHostnames unset \(false\); accepterVpc Stack\/NoSupportHandle has enableDnsSupport false\./,
    );
  });

  test('an imported VPC is unknown and not refused', () => {
    const app = new App();
    const stack = testStack(app);
    new PeeredVpcPair(stack, 'Pair', {
      requesterVpc: testVpc(stack, 'A', '10.0.0.0/16'),
      accepterVpc: ec2.Vpc.fromVpcAttributes(stack, 'B', {
        vpcId: 'vpc-0b',
        vpcCidrBlock: '10.1.0.0/16',
        availabilityZones: ['us-east-1a'],
        isolatedSubnetIds: ['subnet-0b'],
        isolatedSubnetRouteTableIds: ['rtb-0b'],
      }),
      additionalAccepterCidrBlocks: [],
    });
    templateOf(stack).resourceCountIs('AWS::EC2::VPCPeeringConnection', 1);
  });

  test('the inter-Region warning says public DNS hostnames (NG-PEER-009)', () => {
    const app = new App();
    const stack = testStack(app);
    new PeeredVpcPair(stack, 'Pair', {
      requesterVpc: testVpc(stack, 'A', '10.0.0.0/16'),
      accepterVpc: ec2.Vpc.fromVpcAttributes(stack, 'B', {
        vpcId: 'vpc-0b',
        vpcCidrBlock: '10.1.0.0/16',
        availabilityZones: ['eu-west-1a'],
      }),
      accepterRegion: 'eu-west-1',
      dnsResolution: false,
    });
    Annotations.fromStack(stack).hasWarning(
      '/Stack/Pair',
      Match.stringLikeRegexp(
        "the public DNS hostnames of the peer's instances resolve to their public IP addresses.*NG-PEER-009",
      ),
    );
  });
});
