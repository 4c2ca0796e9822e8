import { NetworkModel } from '../../model/core';
import { gatewayAttachment, S2S_DOCS } from '../helpers';
import { Rule } from '../rule';

/** NG-VPN-002: VPNGatewayRoutePropagation without DependsOn the VPCGatewayAttachment. */
export const NG_VPN_002: Rule = {
  id: 'NG-VPN-002',
  level: 'error',
  title: 'VPN route propagation without DependsOn the gateway attachment',
  why: 'Route propagation fails unless the virtual private gateway is already attached to the VPC.',
  fix: 'Add DependsOn the VPCGatewayAttachment of the virtual private gateway.',
  source: `${S2S_DOCS}/VPNRoutingTypes.html`,
  check(model, report) {
    for (const prop of model.ofType('AWS::EC2::VPNGatewayRoutePropagation')) {
      const vgw = model.target(prop, 'VpnGatewayId', 'AWS::EC2::VPNGateway');
      if (!vgw) {
        report.notChecked([prop], 'the virtual private gateway is not defined in this app');
        continue;
      }
      const attachments = gatewayAttachment(model, vgw);
      if (!attachments.some((a) => model.dependsOn(prop, a))) {
        report.finding(
          attachments.length ? [prop, attachments[0]] : [prop, vgw],
          `Route propagation ${NetworkModel.describe(prop)} has no DependsOn the attachment of ${vgw.logicalId}.`,
        );
      }
    }
  },
};
