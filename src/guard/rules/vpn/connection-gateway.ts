import { NetworkModel } from '../../model/core';
import { literalBool } from '../../model/values';
import { S2S_DOCS } from '../helpers';
import { Rule } from '../rule';

/** NG-VPN-007: both or neither of TGW and VGW; acceleration on a VGW connection. */
export const NG_VPN_007: Rule = {
  id: 'NG-VPN-007',
  level: 'error',
  structural: true,
  title: 'VPN connection gateway: both, neither, or acceleration on a VGW',
  why: 'A VPN connection terminates on exactly one transit gateway or virtual private gateway; acceleration is supported on transit gateway connections only.',
  fix: 'Set exactly one of TransitGatewayId and VpnGatewayId; turn EnableAcceleration off for a virtual private gateway.',
  source: `${S2S_DOCS}/accelerated-vpn.html`,
  check(model, report) {
    for (const vpn of model.ofType('AWS::EC2::VPNConnection')) {
      const tgw = vpn.properties.TransitGatewayId !== undefined;
      const vgw = vpn.properties.VpnGatewayId !== undefined;
      if (tgw === vgw) {
        report.finding(
          [vpn],
          `VPN connection ${NetworkModel.describe(vpn)} has ${tgw ? 'both' : 'neither'} a transit gateway and a virtual private gateway.`,
        );
      } else if (
        vgw &&
        vpn.properties.EnableAcceleration !== undefined &&
        literalBool(vpn.properties.EnableAcceleration) === undefined
      ) {
        report.notChecked([vpn], `the EnableAcceleration of ${vpn.logicalId} is not known at synth`);
      } else if (vgw && literalBool(vpn.properties.EnableAcceleration) === true) {
        report.finding(
          [vpn],
          `VPN connection ${NetworkModel.describe(vpn)} enables acceleration on a virtual private gateway.`,
        );
      }
    }
  },
};
