import { parsedContains } from '../../../cidr/ip';
import { ModelResource, NetworkModel } from '../../model/core';
import { literalBool, literalCidr } from '../../model/values';
import { TGW_DOCS } from '../helpers';
import { Rule } from '../rule';
import { tgwLinks } from './attachments';

/** NG-TGW-013: a blackhole route that drops a block propagated into the same TGW route table. */
export const NG_TGW_013: Rule = {
  id: 'NG-TGW-013',
  level: 'warning',
  title: 'Blackhole route covering a propagated block',
  why: 'A transit gateway route table prefers the most specific route, and a static route (a blackhole too) over a propagated one of the same prefix: a blackhole equal to or inside a propagated block drops traffic to it.',
  fix: 'Remove the blackhole route, or narrow it so that it does not cover the blocks of attachments propagating into the route table.',
  source: `${TGW_DOCS}/tgw-route-tables.html`,
  check(model, report) {
    const propagated = new Map<string, { att: ModelResource; prop: ModelResource }[]>();
    for (const { link, attachment, table } of tgwLinks(model, 'AWS::EC2::TransitGatewayRouteTablePropagation')) {
      if (attachment?.type === 'AWS::EC2::TransitGatewayPeeringAttachment') continue;
      if (!table || !attachment) {
        report.notChecked(
          [link],
          `the ${!table ? 'route table' : 'attachment'} of propagation ${link.logicalId} is not defined in this app`,
        );
        continue;
      }
      propagated.set(table.key, [...(propagated.get(table.key) ?? []), { att: attachment, prop: link }]);
    }
    for (const { link: route, table } of tgwLinks(model, 'AWS::EC2::TransitGatewayRoute')) {
      if (route.properties.Blackhole !== undefined && literalBool(route.properties.Blackhole) === undefined) {
        report.notChecked([route], `the Blackhole of TGW route ${route.logicalId} is not known at synth`);
        continue;
      }
      if (literalBool(route.properties.Blackhole) !== true) continue;
      if (!table) {
        report.notChecked([route], `the route table of blackhole route ${route.logicalId} is not defined in this app`);
        continue;
      }
      const dest = literalCidr(route.properties.DestinationCidrBlock);
      if (!dest) {
        report.notChecked([route], 'the destination of the blackhole route is not known at synth');
        continue;
      }
      for (const { att } of propagated.get(table.key) ?? []) {
        const vpc = model.vpcOf(att);
        if (!vpc) {
          if (att.type !== 'AWS::EC2::TransitGatewayPeeringAttachment') {
            report.notChecked([route, att], `the VPC of ${att.logicalId} is not defined in this app`);
          }
          continue;
        }
        const blocks = model.vpcCidrs(vpc);
        const hit = [...blocks.ipv4, ...blocks.ipv6].find((b) => parsedContains(b, dest));
        if (hit) {
          report.finding(
            [route, att],
            `Blackhole route ${NetworkModel.describe(route)} to ${dest.canonical} drops traffic to ${hit.canonical}, which ${NetworkModel.describe(att)} propagates into the same route table.`,
          );
        } else if (blocks.incomplete) {
          report.notChecked([route, att], `a CIDR block of the VPC of ${att.logicalId} is not known at synth`);
        }
      }
    }
  },
};
