import { parsedOverlap } from '../../../cidr/ip';
import { ModelResource, NetworkModel } from '../../model/core';
import { literalCidr } from '../../model/values';
import { containedIn, VPC_DOCS } from '../helpers';
import { Rule } from '../rule';

/**
 * NG-VPC-001: subnet outside its VPC or overlapping a sibling; VPC or subnet IPv4 prefix outside /16-/28.
 *
 * Not split (issue 12): the three checks are one fact, whether EC2 accepts the CidrBlock of a VPC or subnet
 * (InvalidVpc.Range, InvalidSubnet.Range, InvalidSubnet.Conflict), with one fix (pick another block). Each is a
 * certain create failure with no quota or design choice behind it, so there is no acknowledgement of one that a user
 * could reasonably make while still wanting the others; and deeper rules rely on all three (a broken block is skipped).
 */
export const NG_VPC_001: Rule = {
  id: 'NG-VPC-001',
  level: 'error',
  structural: true,
  title: 'Subnet outside its VPC, overlapping a sibling, or prefix outside /16-/28',
  why: 'Every subnet must lie inside a CIDR block of its VPC and not overlap another subnet; IPv4 VPC blocks and subnets must be /16 to /28.',
  fix: "Pick a subnet block inside one of the VPC's blocks, disjoint from its other subnets, with a prefix between /16 and /28.",
  source: `${VPC_DOCS}/vpc-cidr-blocks.html`,
  check(model, report) {
    const sizeCheck = (r: ModelResource, prop: string) => {
      const c = literalCidr(r.properties[prop]);
      if (!c && r.properties[prop] !== undefined && r.type !== 'AWS::EC2::Subnet') {
        report.notChecked([r], `the ${prop} of ${r.logicalId} is not known at synth`);
      }
      if (c && c.family === 'ipv4' && (c.prefixLength < 16 || c.prefixLength > 28)) {
        report.finding([r], `${NetworkModel.describe(r)} has ${prop} ${c.text}: IPv4 prefixes must be /16 to /28.`);
      }
    };
    for (const vpc of model.ofType('AWS::EC2::VPC')) {
      sizeCheck(vpc, 'CidrBlock');
    }
    for (const block of model.ofType('AWS::EC2::VPCCidrBlock')) {
      sizeCheck(block, 'CidrBlock');
    }
    for (const vpc of model.ofType('AWS::EC2::VPC')) {
      const cidrs = model.vpcCidrs(vpc);
      const seen: { subnet: ModelResource; cidr: NonNullable<ReturnType<typeof literalCidr>> }[] = [];
      for (const subnet of model.subnetsOf(vpc)) {
        sizeCheck(subnet, 'CidrBlock');
        const c = literalCidr(subnet.properties.CidrBlock);
        if (!c) {
          if (subnet.properties.CidrBlock !== undefined) {
            report.notChecked([subnet], 'the subnet CIDR block is not known at synth');
          }
          continue;
        }
        if (!containedIn(c, cidrs.ipv4)) {
          if (cidrs.incomplete) {
            report.notChecked([subnet], 'a CIDR block of the VPC is not known at synth');
          } else {
            report.finding(
              [subnet, vpc],
              `Subnet ${NetworkModel.describe(subnet)} block ${c.canonical} lies outside every block of VPC ${vpc.logicalId}.`,
            );
          }
        }
        const other = seen.find((s) => parsedOverlap(s.cidr, c));
        if (other) {
          report.finding(
            [subnet, other.subnet],
            `Subnet ${NetworkModel.describe(subnet)} block ${c.canonical} overlaps subnet ${other.subnet.logicalId} (${other.cidr.canonical}).`,
          );
        }
        seen.push({ subnet, cidr: c });
      }
    }
  },
};
