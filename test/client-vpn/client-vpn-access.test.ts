import { App, Annotations as CoreAnnotations, Aspects, Fn, NestedStack, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ClientVpnAccess, ClientVpnAccessProps, ClientVpnAuthentication } from '../../src/client-vpn';
import { NetworkGuard } from '../../src/guard';
import { PeeredVpcPair } from '../../src/peering';
import { NetworkEndpoint, NetworkIntent } from '../../src/reachability/intent-api';
import { logicalIdsOf, templateOf, templateUpdate, testVpc } from '../support';
import { intentsOf } from '../support/intents';

const SERVER_CERT = 'arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555';
const CLIENT_CA = 'arn:aws:acm:us-east-1:111111111111:certificate/66666666-7777-8888-9999-000000000000';
const SAML = 'arn:aws:iam::111111111111:saml-provider/Okta';
const SAML_PORTAL = 'arn:aws:iam::111111111111:saml-provider/OktaPortal';
const ROUTE = 'AWS::EC2::ClientVpnRoute';
const RULE = 'AWS::EC2::ClientVpnAuthorizationRule';
const ASSOCIATION = 'AWS::EC2::ClientVpnTargetNetworkAssociation';
const ENDPOINT = 'AWS::EC2::ClientVpnEndpoint';
const KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/11111111-2222-3333-4444-555555555555';

function newStack(): Stack {
  return new Stack(new App(), 'S', { env: { account: '111111111111', region: 'us-east-1' } });
}

/** A classic VPC over two AZs: public and isolated /24s per AZ (no NAT), from test/support. */
function newVpc(stack: Stack, id = 'Vpc', cidr = '10.0.0.0/16', extra: Partial<ec2.VpcProps> = {}): ec2.Vpc {
  return testVpc(stack, id, cidr, 2, extra);
}

function newVpn(stack: Stack, vpc: ec2.IVpc, props: Partial<ClientVpnAccessProps> = {}): ClientVpnAccess {
  return new ClientVpnAccess(stack, 'Vpn', {
    vpc,
    clientCidr: '10.100.0.0/22',
    serverCertificateArn: SERVER_CERT,
    authentication: ClientVpnAuthentication.saml({ samlProviderArn: SAML }),
    ...props,
  });
}

/** Logical ids of a type's resources whose properties match. */
function logicalIds(template: Template, type: string, props?: Record<string, unknown>): string[] {
  return Object.keys(template.findResources(type, props ? { Properties: props } : undefined));
}

/** The logical ids of the associations, keyed by the logical id of their subnet. */
function associationsBySubnet(template: Template): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, res] of Object.entries(template.findResources(ASSOCIATION))) {
    out[res.Properties.SubnetId.Ref] = id;
  }
  return out;
}

function isolatedSubnetIds(stack: Stack, vpc: ec2.Vpc): string[] {
  return vpc.isolatedSubnets.map((s) => stack.getLogicalId(s.node.defaultChild as ec2.CfnSubnet));
}

