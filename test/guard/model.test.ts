import { App, Aspects, CfnOutput, Fn, NestedStack, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { NetworkGuard } from '../../src/guard';
import { check } from '../../src/guard/engine';
import { modelInputFromTemplates, NetworkModel, readAssembly, TemplateStack } from '../../src/guard/model';
import { testStack, testVpc, templatesOf } from '../support';
import { guard, peering, route, routeTable, subnet, vpc } from './l1';

/** The model of an app's final templates, read from its cloud assembly (with their parameters and outputs). */
function modelOf(app: App): NetworkModel {
  const stacks = readAssembly(app.synth().directory).stacks;
  return new NetworkModel(modelInputFromTemplates(stacks), new Map(stacks.map((s) => [s.path, s.template])));
}

describe('the model', () => {
  test('reads L1 resources of every stack, with references resolved to resources of the same and other stacks', () => {
    const app = new App();
    const a = testStack(app, 'A');
    const b = testStack(app, 'B');
    const va = vpc(a, 'VpcA', '10.0.0.0/16');
    const vb = vpc(b, 'VpcB', '10.1.0.0/16');
    const pcx = peering(b, 'Pcx', vb, va);
    const rt = routeTable(b, 'RtB', vb);
    route(b, 'ToA', rt, '10.0.0.0/16', { vpcPeeringConnectionId: pcx.ref });
    const model = modelOf(app);
    const [p] = model.ofType('AWS::EC2::VPCPeeringConnection');
    expect(model.vpcOf(p)?.logicalId).toBe('VpcB');
    // In the final template the accepter is an Fn::ImportValue of stack A's export.
    expect(p.properties.PeerVpcId).toEqual({ 'Fn::ImportValue': expect.stringMatching(/^A:ExportsOutputRefVpcA/) });
    expect(model.vpcOf(p, 'PeerVpcId')?.stack.name).toBe('A');
    const [r] = model.ofType('AWS::EC2::Route');
    expect(model.target(r, 'VpcPeeringConnectionId')).toBe(p);
    expect(r.stack.name).toBe('B');
  });

  test('reads an L2 Vpc: every block, subnets, route tables, and construct dependencies as DependsOn', () => {
    const app = new App();
    const s = testStack(app);
    testVpc(s, 'Vpc', '10.0.0.0/16', 2, { secondaryCidrBlocks: undefined } as any);
    const model = modelOf(app);
    const [v] = model.ofType('AWS::EC2::VPC');
    expect(model.vpcCidrs(v).ipv4.map((c) => c.canonical)).toEqual(['10.0.0.0/16']);
    expect(model.subnetsOf(v)).toHaveLength(4);
    const igwRoute = model.ofType('AWS::EC2::Route').find((r) => r.properties.GatewayId)!;
    const attachment = model.ofType('AWS::EC2::VPCGatewayAttachment')[0];
    expect(model.dependsOn(igwRoute, attachment)).toBe(true);
  });

  test('resolves Fn::ImportValue of an export of the app; an unknown import is skipped and listed', () => {
    const g = guard((stack, app) => {
      const v = vpc(stack, 'Vpc', '10.0.0.0/16');
      new CfnOutput(stack, 'VpcOut', { value: v.ref, exportName: 'the-vpc' });
      const other = new Stack(app, 'Other', {
        env: stack.environment ? { account: '111111111111', region: 'us-east-1' } : {},
      });
      const o = vpc(other, 'OtherVpc', '10.0.0.0/16');
      peering(other, 'Pcx', o, { ref: Fn.importValue('the-vpc') } as any);
      peering(other, 'Unknown', o, { ref: Fn.importValue('not-in-this-app') } as any);
    });
    expect(g.of('NG-PEER-001').map((f) => f.resources[0].logicalId)).toEqual(['Pcx']);
    expect(g.skipped('NG-PEER-001')).toEqual([expect.stringContaining('not defined in this app')]);
  });

  test('an imported VPC is never a crash nor an error: it is listed as not checked', () => {
    const g = guard((stack) => {
      const v = vpc(stack, 'Vpc', '10.0.0.0/16');
      const imported = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
        vpcId: Fn.importValue('x'),
        availabilityZones: ['us-east-1a'],
      });
      new ec2.CfnVPCPeeringConnection(stack, 'Pcx', { vpcId: v.ref, peerVpcId: imported.vpcId });
    });
    expect(g.report.findings).toEqual([]);
    expect(g.skipped('NG-PEER-001')).toHaveLength(1);
  });
});

