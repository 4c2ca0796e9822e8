/**
 * Transit gateway rules, each with a compliant and a non-compliant L1 network. The base network reproduces the
 * "isolated VPCs with shared services" scenario (https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-isolated-shared.html):
 * two spokes associated with and propagating to their own segments, a shared-services VPC propagating into both.
 */
import { CfnParameter, CfnResource, Fn, Stack } from 'aws-cdk-lib';
import * as dx from 'aws-cdk-lib/aws-directconnect';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { guard, ids, routeTable, subnet, vpc } from './l1';
import { DX_ALLOWED_PREFIXES_PER_TGW_ASSOCIATION } from '../../src/transit/quotas';

/** `count` distinct /24 prefixes. */
function prefixes(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `10.${Math.floor(i / 256)}.${i % 256}.0/24`);
}

interface HubOptions {
  readonly asn?: number;
  readonly defaultAssociation?: 'enable' | 'disable';
  readonly spokeBCidr?: string;
  readonly propagateBIntoSpokes?: boolean;
  readonly attachmentAzs?: string[];
  readonly secondAttachmentOfA?: boolean;
  readonly routeDependsOn?: boolean;
  readonly routeTableAz?: string;
  readonly inspection?: 'enable' | 'disable' | 'none';
  readonly staticRoutes?: { dest: string; to?: 'A' | 'B'; blackhole?: boolean }[];
  readonly duplicateAssociation?: boolean;
  readonly duplicatePropagation?: boolean;
  readonly foreignTable?: boolean;
  readonly peeringPropagation?: boolean;
}

