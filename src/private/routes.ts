import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { VpcCidrBlock } from '../cidr';
import { SelectedRouteTable } from './route-tables';

/** Where the routes go: every property of `AWS::EC2::Route` but the route table and the destination. */
export type RouteTarget = Omit<ec2.CfnRouteProps, 'routeTableId' | 'destinationCidrBlock' | 'destinationIpv6CidrBlock'>;

/**
 * One `AWS::EC2::Route` per route table and destination block, under `scope`. Construct ids come from the route
 * table's key and the destination, so adding or removing a subnet or a block never renames another route
 * (a renamed route would be created before the old one is deleted, and AWS refuses the duplicate destination).
 * A route to a secondary block is ordered after the block's association when both are in one stack.
 */
export function addRoutes(
  scope: Construct,
  routeTables: SelectedRouteTable[],
  destinations: VpcCidrBlock[],
  target: RouteTarget,
): ec2.CfnRoute[] {
  const routes: ec2.CfnRoute[] = [];
  for (const [index, block] of destinations.entries()) {
    const destinationKey = block.literal ? block.literal.replace('/', '-') : `${block.family}-block-${index}`;
    for (const table of routeTables) {
      const route = new ec2.CfnRoute(scope, `${table.key}-${destinationKey}`, {
        ...target,
        routeTableId: table.routeTableId,
        ...(block.family === 'ipv4'
          ? { destinationCidrBlock: block.value }
          : { destinationIpv6CidrBlock: block.value }),
      });
      if (block.association && Stack.of(block.association) === Stack.of(route)) {
        route.addDependency(block.association);
      }
      routes.push(route);
    }
  }
  return routes;
}
