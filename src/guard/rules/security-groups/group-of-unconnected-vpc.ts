import { ModelResource, NetworkModel } from '../../model/core';
import { peerings, sgRules, TGW_DOCS, VPC_DOCS } from '../helpers';
import { Rule } from '../rule';

/**
 * Whether security-group references work between two VPCs: same-Region peering, or a transit gateway with
 * security-group referencing on that both are attached to. Built once, linear in the attachments.
 */
function referencing(model: NetworkModel): (a: ModelResource, b: ModelResource) => boolean {
  const peered = new Set<string>();
  for (const p of peerings(model)) {
    if (p.vpc && p.peerVpc && p.crossRegion === false) {
      peered.add(`${p.vpc.key}>${p.peerVpc.key}`);
      peered.add(`${p.peerVpc.key}>${p.vpc.key}`);
    }
  }
  const tgwsOf = new Map<ModelResource, Set<string>>();
  for (const tgw of model.ofType('AWS::EC2::TransitGateway')) {
    if (tgw.properties.SecurityGroupReferencingSupport !== 'enable') {
      continue;
    }
    for (const att of model.referrers('AWS::EC2::TransitGatewayVpcAttachment', 'TransitGatewayId', tgw)) {
      const vpc = model.vpcOf(att);
      if (vpc && att.properties.Options?.SecurityGroupReferencingSupport !== 'disable') {
        tgwsOf.set(vpc, (tgwsOf.get(vpc) ?? new Set()).add(tgw.key));
      }
    }
  }
  return (a, b) => peered.has(`${a.key}>${b.key}`) || [...(tgwsOf.get(a) ?? [])].some((t) => tgwsOf.get(b)?.has(t));
}

/**
 * NG-SG-004: a security-group rule referencing a group of another VPC in the same Region that is neither peered nor
 * reachable through a transit gateway with security-group referencing on.
 *
 * Split from NG-SG-003 (invalid ports or ICMP settings): this warning is acknowledged where the connection is made
 * outside the app, and that must not silence the port errors of the same groups (or the other way round).
 */
export const NG_SG_004: Rule = {
  id: 'NG-SG-004',
  level: 'warning',
  title: 'Security-group rule referencing a group of an unconnected VPC',
  why: 'A security group of another VPC can be referenced only across same-Region peering or a transit gateway with security-group referencing on.',
  fix: 'Reference a group of a connected VPC (peer the VPCs, or attach both to a transit gateway with security-group referencing on), or allow its CIDR blocks.',
  source: `${VPC_DOCS}/security-group-rules.html; ${TGW_DOCS}/tgw-vpc-attachments.html`,
  check(model, report) {
    let connected: ((a: ModelResource, b: ModelResource) => boolean) | undefined;
    for (const { holder, group, rule } of sgRules(model)) {
      const other = rule.SourceSecurityGroupId ?? rule.DestinationSecurityGroupId;
      if (other === undefined) continue;
      const otherGroup = model.ref(other, holder);
      const vpc = group && model.vpcOf(group);
      const otherVpc = otherGroup && model.vpcOf(otherGroup);
      if (!otherGroup && vpc) {
        report.notChecked(
          [holder],
          `the security group ${JSON.stringify(other)} referenced by a rule of ${holder.logicalId} is not defined in this app; its VPC is not known at synth`,
        );
      }
      if (vpc && otherVpc && vpc !== otherVpc && vpc.stack.region === otherVpc.stack.region) {
        connected ??= referencing(model);
        if (!connected(vpc, otherVpc)) {
          report.finding(
            [holder, otherGroup!],
            `Security-group rule of ${NetworkModel.describe(holder)} references ${otherGroup!.logicalId} of VPC ${otherVpc.logicalId}, which is neither peered with ${vpc.logicalId} nor reachable through a transit gateway with security-group referencing on.`,
          );
        }
      }
    }
  },
};
