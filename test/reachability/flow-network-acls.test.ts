/**
 * evaluateFlow, network ACLs: stateless and ordered (the lowest rule number that matches decides, the implicit deny
 * at the end), checked at the source subnet outbound and the destination subnet inbound, and for the reply (to the
 * client's ephemeral port) at the destination subnet outbound and the source subnet inbound.
 *
 * A network ACL that drops the reply gives NACL_EGRESS (at the destination subnet) or NACL_INGRESS (at the source
 * subnet), with a reason that starts `the reply:`: the code names the component that blocks, as for the request;
 * RETURN_PATH is kept for the reply's routing.
 */
import { App, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { flowHops, flowOf, modelOf } from './helpers';
import { igw, route, routeTable, subnet, vpc } from '../guard/l1';
import { testStack } from '../support';

const NACLS = 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html';
const NACL_RULES = 'https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html';
const EPHEMERAL = 'https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html';

/** One VPC (10.0.0.0/16) with SubnetApp (10.0.0.0/24) and SubnetDb (10.0.1.0/24), one route table. */
function oneVpc(stack: Stack) {
  const v = vpc(stack, 'Vpc', '10.0.0.0/16');
  const app = subnet(stack, 'SubnetApp', v, '10.0.0.0/24');
  const db = subnet(stack, 'SubnetDb', v, '10.0.1.0/24');
  const rt = routeTable(stack, 'Rt', v, [app, db]);
  return { vpc: v, app, db, rt };
}

type Entry = {
  n: number;
  egress?: boolean;
  action?: 'allow' | 'deny';
  protocol?: number;
  ports?: [number, number];
  cidr?: string;
  ipv6?: string;
};

/** A network ACL associated with the subnet, with the given entries. */
function acl(stack: Stack, id: string, v: ec2.CfnVPC, s: ec2.CfnSubnet, entries: Entry[]) {
  const a = new ec2.CfnNetworkAcl(stack, id, { vpcId: v.ref });
  new ec2.CfnSubnetNetworkAclAssociation(stack, `${id}Assoc`, { networkAclId: a.ref, subnetId: s.ref });
  for (const e of entries) {
    new ec2.CfnNetworkAclEntry(stack, `${id}${e.egress ? 'Out' : 'In'}${e.n}`, {
      networkAclId: a.ref,
      ruleNumber: e.n,
      egress: e.egress ?? false,
      ruleAction: e.action ?? 'allow',
      protocol: e.protocol ?? 6,
      portRange: e.ports && (e.protocol ?? 6) !== -1 ? { from: e.ports[0], to: e.ports[1] } : undefined,
      ...(e.ipv6 ? { ipv6CidrBlock: e.ipv6 } : { cidrBlock: e.cidr ?? '10.0.0.0/16' }),
    });
  }
  return a;
}

/** The entries of a subnet that talks to the VPC on `port` (outbound) and takes the replies (inbound, ephemeral). */
const client = (port: number): Entry[] => [
  { n: 100, egress: true, ports: [port, port] },
  { n: 100, ports: [1024, 65535] },
];
/** The entries of a subnet that serves `port` to the VPC and sends the replies to the ephemeral ports. */
const server = (port: number, replyPorts: [number, number] = [1024, 65535]): Entry[] => [
  { n: 100, ports: [port, port] },
  { n: 100, egress: true, ports: replyPorts },
];

describe(`explanation codes of network ACLs (${NACLS})`, () => {
  test('NACL_EGRESS: the source subnet ACL allows 5432 out, and denies 443 by the implicit deny', () => {
    const app = new App();
    const stack = testStack(app);
    const n = oneVpc(stack);
    acl(stack, 'AppAcl', n.vpc, n.app, client(5432));
    const model = modelOf(app);
    const ok = flowOf(model, 'SubnetApp', 'SubnetDb', { fromPort: 5432, toPort: 5432 });
    expect(ok.status).toBe('reachable');
    expect(ok.hops.find((h) => h.kind === 'network-acl' && h.direction === 'egress')!.route).toBe(
      'rule 100 allow tcp port 5432 to 10.0.0.0/16 (Stack/AppAclOut100 (AppAclOut100)) allows tcp port 5432',
    );
    const no = flowOf(model, 'SubnetApp', 'SubnetDb', { fromPort: 443, toPort: 443 });
    expect(no).toMatchObject({
      status: 'blocked',
      code: 'NACL_EGRESS',
      reason:
        'Stack/AppAcl (AppAcl) denies tcp port 443 outbound to 10.0.1.0/24 (no entry allows it: the implicit deny)',
    });
    expect(flowHops(no)).toEqual(['subnet SubnetApp', 'network-acl egress AppAcl']);
    expect(no.hops[1].route).toBe('the implicit deny (*) of Stack/AppAcl (AppAcl) denies tcp port 443');
  });

  test(`NACL_INGRESS: the destination subnet ACL's rules in number order, first match wins (${NACL_RULES})`, () => {
    const app = new App();
    const stack = testStack(app);
    const n = oneVpc(stack);
    // Written out of order: 200 allows the VPC, 100 denies SSH from SubnetApp.
    acl(stack, 'DbAcl', n.vpc, n.db, [
      { n: 200, protocol: -1 },
      { n: 100, action: 'deny', ports: [22, 22], cidr: '10.0.0.0/24' },
      { n: 100, egress: true, protocol: -1 },
    ]);
    const model = modelOf(app);
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { fromPort: 443, toPort: 443 }).status).toBe('reachable');
    const ssh = flowOf(model, 'SubnetApp', 'SubnetDb', { fromPort: 22, toPort: 22 });
    expect(ssh).toMatchObject({
      status: 'blocked',
      code: 'NACL_INGRESS',
      reason:
        'Stack/DbAcl (DbAcl) denies tcp port 22 inbound from 10.0.0.0/24 (rule 100 deny tcp port 22 from 10.0.0.0/24 (Stack/DbAclIn100 (DbAclIn100)))',
    });
    expect(flowHops(ssh).slice(-1)).toEqual(['network-acl ingress DbAcl']);
    // The isolated question: some packet passes (all but SSH).
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { protocol: 'all' })).toMatchObject({
      status: 'reachable',
      packet: { protocol: 'tcp', port: 0 },
    });
    // A range across the denied port: not every port passes.
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { fromPort: 20, toPort: 25 })).toMatchObject({
      status: 'blocked',
      code: 'NACL_INGRESS',
      reason: expect.stringMatching(/^Stack\/DbAcl \(DbAcl\) denies tcp port 22 inbound/),
    });
  });

  test('a custom network ACL without entries denies everything; the default network ACL allows everything', () => {
    const app = new App();
    const stack = testStack(app);
    const n = oneVpc(stack);
    acl(stack, 'Empty', n.vpc, n.db, []);
    const model = modelOf(app);
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { protocol: 'all' })).toMatchObject({
      status: 'blocked',
      code: 'NACL_INGRESS',
      reason: expect.stringMatching(/^Stack\/Empty \(Empty\) denies all traffic inbound from 10\.0\.0\.0\/24/),
    });
    expect(flowOf(model, 'SubnetDb', 'SubnetApp', { protocol: 'all' })).toMatchObject({
      status: 'blocked',
      code: 'NACL_EGRESS',
    });
    // Traffic inside the subnet does not cross its network ACL.
    const within = flowOf(model, 'SubnetDb', 'SubnetDb', { fromPort: 443, toPort: 443 });
    expect(within.status).toBe('reachable');
    expect(within.hops.some((h) => h.kind === 'network-acl')).toBe(false);
  });
});