describe('endpoint defaults', () => {
  test('split tunnel on, logging on to its own log group with a one-year retention, its own security group', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    newVpn(stack, vpc);
    const t = templateOf(stack);

    t.resourceCountIs(ENDPOINT, 1);
    t.resourceCountIs('AWS::Logs::LogGroup', 1);
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    const [logGroupId] = logicalIds(t, 'AWS::Logs::LogGroup');
    const groups = logicalIds(t, 'AWS::EC2::SecurityGroup', { GroupDescription: 'Client VPN endpoint S/Vpn' });
    expect(groups).toHaveLength(1);
    const [sgId] = groups;
    t.hasResourceProperties(ENDPOINT, {
      ClientCidrBlock: '10.100.0.0/22',
      ServerCertificateArn: SERVER_CERT,
      SplitTunnel: true,
      ConnectionLogOptions: { Enabled: true, CloudwatchLogGroup: { Ref: logGroupId } },
      SecurityGroupIds: [{ 'Fn::GetAtt': [sgId, 'GroupId'] }],
      VpcId: { Ref: stack.getLogicalId(vpc.node.defaultChild as ec2.CfnVPC) },
    });
  });

  test('one association per AZ in the chosen subnets: the isolated subnets by default', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    newVpn(stack, vpc);
    const t = templateOf(stack);

    t.resourceCountIs(ASSOCIATION, 2);
    expect(Object.keys(associationsBySubnet(t)).sort()).toEqual(isolatedSubnetIds(stack, vpc).sort());
  });

  test('a subnet group per AZ twice over: still one association per AZ by default', () => {
    const stack = newStack();
    const vpc = newVpc(stack, 'Vpc', '10.0.0.0/16', {
      subnetConfiguration: [
        { name: 'AppA', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
        { name: 'AppB', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    const vpn = newVpn(stack, vpc);
    const t = templateOf(stack);

    t.resourceCountIs(ASSOCIATION, 2);
    expect(new Set(vpn.associatedSubnets.map((s) => s.availabilityZone)).size).toBe(2);
  });

  test('imported subnets whose CIDR and AZ are unknown are not checked (never guessed) and are associated', () => {
    const stack = newStack();
    const vpn = newVpn(stack, newVpc(stack), {
      vpcSubnets: {
        subnets: [
          ec2.Subnet.fromSubnetId(stack, 'SubA', 'subnet-aaaa'),
          ec2.Subnet.fromSubnetId(stack, 'SubB', 'subnet-bbbb'),
        ],
      },
    });
    vpn.grantAccess('10.20.0.0/16');
    const t = templateOf(stack);

    t.resourceCountIs(ASSOCIATION, 2);
    t.hasResourceProperties(ASSOCIATION, { SubnetId: 'subnet-aaaa' });
    t.hasResource(ROUTE, {
      Properties: { TargetVpcSubnetId: 'subnet-bbbb' },
      DependsOn: Match.arrayWith([logicalIds(t, ASSOCIATION, { SubnetId: 'subnet-bbbb' })[0]]),
    });
  });

  test('nobody gets access by default: no authorization rule, no route', () => {
    const stack = newStack();
    newVpn(stack, newVpc(stack));
    const t = templateOf(stack);

    t.resourceCountIs(RULE, 0);
    t.resourceCountIs(ROUTE, 0);
  });

  test('DNS servers, session timeout, port, transport protocol, login banner and description are passed on', () => {
    const stack = newStack();
    newVpn(stack, newVpc(stack), {
      dnsServers: ['10.0.0.2'],
      sessionTimeout: ec2.ClientVpnSessionTimeout.EIGHT_HOURS,
      port: ec2.VpnPort.OPENVPN,
      transportProtocol: ec2.TransportProtocol.TCP,
      loginBanner: 'Authorized use only',
      description: 'Engineering VPN',
    });
    templateOf(stack).hasResourceProperties(ENDPOINT, {
      DnsServers: ['10.0.0.2'],
      SessionTimeoutHours: 8,
      VpnPort: 1194,
      TransportProtocol: 'tcp',
      ClientLoginBannerOptions: { Enabled: true, BannerText: 'Authorized use only' },
      Description: 'Engineering VPN',
    });
  });

  test('logRetention sets the retention of the new log group', () => {
    const stack = newStack();
    newVpn(stack, newVpc(stack), { logRetention: logs.RetentionDays.THREE_MONTHS });
    templateOf(stack).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  test('logGroup replaces the new log group', () => {
    const stack = newStack();
    const mine = new logs.LogGroup(stack, 'MyLogs', { retention: logs.RetentionDays.ONE_MONTH });
    const vpn = newVpn(stack, newVpc(stack), { logGroup: mine });
    const t = templateOf(stack);

    t.resourceCountIs('AWS::Logs::LogGroup', 1);
    expect(vpn.logGroup).toBe(mine);
    t.hasResourceProperties(ENDPOINT, {
      ConnectionLogOptions: {
        Enabled: true,
        CloudwatchLogGroup: { Ref: stack.getLogicalId(mine.node.defaultChild as logs.CfnLogGroup) },
      },
    });
  });

  test('logging off: no log group, logging disabled, and a warning (NG-CVPN-008)', () => {
    const stack = newStack();
    newVpn(stack, newVpc(stack), { logging: false });
    const t = templateOf(stack);

    t.resourceCountIs('AWS::Logs::LogGroup', 0);
    t.hasResourceProperties(ENDPOINT, { ConnectionLogOptions: { Enabled: false } });
    Annotations.fromStack(stack).hasWarning('/S/Vpn', Match.stringLikeRegexp('NG-CVPN-008'));
  });

  test("logging off: the warning's id is the NetworkGuard rule id NG-CVPN-008, so one acknowledgement covers both", () => {
    const stack = newStack();
    newVpn(stack, newVpc(stack), { logging: false });
    templateOf(stack);
    Annotations.fromStack(stack).hasWarning(
      '/S/Vpn',
      Match.stringLikeRegexp(
        '^logging is false: connections to this Client VPN endpoint are not recorded.*\\[ack: NG-CVPN-008\\]$',
      ),
    );

    const acked = newStack();
    const vpn = newVpn(acked, newVpc(acked), { logging: false });
    CoreAnnotations.of(vpn).acknowledgeWarning('NG-CVPN-008', 'sessions are recorded by the identity provider');
    templateOf(acked);
    Annotations.fromStack(acked).hasNoWarning('/S/Vpn', Match.anyValue());
  });

  test('securityGroups replaces the new security group', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    const sg = new ec2.SecurityGroup(stack, 'Mine', { vpc });
    const vpn = newVpn(stack, vpc, { securityGroups: [sg] });
    const t = templateOf(stack);

    t.resourceCountIs('AWS::EC2::SecurityGroup', 1);
    expect(vpn.securityGroup).toBe(sg);
    t.hasResourceProperties(ENDPOINT, {
      SecurityGroupIds: [
        { 'Fn::GetAtt': [stack.getLogicalId(sg.node.defaultChild as ec2.CfnSecurityGroup), 'GroupId'] },
      ],
    });
  });

  test('connections lets a target admit VPN users through the endpoint security group', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    const vpn = newVpn(stack, vpc);
    const db = new ec2.SecurityGroup(stack, 'Db', { vpc });
    db.connections.allowFrom(vpn, ec2.Port.tcp(5432));
    const t = templateOf(stack);

    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 5432,
      ToPort: 5432,
      SourceSecurityGroupId: {
        'Fn::GetAtt': [stack.getLogicalId(vpn.securityGroup.node.defaultChild as ec2.CfnSecurityGroup), 'GroupId'],
      },
    });
  });
});

describe('connection log encryption and cdk-nag', () => {
  test('by default the log group has no customer managed key, and says why to cdk-nag', () => {
    const stack = newStack();
    newVpn(stack, newVpc(stack));
    const t = templateOf(stack);
    const [logGroup] = Object.values(t.findResources('AWS::Logs::LogGroup'));
    expect(logGroup.Properties.KmsKeyId).toBeUndefined();
    expect(logGroup.Metadata.cdk_nag.rules_to_suppress).toEqual([
      { id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted', reason: expect.stringMatching(/logGroupEncryptionKey/) },
    ]);
    t.resourceCountIs('AWS::KMS::Key', 0);
  });

  test('logGroupEncryptionKey: the log group is encrypted with it, and the key lets CloudWatch Logs of this account and Region use it', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'LogKey');
    newVpn(stack, newVpc(stack), { logGroupEncryptionKey: key });
    const t = templateOf(stack);
    const keyId = Object.keys(t.findResources('AWS::KMS::Key'))[0];
    const [logGroup] = Object.values(t.findResources('AWS::Logs::LogGroup'));
    expect(logGroup.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(logGroup.Metadata?.cdk_nag).toBeUndefined();
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'AllowCloudWatchLogsOfThisAccount',
            Effect: 'Allow',
            Principal: { Service: 'logs.us-east-1.amazonaws.com' },
            Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
            Resource: '*',
            Condition: {
              ArnLike: {
                'kms:EncryptionContext:aws:logs:arn': {
                  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:111111111111:log-group:*']],
                },
              },
            },
          },
        ]),
      },
    });
  });

  test("an imported logGroupEncryptionKey is used as given (its policy is its owner's)", () => {
    const stack = newStack();
    newVpn(stack, newVpc(stack), { logGroupEncryptionKey: kms.Key.fromKeyArn(stack, 'Imported', KEY_ARN) });
    const t = templateOf(stack);
    t.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: KEY_ARN });
    t.resourceCountIs('AWS::KMS::Key', 0);
  });
});

