import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURE_DIR, writeFixture } from './fixture-app';
import { ASSEMBLY, cli, copyToTmp, handAssembly, ROOT, tmp, YAML_TEMPLATE } from './support';
import { parseTemplateYaml } from '../../src/cli/yaml';
import { NetworkGuard } from '../../src/guard';
import { GuardReport, ReportFinding } from '../../src/guard/report';
import { ALL_RULES } from '../../src/guard/rules';

const rel = (p: string) => path.relative(ROOT, p);
/** The rules that need previous templates (in catalog order): not checked without them. */
const NEEDS_PREVIOUS = ['NG-PFX-002', 'NG-CFN-002'];
/** The summary line of the fixture assembly. */
const SUMMARY = `NetworkGuard: ${ALL_RULES.length} rules, 1 error, 3 warnings, 1 acknowledged, ${NEEDS_PREVIOUS.length} not checked`;
const json = (run: { stdout: string }): GuardReport => JSON.parse(run.stdout);
const templatesOf = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => /^[A-Za-z]+\.template\.json$/.test(f))
    .map((f) => path.join(dir, f));

/** A finding as both entry points must give it: rule, level, message, fix and the resources (all fields). */
const plain = (fs_: ReportFinding[]) =>
  fs_.map((f) => ({ ruleId: f.ruleId, level: f.level, message: f.message, fix: f.fix, resources: f.resources }));

/** The plugin's report on the same templates, written to a directory outside the assembly. */
function viaPlugin(templatePaths: string[]) {
  const dir = tmp('ng-cli-plugin-');
  const plugin = new NetworkGuard({ reportDirectory: dir });
  const validation = plugin.validate({ templatePaths });
  const report: GuardReport = JSON.parse(fs.readFileSync(path.join(dir, NetworkGuard.REPORT_FILE), 'utf-8'));
  return { validation, report };
}

describe('the committed fixtures', () => {
  test('the cloud assembly is what test/cli/fixture-app.ts synthesizes (re-run it after an aws-cdk-lib upgrade)', () => {
    const dir = path.join(tmp('ng-fixture-'), 'assembly');
    writeFixture(dir);
    expect(fs.readdirSync(dir).sort()).toEqual(fs.readdirSync(FIXTURE_DIR).sort());
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.template.json'))) {
      expect([f, JSON.parse(fs.readFileSync(path.join(dir, f), 'utf-8'))]).toEqual([
        f,
        JSON.parse(fs.readFileSync(path.join(FIXTURE_DIR, f), 'utf-8')),
      ]);
    }
  });

  test('the assembly gives the same findings, acknowledgements included, through the command line as through the plugin', () => {
    const run = cli(['check', rel(ASSEMBLY), '--format', 'json']);
    const templatePaths = templatesOf(ASSEMBLY);
    expect(templatePaths.map((p) => path.basename(p)).sort()).toEqual([
      'Consumers.template.json',
      'Network.template.json',
    ]);
    const { validation, report } = viaPlugin(templatePaths);
    expect(plain(json(run).findings)).toEqual(plain(report.findings));
    expect(json(run).acknowledged).toEqual(report.acknowledged);
    expect(json(run).findings.map((f) => [f.ruleId, f.resources[0].logicalId])).toEqual([
      ['NG-PEER-001', 'AToB'],
      ['NG-PEER-005', 'VpcA'],
      ['NG-PEER-007', 'DToE'],
      ['NG-SG-001', 'Bastion'],
    ]);
    expect(json(run).acknowledged.map((a) => [a.ruleId, a.resources[0].logicalId, a.acknowledgedAt])).toEqual([
      ['NG-PEER-001', 'CToA', 'Consumers/CToA'],
    ]);
    // The plugin's violations (what CDK prints) are the same findings.
    expect(validation.violations.map((v) => [v.ruleName, v.violatingResources[0].resourceLogicalId])).toEqual(
      json(run).findings.map((f) => [f.ruleId, f.resources[0].logicalId]),
    );
  });

  test('the YAML template (short-form intrinsics) gives the same findings as its JSON form through the plugin', () => {
    const run = cli(['check', rel(YAML_TEMPLATE), '--format', 'json']);
    const dir = tmp('ng-cli-json-');
    const asJson = path.join(dir, 'network.json');
    fs.writeFileSync(asJson, JSON.stringify(parseTemplateYaml(fs.readFileSync(YAML_TEMPLATE, 'utf-8')), undefined, 2));
    const { report } = viaPlugin([asJson]);
    // The plugin names a plain template by its file name: network.json there, network.yaml here.
    const renamed = JSON.parse(
      JSON.stringify(plain(report.findings))
        .split('network.json')
        .join('network.yaml')
        .split(dir)
        .join(path.dirname(YAML_TEMPLATE)),
    );
    expect(plain(json(run).findings)).toEqual(renamed);
    expect(json(run).findings.map((f) => [f.ruleId, f.level, f.resources[0].logicalId])).toEqual([
      ['NG-PEER-003', 'error', 'ThroughData'],
      ['NG-PEER-007', 'warning', 'AppToData'],
      ['NG-SG-001', 'warning', 'AdminAccess'],
    ]);
  });
});

