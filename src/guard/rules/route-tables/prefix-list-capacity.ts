import { NetworkModel } from '../../model/core';
import { literal, literalCidr, literalNumber } from '../../model/values';
import { VPC_DOCS } from '../helpers';
import { Rule } from '../rule';

/**
 * NG-PFX-001: a managed prefix list with more entries than MaxEntries, or entries of the wrong address family.
 *
 * Split from the warning about route tables over their route quota with prefix lists counted (now NG-PFX-003): that
 * warning is acknowledged where the quota was raised, often for a whole stack, which silenced these errors there.
 */
export const NG_PFX_001: Rule = {
  id: 'NG-PFX-001',
  level: 'error',
  structural: true,
  title: 'Prefix list over MaxEntries or of the wrong family',
  why: 'A managed prefix list holds at most MaxEntries entries, all of its address family.',
  fix: 'Raise MaxEntries or remove entries; give the list the family of its entries.',
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
  },
};
