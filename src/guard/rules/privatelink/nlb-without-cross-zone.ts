import { NetworkModel } from '../../model/core';
import { lbSubnets, PRIVATELINK_DOCS } from '../helpers';
import { loadBalancersOf } from './services';
import { Rule } from '../rule';

/** NG-PL-005: NLB behind an endpoint service without cross-zone load balancing while it spans several AZs. */
export const NG_PL_005: Rule = {
  id: 'NG-PL-005',
  level: 'warning',
  title: 'Endpoint service NLB without cross-zone load balancing',
  why: "Without cross-zone load balancing, an endpoint in one AZ reaches only the load balancer's targets in that AZ.",
  fix: 'Set the load balancer attribute load_balancing.cross_zone.enabled to true (crossZoneEnabled: true).',
  source: `${PRIVATELINK_DOCS}/create-endpoint-service.html`,
  check(model, report) {
    for (const svc of model.ofType('AWS::EC2::VPCEndpointService')) {
      for (const lb of loadBalancersOf(model, svc).lbs) {
        if ((lb.properties.Type ?? 'application') !== 'network') {
          continue;
        }
        const attrs: any[] = Array.isArray(lb.properties.LoadBalancerAttributes)
          ? lb.properties.LoadBalancerAttributes
          : [];
        const crossZone = attrs.find((a) => a.Key === 'load_balancing.cross_zone.enabled')?.Value;
        const azs = new Set(lbSubnets(model, lb).subnets.map((s) => model.azOf(s)));
        if (String(crossZone) !== 'true' && azs.size > 1) {
          report.finding(
            [lb, svc],
            `Load balancer ${NetworkModel.describe(lb)} behind ${svc.logicalId} spans ${azs.size} AZs without cross-zone load balancing.`,
          );
        }
      }
    }
  },
};