describe('YAML short forms', () => {
  test('every CloudFormation short form reads as its long JSON form, scalar, list and map', () => {
    const t = parseTemplateYaml(`
Ref: !Ref Vpc
GetAttDot: !GetAtt Vpc.CidrBlock
GetAttDots: !GetAtt Stack.Outputs.VpcId
GetAttList: !GetAtt [Vpc, CidrBlockAssociations]
Sub: !Sub '\${AWS::Region}-x'
SubList: !Sub ['\${A}', { A: !Ref B }]
Join: !Join [',', [a, !Ref B]]
Select: !Select [1, !GetAZs '']
Split: !Split [',', 'a,b']
If: !If [C, a, !Ref AWS::NoValue]
Equals: !Equals [!Ref E, prod]
Not: !Not [!Condition C]
And: !And [!Condition C, !Condition D]
Or: !Or [!Condition C, !Condition D]
FindInMap: !FindInMap [M, !Ref AWS::Region, Cidr]
Base64: !Base64 text
Cidr: !Cidr [10.0.0.0/16, 4, 8]
ImportValue: !ImportValue shared-vpc
ImportSub: !ImportValue
  Fn::Sub: '\${Env}-vpc'
StackOutput: !GetStackOutput { StackName: hub, OutputName: VpcId, Region: eu-west-1 }
`);
    expect(t).toEqual({
      Ref: { Ref: 'Vpc' },
      GetAttDot: { 'Fn::GetAtt': ['Vpc', 'CidrBlock'] },
      GetAttDots: { 'Fn::GetAtt': ['Stack', 'Outputs.VpcId'] },
      GetAttList: { 'Fn::GetAtt': ['Vpc', 'CidrBlockAssociations'] },
      Sub: { 'Fn::Sub': '${AWS::Region}-x' },
      SubList: { 'Fn::Sub': ['${A}', { A: { Ref: 'B' } }] },
      Join: { 'Fn::Join': [',', ['a', { Ref: 'B' }]] },
      Select: { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] },
      Split: { 'Fn::Split': [',', 'a,b'] },
      If: { 'Fn::If': ['C', 'a', { Ref: 'AWS::NoValue' }] },
      Equals: { 'Fn::Equals': [{ Ref: 'E' }, 'prod'] },
      Not: { 'Fn::Not': [{ Condition: 'C' }] },
      And: { 'Fn::And': [{ Condition: 'C' }, { Condition: 'D' }] },
      Or: { 'Fn::Or': [{ Condition: 'C' }, { Condition: 'D' }] },
      FindInMap: { 'Fn::FindInMap': ['M', { Ref: 'AWS::Region' }, 'Cidr'] },
      Base64: { 'Fn::Base64': 'text' },
      Cidr: { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] },
      ImportValue: { 'Fn::ImportValue': 'shared-vpc' },
      ImportSub: { 'Fn::ImportValue': { 'Fn::Sub': '${Env}-vpc' } },
      StackOutput: { 'Fn::GetStackOutput': { StackName: 'hub', OutputName: 'VpcId', Region: 'eu-west-1' } },
    });
  });
});