describe('authentication', () => {
  /** The self-service portal warnings on the endpoint construct. */
  function portalWarnings(stack: Stack): string[] {
    return Annotations.fromStack(stack)
      .findWarning('/S/Vpn', Match.stringLikeRegexp('self-service portal'))
      .map((m) => String(m.entry.data));
  }

  test('mutualTls: certificate authentication with the client CA, no self-service portal', () => {
    const stack = newStack();
    newVpn(stack, newVpc(stack), { authentication: ClientVpnAuthentication.mutualTls(CLIENT_CA) });
    const t = templateOf(stack);

    t.hasResourceProperties(ENDPOINT, {
      AuthenticationOptions: [
        { Type: 'certificate-authentication', MutualAuthentication: { ClientRootCertificateChainArn: CLIENT_CA } },
      ],
      SelfServicePortal: Match.absent(),
    });
    expect(Object.keys(t.findOutputs('*'))).toEqual([]);
  });

  test('saml: federated authentication, portal off by default', () => {
    const stack = newStack();
    const vpn = newVpn(stack, newVpc(stack), {
      authentication: ClientVpnAuthentication.saml({ samlProviderArn: SAML }),
    });
    const t = templateOf(stack);

    t.hasResourceProperties(ENDPOINT, {
      AuthenticationOptions: [
        {
          Type: 'federated-authentication',
          FederatedAuthentication: { SAMLProviderArn: SAML, SelfServiceSAMLProviderArn: Match.absent() },
        },
      ],
      SelfServicePortal: 'disabled',
    });
    expect(vpn.selfServicePortalUrl).toBeUndefined();
  });

  test('saml with the self-service portal: its own SAML provider, portal enabled, URL as an output', () => {
    const stack = newStack();
    const vpn = newVpn(stack, newVpc(stack), {
      authentication: ClientVpnAuthentication.saml({ samlProviderArn: SAML, selfServiceSamlProviderArn: SAML_PORTAL }),
    });
    const t = templateOf(stack);

    t.hasResourceProperties(ENDPOINT, {
      AuthenticationOptions: [
        {
          Type: 'federated-authentication',
          FederatedAuthentication: { SAMLProviderArn: SAML, SelfServiceSAMLProviderArn: SAML_PORTAL },
        },
      ],
      SelfServicePortal: 'enabled',
    });
    expect(Object.keys(t.findOutputs('*')).length).toBe(1);
    expect(vpn.selfServicePortalUrl).toMatch(/^https:\/\/self-service\.clientvpn\.amazonaws\.com\/endpoints\//);
  });

  test('saml with selfServicePortal true and no portal provider uses the same SAML provider, with a warning', () => {
    const stack = newStack();
    newVpn(stack, newVpc(stack), {
      authentication: ClientVpnAuthentication.saml({ samlProviderArn: SAML, selfServicePortal: true }),
    });
    templateOf(stack).hasResourceProperties(ENDPOINT, {
      AuthenticationOptions: [{ FederatedAuthentication: { SAMLProviderArn: SAML, SelfServiceSAMLProviderArn: SAML } }],
      SelfServicePortal: 'enabled',
    });
    expect(portalWarnings(stack)).toEqual([
      expect.stringMatching(
        /the self-service portal signs users in with the VPN client's SAML provider 'arn:aws:iam::111111111111:saml-provider\/Okta'.*https:\/\/self-service\.clientvpn\.amazonaws\.com\/api\/auth\/sso\/saml.*selfServiceSamlProviderArn/,
      ),
    ]);
  });

  test.each<[string, ClientVpnAuthentication]>([
    [
      'the same ARN given twice',
      ClientVpnAuthentication.saml({ samlProviderArn: SAML, selfServiceSamlProviderArn: SAML }),
    ],
    [
      'the same token given twice',
      ClientVpnAuthentication.saml({
        samlProviderArn: Fn.importValue('SamlArn'),
        selfServiceSamlProviderArn: Fn.importValue('SamlArn'),
      }),
    ],
    [
      'a token and no portal provider',
      ClientVpnAuthentication.saml({ samlProviderArn: Fn.importValue('SamlArn'), selfServicePortal: true }),
    ],
  ])('the portal reusing the SAML provider (%s): a warning', (_name, authentication) => {
    const stack = newStack();
    newVpn(stack, newVpc(stack), { authentication });
    templateOf(stack);
    expect(portalWarnings(stack)).toHaveLength(1);
  });

  test.each<[string, ClientVpnAuthentication]>([
    [
      'a provider of its own',
      ClientVpnAuthentication.saml({ samlProviderArn: SAML, selfServiceSamlProviderArn: SAML_PORTAL }),
    ],
    [
      'two tokens that may differ (never guessed)',
      ClientVpnAuthentication.saml({
        samlProviderArn: Fn.importValue('SamlArn'),
        selfServiceSamlProviderArn: Fn.importValue('PortalSamlArn'),
      }),
    ],
    ['the portal off', ClientVpnAuthentication.saml({ samlProviderArn: SAML })],
    [
      'Active Directory with the portal',
      ClientVpnAuthentication.activeDirectory('d-1234567890', { selfServicePortal: true }),
    ],
  ])('no portal warning with %s', (_name, authentication) => {
    const stack = newStack();
    newVpn(stack, newVpc(stack), { authentication });
    templateOf(stack);
    expect(portalWarnings(stack)).toEqual([]);
  });

  test('activeDirectory: directory-service authentication', () => {
    const stack = newStack();
    newVpn(stack, newVpc(stack), { authentication: ClientVpnAuthentication.activeDirectory('d-1234567890') });
    templateOf(stack).hasResourceProperties(ENDPOINT, {
      AuthenticationOptions: [
        { Type: 'directory-service-authentication', ActiveDirectory: { DirectoryId: 'd-1234567890' } },
      ],
      SelfServicePortal: 'disabled',
    });
  });
});

describe('grantAccess', () => {
  test('outside the VPC: a rule for the group, and a route through every associated subnet that DependsOn its association', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    const vpn = newVpn(stack, vpc);
    vpn.grantAccess('10.20.0.0/16', { groupId: 'data-team', description: 'Data VPC' });
    const t = templateOf(stack);

    t.resourceCountIs(RULE, 1);
    t.hasResourceProperties(RULE, {
      TargetNetworkCidr: '10.20.0.0/16',
      AccessGroupId: 'data-team',
      AuthorizeAllGroups: false,
      Description: 'Data VPC',
    });
    t.resourceCountIs(ROUTE, 2);
    const associations = associationsBySubnet(t);
    for (const subnetId of isolatedSubnetIds(stack, vpc)) {
      t.hasResource(ROUTE, {
        Properties: { DestinationCidrBlock: '10.20.0.0/16', TargetVpcSubnetId: { Ref: subnetId } },
        DependsOn: Match.arrayWith([associations[subnetId]]),
      });
    }
  });

  test('no group given: the rule authorizes all groups', () => {
    const stack = newStack();
    const vpn = newVpn(stack, newVpc(stack));
    vpn.grantAccess('10.20.0.0/16');
    const t = templateOf(stack);

    t.hasResourceProperties(RULE, {
      TargetNetworkCidr: '10.20.0.0/16',
      AuthorizeAllGroups: true,
      AccessGroupId: Match.absent(),
    });
  });

  test.each(['10.0.0.0/16', '10.0.3.0/24'])('inside the VPC (%s): a rule and no route', (cidr) => {
    const stack = newStack();
    const vpn = newVpn(stack, newVpc(stack));
    vpn.grantAccess(cidr, { groupId: 'ops' });
    const t = templateOf(stack);

    t.hasResourceProperties(RULE, { TargetNetworkCidr: cidr, AccessGroupId: 'ops' });
    t.resourceCountIs(ROUTE, 0);
  });

  test('inside a secondary block of the VPC: no route', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    new ec2.CfnVPCCidrBlock(stack, 'Secondary', { vpcId: vpc.vpcId, cidrBlock: '10.1.0.0/16' });
    const vpn = newVpn(stack, vpc);
    vpn.grantAccess('10.1.4.0/24');
    const t = templateOf(stack);

    t.resourceCountIs(RULE, 1);
    t.resourceCountIs(ROUTE, 0);
  });

  test('the same range for two groups: two rules, one set of routes', () => {
    const stack = newStack();
    const vpn = newVpn(stack, newVpc(stack));
    vpn.grantAccess('10.20.0.0/16', { groupId: 'data-team' });
    vpn.grantAccess('10.20.0.0/16', { groupId: 'ops' });
    const t = templateOf(stack);

    t.resourceCountIs(RULE, 2);
    t.resourceCountIs(ROUTE, 2);
  });

  test('no 0.0.0.0/0 route or rule unless allowInternet is called', () => {
    const stack = newStack();
    const vpn = newVpn(stack, newVpc(stack));
    vpn.grantAccess('10.20.0.0/16', { groupId: 'data-team' });
    vpn.grantAccess('192.168.0.0/16');
    const t = templateOf(stack);

    expect(logicalIds(t, ROUTE, { DestinationCidrBlock: '0.0.0.0/0' })).toEqual([]);
    expect(logicalIds(t, RULE, { TargetNetworkCidr: '0.0.0.0/0' })).toEqual([]);
  });

  test('a range not known at synth (token) is granted as is, with routes', () => {
    const stack = newStack();
    const vpn = newVpn(stack, newVpc(stack));
    vpn.grantAccess(Fn.importValue('OnPremCidr'), { groupId: 'ops' });
    const t = templateOf(stack);

    t.hasResourceProperties(RULE, { TargetNetworkCidr: { 'Fn::ImportValue': 'OnPremCidr' }, AccessGroupId: 'ops' });
    t.resourceCountIs(ROUTE, 2);
    t.hasResourceProperties(ROUTE, { DestinationCidrBlock: { 'Fn::ImportValue': 'OnPremCidr' } });
  });

  test("the VPC's own block as a token (vpc.vpcCidrBlock) is inside: no route", () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    const vpn = newVpn(stack, vpc);
    vpn.grantAccess(vpc.vpcCidrBlock);
    const t = templateOf(stack);

    t.resourceCountIs(RULE, 1);
    t.resourceCountIs(ROUTE, 0);
  });

  test('routes added by hand through endpoint.addRoute also wait for the associations', () => {
    const stack = newStack();
    const vpn = newVpn(stack, newVpc(stack));
    vpn.endpoint.addRoute('Manual', {
      cidr: '172.16.0.0/16',
      target: ec2.ClientVpnRouteTarget.subnet(vpn.associatedSubnets[0]),
    });
    const t = templateOf(stack);

    t.hasResource(ROUTE, {
      Properties: { DestinationCidrBlock: '172.16.0.0/16' },
      DependsOn: Match.arrayWith(Object.values(associationsBySubnet(t)).sort()),
    });
  });

  test('construct ids come from the range, the group and the subnet, not from the order of the calls', () => {
    const ids = (order: string[]) => {
      const stack = newStack();
      const vpn = newVpn(stack, newVpc(stack));
      for (const cidr of order) {
        vpn.grantAccess(cidr, { groupId: 'data-team' });
      }
      const t = templateOf(stack);
      return [...logicalIds(t, RULE), ...logicalIds(t, ROUTE), ...logicalIds(t, ASSOCIATION)].sort();
    };
    expect(ids(['10.20.0.0/16', '172.16.0.0/16'])).toEqual(ids(['172.16.0.0/16', '10.20.0.0/16']));
    // Granting another range first renames nothing that was there.
    expect(ids(['172.16.0.0/16', '10.20.0.0/16'])).toEqual(expect.arrayContaining(ids(['10.20.0.0/16'])));
  });

  test('associations and routes are named after their subnet: one more AZ renames none of them', () => {
    const ids = (maxAzs: number) => {
      const stack = newStack();
      const vpn = newVpn(stack, newVpc(stack, 'Vpc', '10.0.0.0/16', { maxAzs }));
      vpn.grantAccess('10.20.0.0/16');
      const t = templateOf(stack);
      return [...logicalIds(t, ASSOCIATION), ...logicalIds(t, ROUTE)];
    };
    const two = ids(2);
    const three = ids(3);
    expect(three).toHaveLength(6);
    expect(three).toEqual(expect.arrayContaining(two));
  });

  test('200 authorization rules are allowed', () => {
    const stack = newStack();
    const vpn = newVpn(stack, newVpc(stack));
    for (let i = 0; i < 200; i++) {
      vpn.grantAccess(`10.0.${i}.0/24`);
    }
    expect(vpn.authorizationRules).toHaveLength(200);
  });
});

