import { NetworkModel } from '../../model/core';
import { CFN_RES, vpcOfRoute } from '../helpers';
import { Rule } from '../rule';
import { vpcAttachments } from './attachments';

/** NG-TGW-007: a VPC route to a TGW without DependsOn the attachment. */
export const NG_TGW_007: Rule = {
  id: 'NG-TGW-007',
  level: 'error',
  title: 'VPC route to a TGW without DependsOn the attachment',
  why: 'A route to a transit gateway fails unless the VPC is attached to it; CloudFormation must create the attachment first.',
  fix: 'Add DependsOn the TransitGatewayVpcAttachment to the route (node.addDependency).',
  source: `${CFN_RES}/aws-resource-ec2-route.html`,
  check(model, report) {
    const byVpcTgw = new Map<string, ReturnType<typeof vpcAttachments>>();
    for (const att of vpcAttachments(model)) {
      const key = `${model.identity(att.properties.VpcId, att)}>${model.identity(att.properties.TransitGatewayId, att)}`;
      byVpcTgw.set(key, [...(byVpcTgw.get(key) ?? []), att]);
    }
    for (const route of model.ofType('AWS::EC2::Route')) {
      if (route.properties.TransitGatewayId === undefined) {
        continue;
      }
      const { vpc } = vpcOfRoute(model, route);
      const tgw = model.identity(route.properties.TransitGatewayId, route);
      const atts = vpc && tgw ? byVpcTgw.get(`${vpc.key}>${tgw}`) : undefined;
      if (!atts) {
        report.notChecked([route], 'no attachment of this VPC to this transit gateway is defined in the app');
      } else if (!atts.some((a) => model.dependsOn(route, a))) {
        report.finding(
          [route, atts[0]],
          `Route ${NetworkModel.describe(route)} to the transit gateway has no DependsOn attachment ${atts[0].logicalId}.`,
        );
      }
    }
  },
};
