import { NetworkModel } from '../../model/core';
import { firstOverlap, PEERING_DOCS, peerings } from '../helpers';
import { Rule } from '../rule';

/** NG-PEER-001: two peered VPCs have overlapping IPv4 CIDR blocks, secondary blocks included. */
export const NG_PEER_001: Rule = {
  id: 'NG-PEER-001',
  level: 'error',
  title: 'Peered VPCs with overlapping IPv4 CIDR blocks',
  why: 'A peering connection between VPCs whose IPv4 blocks overlap (secondary blocks included, IPv6 does not excuse it) ends in the failed state.',
  fix: 'Peer VPCs whose every IPv4 block is disjoint: renumber one VPC or remove the overlapping secondary block.',
  source: `${PEERING_DOCS}/invalid-peering-configurations.html`,
  check(model, report) {
    for (const p of peerings(model)) {
      if (!p.vpc || !p.peerVpc) {
        report.notChecked(
          [p.pcx],
          'a side of the connection is a VPC not defined in this app; its CIDR blocks are not known at synth',
        );
        continue;
      }
      const a = model.vpcCidrs(p.vpc);
      const b = model.vpcCidrs(p.peerVpc);
      const overlap = firstOverlap(a.ipv4, b.ipv4);
      if (overlap) {
        report.finding(
          [p.pcx, p.vpc, p.peerVpc],
          `Peering connection ${NetworkModel.describe(p.pcx)} joins VPCs whose IPv4 blocks overlap: ${overlap[0].canonical} and ${overlap[1].canonical}.`,
        );
      } else if (a.incomplete || b.incomplete) {
        report.notChecked([p.pcx], 'a CIDR block of a side is not known at synth');
      }
    }
  },
};
