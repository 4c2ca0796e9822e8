/**
 * NetworkIntent and NetworkEndpoint: the records they write into the cloud assembly (literals only), their bad
 * inputs, and the NG-REACH rules that check them through the aspect and through the validation plugin.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, NestedStack, Stack, Stage, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { main } from '../../src/cli/main';
import { NetworkGuard } from '../../src/guard';
import { readAssembly } from '../../src/guard/model';
import { GuardReport } from '../../src/guard/report';
import { PeeredVpcPair } from '../../src/peering';
import { IntentRecord, readIntentRecords } from '../../src/reachability';
import { IntentExpectation, NetworkEndpoint, NetworkIntent } from '../../src/reachability/intent-api';
import { peering, route, routeTable, subnet, vpc } from '../guard/l1';
import { templateOf, templatesOf, testStack, testVpc } from '../support';

const EXPLANATION_CODES = 'https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html';

function tmp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The intent records of an app's cloud assembly, as the plugin and the command line read them. */
function recordsOf(app: App): IntentRecord[] {
  templatesOf(app);
  return readIntentRecords(readAssembly(app.synth().directory).stacks);
}

/** The logical id of the L1 behind a construct. */
function logicalIdOf(c: { node: any }): string {
  const cfn = c.node.defaultChild;
  return Stack.of(cfn).resolve(cfn.logicalId);
}

/** Runs NetworkGuard as the aspect; returns its report. */
function viaAspect(app: App): GuardReport {
  Aspects.of(app).add(new NetworkGuard());
  // CDK prints its validation report of the error annotations: kept out of the test output.
  const errorSpy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    templatesOf(app);
  } finally {
    errorSpy.mockRestore();
  }
  return JSON.parse(fs.readFileSync(path.join(app.outdir, NetworkGuard.REPORT_FILE), 'utf-8'));
}

/** Runs NetworkGuard as CDK's validation plugin; returns its report and CDK's validation report. */
function viaPlugin(app: App): { report: GuardReport; cdkReport: any } {
  const dir = tmp('ng-intent-');
  Validations.of(app).addPlugins(new NetworkGuard({ reportDirectory: dir }));
  const errorSpy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    app.synth();
  } finally {
    errorSpy.mockRestore();
  }
  const cdkReport = JSON.parse(fs.readFileSync(path.join(app.outdir, 'policy-validation-report.json'), 'utf-8'));
  return { report: JSON.parse(fs.readFileSync(path.join(dir, NetworkGuard.REPORT_FILE), 'utf-8')), cdkReport };
}

afterEach(() => {
  // CDK sets the exit code when a plugin reports a failure.
  process.exitCode = undefined;
});

const reach = (r: GuardReport) => r.findings.filter((f) => f.ruleId.startsWith('NG-REACH'));

/** Two stacks: A holds VPC A and the intents, B holds VPCs B and C; A and B are peered, C is not. */
function twoStacks(app: App = new App()) {
  const a = testStack(app, 'A');
  const b = testStack(app, 'B');
  const va = testVpc(a, 'VpcA', '10.1.0.0/16');
  const vb = testVpc(b, 'VpcB', '10.2.0.0/16');
  const vc = testVpc(b, 'VpcC', '10.3.0.0/16');
  return { app, a, b, va, vb, vc };
}

