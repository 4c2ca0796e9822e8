import { clientVpns } from './endpoints';
import { ParsedCidr } from '../../../cidr/ip';
import { NetworkModel } from '../../model/core';
import { literalCidr } from '../../model/values';
import { containedIn, CVPN_DOCS } from '../helpers';
import { Rule } from '../rule';

/** NG-CVPN-006: a route without an authorization rule covering it, and an authorization rule without a route. */
export const NG_CVPN_006: Rule = {
  id: 'NG-CVPN-006',
  level: 'warning',
  title: 'Client VPN route without authorization, or authorization without route',
  why: 'Users reach a network only with both a route and an authorization rule that covers it; either alone does nothing.',
  fix: 'Add the missing authorization rule (or route), or remove the one left alone.',
  source: `${CVPN_DOCS}/cvpn-working-rules.html`,
  check(model, report) {
    for (const { endpoint, associations, routes, authorizations } of clientVpns(model)) {
      const authCidrs = authorizations.map((a) => literalCidr(a.properties.TargetNetworkCidr));
      const routeCidrs = routes.map((r) => literalCidr(r.properties.DestinationCidrBlock));
      if ([...authCidrs, ...routeCidrs].some((c) => c === undefined)) {
        report.notChecked([endpoint], 'a route destination or authorization network is not known at synth');
        continue;
      }
      const auths = authCidrs as ParsedCidr[];
      // Associating a subnet adds the route to its VPC's blocks.
      const local: ParsedCidr[] = [];
      let localIncomplete = false;
      for (const a of associations) {
        const subnet = model.target(a, 'SubnetId', 'AWS::EC2::Subnet');
        const vpc = subnet && model.vpcOf(subnet);
        if (vpc) {
          local.push(...model.vpcCidrs(vpc).ipv4);
          localIncomplete ||= model.vpcCidrs(vpc).incomplete;
        } else {
          localIncomplete = true;
        }
      }
      const reachable = [...(routeCidrs as ParsedCidr[]), ...local];
      routes.forEach((route, i) => {
        if (!containedIn(routeCidrs[i]!, auths)) {
          report.finding(
            [route, endpoint],
            `Client VPN route ${NetworkModel.describe(route)} to ${routeCidrs[i]!.canonical} has no authorization rule covering it.`,
          );
        }
      });
      authorizations.forEach((auth, i) => {
        if (reachable.some((r) => containedIn(r, [auths[i]]) || containedIn(auths[i], [r]))) {
          return;
        }
        if (localIncomplete) {
          report.notChecked(
            [auth, endpoint],
            `a block of the VPC of an association of ${endpoint.logicalId} is not known at synth; the route of ${auth.logicalId} may be that block`,
          );
        } else {
          report.finding(
            [auth, endpoint],
            `Authorization rule ${NetworkModel.describe(auth)} for ${auths[i].canonical} has no route.`,
          );
        }
      });
    }
  },
};