describe('formats', () => {
  test('text: one line per finding at file:line of its resource, then acknowledged, not checked and the summary', () => {
    const run = cli(['check', rel(ASSEMBLY)]);
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    const network = fs.readFileSync(path.join(ASSEMBLY, 'Network.template.json'), 'utf-8').split('\n');
    const line = network.findIndex((l) => l.startsWith('  "AToB": {')) + 1;
    expect(line).toBeGreaterThan(0);
    expect(lines[0]).toBe(
      `test/cli/fixtures/assembly/Network.template.json:${line}: error [NG-PEER-001] ${json(cli(['check', rel(ASSEMBLY), '--format', 'json'])).findings[0].message} Involved: Network/AToB (AToB), Network/VpcA (VpcA), Network/VpcB (VpcB). Fix: ${ALL_RULES.find((r) => r.id === 'NG-PEER-001')!.fix}`,
    );
    expect(lines.filter((l) => / warning \[/.test(l))).toHaveLength(3);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^test\/cli\/fixtures\/assembly\/Consumers\.template\.json:\d+: acknowledged \[NG-PEER-001\] .*Reason: VpcC is renumbered/,
      ),
    );
    expect(lines).toContainEqual(
      'not checked [NG-CFN-002] no previous template given (NetworkGuardProps.previousTemplatesDirectory)',
    );
    expect(lines[lines.length - 1]).toBe(SUMMARY);
    expect(run.stderr).toBe('');
  });

  test('text: the line of a logical id in a YAML template', () => {
    const run = cli(['check', rel(YAML_TEMPLATE)]);
    const yamlLines = fs.readFileSync(YAML_TEMPLATE, 'utf-8').split('\n');
    expect(run.stdout.split('\n')[0]).toMatch(
      new RegExp(
        `^test/cli/fixtures/network\\.yaml:${yamlLines.indexOf('  ThroughData:') + 1}: error \\[NG-PEER-003\\] `,
      ),
    );
  });

  test('json: the network-guard.json report, with version, counts and per-rule counts; summary on stderr', () => {
    const run = cli(['check', rel(ASSEMBLY), '--format', 'json']);
    const report = json(run);
    expect(report.version).toBe(1);
    expect(report.guardVersion).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8')).version);
    expect(report.counts).toEqual({ stacks: 3, resources: 12, vpcs: 5 });
    expect(report.rules).toEqual(ALL_RULES.map((r) => r.id).sort());
    expect(report.ruleCounts.find((r) => r.id === 'NG-PEER-001')).toEqual({
      id: 'NG-PEER-001',
      level: 'error',
      title: ALL_RULES.find((r) => r.id === 'NG-PEER-001')!.title,
      findings: 1,
      acknowledged: 1,
      notChecked: 0,
    });
    expect(run.stderr).toBe(`${SUMMARY}\n`);
  });

  test('sarif: SARIF 2.1.0 with every rule (help text, AWS source), results at the logical id line and the construct path', () => {
    const run = cli(['check', rel(ASSEMBLY), '--format', 'sarif']);
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    expect(log.runs).toHaveLength(1);
    const [sarifRun] = log.runs;
    expect(sarifRun.tool.driver).toEqual(
      expect.objectContaining({
        name: 'NetworkGuard',
        version: expect.any(String),
        informationUri: expect.stringMatching(/^https:/),
      }),
    );
    const rules = sarifRun.tool.driver.rules;
    expect(rules.map((r: any) => r.id)).toEqual(ALL_RULES.map((r) => r.id).sort());
    const peer1 = rules.find((r: any) => r.id === 'NG-PEER-001');
    const rule = ALL_RULES.find((r) => r.id === 'NG-PEER-001')!;
    expect(peer1).toEqual(
      expect.objectContaining({
        name: 'PeeredVPCsWithOverlappingIPv4CIDRBlocks',
        shortDescription: { text: rule.title },
        fullDescription: { text: rule.why },
        helpUri: rule.source,
        defaultConfiguration: { level: 'error' },
      }),
    );
    expect(peer1.help.text).toContain(`Fix: ${rule.fix}`);
    expect(peer1.help.text).toContain(`Source: ${rule.source}`);
    const results = sarifRun.results;
    expect(results.map((r: any) => [r.ruleId, r.level, r.suppressions ? 'suppressed' : 'open'])).toEqual([
      ['NG-PEER-001', 'error', 'open'],
      ['NG-PEER-005', 'warning', 'open'],
      ['NG-PEER-007', 'warning', 'open'],
      ['NG-SG-001', 'warning', 'open'],
      ['NG-PEER-001', 'error', 'suppressed'],
    ]);
    const [first] = results;
    const network = fs.readFileSync(path.join(ASSEMBLY, 'Network.template.json'), 'utf-8').split('\n');
    expect(first.ruleIndex).toBe(rules.indexOf(peer1));
    expect(first.locations[0].physicalLocation).toEqual({
      artifactLocation: {
        uri: 'test/cli/fixtures/assembly/Network.template.json',
        uriBaseId: 'SRCROOT',
        index: expect.any(Number),
      },
      region: { startLine: network.findIndex((l) => l.startsWith('  "AToB": {')) + 1 },
    });
    expect(first.locations[0].logicalLocations).toEqual([
      { name: 'AToB', fullyQualifiedName: 'Network/AToB', kind: 'resource' },
    ]);
    expect(first.relatedLocations.map((l: any) => l.logicalLocations[0].fullyQualifiedName)).toEqual([
      'Network/VpcA',
      'Network/VpcB',
    ]);
    expect(first.partialFingerprints['networkGuardFinding/v1']).toMatch(/^[0-9a-f]{32}$/);
    // A nested stack's finding is located in its own template, with its construct path.
    const nested = results.find((r: any) => r.ruleId === 'NG-PEER-007');
    expect(nested.locations[0].physicalLocation.artifactLocation.uri).toMatch(/Edge.*\.nested\.template\.json$/);
    expect(nested.locations[0].logicalLocations[0].fullyQualifiedName).toBe('Consumers/Edge/DToE');
    expect(results[4].suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'VpcC is renumbered before the connection is used (acknowledged at Consumers/CToA)',
      },
    ]);
    expect(sarifRun.originalUriBaseIds.SRCROOT.uri).toBe(`file://${ROOT}/`);
    expect(sarifRun.invocations[0].toolExecutionNotifications).toEqual(
      NEEDS_PREVIOUS.map((id) => expect.objectContaining({ level: 'note', associatedRule: { id } })),
    );
    // Every artifact the results name is listed once.
    expect(sarifRun.artifacts.map((a: any) => a.location.uri).sort()).toEqual(
      [...new Set(results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri))].sort(),
    );
  });

  test('junit: a suite per rule, a failure per error, warnings passing with their text, not-checked skipped', () => {
    const run = cli(['check', rel(ASSEMBLY), '--format', 'junit']);
    expect(run.code).toBe(1);
    const xml = run.stdout;
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    expect(xml.match(/<testsuite /g)).toHaveLength(ALL_RULES.length);
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml).toMatch(
      new RegExp(
        `<testsuites name="NetworkGuard" tests="${ALL_RULES.length + 1}" failures="1" errors="0" skipped="${NEEDS_PREVIOUS.length}">`,
      ),
    );
    expect(xml).toMatch(
      /<testsuite name="NG-PEER-001 Peered VPCs with overlapping IPv4 CIDR blocks" tests="2" failures="1" errors="0" skipped="0"[^>]*>/,
    );
    expect(xml).toMatch(
      /<testcase classname="NG-PEER-001" name="Network\/AToB \(AToB\), [^"]*" file="[^"]*Network\.template\.json">\s*<failure message="\[NG-PEER-001\] /,
    );
    expect(xml).toMatch(
      /<testcase classname="NG-SG-001" name="Network\/Bastion \(Bastion\)"[^>]*>\s*<system-out>\s*<!\[CDATA\[warning: \[NG-SG-001\] /,
    );
    expect(xml).toMatch(/<testcase classname="NG-CFN-002" name="the app \(not checked\)">\s*<skipped\/>/);
    expect(xml).toMatch(/<testcase classname="NG-TGW-001" name="no findings"\/>/);
  });

  test('--output FILE writes the output there, not to stdout; the summary names the file', () => {
    const dir = tmp('ng-cli-out-');
    const run = cli(['check', rel(ASSEMBLY), '--format', 'sarif', '--output', path.join(dir, 'sub', 'network.sarif')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'sub', 'network.sarif'), 'utf-8')).version).toBe('2.1.0');
    expect(run.stderr).toBe(`${SUMMARY}; report: ${path.relative(ROOT, path.join(dir, 'sub', 'network.sarif'))}\n`);
  });
});

