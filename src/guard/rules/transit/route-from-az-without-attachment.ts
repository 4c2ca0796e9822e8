import { ModelResource, NetworkModel } from '../../model/core';
import { TGW_DOCS } from '../helpers';
import { Rule } from '../rule';
import { vpcAttachments } from './attachments';

/** NG-TGW-003: a route table in an AZ without an attachment subnet routes to the TGW. */
export const NG_TGW_003: Rule = {
  id: 'NG-TGW-003',
  level: 'warning',
  title: 'Route to a TGW from an AZ without an attachment subnet',
  why: 'Traffic reaches the transit gateway only from Availability Zones where the VPC attachment has a subnet.',
  fix: 'Add an attachment subnet in every AZ whose route tables route to the transit gateway.',
  source: `${TGW_DOCS}/tgw-vpc-attachments.html`,
  check(model, report) {
    const attAzs = new Map<string, Set<string>>();
    for (const att of vpcAttachments(model)) {
      const vpc = model.vpcOf(att);
      const tgw = model.identity(att.properties.TransitGatewayId, att);
      if (!vpc || !tgw) {
        continue;
      }
      const set = attAzs.get(`${vpc.key}>${tgw}`) ?? new Set<string>();
      for (const raw of Array.isArray(att.properties.SubnetIds) ? att.properties.SubnetIds : []) {
        const s = model.ref(raw, att);
        const az = s && model.azOf(s);
        if (az) {
          set.add(az);
        }
      }
      attAzs.set(`${vpc.key}>${tgw}`, set);
    }
    const reported = new Set<string>();
    for (const route of model.ofType('AWS::EC2::Route')) {
      const tgw =
        route.properties.TransitGatewayId === undefined
          ? undefined
          : model.identity(route.properties.TransitGatewayId, route);
      const table = model.target(route, 'RouteTableId', 'AWS::EC2::RouteTable');
      const vpc = table && model.vpcOf(table);
      if (route.properties.TransitGatewayId === undefined || (table && reported.has(table.key))) {
        continue;
      }
      if (!tgw || !table || !vpc) {
        const what = !tgw ? 'transit gateway' : !table ? 'route table' : 'VPC of the route table';
        report.notChecked([route], `the ${what} of route ${route.logicalId} is not known at synth`);
        continue;
      }
      const azs = attAzs.get(`${vpc.key}>${tgw}`);
      if (!azs) {
        report.notChecked(
          [route, table],
          `the attachment of VPC ${vpc.logicalId} to the transit gateway of route ${route.logicalId} is not defined in this app`,
        );
        continue;
      }
      const missing = model.subnetsOfRouteTable(table).filter((s: ModelResource) => {
        const az = model.azOf(s);
        return az !== undefined && !azs.has(az);
      });
      if (missing.length > 0) {
        reported.add(table.key);
        report.finding(
          [route, table, ...missing],
          `Route table ${NetworkModel.describe(table)} routes to the transit gateway from subnets in ${[...new Set(missing.map((s) => model.azOf(s)!.replace(/^\w+:/, '')))].join(', ')}, where the attachment has no subnet.`,
        );
      }
    }
  },
};
