import { NetworkModel } from '../../model/core';
import { literalBool } from '../../model/values';
import { S2S_DOCS } from '../helpers';
import { Rule } from '../rule';

/** NG-VPN-004: static-routing VPN to a TGW where ECMP is expected. */
export const NG_VPN_004: Rule = {
  id: 'NG-VPN-004',
  level: 'warning',
  title: 'Static-routing VPN to a transit gateway with ECMP',
  why: 'ECMP across VPN tunnels to a transit gateway works with dynamic (BGP) routing only; a static VPN uses one tunnel at a time.',
  fix: 'Use dynamic routing (StaticRoutesOnly false) to spread traffic over the tunnels.',
  source: `${S2S_DOCS}/VPNRoutingTypes.html`,
  check(model, report) {
    for (const vpn of model.ofType('AWS::EC2::VPNConnection')) {
      const tgw = model.target(vpn, 'TransitGatewayId', 'AWS::EC2::TransitGateway');
      const staticOnly = vpn.properties.StaticRoutesOnly;
      if (vpn.properties.TransitGatewayId !== undefined && staticOnly !== undefined) {
        if (literalBool(staticOnly) === undefined) {
          report.notChecked([vpn], `the StaticRoutesOnly of ${vpn.logicalId} is not known at synth`);
        } else if (!tgw && literalBool(staticOnly)) {
          report.notChecked(
            [vpn],
            `the transit gateway of ${vpn.logicalId} is not defined in this app; its VPN ECMP setting is not known at synth`,
          );
        }
      }
      if (tgw && literalBool(vpn.properties.StaticRoutesOnly) === true && tgw.properties.VpnEcmpSupport !== 'disable') {
        report.finding(
          [vpn, tgw],
          `VPN connection ${NetworkModel.describe(vpn)} uses static routes to ${tgw.logicalId}, which has VPN ECMP on.`,
        );
      }
    }
  },
};