describe('inputs', () => {
  test('a template of a cloud assembly is read through it, as the plugin reads it (construct paths, acknowledgements)', () => {
    const run = cli(['check', rel(path.join(ASSEMBLY, 'Consumers.template.json')), '--format', 'json']);
    const report = json(run);
    expect(report.findings.map((f) => [f.ruleId, f.resources[0].path])).toEqual([
      ['NG-PEER-007', 'Consumers/Edge/DToE'],
    ]);
    expect(report.acknowledged).toEqual([]);
    // VpcA of the other stack is not given: the peering's overlap is not checked, never guessed.
    expect(report.notChecked.map((n) => n.ruleId)).toContain('NG-PEER-001');
    expect(run.code).toBe(0);
  });

  test('an older assembly (metadata in manifest.json) with acknowledgements recorded there', () => {
    const template = {
      Resources: {
        A: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
        B: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/24' } },
        P: { Type: 'AWS::EC2::VPCPeeringConnection', Properties: { VpcId: { Ref: 'A' }, PeerVpcId: { Ref: 'B' } } },
      },
    };
    const dir = handAssembly(
      { Old: template },
      {
        metadata: {
          Old: {
            '/Old/P': [{ type: 'aws:cdk:acknowledged-rules', data: { 'cdk-vpc-connectivity::NG-PEER-001': 'legacy' } }],
          },
        },
      },
    );
    const run = cli(['check', dir, '--format', 'json']);
    expect(run.code).toBe(0);
    expect(json(run).findings).toEqual([]);
    expect(json(run).acknowledged.map((a) => [a.ruleId, a.resources[0].path, a.reason])).toEqual([
      ['NG-PEER-001', 'Old/P/Resource', 'legacy'],
    ]);
  });

  test('several inputs are checked together: references between them are followed', () => {
    const dir = tmp('ng-cli-two-');
    fs.writeFileSync(
      path.join(dir, 'shared.json'),
      JSON.stringify({
        Resources: { Hub: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } } },
        Outputs: { HubId: { Value: { Ref: 'Hub' }, Export: { Name: 'hub-vpc' } } },
      }),
    );
    fs.writeFileSync(
      path.join(dir, 'spoke.yaml'),
      [
        'Resources:',
        '  Spoke:',
        '    Type: AWS::EC2::VPC',
        '    Properties: { CidrBlock: 10.0.1.0/24 }',
        '  ToHub:',
        '    Type: AWS::EC2::VPCPeeringConnection',
        '    Properties:',
        '      VpcId: !Ref Spoke',
        '      PeerVpcId: !ImportValue hub-vpc',
        '',
      ].join('\n'),
    );
    const both = cli(['check', path.join(dir, 'shared.json'), path.join(dir, 'spoke.yaml'), '--format', 'json']);
    expect(both.code).toBe(1);
    expect(json(both).findings.map((f) => [f.ruleId, f.resources.map((r) => `${r.stack}/${r.logicalId}`)])).toEqual([
      ['NG-PEER-001', ['spoke.yaml/ToHub', 'spoke.yaml/Spoke', 'shared.json/Hub']],
    ]);
    const alone = cli(['check', path.join(dir, 'spoke.yaml'), '--format', 'json']);
    expect(alone.code).toBe(0);
    expect(json(alone).notChecked.map((n) => n.ruleId)).toContain('NG-PEER-001');
  });

  test('--previous DIR: a previous cloud assembly for NG-CFN-002', () => {
    const previous = copyToTmp(ASSEMBLY);
    const file = path.join(previous, 'Network.template.json');
    const template = JSON.parse(fs.readFileSync(file, 'utf-8'));
    template.Resources.VpcA.Properties.CidrBlock = '10.50.0.0/16';
    fs.writeFileSync(file, JSON.stringify(template));
    const run = cli(['check', rel(ASSEMBLY), '--previous', previous, '--format', 'json']);
    expect(
      json(run)
        .findings.filter((f) => f.ruleId === 'NG-CFN-002')
        .map((f) => [f.resources[0].logicalId, f.message]),
    ).toEqual([['VpcA', expect.stringContaining('changes CidrBlock from "10.50.0.0/16" to "10.0.0.0/16"')]]);
    expect(json(run).notChecked.filter((n) => n.ruleId === 'NG-CFN-002')).toEqual([]);
  });

  test('--previous DIR: a directory holding the previous version of a plain template', () => {
    const dir = tmp('ng-cli-prev-');
    fs.writeFileSync(
      path.join(dir, 'network.yaml'),
      fs.readFileSync(YAML_TEMPLATE, 'utf-8').replace('CidrBlock: 10.1.0.0/16', 'CidrBlock: 10.2.0.0/16'),
    );
    const run = cli(['check', rel(YAML_TEMPLATE), '--previous', dir, '--format', 'json']);
    expect(
      json(run)
        .findings.filter((f) => f.ruleId === 'NG-CFN-002')
        .map((f) => f.resources[0].logicalId),
    ).toEqual(['DataVpc']);
  });

  test('progress on stderr for an assembly of more than 20 stacks, none for 20', () => {
    const vpcTemplate = (i: number) => ({
      Resources: { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: `10.${i}.0.0/16` } } },
    });
    const stacks = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`S${i}`, vpcTemplate(i)]));
    const big = cli(['check', handAssembly(stacks(21))]);
    expect(big.code).toBe(0);
    const progress = big.stderr.trim().split('\n');
    expect(progress[0]).toMatch(/^cdk-vpc-connectivity: read 21 stacks \(21 resources\) in \d+ ms$/);
    // A line every 10 rules and one at the end.
    const total = ALL_RULES.length;
    const counts = [...Array.from({ length: Math.floor(total / 10) }, (_, i) => (i + 1) * 10), total].filter(
      (n, i, all) => all.indexOf(n) === i,
    );
    expect(progress.slice(1)).toEqual(
      counts.map((n) =>
        expect.stringMatching(new RegExp(`^cdk-vpc-connectivity: rules ${n}/${total} \\(NG-[A-Z0-9-]+\\)$`)),
      ),
    );
    expect(cli(['check', handAssembly(stacks(20))]).stderr).toBe('');
  });
});

