import { NetworkModel } from '../../model/core';
import { lbSubnets, PRIVATELINK_DOCS } from '../helpers';
import { isInterfaceEndpoint, loadBalancersOf, serviceNotKnown, serviceOfEndpoint } from './services';
import { Rule } from '../rule';

/** NG-PL-002: consumer endpoint subnets in an AZ where the service's NLB has no subnet. */
export const NG_PL_002: Rule = {
  id: 'NG-PL-002',
  level: 'error',
  title: "Endpoint subnet in an AZ the service's load balancer does not cover",
  why: "An interface endpoint can be created only in Availability Zones where the endpoint service's load balancer has a subnet.",
  fix: "Place the endpoint's subnets in the load balancer's Availability Zones, or add a load balancer subnet in the endpoint's AZ.",
  source: `${PRIVATELINK_DOCS}/create-endpoint-service.html`,
  check(model, report) {
    for (const ep of model.ofType('AWS::EC2::VPCEndpoint').filter(isInterfaceEndpoint)) {
      const svc = serviceOfEndpoint(model, ep);
      if (!svc) {
        if (serviceNotKnown(ep)) {
          report.notChecked(
            [ep],
            `the endpoint service of ${ep.logicalId} (${JSON.stringify(ep.properties.ServiceName)}) is not defined in this app; its Availability Zones are not known at synth`,
          );
        }
        continue;
      }
      const { lbs, unknown } = loadBalancersOf(model, svc);
      const serviceAzs = new Set<string>();
      let incomplete = unknown;
      for (const lb of lbs) {
        const s = lbSubnets(model, lb);
        incomplete ||= s.unknown;
        s.subnets.forEach((sub) => {
          const az = model.azOf(sub);
          az === undefined ? (incomplete = true) : serviceAzs.add(az);
        });
      }
      const sameAccount =
        ep.stack === svc.stack || (ep.stack.account !== undefined && ep.stack.account === svc.stack.account);
      for (const raw of Array.isArray(ep.properties.SubnetIds) ? ep.properties.SubnetIds : []) {
        const sub = model.ref(raw, ep);
        const az = sub && model.azOf(sub);
        if (!sub || !az || incomplete || (!sameAccount && !az.startsWith('id:'))) {
          report.notChecked(
            [ep],
            'an Availability Zone is not known at synth, or AZ names of different accounts cannot be compared',
          );
          continue;
        }
        if (!serviceAzs.has(az)) {
          report.finding(
            [ep, sub, svc],
            `Endpoint ${NetworkModel.describe(ep)} has subnet ${sub.logicalId} in ${az.replace(/^\w+:/, '')}, where service ${svc.logicalId}'s load balancer has no subnet.`,
          );
        }
      }
    }
  },
};