describe('NetworkEndpoint and the intent record (literals in the assembly metadata)', () => {
  test('each endpoint kind records stack paths and logical ids of the VPC, subnets and security groups', () => {
    const { app, a, b, va, vb, vc } = twoStacks();
    const db = new ec2.SecurityGroup(b, 'DbSg', { vpc: vb });
    NetworkIntent.reachable(a, 'ToDb', {
      from: NetworkEndpoint.fromSubnets(va, { subnetType: ec2.SubnetType.PUBLIC }),
      to: NetworkEndpoint.fromConnectable(db, vb),
      port: ec2.Port.tcp(5432),
    });
    NetworkIntent.isolated(a, 'NotC', { from: NetworkEndpoint.fromVpc(va), to: NetworkEndpoint.fromVpc(vc) });
    NetworkIntent.reachable(a, 'OnPrem', {
      from: NetworkEndpoint.fromVpc(va),
      to: NetworkEndpoint.fromCidr('192.168.10.0/24'),
      port: ec2.Port.udpRange(1000, 2000),
    });
    NetworkIntent.isolated(b, 'NoInternet', {
      from: NetworkEndpoint.internet(),
      to: NetworkEndpoint.fromVpc(vc),
      port: ec2.Port.icmpType(8),
    });
    const records = recordsOf(app);
    const ref = (stack: string, c: { node: any }) => ({
      stack,
      artifactId: stack,
      logicalId: logicalIdOf(c),
      path: c.node.path,
    });
    expect(records).toEqual([
      {
        version: 1,
        path: 'A/NotC',
        stack: 'A',
        expected: 'isolated',
        protocol: 'all',
        portText: 'any port',
        from: { kind: 'vpc', text: 'the VPC A/VpcA', vpc: ref('A', va) },
        to: { kind: 'vpc', text: 'the VPC B/VpcC', vpc: ref('B', vc) },
        through: [],
      },
      {
        version: 1,
        path: 'A/OnPrem',
        stack: 'A',
        expected: 'reachable',
        protocol: 'udp',
        fromPort: 1000,
        toPort: 2000,
        portText: 'udp/1000-2000',
        from: { kind: 'vpc', text: 'the VPC A/VpcA', vpc: ref('A', va) },
        to: { kind: 'cidr', text: '192.168.10.0/24', cidr: '192.168.10.0/24' },
        through: [],
      },
      {
        version: 1,
        path: 'A/ToDb',
        stack: 'A',
        expected: 'reachable',
        protocol: 'tcp',
        fromPort: 5432,
        toPort: 5432,
        portText: 'tcp/5432',
        from: {
          kind: 'subnets',
          text: 'subnets of A/VpcA',
          vpc: ref('A', va),
          subnets: va.publicSubnets.map((s) => ref('A', s)),
        },
        to: {
          kind: 'connectable',
          text: 'B/DbSg in B/VpcB',
          vpc: ref('B', vb),
          // The default location: the VPC's private and isolated subnets.
          subnets: vb.isolatedSubnets.map((s) => ref('B', s)),
          securityGroups: [ref('B', db)],
        },
        through: [],
      },
      {
        version: 1,
        path: 'B/NoInternet',
        stack: 'B',
        expected: 'isolated',
        protocol: 'icmp',
        fromPort: 8,
        toPort: 8,
        portText: 'icmp type 8',
        from: { kind: 'internet', text: 'the internet' },
        to: { kind: 'vpc', text: 'the VPC B/VpcC', vpc: ref('B', vc) },
        through: [],
      },
    ]);
  });

  test('the metadata holds no token, and the intent adds no export, no import and no stack dependency', () => {
    const { app, a, b, va, vb } = twoStacks();
    const sg = new ec2.SecurityGroup(b, 'Sg', { vpc: vb });
    NetworkIntent.reachable(a, 'AToB', {
      from: NetworkEndpoint.fromVpc(va),
      to: NetworkEndpoint.fromConnectable(sg, vb),
      port: ec2.Port.allTraffic(),
      through: [vb],
    });
    const ta = templateOf(a).toJSON();
    const tb = templateOf(b).toJSON();
    expect([ta.Outputs, tb.Outputs]).toEqual([undefined, undefined]);
    expect(JSON.stringify([ta, tb])).not.toMatch(/Fn::ImportValue|Fn::GetStackOutput/);
    expect(a.dependencies).toEqual([]);
    expect(b.dependencies).toEqual([]);
    const assembly = app.synth();
    expect(assembly.getStackArtifact('A').dependencies.map((d) => d.id)).not.toContain('B');
    const metadata = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'A.metadata.json'), 'utf-8'));
    const entries = metadata['/A/AToB'];
    expect(entries.map((e: any) => e.type)).toEqual(['cdk-vpc-connectivity:intent']);
    const text = JSON.stringify(entries[0].data);
    expect(text).not.toMatch(/\$\{Token\[|Ref|Fn::|#\{/);
    expect(entries[0].data.to.securityGroups).toEqual([
      { stack: 'B', artifactId: 'B', logicalId: logicalIdOf(sg), path: 'B/Sg' },
    ]);
    expect(entries[0].data.through).toEqual([
      { stack: 'B', artifactId: 'B', logicalId: logicalIdOf(vb), path: 'B/VpcB' },
    ]);
  });

  test('an overridden logical id is recorded as final (resolved when the assembly is written)', () => {
    const { app, a, b, va, vb } = twoStacks();
    NetworkIntent.reachable(a, 'AToB', {
      from: NetworkEndpoint.fromVpc(va),
      to: NetworkEndpoint.fromVpc(vb),
      port: ec2.Port.tcp(443),
    });
    (vb.node.defaultChild as ec2.CfnVPC).overrideLogicalId('RenamedVpc');
    expect(b.resolve((vb.node.defaultChild as ec2.CfnVPC).logicalId)).toBe('RenamedVpc');
    expect(recordsOf(app)[0].to.vpc).toEqual({ stack: 'B', artifactId: 'B', logicalId: 'RenamedVpc', path: 'B/VpcB' });
  });

  test('an imported VPC: subnets that refer to resources of the app are found; literal ids are not known', () => {
    const { app, a, va } = twoStacks();
    const byRef = ec2.Vpc.fromVpcAttributes(a, 'ByRef', {
      vpcId: va.vpcId,
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      isolatedSubnetIds: va.isolatedSubnets.map((s) => s.subnetId),
    });
    const byId = ec2.Vpc.fromVpcAttributes(a, 'ById', {
      vpcId: 'vpc-0123456789abcdef0',
      availabilityZones: ['us-east-1a'],
      privateSubnetIds: ['subnet-0123456789abcdef0'],
    });
    NetworkIntent.isolated(a, 'ByRefIntent', {
      from: NetworkEndpoint.fromSubnets(byRef, {}),
      to: NetworkEndpoint.fromCidr('10.9.0.0/16'),
    });
    NetworkIntent.isolated(a, 'ByIdIntent', {
      from: NetworkEndpoint.fromVpc(byId),
      to: NetworkEndpoint.fromCidr('10.9.0.0/16'),
    });
    const [byIdRecord, byRefRecord] = recordsOf(app);
    expect(byRefRecord.from.subnets).toEqual(
      va.isolatedSubnets.map((s) => ({
        stack: 'A',
        artifactId: 'A',
        logicalId: logicalIdOf(s),
        path: expect.any(String),
      })),
    );
    expect(byRefRecord.from.unknown).toBeUndefined();
    // The VPC itself is not needed: its subnets are the endpoint, and they are not resources of the app.
    expect(byIdRecord.from.unknown).toEqual([
      'the subnet A/ById/PrivateSubnet1 (subnet-0123456789abcdef0, not a resource of the app)',
    ]);
  });

  test('an intent in a Stage and in a nested stack records its own stack path', () => {
    const app = new App();
    const stage = new Stage(app, 'Prod', { env: { account: '111111111111', region: 'us-east-1' } });
    const s = new Stack(stage, 'Net');
    const v = testVpc(s, 'Vpc', '10.1.0.0/16');
    NetworkIntent.isolated(s, 'NoInternet', { from: NetworkEndpoint.internet(), to: NetworkEndpoint.fromVpc(v) });
    const nested = new NestedStack(s, 'Inner');
    const inner = testVpc(nested, 'InnerVpc', '10.2.0.0/16');
    NetworkIntent.isolated(nested, 'InnerNotOuter', {
      from: NetworkEndpoint.fromVpc(inner),
      to: NetworkEndpoint.fromVpc(v),
    });
    const records = readIntentRecords(readAssembly(app.synth().directory).stacks);
    // The nested stack's resources are in its own template; its artifact is its parent's.
    expect(records.map((r) => [r.path, r.stack, r.from.vpc?.stack, r.from.vpc?.artifactId, r.to.vpc?.stack])).toEqual([
      ['Prod/Net/Inner/InnerNotOuter', 'Prod/Net/Inner', 'Prod/Net/Inner', s.artifactId, 'Prod/Net'],
      ['Prod/Net/NoInternet', 'Prod/Net', undefined, undefined, 'Prod/Net'],
    ]);
  });
});

