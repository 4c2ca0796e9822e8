import { DX_VIF_SOURCE } from '../../../direct-connect/facts';
import { NetworkModel } from '../../model/core';
import { literal } from '../../model/values';
import { Rule } from '../rule';
import { bgpPeersOf, virtualInterfaces } from './shared';

/** NG-DX-009: a BGP authentication key written into the template as plain text. The key is never in a message. */
export const NG_DX_009: Rule = {
  id: 'NG-DX-009',
  level: 'warning',
  title: 'Virtual interface BGP key in plain text',
  why: 'A BGP MD5 key written into the template can be read by anyone who can read the template or the stack; a dynamic reference keeps it in Secrets Manager.',
  fix: 'Keep the key in Secrets Manager and write a {{resolve:secretsmanager:...}} dynamic reference, or leave AuthKey out and let AWS generate one.',
  source: DX_VIF_SOURCE,
  check(model, report) {
    for (const { vif } of virtualInterfaces(model)) {
      (bgpPeersOf(vif) ?? []).forEach((peer, i) => {
        const key = peer?.AuthKey === undefined ? undefined : literal(peer.AuthKey);
        if (key !== undefined && !key.startsWith('{{resolve:')) {
          report.finding(
            [vif],
            `Virtual interface ${NetworkModel.describe(vif)}: the BGP key of peer ${i + 1} is written in plain text.`,
          );
        }
      });
    }
  },
};
