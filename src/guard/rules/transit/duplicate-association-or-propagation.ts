import { ModelResource, NetworkModel } from '../../model/core';
import { TGW_DOCS } from '../helpers';
import { Rule } from '../rule';
import { tgwLinks } from './attachments';

/** NG-TGW-012: more than one association for one attachment; the same propagation twice. */
export const NG_TGW_012: Rule = {
  id: 'NG-TGW-012',
  level: 'error',
  structural: true,
  title: 'Attachment associated twice, or the same propagation twice',
  why: 'An attachment is associated with exactly one route table, and propagates into a route table once.',
  fix: 'Keep one association per attachment and one propagation per attachment and route table.',
  source: `${TGW_DOCS}/tgw-route-tables.html`,
  check(model, report) {
    const seen = new Map<string, ModelResource>();
    const once = (key: string, link: ModelResource, what: string) => {
      const first = seen.get(key);
      if (first) {
        report.finding([link, first], `${NetworkModel.describe(link)} and ${first.logicalId} ${what}.`);
      } else {
        seen.set(key, link);
      }
    };
    for (const { link, attachmentId } of tgwLinks(model, 'AWS::EC2::TransitGatewayRouteTableAssociation')) {
      if (attachmentId) {
        once(`assoc|${attachmentId}`, link, 'associate the same attachment');
      } else {
        report.notChecked([link], `the attachment of ${link.logicalId} is not known at synth`);
      }
    }
    for (const { link, attachmentId, tableId } of tgwLinks(model, 'AWS::EC2::TransitGatewayRouteTablePropagation')) {
      if (attachmentId && tableId) {
        once(`prop|${attachmentId}|${tableId}`, link, 'are the same propagation');
      } else {
        report.notChecked(
          [link],
          `the ${attachmentId ? 'route table' : 'attachment'} of ${link.logicalId} is not known at synth`,
        );
      }
    }
  },
};
