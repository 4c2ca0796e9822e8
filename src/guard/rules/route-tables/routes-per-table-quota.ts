import { NetworkModel } from '../../model/core';
import { VPC_DOCS } from '../helpers';
import { Rule } from '../rule';

/** NG-RT-001: more than 50 non-propagated routes in one route table. */
export const NG_RT_001: Rule = {
  id: 'NG-RT-001',
  level: 'warning',
  title: 'More than 50 routes in one route table',
  why: 'The default quota is 50 non-propagated routes per route table (adjustable to 1,000); beyond it, route creation fails.',
  fix: 'Summarize routes, route to a managed prefix list, or request a quota increase before deploying.',
  source: `${VPC_DOCS}/amazon-vpc-limits.html`,
  check(model, report) {
    for (const table of model.ofType('AWS::EC2::RouteTable')) {
      const routes = model.routesOf(table);
      if (routes.length > 50) {
        report.finding(
          [table],
          `Route table ${NetworkModel.describe(table)} has ${routes.length} routes (default quota 50).`,
        );
      }
    }
  },
};