describe(`the reply to the ephemeral ports (${EPHEMERAL})`, () => {
  test('NACL_EGRESS of the reply: the destination subnet allows only 32768-60999 back (Linux clients); the whole range 1024-65535 is required', () => {
    const app = new App();
    const stack = testStack(app);
    const n = oneVpc(stack);
    acl(stack, 'AppAcl', n.vpc, n.app, client(5432));
    acl(stack, 'DbAcl', n.vpc, n.db, server(5432, [32768, 60999]));
    const model = modelOf(app);
    const r = flowOf(model, 'SubnetApp', 'SubnetDb', { fromPort: 5432, toPort: 5432 });
    expect(r).toMatchObject({
      status: 'blocked',
      code: 'NACL_EGRESS',
      reason:
        'the reply: Stack/DbAcl (DbAcl) denies tcp port 1024-32767, 61000-65535 outbound to 10.0.0.0/24 (no entry allows it: the implicit deny) (a reply goes to an ephemeral port of the client, 1024-65535: allow the whole range)',
    });
    expect(flowHops(r).slice(-2)).toEqual(['reply subnet SubnetDb', 'reply network-acl egress DbAcl']);
    // The isolated question: a reply on some ephemeral port passes, so some packet gets there and back.
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { protocol: 'all' })).toMatchObject({
      status: 'reachable',
      packet: { protocol: 'tcp', port: 5432 },
    });
  });

  test('the whole ephemeral range both ways: reachable; the source subnet denying the replies: NACL_INGRESS of the reply', () => {
    const app = new App();
    const stack = testStack(app);
    const n = oneVpc(stack);
    acl(stack, 'AppAcl', n.vpc, n.app, [
      { n: 100, egress: true, ports: [5432, 5432] },
      { n: 100, ports: [0, 1023] },
    ]);
    acl(stack, 'DbAcl', n.vpc, n.db, server(5432));
    const model = modelOf(app);
    const r = flowOf(model, 'SubnetApp', 'SubnetDb', { fromPort: 5432, toPort: 5432 });
    expect(r).toMatchObject({
      status: 'blocked',
      code: 'NACL_INGRESS',
      reason: expect.stringMatching(
        /^the reply: Stack\/AppAcl \(AppAcl\) denies tcp port 1024-65535 inbound from 10\.0\.1\.0\/24/,
      ),
    });
    expect(r.hops[r.hops.length - 1]).toMatchObject({ kind: 'network-acl', direction: 'ingress', reply: true });
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { protocol: 'all' })).toMatchObject({
      status: 'blocked',
      code: 'NACL_INGRESS',
    });
  });

  test('both subnets allow the whole ephemeral range: reachable, with every hop of the request and the reply', () => {
    const app = new App();
    const stack = testStack(app);
    const n = oneVpc(stack);
    acl(stack, 'AppAcl', n.vpc, n.app, client(5432));
    acl(stack, 'DbAcl', n.vpc, n.db, server(5432));
    const model = modelOf(app);
    const r = flowOf(model, 'SubnetApp', 'SubnetDb', { fromPort: 5432, toPort: 5432 });
    expect(r.status).toBe('reachable');
    expect(flowHops(r)).toEqual([
      'subnet SubnetApp',
      'network-acl egress AppAcl',
      'route-table Rt',
      'network-acl ingress DbAcl',
      'reply subnet SubnetDb',
      'reply network-acl egress DbAcl',
      'reply route-table Rt',
      'reply network-acl ingress AppAcl',
    ]);
    expect(r.hops[5].route).toBe(
      'rule 100 allow tcp port 1024-65535 to 10.0.0.0/16 (Stack/DbAclOut100 (DbAclOut100)) allows tcp port 1024-65535',
    );
  });

  test('ICMP: an echo request (type 8) needs its echo reply (type 0) back; other ICMP messages have no reply', () => {
    const app = new App();
    const stack = testStack(app);
    const n = oneVpc(stack);
    const a = acl(stack, 'DbAcl', n.vpc, n.db, [{ n: 100, protocol: 1 }]);
    // Outbound: echo request only (not the echo reply); the entry's ICMP type is written in Icmp.
    new ec2.CfnNetworkAclEntry(stack, 'DbAclOutEcho', {
      networkAclId: a.ref,
      ruleNumber: 100,
      egress: true,
      ruleAction: 'allow',
      protocol: 1,
      icmp: { type: 8, code: -1 },
      cidrBlock: '10.0.0.0/16',
    });
    const model = modelOf(app);
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { protocol: 'icmp', fromPort: 8, toPort: 8 })).toMatchObject({
      status: 'blocked',
      code: 'NACL_EGRESS',
      reason: expect.stringMatching(
        /^the reply: Stack\/DbAcl \(DbAcl\) denies icmp type 0 outbound to 10\.0\.0\.0\/24/,
      ),
    });
    // Destination unreachable (type 3) has no reply: it gets there.
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { protocol: 'icmp', fromPort: 3, toPort: 3 }).status).toBe(
      'reachable',
    );
    // The isolated question: some ICMP message gets there.
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { protocol: 'all' })).toMatchObject({
      status: 'reachable',
      packet: { protocol: 'icmp', port: 0 },
    });
  });

  test('to the internet: the source subnet outbound to 0.0.0.0/0 and the replies inbound; no destination filters', () => {
    const app = new App();
    const stack = testStack(app);
    const n = oneVpc(stack);
    const gw = igw(stack, 'Igw', n.vpc);
    route(stack, 'Out', n.rt, '0.0.0.0/0', { gatewayId: gw.gw.ref }).addDependency(gw.attachment);
    acl(stack, 'AppAcl', n.vpc, n.app, [
      { n: 100, egress: true, ports: [443, 443], cidr: '0.0.0.0/0' },
      { n: 100, ports: [1024, 65535], cidr: '0.0.0.0/0' },
    ]);
    acl(stack, 'DbAcl', n.vpc, n.db, [{ n: 100, egress: true, ports: [443, 443], cidr: '0.0.0.0/0' }]);
    const model = modelOf(app);
    const web = flowOf(model, 'SubnetApp', '0.0.0.0/0', { fromPort: 443, toPort: 443, toAddress: true });
    expect(web).toMatchObject({
      status: 'reachable',
      forward: { deliveredTo: { gateway: expect.objectContaining({ logicalId: 'Igw' }) } },
    });
    expect(flowHops(web)).toEqual([
      'subnet SubnetApp',
      'network-acl egress AppAcl',
      'route-table Rt',
      'gateway Igw',
      'reply network-acl ingress AppAcl',
    ]);
    expect(flowOf(model, 'SubnetDb', '0.0.0.0/0', { fromPort: 443, toPort: 443, toAddress: true })).toMatchObject({
      status: 'blocked',
      code: 'NACL_INGRESS',
      reason: expect.stringMatching(/^the reply: Stack\/DbAcl/),
    });
  });

  test('IPv6 entries (Ipv6CidrBlock) filter IPv6 traffic only', () => {
    const app = new App();
    const stack = testStack(app);
    const v = vpc(stack, 'Vpc', '10.0.0.0/16');
    new ec2.CfnVPCCidrBlock(stack, 'V6', { vpcId: v.ref, ipv6CidrBlock: '2001:db8:1::/56' });
    const dual = (id: string, v4: string, v6: string) =>
      new ec2.CfnSubnet(stack, id, { vpcId: v.ref, cidrBlock: v4, ipv6CidrBlock: v6, availabilityZone: 'us-east-1a' });
    const a = dual('SubnetApp', '10.0.0.0/24', '2001:db8:1::/64');
    const b = dual('SubnetDb', '10.0.1.0/24', '2001:db8:1:1::/64');
    routeTable(stack, 'Rt', v, [a, b]);
    acl(stack, 'DbAcl', v, b, [
      { n: 100, ports: [443, 443], ipv6: '2001:db8:1::/56' },
      { n: 110, egress: true, ports: [1024, 65535], ipv6: '2001:db8:1::/56' },
    ]);
    const model = modelOf(app);
    // IPv4 is denied (no IPv4 entry), IPv6 passes: the flow is reachable by IPv6.
    const r = flowOf(model, 'SubnetApp', 'SubnetDb', { fromPort: 443, toPort: 443 });
    expect(r.status).toBe('reachable');
    expect(r.hops[2].route).toBe('2001:db8:1::/56 -> local');
    expect(r.hops[3].route).toMatch(/^rule 100 allow tcp port 443 from 2001:db8:1::\/56/);
  });
});

