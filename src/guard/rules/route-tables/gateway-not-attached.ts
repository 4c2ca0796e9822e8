import { ModelResource, NetworkModel } from '../../model/core';
import { literal } from '../../model/values';
import { gatewayAttachment, vpcOfRoute, VPC_DOCS } from '../helpers';
import { Rule } from '../rule';

/** NG-RT-004: a route to a gateway not attached to the route table's VPC; or attached without DependsOn. */
export const NG_RT_004: Rule = {
  id: 'NG-RT-004',
  level: 'error',
  alsoWarns: true,
  structural: true,
  title: 'Route to a gateway not attached to the VPC',
  why: "A route can target only an internet, egress-only or virtual private gateway attached to the route table's VPC; without DependsOn the attachment, CloudFormation may create the route first and fail.",
  fix: "Attach the gateway to the route table's VPC (AWS::EC2::VPCGatewayAttachment) and make the route depend on that attachment.",
  source: `${VPC_DOCS}/route-table-options.html`,
  check(model, report) {
    const unattached = new Map<string, { gw: ModelResource; vpc: ModelResource; routes: ModelResource[] }>();
    for (const route of model.ofType('AWS::EC2::Route')) {
      const raw = route.properties.GatewayId ?? route.properties.EgressOnlyInternetGatewayId;
      const gw = model.ref(raw, route);
      if (!gw) {
        if (raw !== undefined && literal(raw) !== 'local') {
          report.notChecked(
            [route],
            `the gateway of route ${route.logicalId} (${JSON.stringify(raw)}) is not defined in this app`,
          );
        }
        continue;
      }
      const { table, vpc } = vpcOfRoute(model, route);
      if (!table || !vpc) {
        report.notChecked([route], 'the route table or its VPC is not defined in this app');
        continue;
      }
      if (gw.type === 'AWS::EC2::EgressOnlyInternetGateway') {
        if (model.vpcOf(gw) !== vpc) {
          report.finding(
            [route, gw],
            `Route ${NetworkModel.describe(route)} targets egress-only gateway ${gw.logicalId} of another VPC than ${vpc.logicalId}.`,
          );
        }
        continue;
      }
      if (gw.type !== 'AWS::EC2::InternetGateway' && gw.type !== 'AWS::EC2::VPNGateway') {
        continue;
      }
      const attachments = gatewayAttachment(model, gw).filter((a) => model.vpcOf(a) === vpc);
      if (attachments.length === 0) {
        // The fix is on the gateway (attach it): one finding per gateway and VPC, naming its routes.
        const key = `${gw.key}>${vpc.key}`;
        const entry = unattached.get(key) ?? { gw, vpc, routes: [] };
        entry.routes.push(route);
        unattached.set(key, entry);
      } else if (!attachments.some((a: ModelResource) => model.dependsOn(route, a))) {
        report.finding(
          [route, attachments[0]],
          `Route ${NetworkModel.describe(route)} targets ${gw.logicalId} but has no DependsOn its attachment ${attachments[0].logicalId}.`,
          'warning',
        );
      }
    }
    for (const { gw, vpc, routes } of unattached.values()) {
      report.finding(
        [...routes, gw],
        routes.length === 1
          ? `Route ${NetworkModel.describe(routes[0])} targets ${gw.logicalId}, which is not attached to VPC ${vpc.logicalId}.`
          : `Routes ${routes.map((r) => r.logicalId).join(', ')} target ${gw.logicalId}, which is not attached to VPC ${vpc.logicalId}.`,
      );
    }
  },
};
