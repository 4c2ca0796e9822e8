import { DX_GATEWAY_SOURCE } from '../../../direct-connect/facts';
import { ModelResource, NetworkModel } from '../../model/core';
import { Rule } from '../rule';
import { associationSide, DX_TYPES, virtualInterfaces } from './shared';

/**
 * NG-DX-005: a Direct Connect gateway with a virtual private gateway association or a private virtual interface, and
 * a transit gateway association or a transit virtual interface.
 */
export const NG_DX_005: Rule = {
  id: 'NG-DX-005',
  level: 'error',
  structural: true,
  title: 'Direct Connect gateway with both VPC-side and transit-side attachments',
  why: 'A Direct Connect gateway associated with a virtual private gateway, or attached to a private virtual interface, cannot be associated with a transit gateway (nor take a transit virtual interface), and the other way round.',
  fix: 'Use one Direct Connect gateway for virtual private gateways and private virtual interfaces, and another for transit gateways and transit virtual interfaces.',
  source: DX_GATEWAY_SOURCE,
  check(model, report) {
    const sides = new Map<string, { vpc: ModelResource[]; transit: ModelResource[] }>();
    const add = (r: ModelResource, side: 'vpc' | 'transit') => {
      const gateway = model.identity(r.properties.DirectConnectGatewayId, r);
      if (gateway === undefined) {
        if (r.properties.DirectConnectGatewayId !== undefined) {
          report.notChecked([r], `the Direct Connect gateway of ${r.logicalId} is not known at synth`);
        }
        return;
      }
      const entry = sides.get(gateway) ?? { vpc: [], transit: [] };
      entry[side].push(r);
      sides.set(gateway, entry);
    };
    for (const assoc of model.ofType(DX_TYPES.association)) {
      const side = associationSide(model, assoc);
      if (side === undefined) {
        report.notChecked([assoc], `the associated gateway of ${assoc.logicalId} is not known at synth`);
        continue;
      }
      add(assoc, side);
    }
    for (const { vif, kind } of virtualInterfaces(model)) {
      if (kind !== 'public') add(vif, kind === 'private' ? 'vpc' : 'transit');
    }
    for (const { vpc, transit } of sides.values()) {
      if (vpc.length === 0 || transit.length === 0) continue;
      report.finding(
        [transit[0], ...vpc, ...transit.slice(1)],
        `One Direct Connect gateway has virtual private gateway associations or private virtual interfaces (${vpc.map((r) => NetworkModel.describe(r)).join(', ')}) and transit gateway associations or transit virtual interfaces (${transit.map((r) => NetworkModel.describe(r)).join(', ')}).`,
      );
    }
  },
};
