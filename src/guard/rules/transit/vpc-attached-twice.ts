import { ModelResource, NetworkModel } from '../../model/core';
import { TGW_DOCS } from '../helpers';
import { Rule } from '../rule';
import { tgwOf, vpcAttachments } from './attachments';

/**
 * NG-TGW-015: the same VPC attached twice to one transit gateway (EC2: DuplicateTransitGatewayAttachment).
 *
 * Split from NG-TGW-002 (two attachment subnets in one AZ), so that acknowledging one does not silence the other.
 */
export const NG_TGW_015: Rule = {
  id: 'NG-TGW-015',
  level: 'error',
  title: 'VPC attached twice to one transit gateway',
  why: 'A VPC can be attached to a transit gateway only once; EC2 refuses a second attachment (DuplicateTransitGatewayAttachment).',
  fix: 'Attach each VPC once per transit gateway: put every subnet it needs (one per AZ) in that one attachment.',
  source: `${TGW_DOCS}/tgw-vpc-attachments.html`,
  check(model, report) {
    const byPair = new Map<string, ModelResource>();
    for (const att of vpcAttachments(model)) {
      const vpc = model.identity(att.properties.VpcId, att);
      const tgw = tgwOf(model, att);
      if (!vpc || !tgw) continue;
      const key = `${vpc}>${tgw}`;
      const first = byPair.get(key);
      if (first) {
        report.finding(
          [att, first],
          `Attachments ${first.logicalId} and ${NetworkModel.describe(att)} attach the same VPC to the same transit gateway.`,
        );
      } else {
        byPair.set(key, att);
      }
    }
  },
};
