import { NetworkModel } from '../../model/core';
import { PEERING_DOCS } from '../helpers';
import { peeringRoutes } from './routes';
import { Rule } from '../rule';

/** NG-PEER-004: edge-to-edge routing through a peer's gateway. */
export const NG_PEER_004: Rule = {
  id: 'NG-PEER-004',
  level: 'error',
  title: "Edge-to-edge routing through a peer's gateway",
  why: "A peering connection does not carry traffic on to the peer's internet gateway, NAT gateway, VPN, Direct Connect or gateway endpoint.",
  fix: 'Give the VPC its own internet or NAT gateway, VPN or gateway endpoint, or use a transit gateway with a shared egress VPC.',
  source: `${PEERING_DOCS}/invalid-peering-configurations.html`,
  check(model, report) {
    for (const v of peeringRoutes(model)) {
      if (v.kind === 'edge') {
        report.finding(
          [v.route, v.pcx, v.gateway!],
          `Route ${NetworkModel.describe(v.route)} through ${v.pcx.logicalId}: ${v.why}.`,
        );
      } else if (v.kind === 'unknown') {
        report.notChecked([v.route], v.why);
      }
    }
  },
};