describe('the aspect', () => {
  function overlapping(stack: Stack) {
    const a = vpc(stack, 'VpcA', '10.0.0.0/16');
    const b = vpc(stack, 'VpcB', '10.0.0.0/20');
    return peering(stack, 'Pcx', a, b);
  }

  test('reports an error annotation with the rule ID first, the paths involved and the fix', () => {
    const app = new App();
    const stack = testStack(app);
    overlapping(stack);
    Aspects.of(app).add(new NetworkGuard({ writeReport: false }));
    templatesOf(app);
    Annotations.fromStack(stack).hasError(
      '/Stack/Pcx',
      Match.stringLikeRegexp(
        '^\\[NG-PEER-001\\] .*10\\.0\\.0\\.0/16 and 10\\.0\\.0\\.0/20.*Involved: Stack/Pcx \\(Pcx\\), Stack/VpcA \\(VpcA\\), Stack/VpcB \\(VpcB\\)\\. Fix: ',
      ),
    );
  });

  test('a warning becomes a warning annotation that names the rule', () => {
    const app = new App();
    const stack = testStack(app);
    const v = vpc(stack, 'Vpc', '10.0.0.0/16');
    new ec2.CfnSecurityGroup(stack, 'Sg', {
      vpcId: v.ref,
      groupDescription: 'open',
      securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIp: '0.0.0.0/0' }],
    });
    Aspects.of(app).add(new NetworkGuard({ writeReport: false }));
    templatesOf(app);
    Annotations.fromStack(stack).hasWarning('/Stack/Sg', Match.stringLikeRegexp('^\\[NG-SG-001\\] '));
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
  });

  test('acknowledge suppresses the finding on the construct and below it, keeping the reason in the report', () => {
    const g = guard((stack) => {
      const pcx = overlapping(stack);
      NetworkGuard.acknowledge(pcx, 'NG-PEER-001', 'migrating: VpcB is renumbered next sprint');
    });
    expect(g.of('NG-PEER-001')).toEqual([]);
    expect(g.report.acknowledged).toEqual([
      expect.objectContaining({
        ruleId: 'NG-PEER-001',
        reason: 'migrating: VpcB is renumbered next sprint',
        acknowledgedAt: 'Net/Pcx',
      }),
    ]);
    const app = g.app;
    expect(Annotations.fromStack(app.node.findChild('Net') as Stack).findError('*', Match.anyValue())).toEqual([]);
  });

  test('an acknowledgement of another rule does not suppress', () => {
    const g = guard((stack) => NetworkGuard.acknowledge(overlapping(stack), 'NG-PEER-002', 'not this one'));
    expect(g.of('NG-PEER-001')).toHaveLength(1);
  });

  test('acknowledge rejects a malformed rule id or an empty reason', () => {
    const stack = testStack(new App());
    expect(() => NetworkGuard.acknowledge(stack, 'PEER-1', 'x')).toThrow(/'PEER-1' is not a rule ID/);
    expect(() => NetworkGuard.acknowledge(stack, 'NG-PEER-001', ' ')).toThrow(/give a literal reason/);
  });

  test('runs once per app, however many stacks and synths, and adds no construct', () => {
    const app = new App();
    const a = testStack(app, 'A');
    testStack(app, 'B');
    overlapping(a);
    const guardAspect = new NetworkGuard({ writeReport: false });
    Aspects.of(app).add(guardAspect);
    templatesOf(app);
    templatesOf(app);
    expect(Annotations.fromStack(a).findError('*', Match.anyValue())).toHaveLength(1);
    // The same app without the guard has the same constructs after synthesis.
    const plain = new App();
    overlapping(testStack(plain, 'A'));
    testStack(plain, 'B');
    templatesOf(plain);
    expect(app.node.findAll().map((c) => c.node.path)).toEqual(plain.node.findAll().map((c) => c.node.path));
  });
});

