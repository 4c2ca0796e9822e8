import { ModelResource, NetworkModel } from '../../model/core';
import { literalNumber } from '../../model/values';
import { peerings, sgPorts, sgProtocol, sgRules, TGW_DOCS, VPC_DOCS } from '../helpers';
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

/** NG-SG-003: invalid ports or ICMP settings; W: a reference to a security group of an unconnected VPC. */
export const NG_SG_003: Rule = {
  id: 'NG-SG-003',
  level: 'error',
  alsoWarns: true,
  structural: true,
  title: 'Invalid ports or ICMP settings; security group of an unconnected VPC',
  why: 'Ports must be 0-65535 with FromPort <= ToPort, ICMP type and code -1 to 255; a security group of another VPC can be referenced only across same-Region peering or a transit gateway with security-group referencing on.',
  fix: 'Correct the port range or ICMP type/code; reference a group of a connected VPC, or allow its CIDR blocks.',
  source: `${VPC_DOCS}/security-group-rules.html; ${TGW_DOCS}/tgw-vpc-attachments.html`,
  check(model, report) {
    let connected: ((a: ModelResource, b: ModelResource) => boolean) | undefined;
    for (const { holder, group, rule } of sgRules(model)) {
      const protocol = sgProtocol(rule);
      const { from, to } = sgPorts(rule);
      const describe = `Security-group rule of ${NetworkModel.describe(holder)}`;
      const portsUnknown = ['FromPort', 'ToPort'].filter(
        (k) => rule[k] !== undefined && literalNumber(rule[k]) === undefined,
      );
      if (protocol === undefined || portsUnknown.length > 0) {
        report.notChecked(
          [holder],
          `the ${protocol === undefined ? 'IpProtocol' : portsUnknown.join(' and ')} of a rule of ${holder.logicalId} is not known at synth`,
        );
      }
      if (protocol === 'tcp' || protocol === 'udp') {
        const bad = [from, to].some((p) => p !== undefined && (p < 0 || p > 65535));
        if (bad || (from !== undefined && to !== undefined && from > to)) {
          report.finding(
            [holder],
            `${describe} has ports ${from}-${to} on ${protocol}: ports are 0-65535 and FromPort <= ToPort.`,
          );
          continue;
        }
      } else if (protocol === 'icmp' || protocol === 'icmpv6') {
        const bad = [from, to].some((p) => p !== undefined && (p < -1 || p > 255));
        if (bad || (from === -1 && to !== undefined && to !== -1)) {
          report.finding(
            [holder],
            `${describe} has ICMP type ${from} and code ${to}: both are -1 to 255, and code is -1 when type is -1.`,
          );
          continue;
        }
      }
      const other = rule.SourceSecurityGroupId ?? rule.DestinationSecurityGroupId;
      const otherGroup = other === undefined ? undefined : model.ref(other, holder);
      const vpc = group && model.vpcOf(group);
      const otherVpc = otherGroup && model.vpcOf(otherGroup);
      if (other !== undefined && !otherGroup && vpc) {
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
            `${describe} references ${otherGroup!.logicalId} of VPC ${otherVpc.logicalId}, which is neither peered with ${vpc.logicalId} nor reachable through a transit gateway with security-group referencing on.`,
            'warning',
          );
        }
      }
    }
  },
};
