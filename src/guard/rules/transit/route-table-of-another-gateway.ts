import { NetworkModel } from '../../model/core';
import { TGW_DOCS } from '../helpers';
import { Rule } from '../rule';
import { tgwLinks, tgwOf } from './attachments';

/** NG-TGW-011: a route, association or propagation whose attachment belongs to another TGW than the route table. */
export const NG_TGW_011: Rule = {
  id: 'NG-TGW-011',
  level: 'error',
  structural: true,
  title: 'Attachment and route table of different transit gateways',
  why: 'A route, association or propagation links an attachment and a route table of the same transit gateway only.',
  fix: 'Use a route table of the transit gateway the attachment belongs to.',
  source: `${TGW_DOCS}/tgw-route-tables.html`,
  check(model, report) {
    for (const type of [
      'AWS::EC2::TransitGatewayRoute',
      'AWS::EC2::TransitGatewayRouteTableAssociation',
      'AWS::EC2::TransitGatewayRouteTablePropagation',
    ]) {
      for (const { link, attachment, table } of tgwLinks(model, type)) {
        const a = attachment && tgwOf(model, attachment);
        const t = table && tgwOf(model, table);
        if (!a || !t) {
          report.notChecked(
            [link],
            `the transit gateway of the ${!a ? 'attachment' : 'route table'} of ${link.logicalId} is not known at synth`,
          );
        } else if (a !== t) {
          report.finding(
            [link, attachment!, table!],
            `${NetworkModel.describe(link)} links attachment ${attachment!.logicalId} and route table ${table!.logicalId} of different transit gateways.`,
          );
        }
      }
    }
  },
};