function hub(s: Stack, o: HubOptions = {}) {
  const tgw = new ec2.CfnTransitGateway(s, 'Tgw', {
    amazonSideAsn: o.asn ?? 64512,
    defaultRouteTableAssociation: o.defaultAssociation ?? 'disable',
    defaultRouteTablePropagation: 'disable',
  });
  const spokes = new ec2.CfnTransitGatewayRouteTable(s, 'Spokes', { transitGatewayId: tgw.ref });
  const shared = new ec2.CfnTransitGatewayRouteTable(s, 'Shared', { transitGatewayId: tgw.ref });
  const attach = (name: string, cidr: string, azs: string[], options?: any) => {
    const v = vpc(s, name, cidr);
    const base = cidr.split('.').slice(0, 2).join('.');
    const subnets = azs.map((az, i) => subnet(s, `${name}Tgw${i}`, v, `${base}.${200 + i}.0/28`, az));
    const att = new ec2.CfnTransitGatewayVpcAttachment(s, `${name}Att`, {
      transitGatewayId: tgw.ref,
      vpcId: v.ref,
      subnetIds: subnets.map((x) => x.ref),
      options,
    });
    return { v, att };
  };
  const a = attach('A', '10.0.0.0/16', o.attachmentAzs ?? ['us-east-1a', 'us-east-1b']);
  const b = attach('B', o.spokeBCidr ?? '10.1.0.0/16', ['us-east-1a', 'us-east-1b']);
  const svc = attach(
    'Svc',
    '10.2.0.0/16',
    ['us-east-1a', 'us-east-1b'],
    o.inspection && o.inspection !== 'none' ? { ApplianceModeSupport: o.inspection } : undefined,
  );
  const assoc = (id: string, att: ec2.CfnTransitGatewayVpcAttachment, rt: ec2.CfnTransitGatewayRouteTable) =>
    new ec2.CfnTransitGatewayRouteTableAssociation(s, id, {
      transitGatewayAttachmentId: att.ref,
      transitGatewayRouteTableId: rt.ref,
    });
  const prop = (id: string, att: ec2.CfnTransitGatewayVpcAttachment, rt: ec2.CfnTransitGatewayRouteTable) =>
    new ec2.CfnTransitGatewayRouteTablePropagation(s, id, {
      transitGatewayAttachmentId: att.ref,
      transitGatewayRouteTableId: rt.ref,
    });
  assoc('AAssoc', a.att, spokes);
  assoc('BAssoc', b.att, spokes);
  assoc('SvcAssoc', svc.att, shared);
  prop('AToShared', a.att, shared);
  prop('BToShared', b.att, shared);
  prop('SvcToSpokes', svc.att, spokes);
  if (o.propagateBIntoSpokes) {
    prop('BToSpokes', b.att, spokes);
    prop('AToSpokes', a.att, spokes);
  }
  if (o.duplicateAssociation) {
    assoc('AAssocAgain', a.att, shared);
  }
  if (o.duplicatePropagation) {
    prop('AToSharedAgain', a.att, shared);
  }
  if (o.secondAttachmentOfA) {
    new ec2.CfnTransitGatewayVpcAttachment(s, 'AAtt2', {
      transitGatewayId: tgw.ref,
      vpcId: a.v.ref,
      subnetIds: [subnet(s, 'AExtra', a.v, '10.0.210.0/28').ref],
    });
  }
  // A's workload route table routes 10/8 to the TGW.
  const work = subnet(s, 'AWork', a.v, '10.0.0.0/24', o.routeTableAz ?? 'us-east-1a');
  const rt = routeTable(s, 'ART', a.v, [work]);
  const r = new ec2.CfnRoute(s, 'AToTgw', {
    routeTableId: rt.ref,
    destinationCidrBlock: '10.0.0.0/8',
    transitGatewayId: tgw.ref,
  });
  if (o.routeDependsOn ?? true) {
    r.addDependency(a.att);
  }
  if (o.inspection !== undefined) {
    new ec2.CfnTransitGatewayRoute(s, 'SpokesDefault', {
      transitGatewayRouteTableId: spokes.ref,
      destinationCidrBlock: '0.0.0.0/0',
      transitGatewayAttachmentId: svc.att.ref,
    });
  }
  (o.staticRoutes ?? []).forEach(
    (sr, i) =>
      new ec2.CfnTransitGatewayRoute(s, `Static${i}`, {
        transitGatewayRouteTableId: spokes.ref,
        destinationCidrBlock: sr.dest,
        blackhole: sr.blackhole,
        transitGatewayAttachmentId: sr.to === undefined ? undefined : (sr.to === 'A' ? a : b).att.ref,
      }),
  );
  if (o.foreignTable) {
    const other = new ec2.CfnTransitGateway(s, 'OtherTgw', {
      defaultRouteTableAssociation: 'disable',
      defaultRouteTablePropagation: 'disable',
    });
    const foreign = new ec2.CfnTransitGatewayRouteTable(s, 'Foreign', { transitGatewayId: other.ref });
    prop('AToForeign', a.att, foreign);
  }
  if (o.peeringPropagation !== undefined) {
    const peer = new ec2.CfnTransitGatewayPeeringAttachment(s, 'Peer', {
      transitGatewayId: tgw.ref,
      peerTransitGatewayId: 'tgw-0123456789abcdef0',
      peerAccountId: '111111111111',
      peerRegion: 'eu-west-1',
    });
    if (o.peeringPropagation) {
      new ec2.CfnTransitGatewayRouteTablePropagation(s, 'PeerProp', {
        transitGatewayAttachmentId: peer.attrTransitGatewayAttachmentId,
        transitGatewayRouteTableId: shared.ref,
      });
    } else {
      new ec2.CfnTransitGatewayRoute(s, 'ToPeer', {
        transitGatewayRouteTableId: shared.ref,
        destinationCidrBlock: '10.128.0.0/9',
        transitGatewayAttachmentId: peer.attrTransitGatewayAttachmentId,
      });
    }
  }
  return { tgw };
}

describe('the isolated-VPCs-with-shared-services scenario is clean', () => {
  test('no finding of any rule', () => expect(guard((s) => hub(s)).report.findings).toEqual([]));
});