describe('one change at a time per endpoint: rules and routes are chained', () => {
  /** The logical id of the one resource of a type whose properties match. */
  function only(template: Template, type: string, props: Record<string, unknown>): string {
    const ids = logicalIds(template, type, props);
    expect(ids).toHaveLength(1);
    return ids[0];
  }

  /** The rule of a range for a group (all groups when none), then the routes to it through each subnet. */
  function ruleThenRoutes(template: Template, subnetIds: string[], cidr: string, group?: string, routed = true) {
    const rule = only(template, RULE, {
      TargetNetworkCidr: cidr,
      AccessGroupId: group ?? Match.absent(),
    });
    const routes = routed
      ? subnetIds.map((subnetId) =>
          only(template, ROUTE, { DestinationCidrBlock: cidr, TargetVpcSubnetId: { Ref: subnetId } }),
        )
      : [];
    return [rule, ...routes];
  }

  function dependsOn(template: Template, logicalId: string): string[] {
    return [...(template.toJSON().Resources[logicalId].DependsOn ?? [])].sort();
  }

  test('across grant calls, each rule and route DependsOn the one created before it; routes also on their association', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    const vpn = newVpn(stack, vpc);
    const peer = newVpc(stack, 'Peer', '172.16.0.0/16');
    new ec2.CfnVPCCidrBlock(stack, 'PeerSecondary', { vpcId: peer.vpcId, cidrBlock: '172.17.0.0/16' });
    vpn.grantAccess('10.20.0.0/16', { groupId: 'data-team' });
    vpn.grantAccess('10.0.0.0/16', { groupId: 'ops' }); // inside the VPC: a rule, no route
    vpn.grantAccess('10.20.0.0/16', { groupId: 'ops' }); // routes exist already: a rule only
    vpn.grantAccessToVpc(peer); // two blocks in one call
    const t = templateOf(stack);

    const subnets = isolatedSubnetIds(stack, vpc);
    const chain = [
      ...ruleThenRoutes(t, subnets, '10.20.0.0/16', 'data-team'),
      ...ruleThenRoutes(t, subnets, '10.0.0.0/16', 'ops', false),
      ...ruleThenRoutes(t, subnets, '10.20.0.0/16', 'ops', false),
      ...ruleThenRoutes(t, subnets, '172.16.0.0/16'),
      ...ruleThenRoutes(t, subnets, '172.17.0.0/16'),
    ];
    expect(chain).toHaveLength(11);
    expect(new Set(chain).size).toBe(11);
    t.resourceCountIs(RULE, 5);
    t.resourceCountIs(ROUTE, 6);

    const associations = associationsBySubnet(t);
    const routes = new Set(logicalIds(t, ROUTE));
    // The first one waits for nothing but the endpoint it references, as before.
    expect(dependsOn(t, chain[0])).toEqual([]);
    t.hasResourceProperties(RULE, {
      TargetNetworkCidr: '10.20.0.0/16',
      ClientVpnEndpointId: { Ref: stack.getLogicalId(vpn.endpoint.node.defaultChild as ec2.CfnClientVpnEndpoint) },
    });
    for (let n = 1; n < chain.length; n++) {
      const own = routes.has(chain[n])
        ? [associations[t.toJSON().Resources[chain[n]].Properties.TargetVpcSubnetId.Ref]]
        : [];
      expect([chain[n], dependsOn(t, chain[n])]).toEqual([chain[n], [chain[n - 1], ...own].sort()]);
    }
  });

  test('allowInternet joins the chain after the grants before it', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    const vpn = newVpn(stack, vpc, { splitTunnel: false, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
    vpn.grantAccess('10.20.0.0/16');
    vpn.allowInternet();
    const t = templateOf(stack);

    const subnets = vpc.publicSubnets.map((s) => stack.getLogicalId(s.node.defaultChild as ec2.CfnSubnet));
    const first = ruleThenRoutes(t, subnets, '10.20.0.0/16');
    const internetRule = only(t, RULE, { TargetNetworkCidr: '0.0.0.0/0' });
    expect(dependsOn(t, internetRule)).toEqual([first[first.length - 1]]);
  });

  test('two endpoints: two chains, neither waits for the other', () => {
    const stack = newStack();
    const vpn = newVpn(stack, newVpc(stack));
    const other = new ClientVpnAccess(stack, 'Other', {
      vpc: newVpc(stack, 'OtherVpc', '10.50.0.0/16'),
      clientCidr: '10.200.0.0/22',
      serverCertificateArn: SERVER_CERT,
      authentication: ClientVpnAuthentication.mutualTls(CLIENT_CA),
    });
    vpn.grantAccess('10.0.0.0/16');
    other.grantAccess('10.50.0.0/16');
    vpn.grantAccess('10.1.0.0/16');
    other.grantAccess('10.51.0.0/16');
    const t = templateOf(stack);

    const ruleOf = (access: ClientVpnAccess, i: number) =>
      stack.getLogicalId(access.authorizationRules[i].node.defaultChild as ec2.CfnClientVpnAuthorizationRule);
    expect(dependsOn(t, ruleOf(vpn, 0))).toEqual([]);
    expect(dependsOn(t, ruleOf(other, 0))).toEqual([]);
    expect(dependsOn(t, ruleOf(other, 1))).toEqual([ruleOf(other, 0)]);
    const secondVpnRule = ruleOf(vpn, 1);
    const vpnRoutes = logicalIds(t, ROUTE, { DestinationCidrBlock: '10.1.0.0/16' });
    expect(dependsOn(t, secondVpnRule)).toEqual([ruleOf(vpn, 0)]);
    expect(vpnRoutes).toHaveLength(2);
  });

  test('version 2 with one more grant: the new rule and routes come after the last one of version 1, nothing else changes', () => {
    const synth = (grants: string[]) => {
      const stack = newStack();
      const vpn = newVpn(stack, newVpc(stack));
      grants.forEach((cidr) => vpn.grantAccess(cidr, { groupId: 'ops' }));
      return { stack, template: templateOf(stack).toJSON() };
    };
    const v1 = synth(['10.20.0.0/16']);
    const v2 = synth(['10.20.0.0/16', '172.16.0.0/16']);
    const update = templateUpdate(v1.template, v2.template);

    expect(update.removed).toEqual([]);
    expect(update.changed).toEqual([]);
    expect(update.retyped).toEqual([]);
    expect(logicalIdsOf(v2.template, ROUTE)).toEqual(expect.arrayContaining(logicalIdsOf(v1.template, ROUTE)));
    const v1Chain = [...logicalIdsOf(v1.template, RULE), ...logicalIdsOf(v1.template, ROUTE)];
    for (const id of v1Chain) {
      expect(v2.template.Resources[id].DependsOn).toEqual(v1.template.Resources[id].DependsOn);
    }
    const added = update.added.filter((id) => [RULE, ROUTE].includes(v2.template.Resources[id].Type));
    expect(added).toHaveLength(3);
    const newRule = added.find((id) => v2.template.Resources[id].Type === RULE)!;
    expect(v2.template.Resources[newRule].DependsOn).toHaveLength(1);
    expect(v1Chain).toContain(v2.template.Resources[newRule].DependsOn[0]);
  });
});

