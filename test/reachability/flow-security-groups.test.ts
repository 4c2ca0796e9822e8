/**
 * evaluateFlow, security groups: stateful allow-lists at both ends (egress at the source, ingress at the
 * destination), rules by CIDR, prefix list or security group, inline and standalone, read as AWS applies them.
 */
import { App, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { flowHops, flowOf, groupOf, modelOf, subnetAt } from './helpers';
import { evaluateFlow } from '../../src/reachability/flow';
import { routeTable, sg, subnet, vpc } from '../guard/l1';
import { testStack } from '../support';

const SECURITY_GROUPS = 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html';
const SG_RULES = 'https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html';

/** One VPC (10.0.0.0/16) with the subnets SubnetApp (10.0.0.0/24), SubnetDb (10.0.1.0/24), SubnetWeb (10.0.2.0/24). */
function oneVpc(stack: Stack) {
  const v = vpc(stack, 'Vpc', '10.0.0.0/16');
  const subnets = [
    subnet(stack, 'SubnetApp', v, '10.0.0.0/24'),
    subnet(stack, 'SubnetDb', v, '10.0.1.0/24'),
    subnet(stack, 'SubnetWeb', v, '10.0.2.0/24'),
  ];
  routeTable(stack, 'Rt', v, subnets);
  return v;
}

describe(`explanation codes of security groups (${SECURITY_GROUPS})`, () => {
  test('SECURITY_GROUP_INGRESS: the destination group allows 5432 from the source group, not 22', () => {
    const app = new App();
    const stack = testStack(app);
    const v = oneVpc(stack);
    const appSg = sg(stack, 'AppSg', v);
    sg(stack, 'DbSg', v, {
      securityGroupIngress: [
        { ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, sourceSecurityGroupId: appSg.attrGroupId },
      ],
    });
    const model = modelOf(app);
    const groups = { sourceGroups: ['AppSg'], destinationGroups: ['DbSg'] };
    const ok = flowOf(model, 'SubnetApp', 'SubnetDb', { fromPort: 5432, toPort: 5432, ...groups });
    expect(ok).toMatchObject({
      status: 'reachable',
      packet: { protocol: 'tcp', port: 5432 },
      passing: 'tcp port 5432',
    });
    expect(flowHops(ok)).toEqual([
      'subnet SubnetApp',
      'security-group egress AppSg',
      'network-acl egress the default network ACL of Stack/Vpc (Vpc)',
      'route-table Rt',
      'network-acl ingress the default network ACL of Stack/Vpc (Vpc)',
      'security-group ingress DbSg',
      'reply subnet SubnetDb',
      'reply network-acl egress the default network ACL of Stack/Vpc (Vpc)',
      'reply route-table Rt',
      'reply network-acl ingress the default network ACL of Stack/Vpc (Vpc)',
    ]);
    expect(ok.hops[1].route).toMatch(/^egress all traffic to 0\.0\.0\.0\/0 \(the default egress rule of Stack\/AppSg/);
    expect(ok.hops[5].route).toBe('ingress tcp port 5432 from Stack/AppSg (Stack/DbSg (DbSg)) allows tcp port 5432');
    const no = flowOf(model, 'SubnetApp', 'SubnetDb', { fromPort: 22, toPort: 22, ...groups });
    expect(no).toMatchObject({
      status: 'blocked',
      code: 'SECURITY_GROUP_INGRESS',
      reason: 'no inbound rule of Stack/DbSg (DbSg) allows tcp port 22 from 10.0.0.0/24 or Stack/AppSg',
    });
    expect(flowHops(no).slice(-1)).toEqual(['security-group ingress DbSg']);
    // A source that is not in AppSg (no group at that end) is not allowed by the reference.
    expect(
      flowOf(model, 'SubnetApp', 'SubnetDb', { fromPort: 5432, toPort: 5432, destinationGroups: ['DbSg'] }),
    ).toMatchObject({ status: 'blocked', code: 'SECURITY_GROUP_INGRESS' });
  });

  test('SECURITY_GROUP_EGRESS: the source group allows 443 to SubnetWeb only; a group without SecurityGroupEgress allows all IPv4', () => {
    const app = new App();
    const stack = testStack(app);
    const v = oneVpc(stack);
    sg(stack, 'Narrow', v, {
      securityGroupEgress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '10.0.2.0/24' }],
    });
    sg(stack, 'Open', v);
    const model = modelOf(app);
    const https = { fromPort: 443, toPort: 443 };
    expect(flowOf(model, 'SubnetApp', 'SubnetWeb', { ...https, sourceGroups: ['Narrow'] }).status).toBe('reachable');
    const no = flowOf(model, 'SubnetApp', 'SubnetDb', { ...https, sourceGroups: ['Narrow'] });
    expect(no).toMatchObject({
      status: 'blocked',
      code: 'SECURITY_GROUP_EGRESS',
      reason: 'no outbound rule of Stack/Narrow (Narrow) allows tcp port 443 to 10.0.1.0/24',
    });
    expect(flowHops(no)).toEqual(['subnet SubnetApp', 'security-group egress Narrow']);
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { ...https, sourceGroups: ['Open'] }).status).toBe('reachable');
    // Several groups at one end: the union of their rules.
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { ...https, sourceGroups: ['Narrow', 'Open'] }).status).toBe(
      'reachable',
    );
  });
});