describe.each([
  [
    'NG-TGW-001',
    { propagateBIntoSpokes: true },
    { propagateBIntoSpokes: true, spokeBCidr: '10.0.128.0/17' },
    [
      ['BAtt', 'AAtt', 'Shared'],
      ['BAtt', 'AAtt', 'Spokes'],
    ],
  ],
  [
    'NG-TGW-002',
    { attachmentAzs: ['us-east-1a', 'us-east-1b'] },
    { attachmentAzs: ['us-east-1a', 'us-east-1a'] },
    ['AAtt', 'ATgw1', 'ATgw0'],
  ],
  ['NG-TGW-015', {}, { secondAttachmentOfA: true }, ['AAtt2', 'AAtt']],
  [
    'NG-TGW-003',
    { routeTableAz: 'us-east-1b', attachmentAzs: ['us-east-1a', 'us-east-1b'] },
    { routeTableAz: 'us-east-1c' },
    ['AToTgw', 'ART', 'AWork'],
  ],
  ['NG-TGW-004', { inspection: 'enable' }, { inspection: 'disable' }, ['SvcAtt', 'SpokesDefault']],
  [
    'NG-TGW-005',
    { defaultAssociation: 'disable' },
    { defaultAssociation: 'enable' },
    ['Tgw', 'AAssoc', 'BAssoc', 'SvcAssoc'],
  ],
  [
    'NG-TGW-006',
    {
      staticRoutes: [
        { dest: '10.9.0.0/16', to: 'A' },
        { dest: '10.8.0.0/16', blackhole: true },
      ],
    },
    {
      staticRoutes: [
        { dest: '10.9.0.0/16', to: 'A' },
        { dest: '10.9.0.0/16', blackhole: true },
      ],
    },
    ['Static1', 'Static0'],
  ],
  ['NG-TGW-007', { routeDependsOn: true }, { routeDependsOn: false }, ['AToTgw', 'AAtt']],
  ['NG-TGW-008', { asn: 65000 }, { asn: 65535 }, ['Tgw']],
  ['NG-TGW-009', { peeringPropagation: false }, { peeringPropagation: true }, ['PeerProp', 'Peer']],
  [
    'NG-TGW-010',
    { staticRoutes: [{ dest: '10.9.0.0/16', blackhole: true }] },
    { staticRoutes: [{ dest: '10.9.0.0/16' }] },
    ['Static0'],
  ],
  ['NG-TGW-011', {}, { foreignTable: true }, ['AToForeign', 'AAtt', 'Foreign']],
  ['NG-TGW-012', {}, { duplicateAssociation: true }, ['AAssocAgain', 'AAssoc']],
  ['NG-TGW-012', {}, { duplicatePropagation: true }, ['AToSharedAgain', 'AToShared']],
] as [string, HubOptions, HubOptions, string[] | string[][]][])('%s', (ruleId, good, bad, involved) => {
  const expected = Array.isArray(involved[0]) ? involved : [involved];
  test(`compliant: no finding (${JSON.stringify(good)})`, () =>
    expect(guard((s) => hub(s, good)).of(ruleId)).toEqual([]));
  test(`non-compliant: one finding (${JSON.stringify(bad)})`, () =>
    expect(
      guard((s) => hub(s, bad))
        .of(ruleId)
        .map(ids),
    ).toEqual(expected));
});

