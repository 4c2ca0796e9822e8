import { ParsedCidr } from '../../../cidr/ip';
import { ModelResource, NetworkModel } from '../../model/core';
import { TGW_DOCS } from '../helpers';
import { Rule } from '../rule';
import { range, tgwLinks } from './attachments';

/** NG-TGW-001: two attachments propagate overlapping CIDRs into one TGW route table. */
export const NG_TGW_001: Rule = {
  id: 'NG-TGW-001',
  level: 'warning',
  title: 'Overlapping CIDRs propagated into one TGW route table',
  why: 'When two attachments propagate overlapping blocks into one route table, the later one is not propagated and its VPC is unreachable.',
  fix: 'Give the attached VPCs disjoint blocks, or propagate them into different route tables.',
  source: `${TGW_DOCS}/tgw-vpc-attachments.html`,
  check(model, report) {
    const byTable = new Map<ModelResource, { cidr: ParsedCidr; attachment: ModelResource; vpc: ModelResource }[]>();
    for (const { link, table, attachment } of tgwLinks(model, 'AWS::EC2::TransitGatewayRouteTablePropagation')) {
      const vpc = attachment && model.vpcOf(attachment);
      if (attachment?.type === 'AWS::EC2::TransitGatewayPeeringAttachment') {
        continue;
      }
      if (!table || !attachment || !vpc) {
        const what = !table ? 'route table' : !attachment ? 'attachment' : 'VPC of the attachment';
        report.notChecked([link], `the ${what} of propagation ${link.logicalId} is not defined in this app`);
        continue;
      }
      const cidrs = model.vpcCidrs(vpc);
      if (cidrs.incomplete) {
        report.notChecked([link, vpc], `a CIDR block of VPC ${vpc.logicalId} is not known at synth`);
      }
      const list = byTable.get(table) ?? [];
      for (const cidr of [...cidrs.ipv4, ...cidrs.ipv6]) {
        list.push({ cidr, attachment, vpc });
      }
      byTable.set(table, list);
    }
    for (const [table, entries] of byTable) {
      // Sweep by start address: near-linear in the number of blocks.
      const sorted = entries
        .map((e) => ({ ...e, r: range(e.cidr), fam: e.cidr.family }))
        .sort((a, b) => (a.fam !== b.fam ? (a.fam < b.fam ? -1 : 1) : a.r[0] < b.r[0] ? -1 : a.r[0] > b.r[0] ? 1 : 0));
      let open: (typeof sorted)[number] | undefined;
      for (const e of sorted) {
        if (open && open.fam === e.fam && e.r[0] <= open.r[1] && open.attachment !== e.attachment) {
          report.finding(
            [e.attachment, open.attachment, table],
            `Attachments ${open.attachment.logicalId} (${open.cidr.canonical}) and ${e.attachment.logicalId} (${e.cidr.canonical}) both propagate into ${NetworkModel.describe(table)}.`,
          );
        }
        if (!open || open.fam !== e.fam || e.r[1] > open.r[1]) {
          open = e;
        }
      }
    }
  },
};
