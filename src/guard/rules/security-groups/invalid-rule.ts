import { NetworkModel } from '../../model/core';
import { literalNumber } from '../../model/values';
import { sgPorts, sgProtocol, sgRules, VPC_DOCS } from '../helpers';
import { Rule } from '../rule';

/**
 * NG-SG-003: a security-group rule with invalid ports or ICMP settings.
 *
 * Split from the warning about a group of an unconnected VPC (now NG-SG-004): that warning is acknowledged when the
 * connection is made outside the app, which silenced these errors on the same groups; the two are unrelated.
 */
export const NG_SG_003: Rule = {
  id: 'NG-SG-003',
  level: 'error',
  structural: true,
  title: 'Invalid ports or ICMP settings',
  why: 'Ports must be 0-65535 with FromPort <= ToPort, ICMP type and code -1 to 255 (code -1 when type is -1); EC2 refuses other values.',
  fix: 'Correct the port range or ICMP type/code.',
  source: `${VPC_DOCS}/security-group-rules.html`,
  check(model, report) {
    for (const { holder, rule } of sgRules(model)) {
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
        }
      } else if (protocol === 'icmp' || protocol === 'icmpv6') {
        const bad = [from, to].some((p) => p !== undefined && (p < -1 || p > 255));
        if (bad || (from === -1 && to !== undefined && to !== -1)) {
          report.finding(
            [holder],
            `${describe} has ICMP type ${from} and code ${to}: both are -1 to 255, and code is -1 when type is -1.`,
          );
        }
      }
    }
  },
};
