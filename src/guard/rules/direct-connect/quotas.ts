import {
  DX_PRIVATE_PUBLIC_VIFS_PER_CONNECTION,
  DX_QUOTAS_URL,
  DX_TRANSIT_GATEWAYS_PER_GATEWAY,
  DX_TRANSIT_VIFS_PER_CONNECTION,
  DX_VIFS_PER_CONNECTION,
  DX_VPN_GATEWAYS_PER_GATEWAY,
} from '../../../facts/quotas';
import { ModelResource } from '../../model/core';
import { Rule } from '../rule';
import { associationSide, DX_TYPES, virtualInterfaces } from './shared';

/**
 * NG-DX-007: more virtual private gateways or transit gateways on one Direct Connect gateway, or more virtual
 * interfaces on one connection, than the Direct Connect quotas (none of which can be increased).
 */
export const NG_DX_007: Rule = {
  id: 'NG-DX-007',
  level: 'error',
  structural: true,
  title: 'Direct Connect gateway or connection over its quota',
  why: `A Direct Connect gateway takes at most ${DX_VPN_GATEWAYS_PER_GATEWAY} virtual private gateways and ${DX_TRANSIT_GATEWAYS_PER_GATEWAY} transit gateways; a dedicated connection or LAG at most ${DX_PRIVATE_PUBLIC_VIFS_PER_CONNECTION} private or public and ${DX_TRANSIT_VIFS_PER_CONNECTION} transit virtual interfaces, ${DX_VIFS_PER_CONNECTION} in all. The quotas cannot be increased.`,
  fix: 'Spread the associations over more Direct Connect gateways, or the virtual interfaces over more connections.',
  source: DX_QUOTAS_URL,
  check(model, report) {
    const count = <K>(map: Map<string, K[]>, key: string, value: K) => map.set(key, [...(map.get(key) ?? []), value]);
    const vgws = new Map<string, ModelResource[]>();
    const tgws = new Map<string, ModelResource[]>();
    for (const assoc of model.ofType(DX_TYPES.association)) {
      const gateway = model.identity(assoc.properties.DirectConnectGatewayId, assoc);
      const side = associationSide(model, assoc);
      if (gateway === undefined || side === undefined) {
        report.notChecked([assoc], `the gateways of ${assoc.logicalId} are not known at synth`);
        continue;
      }
      count(side === 'vpc' ? vgws : tgws, gateway, assoc);
    }
    for (const [map, quota, what] of [
      [vgws, DX_VPN_GATEWAYS_PER_GATEWAY, 'virtual private gateway'],
      [tgws, DX_TRANSIT_GATEWAYS_PER_GATEWAY, 'transit gateway'],
    ] as const) {
      for (const list of map.values()) {
        if (list.length > quota) {
          report.finding(
            list,
            `One Direct Connect gateway has ${list.length} ${what} associations, more than the ${quota} it takes (${DX_QUOTAS_URL}).`,
          );
        }
      }
    }
    const byConnection = new Map<string, { vif: ModelResource; transit: boolean }[]>();
    for (const { vif, kind } of virtualInterfaces(model)) {
      const connection = model.identity(vif.properties.ConnectionId, vif);
      if (connection === undefined) {
        report.notChecked([vif], `the connection of ${vif.logicalId} is not known at synth`);
        continue;
      }
      count(byConnection, connection, { vif, transit: kind === 'transit' });
    }
    for (const list of byConnection.values()) {
      const transit = list.filter((v) => v.transit).length;
      const other = list.length - transit;
      const over = [
        transit > DX_TRANSIT_VIFS_PER_CONNECTION
          ? `${transit} transit virtual interfaces (at most ${DX_TRANSIT_VIFS_PER_CONNECTION})`
          : undefined,
        other > DX_PRIVATE_PUBLIC_VIFS_PER_CONNECTION
          ? `${other} private or public virtual interfaces (at most ${DX_PRIVATE_PUBLIC_VIFS_PER_CONNECTION})`
          : undefined,
        list.length > DX_VIFS_PER_CONNECTION
          ? `${list.length} virtual interfaces (at most ${DX_VIFS_PER_CONNECTION} in all)`
          : undefined,
      ].filter((x) => x !== undefined);
      if (over.length > 0) {
        report.finding(
          list.map((v) => v.vif),
          `One connection has ${over.join(' and ')}, over the Direct Connect quota (${DX_QUOTAS_URL}).`,
        );
      }
    }
  },
};
