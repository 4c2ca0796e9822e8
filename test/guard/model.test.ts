import { App, Aspects, CfnOutput, Fn, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NetworkGuard } from '../../src/guard';
import { modelInputFromTemplates, NetworkModel, readAssembly } from '../../src/guard/model';

/** The model of an app's final templates, read from its cloud assembly. */
function modelOf(app: App): NetworkModel {
  return new NetworkModel(modelInputFromTemplates(readAssembly(app.synth().directory).stacks));
}
import { testStack, testVpc, templatesOf } from '../support';
import { guard, peering, route, routeTable, vpc } from './l1';

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
