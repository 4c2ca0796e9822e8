import { ModelResource, NetworkModel } from '../../model/core';
import { literal } from '../../model/values';
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
    const servicesOf = new Map<ModelResource, ModelResource[]>();
    for (const svc of model.ofType('AWS::EC2::VPCEndpointService')) {
      for (const lb of loadBalancersOf(model, svc).lbs) {
        servicesOf.set(lb, [...(servicesOf.get(lb) ?? []), svc]);
      }
    }
    for (const [lb, services] of servicesOf) {
      if ((lb.properties.Type ?? 'application') !== 'network') {
        continue;
      }
      const attrs: any[] = Array.isArray(lb.properties.LoadBalancerAttributes)
        ? lb.properties.LoadBalancerAttributes
        : [];
      const crossZone = attrs.find((a) => a.Key === 'load_balancing.cross_zone.enabled')?.Value;
      const crossZoneText = typeof crossZone === 'boolean' ? String(crossZone) : literal(crossZone);
      if (crossZone !== undefined && crossZoneText === undefined) {
        report.notChecked([lb], `the cross-zone load balancing attribute of ${lb.logicalId} is not known at synth`);
        continue;
      }
      if (crossZoneText?.toLowerCase() === 'true') {
        continue;
      }
      const { subnets, unknown } = lbSubnets(model, lb);
      const azs = new Set(subnets.map((s) => model.azOf(s)));
      if (azs.size > 1) {
        report.finding(
          [lb, ...services],
          `Load balancer ${NetworkModel.describe(lb)} behind ${services.map((x) => x.logicalId).join(', ')} spans ${azs.size} AZs without cross-zone load balancing.`,
        );
      } else if (unknown || azs.has(undefined)) {
        report.notChecked([lb], `a subnet or Availability Zone of ${lb.logicalId} is not known at synth`);
      }
    }
  },
};
