import { clientVpns } from './endpoints';
import { NetworkModel } from '../../model/core';
import { literal, literalBool } from '../../model/values';
import { CVPN_DOCS } from '../helpers';
import { Rule } from '../rule';

/** NG-CVPN-007: full tunnel without a default route and its authorization. */
export const NG_CVPN_007: Rule = {
  id: 'NG-CVPN-007',
  level: 'warning',
  title: 'Full tunnel without internet route and authorization',
  why: 'With split tunnel off, all user traffic goes through the endpoint: without a 0.0.0.0/0 route and authorization, users lose the internet.',
  fix: 'Turn split tunnel on, or add a 0.0.0.0/0 route and an authorization rule for it.',
  source: `${CVPN_DOCS}/split-tunnel-vpn.html`,
  check(model, report) {
    for (const { endpoint, routes, authorizations } of clientVpns(model)) {
      const split = endpoint.properties.SplitTunnel;
      if (split !== undefined && literalBool(split) === undefined) {
        report.notChecked([endpoint], `the SplitTunnel of ${endpoint.logicalId} is not known at synth`);
        continue;
      }
      if (literalBool(split) === true) {
        continue;
      }
      const route = routes.some((r) => literal(r.properties.DestinationCidrBlock) === '0.0.0.0/0');
      const auth = authorizations.some((a) => literal(a.properties.TargetNetworkCidr) === '0.0.0.0/0');
      if (!route || !auth) {
        report.finding(
          [endpoint],
          `Client VPN endpoint ${NetworkModel.describe(endpoint)} is full tunnel without a 0.0.0.0/0 ${!route ? 'route' : 'authorization rule'}.`,
        );
      }
    }
  },
};
