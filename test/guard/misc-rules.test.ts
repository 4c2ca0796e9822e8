/** Network ACL, prefix list and CloudFormation rules, each with a compliant and a non-compliant L1 network. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { guard, guardApp, ids, route, routeTable, subnet, vpc } from './l1';
import { testStack } from '../support';

describe('NG-NACL-001 network ACL entries and NG-NACL-002 subnet associations', () => {
  function build(
    o: { number?: number; dupNumber?: boolean; ports?: [number, number]; icmpOnTcp?: boolean; twoAcls?: boolean } = {},
  ) {
    return guard((s) => {
      const v = vpc(s, 'V', '10.0.0.0/16');
      const acl = new ec2.CfnNetworkAcl(s, 'Acl', { vpcId: v.ref });
      const sub = subnet(s, 'S', v, '10.0.0.0/24');
      new ec2.CfnSubnetNetworkAclAssociation(s, 'AclAssoc', { networkAclId: acl.ref, subnetId: sub.ref });
      new ec2.CfnNetworkAclEntry(s, 'Https', {
        networkAclId: acl.ref,
        ruleNumber: o.number ?? 100,
        protocol: 6,
        ruleAction: 'allow',
        cidrBlock: '0.0.0.0/0',
        portRange: { from: o.ports?.[0] ?? 443, to: o.ports?.[1] ?? 443 },
        icmp: o.icmpOnTcp ? { code: -1, type: -1 } : undefined,
      });
      new ec2.CfnNetworkAclEntry(s, 'Ping', {
        networkAclId: acl.ref,
        ruleNumber: o.dupNumber ? (o.number ?? 100) : 110,
        protocol: 1,
        ruleAction: 'allow',
        cidrBlock: '10.0.0.0/8',
        icmp: { code: -1, type: 8 },
      });
      if (o.twoAcls) {
        const other = new ec2.CfnNetworkAcl(s, 'Other', { vpcId: v.ref });
        new ec2.CfnSubnetNetworkAclAssociation(s, 'OtherAssoc', { networkAclId: other.ref, subnetId: sub.ref });
      }
    });
  }
  test('valid entries, one ACL per subnet: no finding', () => {
    const g = build();
    expect(g.of('NG-NACL-001')).toEqual([]);
    expect(g.of('NG-NACL-002')).toEqual([]);
  });
  test.each([
    [{ number: 40000 }, ['Https'], /rule number 40000 outside 1-32766/],
    [{ dupNumber: true }, ['Ping'], /rule number 100 is also used by Https/],
    [{ ports: [443, 80] as [number, number] }, ['Https'], /port range 443-80/],
    [{ icmpOnTcp: true }, ['Https'], /ICMP settings on protocol 6/],
  ])('%j: an error', (o, involved, message) => {
    const found = build(o).of('NG-NACL-001');
    expect(found.map(ids)).toEqual([involved]);
    expect(found[0].message).toMatch(message);
  });
  test('a subnet associated with two network ACLs: an NG-NACL-002 error, no NG-NACL-001', () => {
    const g = build({ twoAcls: true });
    const found = g.of('NG-NACL-002');
    expect(found.map(ids)).toEqual([['OtherAssoc', 'AclAssoc']]);
    expect(found[0].message).toMatch(/associated with two network ACLs \(AclAssoc and OtherAssoc\)/);
    expect(g.of('NG-NACL-001')).toEqual([]);
  });
});

describe('NG-PFX-001 prefix lists and NG-PFX-003 the route quota with prefix lists counted', () => {
  function build(o: { entries?: string[]; max?: number; family?: string; routes?: number } = {}) {
    return guard((s) => {
      const pl = new ec2.CfnPrefixList(s, 'Pl', {
        prefixListName: 'corp',
        addressFamily: o.family ?? 'IPv4',
        maxEntries: o.max ?? 10,
        entries: (o.entries ?? ['10.0.0.0/16']).map((cidr) => ({ cidr })),
      });
      const rt = routeTable(s, 'Rt', vpc(s, 'V', '192.168.0.0/16'));
      new ec2.CfnRoute(s, 'ToPl', {
        routeTableId: rt.ref,
        destinationPrefixListId: pl.attrPrefixListId,
        transitGatewayId: 'tgw-0123456789abcdef0',
      });
      for (let i = 0; i < (o.routes ?? 0); i++) {
        route(s, `R${i}`, rt, `172.16.${i}.0/24`, { transitGatewayId: 'tgw-0123456789abcdef0' });
      }
    });
  }
  test('within MaxEntries, right family, route table within quota: no finding', () => {
    const g = build({ routes: 40 });
    expect(g.of('NG-PFX-001')).toEqual([]);
    expect(g.of('NG-PFX-003')).toEqual([]);
  });
  test('more entries than MaxEntries: an error', () =>
    expect(
      build({ entries: ['10.0.0.0/16', '10.1.0.0/16'], max: 1 })
        .of('NG-PFX-001')
        .map(ids),
    ).toEqual([['Pl']]));
  test('an IPv6 entry in an IPv4 list: an error', () =>
    expect(
      build({ entries: ['2001:db8::/32'] })
        .of('NG-PFX-001')
        .map(ids),
    ).toEqual([['Pl']]));
  test('41 routes plus a prefix list of MaxEntries 10: an NG-PFX-003 warning on the route table, no NG-PFX-001', () => {
    const g = build({ routes: 41 });
    expect(g.of('NG-PFX-003').map((f) => [f.level, ...ids(f)])).toEqual([['warning', 'Rt']]);
    expect(g.of('NG-PFX-003')[0].message).toBe(
      'Route table Net/Rt (Rt) counts 51 routes with the MaxEntries of its prefix lists (default quota 50).',
    );
    expect(g.of('NG-PFX-001')).toEqual([]);
  });
  test('more entries than MaxEntries: no NG-PFX-003 for a route table within quota', () =>
    expect(build({ entries: ['10.0.0.0/16', '10.1.0.0/16'], max: 1 }).of('NG-PFX-003')).toEqual([]));
});

describe('NG-CFN-001 stack size', () => {
  const build = (n: number) =>
    guard((s) => {
      const v = vpc(s, 'V', '10.0.0.0/16');
      for (let i = 0; i < n - 1; i++) {
        new ec2.CfnRouteTable(s, `Rt${i}`, { vpcId: v.ref });
      }
    });
  test('450 resources: no finding', () => expect(build(450).of('NG-CFN-001')).toEqual([]));
  test('451 resources: a warning', () =>
    expect(
      build(451)
        .of('NG-CFN-001')
        .map((f) => f.message),
    ).toEqual([expect.stringContaining('Stack Net has 451 resources')]));
});

describe('NG-CFN-002 replacement on update', () => {
  function previous(cidr: string) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ng-prev-'));
    const app = new App({ outdir: dir });
    vpc(testStack(app, 'Net'), 'V', cidr);
    app.synth();
    return dir;
  }
  const build = (dir?: string) => {
    const app = new App();
    vpc(testStack(app, 'Net'), 'V', '10.0.0.0/16');
    return guardApp(app, { previousTemplatesDirectory: dir });
  };
  test('the same CIDR as deployed: no finding', () =>
    expect(build(previous('10.0.0.0/16')).of('NG-CFN-002')).toEqual([]));
  test('a changed VPC CIDR: a warning', () =>
    expect(
      build(previous('10.9.0.0/16'))
        .of('NG-CFN-002')
        .map((f) => f.message),
    ).toEqual(['Net/V (V) changes CidrBlock from "10.9.0.0/16" to "10.0.0.0/16": the update replaces it.']));
  test('no previous template: listed as not checked', () =>
    expect(build().skipped('NG-CFN-002')).toEqual([expect.stringContaining('no previous template')]));
  void Stack;
});

describe('NG-PFX-002 an update of a prefix list changing entries and MaxEntries together', () => {
  function prefixList(s: Stack, entries: string[], maxEntries: number) {
    new ec2.CfnPrefixList(s, 'Spokes', {
      prefixListName: 'spokes',
      addressFamily: 'IPv4',
      maxEntries,
      entries: entries.map((cidr) => ({ cidr })),
    });
  }
  /** Version 1 (two entries, MaxEntries 5) written as the previous templates; version 2 checked against it. */
  function update(entries: string[], maxEntries: number) {
    const previous = fs.mkdtempSync(path.join(os.tmpdir(), 'ng-pfx-prev-'));
    const v1 = new App({ outdir: previous });
    prefixList(testStack(v1, 'Net'), ['10.0.0.0/16', '10.1.0.0/16'], 5);
    v1.synth();
    return guard((s) => prefixList(s, entries, maxEntries), { previousTemplatesDirectory: previous });
  }
  test('entries changed with MaxEntries kept, or MaxEntries changed alone: no finding', () => {
    expect(update(['10.0.0.0/16', '10.1.0.0/16', '10.2.0.0/16'], 5).of('NG-PFX-002')).toEqual([]);
    expect(update(['10.0.0.0/16', '10.1.0.0/16'], 10).of('NG-PFX-002')).toEqual([]);
  });
  test('entries and MaxEntries changed in one update: an error', () => {
    const findings = update(['10.0.0.0/16', '10.1.0.0/16', '10.2.0.0/16'], 10).of('NG-PFX-002');
    expect(findings.map((f) => [ids(f), f.level])).toEqual([[['Spokes'], 'error']]);
    expect(findings[0].message).toMatch(/changes its entries and MaxEntries \(5 to 10\) in one update/);
  });
  test('without previous templates: not checked', () =>
    expect(guard((s) => prefixList(s, ['10.0.0.0/16'], 5)).skipped('NG-PFX-002')).toEqual([
      expect.stringMatching(/^no previous template given/),
    ]));
});
