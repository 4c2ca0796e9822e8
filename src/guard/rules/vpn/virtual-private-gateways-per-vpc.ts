import { ModelResource, NetworkModel } from '../../model/core';
import { S2S_DOCS } from '../helpers';
import { Rule } from '../rule';

/** NG-VPN-003: more than one virtual private gateway on a VPC. */
export const NG_VPN_003: Rule = {
  id: 'NG-VPN-003',
  level: 'error',
  title: 'More than one virtual private gateway on a VPC',
  why: 'A VPC can have one virtual private gateway attached at a time.',
  fix: 'Attach one virtual private gateway and connect several VPN connections to it, or use a transit gateway.',
  source: `${S2S_DOCS}/vpn-limits.html`,
  check(model, report) {
    const byVpc = new Map<string, ModelResource[]>();
    for (const att of model.ofType('AWS::EC2::VPCGatewayAttachment')) {
      const vpc = model.identity(att.properties.VpcId, att);
      if (att.properties.VpnGatewayId !== undefined && vpc) {
        byVpc.set(vpc, [...(byVpc.get(vpc) ?? []), att]);
      } else if (att.properties.VpnGatewayId !== undefined) {
        report.notChecked([att], `the VpcId of ${att.logicalId} is not known at synth`);
      }
    }
    for (const atts of byVpc.values()) {
      if (atts.length > 1) {
        report.finding(
          atts,
          `${atts.length} virtual private gateways are attached to one VPC: ${atts.map(NetworkModel.describe).join(', ')}.`,
        );
      }
    }
  },
};
