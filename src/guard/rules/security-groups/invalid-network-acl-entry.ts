import { ModelResource, NetworkModel } from '../../model/core';
import { literal, literalBool, literalNumber } from '../../model/values';
import { VPC_DOCS } from '../helpers';
import { Rule } from '../rule';

/**
 * NG-NACL-001: an invalid network ACL entry.
 *
 * Split from a subnet associated with two network ACLs (now NG-NACL-002): an acknowledgement of either on a network
 * ACL (whose entries and associations are its children in an L2) silenced the other, and they are unrelated.
 */
export const NG_NACL_001: Rule = {
  id: 'NG-NACL-001',
  level: 'error',
  structural: true,
  title: 'Invalid network ACL entry',
  why: 'Entry numbers are 1-32766 and unique per direction, ports 0-65535 with From <= To, ICMP settings only for protocol 1 or 58.',
  fix: 'Renumber or correct the entry.',
  source: `${VPC_DOCS}/nacl-rules.html`,
  check(model, report) {
    const numbers = new Map<string, ModelResource>();
    for (const entry of model.ofType('AWS::EC2::NetworkAclEntry')) {
      const p = entry.properties;
      const problems: string[] = [];
      const n = literalNumber(p.RuleNumber);
      const acl0 = model.identity(p.NetworkAclId, entry);
      if (n === undefined || acl0 === undefined) {
        report.notChecked(
          [entry],
          `the ${n === undefined ? 'RuleNumber' : 'NetworkAclId'} of ${entry.logicalId} is not known at synth`,
        );
      }
      if (n !== undefined && (n < 1 || n > 32766)) {
        problems.push(`rule number ${n} outside 1-32766`);
      }
      const acl = acl0;
      const key = `${acl}|${literalBool(p.Egress) === true ? 'egress' : 'ingress'}|${n}`;
      if (acl && n !== undefined) {
        if (numbers.has(key)) {
          problems.push(`rule number ${n} is also used by ${numbers.get(key)!.logicalId} in the same direction`);
        } else {
          numbers.set(key, entry);
        }
      }
      const from = literalNumber(p.PortRange?.From);
      const to = literalNumber(p.PortRange?.To);
      if (
        [from, to].some((x) => x !== undefined && (x < 0 || x > 65535)) ||
        (from !== undefined && to !== undefined && from > to)
      ) {
        problems.push(`port range ${from}-${to}`);
      }
      const protocol = literal(p.Protocol);
      if (p.Icmp !== undefined && protocol !== undefined && protocol !== '1' && protocol !== '58') {
        problems.push(`ICMP settings on protocol ${protocol}`);
      }
      if (problems.length > 0) {
        report.finding([entry], `Network ACL entry ${NetworkModel.describe(entry)}: ${problems.join('; ')}.`);
      }
    }
  },
};
