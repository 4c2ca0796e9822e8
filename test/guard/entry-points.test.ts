import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, IAspect, NestedStack, Stack, Stage, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { NetworkGuard } from '../../src/guard';
import { GuardReport } from '../../src/guard/report';
import { testStack } from '../support';
import { peering, readReport, route, routeTable, vpc } from './l1';

/*
 * The same fixtures through both entry points: the aspect (a validation of the root, after every aspect) and CDK's
 * validation plugin (the written templates). Both must see what really deploys.
 */

function tmp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A stack-level aspect that renumbers every VPC of its stack to 10.0.0.0/16 (an overlap the guard must see). */
class Renumber implements IAspect {
  public visit(node: IConstruct): void {
    if (node instanceof ec2.CfnVPC) node.cidrBlock = '10.0.0.0/16';
  }
}

/** A stack-level aspect that orders every route to a TGW after the stack's TGW attachments. */
class OrderTgwRoutes implements IAspect {
  public visit(node: IConstruct): void {
    if (node instanceof ec2.CfnRoute && node.transitGatewayId !== undefined) {
      for (const att of Stack.of(node)
        .node.findAll()
        .filter(ec2.CfnTransitGatewayAttachment.isCfnTransitGatewayAttachment)) {
        node.addDependency(att);
      }
    }
  }
}

/** Two VPCs of different blocks, peered; the stack-level aspect makes them overlap. */
function renumbered(app: App): Stack {
  const stack = testStack(app, 'Net');
  peering(stack, 'Pcx', vpc(stack, 'A', '10.0.0.0/16'), vpc(stack, 'B', '10.1.0.0/16'));
  Aspects.of(stack).add(new Renumber());
  return stack;
}

/** A VPC route to a TGW without DependsOn its attachment; the stack-level aspect adds it. */
function tgwRoute(app: App, fixed: boolean): Stack {
  const stack = testStack(app, 'Net');
  const v = vpc(stack, 'A', '10.0.0.0/16');
  const subnet = new ec2.CfnSubnet(stack, 'Sub', {
    vpcId: v.ref,
    cidrBlock: '10.0.0.0/24',
    availabilityZone: 'us-east-1a',
  });
  const tgw = new ec2.CfnTransitGateway(stack, 'Tgw', {});
  new ec2.CfnTransitGatewayAttachment(stack, 'Att', {
    transitGatewayId: tgw.ref,
    vpcId: v.ref,
    subnetIds: [subnet.ref],
  });
  route(stack, 'ToTgw', routeTable(stack, 'Rt', v, [subnet]), '10.8.0.0/16', { transitGatewayId: tgw.ref });
  if (fixed) Aspects.of(stack).add(new OrderTgwRoutes());
  return stack;
}

/** Runs the aspect on an app; returns its public report. */
function viaAspect(app: App): GuardReport {
  Aspects.of(app).add(new NetworkGuard());
  app.synth();
  return readReport(app.outdir);
}

/** Runs the plugin on an app; returns its public report (written to a directory outside the assembly). */
function viaPlugin(app: App): { report: GuardReport; cdkReport: any } {
  const dir = tmp('ng-plugin-');
  Validations.of(app).addPlugins(new NetworkGuard({ reportDirectory: dir }));
  const errorSpy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    app.synth();
  } finally {
    errorSpy.mockRestore();
  }
  const cdkReport = JSON.parse(fs.readFileSync(path.join(app.outdir, 'policy-validation-report.json'), 'utf-8'));
  return { report: readReport(dir), cdkReport };
}

const ids = (report: GuardReport, ruleId: string) =>
  report.findings.filter((f) => f.ruleId === ruleId).map((f) => f.resources.map((r) => r.logicalId));

afterEach(() => {
  // CDK sets the exit code when a plugin reports a failure.
  process.exitCode = undefined;
});

