import { ModelResource, NetworkModel } from '../../model/core';
import { literalNumber } from '../../model/values';
import { sgRules, VPC_DOCS } from '../helpers';
import { Rule } from '../rule';

/** NG-SG-002: more than 60 inbound or outbound rules on one security group. */
export const NG_SG_002: Rule = {
  id: 'NG-SG-002',
  level: 'warning',
  title: 'More than 60 rules in one direction of a security group',
  why: 'The default quota is 60 inbound and 60 outbound rules per security group; a prefix list counts as its MaxEntries.',
  fix: 'Summarize CIDR blocks, reference security groups or prefix lists, or split the rules over several groups.',
  source: `${VPC_DOCS}/amazon-vpc-limits.html`,
  check(model, report) {
    const counts = new Map<string, { group: ModelResource; n: number; direction: string }>();
    const outside = new Map<string, ModelResource[]>();
    for (const { group, direction, rule, holder } of sgRules(model)) {
      if (!group) {
        const id = JSON.stringify(holder.properties.GroupId);
        outside.set(id, [...(outside.get(id) ?? []), holder]);
        continue;
      }
      let weight = 1;
      const pl = rule.SourcePrefixListId ?? rule.DestinationPrefixListId;
      if (pl !== undefined) {
        const list = model.ref(pl, holder);
        const max = list && literalNumber(list.properties.MaxEntries);
        if (max === undefined) {
          report.notChecked(
            [holder],
            `the MaxEntries of prefix list ${list?.logicalId ?? JSON.stringify(pl)} in a rule of ${holder.logicalId} is not known at synth; counted as one rule`,
          );
        }
        weight = max ?? 1;
      }
      const key = `${group.key}#${direction}`;
      const c = counts.get(key) ?? { group, n: 0, direction };
      c.n += weight;
      counts.set(key, c);
    }
    for (const [id, holders] of outside) {
      report.notChecked(
        holders,
        `security group ${id} is not defined in this app; the rules it already has are not known at synth`,
      );
    }
    for (const { group, n, direction } of counts.values()) {
      if (n > 60) {
        report.finding(
          [group],
          `Security group ${NetworkModel.describe(group)} has ${n} ${direction} rules (quota 60).`,
        );
      }
    }
  },
};
