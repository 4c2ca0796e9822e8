import { NetworkModel } from '../../model/core';
import { CFN_RES } from '../helpers';
import { Rule } from '../rule';

/** NG-PFX-002: an update that changes a prefix list's entries and its MaxEntries together. */
export const NG_PFX_002: Rule = {
  id: 'NG-PFX-002',
  level: 'error',
  title: "Update changes a prefix list's Entries and MaxEntries together",
  why: 'EC2 refuses to change the entries and the maximum number of entries of a managed prefix list in one modification (InvalidParameterCombination), so the stack update fails.',
  fix: 'Change MaxEntries in one deployment and the entries in the next (or size MaxEntries up front and change entries only).',
  source: `${CFN_RES}/aws-resource-ec2-prefixlist.html`,
  check(model, report) {
    const previous = model.input.previousTemplates;
    if (!previous) {
      report.notChecked([], 'no previous template given (NetworkGuardProps.previousTemplatesDirectory, or --previous)');
      return;
    }
    for (const pl of model.ofType('AWS::EC2::PrefixList')) {
      const before = previous[pl.stack.name]?.Resources?.[pl.logicalId];
      if (!before || before.Type !== 'AWS::EC2::PrefixList') continue;
      const was = before.Properties ?? {};
      const same = (prop: string) => JSON.stringify(pl.properties[prop] ?? []) === JSON.stringify(was[prop] ?? []);
      if (same('Entries') || same('MaxEntries')) continue;
      report.finding(
        [pl],
        `Prefix list ${NetworkModel.describe(pl)} changes its entries and MaxEntries (${JSON.stringify(was.MaxEntries)} to ${JSON.stringify(pl.properties.MaxEntries)}) in one update.`,
      );
    }
  },
};