describe('NG-DX-001 Direct Connect gateway association', () => {
  function build(o: { prefixes?: string[]; dxAsn?: string }) {
    return guard((s) => {
      const { tgw } = hub(s);
      const dxgw = new dx.CfnDirectConnectGateway(s, 'Dxgw', {
        directConnectGatewayName: 'dx',
        amazonSideAsn: o.dxAsn ?? '64600',
      });
      new dx.CfnDirectConnectGatewayAssociation(s, 'DxAssoc', {
        directConnectGatewayId: dxgw.ref,
        associatedGatewayId: tgw.ref,
        allowedPrefixesToDirectConnectGateway: o.prefixes,
      });
    });
  }
  test('prefixes and distinct ASNs: no finding', () =>
    expect(build({ prefixes: ['10.0.0.0/8'] }).of('NG-DX-001')).toEqual([]));
  test('no allowed prefixes: an error', () => expect(build({}).of('NG-DX-001').map(ids)).toEqual([['DxAssoc']]));
  test(`at most ${DX_ALLOWED_PREFIXES_PER_TGW_ASSOCIATION} allowed prefixes (the Direct Connect quota): no finding`, () =>
    expect(build({ prefixes: prefixes(DX_ALLOWED_PREFIXES_PER_TGW_ASSOCIATION) }).of('NG-DX-001')).toEqual([]));
  test('one prefix over the Direct Connect quota: an error naming the count and the quota', () => {
    const findings = build({ prefixes: prefixes(DX_ALLOWED_PREFIXES_PER_TGW_ASSOCIATION + 1) }).of('NG-DX-001');
    expect(findings.map(ids)).toEqual([['DxAssoc']]);
    expect(findings[0].message).toMatch(/has 201 allowed prefixes, more than the 200 \(IPv4 and IPv6 together\)/);
  });
  test('the same ASN on both gateways: NG-DX-011, not NG-DX-001', () => {
    const g = build({ prefixes: ['10.0.0.0/8'], dxAsn: '64512' });
    expect(g.of('NG-DX-011').map(ids)).toEqual([['DxAssoc', 'Tgw', 'Dxgw']]);
    expect(g.of('NG-DX-001')).toEqual([]);
  });
  test('distinct ASNs: no NG-DX-011', () => expect(build({ prefixes: ['10.0.0.0/8'] }).of('NG-DX-011')).toEqual([]));
});

describe('NG-TGW-004 inspection VPCs', () => {
  test('an inter-segment route to an attachment in one AZ: no warning (both directions enter in that AZ)', () => {
    const g = guard((s) => {
      const tgw = new ec2.CfnTransitGateway(s, 'Tgw', { defaultRouteTableAssociation: 'disable' });
      const spokes = new ec2.CfnTransitGatewayRouteTable(s, 'Spokes', { transitGatewayId: tgw.ref });
      const v = vpc(s, 'Inspection', '10.2.0.0/16');
      const att = new ec2.CfnTransitGatewayVpcAttachment(s, 'InspectionAtt', {
        transitGatewayId: tgw.ref,
        vpcId: v.ref,
        subnetIds: [subnet(s, 'InspectionTgw0', v, '10.2.200.0/28', 'us-east-1a').ref],
      });
      new ec2.CfnTransitGatewayRoute(s, 'ToInspection', {
        transitGatewayRouteTableId: spokes.ref,
        destinationCidrBlock: '0.0.0.0/0',
        transitGatewayAttachmentId: att.ref,
      });
    });
    expect(g.of('NG-TGW-004')).toEqual([]);
    expect(g.skipped('NG-TGW-004')).toEqual([]);
  });

  /** A VPC with a Network Firewall or Gateway Load Balancer endpoints, attached in the given AZs. */
  function inspection(appliance: 'firewall' | 'gwlb', azs: string[], mode?: string) {
    return guard((s) => {
      const tgw = new ec2.CfnTransitGateway(s, 'Tgw', {});
      const v = vpc(s, 'Inspection', '10.2.0.0/16');
      const subnets = azs.map((az, i) => subnet(s, `InspectionTgw${i}`, v, `10.2.20${i}.0/28`, az));
      new ec2.CfnTransitGatewayVpcAttachment(s, 'InspectionAtt', {
        transitGatewayId: tgw.ref,
        vpcId: v.ref,
        subnetIds: subnets.map((x) => x.ref),
        options: mode ? { ApplianceModeSupport: mode } : undefined,
      });
      const fw = subnet(s, 'Firewall0', v, '10.2.0.0/28', 'us-east-1a');
      if (appliance === 'firewall') {
        new CfnResource(s, 'Firewall', {
          type: 'AWS::NetworkFirewall::Firewall',
          properties: {
            FirewallName: 'inspection',
            FirewallPolicyArn: 'arn:aws:network-firewall:us-east-1:111111111111:firewall-policy/p',
            VpcId: v.ref,
            SubnetMappings: [{ SubnetId: fw.ref }],
          },
        });
      } else {
        new ec2.CfnVPCEndpoint(s, 'Gwlbe', {
          vpcId: v.ref,
          vpcEndpointType: 'GatewayLoadBalancer',
          serviceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0',
          subnetIds: [fw.ref],
        });
      }
    });
  }
  test.each(['firewall', 'gwlb'] as const)('a %s VPC attached in two AZs without appliance mode: a warning', (kind) => {
    const g = inspection(kind, ['us-east-1a', 'us-east-1b']);
    expect(g.of('NG-TGW-004').map(ids)).toEqual([['InspectionAtt', kind === 'firewall' ? 'Firewall' : 'Gwlbe']]);
    expect(g.of('NG-TGW-004')[0].message).toMatch(/is in several AZs but has appliance mode off/);
  });
  test.each(['firewall', 'gwlb'] as const)('a %s VPC with appliance mode, or in one AZ: no warning', (kind) => {
    expect(inspection(kind, ['us-east-1a', 'us-east-1b'], 'enable').of('NG-TGW-004')).toEqual([]);
    expect(inspection(kind, ['us-east-1a']).of('NG-TGW-004')).toEqual([]);
  });
  test('subnets of unknown AZ: not checked, listed', () => {
    const g = guard((s) => {
      const tgw = new ec2.CfnTransitGateway(s, 'Tgw', {});
      const v = vpc(s, 'Inspection', '10.2.0.0/16');
      new ec2.CfnTransitGatewayVpcAttachment(s, 'InspectionAtt', {
        transitGatewayId: tgw.ref,
        vpcId: v.ref,
        subnetIds: [subnet(s, 'A', v, '10.2.200.0/28').ref, Fn.importValue('other-subnet')],
      });
      new ec2.CfnVPCEndpoint(s, 'Gwlbe', {
        vpcId: v.ref,
        vpcEndpointType: 'GatewayLoadBalancer',
        serviceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0',
        subnetIds: [subnet(s, 'B', v, '10.2.0.0/28').ref],
      });
    });
    expect(g.of('NG-TGW-004')).toEqual([]);
    expect(g.skipped('NG-TGW-004')).toEqual([
      'the Availability Zone of a subnet of the attachment is not known at synth',
    ]);
  });
});