test(`CDK's allowAllOutbound: false writes a rule that matches no traffic (255.255.255.255/32, ICMP 252-86), read as AWS applies it; allowAllOutbound: true is IPv4 only (${SG_RULES})`, () => {
  const app = new App();
  const stack = testStack(app);
  const v = vpc(stack, 'Vpc', '10.0.0.0/16');
  new ec2.CfnVPCCidrBlock(stack, 'V6', { vpcId: v.ref, ipv6CidrBlock: '2001:db8:1::/56' });
  const dual = (id: string, v4: string, v6: string) =>
    new ec2.CfnSubnet(stack, id, { vpcId: v.ref, cidrBlock: v4, ipv6CidrBlock: v6, availabilityZone: 'us-east-1a' });
  routeTable(stack, 'Rt', v, [
    dual('SubnetApp', '10.0.0.0/24', '2001:db8:1::/64'),
    dual('SubnetDb', '10.0.1.0/24', '2001:db8:1:1::/64'),
  ]);
  const l2Vpc = ec2.Vpc.fromVpcAttributes(stack, 'L2Vpc', { vpcId: v.ref, availabilityZones: ['us-east-1a'] });
  new ec2.SecurityGroup(stack, 'Closed', { vpc: l2Vpc, allowAllOutbound: false });
  new ec2.SecurityGroup(stack, 'Open', { vpc: l2Vpc, allowAllOutbound: true });
  const model = modelOf(app);
  const idAt = (path: string) => model.ofType('AWS::EC2::SecurityGroup').find((g) => g.path === path)!.logicalId;
  const closedId = idAt('Stack/Closed/Resource');
  const openId = idAt('Stack/Open/Resource');
  expect(groupOf(model, closedId).properties.SecurityGroupEgress).toEqual([
    expect.objectContaining({ CidrIp: '255.255.255.255/32', IpProtocol: 'icmp', FromPort: 252, ToPort: 86 }),
  ]);
  const closedFlow = flowOf(model, 'SubnetApp', 'SubnetDb', { protocol: 'all', sourceGroups: [closedId] });
  expect(closedFlow).toMatchObject({ status: 'blocked', code: 'SECURITY_GROUP_EGRESS' });
  // The marker rule does allow ICMP type 252 to 255.255.255.255, as AWS reads it.
  expect(
    flowOf(model, 'SubnetApp', '255.255.255.255', {
      protocol: 'icmp',
      fromPort: 252,
      toPort: 252,
      toAddress: true,
      sourceGroups: [closedId],
    }),
  ).toMatchObject({ status: 'blocked', code: 'NO_ROUTE' });
  // allowAllOutbound: true writes 0.0.0.0/0 only: IPv6 traffic leaves by no rule.
  expect(flowOf(model, 'SubnetApp', 'SubnetDb', { protocol: 'all', sourceGroups: [openId] })).toMatchObject({
    status: 'reachable',
    packet: { protocol: 'tcp', port: 0 },
  });
  const v6 = evaluateFlow(model, {
    from: subnetAt(model, 'SubnetApp'),
    to: '2001:db8:1:1::10',
    protocol: 'tcp',
    fromPort: 443,
    toPort: 443,
    sourceGroups: [groupOf(model, openId)],
  });
  expect(v6).toMatchObject({
    status: 'blocked',
    code: 'SECURITY_GROUP_EGRESS',
    reason: expect.stringMatching(/allows tcp port 443 to 2001:db8:1:1::10\/128$/),
  });
});

