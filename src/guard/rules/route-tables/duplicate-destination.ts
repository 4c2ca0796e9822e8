import { ModelResource, NetworkModel } from '../../model/core';
import { routeDestination, VPC_DOCS } from '../helpers';
import { Rule } from '../rule';

/** NG-RT-002: two routes for the same destination in one route table. */
export const NG_RT_002: Rule = {
  id: 'NG-RT-002',
  level: 'error',
  title: 'Two routes for the same destination in one route table',
  why: 'A route table holds one route per destination; the second fails with RouteAlreadyExists.',
  fix: 'Keep one route per destination, or make one of them more specific.',
  source: `${VPC_DOCS}/route-tables-priority.html`,
  check(model, report) {
    for (const table of model.ofType('AWS::EC2::RouteTable')) {
      const seen = new Map<string, ModelResource>();
      for (const route of model.routesOf(table)) {
        const dest = routeDestination(route);
        const key =
          dest.cidr?.canonical ?? (dest.prefixList !== undefined ? model.identity(dest.prefixList, route) : undefined);
        if (key === undefined) {
          if (dest.text !== 'no destination') {
            report.notChecked(
              [route, table],
              `the destination of route ${route.logicalId} (${dest.text}) is not known at synth`,
            );
          }
          continue;
        }
        const first = seen.get(key);
        if (first) {
          report.finding(
            [route, first],
            `Routes ${first.logicalId} and ${route.logicalId} of ${NetworkModel.describe(table)} both go to ${key.replace(/^literal:/, '')}.`,
          );
        } else {
          seen.set(key, route);
        }
      }
    }
  },
};
