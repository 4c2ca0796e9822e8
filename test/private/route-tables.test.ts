/**
 * `selectRouteTables` (src/private/route-tables.ts): the distinct route tables of a selection, with keys that stay
 * stable across deployments, and the errors for selections that cannot be routed.
 */
import { App, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { selectRouteTables } from '../../src/private/route-tables';
import { templateOf, testStack, testVpc } from '../support';

function setup() {
  const app = new App();
  const stack = testStack(app);
  return { stack, scope: new Construct(stack, 'Peering') };
}

/** The logical ids of the route tables a template holds. */
function routeTableIds(stack: Stack): string[] {
  return Object.keys(templateOf(stack).findResources('AWS::EC2::RouteTable')).sort();
}

describe('selectRouteTables on a VPC of this app', () => {
  test('no selection: every subnet (public, private, isolated), one entry per route table, keyed by its path in the VPC', () => {
    const { stack, scope } = setup();
    const vpc = testVpc(stack, 'Vpc', '10.0.0.0/16', 2, {
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'App', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
        { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      natGateways: 1,
    });
    const tables = selectRouteTables(scope, vpc, undefined, 'routeTables');
    expect(tables.map((t) => t.key)).toEqual([
      'PublicSubnet1RouteTable',
      'PublicSubnet2RouteTable',
      'AppSubnet1RouteTable',
      'AppSubnet2RouteTable',
      'DataSubnet1RouteTable',
      'DataSubnet2RouteTable',
    ]);
    // Each entry is the route table of the template that its one subnet uses.
    expect(tables.map((t) => stack.resolve(t.routeTableId).Ref).sort()).toEqual(routeTableIds(stack));
    for (const t of tables) expect(t.subnets).toHaveLength(1);
    expect(tables[2].subnets[0]).toBe(vpc.privateSubnets[0]);
  });

  test('a selection picks only its subnets; a subnet picked twice is listed once', () => {
    const { stack, scope } = setup();
    const vpc = testVpc(stack, 'Vpc', '10.0.0.0/16', 2);
    const isolated = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
    const tables = selectRouteTables(scope, vpc, [isolated, isolated], 'accepterSubnets');
    expect(tables.map((t) => t.key)).toEqual(['PrivateSubnet1RouteTable', 'PrivateSubnet2RouteTable']);
    expect(tables.map((t) => t.subnets)).toEqual([[vpc.isolatedSubnets[0]], [vpc.isolatedSubnets[1]]]);
  });

  test('the keys do not depend on which other subnets exist: adding an AZ keeps the keys of the first', () => {
    const keys = (azs: number) => {
      const { stack, scope } = setup();
      return selectRouteTables(scope, testVpc(stack, 'Vpc', '10.0.0.0/16', azs), undefined, 'routeTables').map(
        (t) => t.key,
      );
    };
    expect(keys(3)).toEqual(expect.arrayContaining(keys(2)));
    expect(keys(3)).toHaveLength(6);
  });

  test('a selection of no subnet is refused, naming the prop, the VPC and the fix', () => {
    const { stack, scope } = setup();
    const vpc = testVpc(stack, 'Vpc', '10.0.0.0/16', 2);
    expect(() =>
      selectRouteTables(scope, vpc, [{ subnetGroupName: 'Public', availabilityZones: ['eu-west-1a'] }], 'subnets'),
    ).toThrow(
      /^Stack\/Peering: subnets selects no subnet of VPC Stack\/Vpc, so no route could be added\. Select subnets that exist, or import the VPC with its subnets and route tables/,
    );
    expect(() => selectRouteTables(scope, vpc, [], 'subnets')).toThrow(/subnets selects no subnet of VPC Stack\/Vpc/);
  });
});

describe('selectRouteTables on an imported VPC', () => {
  test('literal route table ids are the keys; subnets sharing one route table are one entry', () => {
    const { stack, scope } = setup();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-0a',
      availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      privateSubnetIds: ['subnet-0a', 'subnet-0b', 'subnet-0c'],
      privateSubnetRouteTableIds: ['rtb-0shared', 'rtb-0shared', 'rtb-0own'],
    });
    const tables = selectRouteTables(scope, vpc, undefined, 'routeTables');
    expect(tables.map((t) => [t.key, t.routeTableId, t.subnets.map((s) => s.subnetId)])).toEqual([
      ['rtb-0shared', 'rtb-0shared', ['subnet-0a', 'subnet-0b']],
      ['rtb-0own', 'rtb-0own', ['subnet-0c']],
    ]);
  });

  test('a route table id that is an imported value is keyed by the subnet that uses it', () => {
    const { stack, scope } = setup();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-0a',
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      isolatedSubnetIds: ['subnet-0a', 'subnet-0b'],
      isolatedSubnetRouteTableIds: [Fn.importValue('RtbA'), Fn.importValue('RtbB')],
    });
    const tables = selectRouteTables(scope, vpc, undefined, 'routeTables');
    expect(tables.map((t) => t.key)).toEqual(['IsolatedSubnet1RouteTable', 'IsolatedSubnet2RouteTable']);
    expect(tables.map((t) => stack.resolve(t.routeTableId))).toEqual([
      { 'Fn::ImportValue': 'RtbA' },
      { 'Fn::ImportValue': 'RtbB' },
    ]);
  });

  test('a subnet without a known route table is refused, naming the subnet and the fix', () => {
    const { stack, scope } = setup();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-0a',
      availabilityZones: ['us-east-1a'],
      privateSubnetIds: ['subnet-0a'],
    });
    expect(() => selectRouteTables(scope, vpc, undefined, 'requesterSubnets')).toThrow(
      'Stack/Peering: requesterSubnets: subnet Stack/Imported/PrivateSubnet1 of VPC Stack/Imported has no known route table. Import its route table ids too (ec2.Vpc.fromVpcAttributes ...SubnetRouteTableIds, or ec2.Subnet.fromSubnetAttributes routeTableId).',
    );
  });

  test('an imported VPC with no subnets is refused', () => {
    const { stack, scope } = setup();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', { vpcId: 'vpc-0a', availabilityZones: ['us-east-1a'] });
    expect(() => selectRouteTables(scope, vpc, undefined, 'routeTables')).toThrow(
      /Stack\/Peering: routeTables selects no subnet of VPC Stack\/Imported.*ec2\.Vpc\.fromVpcAttributes with privateSubnetIds and privateSubnetRouteTableIds/,
    );
  });

  test('a selection of subnets given by id (ec2.Subnet.fromSubnetAttributes with routeTableId)', () => {
    const { stack, scope } = setup();
    const vpc = testVpc(stack, 'Vpc', '10.0.0.0/16', 1);
    const extra = ec2.Subnet.fromSubnetAttributes(stack, 'Extra', {
      subnetId: 'subnet-0e',
      routeTableId: 'rtb-0e',
      availabilityZone: 'us-east-1a',
    });
    const tables = selectRouteTables(scope, vpc, [{ subnets: [extra] }], 'routeTables');
    expect(tables).toEqual([{ routeTableId: 'rtb-0e', key: 'rtb-0e', subnets: [extra] }]);
  });
});
