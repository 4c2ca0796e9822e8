import { App } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { schemaErrors, templateOf, testStack } from '.';

describe('the schema-checking helper', () => {
  const base = (props: any, type = 'AWS::EC2::Route') => ({ Resources: { R: { Type: type, Properties: props } } });

  test('accepts a valid resource, with intrinsics where values go', () => {
    expect(
      schemaErrors(
        base({ RouteTableId: { Ref: 'T' }, DestinationCidrBlock: '10.0.0.0/16', VpcPeeringConnectionId: 'pcx-1' }),
      ),
    ).toEqual([]);
  });

  test('reports an unknown property', () => {
    expect(schemaErrors(base({ RouteTableId: 'rtb-1', DestinationCidr: '10.0.0.0/16' }))).toEqual([
      "R (AWS::EC2::Route).Properties: unknown property 'DestinationCidr'",
    ]);
  });

  test('reports a missing required property', () => {
    expect(schemaErrors(base({ DestinationCidrBlock: '10.0.0.0/16' }))).toEqual([
      "R (AWS::EC2::Route).Properties: missing required property 'RouteTableId'",
    ]);
  });

  test('reports a wrong primitive type, nested ones included', () => {
    expect(schemaErrors(base({ CidrBlock: '10.0.0.0/16', EnableDnsSupport: 'yes' }, 'AWS::EC2::VPC'))).toEqual([
      'R (AWS::EC2::VPC).Properties.EnableDnsSupport: expected a boolean, got "yes"',
    ]);
    const sg = base(
      { GroupDescription: 'x', SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: '443' }] },
      'AWS::EC2::SecurityGroup',
    );
    expect(schemaErrors(sg)).toEqual([
      'R (AWS::EC2::SecurityGroup).Properties.SecurityGroupIngress[0].FromPort: expected an integer, got "443"',
    ]);
  });

  test('reports an unknown type and a DependsOn that names nothing', () => {
    expect(schemaErrors({ Resources: { X: { Type: 'AWS::EC2::Nope', Properties: {} } } })).toEqual([
      'X (AWS::EC2::Nope): unknown resource type',
    ]);
    expect(schemaErrors({ Resources: { X: { Type: 'AWS::EC2::InternetGateway', DependsOn: ['Missing'] } } })).toEqual([
      "X (AWS::EC2::InternetGateway): DependsOn names 'Missing', which is not a resource of this template",
    ]);
  });

  test('templateOf fails a stack that breaks a schema', () => {
    const stack = testStack(new App());
    const route = new ec2.CfnRoute(stack, 'Route', { routeTableId: 'rtb-1', destinationCidrBlock: '10.0.0.0/16' });
    route.addPropertyOverride('Bogus', true);
    expect(() => templateOf(stack)).toThrow(
      /breaks the CloudFormation resource schemas:\n {2}Route .*unknown property 'Bogus'/,
    );
  });
});

test('templateOf refuses characters EC2 does not take in security-group descriptions (cfn-lint E3031)', () => {
  const stack = testStack(new App());
  const vpc = new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
  new ec2.CfnSecurityGroup(stack, 'Sg', {
    vpcId: vpc.ref,
    groupDescription: "each service's port",
    securityGroupIngress: [
      { ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '10.0.0.0/8', description: 'ok: HTTPS (443)' },
    ],
  });
  expect(() => templateOf(stack)).toThrow(
    /Sg.GroupDescription: 'each service's port' has characters EC2 refuses in a security-group description/,
  );
});
