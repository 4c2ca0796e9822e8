import { NetworkModel, ModelResource } from '../../model/core';
import { PEERING_DOCS, peerings } from '../helpers';
import { Rule } from '../rule';

/** NG-PEER-002: more than one peering connection between the same two VPCs. */
export const NG_PEER_002: Rule = {
  id: 'NG-PEER-002',
  level: 'error',
  title: 'More than one peering connection between the same two VPCs',
  why: 'AWS allows only one peering connection between two VPCs; the second fails to create.',
  fix: 'Keep one peering connection per pair of VPCs and route all traffic between them through it.',
  source: `${PEERING_DOCS}/vpc-peering-basics.html`,
  check(model, report) {
    const byPair = new Map<string, ModelResource[]>();
    for (const p of peerings(model)) {
      if (!p.vpcId || !p.peerVpcId) {
        report.notChecked([p.pcx], 'a VPC id of the connection is not known at synth');
        continue;
      }
      const pair = [p.vpcId, p.peerVpcId].sort().join(' <> ');
      byPair.set(pair, [...(byPair.get(pair) ?? []), p.pcx]);
    }
    for (const connections of byPair.values()) {
      if (connections.length > 1) {
        report.finding(
          connections,
          `${connections.length} peering connections join the same two VPCs: ${connections.map(NetworkModel.describe).join(', ')}.`,
        );
      }
    }
  },
};
