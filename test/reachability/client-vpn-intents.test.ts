/**
 * NetworkEndpoint.fromClientVpn: intents whose source is the users of a Client VPN endpoint, by group. A packet needs
 * an authorization rule for the group (longest prefix first, 0.0.0.0/0 last) and a route of the endpoint through the
 * associated subnet; the endpoint's network interface then sends it on (source NAT), its security groups applying,
 * through the VPC's routing (peering here).
 * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-working-rules.html
 * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/ad-group-auth-rules.html
 * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/scenario-peered.html
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ClientVpnAccess, ClientVpnAuthentication } from '../../src/client-vpn';
import { PeeredVpcPair } from '../../src/peering';
import { NetworkEndpoint, NetworkIntent } from '../../src/reachability/intent-api';
import { FLAG_MODES, testVpc } from '../support';
import { intentsOf } from '../support/intents';

const ENV = { account: '111111111111', region: 'us-east-1' };
const SERVER_CERT = 'arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555';
const CLIENT_CA = 'arn:aws:acm:us-east-1:111111111111:certificate/66666666-7777-8888-9999-000000000000';
const SAML = 'arn:aws:iam::111111111111:saml-provider/Okta';

afterEach(() => {
  process.exitCode = undefined;
});

/**
 * The endpoint in VPC A (10.0.0.0/16); VPC B (10.1.0.0/16) peered with A; VPC C (10.2.0.0/16) not peered. Group
 * `dev` is granted A, group `data` is granted B and C, group `ops` the public subnet 10.0.0.0/24 of A only.
 */
function network(makeApp: () => App) {
  const app = makeApp();
  const stack = new Stack(app, 'Stack', { env: ENV });
  const a = testVpc(stack, 'A', '10.0.0.0/16');
  const b = testVpc(stack, 'B', '10.1.0.0/16');
  const c = testVpc(stack, 'C', '10.2.0.0/16');
  new PeeredVpcPair(stack, 'AB', { requesterVpc: a, accepterVpc: b });
  const vpn = new ClientVpnAccess(stack, 'Vpn', {
    vpc: a,
    clientCidr: '10.100.0.0/22',
    serverCertificateArn: SERVER_CERT,
    authentication: ClientVpnAuthentication.saml({ samlProviderArn: SAML }),
  });
  vpn.grantAccessToVpc(a, { groupId: 'dev' });
  vpn.grantAccessToVpc(b, { groupId: 'data' });
  vpn.grantAccess('10.2.0.0/16', { groupId: 'data' });
  vpn.grantAccess('10.0.0.0/24', { groupId: 'ops' });
  // The database in B admits the endpoint's security group only; another one admits nobody.
  const db = new ec2.SecurityGroup(stack, 'Db', { vpc: b });
  db.connections.allowFrom(vpn, ec2.Port.tcp(5432));
  const closed = new ec2.SecurityGroup(stack, 'Closed', { vpc: b });
  return { app, stack, a, b, c, vpn, db, closed };
}

