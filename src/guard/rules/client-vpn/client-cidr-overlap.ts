import { clientVpns } from './endpoints';
import { parsedOverlap } from '../../../cidr/ip';
import { ModelResource, NetworkModel } from '../../model/core';
import { literalCidr } from '../../model/values';
import { CVPN_DOCS } from '../helpers';
import { Rule } from '../rule';

/** NG-CVPN-002: client CIDR overlaps the VPC or a route destination of the endpoint. */
export const NG_CVPN_002: Rule = {
  id: 'NG-CVPN-002',
  level: 'error',
  title: 'Client CIDR overlaps the VPC or a route destination',
  why: 'The client CIDR range cannot overlap the local CIDR of the associated VPC or any route destination of the endpoint.',
  fix: 'Choose a client CIDR block disjoint from every block of the VPC and every route destination.',
  source: `${CVPN_DOCS}/what-is-best-practices.html`,
  check(model, report) {
    for (const { endpoint, associations, routes } of clientVpns(model)) {
      const client = literalCidr(endpoint.properties.ClientCidrBlock);
      if (!client) {
        report.notChecked([endpoint], `the client CIDR block of ${endpoint.logicalId} is not known at synth`);
        continue;
      }
      const vpcs = new Set<ModelResource>();
      const own = model.vpcOf(endpoint);
      if (own) {
        vpcs.add(own);
      }
      for (const a of associations) {
        const subnet = model.target(a, 'SubnetId', 'AWS::EC2::Subnet');
        const vpc = subnet && model.vpcOf(subnet);
        if (vpc) {
          vpcs.add(vpc);
        } else {
          report.notChecked(
            [a, endpoint],
            `the ${subnet ? 'VPC of the subnet' : 'subnet'} of ${a.logicalId} is not defined in this app; its CIDR blocks are not known at synth`,
          );
        }
      }
      for (const vpc of vpcs) {
        const cidrs = model.vpcCidrs(vpc);
        const hit = cidrs.ipv4.find((c) => parsedOverlap(c, client));
        if (hit) {
          report.finding(
            [endpoint, vpc],
            `Client CIDR ${client.canonical} of ${NetworkModel.describe(endpoint)} overlaps block ${hit.canonical} of VPC ${vpc.logicalId}.`,
          );
        } else if (cidrs.incomplete) {
          report.notChecked([endpoint], `a CIDR block of VPC ${vpc.logicalId} is not known at synth`);
        }
      }
      for (const route of routes) {
        const dest = literalCidr(route.properties.DestinationCidrBlock);
        if (!dest) {
          report.notChecked(
            [endpoint, route],
            `the destination of route ${route.logicalId} (${JSON.stringify(route.properties.DestinationCidrBlock)}) is not known at synth`,
          );
        }
        if (dest && dest.prefixLength > 0 && parsedOverlap(dest, client)) {
          report.finding(
            [endpoint, route],
            `Client CIDR ${client.canonical} of ${NetworkModel.describe(endpoint)} overlaps the destination ${dest.canonical} of route ${route.logicalId}.`,
          );
        }
      }
    }
  },
};
