import { NetworkModel } from '../../model/core';
import { TGW_DOCS } from '../helpers';
import { Rule } from '../rule';
import { tgwLinks } from './attachments';

/** NG-TGW-009: a TGW peering attachment with propagation. */
export const NG_TGW_009: Rule = {
  id: 'NG-TGW-009',
  level: 'warning',
  title: 'Propagation on a TGW peering attachment',
  why: 'Transit gateway peering attachments support static routes only; a propagation fails.',
  fix: 'Remove the propagation and add static routes to the peering attachment.',
  source: `${TGW_DOCS}/tgw-peering.html`,
  check(model, report) {
    for (const { link, attachment } of tgwLinks(model, 'AWS::EC2::TransitGatewayRouteTablePropagation')) {
      if (!attachment) {
        report.notChecked(
          [link],
          `the attachment of ${link.logicalId} (${JSON.stringify(link.properties.TransitGatewayAttachmentId)}) is not defined in this app`,
        );
      } else if (attachment.type === 'AWS::EC2::TransitGatewayPeeringAttachment') {
        report.finding(
          [link, attachment],
          `Propagation ${NetworkModel.describe(link)} uses peering attachment ${attachment.logicalId}.`,
        );
      }
    }
  },
};
