import { ModelResource } from '../../model/core';
import { PEERING_DOCS, peerings } from '../helpers';
import { Rule } from '../rule';

/** NG-PEER-008: more than 50 active peering connections on one VPC. */
export const NG_PEER_008: Rule = {
  id: 'NG-PEER-008',
  level: 'warning',
  title: 'More than 50 peering connections on one VPC',
  why: 'The default quota is 50 active peering connections per VPC (adjustable to 125); beyond it, creation fails.',
  fix: 'Request a quota increase before deploying, or connect the VPCs through a transit gateway.',
  source: `${PEERING_DOCS}/vpc-peering-connection-quotas.html`,
  check(model, report) {
    const byVpc = new Map<string, ModelResource[]>();
    for (const p of peerings(model)) {
      for (const [prop, id] of [
        ['VpcId', p.vpcId],
        ['PeerVpcId', p.peerVpcId],
      ]) {
        if (id !== undefined) {
          byVpc.set(id, [...(byVpc.get(id) ?? []), p.pcx]);
        } else {
          report.notChecked([p.pcx], `the ${prop} of the connection is not known at synth`);
        }
      }
    }
    for (const [id, connections] of byVpc) {
      if (connections.length > 50) {
        const vpc = model.get(id);
        report.finding(
          vpc ? [vpc, ...connections] : connections,
          `VPC ${vpc ? vpc.path : id.replace(/^literal:/, '')} has ${connections.length} peering connections (default quota 50).`,
        );
      }
    }
  },
};
