import { ROUTES_PER_ROUTE_TABLE_DEFAULT } from '../../../transit/quotas';
import { ModelResource, NetworkModel } from '../../model/core';
import { literal, literalCidr, literalNumber } from '../../model/values';
import { VPC_DOCS } from '../helpers';
import { Rule } from '../rule';

/** NG-PFX-001: prefix list over MaxEntries or of the wrong family; W: a route table over 50 with prefix lists counted. */
export const NG_PFX_001: Rule = {
  id: 'NG-PFX-001',
  level: 'error',
  alsoWarns: true,
  structural: true,
  title: 'Prefix list over MaxEntries or of the wrong family; route table over quota with prefix lists',
  why: "A managed prefix list holds at most MaxEntries entries of its address family; a prefix list referenced by a route counts as its MaxEntries against the route table's quota of 50.",
  fix: 'Raise MaxEntries or remove entries; fix the family; keep routes plus prefix-list MaxEntries within the route table quota.',
  source: `${VPC_DOCS}/managed-prefix-lists.html`,
  check(model, report) {
    for (const pl of model.ofType('AWS::EC2::PrefixList')) {
      const max = literalNumber(pl.properties.MaxEntries);
      const entries: any[] = Array.isArray(pl.properties.Entries) ? pl.properties.Entries : [];
      if (max === undefined || (pl.properties.Entries !== undefined && !Array.isArray(pl.properties.Entries))) {
        report.notChecked(
          [pl],
          `the ${max === undefined ? 'MaxEntries' : 'Entries'} of prefix list ${pl.logicalId} ${max === undefined ? 'is' : 'are'} not known at synth`,
        );
      }
      if (max !== undefined && entries.length > max) {
        report.finding(
          [pl],
          `Prefix list ${NetworkModel.describe(pl)} has ${entries.length} entries and MaxEntries ${max}.`,
        );
      }
      const family = literal(pl.properties.AddressFamily)?.toLowerCase();
      const wrong = entries.map((e) => literalCidr(e?.Cidr)).filter((c) => c && family && c.family !== family);
      if (wrong.length > 0) {
        report.finding(
          [pl],
          `Prefix list ${NetworkModel.describe(pl)} of family ${pl.properties.AddressFamily} has entries ${wrong.map((c) => c!.text).join(', ')}.`,
        );
      }
    }
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
          'warning',
        );
      }
    }
  },
};
