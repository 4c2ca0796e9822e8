import { ModelResource, NetworkModel } from '../../model/core';
import { PEERING_DOCS, peerings, vpcOfRoute } from '../helpers';
import { Rule } from '../rule';

/** NG-PEER-007: a peering connection with routes on one side only. */
export const NG_PEER_007: Rule = {
  id: 'NG-PEER-007',
  level: 'warning',
  title: 'Peering connection with routes on one side only',
  why: 'Traffic needs a route in both VPCs: with routes on one side only, replies have no way back.',
  fix: 'Add routes to the peer through the connection in the route tables of both VPCs (PeeringAccepterSide for a side in another account or Region).',
  source: `${PEERING_DOCS}/vpc-peering-routing.html`,
  check(model, report) {
    for (const p of peerings(model)) {
      if (!p.vpc || !p.peerVpc) {
        report.notChecked([p.pcx], 'a side of the connection is not defined in this app');
        continue;
      }
      const sides = new Map<ModelResource, number>([
        [p.vpc, 0],
        [p.peerVpc, 0],
      ]);
      const unknown: ModelResource[] = [];
      for (const route of model.referrers('AWS::EC2::Route', 'VpcPeeringConnectionId', p.pcx)) {
        const { vpc } = vpcOfRoute(model, route);
        if (vpc && sides.has(vpc)) {
          sides.set(vpc, sides.get(vpc)! + 1);
        } else if (!vpc) {
          unknown.push(route);
        }
      }
      const [a, b] = [sides.get(p.vpc)!, sides.get(p.peerVpc)!];
      if ((a === 0) !== (b === 0) && unknown.length > 0) {
        report.notChecked(
          [p.pcx, ...unknown],
          `the route table of route ${unknown.map((r) => r.logicalId).join(', ')} through the connection is not defined in this app`,
        );
      } else if ((a === 0) !== (b === 0)) {
        const missing = a === 0 ? p.vpc : p.peerVpc;
        report.finding(
          [p.pcx, missing],
          `Peering connection ${NetworkModel.describe(p.pcx)} has routes in one VPC only; ${NetworkModel.describe(missing)} has no route back.`,
        );
      }
    }
  },
};
