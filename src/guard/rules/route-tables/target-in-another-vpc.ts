import { ModelResource, NetworkModel } from '../../model/core';
import { vpcOfRoute, VPC_DOCS } from '../helpers';
import { Rule } from '../rule';

/** NG-RT-005: a route whose NAT gateway, VPC endpoint or network interface target is in another VPC. */
export const NG_RT_005: Rule = {
  id: 'NG-RT-005',
  level: 'error',
  structural: true,
  title: 'Route to a NAT gateway, endpoint or network interface of another VPC',
  why: "A route's NAT gateway, VPC endpoint or network interface target must be in the route table's VPC.",
  fix: "Point the route at a target in the route table's own VPC.",
  source: `${VPC_DOCS}/route-table-options.html`,
  check(model, report) {
    const vpcOfTarget = (t: ModelResource): ModelResource | undefined => {
      if (t.type === 'AWS::EC2::VPCEndpoint') {
        return model.vpcOf(t);
      }
      const subnet = model.target(t, 'SubnetId', 'AWS::EC2::Subnet');
      return subnet && model.vpcOf(subnet);
    };
    for (const route of model.ofType('AWS::EC2::Route')) {
      for (const prop of ['NatGatewayId', 'VpcEndpointId', 'NetworkInterfaceId']) {
        const raw = route.properties[prop];
        const target = raw === undefined ? undefined : model.ref(raw, route);
        if (!target) {
          if (raw !== undefined) {
            report.notChecked(
              [route],
              `the ${prop} of route ${route.logicalId} (${JSON.stringify(raw)}) is not defined in this app`,
            );
          }
          continue;
        }
        const { vpc } = vpcOfRoute(model, route);
        const targetVpc = vpcOfTarget(target);
        if (!vpc || !targetVpc) {
          report.notChecked(
            [route, target],
            `the VPC of ${!vpc ? `the route table of route ${route.logicalId}` : `target ${target.logicalId}`} is not known at synth`,
          );
        } else if (vpc !== targetVpc) {
          report.finding(
            [route, target],
            `Route ${NetworkModel.describe(route)} in VPC ${vpc.logicalId} targets ${target.logicalId} in VPC ${targetVpc.logicalId}.`,
          );
        }
      }
    }
  },
};