describe("the VPC's secondary CIDR blocks", () => {
  /** The DependsOn of every association, by association logical id. */
  function associationDependsOn(template: Template): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [id, res] of Object.entries(template.findResources(ASSOCIATION))) {
      out[id] = [...(res.DependsOn ?? [])].sort();
    }
    return out;
  }

  test('every association DependsOn each AWS::EC2::VPCCidrBlock of the VPC (IPv4, IPv6, IPAM), so the local routes cover them', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    const secondary = new ec2.CfnVPCCidrBlock(stack, 'Secondary', { vpcId: vpc.vpcId, cidrBlock: '10.1.0.0/16' });
    const ipv6 = new ec2.CfnVPCCidrBlock(stack, 'Ipv6', { vpcId: vpc.vpcId, amazonProvidedIpv6CidrBlock: true });
    const ipam = new ec2.CfnVPCCidrBlock(stack, 'FromIpam', {
      vpcId: vpc.vpcId,
      ipv4IpamPoolId: 'ipam-pool-0123456789abcdef0',
      ipv4NetmaskLength: 20,
    });
    // A block of another VPC is no concern of this endpoint.
    const other = newVpc(stack, 'Other', '10.50.0.0/16');
    new ec2.CfnVPCCidrBlock(stack, 'OtherSecondary', { vpcId: other.vpcId, cidrBlock: '10.51.0.0/16' });
    const vpn = newVpn(stack, vpc);
    vpn.grantAccess('10.1.4.0/24', { groupId: 'ops' });
    const t = templateOf(stack);

    const blocks = [secondary, ipv6, ipam].map((b) => stack.getLogicalId(b)).sort();
    const deps = associationDependsOn(t);
    expect(Object.keys(deps)).toHaveLength(2);
    for (const dependsOn of Object.values(deps)) {
      expect(dependsOn).toEqual(blocks);
    }
    // A range inside the secondary block still needs no route: the association brings the VPC's local routes.
    t.resourceCountIs(ROUTE, 0);
  });

  test('a VPC with its primary block only: the associations depend on nothing', () => {
    const stack = newStack();
    newVpn(stack, newVpc(stack));
    const deps = associationDependsOn(templateOf(stack));
    expect(Object.values(deps)).toEqual([[], []]);
  });

  test('a VPC in another stack: no DependsOn across stacks, the endpoint stack deploys after the VPC stack and its blocks', () => {
    const app = new App();
    const env = { account: '111111111111', region: 'us-east-1' };
    const network = new Stack(app, 'Network', { env });
    const vpc = newVpc(network);
    new ec2.CfnVPCCidrBlock(network, 'Secondary', { vpcId: vpc.vpcId, cidrBlock: '10.1.0.0/16' });
    const access = new Stack(app, 'Access', { env });
    newVpn(access, vpc);
    const deps = associationDependsOn(templateOf(access));
    templateOf(network);

    expect(Object.values(deps)).toEqual([[], []]);
    expect(access.dependencies).toContain(network);
  });

  test('an endpoint in a nested stack of the VPC stack: the nested stack waits for the blocks', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    const secondary = new ec2.CfnVPCCidrBlock(stack, 'Secondary', { vpcId: vpc.vpcId, cidrBlock: '10.1.0.0/16' });
    const nested = new NestedStack(stack, 'Access');
    newVpn(nested, vpc);
    templateOf(nested);
    const t = templateOf(stack);

    const nestedResource = stack.getLogicalId(nested.nestedStackResource!);
    expect(t.toJSON().Resources[nestedResource].DependsOn).toEqual(
      expect.arrayContaining([stack.getLogicalId(secondary)]),
    );
  });
});