describe('NG-TGW-013 blackhole routes over propagated blocks', () => {
  function build(blackhole: string) {
    return guard((s) => {
      const tgw = new ec2.CfnTransitGateway(s, 'Tgw', { defaultRouteTableAssociation: 'disable' });
      const rt = new ec2.CfnTransitGatewayRouteTable(s, 'Spokes', { transitGatewayId: tgw.ref });
      const v = vpc(s, 'A', '10.1.0.0/16');
      const att = new ec2.CfnTransitGatewayVpcAttachment(s, 'AAtt', {
        transitGatewayId: tgw.ref,
        vpcId: v.ref,
        subnetIds: [subnet(s, 'ATgw0', v, '10.1.200.0/28', 'us-east-1a').ref],
      });
      new ec2.CfnTransitGatewayRouteTablePropagation(s, 'AProp', {
        transitGatewayAttachmentId: att.ref,
        transitGatewayRouteTableId: rt.ref,
      });
      new ec2.CfnTransitGatewayRoute(s, 'Drop', {
        transitGatewayRouteTableId: rt.ref,
        destinationCidrBlock: blackhole,
        blackhole: true,
      });
    });
  }
  test.each(['10.0.0.0/8', '192.168.0.0/16'])(
    'a blackhole %s broader than or apart from the propagated block: no warning (the more specific route wins)',
    (cidr) => expect(build(cidr).of('NG-TGW-013')).toEqual([]),
  );
  test.each(['10.1.0.0/16', '10.1.5.0/24'])(
    'a blackhole %s equal to or inside the propagated block: a warning',
    (cidr) => {
      const findings = build(cidr).of('NG-TGW-013');
      expect(findings.map((f) => [ids(f), f.level])).toEqual([[['Drop', 'AAtt'], 'warning']]);
      expect(findings[0].message).toMatch(
        new RegExp(`to ${cidr.replace(/[./]/g, '\\$&')} drops traffic to 10\\.1\\.0\\.0/16`),
      );
    },
  );
});