describe('bad input: a synth error naming the prop', () => {
  const setup = () => {
    const app = new App();
    const stack = testStack(app, 'S');
    const v = testVpc(stack, 'Vpc', '10.1.0.0/16');
    return { app, stack, v };
  };

  test('through empty, both ends outside the VPCs, a malformed block, no port on reachable', () => {
    const { stack, v } = setup();
    const from = NetworkEndpoint.fromVpc(v);
    expect(() =>
      NetworkIntent.reachable(stack, 'T', {
        from,
        to: NetworkEndpoint.internet(),
        port: ec2.Port.tcp(443),
        through: [],
      }),
    ).toThrow('S/T: through is empty: give at least one VPC every path must enter, or leave through out.');
    expect(() =>
      NetworkIntent.isolated(stack, 'O', {
        from: NetworkEndpoint.fromCidr('10.9.0.0/16'),
        to: NetworkEndpoint.internet(),
      }),
    ).toThrow(
      "S/O: from (10.9.0.0/16) and to (the internet) are both outside the app's VPCs: one end must be a VPC, subnets or a connectable.",
    );
    expect(() => NetworkIntent.isolated(stack, 'C', { from, to: NetworkEndpoint.fromCidr('10.0.0.300/16') })).toThrow(
      /^S\/C: to: NetworkEndpoint\.fromCidr\('10\.0\.0\.300\/16'\) is not a CIDR block or an address .*Give a block such as '10\.99\.0\.0\/16'\.$/,
    );
    expect(() =>
      NetworkIntent.reachable(stack, 'P', { from, to: NetworkEndpoint.internet(), port: undefined as any }),
    ).toThrow('S/P: port is required for a reachable intent: give the port, such as ec2.Port.tcp(443).');
  });

  test('a protocol an intent does not check, a selection of no subnet, a connectable without groups or location', () => {
    const { stack, v } = setup();
    const from = NetworkEndpoint.fromVpc(v);
    const gre = new ec2.Port({ protocol: ec2.Protocol.GRE, stringRepresentation: 'GRE' });
    expect(() => NetworkIntent.isolated(stack, 'G', { from, to: NetworkEndpoint.internet(), port: gre })).toThrow(
      'S/G: port: protocol 47 (GRE) is not one an intent checks: give a TCP, UDP, ICMP or ICMPv6 port, or ec2.Port.allTraffic().',
    );
    expect(() =>
      NetworkIntent.isolated(stack, 'N', {
        from: NetworkEndpoint.fromSubnets(v, { subnetGroupName: 'Nope' }),
        to: NetworkEndpoint.internet(),
      }),
    ).toThrow(
      /^S\/N: from: the subnet selection of S\/Vpc selects nothing \(.*Nope.*\)\. Select subnets the VPC has\.$/,
    );
    const publicOnly = new ec2.Vpc(stack, 'PublicOnly', {
      ipAddresses: ec2.IpAddresses.cidr('10.2.0.0/16'),
      maxAzs: 1,
      subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }],
    });
    const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc: publicOnly });
    expect(() =>
      NetworkIntent.isolated(stack, 'D', { from, to: NetworkEndpoint.fromConnectable(sg, publicOnly) }),
    ).toThrow(
      'S/D: to: NetworkEndpoint.fromConnectable(..., S/PublicOnly) has no subnets argument, and the VPC has no private or isolated subnets (the default). Give the subnets it is in.',
    );
    expect(() =>
      NetworkIntent.isolated(stack, 'E', {
        from,
        to: NetworkEndpoint.fromConnectable({ connections: new ec2.Connections() }, v),
      }),
    ).toThrow(/^S\/E: to: NetworkEndpoint\.fromConnectable: the connectable has no security group/);
  });

  test('the constructor: the same record as the static methods; through on an isolated intent, an unknown expectation', () => {
    const { app, stack, v } = setup();
    new NetworkIntent(stack, 'ByConstructor', {
      expected: IntentExpectation.REACHABLE,
      from: NetworkEndpoint.fromVpc(v),
      to: NetworkEndpoint.internet(),
      port: ec2.Port.tcp(443),
    });
    NetworkIntent.reachable(stack, 'ByStatic', {
      from: NetworkEndpoint.fromVpc(v),
      to: NetworkEndpoint.internet(),
      port: ec2.Port.tcp(443),
    });
    const [a, b] = recordsOf(app);
    expect({ ...a, path: '' }).toEqual({ ...b, path: '' });
    expect(
      () =>
        new NetworkIntent(stack, 'IsoThrough', {
          expected: IntentExpectation.ISOLATED,
          from: NetworkEndpoint.fromVpc(v),
          to: NetworkEndpoint.internet(),
          through: [v],
        }),
    ).toThrow(
      'S/IsoThrough: through applies to a reachable intent only: an isolated intent has no path. Leave it out.',
    );
    expect(
      () =>
        new NetworkIntent(stack, 'Odd', {
          expected: 'maybe' as any,
          from: NetworkEndpoint.fromVpc(v),
          to: NetworkEndpoint.internet(),
        }),
    ).toThrow("S/Odd: expected: 'maybe' is not an IntentExpectation: give REACHABLE or ISOLATED.");
  });

  test('an intent outside any stack', () => {
    const { app, v } = setup();
    expect(() =>
      NetworkIntent.isolated(app, 'Loose', { from: NetworkEndpoint.fromVpc(v), to: NetworkEndpoint.internet() }),
    ).toThrow('Loose: scope: a NetworkIntent must be created inside a Stack (of the app or of a Stage).');
  });
});

