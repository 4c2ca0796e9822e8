import { parsedOverlap, ParsedCidr } from '../../../cidr/ip';
import { ModelResource, NetworkModel } from '../../model/core';
import { Rule } from '../rule';
import { associationSide, DX_TYPES } from './shared';

/** NG-DX-010: the VPCs of two virtual private gateway associations of one Direct Connect gateway overlap. */
export const NG_DX_010: Rule = {
  id: 'NG-DX-010',
  level: 'error',
  structural: true,
  title: 'Overlapping VPCs on one Direct Connect gateway',
  why: 'The VPCs connected through one Direct Connect gateway cannot have overlapping CIDR blocks: on-premises cannot tell them apart.',
  fix: 'Renumber one of the VPCs, or connect it through another Direct Connect gateway.',
  source: 'https://docs.aws.amazon.com/directconnect/latest/UserGuide/virtualgateways.html',
  check(model, report) {
    const byGateway = new Map<string, { assoc: ModelResource; vpc: ModelResource; blocks: ParsedCidr[] }[]>();
    for (const assoc of model.ofType(DX_TYPES.association)) {
      if (associationSide(model, assoc) !== 'vpc') continue;
      const gateway = model.identity(assoc.properties.DirectConnectGatewayId, assoc);
      const vgw = model.target(assoc, 'AssociatedGatewayId', 'AWS::EC2::VPNGateway');
      const attachment = vgw ? model.referrers('AWS::EC2::VPCGatewayAttachment', 'VpnGatewayId', vgw)[0] : undefined;
      const vpc = attachment ? model.vpcOf(attachment) : undefined;
      if (gateway === undefined || !vpc) {
        report.notChecked([assoc], `the gateway or the VPC of ${assoc.logicalId} is not known in this app`);
        continue;
      }
      const cidrs = model.vpcCidrs(vpc);
      const blocks = [...cidrs.ipv4, ...cidrs.ipv6];
      const list = byGateway.get(gateway) ?? [];
      for (const other of list) {
        if (other.vpc === vpc) continue;
        const a = blocks.find((b) => other.blocks.some((o) => parsedOverlap(b, o)));
        if (a) {
          const b = other.blocks.find((o) => parsedOverlap(a, o))!;
          report.finding(
            [assoc, other.assoc],
            `VPCs ${vpc.logicalId} (${a.text}) and ${other.vpc.logicalId} (${b.text}) overlap on one Direct Connect gateway (${NetworkModel.describe(assoc)}, ${NetworkModel.describe(other.assoc)}).`,
          );
        }
      }
      list.push({ assoc, vpc, blocks });
      byGateway.set(gateway, list);
    }
  },
};
