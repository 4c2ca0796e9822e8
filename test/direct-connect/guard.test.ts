/**
 * The Direct Connect constructs, used as documented, give NetworkGuard no finding: the rules that report the facts
 * the constructs refuse (NG-DX-001 to NG-DX-009) find nothing in what the constructs write.
 */
import { App } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { BgpAddressFamily, DirectConnectGateway, HubTransitGateway, PublicVirtualInterface } from '../../src';
import { guardApp } from '../guard/l1';
import { testStack, testVpc } from '../support';

test('the issue example (VPCs and a private interface on one gateway, the hub and a transit interface on another, a public interface): no finding, nothing not checked by the DX rules', () => {
  const app = new App();
  const stack = testStack(app);
  const key = new secretsmanager.Secret(stack, 'BgpKey');
  const dx = new DirectConnectGateway(stack, 'Dx', { amazonSideAsn: 64600 });
  dx.associateVpc('Orders', { vpc: testVpc(stack, 'Orders', '10.10.0.0/16'), allowedPrefixes: ['10.10.0.0/16'] });
  dx.associateVpc('Billing', { vpc: testVpc(stack, 'Billing', '10.11.0.0/16'), allowedPrefixes: ['10.11.0.0/16'] });
  dx.addPrivateVirtualInterface('Dc1', {
    connectionId: 'dxcon-fg5678gh',
    vlan: 101,
    customerAsn: 65010,
    authKeySecret: key,
    bgpPeers: [
      { addressFamily: BgpAddressFamily.IPV4, amazonAddress: '169.254.10.1/30', customerAddress: '169.254.10.2/30' },
      { addressFamily: BgpAddressFamily.IPV6 },
    ],
  });
  const hub = new HubTransitGateway(stack, 'Hub', { amazonSideAsn: 64512 });
  const segment = hub.addSegment('onprem');
  const dxTransit = new DirectConnectGateway(stack, 'DxTransit', { amazonSideAsn: 64601 });
  dxTransit.associateTransitGateway('DxHub', { hub, allowedPrefixes: ['10.0.0.0/8'], segment });
  dxTransit.addTransitVirtualInterface('Dc1Transit', {
    connectionId: 'dxlag-ffrz71kw',
    vlan: 102,
    customerAsn: 65010,
    mtu: 8500,
  });
  new PublicVirtualInterface(stack, 'S3', {
    connectionId: 'dxcon-fg5678gh',
    vlan: 103,
    customerAsn: 65010,
    amazonAddress: '203.0.113.1/30',
    customerAddress: '203.0.113.2/30',
    routeFilterPrefixes: ['203.0.113.0/24'],
    authKeySecret: key,
  });
  const g = guardApp(app);
  const dxRules = ['001', '002', '003', '004', '005', '006', '007', '008', '009'].map((n) => `NG-DX-${n}`);
  expect(dxRules.flatMap((id) => g.of(id).map((f) => `${id}: ${f.message}`))).toEqual([]);
  expect(dxRules.flatMap((id) => g.skipped(id))).toEqual([]);
  // Nor any other rule's error.
  expect(g.report.findings.filter((f) => f.level === 'error').map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
});