describe(`rules (${SG_RULES})`, () => {
  test('a port range: every port of the question must be allowed (`every`), or some (`some`)', () => {
    const app = new App();
    const stack = testStack(app);
    const v = oneVpc(stack);
    sg(stack, 'Svc', v, {
      securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 8000, toPort: 8080, cidrIp: '10.0.0.0/16' }],
    });
    const model = modelOf(app);
    const to = { destinationGroups: ['Svc'] };
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { fromPort: 8000, toPort: 8080, ...to }).status).toBe('reachable');
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { fromPort: 8000, toPort: 8090, ...to })).toMatchObject({
      status: 'blocked',
      code: 'SECURITY_GROUP_INGRESS',
      reason: expect.stringMatching(
        /^no inbound rule of Stack\/Svc \(Svc\) allows tcp port 8081-8090 from 10\.0\.0\.0\/24/,
      ),
    });
    expect(
      flowOf(model, 'SubnetApp', 'SubnetDb', { fromPort: 8000, toPort: 8090, match: 'some', ...to }),
    ).toMatchObject({
      status: 'reachable',
      passing: 'tcp port 8000-8080',
    });
    // The `isolated` question (any packet): one passes, and the result says which.
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { protocol: 'all', ...to })).toMatchObject({
      status: 'reachable',
      packet: { protocol: 'tcp', port: 8000 },
      passing: 'tcp port 8000-8080',
    });
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { protocol: 'udp', ...to })).toMatchObject({
      status: 'blocked',
      code: 'SECURITY_GROUP_INGRESS',
    });
  });

  test('protocol -1 covers every protocol and port; ICMP by type; another protocol number on all ports', () => {
    const app = new App();
    const stack = testStack(app);
    const v = oneVpc(stack);
    sg(stack, 'All', v, { securityGroupIngress: [{ ipProtocol: '-1', cidrIp: '10.0.0.0/24' }] });
    sg(stack, 'Ping', v, {
      securityGroupIngress: [{ ipProtocol: 'icmp', fromPort: 8, toPort: -1, cidrIp: '10.0.0.0/24' }],
    });
    sg(stack, 'Esp', v, { securityGroupIngress: [{ ipProtocol: '50', cidrIp: '10.0.0.0/24' }] });
    const model = modelOf(app);
    for (const protocol of ['tcp', 'udp', 'icmp', 'all'] as const) {
      expect(flowOf(model, 'SubnetApp', 'SubnetDb', { protocol, destinationGroups: ['All'] }).status).toBe('reachable');
    }
    expect(
      flowOf(model, 'SubnetApp', 'SubnetDb', { protocol: 'icmp', fromPort: 8, toPort: 8, destinationGroups: ['Ping'] })
        .status,
    ).toBe('reachable');
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { protocol: 'icmp', destinationGroups: ['Ping'] })).toMatchObject({
      status: 'blocked',
      reason: expect.stringMatching(/allows icmp type 0-7, 9-255 from/),
    });
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { protocol: 'all', destinationGroups: ['Esp'] })).toMatchObject({
      status: 'reachable',
      packet: { protocol: 'protocol 50' },
      passing: 'protocol 50',
    });
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { protocol: 'tcp', destinationGroups: ['Esp'] }).status).toBe(
      'blocked',
    );
  });

  test('a rule block that covers part of the source subnet: not every address passes, some does', () => {
    const app = new App();
    const stack = testStack(app);
    const v = oneVpc(stack);
    sg(stack, 'Half', v, {
      securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '10.0.0.0/25' }],
    });
    sg(stack, 'Halves', v, {
      securityGroupIngress: [
        { ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '10.0.0.0/25' },
        { ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '10.0.0.128/25' },
      ],
    });
    const model = modelOf(app);
    expect(
      flowOf(model, 'SubnetApp', 'SubnetDb', { fromPort: 443, toPort: 443, destinationGroups: ['Half'] }),
    ).toMatchObject({
      status: 'blocked',
      code: 'SECURITY_GROUP_INGRESS',
    });
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { protocol: 'all', destinationGroups: ['Half'] }).status).toBe(
      'reachable',
    );
    // Two halves cover the whole subnet.
    expect(
      flowOf(model, 'SubnetApp', 'SubnetDb', { fromPort: 443, toPort: 443, destinationGroups: ['Halves'] }).status,
    ).toBe('reachable');
  });

  test('standalone AWS::EC2::SecurityGroupIngress and Egress (GroupId by Ref and by GetAtt) count with the inline rules; a SecurityGroupEgress resource does not remove the default egress rule', () => {
    const app = new App();
    const stack = testStack(app);
    const v = oneVpc(stack);
    const db = sg(stack, 'Db', v);
    const client = sg(stack, 'Client', v, {
      securityGroupEgress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '10.0.2.0/24' }],
    });
    const open = sg(stack, 'OpenEgress', v);
    new ec2.CfnSecurityGroupIngress(stack, 'DbFromClient', {
      groupId: db.attrGroupId,
      ipProtocol: 'tcp',
      fromPort: 5432,
      toPort: 5432,
      sourceSecurityGroupId: client.attrGroupId,
    });
    new ec2.CfnSecurityGroupEgress(stack, 'ClientToDb', {
      groupId: client.ref,
      ipProtocol: 'tcp',
      fromPort: 5432,
      toPort: 5432,
      destinationSecurityGroupId: db.attrGroupId,
    });
    new ec2.CfnSecurityGroupEgress(stack, 'OpenToWeb', {
      groupId: open.attrGroupId,
      ipProtocol: 'tcp',
      fromPort: 80,
      toPort: 80,
      cidrIp: '10.0.2.0/24',
    });
    const model = modelOf(app);
    const pg = { fromPort: 5432, toPort: 5432 };
    const ok = flowOf(model, 'SubnetApp', 'SubnetDb', { ...pg, sourceGroups: ['Client'], destinationGroups: ['Db'] });
    expect(ok.status).toBe('reachable');
    expect(ok.hops[1].route).toBe(
      'egress tcp port 5432 to Stack/Db (Stack/ClientToDb (ClientToDb) of Stack/Client (Client)) allows tcp port 5432',
    );
    expect(ok.hops[5].route).toMatch(/^ingress tcp port 5432 from Stack\/Client \(Stack\/DbFromClient/);
    // The destination reference needs the destination to be in Db.
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { ...pg, sourceGroups: ['Client'] })).toMatchObject({
      status: 'blocked',
      code: 'SECURITY_GROUP_EGRESS',
    });
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { ...pg, sourceGroups: ['OpenEgress'] }).status).toBe('reachable');
  });

  test('prefix-list rules: the entries of an AWS::EC2::PrefixList of the app; a list not in the app is undetermined', () => {
    const app = new App();
    const stack = testStack(app);
    const v = oneVpc(stack);
    const clients = new ec2.CfnPrefixList(stack, 'Clients', {
      prefixListName: 'clients',
      addressFamily: 'IPv4',
      maxEntries: 5,
      entries: [{ cidr: '10.0.0.0/24' }, { cidr: '192.168.0.0/16' }],
    });
    sg(stack, 'ByList', v, {
      securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, sourcePrefixListId: clients.ref }],
    });
    sg(stack, 'ByAwsList', v, {
      securityGroupIngress: [
        { ipProtocol: 'tcp', fromPort: 443, toPort: 443, sourcePrefixListId: 'pl-0123456789abcdef0' },
      ],
    });
    sg(stack, 'ToAwsList', v, {
      securityGroupEgress: [
        { ipProtocol: 'tcp', fromPort: 443, toPort: 443, destinationPrefixListId: 'pl-0123456789abcdef0' },
      ],
    });
    sg(stack, 'ToList', v, {
      securityGroupEgress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, destinationPrefixListId: clients.ref }],
    });
    const model = modelOf(app);
    const https = { fromPort: 443, toPort: 443 };
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { ...https, destinationGroups: ['ByList'] }).status).toBe(
      'reachable',
    );
    expect(flowOf(model, 'SubnetWeb', 'SubnetDb', { ...https, destinationGroups: ['ByList'] })).toMatchObject({
      status: 'blocked',
      code: 'SECURITY_GROUP_INGRESS',
    });
    // An unknown value does not decide when the routing drops the packet anyway.
    expect(
      evaluateFlow(model, {
        from: subnetAt(model, 'SubnetApp'),
        to: '192.168.0.1',
        protocol: 'tcp',
        ...https,
        sourceGroups: [groupOf(model, 'ToAwsList')],
      }),
    ).toMatchObject({ status: 'blocked', code: 'NO_ROUTE' });
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { ...https, destinationGroups: ['ByAwsList'] })).toMatchObject({
      status: 'undetermined',
      reason: 'the entries of the prefix list pl-0123456789abcdef0 (Stack/ByAwsList (ByAwsList))',
    });
    expect(flowOf(model, 'SubnetDb', 'SubnetApp', { ...https, sourceGroups: ['ToList'] }).status).toBe('reachable');
    expect(flowOf(model, 'SubnetDb', 'SubnetWeb', { ...https, sourceGroups: ['ToList'] })).toMatchObject({
      status: 'blocked',
      code: 'SECURITY_GROUP_EGRESS',
    });
  });

  test('IPv6: CidrIpv6 rules match IPv6 sources only', () => {
    const app = new App();
    const stack = testStack(app);
    const v = vpc(stack, 'Vpc', '10.0.0.0/16');
    new ec2.CfnVPCCidrBlock(stack, 'V6', { vpcId: v.ref, ipv6CidrBlock: '2001:db8:1::/56' });
    const a = new ec2.CfnSubnet(stack, 'SubnetApp', {
      vpcId: v.ref,
      ipv6Native: true,
      ipv6CidrBlock: '2001:db8:1::/64',
      assignIpv6AddressOnCreation: true,
      availabilityZone: 'us-east-1a',
    });
    const b = new ec2.CfnSubnet(stack, 'SubnetDb', {
      vpcId: v.ref,
      cidrBlock: '10.0.1.0/24',
      ipv6CidrBlock: '2001:db8:1:1::/64',
      availabilityZone: 'us-east-1a',
    });
    routeTable(stack, 'Rt', v, [a, b]);
    sg(stack, 'V6Only', v, {
      securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv6: '2001:db8:1::/56' }],
    });
    sg(stack, 'V4Only', v, {
      securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '0.0.0.0/0' }],
    });
    const model = modelOf(app);
    const https = { fromPort: 443, toPort: 443 };
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { ...https, destinationGroups: ['V6Only'] })).toMatchObject({
      status: 'reachable',
      hops: expect.arrayContaining([expect.objectContaining({ route: '2001:db8:1::/56 -> local' })]),
    });
    // The source subnet is IPv6 only: an IPv4 rule does not match it.
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { ...https, destinationGroups: ['V4Only'] })).toMatchObject({
      status: 'blocked',
      code: 'SECURITY_GROUP_INGRESS',
      reason: expect.stringMatching(/from 2001:db8:1::\/64/),
    });
    // ICMP (IPv4) between an IPv6-only subnet and another: no address family in common.
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { protocol: 'icmp' })).toMatchObject({
      status: 'blocked',
      code: 'NO_ROUTE',
      reason: expect.stringMatching(/have no ipv4 address family in common$/),
    });
  });
});

