import { DX_MTU_SOURCE, mtuProblem } from '../../../direct-connect/facts';
import { NetworkModel } from '../../model/core';
import { literalNumber } from '../../model/values';
import { Rule } from '../rule';
import { virtualInterfaces } from './shared';

/** NG-DX-003: a private virtual interface MTU other than 1500 or 9001, a transit one other than 1500 or 8500. */
export const NG_DX_003: Rule = {
  id: 'NG-DX-003',
  level: 'error',
  structural: true,
  title: 'Virtual interface MTU that Direct Connect does not take',
  why: 'A private virtual interface takes an MTU of 1500 or 9001 (jumbo frames), a transit virtual interface 1500 or 8500; AWS refuses other values.',
  fix: 'Set Mtu to 1500 or 9001 on a private virtual interface, 1500 or 8500 on a transit one.',
  source: DX_MTU_SOURCE,
  check(model, report) {
    for (const { vif, kind } of virtualInterfaces(model)) {
      if (kind === 'public' || vif.properties.Mtu === undefined) continue;
      const mtu = literalNumber(vif.properties.Mtu);
      if (mtu === undefined) {
        report.notChecked([vif], `the Mtu of ${vif.logicalId} is not known at synth`);
        continue;
      }
      const problem = mtuProblem(kind, mtu);
      if (problem) report.finding([vif], `Virtual interface ${NetworkModel.describe(vif)}: ${problem}.`);
    }
  },
};