/** A and B peered by hand (L1), with routes on A's side only when `oneSided`: for NO_ROUTE and RETURN_PATH. */
function peeredL1(oneSided: boolean) {
  const app = new App();
  const stack = testStack(app, 'Net');
  const a = vpc(stack, 'A', '10.1.0.0/16');
  const b = vpc(stack, 'B', '10.2.0.0/16');
  const c = vpc(stack, 'C', '10.3.0.0/16');
  const sa = subnet(stack, 'SubnetA', a, '10.1.0.0/24');
  const sb = subnet(stack, 'SubnetB', b, '10.2.0.0/24');
  subnet(stack, 'SubnetC', c, '10.3.0.0/24');
  const rtA = routeTable(stack, 'RtA', a, [sa]);
  const rtB = routeTable(stack, 'RtB', b, [sb]);
  const pcx = peering(stack, 'Pcx', a, b);
  route(stack, 'AToB', rtA, '10.2.0.0/16', { vpcPeeringConnectionId: pcx.ref });
  if (!oneSided) route(stack, 'BToA', rtB, '10.1.0.0/16', { vpcPeeringConnectionId: pcx.ref });
  const imported = new Map<ec2.CfnVPC, ec2.IVpc>();
  const ep = (v: ec2.CfnVPC) => {
    if (!imported.has(v)) {
      imported.set(
        v,
        ec2.Vpc.fromVpcAttributes(stack, `${v.node.id}Import`, { vpcId: v.ref, availabilityZones: ['us-east-1a'] }),
      );
    }
    return NetworkEndpoint.fromVpc(imported.get(v)!);
  };
  return { app, stack, a, b, c, ep };
}

