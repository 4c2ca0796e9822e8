/** Client VPN rules, each with a compliant and a non-compliant L1 network. */
import { CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { guard, ids, subnet, vpc } from './l1';

interface VpnOptions {
  readonly clientCidr?: string;
  readonly subnets?: [string, string][];
  readonly otherVpcSubnet?: boolean;
  readonly routes?: { dest: string; subnet?: number; dependsOn?: boolean; unassociated?: boolean }[];
  readonly auths?: string[];
  readonly splitTunnel?: boolean;
  readonly logging?: boolean;
}

/** VPC 10.0.0.0/16 with a Client VPN endpoint, associations, routes and authorization rules. */
function clientVpn(s: Stack, o: VpnOptions = {}) {
  const v = vpc(s, 'Vpc', '10.0.0.0/16');
  const endpoint = new ec2.CfnClientVpnEndpoint(s, 'Endpoint', {
    clientCidrBlock: o.clientCidr ?? '10.100.0.0/22',
    serverCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/1',
    authenticationOptions: [
      {
        type: 'certificate-authentication',
        mutualAuthentication: { clientRootCertificateChainArn: 'arn:aws:acm:us-east-1:111111111111:certificate/2' },
      },
    ],
    connectionLogOptions: { enabled: o.logging ?? true, cloudwatchLogGroup: 'vpn' },
    splitTunnel: o.splitTunnel ?? true,
    vpcId: v.ref,
  });
  const subnets = (o.subnets ?? [['10.0.0.0/24', 'us-east-1a']]).map(([cidr, az], i) =>
    subnet(s, `Subnet${i}`, v, cidr, az),
  );
  if (o.otherVpcSubnet) {
    subnets.push(subnet(s, 'OtherSubnet', vpc(s, 'Other', '10.1.0.0/16'), '10.1.0.0/24', 'us-east-1b'));
  }
  const assocs = subnets.map(
    (sub, i) =>
      new ec2.CfnClientVpnTargetNetworkAssociation(s, `Assoc${i}`, {
        clientVpnEndpointId: endpoint.ref,
        subnetId: sub.ref,
      }),
  );
  const stray = subnet(s, 'Stray', v, '10.0.200.0/24', 'us-east-1a');
  (o.routes ?? []).forEach((r, i) => {
    const route = new ec2.CfnClientVpnRoute(s, `Route${i}`, {
      clientVpnEndpointId: endpoint.ref,
      destinationCidrBlock: r.dest,
      targetVpcSubnetId: r.unassociated ? stray.ref : subnets[r.subnet ?? 0].ref,
    });
    if (r.dependsOn ?? true) {
      route.addDependency(assocs[r.subnet ?? 0]);
    }
  });
  (o.auths ?? ['10.0.0.0/16']).forEach(
    (cidr, i) =>
      new ec2.CfnClientVpnAuthorizationRule(s, `Auth${i}`, {
        clientVpnEndpointId: endpoint.ref,
        targetNetworkCidr: cidr,
        authorizeAllGroups: true,
      }),
  );
}

describe.each([
  ['NG-CVPN-001', { clientCidr: '10.100.0.0/22' }, { clientCidr: '10.100.0.0/24' }, ['Endpoint']],
  ['NG-CVPN-002', {}, { clientCidr: '10.0.0.0/22' }, ['Endpoint', 'Vpc']],
  [
    'NG-CVPN-003',
    {
      subnets: [
        ['10.0.0.0/24', 'us-east-1a'],
        ['10.0.1.0/24', 'us-east-1b'],
      ],
    },
    {
      subnets: [
        ['10.0.0.0/24', 'us-east-1a'],
        ['10.0.1.0/24', 'us-east-1a'],
      ],
    },
    ['Assoc1', 'Assoc0', 'Endpoint'],
  ],
  ['NG-CVPN-003', {}, { otherVpcSubnet: true }, ['Endpoint', 'Assoc0', 'Assoc1']],
  [
    'NG-CVPN-004',
    { subnets: [['10.0.0.0/27', 'us-east-1a']] },
    { subnets: [['10.0.0.0/28', 'us-east-1a']] },
    ['Assoc0', 'Subnet0'],
  ],
  [
    'NG-CVPN-005',
    { routes: [{ dest: '10.9.0.0/16' }], auths: ['10.9.0.0/16'] },
    { routes: [{ dest: '10.9.0.0/16', dependsOn: false }], auths: ['10.9.0.0/16'] },
    ['Route0', 'Assoc0'],
  ],
  [
    'NG-CVPN-005',
    { routes: [{ dest: '10.9.0.0/16' }], auths: ['10.9.0.0/16'] },
    { routes: [{ dest: '10.9.0.0/16', unassociated: true, dependsOn: false }], auths: ['10.9.0.0/16'] },
    ['Route0', 'Endpoint'],
  ],
  [
    'NG-CVPN-006',
    { routes: [{ dest: '10.9.0.0/16' }], auths: ['10.9.0.0/16', '10.0.0.0/16'] },
    { routes: [{ dest: '10.9.0.0/16' }], auths: ['10.0.0.0/16'] },
    ['Route0', 'Endpoint'],
  ],
  ['NG-CVPN-006', {}, { auths: ['10.0.0.0/16', '172.16.0.0/12'] }, ['Auth1', 'Endpoint']],
  [
    'NG-CVPN-007',
    { splitTunnel: false, routes: [{ dest: '0.0.0.0/0' }], auths: ['0.0.0.0/0'] },
    { splitTunnel: false },
    ['Endpoint'],
  ],
  ['NG-CVPN-008', { logging: true }, { logging: false }, ['Endpoint']],
] as [string, VpnOptions, VpnOptions, string[]][])('%s', (ruleId, good, bad, involved) => {
  test(`compliant: no finding (${JSON.stringify(good)})`, () =>
    expect(guard((s) => clientVpn(s, good)).of(ruleId)).toEqual([]));
  test(`non-compliant: one finding (${JSON.stringify(bad)})`, () =>
    expect(
      guard((s) => clientVpn(s, bad))
        .of(ruleId)
        .map(ids),
    ).toEqual([involved]));
});

describe('values not known at synth are listed as not checked', () => {
  const g = guard((s) => {
    clientVpn(s, { splitTunnel: false, routes: [{ dest: '0.0.0.0/0' }], auths: ['0.0.0.0/0'] });
    const endpoint = s.node.findChild('Endpoint') as ec2.CfnClientVpnEndpoint;
    endpoint.addPropertyOverride('SplitTunnel', { Ref: new CfnParameter(s, 'Split', { default: 'true' }).logicalId });
    endpoint.addPropertyOverride('ConnectionLogOptions.Enabled', {
      Ref: new CfnParameter(s, 'Logging', { default: 'true' }).logicalId,
    });
    new ec2.CfnClientVpnTargetNetworkAssociation(s, 'ImportedAssoc', {
      clientVpnEndpointId: endpoint.ref,
      subnetId: Fn.importValue('OtherApp-Subnet'),
    });
  });
  test('NG-CVPN-003: an association with a subnet outside the app', () =>
    expect(g.skipped('NG-CVPN-003')).toEqual([
      'the subnet of ImportedAssoc ({"Fn::ImportValue":"OtherApp-Subnet"}) is not defined in this app; its Availability Zone and VPC are not known at synth',
    ]));
  test('NG-CVPN-007: SplitTunnel given as a parameter', () => {
    expect(g.of('NG-CVPN-007')).toEqual([]);
    expect(g.skipped('NG-CVPN-007')).toEqual(['the SplitTunnel of Endpoint is not known at synth']);
  });
  test('NG-CVPN-008: connection logging given as a parameter is not a finding', () => {
    expect(g.of('NG-CVPN-008')).toEqual([]);
    expect(g.skipped('NG-CVPN-008')).toEqual(['whether connection logging of Endpoint is on is not known at synth']);
  });
});

describe('NG-CVPN-002 values not known at synth are listed as not checked', () => {
  test('a client CIDR block given as a parameter', () => {
    const g = guard((s) => {
      clientVpn(s);
      (s.node.findChild('Endpoint') as ec2.CfnClientVpnEndpoint).clientCidrBlock = new CfnParameter(s, 'ClientCidr', {
        default: '10.100.0.0/22',
      }).valueAsString;
    });
    expect(g.skipped('NG-CVPN-002')).toEqual(['the client CIDR block of Endpoint is not known at synth']);
  });
  test('an association with a subnet outside the app, and a route to an imported block', () => {
    const g = guard((s) => {
      clientVpn(s);
      const endpoint = s.node.findChild('Endpoint') as ec2.CfnClientVpnEndpoint;
      new ec2.CfnClientVpnTargetNetworkAssociation(s, 'ImportedAssoc', {
        clientVpnEndpointId: endpoint.ref,
        subnetId: Fn.importValue('OtherApp-Subnet'),
      });
      new ec2.CfnClientVpnRoute(s, 'ImportedRoute', {
        clientVpnEndpointId: endpoint.ref,
        destinationCidrBlock: Fn.importValue('OtherApp-Cidr'),
        targetVpcSubnetId: (s.node.findChild('Subnet0') as ec2.CfnSubnet).ref,
      });
    });
    expect(g.skipped('NG-CVPN-002')).toEqual([
      'the subnet of ImportedAssoc is not defined in this app; its CIDR blocks are not known at synth',
      'the destination of route ImportedRoute ({"Fn::ImportValue":"OtherApp-Cidr"}) is not known at synth',
    ]);
  });
});

test('NG-CVPN-006: an authorization rule that may be for the block of an association outside the app is listed as not checked, not reported', () => {
  const g = guard((s) => {
    clientVpn(s, { auths: ['10.0.0.0/16', '10.5.0.0/16'] });
    new ec2.CfnClientVpnTargetNetworkAssociation(s, 'ImportedAssoc', {
      clientVpnEndpointId: (s.node.findChild('Endpoint') as ec2.CfnClientVpnEndpoint).ref,
      subnetId: Fn.importValue('OtherApp-Subnet'),
    });
  });
  expect(g.of('NG-CVPN-006')).toEqual([]);
  expect(g.skipped('NG-CVPN-006')).toEqual([
    'a block of the VPC of an association of Endpoint is not known at synth; the route of Auth1 may be that block',
  ]);
});
