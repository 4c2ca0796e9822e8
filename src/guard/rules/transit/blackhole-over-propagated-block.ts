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
      if (!table || !attachment) continue;
      propagated.set(table.key, [...(propagated.get(table.key) ?? []), { att: attachment, prop: link }]);
    }
    for (const { link: route, table } of tgwLinks(model, 'AWS::EC2::TransitGatewayRoute')) {
      if (!table || literalBool(route.properties.Blackhole) !== true) continue;
      const dest = literalCidr(route.properties.DestinationCidrBlock);
      if (!dest) {
        report.notChecked([route], 'the destination of the blackhole route is not known at synth');
        continue;
      }
      for (const { att } of propagated.get(table.key) ?? []) {
        const vpc = model.vpcOf(att);
        if (!vpc) continue;
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