describe('grantAccessToVpc', () => {
  test('every IPv4 block of the peer VPC, secondary included: a rule each, and routes through every subnet', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    const peer = newVpc(stack, 'Peer', '10.20.0.0/16');
    new ec2.CfnVPCCidrBlock(stack, 'PeerSecondary', { vpcId: peer.vpcId, cidrBlock: '10.21.0.0/16' });
    new ec2.CfnVPCCidrBlock(stack, 'PeerIpv6', { vpcId: peer.vpcId, amazonProvidedIpv6CidrBlock: true });
    const vpn = newVpn(stack, vpc);
    vpn.grantAccessToVpc(peer, { groupId: 'data-team' });
    const t = templateOf(stack);

    t.resourceCountIs(RULE, 2);
    for (const cidr of ['10.20.0.0/16', '10.21.0.0/16']) {
      t.hasResourceProperties(RULE, { TargetNetworkCidr: cidr, AccessGroupId: 'data-team', AuthorizeAllGroups: false });
    }
    t.resourceCountIs(ROUTE, 4);
    const associations = associationsBySubnet(t);
    for (const cidr of ['10.20.0.0/16', '10.21.0.0/16']) {
      for (const subnetId of isolatedSubnetIds(stack, vpc)) {
        t.hasResource(ROUTE, {
          Properties: { DestinationCidrBlock: cidr, TargetVpcSubnetId: { Ref: subnetId } },
          DependsOn: Match.arrayWith([associations[subnetId]]),
        });
      }
    }
  });

  test('the endpoint VPC itself: rules and no routes', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    const vpn = newVpn(stack, vpc);
    vpn.grantAccessToVpc(vpc);
    const t = templateOf(stack);

    t.hasResourceProperties(RULE, { TargetNetworkCidr: '10.0.0.0/16', AuthorizeAllGroups: true });
    t.resourceCountIs(ROUTE, 0);
  });

  test('an imported VPC whose block is a token: granted as a token, with routes', () => {
    const stack = newStack();
    const vpn = newVpn(stack, newVpc(stack));
    const peer = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-12345678',
      vpcCidrBlock: Fn.importValue('PeerCidr'),
      availabilityZones: ['us-east-1a'],
    });
    vpn.grantAccessToVpc(peer, { groupId: 'ops' });
    const t = templateOf(stack);

    t.hasResourceProperties(RULE, { TargetNetworkCidr: { 'Fn::ImportValue': 'PeerCidr' }, AccessGroupId: 'ops' });
    t.resourceCountIs(ROUTE, 2);
  });
});

