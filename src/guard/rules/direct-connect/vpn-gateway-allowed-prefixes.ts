import { parsedContains } from '../../../cidr/ip';
import { DX_ALLOWED_PREFIXES_SOURCE } from '../../../direct-connect/facts';
import { NetworkModel } from '../../model/core';
import { literalCidr } from '../../model/values';
import { Rule } from '../rule';
import { associationSide, DX_TYPES } from './shared';

/**
 * NG-DX-006: an allowed prefix of a virtual private gateway association that is narrower than (or outside) every
 * block of the VPC, or a block of the VPC that no allowed prefix covers.
 */
export const NG_DX_006: Rule = {
  id: 'NG-DX-006',
  level: 'error',
  structural: true,
  title: 'Virtual private gateway association prefixes that advertise no VPC block, or miss one',
  why: 'AWS advertises whole VPC blocks through a virtual private gateway association, filtered by its allowed prefixes: a prefix narrower than a VPC block, or outside the VPC, advertises nothing, and a block no prefix covers is not advertised on-premises.',
  fix: 'Give allowed prefixes that are the same as or wider than the VPC blocks, and cover every block of the VPC.',
  source: DX_ALLOWED_PREFIXES_SOURCE,
  check(model, report) {
    for (const assoc of model.ofType(DX_TYPES.association)) {
      if (associationSide(model, assoc) !== 'vpc') continue;
      const raw = assoc.properties.AllowedPrefixesToDirectConnectGateway;
      // Without allowed prefixes, AWS advertises the VPC's blocks.
      if (raw === undefined) continue;
      const vgw = model.target(assoc, 'AssociatedGatewayId', 'AWS::EC2::VPNGateway');
      const attachment = vgw ? model.referrers('AWS::EC2::VPCGatewayAttachment', 'VpnGatewayId', vgw)[0] : undefined;
      const vpc = attachment ? model.vpcOf(attachment) : undefined;
      if (!vpc) {
        report.notChecked([assoc], `the VPC of the virtual private gateway of ${assoc.logicalId} is not in this app`);
        continue;
      }
      const prefixes = Array.isArray(raw) ? raw.map((p) => literalCidr(p)) : undefined;
      if (!prefixes || prefixes.some((p) => p === undefined)) {
        report.notChecked([assoc], `the allowed prefixes of ${assoc.logicalId} are not known at synth`);
        continue;
      }
      const cidrs = model.vpcCidrs(vpc);
      const blocks = [...cidrs.ipv4, ...cidrs.ipv6];
      for (const prefix of prefixes) {
        const sameFamily = blocks.filter((b) => b.family === prefix!.family);
        if (cidrs.incomplete || sameFamily.length === 0) continue;
        if (!sameFamily.some((b) => parsedContains(prefix!, b))) {
          report.finding(
            [assoc, vpc],
            `Direct Connect gateway association ${NetworkModel.describe(assoc)}: allowed prefix ${prefix!.text} is not the same as or wider than a block of VPC ${vpc.logicalId} (${sameFamily.map((b) => b.text).join(', ')}), so it advertises nothing.`,
          );
        }
      }
      for (const block of blocks) {
        if (!prefixes.some((p) => p!.family === block.family && parsedContains(p!, block))) {
          report.finding(
            [assoc, vpc],
            `Direct Connect gateway association ${NetworkModel.describe(assoc)}: block ${block.text} of VPC ${vpc.logicalId} is inside none of the allowed prefixes, so it is not advertised on-premises.`,
          );
        }
      }
      if (cidrs.incomplete) {
        report.notChecked([assoc], `some blocks of VPC ${vpc.logicalId} are not known at synth`);
      }
    }
  },
};