describe('references followed', () => {
  /** VPCs A 10.0.0.0/16 and B 10.1.0.0/16 peered, a route table in A; returns them and the stack. */
  function peered(stack: Stack) {
    const a = vpc(stack, 'A', '10.0.0.0/16');
    const b = vpc(stack, 'B', '10.1.0.0/16');
    const pcx = peering(stack, 'Pcx', a, b);
    return { a, b, pcx, rt: routeTable(stack, 'RtA', a) };
  }

  test('NG-PEER-003 checks a route to Fn::GetAtt [Vpc, CidrBlock]: an error to a third VPC, none to the peer', () => {
    const bad = guard((stack) => {
      const { pcx, rt } = peered(stack);
      const c = vpc(stack, 'C', '10.2.0.0/16');
      route(stack, 'ToC', rt, '0.0.0.0/0', { destinationCidrBlock: c.attrCidrBlock, vpcPeeringConnectionId: pcx.ref });
    });
    expect(bad.of('NG-PEER-003').map((f) => [f.resources[0].logicalId, f.message])).toEqual([
      ['ToC', expect.stringContaining('destination 10.2.0.0/16 lies outside every block of the peer VPC')],
    ]);
    const good = guard((stack) => {
      const { b, pcx, rt } = peered(stack);
      route(stack, 'ToB', rt, '0.0.0.0/0', { destinationCidrBlock: b.attrCidrBlock, vpcPeeringConnectionId: pcx.ref });
    });
    expect(good.of('NG-PEER-003')).toEqual([]);
    expect(good.skipped('NG-PEER-003')).toEqual([]);
  });

  test('a VPC block of another stack (an export and its import) is read as the literal block', () => {
    const g = guard((stack, app) => {
      const { pcx, rt } = peered(stack);
      const other = new Stack(app, 'Other', { env: { account: '111111111111', region: 'us-east-1' } });
      const c = vpc(other, 'C', '10.2.0.0/16');
      route(stack, 'ToC', rt, '0.0.0.0/0', { destinationCidrBlock: c.attrCidrBlock, vpcPeeringConnectionId: pcx.ref });
    });
    expect(g.of('NG-PEER-003').map((f) => f.resources[0].logicalId)).toEqual(['ToC']);
  });

  test('NG-CVPN-006 checks routes and grants written as Fn::GetAtt [Vpc, CidrBlock] instead of skipping the endpoint', () => {
    const run = (grantOther: boolean) =>
      guard((stack) => {
        const v = vpc(stack, 'Vpc', '10.0.0.0/16');
        const remote = vpc(stack, 'Remote', '10.9.0.0/16');
        const endpoint = new ec2.CfnClientVpnEndpoint(stack, 'Endpoint', {
          clientCidrBlock: '10.100.0.0/22',
          serverCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/1',
          authenticationOptions: [
            {
              type: 'certificate-authentication',
              mutualAuthentication: {
                clientRootCertificateChainArn: 'arn:aws:acm:us-east-1:111111111111:certificate/2',
              },
            },
          ],
          connectionLogOptions: { enabled: true, cloudwatchLogGroup: 'vpn' },
          splitTunnel: true,
          vpcId: v.ref,
        });
        const s = subnet(stack, 'Subnet', v, '10.0.0.0/24');
        const assoc = new ec2.CfnClientVpnTargetNetworkAssociation(stack, 'Assoc', {
          clientVpnEndpointId: endpoint.ref,
          subnetId: s.ref,
        });
        new ec2.CfnClientVpnRoute(stack, 'ToRemote', {
          clientVpnEndpointId: endpoint.ref,
          destinationCidrBlock: remote.attrCidrBlock,
          targetVpcSubnetId: s.ref,
        }).addDependency(assoc);
        new ec2.CfnClientVpnAuthorizationRule(stack, 'Grant', {
          clientVpnEndpointId: endpoint.ref,
          targetNetworkCidr: grantOther ? v.attrCidrBlock : remote.attrCidrBlock,
          authorizeAllGroups: true,
        });
      });
    const bad = run(true);
    expect(bad.of('NG-CVPN-006').map((f) => f.message)).toEqual([
      expect.stringMatching(/route .*ToRemote.* to 10\.9\.0\.0\/16 has no authorization rule covering it/),
    ]);
    const good = run(false);
    expect(good.of('NG-CVPN-006')).toEqual([]);
    expect(good.skipped('NG-CVPN-006')).toEqual([]);
  });

  test("a nested stack's parameter is the value its parent passes: a reference and a literal block", () => {
    const g = guard((stack) => {
      const a = vpc(stack, 'A', '10.0.0.0/16');
      const nested = new NestedStack(stack, 'Spoke');
      const b = vpc(nested, 'B', '10.0.0.0/20');
      const pcx = peering(nested, 'Pcx', b, a);
      route(nested, 'ToA', routeTable(nested, 'RtB', b), '0.0.0.0/0', {
        destinationCidrBlock: a.attrCidrBlock,
        vpcPeeringConnectionId: pcx.ref,
      });
    });
    // The peer VPC is the parent's A (a Ref to a parameter of the nested template), whose block overlaps B's.
    expect(g.of('NG-PEER-001').map((f) => f.resources.map((r) => r.path))).toEqual([
      ['Net/Spoke/Pcx', 'Net/Spoke/B', 'Net/A'],
    ]);
    // The route's destination, a parameter holding the parent's Fn::GetAtt [A, CidrBlock], is A's block.
    expect(g.skipped('NG-PEER-003')).toEqual([]);
    expect(g.of('NG-PEER-003')).toEqual([]);
  });

  test('SSM parameters written and read in the app: valueForStringParameter and {{resolve:ssm:...}}', () => {
    const app = new App();
    const env = { account: '111111111111', region: 'us-east-1' };
    const hub = new Stack(app, 'Hub', { env });
    const a = vpc(hub, 'A', '10.0.0.0/16');
    const rt = routeTable(hub, 'RtA', a);
    new ssm.CfnParameter(hub, 'VpcIdParam', { name: '/net/hub/vpc-id', type: 'String', value: a.ref });
    new ssm.CfnParameter(hub, 'RtParam', { name: '/net/hub/rt', type: 'String', value: rt.ref });
    new ssm.CfnParameter(hub, 'CidrParam', { name: '/net/hub/cidr', type: 'String', value: a.attrCidrBlock });
    const spoke = new Stack(app, 'Spoke', { env });
    spoke.addDependency(hub);
    const b = vpc(spoke, 'B', '10.0.0.0/24');
    const pcx = new ec2.CfnVPCPeeringConnection(spoke, 'Pcx', {
      vpcId: b.ref,
      peerVpcId: ssm.StringParameter.valueForStringParameter(spoke, '/net/hub/vpc-id'),
    });
    new ec2.CfnRoute(spoke, 'HubToSpoke', {
      routeTableId: ssm.StringParameter.valueForStringParameter(spoke, '/net/hub/rt'),
      destinationCidrBlock: '10.0.0.0/24',
      vpcPeeringConnectionId: pcx.ref,
    });
    new ec2.CfnRoute(spoke, 'SpokeToHub', {
      routeTableId: routeTable(spoke, 'RtB', b).ref,
      destinationCidrBlock: '{{resolve:ssm:/net/hub/cidr}}',
      vpcPeeringConnectionId: pcx.ref,
    });
    const model = modelOf(app);
    const [p] = model.ofType('AWS::EC2::VPCPeeringConnection');
    expect(p.properties.PeerVpcId).toEqual({ Ref: expect.stringMatching(/^SsmParameterValue/) });
    expect(model.vpcOf(p, 'PeerVpcId')?.path).toBe('Hub/A');
    const hubToSpoke = model.ofType('AWS::EC2::Route').find((r) => r.logicalId === 'HubToSpoke')!;
    expect(model.target(hubToSpoke, 'RouteTableId')?.path).toBe('Hub/RtA');
    const spokeToHub = model.ofType('AWS::EC2::Route').find((r) => r.logicalId === 'SpokeToHub')!;
    expect(spokeToHub.properties.DestinationCidrBlock).toBe('10.0.0.0/16');
    const g = guardAppOf(app);
    expect(g.findings.filter((f) => f.ruleId === 'NG-PEER-001').map((f) => f.resources[0].path)).toEqual(['Spoke/Pcx']);
  });

  test('Fn::GetStackOutput of a stack of the app (Region given or not); an output outside the app is not followed', () => {
    const stacks: TemplateStack[] = [
      {
        path: 'Hub',
        name: 'hub',
        region: 'eu-west-1',
        template: {
          Resources: { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } } },
          Outputs: { VpcId: { Value: { Ref: 'Vpc' } }, Cidr: { Value: { 'Fn::GetAtt': ['Vpc', 'CidrBlock'] } } },
        },
      },
      {
        path: 'Spoke',
        name: 'spoke',
        region: 'us-east-1',
        template: {
          Resources: {
            Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.1.0/24' } },
            Pcx: {
              Type: 'AWS::EC2::VPCPeeringConnection',
              Properties: {
                VpcId: { Ref: 'Vpc' },
                PeerRegion: 'eu-west-1',
                PeerVpcId: { 'Fn::GetStackOutput': { StackName: 'hub', OutputName: 'VpcId', Region: 'eu-west-1' } },
              },
            },
            Elsewhere: {
              Type: 'AWS::EC2::VPCPeeringConnection',
              Properties: {
                VpcId: { Ref: 'Vpc' },
                PeerVpcId: { 'Fn::GetStackOutput': { StackName: 'not-in-app', OutputName: 'VpcId' } },
              },
            },
            Rt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
            ToHub: {
              Type: 'AWS::EC2::Route',
              Properties: {
                RouteTableId: { Ref: 'Rt' },
                DestinationCidrBlock: { 'Fn::GetStackOutput': { StackName: 'hub', OutputName: 'Cidr' } },
                VpcPeeringConnectionId: { Ref: 'Pcx' },
              },
            },
          },
        },
      },
    ];
    const run = check(stacks, []);
    const pcx = run.model.get('Spoke|Pcx')!;
    expect(run.model.vpcOf(pcx, 'PeerVpcId')?.key).toBe('Hub|Vpc');
    expect(run.model.vpcOf(run.model.get('Spoke|Elsewhere')!, 'PeerVpcId')).toBeUndefined();
    expect(run.model.get('Spoke|ToHub')!.properties.DestinationCidrBlock).toBe('10.0.0.0/16');
    expect(run.findings.filter((f) => f.ruleId === 'NG-PEER-001').map((f) => f.resources[0].logicalId)).toEqual([
      'Pcx',
    ]);
  });

  test('Fn::Select [0, Fn::GetAtt [Vpc, Ipv6CidrBlocks]] of a VPC with one literal IPv6 block; association ids are no block', () => {
    const template = {
      Resources: {
        Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
        V6: { Type: 'AWS::EC2::VPCCidrBlock', Properties: { VpcId: { Ref: 'Vpc' }, Ipv6CidrBlock: '2600:1f18::/56' } },
        Subnet: {
          Type: 'AWS::EC2::Subnet',
          Properties: {
            VpcId: { Ref: 'Vpc' },
            CidrBlock: '10.0.0.0/24',
            Ipv6CidrBlock: { 'Fn::Select': [0, { 'Fn::GetAtt': ['Vpc', 'Ipv6CidrBlocks'] }] },
            AvailabilityZone: 'us-east-1a',
          },
        },
        Wrong: {
          Type: 'AWS::EC2::Subnet',
          Properties: {
            VpcId: { Ref: 'Vpc' },
            CidrBlock: { 'Fn::Select': [0, { 'Fn::GetAtt': ['Vpc', 'CidrBlockAssociations'] }] },
            AvailabilityZone: 'us-east-1a',
          },
        },
      },
    };
    const { model } = check([{ path: 'S', name: 'S', template }], []);
    expect(model.get('S|Subnet')!.properties.Ipv6CidrBlock).toBe('2600:1f18::/56');
    expect(model.get('S|Wrong')!.properties.CidrBlock).toEqual({
      'Fn::Select': [0, { 'Fn::GetAtt': ['Vpc', 'CidrBlockAssociations'] }],
    });
  });

  test('Fn::Select of Fn::Cidr of a known block is that sub-block (IPv4 and IPv6); out of range stays unknown', () => {
    const select = (i: number, block: any, count: number, bits: number) => ({
      'Fn::Select': [i, { 'Fn::Cidr': [block, count, bits] }],
    });
    const template = {
      Resources: {
        Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
        V6: { Type: 'AWS::EC2::VPCCidrBlock', Properties: { VpcId: { Ref: 'Vpc' }, Ipv6CidrBlock: '2600:1f18::/56' } },
        S1: {
          Type: 'AWS::EC2::Subnet',
          Properties: {
            VpcId: { Ref: 'Vpc' },
            CidrBlock: select(1, { 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, 4, 8),
            Ipv6CidrBlock: select(3, { 'Fn::Select': [0, { 'Fn::GetAtt': ['Vpc', 'Ipv6CidrBlocks'] }] }, 4, 64),
            AvailabilityZone: 'us-east-1a',
          },
        },
        S2: {
          Type: 'AWS::EC2::Subnet',
          Properties: {
            VpcId: { Ref: 'Vpc' },
            CidrBlock: select(4, { 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, 4, 8),
            AvailabilityZone: 'us-east-1a',
          },
        },
      },
    };
    const { model, report } = check([{ path: 'S', name: 'S', template }], []);
    expect(model.get('S|S1')!.properties.CidrBlock).toBe('10.0.1.0/24');
    expect(model.get('S|S1')!.properties.Ipv6CidrBlock).toBe('2600:1f18:0:3::/64');
    // The fifth of four blocks does not exist: the block inside is written in, the selection stays unknown.
    expect(model.get('S|S2')!.properties.CidrBlock).toEqual({
      'Fn::Select': [4, { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] }],
    });
    expect(report.notChecked.filter((n) => n.resources.some((r) => r.logicalId === 'S1'))).toEqual([]);
  });

  test('previous templates are read the same way: an unchanged parameter reference is no change (NG-CFN-002)', () => {
    const nestedTemplate = (cidrParam: string) => ({
      Parameters: { Cidr: { Type: 'String' } },
      Resources: { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: { Ref: cidrParam } } } },
    });
    const parent = {
      Resources: {
        Net: {
          Type: 'AWS::CloudFormation::Stack',
          Properties: { TemplateURL: 'https://example/t.json', Parameters: { Cidr: '10.0.0.0/16' } },
        },
      },
    };
    const stacks: TemplateStack[] = [
      {
        path: 'P',
        name: 'P',
        template: parent,
        constructPaths: new Map([['Net', 'P/Net.NestedStack/Net.NestedStackResource']]),
      },
      { path: 'P/Net', name: 'P/Net', template: nestedTemplate('Cidr') },
    ];
    const same = check(stacks, [], { 'P/Net': nestedTemplate('Cidr') });
    expect(same.model.get('P/Net|Vpc')!.properties.CidrBlock).toBe('10.0.0.0/16');
    expect(same.findings.filter((f) => f.ruleId === 'NG-CFN-002')).toEqual([]);
    const changed = check(stacks, [], {
      'P/Net': { Resources: { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.5.0.0/16' } } } },
    });
    expect(changed.findings.filter((f) => f.ruleId === 'NG-CFN-002').map((f) => f.resources[0].logicalId)).toEqual([
      'Vpc',
    ]);
  });
});

