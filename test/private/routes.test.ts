/**
 * `addRoutes` (src/private/routes.ts): one route per route table and destination, ids that survive adding or
 * removing a subnet or a block, and the order after a secondary block's association.
 */
import { App, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { VpcCidrBlock, vpcAddressSpace } from '../../src/cidr';
import { selectRouteTables } from '../../src/private/route-tables';
import { addRoutes } from '../../src/private/routes';
import { templateOf, testStack, testVpc } from '../support';

const block = (literal: string, family: 'ipv4' | 'ipv6' = 'ipv4'): VpcCidrBlock => ({
  value: literal,
  literal,
  family,
  source: 'test',
});

function setup(azs = 2) {
  const app = new App();
  const stack = testStack(app);
  const vpc = testVpc(stack, 'Vpc', '10.0.0.0/16', azs);
  const scope = new Construct(stack, 'Routes');
  return { app, stack, vpc, scope, tables: selectRouteTables(scope, vpc, undefined, 'routeTables') };
}

/** The routes of a template that go through the peering connection `pcx-0a`, by logical id. */
function peeringRoutes(stack: Stack): Record<string, any> {
  return templateOf(stack).findResources('AWS::EC2::Route', { Properties: { VpcPeeringConnectionId: 'pcx-0a' } });
}

describe('addRoutes', () => {
  test('one route per route table and block, with the target, the table and the destination of its family', () => {
    const { stack, scope, tables } = setup();
    const routes = addRoutes(scope, tables, [block('10.1.0.0/16'), block('2001:db8::/56', 'ipv6')], {
      vpcPeeringConnectionId: 'pcx-0a',
    });
    expect(routes).toHaveLength(8);
    const found = peeringRoutes(stack);
    expect(Object.keys(found).sort()).toEqual(routes.map((r) => stack.getLogicalId(r)).sort());
    for (const table of tables) {
      const tableRef = stack.resolve(table.routeTableId);
      const ofTable = Object.values<any>(found).filter(
        (r) => JSON.stringify(r.Properties.RouteTableId) === JSON.stringify(tableRef),
      );
      expect(ofTable.map((r) => r.Properties)).toEqual([
        { RouteTableId: tableRef, VpcPeeringConnectionId: 'pcx-0a', DestinationCidrBlock: '10.1.0.0/16' },
        { RouteTableId: tableRef, VpcPeeringConnectionId: 'pcx-0a', DestinationIpv6CidrBlock: '2001:db8::/56' },
      ]);
    }
    // Literal blocks with no association: nothing to order after.
    for (const r of Object.values<any>(found)) expect(r.DependsOn).toBeUndefined();
  });

  test('ids come from the route table key and the literal destination', () => {
    const { scope, tables } = setup(1);
    const routes = addRoutes(scope, tables, [block('10.1.0.0/16'), block('2001:db8::/56', 'ipv6')], {
      vpcPeeringConnectionId: 'pcx-0a',
    });
    expect(routes.map((r) => r.node.id)).toEqual([
      'PublicSubnet1RouteTable-10.1.0.0-16',
      'PrivateSubnet1RouteTable-10.1.0.0-16',
      'PublicSubnet1RouteTable-2001:db8::-56',
      'PrivateSubnet1RouteTable-2001:db8::-56',
    ]);
    for (const r of routes) expect(r.node.scope).toBe(scope);
  });

  test('a block that is a token is named by its family and position', () => {
    const { stack, scope, tables } = setup(1);
    const token: VpcCidrBlock = { value: Fn.importValue('PeerCidr'), family: 'ipv4', source: 'import' };
    const routes = addRoutes(scope, tables, [block('10.1.0.0/16'), token], { vpcPeeringConnectionId: 'pcx-0a' });
    expect(routes.map((r) => r.node.id).slice(2)).toEqual([
      'PublicSubnet1RouteTable-ipv4-block-1',
      'PrivateSubnet1RouteTable-ipv4-block-1',
    ]);
    templateOf(stack).resourcePropertiesCountIs(
      'AWS::EC2::Route',
      { DestinationCidrBlock: { 'Fn::ImportValue': 'PeerCidr' }, VpcPeeringConnectionId: 'pcx-0a' },
      2,
    );
  });

  test('adding a subnet or a block, or removing one, keeps the logical ids of the other routes', () => {
    const ids = (azs: number, blocks: string[]) => {
      const { stack, scope, tables } = setup(azs);
      addRoutes(
        scope,
        tables,
        blocks.map((b) => block(b)),
        { vpcPeeringConnectionId: 'pcx-0a' },
      );
      return Object.keys(peeringRoutes(stack));
    };
    const v1 = ids(2, ['10.1.0.0/16', '10.2.0.0/16']);
    const v2 = ids(3, ['10.3.0.0/16', '10.1.0.0/16', '10.2.0.0/16']);
    expect(v1).toHaveLength(8);
    expect(v2).toHaveLength(18);
    expect(v2).toEqual(expect.arrayContaining(v1));
    const v3 = ids(2, ['10.2.0.0/16']);
    expect(v1).toEqual(expect.arrayContaining(v3));
  });

  test('a route to a secondary block of the same stack depends on its association; the primary block does not', () => {
    const { stack, scope, tables } = setup(1);
    const other = testVpc(stack, 'Other', '10.1.0.0/16', 1);
    const secondary = new ec2.CfnVPCCidrBlock(stack, 'Secondary', { vpcId: other.vpcId, cidrBlock: '10.2.0.0/16' });
    const blocks = vpcAddressSpace(other).blocks;
    expect(blocks.map((b) => b.literal)).toEqual(['10.1.0.0/16', '10.2.0.0/16']);
    addRoutes(scope, tables, blocks, { vpcPeeringConnectionId: 'pcx-0a' });
    const found = Object.values<any>(peeringRoutes(stack));
    expect(found).toHaveLength(4);
    for (const r of found) {
      if (r.Properties.DestinationCidrBlock === '10.2.0.0/16') {
        expect(r.DependsOn).toEqual([stack.getLogicalId(secondary)]);
      } else {
        expect(r.Properties.DestinationCidrBlock).toBe('10.1.0.0/16');
        expect(r.DependsOn).toBeUndefined();
      }
    }
  });

  test('a secondary block associated in another stack: no DependsOn across stacks', () => {
    const app = new App();
    const a = testStack(app, 'A');
    const b = testStack(app, 'B');
    const vpc = testVpc(a, 'Vpc', '10.0.0.0/16', 1);
    const other = testVpc(b, 'Other', '10.1.0.0/16', 1);
    new ec2.CfnVPCCidrBlock(b, 'Secondary', { vpcId: other.vpcId, cidrBlock: '10.2.0.0/16' });
    const scope = new Construct(a, 'Routes');
    addRoutes(scope, selectRouteTables(scope, vpc, undefined, 'routeTables'), vpcAddressSpace(other).blocks, {
      vpcPeeringConnectionId: 'pcx-0a',
    });
    const found = Object.values<any>(peeringRoutes(a));
    expect(found.map((r) => r.Properties.DestinationCidrBlock).sort()).toEqual([
      '10.1.0.0/16',
      '10.1.0.0/16',
      '10.2.0.0/16',
      '10.2.0.0/16',
    ]);
    for (const r of found) expect(r.DependsOn).toBeUndefined();
    expect(a.dependencies).toEqual([]);
  });

  test('no table or no destination: no route', () => {
    const { stack, scope, tables } = setup(1);
    expect(addRoutes(scope, [], [block('10.1.0.0/16')], { vpcPeeringConnectionId: 'pcx-0a' })).toEqual([]);
    expect(addRoutes(scope, tables, [], { vpcPeeringConnectionId: 'pcx-0a' })).toEqual([]);
    expect(Object.keys(peeringRoutes(stack))).toEqual([]);
  });

  test('the same table and destination twice is refused by construct ids (a duplicate route)', () => {
    const { scope, tables } = setup(1);
    addRoutes(scope, tables, [block('10.1.0.0/16')], { vpcPeeringConnectionId: 'pcx-0a' });
    expect(() => addRoutes(scope, tables, [block('10.1.0.0/16')], { transitGatewayId: 'tgw-0a' })).toThrow(
      /There is already a Construct with name 'PublicSubnet1RouteTable-10\.1\.0\.0-16'/,
    );
  });
});
