import { NetworkModel } from '../../model/core';
import { TGW_DOCS } from '../helpers';
import { Rule } from '../rule';
import { tgwLinks } from './attachments';

/** NG-TGW-004: an inspection attachment (target of inter-segment routes) without appliance mode. */
export const NG_TGW_004: Rule = {
  id: 'NG-TGW-004',
  level: 'warning',
  title: 'Inspection VPC attachment without appliance mode',
  why: 'Without appliance mode, the two directions of a flow may cross different AZs of the inspection VPC and be dropped by a stateful appliance.',
  fix: "Set Options.ApplianceModeSupport to 'enable' on the inspection VPC's attachment.",
  source: `${TGW_DOCS}/transit-gateway-appliance-scenario.html`,
  check(model, report) {
    const associated = new Set(
      tgwLinks(model, 'AWS::EC2::TransitGatewayRouteTableAssociation').map((l) => `${l.attachmentId}@${l.tableId}`),
    );
    const flagged = new Set<string>();
    for (const { link, attachment, attachmentId, tableId } of tgwLinks(model, 'AWS::EC2::TransitGatewayRoute')) {
      if (!attachment || attachment.type !== 'AWS::EC2::TransitGatewayVpcAttachment' || flagged.has(attachment.key)) {
        continue;
      }
      // A static route of one segment to an attachment associated with another segment: inter-segment inspection.
      if (associated.has(`${attachmentId}@${tableId}`)) {
        continue;
      }
      if (attachment.properties.Options?.ApplianceModeSupport !== 'enable') {
        flagged.add(attachment.key);
        report.finding(
          [attachment, link],
          `Attachment ${NetworkModel.describe(attachment)} receives inter-segment traffic from route ${link.logicalId} but has appliance mode off.`,
        );
      }
    }
  },
};
