import { parsedContains } from '../../../cidr/ip';
import { NetworkModel } from '../../model/core';
import { routeDestination, vpcOfRoute, VPC_DOCS } from '../helpers';
import { Rule } from '../rule';

/** Targets AWS accepts for a route more specific than the local route (middlebox routing). */
const MIDDLEBOX_TARGETS = ['NatGatewayId', 'NetworkInterfaceId', 'VpcEndpointId', 'InstanceId'];

/** NG-RT-003: a route equal to or more specific than the VPC's local route, to a target AWS rejects. */
export const NG_RT_003: Rule = {
  id: 'NG-RT-003',
  level: 'error',
  title: "Route equal to or inside the VPC's local CIDR",
  why: 'A route equal to a VPC CIDR block collides with the local route; a more specific one is accepted only to a network interface, NAT gateway or Gateway Load Balancer endpoint.',
  fix: 'Remove the route, or point the more specific route at a middlebox (network interface, NAT gateway or GWLB endpoint).',
  source: `${VPC_DOCS}/route-tables-priority.html`,
  check(model, report) {
    for (const route of model.ofType('AWS::EC2::Route')) {
      const { table, vpc } = vpcOfRoute(model, route);
      const dest = routeDestination(route);
      if (!table || !vpc) {
        report.notChecked(
          [route],
          `the ${table ? 'VPC of the route table' : 'route table'} of route ${route.logicalId} (${JSON.stringify(table ? table.properties.VpcId : route.properties.RouteTableId)}) is not defined in this app`,
        );
        continue;
      }
      if (!dest.cidr) {
        // A route to a prefix list is not judged here: AWS prefers the local route for the VPC's own blocks, so an
        // entry that overlaps them is not refused (and the transit hub's segment lists hold the spoke's own block).
        if (!dest.prefixList && dest.text !== 'no destination') {
          report.notChecked(
            [route, table],
            `the destination of route ${route.logicalId} (${dest.text}) is not known at synth`,
          );
        }
        continue;
      }
      const cidrs = model.vpcCidrs(vpc);
      const local = [...cidrs.ipv4, ...cidrs.ipv6].find((b) => parsedContains(b, dest.cidr!));
      if (!local) {
        if (cidrs.incomplete) {
          report.notChecked([route, vpc], `a CIDR block of VPC ${vpc.logicalId} is not known at synth`);
        }
        continue;
      }
      const equal = local.canonical === dest.cidr.canonical;
      const middlebox = MIDDLEBOX_TARGETS.some((t) => route.properties[t] !== undefined);
      if (equal || !middlebox) {
        report.finding(
          [route, table],
          `Route ${NetworkModel.describe(route)} to ${dest.cidr.canonical} ${equal ? 'equals' : 'lies inside'} the local block ${local.canonical} of VPC ${vpc.logicalId}.`,
        );
      }
    }
  },
};