describe.each([
  ['aspect', (app: App) => viaAspect(app)],
  ['plugin', (app: App) => viaPlugin(app).report],
])(`the NG-REACH rules through the %s (${EXPLANATION_CODES})`, (_, run) => {
  test('NG-REACH-001: met across two peered stacks; blocked with NO_ROUTE, every hop and the first failing pair', () => {
    const { app, a, va, vb, vc } = twoStacks();
    new PeeredVpcPair(a, 'Pair', { requesterVpc: va, accepterVpc: vb });
    NetworkIntent.reachable(a, 'AToB', {
      from: NetworkEndpoint.fromVpc(va),
      to: NetworkEndpoint.fromVpc(vb),
      port: ec2.Port.tcp(443),
    });
    NetworkIntent.reachable(a, 'AToC', {
      from: NetworkEndpoint.fromVpc(va),
      to: NetworkEndpoint.fromVpc(vc),
      port: ec2.Port.tcp(443),
    });
    const report = run(app);
    const findings = reach(report);
    expect(findings.map((f) => [f.ruleId, f.level, f.resources.map((r) => r.path)])).toEqual([
      ['NG-REACH-001', 'error', ['A/AToC']],
    ]);
    const subnetA = va.isolatedSubnets[0] as ec2.Subnet;
    const rt = subnetA.node.findChild('RouteTable') as ec2.CfnRouteTable;
    const rtLogical = Stack.of(rt).resolve(rt.logicalId);
    expect(findings[0].message).toBe(
      'NetworkIntent A/AToC expected the VPC A/VpcA to reach the VPC B/VpcC on tcp/443, but it is blocked: NO_ROUTE: ' +
        `A/VpcA/PrivateSubnet1/RouteTable (${rtLogical}) has no route to 10.3.2.0/24. ` +
        `First failing pair: A/VpcA/PrivateSubnet1/Subnet (${logicalIdOf(subnetA)}) to B/VpcC/PrivateSubnet1/Subnet (${logicalIdOf(vc.isolatedSubnets[0])}) (sources and destinations sorted by construct path). ` +
        `Path: 1. subnet A/VpcA/PrivateSubnet1/Subnet (${logicalIdOf(subnetA)}); ` +
        `2. network-acl egress the default network ACL of A/VpcA/Resource (${logicalIdOf(va)}) [allows all traffic (a default network ACL)]; ` +
        `3. route-table A/VpcA/PrivateSubnet1/RouteTable (${rtLogical}).`,
    );
    expect(report.reachability.intents.map((i) => [i.constructPath, i.status, i.code])).toEqual([
      ['A/AToB', 'met', undefined],
      ['A/AToC', 'unmet', 'NO_ROUTE'],
    ]);
  });

  test('NG-REACH-001 RETURN_PATH: a route on one side of a peering only; met with both sides', () => {
    const oneSided = peeredL1(true);
    NetworkIntent.reachable(oneSided.stack, 'Intent', {
      from: oneSided.ep(oneSided.a),
      to: oneSided.ep(oneSided.b),
      port: ec2.Port.tcp(22),
    });
    const [f] = reach(run(oneSided.app));
    expect(f.ruleId).toBe('NG-REACH-001');
    expect(f.message).toMatch(
      /^NetworkIntent Net\/Intent expected the VPC Net\/AImport to reach the VPC Net\/BImport on tcp\/22, but it is blocked: RETURN_PATH: the reply from Net\/SubnetB \(SubnetB\) to 10\.1\.0\.0\/24 is dropped \(NO_ROUTE\): Net\/RtB \(RtB\) has no route to 10\.1\.0\.0\/24\. First failing pair: Net\/SubnetA \(SubnetA\) to Net\/SubnetB \(SubnetB\) .*Path: 1\. subnet Net\/SubnetA \(SubnetA\); 2\. network-acl egress .*; 3\. route-table Net\/RtA \(RtA\) \[10\.2\.0\.0\/16 -> peering Net\/Pcx \(Net\/AToB \(AToB\)\)\]; 4\. peering Net\/Pcx \(Pcx\) \[.*\]; 5\. network-acl ingress .*; 6\. reply subnet Net\/SubnetB \(SubnetB\); 7\. reply network-acl egress .*; 8\. reply route-table Net\/RtB \(RtB\)\.$/,
    );
    const both = peeredL1(false);
    NetworkIntent.reachable(both.stack, 'Intent', {
      from: both.ep(both.a),
      to: both.ep(both.b),
      port: ec2.Port.tcp(22),
    });
    expect(reach(run(both.app))).toEqual([]);
  });

  test('NG-REACH-002: isolated met without a route; reachable through the peering is an error with the path', () => {
    const routed = peeredL1(false);
    NetworkIntent.isolated(routed.stack, 'BNotA', { from: routed.ep(routed.b), to: routed.ep(routed.a) });
    NetworkIntent.isolated(routed.stack, 'CNotA', { from: routed.ep(routed.c), to: routed.ep(routed.a) });
    const report = run(routed.app);
    const findings = reach(report);
    expect(findings.map((f) => [f.ruleId, f.level, f.resources[0].path])).toEqual([
      ['NG-REACH-002', 'error', 'Net/BNotA'],
    ]);
    expect(findings[0].message).toMatch(
      /^NetworkIntent Net\/BNotA expected the VPC Net\/BImport isolated from the VPC Net\/AImport on any port, but it is reachable: a packet of any port gets there, and its reply back\. First failing pair: Net\/SubnetB \(SubnetB\) to Net\/SubnetA \(SubnetA\) .*Path: 1\. subnet Net\/SubnetB \(SubnetB\); 2\. network-acl egress .*; 3\. route-table Net\/RtB \(RtB\) \[10\.1\.0\.0\/16 -> peering .*\]; 4\. peering Net\/Pcx \(Pcx\) .*; 6\. reply subnet Net\/SubnetA \(SubnetA\); .*; 8\. reply route-table Net\/RtA \(RtA\) .*\.$/,
    );
    expect(report.reachability.intents.map((i) => [i.constructPath, i.expected, i.status])).toEqual([
      ['Net/BNotA', 'isolated', 'unmet'],
      ['Net/CNotA', 'isolated', 'met'],
    ]);
  });

  test('a value not known at synth: a warning under the same rule id naming the value, never an error', () => {
    const app = new App();
    const stack = testStack(app, 'Net');
    const v = testVpc(stack, 'Vpc', '10.1.0.0/16');
    const shared = ec2.Vpc.fromVpcAttributes(stack, 'Shared', {
      vpcId: 'vpc-0123456789abcdef0',
      availabilityZones: ['us-east-1a'],
      isolatedSubnetIds: ['subnet-0123456789abcdef0'],
    });
    NetworkIntent.reachable(stack, 'ToShared', {
      from: NetworkEndpoint.fromVpc(v),
      to: NetworkEndpoint.fromVpc(shared),
      port: ec2.Port.tcp(443),
    });
    NetworkIntent.isolated(stack, 'NotShared', {
      from: NetworkEndpoint.fromVpc(shared),
      to: NetworkEndpoint.fromVpc(v),
    });
    const report = run(app);
    const why = 'the subnet Net/Shared/IsolatedSubnet1 (subnet-0123456789abcdef0, not a resource of the app)';
    expect(reach(report).map((f) => [f.ruleId, f.level, f.resources[0].path, f.message])).toEqual([
      [
        'NG-REACH-001',
        'warning',
        'Net/ToShared',
        `NetworkIntent Net/ToShared (expected the VPC Net/Vpc to reach the VPC Net/Shared on tcp/443) is undetermined: ${why} is not known at synth. It is not checked.`,
      ],
      [
        'NG-REACH-002',
        'warning',
        'Net/NotShared',
        `NetworkIntent Net/NotShared (expected the VPC Net/Shared isolated from the VPC Net/Vpc on any port) is undetermined: ${why} is not known at synth. It is not checked.`,
      ],
    ]);
    expect(report.reachability.intents.map((i) => i.status)).toEqual(['undetermined', 'undetermined']);
  });

  test('NetworkGuard.acknowledge on the intent suppresses its finding, with the reason in the report', () => {
    const { app, a, va, vc } = twoStacks();
    const intent = NetworkIntent.reachable(a, 'AToC', {
      from: NetworkEndpoint.fromVpc(va),
      to: NetworkEndpoint.fromVpc(vc),
      port: ec2.Port.tcp(443),
    });
    NetworkGuard.acknowledge(intent, 'NG-REACH-001', 'C is peered next sprint');
    const report = run(app);
    expect(reach(report)).toEqual([]);
    expect(report.acknowledged.map((f) => [f.ruleId, f.acknowledgedAt, f.reason])).toEqual([
      ['NG-REACH-001', 'A/AToC', 'C is peered next sprint'],
    ]);
  });
});

