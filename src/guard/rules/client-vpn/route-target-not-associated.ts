import { clientVpns } from './endpoints';
import { NetworkModel } from '../../model/core';
import { CVPN_DOCS } from '../helpers';
import { Rule } from '../rule';

/** NG-CVPN-005: route to a subnet that is not associated, or without DependsOn the association. */
export const NG_CVPN_005: Rule = {
  id: 'NG-CVPN-005',
  level: 'error',
  title: 'Client VPN route to an unassociated subnet or without DependsOn',
  why: "A Client VPN route's target subnet must be associated with the endpoint, and the route must be created after that association.",
  fix: 'Route through an associated subnet and add DependsOn its ClientVpnTargetNetworkAssociation.',
  source: `${CVPN_DOCS}/cvpn-working-routes.html`,
  check(model, report) {
    for (const { endpoint, associations, routes } of clientVpns(model)) {
      for (const route of routes) {
        const target = model.identity(route.properties.TargetVpcSubnetId, route);
        if (!target) {
          report.notChecked([route], 'the target subnet is not known at synth');
          continue;
        }
        const assoc = associations.find((a) => model.identity(a.properties.SubnetId, a) === target);
        if (!assoc) {
          report.finding(
            [route, endpoint],
            `Client VPN route ${NetworkModel.describe(route)} targets subnet ${target.replace(/^literal:/, '').replace(/^.*\|/, '')}, which is not associated with ${endpoint.logicalId}.`,
          );
        } else if (!model.dependsOn(route, assoc)) {
          report.finding(
            [route, assoc],
            `Client VPN route ${NetworkModel.describe(route)} has no DependsOn its association ${assoc.logicalId}.`,
          );
        }
      }
    }
  },
};
