import { ModelResource, NetworkModel } from '../../model/core';
import { TGW_DOCS } from '../helpers';
import { Rule } from '../rule';
import { vpcAttachments } from './attachments';

/**
 * NG-TGW-002: a VPC attachment with two subnets in one Availability Zone (EC2: DuplicateSubnetsInSameZone).
 *
 * Split from the same VPC attached twice to one transit gateway (now NG-TGW-015): an acknowledgement of either fact on
 * an attachment silenced the other on it, and they are unrelated (one attachment's subnet list; two attachments).
 */
export const NG_TGW_002: Rule = {
  id: 'NG-TGW-002',
  level: 'error',
  title: 'TGW attachment with two subnets in one AZ',
  why: 'A VPC attachment takes one subnet per Availability Zone; EC2 refuses two (DuplicateSubnetsInSameZone).',
  fix: 'Give the attachment one subnet per AZ.',
  source: `${TGW_DOCS}/tgw-vpc-attachments.html`,
  check(model, report) {
    for (const att of vpcAttachments(model)) {
      const azs = new Map<string, ModelResource>();
      const subnetIds: any[] = Array.isArray(att.properties.SubnetIds) ? att.properties.SubnetIds : [];
      const unknown = subnetIds.filter((raw) => {
        const subnet = model.ref(raw, att);
        return !subnet || model.azOf(subnet) === undefined;
      });
      if (unknown.length > 0 && subnetIds.length > 1) {
        report.notChecked(
          [att],
          `the Availability Zone of subnet ${unknown.map((raw) => model.ref(raw, att)?.logicalId ?? JSON.stringify(raw)).join(', ')} of attachment ${att.logicalId} is not known at synth`,
        );
      }
      for (const raw of subnetIds) {
        const subnet = model.ref(raw, att);
        const az = subnet && model.azOf(subnet);
        if (subnet && az) {
          if (azs.has(az)) {
            report.finding(
              [att, subnet, azs.get(az)!],
              `Attachment ${NetworkModel.describe(att)} has subnets ${azs.get(az)!.logicalId} and ${subnet.logicalId} in ${az.replace(/^\w+:/, '')}.`,
            );
          }
          azs.set(az, subnet);
        }
      }
    }
  },
};
