import { NetworkModel } from '../../model/core';
import { PEERING_DOCS, sgRules } from '../helpers';
import { Rule } from '../rule';

/** NG-PEER-006: a security-group rule that references a security group of another Region. */
export const NG_PEER_006: Rule = {
  id: 'NG-PEER-006',
  level: 'error',
  title: 'Security-group rule referencing a peer security group across Regions',
  why: 'Security groups can be referenced across a peering connection only within one Region.',
  fix: "Allow the peer VPC's CIDR blocks instead of its security group.",
  source: `${PEERING_DOCS}/vpc-peering-security-groups.html`,
  check(model, report) {
    for (const { holder, group, rule } of sgRules(model)) {
      for (const prop of ['SourceSecurityGroupId', 'DestinationSecurityGroupId']) {
        const other = rule[prop] === undefined ? undefined : model.ref(rule[prop], holder);
        if (!other && rule[prop] !== undefined) {
          report.notChecked(
            [holder],
            `the security group ${JSON.stringify(rule[prop])} referenced by a rule of ${holder.logicalId} is not defined in this app; its Region is not known at synth`,
          );
        }
        if (!other || other.type !== 'AWS::EC2::SecurityGroup') {
          continue;
        }
        const here = group ?? holder;
        if (here.stack.region === undefined || other.stack.region === undefined) {
          if (here.stack.region !== other.stack.region) {
            report.notChecked([holder], 'the Region of a stack is not known at synth');
          }
          continue;
        }
        if (here.stack.region !== other.stack.region) {
          report.finding(
            [holder, other],
            `Security-group rule of ${NetworkModel.describe(holder)} (${here.stack.region}) references ${NetworkModel.describe(other)} in ${other.stack.region}.`,
          );
        }
      }
    }
  },
};