describe("filtering: the connectable's security groups apply at its end (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html)", () => {
  test('SECURITY_GROUP_INGRESS blocks a port the group does not open; an isolated intent on that port is met, on the open one it is not', () => {
    const { app, a, b, va, vb } = twoStacks();
    new PeeredVpcPair(a, 'Pair', { requesterVpc: va, accepterVpc: vb });
    const db = new ec2.SecurityGroup(b, 'DbSg', { vpc: vb });
    db.addIngressRule(ec2.Peer.ipv4('10.1.0.0/16'), ec2.Port.tcp(5432), 'from A');
    const from = NetworkEndpoint.fromVpc(va);
    const to = NetworkEndpoint.fromConnectable(db, vb);
    NetworkIntent.reachable(a, 'Db', { from, to, port: ec2.Port.tcp(5432) });
    NetworkIntent.reachable(a, 'Ssh', { from, to, port: ec2.Port.tcp(22) });
    NetworkIntent.isolated(a, 'NoSsh', { from, to, port: ec2.Port.tcp(22) });
    NetworkIntent.isolated(a, 'NoDb', { from, to, port: ec2.Port.tcp(5432) });
    const report = viaAspect(app);
    expect(report.reachability.intents.map((i) => [i.constructPath, i.status, i.code])).toEqual([
      ['A/Db', 'met', undefined],
      ['A/NoDb', 'unmet', undefined],
      ['A/NoSsh', 'met', undefined],
      ['A/Ssh', 'unmet', 'SECURITY_GROUP_INGRESS'],
    ]);
    const ssh = reach(report).find((f) => f.resources[0].path === 'A/Ssh')!;
    expect(ssh.message).toMatch(
      /but it is blocked: SECURITY_GROUP_INGRESS: .*B\/DbSg.*Path: .*security-group ingress B\/DbSg\/Resource/,
    );
  });
});

