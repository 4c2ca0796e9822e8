import { NetworkModel } from '../../model/core';
import { literal } from '../../model/values';
import { sgPorts, sgProtocol, sgRules, VPC_DOCS } from '../helpers';
import { Rule } from '../rule';

/** NG-SG-001: ingress from anywhere on a port other than 80/443. */
export const NG_SG_001: Rule = {
  id: 'NG-SG-001',
  level: 'warning',
  title: 'Ingress from anywhere on a port other than 80/443',
  why: 'Ingress from 0.0.0.0/0 or ::/0 exposes the port to the internet wherever the group is reachable from it.',
  fix: 'Scope the rule to the CIDR blocks or security groups that need it, or to ports 80/443 behind a load balancer.',
  source: `${VPC_DOCS}/security-group-rules.html`,
  check(model, report) {
    for (const { holder, direction, rule } of sgRules(model)) {
      if (direction !== 'ingress') {
        continue;
      }
      const raw = rule.CidrIp ?? rule.CidrIpv6;
      const cidr = literal(raw);
      if (raw !== undefined && cidr === undefined) {
        report.notChecked(
          [holder],
          `the source block of an ingress rule of ${holder.logicalId} (${JSON.stringify(raw)}) is not known at synth`,
        );
        continue;
      }
      if (cidr !== '0.0.0.0/0' && cidr !== '::/0') {
        continue;
      }
      const protocol = sgProtocol(rule);
      if (protocol === 'icmp' || protocol === 'icmpv6') {
        continue;
      }
      const { from, to } = sgPorts(rule);
      const web = from !== undefined && from === to && (from === 80 || from === 443) && protocol !== '-1';
      if (!web) {
        const ports = protocol === '-1' ? 'all ports' : `ports ${from}-${to}`;
        report.finding(
          [holder],
          `Security-group rule of ${NetworkModel.describe(holder)} allows ${cidr} on ${protocol} ${ports}.`,
        );
      }
    }
  },
};