describe('values not known at synth: undetermined, never blocked', () => {
  test('IPv6 from a group without SecurityGroupEgress: the default egress rule is documented for IPv4 only', () => {
    const app = new App();
    const stack = testStack(app);
    const v = vpc(stack, 'Vpc', '10.0.0.0/16');
    new ec2.CfnVPCCidrBlock(stack, 'V6', { vpcId: v.ref, ipv6CidrBlock: '2001:db8:1::/56' });
    const s = new ec2.CfnSubnet(stack, 'SubnetApp', {
      vpcId: v.ref,
      cidrBlock: '10.0.0.0/24',
      ipv6CidrBlock: '2001:db8:1::/64',
      availabilityZone: 'us-east-1a',
    });
    routeTable(stack, 'Rt', v, [s]);
    sg(stack, 'NoEgress', v);
    const model = modelOf(app);
    const from = subnetAt(model, 'SubnetApp');
    const q = {
      from,
      protocol: 'tcp' as const,
      fromPort: 443,
      toPort: 443,
      sourceGroups: [groupOf(model, 'NoEgress')],
    };
    expect(evaluateFlow(model, { ...q, to: '2001:db8:1::10' })).toMatchObject({
      status: 'undetermined',
      reason: expect.stringMatching(/^the IPv6 egress of Stack\/NoEgress \(NoEgress\) \(SecurityGroupEgress is absent/),
    });
    expect(evaluateFlow(model, { ...q, to: '10.0.0.10' }).status).toBe('reachable');
  });

  test('an IpProtocol that names no protocol (constructor, valueOf) is not read as one: undetermined', () => {
    const app = new App();
    const stack = testStack(app);
    const v = oneVpc(stack);
    const appSg = sg(stack, 'AppSg', v);
    sg(stack, 'DbSg', v, {
      securityGroupIngress: [
        { ipProtocol: 'constructor', fromPort: 5432, toPort: 5432, sourceSecurityGroupId: appSg.attrGroupId },
      ],
    });
    const model = modelOf(app);
    const flow = flowOf(model, 'SubnetApp', 'SubnetDb', {
      fromPort: 5432,
      toPort: 5432,
      sourceGroups: ['AppSg'],
      destinationGroups: ['DbSg'],
    });
    expect(flow).toMatchObject({
      status: 'undetermined',
      reason: expect.stringContaining('the IpProtocol constructor'),
    });
  });

  test('a token CIDR: undetermined where it decides; what the known rules allow is reachable whatever it says', () => {
    const app = new App();
    const stack = testStack(app);
    const v = oneVpc(stack);
    sg(stack, 'Token', v, {
      securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: Fn.importValue('clients-cidr') }],
    });
    sg(stack, 'Mixed', v, {
      securityGroupIngress: [
        { ipProtocol: 'tcp', fromPort: 80, toPort: 80, cidrIp: '10.0.0.0/16' },
        { ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: Fn.importValue('clients-cidr') },
      ],
    });
    const model = modelOf(app);
    const https = { fromPort: 443, toPort: 443 };
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { ...https, destinationGroups: ['Token'] })).toMatchObject({
      status: 'undetermined',
      reason: 'the block {"Fn::ImportValue":"clients-cidr"} (Stack/Token (Token))',
    });
    // Allow-lists only add: the known rule's port is reachable, the unknown rule's port undetermined, another
    // port blocked (the unknown rule allows 443 only).
    const mixed = { destinationGroups: ['Mixed'] };
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { fromPort: 80, toPort: 80, ...mixed }).status).toBe('reachable');
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { ...https, ...mixed }).status).toBe('undetermined');
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { fromPort: 22, toPort: 22, ...mixed })).toMatchObject({
      status: 'blocked',
      code: 'SECURITY_GROUP_INGRESS',
    });
    expect(flowOf(model, 'SubnetApp', 'SubnetDb', { protocol: 'all', ...mixed })).toMatchObject({
      status: 'reachable',
      packet: { protocol: 'tcp', port: 80 },
    });
  });

  test('a standalone rule whose GroupId is not known at synth may belong to any group', () => {
    const app = new App();
    const stack = testStack(app);
    const v = oneVpc(stack);
    sg(stack, 'Db', v);
    new ec2.CfnSecurityGroupIngress(stack, 'Somewhere', {
      groupId: Fn.importValue('some-group'),
      ipProtocol: 'tcp',
      fromPort: 5432,
      toPort: 5432,
      cidrIp: '10.0.0.0/16',
    });
    // A literal group id names a group outside the app: it is none of the app's groups.
    new ec2.CfnSecurityGroupIngress(stack, 'Foreign', {
      groupId: 'sg-0123456789abcdef0',
      ipProtocol: 'tcp',
      fromPort: 22,
      toPort: 22,
      cidrIp: '10.0.0.0/16',
    });
    const model = modelOf(app);
    expect(
      flowOf(model, 'SubnetApp', 'SubnetDb', { fromPort: 5432, toPort: 5432, destinationGroups: ['Db'] }),
    ).toMatchObject({
      status: 'undetermined',
      reason: 'the GroupId of Stack/Somewhere (Somewhere)',
    });
    // The unknown rule allows 5432 only: port 22 is blocked, and the foreign group's rule does not count.
    expect(
      flowOf(model, 'SubnetApp', 'SubnetDb', { fromPort: 22, toPort: 22, destinationGroups: ['Db'] }),
    ).toMatchObject({
      status: 'blocked',
      code: 'SECURITY_GROUP_INGRESS',
    });
  });
});
