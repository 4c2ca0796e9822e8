import { DX_VIF_SOURCE, vlanProblem } from '../../../direct-connect/facts';
import { ModelResource, NetworkModel } from '../../model/core';
import { literalNumber } from '../../model/values';
import { Rule } from '../rule';
import { virtualInterfaces } from './shared';

/** NG-DX-002: a virtual interface VLAN outside 1-4094, or one VLAN on two virtual interfaces of one connection. */
export const NG_DX_002: Rule = {
  id: 'NG-DX-002',
  level: 'error',
  structural: true,
  title: 'Virtual interface VLAN outside 1-4094 or reused on a connection',
  why: 'A virtual interface takes an 802.1Q VLAN tag between 1 and 4094 that is not already in use on its connection or LAG; AWS refuses the interface otherwise.',
  fix: 'Give each virtual interface of a connection its own VLAN tag in 1-4094.',
  source: DX_VIF_SOURCE,
  check(model, report) {
    const first = new Map<string, ModelResource>();
    for (const { vif } of virtualInterfaces(model)) {
      const vlan = literalNumber(vif.properties.Vlan);
      if (vlan === undefined) {
        report.notChecked([vif], `the Vlan of ${vif.logicalId} is not known at synth`);
        continue;
      }
      const problem = vlanProblem(vlan);
      if (problem) {
        report.finding([vif], `Virtual interface ${NetworkModel.describe(vif)}: ${problem}.`);
        continue;
      }
      const connection = model.identity(vif.properties.ConnectionId, vif);
      if (connection === undefined) {
        report.notChecked([vif], `the connection of ${vif.logicalId} is not known at synth`);
        continue;
      }
      const key = `${connection}#${vlan}`;
      const other = first.get(key);
      if (other) {
        report.finding(
          [vif, other],
          `Virtual interfaces ${NetworkModel.describe(vif)} and ${NetworkModel.describe(other)} use VLAN ${vlan} on one connection.`,
        );
      } else {
        first.set(key, vif);
      }
    }
  },
};
