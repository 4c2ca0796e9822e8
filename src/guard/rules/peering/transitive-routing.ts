import { NetworkModel } from '../../model/core';
import { PEERING_DOCS } from '../helpers';
import { peeringRoutes } from './routes';
import { Rule } from '../rule';

/** NG-PEER-003: transitive routing through a peering connection. */
export const NG_PEER_003: Rule = {
  id: 'NG-PEER-003',
  level: 'error',
  title: 'Transitive routing through a peering connection',
  why: 'A peering connection delivers only traffic addressed to the peer VPC; a route through it to any other destination drops the traffic.',
  fix: "Route through the peering connection only the peer VPC's own CIDR blocks; reach other networks through a transit gateway.",
  source: `${PEERING_DOCS}/invalid-peering-configurations.html`,
  check(model, report) {
    for (const v of peeringRoutes(model)) {
      if (v.kind === 'transitive') {
        report.finding(
          [v.route, v.pcx],
          `Route ${NetworkModel.describe(v.route)} through ${v.pcx.logicalId}: ${v.why}.`,
        );
      } else if (v.kind === 'unknown') {
        report.notChecked([v.route], v.why);
      }
    }
  },
};