describe('NG-TGW-014 appliance-mode attachment subnets routing back to the TGW', () => {
  function build(backToTgw: boolean) {
    return guard((s) => {
      const tgw = new ec2.CfnTransitGateway(s, 'Tgw', {});
      const v = vpc(s, 'Inspection', '10.2.0.0/16');
      const subnets = ['us-east-1a', 'us-east-1b'].map((az, i) => subnet(s, `Tgw${i}`, v, `10.2.20${i}.0/28`, az));
      const att = new ec2.CfnTransitGatewayVpcAttachment(s, 'InspectionAtt', {
        transitGatewayId: tgw.ref,
        vpcId: v.ref,
        subnetIds: subnets.map((x) => x.ref),
        options: { ApplianceModeSupport: 'enable' },
      });
      const fwSubnet = subnet(s, 'Firewall0', v, '10.2.0.0/28', 'us-east-1a');
      const gwlbe = new ec2.CfnVPCEndpoint(s, 'Gwlbe', {
        vpcId: v.ref,
        vpcEndpointType: 'GatewayLoadBalancer',
        serviceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0',
        subnetIds: [fwSubnet.ref],
      });
      const rt = new ec2.CfnRouteTable(s, 'TgwSubnets', { vpcId: v.ref });
      subnets.forEach(
        (x, i) =>
          new ec2.CfnSubnetRouteTableAssociation(s, `TgwSubnetsAssoc${i}`, { routeTableId: rt.ref, subnetId: x.ref }),
      );
      new ec2.CfnRoute(s, 'SpokeTraffic', {
        routeTableId: rt.ref,
        destinationCidrBlock: '10.0.0.0/8',
        ...(backToTgw ? { transitGatewayId: tgw.ref } : { vpcEndpointId: gwlbe.ref }),
      }).addDependency(att);
    });
  }
  test('the attachment subnets route to the appliance: no warning', () =>
    expect(build(false).of('NG-TGW-014')).toEqual([]));
  test('the attachment subnets route spoke traffic back to the same TGW: a warning', () => {
    const findings = build(true).of('NG-TGW-014');
    expect(findings.map((f) => [ids(f), f.level])).toEqual([[['SpokeTraffic', 'InspectionAtt'], 'warning']]);
    expect(findings[0].message).toMatch(
      /to 10\.0\.0\.0\/8 in TgwSubnets, .* sends traffic back to the same transit gateway/,
    );
  });
});

