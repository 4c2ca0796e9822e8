import { ModelResource, NetworkModel } from '../../model/core';
import { TGW_DOCS } from '../helpers';
import { Rule } from '../rule';
import { tgwOf, vpcAttachments } from './attachments';

/** NG-TGW-002: two attachment subnets in one AZ; the same VPC attached twice to one TGW. */
export const NG_TGW_002: Rule = {
  id: 'NG-TGW-002',
  level: 'error',
  title: 'TGW attachment with two subnets in one AZ, or a VPC attached twice',
  why: 'A VPC attachment takes one subnet per Availability Zone, and a VPC can be attached to a transit gateway only once.',
  fix: 'Give the attachment one subnet per AZ, and attach each VPC once per transit gateway.',
  source: `${TGW_DOCS}/tgw-vpc-attachments.html`,
  check(model, report) {
    const byPair = new Map<string, ModelResource>();
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
      const vpc = model.identity(att.properties.VpcId, att);
      const tgw = tgwOf(model, att);
      if (vpc && tgw) {
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
    }
  },
};