describe('allowInternet', () => {
  test('full tunnel: a 0.0.0.0/0 rule and a 0.0.0.0/0 route through every subnet, after its association', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    const vpn = newVpn(stack, vpc, { splitTunnel: false, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
    vpn.allowInternet({ groupId: 'remote-staff' });
    const t = templateOf(stack);

    t.hasResourceProperties(ENDPOINT, { SplitTunnel: false });
    t.hasResourceProperties(RULE, { TargetNetworkCidr: '0.0.0.0/0', AccessGroupId: 'remote-staff' });
    t.resourceCountIs(ROUTE, 2);
    const associations = associationsBySubnet(t);
    for (const subnet of vpc.publicSubnets) {
      const subnetId = stack.getLogicalId(subnet.node.defaultChild as ec2.CfnSubnet);
      t.hasResource(ROUTE, {
        Properties: { DestinationCidrBlock: '0.0.0.0/0', TargetVpcSubnetId: { Ref: subnetId } },
        DependsOn: Match.arrayWith([associations[subnetId]]),
      });
    }
    Annotations.fromStack(stack).hasNoWarning('/S/Vpn', Match.anyValue());
  });

  test('full tunnel without allowInternet: a warning (NG-CVPN-007)', () => {
    const stack = newStack();
    newVpn(stack, newVpc(stack), { splitTunnel: false });
    templateOf(stack);
    Annotations.fromStack(stack).hasWarning('/S/Vpn', Match.stringLikeRegexp('NG-CVPN-007'));
  });

  test.each(['NG-CVPN-007', 'NG-CVPN-008'])(
    "%s: one acknowledgement on the stack silences the construct's warning and NetworkGuard's",
    (ruleId) => {
      const warnings = (acknowledge: boolean) => {
        const stack = newStack();
        Aspects.of(stack.node.root).add(new NetworkGuard({ writeReport: false }));
        newVpn(stack, newVpc(stack), { splitTunnel: false, logging: false });
        if (acknowledge) {
          CoreAnnotations.of(stack).acknowledgeWarning(ruleId, 'accepted for this test');
        }
        templateOf(stack);
        return Annotations.fromStack(stack)
          .findWarning('*', Match.stringLikeRegexp(ruleId))
          .map((m) => m.id);
      };
      // One warning: the construct's, under the rule id; NetworkGuard does not repeat it on the endpoint below.
      expect(warnings(false)).toEqual(['/S/Vpn']);
      expect(warnings(true)).toEqual([]);
    },
  );

  test("full tunnel without allowInternet: the warning's id is the NetworkGuard rule id NG-CVPN-007", () => {
    const stack = newStack();
    newVpn(stack, newVpc(stack), { splitTunnel: false });
    templateOf(stack);
    Annotations.fromStack(stack).hasWarning(
      '/S/Vpn',
      Match.stringLikeRegexp(
        '^splitTunnel is false, so clients send all traffic through the VPN.*\\[ack: NG-CVPN-007\\]$',
      ),
    );

    const acked = newStack();
    newVpn(acked, newVpc(acked), { splitTunnel: false });
    // The warning is added once the app is built; CDK matches later warnings against acknowledgements of the scopes
    // above the construct, so this one is acknowledged on the stack.
    CoreAnnotations.of(acked).acknowledgeWarning('NG-CVPN-007', 'users reach only the VPN while connected');
    templateOf(acked);
    Annotations.fromStack(acked).hasNoWarning('/S/Vpn', Match.anyValue());
  });

  test('through isolated subnets: a warning that internet traffic is dropped', () => {
    const stack = newStack();
    const vpn = newVpn(stack, newVpc(stack), { splitTunnel: false });
    vpn.allowInternet();
    templateOf(stack);
    Annotations.fromStack(stack).hasWarning('/S/Vpn', Match.stringLikeRegexp('are isolated'));
  });
});

describe('errors name the prop, the value and the fix', () => {
  test.each([
    [
      '10.96.0.0/11',
      /clientCidr '10\.96\.0\.0\/11' is a \/11, but a Client VPN client range must be from \/12 to \/22\. Give a range such as '10\.96\.0\.0\/22'.*\(NG-CVPN-001\)/,
    ],
    [
      '10.100.0.0/23',
      /clientCidr '10\.100\.0\.0\/23' is a \/23, but a Client VPN client range must be from \/12 to \/22.*\(NG-CVPN-001\)/,
    ],
    ['10.100.0.0/28', /clientCidr '10\.100\.0\.0\/28' is a \/28/],
    ['fd00::/48', /clientCidr 'fd00::\/48' is an IPv6 range\. Give an IPv4 range from \/12 to \/22/],
    ['10.100.0.0', /S\/Vpn: clientCidr: '10\.100\.0\.0' is not a CIDR block/],
    [
      '10.100.1.0/22',
      /clientCidr '10\.100\.1\.0\/22' has host bits set\. Write the network address: '10\.100\.0\.0\/22'/,
    ],
    [
      '10.0.0.0/20',
      /clientCidr '10\.0\.0\.0\/20' overlaps 10\.0\.0\.0\/16 \(primary CIDR block of vpc S\/Vpc\)\. Choose a client range outside every CIDR block.*\(NG-CVPN-002\)/,
    ],
  ])('clientCidr %s', (clientCidr, error) => {
    const stack = newStack();
    const vpc = newVpc(stack);
    expect(() => newVpn(stack, vpc, { clientCidr })).toThrow(error);
  });

  test('clientCidr overlapping a secondary block of the VPC', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    new ec2.CfnVPCCidrBlock(stack, 'Secondary', { vpcId: vpc.vpcId, cidrBlock: '10.100.0.0/16' });
    expect(() => newVpn(stack, vpc)).toThrow(
      /clientCidr '10\.100\.0\.0\/22' overlaps 10\.100\.0\.0\/16 \(secondary CIDR block of vpc S\/Vpc\).*\(NG-CVPN-002\)/,
    );
  });

  test('a clientCidr token is not checked (never guessed) and is written as is', () => {
    const stack = newStack();
    newVpn(stack, newVpc(stack), { clientCidr: Fn.importValue('ClientCidr') });
    templateOf(stack).hasResourceProperties(ENDPOINT, { ClientCidrBlock: { 'Fn::ImportValue': 'ClientCidr' } });
  });

  test('a granted range that overlaps the client CIDR, refused at the grantAccess call', () => {
    const stack = newStack();
    const vpn = newVpn(stack, newVpc(stack));
    expect(() => vpn.grantAccess('10.100.0.0/16', { groupId: 'ops' })).toThrow(
      /S\/Vpn: grantAccess\('10\.100\.0\.0\/16'\): '10\.100\.0\.0\/16' overlaps clientCidr '10\.100\.0\.0\/22'\. The client range cannot overlap a route of the endpoint.*\(NG-CVPN-002\)/,
    );
    expect(vpn.authorizationRules).toHaveLength(0);
  });

  test('a peer VPC that overlaps the client CIDR, refused at the grantAccessToVpc call', () => {
    const stack = newStack();
    const vpn = newVpn(stack, newVpc(stack));
    const peer = newVpc(stack, 'Peer', '10.100.0.0/16');
    expect(() => vpn.grantAccessToVpc(peer)).toThrow(
      /grantAccessToVpc\(S\/Peer\): '10\.100\.0\.0\/16' overlaps clientCidr '10\.100\.0\.0\/22'/,
    );
  });

  test('a subnet smaller than /27', () => {
    const stack = newStack();
    const vpc = newVpc(stack, 'Vpc', '10.0.0.0/16', {
      subnetConfiguration: [{ name: 'Tiny', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 28 }],
    });
    expect(() => newVpn(stack, vpc)).toThrow(
      /vpcSubnets: subnet S\/Vpc\/TinySubnet1 is 10\.0\.0\.0\/28, a \/28; a Client VPN target subnet must be a \/27 or larger\. Select larger subnets.*\(NG-CVPN-004\)/,
    );
  });

  test('a /27 subnet is accepted', () => {
    const stack = newStack();
    const vpc = newVpc(stack, 'Vpc', '10.0.0.0/16', {
      subnetConfiguration: [{ name: 'Small', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 27 }],
    });
    newVpn(stack, vpc);
    templateOf(stack).resourceCountIs(ASSOCIATION, 2);
  });

  test('two subnets in one AZ', () => {
    const stack = newStack();
    const vpc = newVpc(stack, 'Vpc', '10.0.0.0/16', {
      subnetConfiguration: [
        { name: 'AppA', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
        { name: 'AppB', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    expect(() => newVpn(stack, vpc, { vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } })).toThrow(
      /S\/Vpn: vpcSubnets selects two subnets in dummy1a \(S\/Vpc\/AppASubnet1 and S\/Vpc\/AppBSubnet1\): a Client VPN endpoint takes one subnet per Availability Zone\. Add onePerAz: true to the selection, or select one subnet group\. \(NG-CVPN-003\)$/,
    );
  });

  test('two subnets in one AZ: the default selection takes one per AZ, an explicit onePerAz: true is kept', () => {
    const stack = newStack();
    const vpc = newVpc(stack, 'Vpc', '10.0.0.0/16', {
      subnetConfiguration: [
        { name: 'AppA', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
        { name: 'AppB', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    newVpn(stack, vpc);
    const other = newStack();
    const otherVpc = newVpc(other, 'Vpc', '10.0.0.0/16', {
      subnetConfiguration: [
        { name: 'AppA', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
        { name: 'AppB', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    newVpn(other, otherVpc, { vpcSubnets: { subnetGroupName: 'AppB', onePerAz: true } });
    const subnetsOf = (t: Template) =>
      Object.values(t.findResources(ASSOCIATION))
        .map((r) => r.Properties.SubnetId.Ref)
        .sort();
    expect(subnetsOf(templateOf(stack))).toEqual([
      expect.stringMatching(/^VpcAppASubnet1Subnet/),
      expect.stringMatching(/^VpcAppASubnet2Subnet/),
    ]);
    expect(subnetsOf(templateOf(other))).toEqual([
      expect.stringMatching(/^VpcAppBSubnet1Subnet/),
      expect.stringMatching(/^VpcAppBSubnet2Subnet/),
    ]);
  });

  test('a subnet of another VPC', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    const other = newVpc(stack, 'Other', '10.50.0.0/16');
    expect(() => newVpn(stack, vpc, { vpcSubnets: { subnets: [other.isolatedSubnets[0]] } })).toThrow(
      /vpcSubnets: subnet S\/Other\/PrivateSubnet1 belongs to VPC S\/Other\/Resource, not to vpc S\/Vpc\..*\(NG-CVPN-003\)/,
    );
  });

  test('more than 200 authorization rules', () => {
    const stack = newStack();
    const vpn = newVpn(stack, newVpc(stack));
    for (let i = 0; i < 200; i++) {
      vpn.grantAccess(`10.0.${i}.0/24`);
    }
    expect(() => vpn.grantAccess('10.0.200.0/24')).toThrow(
      /grantAccess\('10\.0\.200\.0\/24'\): it would bring the endpoint to 201 authorization rules, over the quota of 200 per Client VPN endpoint\. Summarize ranges/,
    );
  });

  test('more than 200 authorization rules in one grantAccessToVpc call creates none of them', () => {
    const stack = newStack();
    const vpn = newVpn(stack, newVpc(stack));
    for (let i = 0; i < 199; i++) {
      vpn.grantAccess(`10.0.${i}.0/24`);
    }
    const peer = newVpc(stack, 'Peer', '10.20.0.0/16');
    new ec2.CfnVPCCidrBlock(stack, 'PeerSecondary', { vpcId: peer.vpcId, cidrBlock: '10.21.0.0/16' });
    expect(() => vpn.grantAccessToVpc(peer)).toThrow(/it would bring the endpoint to 201 authorization rules/);
    expect(vpn.authorizationRules).toHaveLength(199);
  });

  test('allowInternet with split tunnel on', () => {
    const stack = newStack();
    const vpn = newVpn(stack, newVpc(stack));
    expect(() => vpn.allowInternet()).toThrow(
      /S\/Vpn: allowInternet\(\): splitTunnel is true.*Set splitTunnel: false to send all traffic through the VPN/,
    );
  });

  test('grantAccess of 0.0.0.0/0', () => {
    const stack = newStack();
    const vpn = newVpn(stack, newVpc(stack), { splitTunnel: false });
    expect(() => vpn.grantAccess('0.0.0.0/0')).toThrow(
      /grantAccess\('0\.0\.0\.0\/0'\): '0\.0\.0\.0\/0' is the whole internet\. Call allowInternet\(\) instead/,
    );
  });

  test('grantAccess of an IPv6 range, of a range with host bits, of a non-CIDR', () => {
    const stack = newStack();
    const vpn = newVpn(stack, newVpc(stack));
    expect(() => vpn.grantAccess('2001:db8::/56')).toThrow(
      /'2001:db8::\/56' is an IPv6 range\. Client VPN authorizes and routes IPv4 ranges only/,
    );
    expect(() => vpn.grantAccess('10.20.0.1/16')).toThrow(
      /'10\.20\.0\.1\/16' has host bits set\. Write the network address: '10\.20\.0\.0\/16'/,
    );
    expect(() => vpn.grantAccess('data-vpc')).toThrow(
      /S\/Vpn: grantAccess\('data-vpc'\): 'data-vpc' is not a CIDR block/,
    );
  });

  test('the same range granted twice to the same group', () => {
    const stack = newStack();
    const vpn = newVpn(stack, newVpc(stack));
    vpn.grantAccess('10.20.0.0/16', { groupId: 'ops' });
    expect(() => vpn.grantAccess('10.20.0.0/16', { groupId: 'ops' })).toThrow(
      /grantAccess\('10\.20\.0\.0\/16'\): '10\.20\.0\.0\/16' is already granted to group 'ops'\. Remove the second grant/,
    );
  });

  test('a group with mutual TLS, which has no groups', () => {
    const stack = newStack();
    const vpn = newVpn(stack, newVpc(stack), { authentication: ClientVpnAuthentication.mutualTls(CLIENT_CA) });
    expect(() => vpn.grantAccess('10.20.0.0/16', { groupId: 'ops' })).toThrow(
      /groupId 'ops' is given, but authentication is mutual TLS, which has no groups\. Leave groupId out/,
    );
  });

  test('an empty group id', () => {
    const stack = newStack();
    const vpn = newVpn(stack, newVpc(stack));
    expect(() => vpn.grantAccess('10.20.0.0/16', { groupId: ' ' })).toThrow(/groupId is empty/);
  });

  test('a VPC with no IPv4 block this construct can see', () => {
    const stack = newStack();
    const vpn = newVpn(stack, newVpc(stack));
    const peer = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-12345678',
      availabilityZones: ['us-east-1a'],
    });
    expect(() => vpn.grantAccessToVpc(peer)).toThrow(
      /grantAccessToVpc\(S\/Imported\): the VPC has no IPv4 CIDR block this construct can see/,
    );
  });

  test.each<[string, Partial<ClientVpnAccessProps>, RegExp]>([
    [
      'three DNS servers',
      { dnsServers: ['10.0.0.2', '10.0.0.3', '10.0.0.4'] },
      /dnsServers has 3 entries \(10\.0\.0\.2, 10\.0\.0\.3, 10\.0\.0\.4\); a Client VPN endpoint takes at most 2/,
    ],
    [
      'a DNS server that is no IPv4 address',
      { dnsServers: ['resolver.local'] },
      /dnsServers: 'resolver\.local' is not an IPv4 address/,
    ],
    [
      'logging off with logRetention',
      { logging: false, logRetention: logs.RetentionDays.ONE_DAY },
      /logging is false, but logRetention is given\. Remove it, or leave logging on/,
    ],
    [
      'logGroup with logRetention',
      { logGroup: logs.LogGroup.fromLogGroupName(new Stack(), 'L', 'vpn'), logRetention: logs.RetentionDays.ONE_DAY },
      /logRetention is given with logGroup: it applies only to the log group created here/,
    ],
    [
      'a login banner over 1400 characters',
      { loginBanner: 'x'.repeat(1401) },
      /loginBanner is 1401 characters long; AWS clients show at most 1400/,
    ],
    ['no security group', { securityGroups: [] }, /securityGroups has 0 entries; a Client VPN endpoint takes 1 to 5/],
    [
      'logging off with logGroupEncryptionKey',
      { logging: false, logGroupEncryptionKey: kms.Key.fromKeyArn(new Stack(), 'K', KEY_ARN) },
      /S\/Vpn: logGroupEncryptionKey is given with logging false: it only encrypts the log group created here\. Remove it, or leave logging on\./,
    ],
    [
      'logGroup with logGroupEncryptionKey',
      {
        logGroup: logs.LogGroup.fromLogGroupName(new Stack(), 'L', 'vpn'),
        logGroupEncryptionKey: kms.Key.fromKeyArn(new Stack(), 'K', KEY_ARN),
      },
      /S\/Vpn: logGroupEncryptionKey is given with logGroup: .*Set the key on your log group and remove logGroupEncryptionKey\./,
    ],
    [
      'SAML with a portal provider but the portal off',
      {
        authentication: ClientVpnAuthentication.saml({
          samlProviderArn: SAML,
          selfServicePortal: false,
          selfServiceSamlProviderArn: SAML_PORTAL,
        }),
      },
      /S\/Vpn: authentication: ClientVpnAuthentication\.saml\(\) was given selfServiceSamlProviderArn '.*OktaPortal' with selfServicePortal false/,
    ],
  ])('%s', (_name, props, error) => {
    const stack = newStack();
    const vpc = newVpc(stack);
    expect(() => newVpn(stack, vpc, props)).toThrow(error);
  });

  test('a selection with no subnet to associate', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    expect(() => newVpn(stack, vpc, { vpcSubnets: { subnets: [] } })).toThrow(
      /vpcSubnets selects no subnets to associate the endpoint with/,
    );
  });

  test('an imported VPC whose subnet ids are one list token', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-12345678',
      availabilityZones: ['us-east-1a'],
      privateSubnetIds: Fn.split(',', Fn.importValue('SubnetIds')),
    });
    expect(() => newVpn(stack, vpc)).toThrow(
      /vpc S\/Imported lists its subnets as one token \(an imported list without a count\), so they cannot be associated one by one/,
    );
  });

  test('nothing is created when a check fails', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    expect(() => newVpn(stack, vpc, { clientCidr: '10.0.0.0/20' })).toThrow();
    expect(stack.node.tryFindChild('Vpn')?.node.children ?? []).toHaveLength(0);
  });
});

describe('what ClientVpnAccess promises, as NetworkIntents (test/reachability/client-vpn-intents.test.ts has more)', () => {
  test('each group reaches exactly what it was granted: its own VPC for dev, the peered VPC for data', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: { account: '111111111111', region: 'us-east-1' } });
    const vpc = newVpc(stack);
    const peer = newVpc(stack, 'Peer', '10.1.0.0/16');
    new PeeredVpcPair(stack, 'Pair', { requesterVpc: vpc, accepterVpc: peer });
    const vpn = newVpn(stack, vpc);
    vpn.grantAccessToVpc(vpc, { groupId: 'dev' });
    vpn.grantAccessToVpc(peer, { groupId: 'data' });
    const port = ec2.Port.tcp(443);
    const intent = (id: string, group: string, to: ec2.IVpc, reachable: boolean) =>
      reachable
        ? NetworkIntent.reachable(stack, id, {
            from: NetworkEndpoint.fromClientVpn(vpn, group),
            to: NetworkEndpoint.fromVpc(to),
            port,
          })
        : NetworkIntent.isolated(stack, id, {
            from: NetworkEndpoint.fromClientVpn(vpn, group),
            to: NetworkEndpoint.fromVpc(to),
          });
    intent('DevToOwn', 'dev', vpc, true);
    intent('DevNotPeer', 'dev', peer, false);
    intent('DataToPeer', 'data', peer, true);
    intent('DataNotOwn', 'data', vpc, false);
    intent('OtherNotOwn', 'finance', vpc, false);
    intent('OtherNotPeer', 'finance', peer, false);
    const { intents } = intentsOf(app);
    expect(intents).toEqual([
      ['S/DataNotOwn', 'met', undefined],
      ['S/DataToPeer', 'met', undefined],
      ['S/DevNotPeer', 'met', undefined],
      ['S/DevToOwn', 'met', undefined],
      ['S/OtherNotOwn', 'met', undefined],
      ['S/OtherNotPeer', 'met', undefined],
    ]);
  });
});
