import { NetworkModel } from '../../model/core';
import { literalBool } from '../../model/values';
import { CVPN_DOCS } from '../helpers';
import { Rule } from '../rule';

/** NG-CVPN-008: connection logging off. */
export const NG_CVPN_008: Rule = {
  id: 'NG-CVPN-008',
  level: 'warning',
  title: 'Client VPN connection logging off',
  why: 'Without connection logs there is no record of who connected, when, and from where.',
  fix: 'Enable ConnectionLogOptions with a CloudWatch Logs group.',
  source: `${CVPN_DOCS}/cvpn-working-endpoint-logging.html`,
  check(model, report) {
    for (const ep of model.ofType('AWS::EC2::ClientVpnEndpoint')) {
      const enabled = ep.properties.ConnectionLogOptions?.Enabled;
      if (enabled !== undefined && literalBool(enabled) === undefined) {
        report.notChecked([ep], `whether connection logging of ${ep.logicalId} is on is not known at synth`);
      } else if (literalBool(enabled) !== true) {
        report.finding([ep], `Client VPN endpoint ${NetworkModel.describe(ep)} has connection logging off.`);
      }
    }
  },
};
