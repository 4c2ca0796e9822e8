import { ModelResource, NetworkModel } from '../../model/core';
import { PRIVATELINK_DOCS, sgRules } from '../helpers';
import { isInterfaceEndpoint } from './services';
import { literal } from '../../model/values';
import { Rule } from '../rule';

/** NG-PL-006: interface endpoint security group open to 0.0.0.0/0 (one finding per group, naming its endpoints). */
export const NG_PL_006: Rule = {
  id: 'NG-PL-006',
  level: 'warning',
  title: 'Interface endpoint security group open to 0.0.0.0/0',
  why: 'An endpoint security group open to anywhere lets every network that reaches the VPC use the endpoint.',
  fix: "Allow only the security groups or CIDR blocks of the endpoint's consumers.",
  source: `${PRIVATELINK_DOCS}/create-interface-endpoint.html`,
  check(model, report) {
    const open = new Set(
      sgRules(model)
        .filter(
          (r) =>
            r.direction === 'ingress' &&
            r.group &&
            (literal(r.rule.CidrIp) === '0.0.0.0/0' || literal(r.rule.CidrIpv6) === '::/0'),
        )
        .map((r) => r.group!),
    );
    const endpointsOf = new Map<ModelResource, ModelResource[]>();
    for (const ep of model.ofType('AWS::EC2::VPCEndpoint').filter(isInterfaceEndpoint)) {
      for (const raw of Array.isArray(ep.properties.SecurityGroupIds) ? ep.properties.SecurityGroupIds : []) {
        const group = model.ref(raw, ep);
        if (group && open.has(group)) {
          endpointsOf.set(group, [...(endpointsOf.get(group) ?? []), ep]);
        } else if (!group && literal(raw) === undefined) {
          report.notChecked(
            [ep],
            `a security group of the endpoint (${JSON.stringify(raw)}) is not defined in this app`,
          );
        }
      }
    }
    for (const [group, endpoints] of endpointsOf) {
      report.finding(
        [group, ...endpoints],
        `Security group ${NetworkModel.describe(group)} allows ingress from anywhere and is used by interface endpoint${endpoints.length > 1 ? 's' : ''} ${endpoints.map((e) => e.logicalId).join(', ')}.`,
      );
    }
  },
};