describe.each([
  ['aspect', (app: App) => viaAspect(app)],
  ['plugin', (app: App) => viaPlugin(app).report],
])('NetworkGuard as %s reads the final templates', (_, run) => {
  test('an overlap made by a stack-level aspect is found; without the aspect there is none', () => {
    const app = new App();
    renumbered(app);
    expect(ids(run(app), 'NG-PEER-001')).toEqual([['Pcx', 'A', 'B']]);
    const plain = new App();
    const stack = testStack(plain, 'Net');
    peering(stack, 'Pcx', vpc(stack, 'A', '10.0.0.0/16'), vpc(stack, 'B', '10.1.0.0/16'));
    expect(ids(run(plain), 'NG-PEER-001')).toEqual([]);
  });

  test('a DependsOn added by a stack-level aspect clears NG-TGW-007; without it the route is an error', () => {
    const broken = new App();
    tgwRoute(broken, false);
    expect(ids(run(broken), 'NG-TGW-007')).toEqual([['ToTgw', 'Att']]);
    const fixed = new App();
    tgwRoute(fixed, true);
    expect(ids(run(fixed), 'NG-TGW-007')).toEqual([]);
  });

  test('an acknowledgement on one construct does not silence the same rule on another', () => {
    const app = new App();
    const stack = testStack(app, 'Net');
    const one = peering(stack, 'P1', vpc(stack, 'A', '10.0.0.0/16'), vpc(stack, 'B', '10.0.0.0/20'));
    peering(stack, 'P2', vpc(stack, 'C', '10.5.0.0/16'), vpc(stack, 'D', '10.5.0.0/20'));
    NetworkGuard.acknowledge(one, 'NG-PEER-001', 'B is renumbered next sprint');
    const report = run(app);
    expect(ids(report, 'NG-PEER-001')).toEqual([['P2', 'C', 'D']]);
    expect(report.acknowledged).toEqual([
      expect.objectContaining({
        ruleId: 'NG-PEER-001',
        acknowledgedAt: 'Net/P1',
        reason: 'B is renumbered next sprint',
      }),
    ]);
  });

  test('nested stacks are checked and named by their construct path', () => {
    const app = new App();
    const parent = testStack(app, 'Parent');
    const nested = new NestedStack(parent, 'Network');
    peering(nested, 'Pcx', vpc(nested, 'A', '10.0.0.0/16'), vpc(nested, 'B', '10.0.0.0/20'));
    const report = run(app);
    const [finding] = report.findings.filter((f) => f.ruleId === 'NG-PEER-001');
    expect(finding.resources.map((r) => [r.stack, r.path, r.logicalId])).toEqual([
      ['Parent/Network', 'Parent/Network/Pcx', 'Pcx'],
      ['Parent/Network', 'Parent/Network/A', 'A'],
      ['Parent/Network', 'Parent/Network/B', 'B'],
    ]);
    expect(JSON.stringify(report)).not.toContain('${Token[');
  });
});

describe('the aspect', () => {
  test('annotates the construct involved: the error fails synth through its annotation', () => {
    const app = new App();
    const stack = renumbered(app);
    Aspects.of(app).add(new NetworkGuard());
    app.synth();
    Annotations.fromStack(stack).hasError('/Net/Pcx', Match.stringLikeRegexp('^\\[NG-PEER-001\\] '));
  });

  test('an error in a stack of a Stage fails synth with the finding in the message', () => {
    const app = new App();
    const stage = new Stage(app, 'Prod', { env: { account: '111111111111', region: 'us-east-1' } });
    const stack = new Stack(stage, 'Net');
    peering(stack, 'Pcx', vpc(stack, 'A', '10.0.0.0/16'), vpc(stack, 'B', '10.0.0.0/20'));
    Aspects.of(app).add(new NetworkGuard());
    expect(() => app.synth()).toThrow(/\[NG-PEER-001\] .*Involved: Prod\/Net\/Pcx \(Pcx\).*in a nested Stage/s);
  });

  test('added to a Stage, it checks that Stage', () => {
    const app = new App();
    const stage = new Stage(app, 'Prod', { env: { account: '111111111111', region: 'us-east-1' } });
    const stack = new Stack(stage, 'Net');
    peering(stack, 'Pcx', vpc(stack, 'A', '10.0.0.0/16'), vpc(stack, 'B', '10.0.0.0/20'));
    Aspects.of(stage).add(new NetworkGuard());
    app.synth();
    Annotations.fromStack(stack).hasError('/Prod/Net/Pcx', Match.stringLikeRegexp('^\\[NG-PEER-001\\] '));
    expect(readReport(stage.outdir).findings.map((f) => f.ruleId)).toEqual(['NG-PEER-001']);
  });

  test('records acknowledgements as CDK acknowledged-rules metadata under its own prefix', () => {
    const stack = testStack(new App());
    const v = vpc(stack, 'A', '10.0.0.0/16');
    NetworkGuard.acknowledge(v, 'NG-PEER-001', 'one');
    NetworkGuard.acknowledge(v, 'NG-PEER-002', 'two');
    const entries = v.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
    expect(entries[entries.length - 1].data).toEqual({
      'cdk-vpc-connectivity::NG-PEER-001': 'one',
      'cdk-vpc-connectivity::NG-PEER-002': 'two',
    });
  });
});

