import { CLIENT_CIDR_MAX_PREFIX, CLIENT_CIDR_MIN_PREFIX } from '../../../facts/client-vpn';
import { NetworkModel } from '../../model/core';
import { literalCidr } from '../../model/values';
import { CVPN_DOCS } from '../helpers';
import { Rule } from '../rule';

/** NG-CVPN-001: client CIDR prefix outside /12 to /22. */
export const NG_CVPN_001: Rule = {
  id: 'NG-CVPN-001',
  level: 'error',
  structural: true,
  title: 'Client CIDR prefix outside /12 to /22',
  why: 'The client CIDR range of a Client VPN endpoint must be an IPv4 block from /12 to /22.',
  fix: 'Choose a client CIDR block with a prefix between /12 and /22.',
  source: `${CVPN_DOCS}/what-is-best-practices.html`,
  check(model, report) {
    for (const ep of model.ofType('AWS::EC2::ClientVpnEndpoint')) {
      const c = literalCidr(ep.properties.ClientCidrBlock);
      if (!c) {
        report.notChecked([ep], 'the client CIDR block is not known at synth');
      } else if (
        c.family !== 'ipv4' ||
        c.prefixLength < CLIENT_CIDR_MIN_PREFIX ||
        c.prefixLength > CLIENT_CIDR_MAX_PREFIX
      ) {
        report.finding(
          [ep],
          `Client VPN endpoint ${NetworkModel.describe(ep)} has client CIDR ${c.text}: use /12 to /22.`,
        );
      }
    }
  },
};
