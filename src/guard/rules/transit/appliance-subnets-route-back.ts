import { ModelResource, NetworkModel } from '../../model/core';
import { literal } from '../../model/values';
import { TGW_DOCS } from '../helpers';
import { Rule } from '../rule';
import { tgwOf, vpcAttachments } from './attachments';

/**
 * NG-TGW-014: the subnets of an appliance-mode (inspection) attachment route traffic back to the same transit
 * gateway: what the TGW sends into the inspection VPC leaves it again without passing the appliance.
 */
export const NG_TGW_014: Rule = {
  id: 'NG-TGW-014',
  level: 'warning',
  title: "Appliance-mode attachment's subnets route back to the same TGW",
  why: 'Traffic from the transit gateway enters the inspection VPC in the attachment subnets; if their route table sends it back to the same transit gateway, east-west traffic skips the appliance.',
  fix: "Route the attachment subnets' traffic to the appliance (firewall or Gateway Load Balancer endpoint); send only the appliance subnets' traffic back to the transit gateway.",
  source: `${TGW_DOCS}/transit-gateway-appliance-scenario.html`,
  check(model, report) {
    for (const att of vpcAttachments(model)) {
      const mode = att.properties.Options?.ApplianceModeSupport;
      if (mode !== undefined && literal(mode) === undefined) {
        report.notChecked([att], `the ApplianceModeSupport of ${att.logicalId} is not known at synth`);
        continue;
      }
      if (literal(mode) !== 'enable') continue;
      const tgw = tgwOf(model, att);
      const tables = new Set<ModelResource>();
      for (const raw of Array.isArray(att.properties.SubnetIds) ? att.properties.SubnetIds : []) {
        const subnet = model.ref(raw, att);
        if (subnet?.type !== 'AWS::EC2::Subnet') {
          report.notChecked([att], 'a subnet of the attachment is not defined in this app');
          continue;
        }
        for (const a of model.referrers('AWS::EC2::SubnetRouteTableAssociation', 'SubnetId', subnet)) {
          const table = model.target(a, 'RouteTableId', 'AWS::EC2::RouteTable');
          if (table) tables.add(table);
        }
      }
      for (const table of tables) {
        for (const route of model.routesOf(table)) {
          if (route.properties.TransitGatewayId === undefined) continue;
          const to = model.identity(route.properties.TransitGatewayId, route);
          if (to === undefined || tgw === undefined) {
            report.notChecked(
              [route, att],
              'the transit gateway of the route or of the attachment is not known at synth',
            );
          } else if (to === tgw) {
            const dest = literal(route.properties.DestinationCidrBlock ?? route.properties.DestinationIpv6CidrBlock);
            report.finding(
              [route, att],
              `Route ${NetworkModel.describe(route)}${dest ? ` to ${dest}` : ''} in ${table.logicalId}, the route table of the subnets of appliance-mode attachment ${att.logicalId}, sends traffic back to the same transit gateway, skipping the appliance.`,
            );
          }
        }
      }
    }
  },
};