describe('the validation plugin', () => {
  test('reports errors to CDK (synth fails through the exit code), with rule, severity, fix, logical id and template', () => {
    const app = new App();
    renumbered(app);
    const { cdkReport } = viaPlugin(app);
    expect(process.exitCode).toBe(1);
    const plugin = cdkReport.pluginReports.find((r: any) => r.summary.pluginName === 'NetworkGuard');
    expect(plugin.summary.status).toBe('failure');
    const violation = plugin.violations.find((v: any) => v.ruleName === 'NG-PEER-001');
    expect(violation).toEqual(
      expect.objectContaining({
        severity: 'error',
        fix: expect.stringMatching(/\S/),
        violatingResources: expect.arrayContaining([
          expect.objectContaining({
            resourceLogicalId: 'Pcx',
            templatePath: path.join(app.outdir, 'Net.template.json'),
          }),
        ]),
      }),
    );
  });

  test('an error in a Stage fails synth through CDK report', () => {
    const app = new App();
    const stage = new Stage(app, 'Prod', { env: { account: '111111111111', region: 'us-east-1' } });
    const stack = new Stack(stage, 'Net');
    peering(stack, 'Pcx', vpc(stack, 'A', '10.0.0.0/16'), vpc(stack, 'B', '10.0.0.0/20'));
    const { cdkReport, report } = viaPlugin(app);
    expect(process.exitCode).toBe(1);
    expect(report.findings.map((f) => [f.ruleId, f.resources[0].path])).toEqual([['NG-PEER-001', 'Prod/Net/Pcx']]);
    expect(JSON.stringify(cdkReport)).toContain('NG-PEER-001');
  });

  test('never writes into the cloud assembly; its summary is in the report metadata', () => {
    const app = new App();
    tgwRoute(app, true);
    Validations.of(app).addPlugins(new NetworkGuard());
    const errorSpy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    app.synth();
    errorSpy.mockRestore();
    // CDK throws when a plugin changes the assembly; nothing of the guard's is in it.
    expect(fs.existsSync(path.join(app.outdir, NetworkGuard.REPORT_FILE))).toBe(false);
    expect(process.exitCode).toBeUndefined();
    // CDK's JSON report lists failing plugins only: read the summary from the plugin's own report.
    const direct = new NetworkGuard().validate({ templatePaths: [path.join(app.outdir, 'Net.template.json')] });
    expect(direct.success).toBe(true);
    expect(direct.metadata).toEqual(
      expect.objectContaining({
        errors: '0',
        rules: String(new NetworkGuard().ruleIds!.length),
        report: expect.stringMatching(/^not written/),
      }),
    );
  });

  test('a reportDirectory inside the assembly is not written (CDK would refuse the plugin)', () => {
    const outdir = tmp('ng-out-');
    const app = new App({ outdir });
    tgwRoute(app, true);
    const plugin = new NetworkGuard({ reportDirectory: path.join(outdir, 'guard') });
    const report = plugin.validate({ templatePaths: [path.join(app.synth().directory, 'Net.template.json')] });
    expect(report.metadata?.report).toMatch(/^not written: reportDirectory .* is inside the cloud assembly/);
    expect(fs.existsSync(path.join(outdir, 'guard'))).toBe(false);
  });

  test('a user acknowledgement NetworkGuard::<rule> applies app-wide, as CDK applies it', () => {
    const app = new App();
    const stack = renumbered(app);
    Validations.of(stack).acknowledge({ id: 'NetworkGuard::NG-PEER-001', reason: 'accepted risk' });
    const { report, cdkReport } = viaPlugin(app);
    expect(ids(report, 'NG-PEER-001')).toEqual([]);
    expect(report.acknowledged.map((a) => [a.ruleId, a.reason])).toEqual([['NG-PEER-001', 'accepted risk']]);
    expect(process.exitCode).toBeUndefined();
    expect(cdkReport.pluginReports).toEqual([]);
  });
});

test('the stack template hook renders, after references are prepared, what the synthesizer writes', () => {
  // It fails loudly when an aws-cdk-lib upgrade changes Stack._toCloudFormation (see src/guard/model/stack-template.ts).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { renderStackTemplate } = require('../../src/guard/model/stack-template');
  const app = new App();
  const a = testStack(app, 'A');
  const b = testStack(app, 'B');
  const va = vpc(a, 'VpcA', '10.0.0.0/16');
  peering(b, 'Pcx', vpc(b, 'VpcB', '10.1.0.0/16'), va);
  const rendered: Record<string, any> = {};
  app.node.addValidation({
    validate: () => {
      for (const s of [a, b]) rendered[s.stackName] = renderStackTemplate(s);
      return [];
    },
  });
  const assembly = app.synth();
  for (const name of ['A', 'B']) {
    const written = assembly.getStackByName(name).template;
    expect({ Resources: rendered[name].Resources, Outputs: rendered[name].Outputs }).toEqual({
      Resources: written.Resources,
      Outputs: written.Outputs,
    });
  }
  expect(rendered.B.Resources.Pcx.Properties.PeerVpcId).toEqual({ 'Fn::ImportValue': expect.stringMatching(/^A:/) });
});