describe('where the findings go', () => {
  test('intents in a nested stack and in a Stage are evaluated (their resources found in their own templates)', () => {
    const app = new App();
    const top = testStack(app, 'Top');
    const outer = testVpc(top, 'Outer', '10.1.0.0/16');
    const nested = new NestedStack(top, 'Inner');
    const inner = testVpc(nested, 'InnerVpc', '10.2.0.0/16');
    NetworkIntent.isolated(nested, 'InnerNotOuter', {
      from: NetworkEndpoint.fromVpc(inner),
      to: NetworkEndpoint.fromVpc(outer),
    });
    NetworkIntent.reachable(top, 'OuterToInner', {
      from: NetworkEndpoint.fromVpc(outer),
      to: NetworkEndpoint.fromVpc(inner),
      port: ec2.Port.tcp(443),
    });
    const stage = new Stage(app, 'Prod');
    const s = testStack(stage as any, 'Net');
    const v = testVpc(s, 'Vpc', '10.3.0.0/16');
    NetworkIntent.isolated(s, 'NoInternet', {
      from: NetworkEndpoint.internet(),
      to: NetworkEndpoint.fromSubnets(v, { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }),
    });
    const report = viaAspect(app);
    expect(report.reachability.intents.map((i) => [i.constructPath, i.status, i.code])).toEqual([
      ['Prod/Net/NoInternet', 'met', undefined],
      ['Top/Inner/InnerNotOuter', 'met', undefined],
      ['Top/OuterToInner', 'unmet', 'NO_ROUTE'],
    ]);
  });

  test('the aspect annotates the intent construct: an error when unmet, a warning when undetermined', () => {
    const { app, a, va, vc } = twoStacks();
    NetworkIntent.reachable(a, 'AToC', {
      from: NetworkEndpoint.fromVpc(va),
      to: NetworkEndpoint.fromVpc(vc),
      port: ec2.Port.tcp(443),
    });
    const shared = ec2.Vpc.fromVpcAttributes(a, 'Shared', { vpcId: 'vpc-1', availabilityZones: ['us-east-1a'] });
    NetworkIntent.isolated(a, 'NotShared', { from: NetworkEndpoint.fromVpc(va), to: NetworkEndpoint.fromVpc(shared) });
    viaAspect(app);
    const annotations = Annotations.fromStack(a);
    annotations.hasError(
      '/A/AToC',
      Match.stringLikeRegexp('^\\[NG-REACH-001\\] NetworkIntent A/AToC expected .* NO_ROUTE: '),
    );
    annotations.hasWarning(
      '/A/NotShared',
      Match.stringLikeRegexp(
        '^\\[NG-REACH-002\\] NetworkIntent A/NotShared .* is undetermined: the subnets of the imported VPC A/Shared \\(none given\\)',
      ),
    );
  });

  test('the command line reads the intents from a written cloud assembly and reports them the same way', () => {
    const { app, a, va, vc } = twoStacks();
    NetworkIntent.reachable(a, 'AToC', {
      from: NetworkEndpoint.fromVpc(va),
      to: NetworkEndpoint.fromVpc(vc),
      port: ec2.Port.tcp(443),
    });
    const dir = app.synth().directory;
    let out = '';
    const code = main(['check', dir, '--format', 'json'], {
      stdout: { write: (t: string) => (out += t) },
      stderr: { write: () => true },
    });
    const report: GuardReport = JSON.parse(out);
    expect(code).toBe(1);
    expect(reach(report).map((f) => [f.ruleId, f.level, f.resources[0].path])).toEqual([
      ['NG-REACH-001', 'error', 'A/AToC'],
    ]);
    expect(reach(report)[0].message).toMatch(/but it is blocked: NO_ROUTE: /);
  });

  test("the plugin's violation names the intent's construct path and its stack's template", () => {
    const { app, a, va, vc } = twoStacks();
    NetworkIntent.reachable(a, 'AToC', {
      from: NetworkEndpoint.fromVpc(va),
      to: NetworkEndpoint.fromVpc(vc),
      port: ec2.Port.tcp(443),
    });
    const { cdkReport } = viaPlugin(app);
    const violations = cdkReport.pluginReports.flatMap((p: any) => p.violations);
    const v = violations.find((x: any) => x.ruleName === 'NG-REACH-001');
    expect(v.ruleMetadata.constructPaths).toBe('A/AToC');
    expect(v.violatingResources.map((r: any) => path.basename(r.templatePath))).toEqual(['A.template.json']);
    expect(v.description).toMatch(/NO_ROUTE/);
  });
});
