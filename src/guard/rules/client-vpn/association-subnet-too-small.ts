import { ASSOCIATED_SUBNET_MAX_PREFIX } from '../../../facts/client-vpn';
import { NetworkModel } from '../../model/core';
import { literalCidr } from '../../model/values';
import { CVPN_DOCS } from '../helpers';
import { Rule } from '../rule';

/** NG-CVPN-004: associated subnet smaller than /27. */
export const NG_CVPN_004: Rule = {
  id: 'NG-CVPN-004',
  level: 'error',
  title: 'Client VPN associated subnet smaller than /27',
  why: 'A subnet associated with a Client VPN endpoint needs a block of at least /27 and eight free addresses.',
  fix: 'Associate a subnet of /27 or larger.',
  source: `${CVPN_DOCS}/cvpn-working-target.html`,
  check(model, report) {
    for (const a of model.ofType('AWS::EC2::ClientVpnTargetNetworkAssociation')) {
      const subnet = model.target(a, 'SubnetId', 'AWS::EC2::Subnet');
      const c = subnet && literalCidr(subnet.properties.CidrBlock);
      if (!subnet || !c) {
        report.notChecked([a], 'the subnet or its block is not known at synth');
      } else if (c.prefixLength > ASSOCIATED_SUBNET_MAX_PREFIX) {
        report.finding(
          [a, subnet],
          `Association ${NetworkModel.describe(a)} uses subnet ${subnet.logicalId} of ${c.canonical}: at least /27 is needed.`,
        );
      }
    }
  },
};