describe('values not known at synth: undetermined, never blocked', () => {
  test('an entry of a token CIDR, a network ACL not in the app', () => {
    const app = new App();
    const stack = testStack(app);
    const v = vpc(stack, 'Vpc', '10.0.0.0/16');
    const subnets = ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24'].map((c, i) =>
      subnet(stack, ['SubnetApp', 'SubnetDb', 'SubnetWeb'][i], v, c),
    );
    routeTable(stack, 'Rt', v, subnets);
    const a = new ec2.CfnNetworkAcl(stack, 'DbAcl', { vpcId: v.ref });
    new ec2.CfnSubnetNetworkAclAssociation(stack, 'DbAclAssoc', { networkAclId: a.ref, subnetId: subnets[1].ref });
    new ec2.CfnNetworkAclEntry(stack, 'FromImported', {
      networkAclId: a.ref,
      ruleNumber: 100,
      egress: false,
      ruleAction: 'allow',
      protocol: -1,
      cidrBlock: Fn.importValue('clients'),
    });
    new ec2.CfnSubnetNetworkAclAssociation(stack, 'AppAclAssoc', {
      networkAclId: 'acl-0123456789abcdef0',
      subnetId: subnets[0].ref,
    });
    const model = modelOf(app);
    expect(flowOf(model, 'SubnetWeb', 'SubnetDb', { protocol: 'all' })).toMatchObject({
      status: 'undetermined',
      reason: 'the CidrBlock of Stack/FromImported (FromImported)',
    });
    expect(flowOf(model, 'SubnetWeb', 'SubnetApp', { protocol: 'all' })).toMatchObject({
      status: 'undetermined',
      reason: 'the network ACL of Stack/AppAclAssoc (AppAclAssoc) (not in the app)',
    });
    // Between two subnets of the default network ACL: reachable.
    expect(flowOf(model, 'SubnetWeb', 'SubnetWeb', { protocol: 'all' }).status).toBe('reachable');
  });
});
