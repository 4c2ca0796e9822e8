import { ModelResource } from '../../model/core';
import { VPC_DOCS } from '../helpers';
import { Rule } from '../rule';

/**
 * NG-NACL-002: a subnet associated with two network ACLs.
 *
 * Split from NG-NACL-001 (an invalid network ACL entry), so that acknowledging one does not silence the other.
 */
export const NG_NACL_002: Rule = {
  id: 'NG-NACL-002',
  level: 'error',
  structural: true,
  title: 'Subnet associated with two network ACLs',
  why: 'A subnet is associated with one network ACL at a time: a second association replaces the first, so which ACL filters the subnet depends on the order the associations are made.',
  fix: 'Associate each subnet with one network ACL.',
  source: `${VPC_DOCS}/vpc-network-acls.html`,
  check(model, report) {
    const bySubnet = new Map<string, ModelResource>();
    for (const assoc of model.ofType('AWS::EC2::SubnetNetworkAclAssociation')) {
      const subnet = model.identity(assoc.properties.SubnetId, assoc);
      if (subnet && bySubnet.has(subnet)) {
        report.finding(
          [assoc, bySubnet.get(subnet)!],
          `Subnet ${subnet.replace(/^.*[|:]/, '')} is associated with two network ACLs (${bySubnet.get(subnet)!.logicalId} and ${assoc.logicalId}).`,
        );
      } else if (subnet) {
        bySubnet.set(subnet, assoc);
      }
    }
  },
};