describe('values not known at synth are listed as not checked', () => {
  const g = guard((s) => {
    hub(s);
    const tgw = new ec2.CfnTransitGateway(s, 'ParamTgw', {
      amazonSideAsn: new CfnParameter(s, 'Asn', { type: 'Number', default: 64513 }).valueAsNumber,
      defaultRouteTableAssociation: 'disable',
      defaultRouteTablePropagation: 'disable',
    });
    const table = new ec2.CfnTransitGatewayRouteTable(s, 'ParamTable', { transitGatewayId: tgw.ref });
    new ec2.CfnTransitGatewayRouteTablePropagation(s, 'ImportedProp', {
      transitGatewayAttachmentId: Fn.importValue('OtherApp-Attachment'),
      transitGatewayRouteTableId: table.ref,
    });
    new ec2.CfnTransitGatewayRoute(s, 'ImportedDest', {
      transitGatewayRouteTableId: table.ref,
      destinationCidrBlock: Fn.importValue('OtherApp-Cidr'),
      blackhole: true,
    });
    new ec2.CfnTransitGatewayRoute(s, 'ParamBlackhole', {
      transitGatewayRouteTableId: table.ref,
      destinationCidrBlock: '10.9.0.0/16',
    }).addPropertyOverride('Blackhole', { Ref: new CfnParameter(s, 'Drop', { default: 'true' }).logicalId });
    const v = vpc(s, 'C', '10.3.0.0/16');
    new ec2.CfnTransitGatewayVpcAttachment(s, 'CAtt', {
      transitGatewayId: tgw.ref,
      vpcId: v.ref,
      subnetIds: [subnet(s, 'CTgw', v, '10.3.200.0/28').ref, Fn.importValue('OtherApp-Subnet')],
    });
  });
  test('NG-TGW-001: a propagation of an attachment outside the app', () =>
    expect(g.skipped('NG-TGW-001')).toEqual(['the attachment of propagation ImportedProp is not defined in this app']));
  test('NG-TGW-002: an attachment subnet outside the app', () =>
    expect(g.skipped('NG-TGW-002')).toEqual([
      'the Availability Zone of subnet {"Fn::ImportValue":"OtherApp-Subnet"} of attachment CAtt is not known at synth',
    ]));
  test('NG-TGW-006: a static route to an imported block', () =>
    expect(g.skipped('NG-TGW-006')).toEqual([
      'the destination of TGW route ImportedDest ({"Fn::ImportValue":"OtherApp-Cidr"}) is not known at synth',
    ]));
  test('NG-TGW-008: an Amazon-side ASN given as a parameter', () =>
    expect(g.skipped('NG-TGW-008')).toEqual(['the AmazonSideAsn of ParamTgw is not known at synth']));
  test('NG-TGW-010: a Blackhole given as a parameter', () =>
    expect(g.skipped('NG-TGW-010')).toEqual(['the Blackhole of TGW route ParamBlackhole is not known at synth']));
  test('NG-TGW-012: a propagation of an imported attachment', () =>
    expect(g.skipped('NG-TGW-012')).toEqual(['the attachment of ImportedProp is not known at synth']));
});

describe('more transit values not known at synth are listed as not checked', () => {
  const g = guard((s) => {
    const tgw = new ec2.CfnTransitGateway(s, 'Tgw', {
      defaultRouteTableAssociation: 'disable',
      defaultRouteTablePropagation: 'disable',
    });
    const table = new ec2.CfnTransitGatewayRouteTable(s, 'Table', { transitGatewayId: tgw.ref });
    new ec2.CfnTransitGatewayRouteTablePropagation(s, 'ImportedProp', {
      transitGatewayAttachmentId: Fn.importValue('OtherApp-Attachment'),
      transitGatewayRouteTableId: table.ref,
    });
    const v = vpc(s, 'A', '10.0.0.0/16');
    new ec2.CfnRoute(s, 'ToOtherTgw', {
      routeTableId: routeTable(s, 'Rt', v, [subnet(s, 'Work', v, '10.0.0.0/24')]).ref,
      destinationCidrBlock: '10.0.0.0/8',
      transitGatewayId: tgw.ref,
    });
  });
  test('NG-TGW-003: a route to a transit gateway the VPC has no attachment to in the app', () =>
    expect(g.skipped('NG-TGW-003')).toEqual([
      'the attachment of VPC A to the transit gateway of route ToOtherTgw is not defined in this app',
    ]));
  test('NG-TGW-009: a propagation of an attachment outside the app', () =>
    expect(g.skipped('NG-TGW-009')).toEqual([
      'the attachment of ImportedProp ({"Fn::ImportValue":"OtherApp-Attachment"}) is not defined in this app',
    ]));
  test('NG-TGW-011: the transit gateway of an attachment outside the app', () =>
    expect(g.skipped('NG-TGW-011')).toEqual([
      'the transit gateway of the attachment of ImportedProp is not known at synth',
    ]));
});