describe('exit codes and bad input', () => {
  test('0 without errors (warnings allowed), 1 with errors', () => {
    const dir = tmp('ng-cli-warn-');
    const file = path.join(dir, 'warn.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        Resources: {
          Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
          Sg: {
            Type: 'AWS::EC2::SecurityGroup',
            Properties: {
              GroupDescription: 'ssh',
              VpcId: { Ref: 'Vpc' },
              SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }],
            },
          },
        },
      }),
    );
    const warn = cli(['check', file]);
    expect(warn.stdout).toMatch(/warning \[NG-SG-001\]/);
    expect(warn.code).toBe(0);
    expect(cli(['check', rel(YAML_TEMPLATE)]).code).toBe(1);
  });

  const dir = tmp('ng-cli-bad-');
  fs.writeFileSync(path.join(dir, 'list.yaml'), '- a\n- b\n');
  fs.writeFileSync(path.join(dir, 'no-resources.json'), '{ "Outputs": {} }');
  fs.writeFileSync(path.join(dir, 'broken.json'), '{ "Resources": ');
  fs.writeFileSync(path.join(dir, 'broken.yaml'), 'Resources:\n  A: [\n');
  fs.writeFileSync(path.join(dir, 'untyped.yaml'), 'Resources:\n  A:\n    Properties: {}\n');
  fs.mkdirSync(path.join(dir, 'empty'));
  fs.mkdirSync(path.join(dir, 'half'));
  fs.writeFileSync(
    path.join(dir, 'half', 'manifest.json'),
    JSON.stringify({
      version: '36.0.0',
      artifacts: { S: { type: 'aws:cloudformation:stack', properties: { templateFile: 'S.template.json' } } },
    }),
  );
  test.each([
    [['check', 'nowhere/cdk.out'], /^cdk-vpc-connectivity: nowhere\/cdk\.out: no such file or directory\n$/],
    [
      ['check', path.join(dir, 'list.yaml')],
      /list\.yaml: not a CloudFormation template \(it needs a Resources section/,
    ],
    [['check', path.join(dir, 'no-resources.json')], /no-resources\.json: not a CloudFormation template/],
    [['check', path.join(dir, 'untyped.yaml')], /untyped\.yaml: not a CloudFormation template/],
    [['check', path.join(dir, 'broken.json')], /broken\.json: not valid JSON \(/],
    [['check', path.join(dir, 'broken.yaml')], /broken\.yaml: neither JSON nor YAML \(/],
    [['check', path.join(dir, 'empty')], /empty: a directory without manifest\.json, so not a cloud assembly/],
    [['check', path.join(dir, 'half')], /half: not a readable cloud assembly \(.*S\.template\.json is missing\)\n$/],
    [
      ['check', rel(ASSEMBLY), '--format', 'xml'],
      /^cdk-vpc-connectivity: --format xml: unknown format; use one of text, json, sarif, junit\n$/,
    ],
    [['check', rel(ASSEMBLY), '--previous', 'nowhere'], /--previous nowhere: not a directory/],
    [['check', rel(ASSEMBLY), '--output', ''], /--output: give a path/],
    [['check', rel(ASSEMBLY), '--frmat', 'json'], /: Unknown option '--frmat' \(see --help\)\n$/],
    [['check'], /check: give a cloud assembly directory \(cdk\.out\) or template files/],
    [
      ['scan', 'cdk.out'],
      /^cdk-vpc-connectivity: unknown command 'scan': the commands are check and reach \(see --help\)\n$/,
    ],
    [
      [],
      /give a command: check <cdk\.out .*>\.\.\., or reach <cdk\.out .*>\.\.\. --from <VPC \| CIDR> --to <VPC \| CIDR>/,
    ],
  ])('%j: exit 2 with one line', (argv, message) => {
    const run = cli(argv as string[]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  test('--help and --version print to stdout and exit 0', () => {
    const help = cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(
      /^Usage: cdk-vpc-connectivity check <cdk\.out \| template\.json \| template\.yaml>\.\.\./,
    );
    expect(help.stdout).toMatch(/--format text\|json\|sarif\|junit/);
    expect(help.stdout).toMatch(
      /^ {7}cdk-vpc-connectivity reach <cdk\.out \| template\.json \| template\.yaml>\.\.\. --from <VPC \| CIDR> --to <VPC \| CIDR> \[--port tcp\/443\]$/m,
    );
    for (const option of ['--matrix', '--from VPC|CIDR', '--to VPC|CIDR', '--port PORT', '--format text|json']) {
      expect(help.stdout).toContain(`  ${option} `);
    }
    expect(help.stdout).toMatch(/^Exit codes of reach: 0 reachable, 1 blocked, 3 undetermined .*, 2 bad input\.$/m);
    const version = cli(['--version']);
    expect(version).toEqual({
      code: 0,
      stdout: `${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8')).version}\n`,
      stderr: '',
    });
  });
});

describe('as a program', () => {
  const program = ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'src', 'cli', 'main.ts')];
  const env = { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'test', 'tsconfig.json') };

  test('the shebang entry runs as a child process: exit code, stdout and stderr', () => {
    expect(fs.readFileSync(path.join(ROOT, 'src', 'cli', 'main.ts'), 'utf-8').split('\n')[0]).toBe(
      '#!/usr/bin/env node',
    );
    const errors = spawnSync(process.execPath, [...program, 'check', rel(ASSEMBLY), '--format', 'json'], {
      cwd: ROOT,
      env,
      encoding: 'utf-8',
    });
    expect(errors.status).toBe(1);
    expect(JSON.parse(errors.stdout).findings.map((f: ReportFinding) => f.ruleId)).toEqual([
      'NG-PEER-001',
      'NG-PEER-005',
      'NG-PEER-007',
      'NG-SG-001',
    ]);
    expect(errors.stderr).toBe(`${SUMMARY}\n`);
    const bad = spawnSync(process.execPath, [...program, 'check', 'nowhere'], { cwd: ROOT, env, encoding: 'utf-8' });
    expect([bad.status, bad.stdout, bad.stderr]).toEqual([
      2,
      '',
      'cdk-vpc-connectivity: nowhere: no such file or directory\n',
    ]);
  });

  test('it loads no aws-cdk-lib (and so runs with any CDK version, or none): check, check --matrix, reach', () => {
    // The fixture's VPCs have no subnets: reach answers undetermined (exit 3), which proves it ran to the end.
    const script = `
      const { main } = require(${JSON.stringify(path.join(ROOT, 'src', 'cli', 'main.ts'))});
      const io = { stdout: { write() {} }, stderr: { write() {} } };
      const codes = [
        main(['check', ${JSON.stringify(ASSEMBLY)}, '--format', 'sarif'], io),
        main(['check', ${JSON.stringify(ASSEMBLY)}, '--matrix'], io),
        main(['reach', ${JSON.stringify(ASSEMBLY)}, '--from', 'Network/VpcA', '--to', '10.99.0.0/16', '--port', 'tcp/443'], io),
      ];
      const loaded = Object.keys(require.cache).filter((f) => /node_modules[\\\\/](aws-cdk-lib|constructs)[\\\\/]/.test(f));
      process.stdout.write(JSON.stringify({ codes, loaded }));
    `;
    const { codes, loaded } = JSON.parse(
      execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
        cwd: ROOT,
        env,
        encoding: 'utf-8',
      }),
    );
    expect(codes).toEqual([1, 1, 3]);
    expect(loaded).toEqual([]);
  });
});