describe.each(FLAG_MODES)('NetworkEndpoint.fromClientVpn, %s', (_, makeApp) => {
  test('each group reaches what it was granted, through the associated subnets and the peering connection', () => {
    const { app, stack, a, b, c, vpn, db, closed } = network(makeApp);
    const isolatedA = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
    // data: granted B; the database admits the endpoint's group.
    NetworkIntent.reachable(stack, 'DataToDb', {
      from: NetworkEndpoint.fromClientVpn(vpn, 'data'),
      to: NetworkEndpoint.fromConnectable(db, b),
      port: ec2.Port.tcp(5432),
    });
    // dev: granted A only.
    NetworkIntent.reachable(stack, 'DevToA', {
      from: NetworkEndpoint.fromClientVpn(vpn, 'dev'),
      to: NetworkEndpoint.fromSubnets(a, isolatedA),
      port: ec2.Port.tcp(443),
    });
    NetworkIntent.reachable(stack, 'DevToDb', {
      from: NetworkEndpoint.fromClientVpn(vpn, 'dev'),
      to: NetworkEndpoint.fromConnectable(db, b),
      port: ec2.Port.tcp(5432),
    });
    NetworkIntent.isolated(stack, 'DevNotB', {
      from: NetworkEndpoint.fromClientVpn(vpn, 'dev'),
      to: NetworkEndpoint.fromVpc(b),
    });
    NetworkIntent.isolated(stack, 'DataNotA', {
      from: NetworkEndpoint.fromClientVpn(vpn, 'data'),
      to: NetworkEndpoint.fromSubnets(a, isolatedA),
    });
    // Users of no group: every rule names a group.
    NetworkIntent.isolated(stack, 'NoGroupNowhere', {
      from: NetworkEndpoint.fromClientVpn(vpn),
      to: NetworkEndpoint.fromVpc(a),
    });
    // data is granted C and the endpoint routes it, but A's route tables have no route to C.
    NetworkIntent.reachable(stack, 'DataToC', {
      from: NetworkEndpoint.fromClientVpn(vpn, 'data'),
      to: NetworkEndpoint.fromVpc(c),
      port: ec2.Port.tcp(443),
    });
    // The database's security group is what admits the users: another group of B admits nobody.
    NetworkIntent.reachable(stack, 'DataToClosed', {
      from: NetworkEndpoint.fromClientVpn(vpn, 'data'),
      to: NetworkEndpoint.fromConnectable(closed, b),
      port: ec2.Port.tcp(5432),
    });
    const { intents, byPath, reach } = intentsOf(app);
    expect(intents).toEqual([
      ['DataNotA', 'met', undefined],
      ['DataToC', 'unmet', 'NO_ROUTE'],
      ['DataToClosed', 'unmet', 'SECURITY_GROUP_INGRESS'],
      ['DataToDb', 'met', undefined],
      ['DevNotB', 'met', undefined],
      ['DevToA', 'met', undefined],
      ['DevToDb', 'unmet', 'CLIENT_VPN_NOT_AUTHORIZED'],
      ['NoGroupNowhere', 'met', undefined],
    ]);
    // The path: the endpoint (its rule and route), the associated subnet, its route table, the peering connection,
    // the database's group, and the reply.
    expect(byPath.DataToDb.path[0]).toMatch(
      /^client-vpn-endpoint Stack\/Vpn\/Endpoint\/Resource \(\w+\) \[authorized by Stack\/Vpn\/Rule-10\.1\.0\.0-16-Group-data\/Resource \(\w+\) \(10\.1\.0\.0\/16, group 'data'\); route 10\.1\.0\.0\/16 -> Stack\/A\/PrivateSubnet1\/Subnet \(Stack\/Vpn\/Route-10\.1\.0\.0-16-PrivateSubnet1 \(\w+\)\)\]$/,
    );
    expect(byPath.DataToDb.path.slice(1, 3)).toEqual([
      expect.stringMatching(/^subnet Stack\/A\/PrivateSubnet1\/Subnet/),
      expect.stringMatching(/^security-group egress Stack\/Vpn\/SecurityGroup\/Resource/),
    ]);
    expect(byPath.DataToDb.path.some((h) => /^peering Stack\/AB\//.test(h))).toBe(true);
    expect(byPath.DataToDb.path.some((h) => /^security-group ingress Stack\/Db\/Resource/.test(h))).toBe(true);
    expect(byPath.DataToDb.path.some((h) => h.startsWith('reply '))).toBe(true);
    expect(byPath.DevToDb.reason).toMatch(
      /^the most specific authorization rules of Stack\/Vpn\/Endpoint\/Resource \(\w+\) covering 10\.1\.\d+\.0\/24 \(group 'data'\) do not admit group 'dev'$/,
    );
    expect(byPath.DataToC.reason).toMatch(/has no route to 10\.2\.\d+\.0\/24/);
    expect(reach.map((f) => [f.ruleId, f.resources[0].path])).toEqual([
      ['NG-REACH-001', 'Stack/DataToC'],
      ['NG-REACH-001', 'Stack/DataToClosed'],
      ['NG-REACH-001', 'Stack/DevToDb'],
    ]);
  });

  test('the most specific rule decides: a /24 granted to ops takes that subnet away from dev (0.0.0.0/0 last)', () => {
    const { app, stack, a, vpn } = network(makeApp);
    const publicA = { subnetType: ec2.SubnetType.PUBLIC };
    NetworkIntent.reachable(stack, 'DevToPublic', {
      from: NetworkEndpoint.fromClientVpn(vpn, 'dev'),
      to: NetworkEndpoint.fromSubnets(a, publicA),
      port: ec2.Port.tcp(22),
    });
    NetworkIntent.reachable(stack, 'OpsToPublic', {
      from: NetworkEndpoint.fromClientVpn(vpn, 'ops'),
      to: NetworkEndpoint.fromSubnets(a, { subnets: [a.publicSubnets[0]] }),
      port: ec2.Port.tcp(22),
    });
    // ops is granted 10.0.0.0/24 only: the other public subnet (10.0.1.0/24) is dev's.
    NetworkIntent.isolated(stack, 'OpsNotOtherPublic', {
      from: NetworkEndpoint.fromClientVpn(vpn, 'ops'),
      to: NetworkEndpoint.fromSubnets(a, { subnets: [a.publicSubnets[1]] }),
    });
    const { byPath } = intentsOf(app);
    expect(byPath.DevToPublic).toMatchObject({
      status: 'unmet',
      code: 'CLIENT_VPN_NOT_AUTHORIZED',
      to: expect.stringMatching(/^Stack\/A\/PublicSubnet1\/Subnet/),
      reason: expect.stringMatching(/covering 10\.0\.0\.0\/24 \(group 'ops'\) do not admit group 'dev'$/),
    });
    expect(byPath.OpsToPublic.status).toBe('met');
    expect(byPath.OpsNotOtherPublic.status).toBe('met');
  });

  test('isolated is unmet when the group is let in: dev reaches A', () => {
    const { app, stack, a, vpn } = network(makeApp);
    NetworkIntent.isolated(stack, 'DevNotA', {
      from: NetworkEndpoint.fromClientVpn(vpn, 'dev'),
      to: NetworkEndpoint.fromSubnets(a, { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }),
    });
    const { byPath, reach } = intentsOf(app);
    expect(byPath.DevNotA.status).toBe('unmet');
    expect(reach.map((f) => f.ruleId)).toEqual(['NG-REACH-002']);
  });
});

describe('NetworkEndpoint.fromClientVpn refuses', () => {
  function build(mutualTls = false) {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    const vpc = testVpc(stack, 'A', '10.0.0.0/16');
    const vpn = new ClientVpnAccess(stack, 'Vpn', {
      vpc,
      clientCidr: '10.100.0.0/22',
      serverCertificateArn: SERVER_CERT,
      authentication: mutualTls
        ? ClientVpnAuthentication.mutualTls(CLIENT_CA)
        : ClientVpnAuthentication.saml({ samlProviderArn: SAML }),
    });
    return { stack, vpc, vpn };
  }

  test('a group with mutual TLS, which has no groups', () => {
    const { stack, vpc, vpn } = build(true);
    expect(() =>
      NetworkIntent.isolated(stack, 'X', {
        from: NetworkEndpoint.fromClientVpn(vpn, 'dev'),
        to: NetworkEndpoint.fromVpc(vpc),
      }),
    ).toThrow(
      "Stack/X: from: NetworkEndpoint.fromClientVpn(Stack/Vpn, 'dev'): the endpoint authenticates with mutual TLS, which has no groups. Leave groupId out.",
    );
  });

  test('an empty group', () => {
    const { stack, vpc, vpn } = build();
    expect(() =>
      NetworkIntent.isolated(stack, 'X', {
        from: NetworkEndpoint.fromClientVpn(vpn, ' '),
        to: NetworkEndpoint.fromVpc(vpc),
      }),
    ).toThrow(/from: NetworkEndpoint\.fromClientVpn\(Stack\/Vpn, ''\): groupId is empty/);
  });

  test('the users as a destination', () => {
    const { stack, vpc, vpn } = build();
    expect(() =>
      NetworkIntent.isolated(stack, 'X', {
        from: NetworkEndpoint.fromVpc(vpc),
        to: NetworkEndpoint.fromClientVpn(vpn),
      }),
    ).toThrow(
      /to: NetworkEndpoint\.fromClientVpn \(the Client VPN users \(users of no group\) of Stack\/Vpn\) is a source only/,
    );
  });
});