describe('NG-DX-001, NG-TGW-013 and NG-TGW-014 values not known at synth are listed as not checked', () => {
  test('NG-DX-001: an imported gateway, and allowed prefixes imported as a list', () => {
    const g = guard((s) => {
      const { tgw } = hub(s);
      const dxgw = new dx.CfnDirectConnectGateway(s, 'Dxgw', {
        directConnectGatewayName: 'dx',
        amazonSideAsn: '64600',
      });
      new dx.CfnDirectConnectGatewayAssociation(s, 'ImportedGw', {
        directConnectGatewayId: dxgw.ref,
        associatedGatewayId: Fn.importValue('OtherApp-Gateway'),
      });
      new dx.CfnDirectConnectGatewayAssociation(s, 'ImportedPrefixes', {
        directConnectGatewayId: dxgw.ref,
        associatedGatewayId: tgw.ref,
        allowedPrefixesToDirectConnectGateway: Fn.split(',', Fn.importValue('OtherApp-Prefixes')),
      });
    });
    expect(g.of('NG-DX-001')).toEqual([]);
    expect(g.skipped('NG-DX-001')).toEqual([
      'the associated gateway of ImportedGw ({"Fn::ImportValue":"OtherApp-Gateway"}) is not known at synth',
      'the allowed prefixes of ImportedPrefixes are not known at synth',
    ]);
  });
  test('NG-TGW-013: a propagation of an attachment outside the app, and a Blackhole given as a parameter', () => {
    const g = guard((s) => {
      const tgw = new ec2.CfnTransitGateway(s, 'Tgw', {
        defaultRouteTableAssociation: 'disable',
        defaultRouteTablePropagation: 'disable',
      });
      const table = new ec2.CfnTransitGatewayRouteTable(s, 'Table', { transitGatewayId: tgw.ref });
      new ec2.CfnTransitGatewayRouteTablePropagation(s, 'ImportedProp', {
        transitGatewayAttachmentId: Fn.importValue('OtherApp-Attachment'),
        transitGatewayRouteTableId: table.ref,
      });
      new ec2.CfnTransitGatewayRoute(s, 'ParamBlackhole', {
        transitGatewayRouteTableId: table.ref,
        destinationCidrBlock: '10.9.0.0/16',
      }).addPropertyOverride('Blackhole', { Ref: new CfnParameter(s, 'Drop', { default: 'true' }).logicalId });
    });
    expect(g.skipped('NG-TGW-013')).toEqual([
      'the attachment of propagation ImportedProp is not defined in this app',
      'the Blackhole of TGW route ParamBlackhole is not known at synth',
    ]);
  });
  test('NG-TGW-014: appliance mode given as a parameter', () => {
    const g = guard((s) => {
      const tgw = new ec2.CfnTransitGateway(s, 'Tgw', {});
      const v = vpc(s, 'Inspection', '10.0.0.0/16');
      new ec2.CfnTransitGatewayVpcAttachment(s, 'Att', {
        transitGatewayId: tgw.ref,
        vpcId: v.ref,
        subnetIds: [subnet(s, 'TgwSubnet', v, '10.0.0.0/28').ref],
        options: { ApplianceModeSupport: new CfnParameter(s, 'Mode', { default: 'enable' }).valueAsString },
      });
    });
    expect(g.skipped('NG-TGW-014')).toEqual(['the ApplianceModeSupport of Att is not known at synth']);
  });
});

test('NG-TGW-005: DefaultRouteTableAssociation given as a parameter is listed as not checked, not reported', () => {
  const g = guard((s) => {
    hub(s);
    (s.node.findChild('Tgw') as ec2.CfnTransitGateway).defaultRouteTableAssociation = new CfnParameter(s, 'Assoc', {
      default: 'disable',
    }).valueAsString;
  });
  expect(g.of('NG-TGW-005')).toEqual([]);
  expect(g.skipped('NG-TGW-005')).toEqual(['the DefaultRouteTableAssociation of Tgw is not known at synth']);
});

test('NG-TGW-005 reports the transit gateway once, naming its explicit associations', () => {
  const [f] = guard((s) => hub(s, { defaultAssociation: 'enable' })).of('NG-TGW-005');
  expect(f.message).toBe(
    'Transit gateway Net/Tgw (Tgw) has default route-table association on, and associations AAssoc, BAssoc, SvcAssoc are explicit.',
  );
});
