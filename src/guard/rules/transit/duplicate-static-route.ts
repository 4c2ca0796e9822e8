import { ModelResource, NetworkModel } from '../../model/core';
import { routeDestination, TGW_DOCS } from '../helpers';
import { Rule } from '../rule';

/** NG-TGW-006: two static routes (or a route and a blackhole) for one prefix in one TGW route table. */
export const NG_TGW_006: Rule = {
  id: 'NG-TGW-006',
  level: 'error',
  title: 'Two static routes for one prefix in a TGW route table',
  why: 'A TGW route table holds one static route per prefix, blackholes included; the second fails to create.',
  fix: 'Keep one static route (or blackhole) per prefix.',
  source: `${TGW_DOCS}/tgw-route-tables.html`,
  check(model, report) {
    const seen = new Map<string, ModelResource>();
    for (const route of model.ofType('AWS::EC2::TransitGatewayRoute')) {
      const table = model.identity(route.properties.TransitGatewayRouteTableId, route);
      const dest = routeDestination(route);
      if (!table || !dest.cidr) {
        report.notChecked(
          [route],
          table
            ? `the destination of TGW route ${route.logicalId} (${dest.text}) is not known at synth`
            : `the route table of TGW route ${route.logicalId} is not known at synth`,
        );
        continue;
      }
      const key = `${table}#${dest.cidr.canonical}`;
      const first = seen.get(key);
      if (first) {
        report.finding(
          [route, first],
          `TGW routes ${first.logicalId} and ${NetworkModel.describe(route)} are both for ${dest.cidr.canonical} in one route table.`,
        );
      } else {
        seen.set(key, route);
      }
    }
  },
};
