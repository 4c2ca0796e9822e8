/**
 * `check --matrix` and `reach` on small apps synthesized here (test/cli/network-apps.ts): what they print is what the
 * engine finds in the app, a NetworkIntent's semantics for `reach`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { peeringApp, transitApp, twinApp } from './network-apps';
import { cli, CliRun, YAML_TEMPLATE } from './support';
import { GuardReport } from '../../src/guard/report';

let peered: string;
let transit: string;
let twins: string;

beforeAll(() => {
  peered = peeringApp();
  transit = transitApp();
  twins = twinApp();
});

const lines = (run: CliRun) => run.stdout.trimEnd().split('\n');
const json = (run: CliRun) => JSON.parse(run.stdout);

/** The logical id of the resource at a construct path, as the stack's metadata file of the assembly records it. */
function logicalIdAt(assembly: string, stack: string, constructPath: string): string {
  const metadata = JSON.parse(fs.readFileSync(path.join(assembly, `${stack}.metadata.json`), 'utf-8'));
  const found = (metadata[`/${constructPath}`] ?? []).find((e: any) => e.type === 'aws:cdk:logicalId');
  if (!found) throw new Error(`no resource at ${constructPath}`);
  return found.data;
}

const DEFAULT_ACL = (vpc: string) =>
  `the default network ACL of Net/${vpc} (${vpc}) [allows all traffic (a default network ACL)]`;

describe('check --matrix', () => {
  test('peering is not transitive: A reaches B and C, B reaches A (not C), C reaches A (not B); network ACLs do not count', () => {
    const plain = cli(['check', peered]);
    const run = cli(['check', peered, '--matrix']);
    // The exit code is the findings' (B's route to C through the A-B peering is NG-PEER-003, an error).
    expect([plain.code, run.code]).toEqual([1, 1]);
    expect(run.stderr).toBe('');
    const matrix = [
      'VPC reachability at the routing layer (every subnet of the left VPC has a path to some subnet of each VPC on the',
      'right; routes only, no security group or network ACL; the reach command checks one port, with its path):',
      '  Net/A -> Net/A, Net/B, Net/C',
      '  Net/B -> Net/A, Net/B',
      // C's network ACL lets in TCP 443 from A only: the routing layer still reaches C from A.
      '  Net/C -> Net/A, Net/C',
      // An ec2.Vpc is shown by the L2's path, not its L1's (Net/Edge/Resource).
      '  Net/Edge -> Net/Edge',
    ];
    // The matrix comes after the findings and the checks not made; the summary stays the last line.
    const before = lines(plain);
    expect(lines(run)).toEqual([...before.slice(0, -1), ...matrix, before[before.length - 1]]);
  });

  test('transit gateway: the segment lines say which route table reaches which; undetermined targets are listed apart', () => {
    const run = cli(['check', transit, '--matrix']);
    expect(run.code).toBe(0);
    expect(lines(run).slice(-8)).toEqual([
      '  Hub/D -> Hub/D, Hub/F',
      '  Hub/E -> Hub/E, Hub/F',
      // F is associated with Services, which has no route: it reaches only itself.
      '  Hub/F -> Hub/F',
      // G's route goes to a peering connection of another app: where it leads is not known at synth.
      '  Hub/G -> Hub/G; may reach (undetermined): Hub/D, Hub/E, Hub/F',
      'Transit gateway Hub/Tgw (a VPC associated with the left route table reaches one associated with each on the right):',
      '  Hub/Services -> (none)',
      '  Hub/Spokes -> Hub/Services',
      expect.stringMatching(/^NetworkGuard: \d+ rules, 0 errors, 0 warnings/),
    ]);
    // The lines are the json report's reachability section.
    const report: GuardReport = json(cli(['check', transit, '--format', 'json']));
    expect(report.reachability.segments).toEqual([
      {
        transitGateway: 'Hub/Tgw',
        tables: [
          { table: 'Hub/Services', reaches: [] },
          { table: 'Hub/Spokes', reaches: ['Hub/Services'] },
        ],
      },
    ]);
  });

  test('--format json: the report holds the matrix with or without --matrix; sarif and junit refuse it (exit 2)', () => {
    const withMatrix = cli(['check', peered, '--format', 'json', '--matrix']);
    expect(withMatrix.stdout).toBe(cli(['check', peered, '--format', 'json']).stdout);
    expect((json(withMatrix) as GuardReport).reachability.vpcMatrix.map((r) => [r.vpc, r.reaches])).toEqual([
      ['Net/A', ['Net/A', 'Net/B', 'Net/C']],
      ['Net/B', ['Net/A', 'Net/B']],
      ['Net/C', ['Net/A', 'Net/C']],
      ['Net/Edge/Resource', ['Net/Edge/Resource']],
    ]);
    expect(withMatrix.code).toBe(1);
    for (const [format, name] of [
      ['sarif', 'SARIF'],
      ['junit', 'JUnit'],
    ]) {
      const run = cli(['check', peered, '--format', format, '--matrix']);
      expect([run.code, run.stdout, run.stderr]).toEqual([
        2,
        '',
        `cdk-vpc-connectivity: --matrix with --format ${format}: ${name} has no place for the matrix; use --format text, or --format json (its reachability section holds it)\n`,
      ]);
    }
  });
});

