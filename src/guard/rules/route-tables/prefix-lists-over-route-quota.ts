import { ROUTES_PER_ROUTE_TABLE_DEFAULT } from '../../../transit/quotas';
import { ModelResource, NetworkModel } from '../../model/core';
import { literalNumber } from '../../model/values';
import { VPC_DOCS } from '../helpers';
import { Rule } from '../rule';

/**
 * NG-PFX-003: a route table whose routes, with the MaxEntries of the prefix lists they route to, exceed the default
 * route quota.
 *
 * Split from NG-PFX-001 (a prefix list over MaxEntries or of the wrong family): this is an adjustable quota, often
 * acknowledged where it was raised, and that must not silence the prefix-list errors (or the other way round).
 */
export const NG_PFX_003: Rule = {
  id: 'NG-PFX-003',
  level: 'warning',
  title: 'Route table over the route quota with prefix lists counted by MaxEntries',
  why: `A prefix list referenced by a route counts as its MaxEntries against the route table's quota of ${ROUTES_PER_ROUTE_TABLE_DEFAULT} routes (adjustable); beyond it, route creation fails.`,
  fix: 'Keep routes plus prefix-list MaxEntries within the route table quota: lower MaxEntries, route to fewer lists, or request a quota increase.',
  source: `${VPC_DOCS}/managed-prefix-lists.html`,
  check(model, report) {
    for (const table of model.ofType('AWS::EC2::RouteTable')) {
      let weight = 0;
      let lists = 0;
      const unknown: ModelResource[] = [];
      for (const route of model.routesOf(table)) {
        const pl =
          route.properties.DestinationPrefixListId === undefined
            ? undefined
            : model.ref(route.properties.DestinationPrefixListId, route);
        const max = pl && literalNumber(pl.properties.MaxEntries);
        if (route.properties.DestinationPrefixListId !== undefined && max === undefined) {
          unknown.push(route);
        }
        weight += max ?? 1;
        lists += max !== undefined ? 1 : 0;
      }
      if (unknown.length > 0) {
        report.notChecked(
          [table, ...unknown],
          `the MaxEntries of the prefix list of route ${unknown.map((r) => r.logicalId).join(', ')} of ${table.logicalId} is not known at synth`,
        );
      }
      if (lists > 0 && weight > ROUTES_PER_ROUTE_TABLE_DEFAULT) {
        report.finding(
          [table],
          `Route table ${NetworkModel.describe(table)} counts ${weight} routes with the MaxEntries of its prefix lists (default quota ${ROUTES_PER_ROUTE_TABLE_DEFAULT}).`,
        );
      }
    }
  },
};
