import { ModelResource, NetworkModel } from '../../model/core';
import { firstOverlap, PEERING_DOCS, peerings } from '../helpers';
import { Rule } from '../rule';

/** NG-PEER-005: a hub VPC peered with two VPCs whose CIDRs overlap each other. */
export const NG_PEER_005: Rule = {
  id: 'NG-PEER-005',
  level: 'warning',
  title: 'Hub VPC peered with two VPCs that overlap each other',
  why: 'Peering has no unicast reverse-path check: return traffic from the hub may go to the wrong one of two overlapping spokes.',
  fix: 'Give the spokes disjoint CIDR blocks, or route only specific subnets of each spoke from the hub.',
  source: `${PEERING_DOCS}/peering-configurations-partial-access.html`,
  check(model, report) {
    const peersOf = new Map<ModelResource, ModelResource[]>();
    for (const p of peerings(model)) {
      if (p.vpc && p.peerVpc) {
        peersOf.set(p.vpc, [...(peersOf.get(p.vpc) ?? []), p.peerVpc]);
        peersOf.set(p.peerVpc, [...(peersOf.get(p.peerVpc) ?? []), p.vpc]);
      } else if (p.vpc || p.peerVpc) {
        report.notChecked(
          [p.pcx],
          'a side of the connection is a VPC not defined in this app; its CIDR blocks are not known at synth',
        );
      }
    }
    for (const [hub, peers] of peersOf) {
      const distinct = new Set(peers);
      for (const peer of distinct) {
        if (distinct.size > 1 && model.vpcCidrs(peer).incomplete) {
          report.notChecked(
            [hub, peer],
            `a CIDR block of VPC ${peer.logicalId}, peered with ${hub.logicalId}, is not known at synth`,
          );
        }
      }
      for (let i = 0; i < peers.length; i++) {
        for (let j = i + 1; j < peers.length; j++) {
          const overlap = firstOverlap(model.vpcCidrs(peers[i]).ipv4, model.vpcCidrs(peers[j]).ipv4);
          if (overlap && peers[i] !== peers[j]) {
            report.finding(
              [hub, peers[i], peers[j]],
              `VPC ${NetworkModel.describe(hub)} is peered with ${peers[i].logicalId} and ${peers[j].logicalId}, whose blocks ${overlap[0].canonical} and ${overlap[1].canonical} overlap.`,
            );
          }
        }
      }
    }
  },
};