describe('reach: the answer and its path', () => {
  test('A to B on tcp/443 is reachable through the peering, request and reply: exit 0', () => {
    const run = cli(['reach', peered, '--from', 'Net/A', '--to', 'Net/B', '--port', 'tcp/443']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(lines(run)).toEqual([
      'reachable: the VPC Net/A to the VPC Net/B on tcp/443',
      'every source subnet reaches every destination subnet, and the reply gets back (1 pair)',
      'path of Net/SubnetA (SubnetA) to Net/SubnetB (SubnetB) (the first pair; sources and destinations in construct-path order):',
      '   1. subnet Net/SubnetA (SubnetA)',
      `   2. network-acl egress ${DEFAULT_ACL('A')}`,
      '   3. route-table Net/RtA (RtA) [10.2.0.0/16 -> peering Net/PcxAB (Net/AToB (AToB))]',
      '   4. peering Net/PcxAB (PcxAB) [10.2.0.0/16 -> peering Net/PcxAB (Net/AToB (AToB))]',
      `   5. network-acl ingress ${DEFAULT_ACL('B')}`,
      '   6. reply subnet Net/SubnetB (SubnetB)',
      `   7. reply network-acl egress ${DEFAULT_ACL('B')}`,
      '   8. reply route-table Net/RtB (RtB) [10.1.0.0/16 -> peering Net/PcxAB (Net/BToA (BToA))]',
      '   9. reply peering Net/PcxAB (PcxAB) [10.1.0.0/16 -> peering Net/PcxAB (Net/BToA (BToA))]',
      `  10. reply network-acl ingress ${DEFAULT_ACL('A')}`,
    ]);
  });

  test('B to C is PEERING_NOT_TRANSITIVE: B routes C through the A-B peering, which delivers only into A: exit 1', () => {
    const run = cli(['reach', peered, '--from', 'Net/B', '--to', 'Net/C', '--port', 'tcp/443']);
    expect(run.code).toBe(1);
    expect(lines(run)).toEqual([
      'blocked: the VPC Net/B to the VPC Net/C on tcp/443',
      "PEERING_NOT_TRANSITIVE: 10.3.0.0/24 is not in Net/A (A): Net/PcxAB (PcxAB) delivers only to the peer VPC's blocks (no transitive or edge-to-edge routing)",
      'path of Net/SubnetB (SubnetB) to Net/SubnetC (SubnetC) (the first pair blocked; sources and destinations in construct-path order):',
      '  1. subnet Net/SubnetB (SubnetB)',
      `  2. network-acl egress ${DEFAULT_ACL('B')}`,
      '  3. route-table Net/RtB (RtB) [10.3.0.0/16 -> peering Net/PcxAB (Net/BToCViaA (BToCViaA))]',
      '  4. peering Net/PcxAB (PcxAB) [10.3.0.0/16 -> peering Net/PcxAB (Net/BToCViaA (BToCViaA))]',
    ]);
  });

  test('C to B is NO_ROUTE: C has no route to B at all (its network ACL lets the packet out first): exit 1', () => {
    const run = cli(['reach', peered, '--from', 'Net/C', '--to', 'Net/B', '--port', 'tcp/443']);
    expect(run.code).toBe(1);
    expect(lines(run)).toEqual([
      'blocked: the VPC Net/C to the VPC Net/B on tcp/443',
      'NO_ROUTE: Net/RtC (RtC) has no route to 10.2.0.0/24',
      'path of Net/SubnetC (SubnetC) to Net/SubnetB (SubnetB) (the first pair blocked; sources and destinations in construct-path order):',
      '  1. subnet Net/SubnetC (SubnetC)',
      '  2. network-acl egress Net/AclC (AclC) [rule 100 allow all traffic to 0.0.0.0/0 (Net/COutAll (COutAll)) allows tcp port 443]',
      '  3. route-table Net/RtC (RtC)',
    ]);
  });

  test('the port decides at a network ACL: A to C on tcp/443 reachable, on udp/53 and on all traffic NACL_INGRESS', () => {
    const tcp = cli(['reach', peered, '--from', 'Net/A', '--to', 'Net/C', '--port', 'tcp/443']);
    expect(tcp.code).toBe(0);
    expect(lines(tcp)).toContain(
      '   5. network-acl ingress Net/AclC (AclC) [rule 100 allow tcp port 443 from 10.1.0.0/16 (Net/CIn443 (CIn443)) allows tcp port 443]',
    );
    const udp = cli(['reach', peered, '--from', 'Net/A', '--to', 'Net/C', '--port', 'udp/53']);
    expect(udp.code).toBe(1);
    expect(lines(udp).slice(0, 2)).toEqual([
      'blocked: the VPC Net/A to the VPC Net/C on udp/53',
      'NACL_INGRESS: Net/AclC (AclC) denies udp port 53 inbound from 10.1.0.0/24 (no entry allows it: the implicit deny)',
    ]);
    // No --port: every packet must get there (as a NetworkIntent of ec2.Port.allTraffic()).
    const all = cli(['reach', peered, '--from', 'Net/A', '--to', 'Net/C']);
    expect(all.code).toBe(1);
    expect(lines(all)[0]).toBe('blocked: the VPC Net/A to the VPC Net/C on all traffic');
    expect(lines(all)[1]).toMatch(/^NACL_INGRESS: Net\/AclC \(AclC\) denies tcp port 0-442, 444-1023; udp all ports; /);
    expect(cli(['reach', peered, '--from', 'Net/A', '--to', 'Net/C', '--port', 'all']).stdout).toBe(all.stdout);
  });

  test("a transit gateway: D to F is RETURN_PATH (F's route table has no route back), D to E is TGW_NO_ROUTE", () => {
    const df = cli(['reach', transit, '--from', 'Hub/D', '--to', 'Hub/F', '--port', 'tcp/443']);
    expect(df.code).toBe(1);
    expect(lines(df)).toEqual([
      'blocked: the VPC Hub/D to the VPC Hub/F on tcp/443',
      'RETURN_PATH: the reply from Hub/SubnetF (SubnetF) to 10.4.0.0/24 is dropped (TGW_NO_ROUTE): Hub/Services (Services) has no route to 10.4.0.0/24',
      'path of Hub/SubnetD (SubnetD) to Hub/SubnetF (SubnetF) (the first pair blocked; sources and destinations in construct-path order):',
      '   1. subnet Hub/SubnetD (SubnetD)',
      '   2. network-acl egress the default network ACL of Hub/D (D) [allows all traffic (a default network ACL)]',
      '   3. route-table Hub/RtD (RtD) [10.0.0.0/8 -> transit-gateway Hub/Tgw (Hub/DToTgw (DToTgw))]',
      '   4. transit-gateway-attachment Hub/DAtt (DAtt)',
      '   5. transit-gateway-route-table Hub/Spokes (Spokes) [10.6.0.0/16 -> Hub/FAtt (FAtt) (propagated by Hub/FIntoSpokes (FIntoSpokes))]',
      '   6. transit-gateway-attachment Hub/FAtt (FAtt) [10.6.0.0/16 -> Hub/FAtt (FAtt) (propagated by Hub/FIntoSpokes (FIntoSpokes))]',
      '   7. subnet Hub/SubnetF (SubnetF)',
      '   8. route-table Hub/RtF (RtF) [10.6.0.0/16 -> local]',
      '   9. network-acl ingress the default network ACL of Hub/F (F) [allows all traffic (a default network ACL)]',
      '  10. reply subnet Hub/SubnetF (SubnetF)',
      '  11. reply network-acl egress the default network ACL of Hub/F (F) [allows all traffic (a default network ACL)]',
      '  12. reply route-table Hub/RtF (RtF) [10.0.0.0/8 -> transit-gateway Hub/Tgw (Hub/FToTgw (FToTgw))]',
      '  13. reply transit-gateway-attachment Hub/FAtt (FAtt)',
      '  14. reply transit-gateway-route-table Hub/Services (Services)',
    ]);
    const de = cli(['reach', transit, '--from', 'Hub/D', '--to', 'Hub/E', '--port', 'tcp/443']);
    expect(de.code).toBe(1);
    expect(lines(de)[1]).toBe('TGW_NO_ROUTE: Hub/Spokes (Spokes) has no route to 10.5.0.0/24');
    expect(lines(de)[lines(de).length - 1]).toBe('  5. transit-gateway-route-table Hub/Spokes (Spokes)');
  });

  test('undetermined when a value not known at synth decides (a route to a peering of another app): exit 3', () => {
    const run = cli(['reach', transit, '--from', 'Hub/G', '--to', 'Hub/D', '--port', 'tcp/443']);
    expect(run.code).toBe(3);
    expect(lines(run)).toEqual([
      'undetermined: the VPC Hub/G to the VPC Hub/D on tcp/443',
      'not decided: VpcPeeringConnectionId of Hub/GOut (GOut) (a value not in the app) (from Hub/SubnetG (SubnetG) to Hub/SubnetD (SubnetD))',
      'path of Hub/SubnetG (SubnetG) to Hub/SubnetD (SubnetD) (the first pair undetermined; sources and destinations in construct-path order):',
      '  1. subnet Hub/SubnetG (SubnetG)',
      '  2. network-acl egress the default network ACL of Hub/G (G) [allows all traffic (a default network ACL)]',
      '  3. route-table Hub/RtG (RtG) [10.0.0.0/8 -> unknown target (VpcPeeringConnectionId of Hub/GOut (GOut) (a value not in the app)) (Hub/GOut (GOut))]',
    ]);
  });

  test('an outside network (CIDR or address): out by the virtual private gateway and its VPN, and in; no route is NO_ROUTE', () => {
    const out = cli(['reach', peered, '--from', 'app', '--to', '192.168.1.10', '--port', 'tcp/22']);
    expect(out.code).toBe(0);
    expect(lines(out).slice(0, 3)).toEqual([
      'reachable: the VPC Net/A to 192.168.1.10 on tcp/22',
      'every subnet of the VPC Net/A reaches 192.168.1.10 (1 subnet)',
      'path of Net/SubnetA (SubnetA) to 192.168.1.10 (the first pair; sources and destinations in construct-path order):',
    ]);
    // The request leaves by A's route to the gateway (what the engine adds about the VPN beyond it may grow).
    expect(lines(out).slice(3, 7)).toEqual([
      '  1. subnet Net/SubnetA (SubnetA)',
      `  2. network-acl egress ${DEFAULT_ACL('A')}`,
      '  3. route-table Net/RtA (RtA) [192.168.0.0/16 -> vpn-gateway Net/Vgw (Net/AToOnPremises (AToOnPremises))]',
      '  4. gateway Net/Vgw (Vgw)',
    ]);
    const into = cli(['reach', peered, '--from', '192.168.0.0/24', '--to', 'app', '--port', 'tcp/22']);
    expect(into.code).toBe(0);
    expect(lines(into).slice(0, 3)).toEqual([
      'reachable: 192.168.0.0/24 to the VPC Net/A on tcp/22',
      '192.168.0.0/24 reaches every subnet of the VPC Net/A (1 subnet)',
      'path of 192.168.0.0/24 to Net/SubnetA (SubnetA) (the first pair; sources and destinations in construct-path order):',
    ]);
    expect(lines(into)).toContainEqual(
      expect.stringMatching(/ route-table Net\/RtA \(RtA\) \[192\.168\.0\.0\/16 -> vpn-gateway Net\/Vgw /),
    );
    // A has no route to 172.16.0.0/16; B none to on premises, nor to the internet (--to 0.0.0.0/0).
    const none = cli(['reach', peered, '--from', 'Net/A', '--to', '172.16.0.0/16']);
    expect([none.code, lines(none)[1]]).toEqual([1, 'NO_ROUTE: Net/RtA (RtA) has no route to 172.16.0.0/16']);
    for (const to of ['192.168.1.10', '0.0.0.0/0']) {
      const b = cli(['reach', peered, '--from', 'Net/B', '--to', to]);
      expect([b.code, lines(b)[1]]).toEqual([
        1,
        `NO_ROUTE: Net/RtB (RtB) has no route to ${to.includes('/') ? to : `${to}/32`}`,
      ]);
    }
  });

  test('--format json: the same answer as an object (status, ends as intent records, port, code, reason, pair, path)', () => {
    const run = cli(['reach', transit, '--from', 'Hub/F', '--to', 'Hub/D', '--port', 'tcp/443', '--format', 'json']);
    expect(run.code).toBe(1);
    const vpcEnd = (id: string) => ({
      kind: 'vpc',
      vpc: { stack: 'Hub', logicalId: id, path: `Hub/${id}` },
      text: `the VPC Hub/${id}`,
    });
    expect(json(run)).toEqual({
      status: 'blocked',
      from: vpcEnd('F'),
      to: vpcEnd('D'),
      port: { protocol: 'tcp', fromPort: 443, toPort: 443, text: 'tcp/443' },
      code: 'TGW_NO_ROUTE',
      reason: 'Hub/Services (Services) has no route to 10.4.0.0/24',
      pair: { from: 'Hub/SubnetF (SubnetF)', to: 'Hub/SubnetD (SubnetD)' },
      pairs: 1,
      path: [
        'subnet Hub/SubnetF (SubnetF)',
        'network-acl egress the default network ACL of Hub/F (F) [allows all traffic (a default network ACL)]',
        'route-table Hub/RtF (RtF) [10.0.0.0/8 -> transit-gateway Hub/Tgw (Hub/FToTgw (FToTgw))]',
        'transit-gateway-attachment Hub/FAtt (FAtt)',
        'transit-gateway-route-table Hub/Services (Services)',
      ],
    });
    // The path is the text's, hop for hop.
    const text = cli(['reach', transit, '--from', 'Hub/F', '--to', 'Hub/D', '--port', 'tcp/443']);
    expect(
      lines(text)
        .slice(3)
        .map((l) => l.replace(/^\s*\d+\. /, '')),
    ).toEqual(json(run).path);
    const cidr = json(
      cli(['reach', peered, '--from', 'Net/A', '--to', '10.99.0.0/16', '--port', 'udp/53', '--format', 'json']),
    );
    expect([cidr.status, cidr.to, cidr.port]).toEqual([
      'blocked',
      { kind: 'cidr', cidr: '10.99.0.0/16', text: '10.99.0.0/16' },
      { protocol: 'udp', fromPort: 53, toPort: 53, text: 'udp/53' },
    ]);
    // An IPv6 block is an outside network too; A has no IPv6 block, so no packet of that family leaves it.
    const v6 = json(cli(['reach', peered, '--from', 'Net/A', '--to', '2001:db8::/32', '--format', 'json']));
    expect([v6.status, v6.code, v6.to]).toEqual([
      'blocked',
      'NO_ROUTE',
      { kind: 'cidr', cidr: '2001:db8::/32', text: '2001:db8::/32' },
    ]);
  });

  test('--port forms: ranges, ICMP types and all are read as an intent records them', () => {
    const port = (p: string) =>
      json(cli(['reach', peered, '--from', 'Net/A', '--to', 'Net/B', '--port', p, '--format', 'json'])).port;
    expect(port('tcp/1024-2048')).toEqual({ protocol: 'tcp', fromPort: 1024, toPort: 2048, text: 'tcp/1024-2048' });
    expect(port('TCP/443')).toEqual({ protocol: 'tcp', fromPort: 443, toPort: 443, text: 'tcp/443' });
    expect(port('icmp')).toEqual({ protocol: 'icmp', text: 'icmp (every type)' });
    expect(port('icmp/8')).toEqual({ protocol: 'icmp', fromPort: 8, toPort: 8, text: 'icmp type 8' });
    expect(port('icmpv6')).toEqual({ protocol: 'icmpv6', text: 'icmpv6 (every type)' });
    expect(port('all')).toEqual({ protocol: 'all', text: 'all traffic' });
  });

  test("--output FILE: the answer is written there; the exit code is the answer's", () => {
    const file = path.join(path.dirname(peered), 'out', 'answer.txt');
    const run = cli(['reach', peered, '--from', 'Net/B', '--to', 'Net/C', '--output', file]);
    expect([run.code, run.stdout, run.stderr]).toEqual([1, '', '']);
    expect(fs.readFileSync(file, 'utf-8')).toBe(cli(['reach', peered, '--from', 'Net/B', '--to', 'Net/C']).stdout);
  });
});

describe('reach: naming a VPC', () => {
  const answerFrom = (assembly: string, from: string) =>
    json(cli(['reach', assembly, '--from', from, '--to', 'Net/A', '--port', 'tcp/443', '--format', 'json']));

  test('by construct path, logical id or Name tag; an ec2.Vpc by its L2 path or its L1 path (.../Resource)', () => {
    const byPath = answerFrom(peered, 'Net/C');
    expect(byPath.status).toBe('reachable');
    // C is tagged Name spoke, as B is: its tag is ambiguous, its logical id is not.
    expect(answerFrom(peered, 'C')).toEqual(byPath);
    const byTag = answerFrom(peered, 'app');
    expect(byTag.from.vpc).toEqual({ stack: 'Net', logicalId: 'A', path: 'Net/A' });
    const edgeId = logicalIdAt(peered, 'Net', 'Net/Edge/Resource');
    const edge = answerFrom(peered, 'Net/Edge');
    expect(edge.from).toEqual({
      kind: 'vpc',
      vpc: { stack: 'Net', logicalId: edgeId, path: 'Net/Edge' },
      text: 'the VPC Net/Edge',
    });
    expect(edge.status).toBe('blocked');
    expect(edge.code).toBe('NO_ROUTE');
    for (const name of ['Net/Edge/Resource', edgeId]) expect(answerFrom(peered, name)).toEqual(edge);
  });

  test.each([
    [
      'a Name tag two VPCs have',
      () => ['reach', peered, '--from', 'spoke', '--to', 'Net/A'],
      'cdk-vpc-connectivity: --from spoke: 2 VPCs answer to this name: Net/B (logical id B, stack Net, Name spoke); Net/C (logical id C, stack Net, Name spoke); name one by its construct path\n',
    ],
    [
      'a logical id of two stacks',
      () => ['reach', twins, '--from', 'One/Vpc', '--to', 'Vpc'],
      'cdk-vpc-connectivity: --to Vpc: 2 VPCs answer to this name: One/Vpc (logical id Vpc, stack One, Name shared); Two/Vpc (logical id Vpc, stack Two, Name shared); name one by its construct path\n',
    ],
    [
      'an unknown name (the closest names listed)',
      () => ['reach', peered, '--from', 'Net/A', '--to', 'Net/Edg'],
      'cdk-vpc-connectivity: --to Net/Edg: no VPC has this construct path, logical id or Name tag; the closest: Net/Edge (logical id EDGE, stack Net, Name Net/Edge); Net/A (logical id A, stack Net, Name app); Net/B (logical id B, stack Net, Name spoke)\n',
    ],
    [
      'an unknown Name tag, matched without case',
      () => ['reach', peered, '--from', 'APP', '--to', 'Net/B'],
      /^cdk-vpc-connectivity: --from APP: no VPC has this construct path, logical id or Name tag; the closest: Net\/A \(logical id A, stack Net, Name app\); /,
    ],
  ])('%s: exit 2, one line', (_, argv, message) => {
    const run = cli(argv());
    expect([run.code, run.stdout]).toEqual([2, '']);
    if (typeof message === 'string') {
      expect(run.stderr).toBe(message.replace('EDGE', logicalIdAt(peered, 'Net', 'Net/Edge/Resource')));
    } else {
      expect(run.stderr).toMatch(message);
    }
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('a plain template: a VPC by logical id, or by <file name>/<logical id> (its path); no subnet is undetermined', () => {
    const run = cli(['reach', YAML_TEMPLATE, '--from', 'AppVpc', '--to', 'network.yaml/DataVpc', '--port', 'tcp/5432']);
    // The YAML's Name tags are intrinsics (!Join, !Sub): not names known at synth.
    expect(cli(['reach', YAML_TEMPLATE, '--from', 'prod-app', '--to', 'DataVpc']).code).toBe(2);
    expect([run.code, run.stdout]).toEqual([
      3,
      [
        'undetermined: the VPC network.yaml/AppVpc to the VPC network.yaml/DataVpc on tcp/5432',
        "not decided: the subnets of the VPC network.yaml/DataVpc (it has none in the app's templates)",
        '',
      ].join('\n'),
    ]);
  });

  test('the two twins, each named by its path, are answered (no route between them)', () => {
    const run = cli(['reach', twins, '--from', 'One/Vpc', '--to', 'Two/Vpc']);
    expect([run.code, lines(run)[1]]).toEqual([
      1,
      'NO_ROUTE: main route table of One/Vpc (Vpc) has no route to 10.2.0.0/24',
    ]);
  });
});

describe('reach: bad command lines (exit 2, one line naming the option, the value and the fix)', () => {
  test.each([
    [['--port', 'tcp/99999'], '--port tcp/99999: the port is 0-65535'],
    [['--port', 'tcp'], '--port tcp: give the port (tcp/443, or a range tcp/1024-2048)'],
    [['--port', 'udp/dns'], "--port udp/dns: port 'dns' is not a number (udp/443, udp/1024-2048)"],
    [['--port', 'tcp/2048-1024'], '--port tcp/2048-1024: a range is low-high (tcp/1024-2048)'],
    [['--port', 'icmp/300'], '--port icmp/300: the icmp type is 0-255'],
    [['--port', 'icmp/echo'], "--port icmp/echo: icmp type 'echo' is not a number (icmp/8)"],
    [['--port', '443'], '--port 443: give the protocol (tcp/443 or udp/443)'],
    [['--port', 'all/443'], '--port all/443: all is every protocol and port: write all alone, or tcp/PORT, udp/PORT'],
    [
      ['--port', 'sctp/5'],
      "--port sctp/5: unknown protocol 'sctp'; use tcp/PORT, udp/PORT, icmp, icmp/TYPE, icmpv6 or all",
    ],
    [
      ['--to', '10.0.0.300'],
      '--to 10.0.0.300: not a CIDR block or an address; write a block such as 10.99.0.0/16 or an address such as 192.168.1.10',
    ],
    [
      ['--from', '10.0.0.0/8', '--to', '192.168.0.0/16'],
      '--from 10.0.0.0/8 --to 192.168.0.0/16: both are networks outside the app, and reach follows paths through its VPCs; name a VPC on one side (its construct path, logical id or Name tag)',
    ],
    [['--format', 'sarif'], '--format sarif: reach prints text or json'],
    [['--matrix'], '--matrix: an option of check only (see --help)'],
    [['--previous', 'cdk.out'], '--previous: an option of check only (see --help)'],
  ])('%j', (args, message) => {
    const argv = ['reach', 'nowhere/cdk.out', '--from', 'Net/A', '--to', 'Net/B', ...args];
    const run = cli(argv);
    expect([run.code, run.stdout, run.stderr]).toEqual([2, '', `cdk-vpc-connectivity: ${message}\n`]);
  });

  test.each([
    [
      ['reach', 'cdk.out', '--to', 'Net/B'],
      "reach: give --from <VPC | CIDR> (a VPC's construct path, logical id or Name tag, or a CIDR block)",
    ],
    [
      ['reach', 'cdk.out', '--from', 'Net/A'],
      "reach: give --to <VPC | CIDR> (a VPC's construct path, logical id or Name tag, or a CIDR block)",
    ],
    [
      ['reach', '--from', 'Net/A', '--to', 'Net/B'],
      'reach: give a cloud assembly directory (cdk.out) or template files to reach',
    ],
    [['check', 'cdk.out', '--port', 'tcp/443'], '--port: an option of reach only (see --help)'],
    [['reach', 'nowhere', '--from', 'Net/A', '--to', 'Net/B'], 'nowhere: no such file or directory'],
  ])('%j', (argv, message) => {
    const run = cli(argv);
    expect([run.code, run.stdout, run.stderr]).toEqual([2, '', `cdk-vpc-connectivity: ${message}\n`]);
  });

  test('an app without VPCs: a VPC name is bad input', () => {
    const dir = path.join(path.dirname(peered), 'plain');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'empty.json');
    fs.writeFileSync(file, JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } }));
    const run = cli(['reach', file, '--from', 'Net/A', '--to', '10.0.0.0/8']);
    expect([run.code, run.stderr]).toEqual([
      2,
      'cdk-vpc-connectivity: --from Net/A: the inputs have no VPC (AWS::EC2::VPC); give a CIDR block or address\n',
    ]);
  });
});