/** Runs the engine on an app's written assembly (the command line's way), returning its findings. */
function guardAppOf(app: App) {
  const content = readAssembly(app.synth().directory);
  return check(content.stacks, content.acknowledgements);
}

describe('cross-stack ordering (NG-TGW-007, NG-VPN-002, NG-CVPN-005 and every DependsOn check)', () => {
  /** Stack Hub with a TGW and a VPC attached to it; stack Spoke's route table routes to the TGW. */
  function stacks(spoke: { dependencies?: string[]; imports?: boolean; routeInHub?: boolean }): TemplateStack[] {
    const hub = {
      Resources: {
        Tgw: { Type: 'AWS::EC2::TransitGateway', Properties: {} },
        Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
        Subnet: {
          Type: 'AWS::EC2::Subnet',
          Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.0.0/24', AvailabilityZone: 'us-east-1a' },
        },
        Att: {
          Type: 'AWS::EC2::TransitGatewayAttachment',
          Properties: { TransitGatewayId: { Ref: 'Tgw' }, VpcId: { Ref: 'Vpc' }, SubnetIds: [{ Ref: 'Subnet' }] },
        },
        Rt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
      },
      Outputs: {
        Tgw: { Value: { Ref: 'Tgw' }, Export: { Name: 'hub-tgw' } },
        Rt: { Value: { Ref: 'Rt' }, Export: { Name: 'hub-rt' } },
      },
    };
    const tgwRoute = {
      Type: 'AWS::EC2::Route',
      Properties: {
        RouteTableId: spoke.imports ? { 'Fn::ImportValue': 'hub-rt' } : 'rtb-0123456789abcdef0',
        DestinationCidrBlock: '10.8.0.0/16',
        TransitGatewayId: spoke.imports ? { 'Fn::ImportValue': 'hub-tgw' } : 'tgw-0123456789abcdef0',
      },
    };
    return [
      { path: 'Hub', name: 'Hub', account: '111111111111', region: 'us-east-1', template: hub },
      {
        path: 'Spoke',
        name: 'Spoke',
        account: '111111111111',
        region: 'us-east-1',
        template: { Resources: { ToTgw: tgwRoute } },
        dependencies: spoke.dependencies ?? [],
      },
    ];
  }
  const tgw007 = (s: TemplateStack[]) =>
    check(s, [])
      .findings.filter((f) => f.ruleId === 'NG-TGW-007')
      .map((f) => f.resources.map((r) => r.logicalId));

  test('a route in a stack that imports from the attachment stack is ordered after it (the import needs the export)', () => {
    expect(tgw007(stacks({ imports: true }))).toEqual([]);
  });

  test('a stack dependency of the assembly orders the stacks; its absence is an error', () => {
    const unordered = stacks({ imports: true });
    // The same references with the import written as a literal value: nothing orders the stacks.
    const literalRoute = JSON.parse(JSON.stringify(unordered));
    literalRoute[0].template.Resources.Att.Properties.VpcId = { Ref: 'Vpc' };
    literalRoute[1].template.Resources.ToTgw.Properties = {
      RouteTableId: { Ref: 'Hub|Rt' },
      DestinationCidrBlock: '10.8.0.0/16',
      TransitGatewayId: { Ref: 'Hub|Tgw' },
    };
    expect(tgw007(literalRoute)).toEqual([['ToTgw', 'Att']]);
    literalRoute[1].dependencies = ['Hub'];
    expect(tgw007(literalRoute)).toEqual([]);
  });

  test('through stacks in between: Spoke after Middle after Hub', () => {
    const s = stacks({});
    s[1].template.Resources.ToTgw.Properties = {
      RouteTableId: { Ref: 'Hub|Rt' },
      DestinationCidrBlock: '10.8.0.0/16',
      TransitGatewayId: { Ref: 'Hub|Tgw' },
    };
    const middle: TemplateStack = {
      path: 'Middle',
      name: 'Middle',
      template: { Resources: {} },
      dependencies: ['Hub'],
    };
    expect(tgw007([s[0], middle, { ...s[1], dependencies: ['Middle'] }])).toEqual([]);
    expect(tgw007([s[0], middle, { ...s[1], dependencies: [] }])).toEqual([['ToTgw', 'Att']]);
  });

  test('a CDK app: a route in a stack deployed before the attachment stack is an error; in a stack after it, none', () => {
    const run = (routeAfterAttachment: boolean) => {
      const app = new App();
      const env = { account: '111111111111', region: 'us-east-1' };
      const hub = new Stack(app, 'Hub', { env });
      const tgw = new ec2.CfnTransitGateway(hub, 'Tgw', {});
      const net = new Stack(app, 'Net', { env });
      const v = vpc(net, 'Vpc', '10.1.0.0/16');
      const rt = routeTable(net, 'Rt', v);
      const attach = new Stack(app, 'Attach', { env });
      new ec2.CfnTransitGatewayAttachment(attach, 'Att', {
        transitGatewayId: tgw.ref,
        vpcId: v.ref,
        subnetIds: [subnet(net, 'Sub', v, '10.1.0.0/24').ref],
      });
      const routes = routeAfterAttachment ? new Stack(app, 'Routes', { env }) : net;
      if (routeAfterAttachment) routes.addDependency(attach);
      new ec2.CfnRoute(routes, 'ToTgw', {
        routeTableId: rt.ref,
        destinationCidrBlock: '10.8.0.0/16',
        transitGatewayId: tgw.ref,
      });
      return guardAppOf(app)
        .findings.filter((f) => f.ruleId === 'NG-TGW-007')
        .map((f) => f.resources.map((r) => r.path));
    };
    // Net deploys before Attach (Attach reads Net's VPC): its route to the TGW comes before the attachment.
    expect(run(false)).toEqual([['Net/ToTgw', 'Attach/Att']]);
    expect(run(true)).toEqual([]);
  });

  test('nested stacks: the nested stack resource must depend on the other side', () => {
    const nested = (dependsOn: boolean): TemplateStack[] => [
      {
        path: 'P',
        name: 'P',
        template: {
          Resources: {
            Tgw: { Type: 'AWS::EC2::TransitGateway', Properties: {} },
            Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
            Subnet: {
              Type: 'AWS::EC2::Subnet',
              Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.0.0/24', AvailabilityZone: 'us-east-1a' },
            },
            Att: {
              Type: 'AWS::EC2::TransitGatewayAttachment',
              Properties: { TransitGatewayId: { Ref: 'Tgw' }, VpcId: { Ref: 'Vpc' }, SubnetIds: [{ Ref: 'Subnet' }] },
            },
            Rt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
            Routes: {
              Type: 'AWS::CloudFormation::Stack',
              Properties: {
                TemplateURL: 'https://example/n.json',
                Parameters: { Rt: { Ref: 'Rt' }, Tgw: { Ref: 'Tgw' } },
              },
              ...(dependsOn ? { DependsOn: ['Att'] } : {}),
            },
          },
        },
        constructPaths: new Map([['Routes', 'P/Routes.NestedStack/Routes.NestedStackResource']]),
      },
      {
        path: 'P/Routes',
        name: 'P/Routes',
        template: {
          Parameters: { Rt: { Type: 'String' }, Tgw: { Type: 'String' } },
          Resources: {
            ToTgw: {
              Type: 'AWS::EC2::Route',
              Properties: {
                RouteTableId: { Ref: 'Rt' },
                DestinationCidrBlock: '10.8.0.0/16',
                TransitGatewayId: { Ref: 'Tgw' },
              },
            },
          },
        },
      },
    ];
    expect(tgw007(nested(false))).toEqual([['ToTgw', 'Att']]);
    expect(tgw007(nested(true))).toEqual([]);
  });
});
