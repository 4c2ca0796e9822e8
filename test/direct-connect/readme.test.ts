/** The README's Direct Connect example (/work/briefs/out/dx-readme.md), as written there, synthesizes with no NetworkGuard error. */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { DirectConnectGateway, HubTransitGateway, PublicVirtualInterface } from '../../src';
import { guardApp } from '../guard/l1';
import { templateOf } from '../support';

test('the README example: two gateways, three kinds of virtual interface, keys as dynamic references', () => {
  const app = new App();
  const stack = new Stack(app, 'Network', { env: { account: '111111111111', region: 'us-east-1' } });
  const bgpKey = secretsmanager.Secret.fromSecretNameV2(stack, 'BgpKey', 'network/dx-bgp');

  const ordersVpc = new ec2.Vpc(stack, 'Orders', { ipAddresses: ec2.IpAddresses.cidr('10.10.0.0/16') });
  const dx = new DirectConnectGateway(stack, 'Dx', { amazonSideAsn: 64600 });
  dx.associateVpc('Orders', { vpc: ordersVpc, allowedPrefixes: ['10.10.0.0/16'] });
  dx.addPrivateVirtualInterface('Dc1', {
    connectionId: 'dxcon-fg5678gh',
    vlan: 101,
    customerAsn: 65010,
    authKeySecret: bgpKey,
    authKeySecretField: 'key',
  });

  const hub = new HubTransitGateway(stack, 'Hub', { amazonSideAsn: 64512 });
  const onprem = hub.addSegment('onprem');
  const dxTransit = new DirectConnectGateway(stack, 'DxTransit', { amazonSideAsn: 64601 });
  dxTransit.associateTransitGateway('DxHub', {
    hub,
    allowedPrefixes: ['10.0.0.0/8'],
    segment: onprem,
    onPremisesCidrs: ['192.168.0.0/16'],
  });
  dxTransit.addTransitVirtualInterface('Dc1Transit', {
    connectionId: 'dxlag-ffrz71kw',
    vlan: 102,
    customerAsn: 65010,
    mtu: 8500,
    authKeySecret: bgpKey,
    authKeySecretField: 'key',
  });

  new PublicVirtualInterface(stack, 'S3', {
    connectionId: 'dxcon-fg5678gh',
    vlan: 103,
    customerAsn: 65010,
    amazonAddress: '203.0.113.1/30',
    customerAddress: '203.0.113.2/30',
    routeFilterPrefixes: ['203.0.113.0/24'],
    authKeySecret: bgpKey,
    authKeySecretField: 'key',
  });

  const g = guardApp(app);
  expect(g.report.findings.filter((f) => f.level === 'error').map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
  const t = templateOf(stack);
  const vifTypes = ['Private', 'Transit', 'Public'].map((k) => `AWS::DirectConnect::${k}VirtualInterface`);
  for (const type of vifTypes) {
    const [vif] = Object.values<any>(t.findResources(type));
    expect(vif.Properties.BgpPeers[0].AuthKey).toEqual({
      'Fn::Join': [
        '',
        [
          '{{resolve:secretsmanager:arn:',
          { Ref: 'AWS::Partition' },
          ':secretsmanager:us-east-1:111111111111:secret:network/dx-bgp:SecretString:key::}}',
        ],
      ],
    });
  }
  t.resourceCountIs('AWS::DirectConnect::DirectConnectGatewayAssociation', 2);
});
