import { App } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { PeeringAccepterRole } from '../../src';
import { ACCOUNT, OTHER_ACCOUNT, flatten, templateOf, testStack, testVpc } from '../support';

describe('PeeringAccepterRole', () => {
  function build(requesterAccount = ACCOUNT) {
    const app = new App();
    const stack = testStack(app, 'Accepter', { env: { account: OTHER_ACCOUNT, region: 'eu-west-1' } });
    const vpc = testVpc(stack, 'Data', '10.1.0.0/16', 1);
    const role = new PeeringAccepterRole(stack, 'AcceptRole', { requesterAccount, accepterVpc: vpc });
    return { stack, vpc, role };
  }

  test('trusts only the requester account', () => {
    const { stack } = build();
    const t = templateOf(stack);
    t.resourceCountIs('AWS::IAM::Role', 1);
    const role = Object.values(t.findResources('AWS::IAM::Role'))[0];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toHaveLength(1);
    const statement = role.Properties.AssumeRolePolicyDocument.Statement[0];
    expect(statement.Action).toBe('sts:AssumeRole');
    expect(flatten(statement.Principal.AWS)).toBe('arn:${Ref:AWS::Partition}:iam::111111111111:root');
  });

  test('allows only accepting peering from that account into the accepter VPC', () => {
    const { stack, vpc } = build();
    const role = Object.values(templateOf(stack).findResources('AWS::IAM::Role'))[0];
    const policies = role.Properties.Policies;
    expect(policies).toHaveLength(1);
    const statements = policies[0].PolicyDocument.Statement;
    expect(statements).toHaveLength(2);
    for (const s of statements) {
      expect(s.Action).toBe('ec2:AcceptVpcPeeringConnection');
      expect(s.Effect).toBe('Allow');
    }
    const vpcArn = `arn:\${Ref:AWS::Partition}:ec2:eu-west-1:222222222222:vpc/\${Ref:${stack.resolve((vpc.node.defaultChild as ec2.CfnVPC).logicalId)}}`;
    expect(flatten(statements[0].Resource)).toBe('arn:${Ref:AWS::Partition}:ec2:eu-west-1:*:vpc-peering-connection/*');
    expect(flatten(statements[0].Condition.ArnEquals['ec2:AccepterVpc'])).toBe(vpcArn);
    expect(flatten(statements[0].Condition.ArnLike['ec2:RequesterVpc'])).toBe(
      'arn:${Ref:AWS::Partition}:ec2:*:111111111111:vpc/*',
    );
    expect(flatten(statements[1].Resource)).toBe(vpcArn);
    // No managed policies, nothing else.
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  test('refuses an account id that is not 12 digits, and its own account', () => {
    expect(() => build('1234')).toThrow(/requesterAccount '1234' is not an AWS account id/);
    expect(() => build(OTHER_ACCOUNT)).toThrow(
      /requesterAccount '222222222222' is this stack's own account: same-account peering needs no accepter role/,
    );
  });

  test('works with an imported accepter VPC', () => {
    const app = new App();
    const stack = testStack(app, 'Accepter', { env: { account: OTHER_ACCOUNT, region: 'eu-west-1' } });
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-0eeeeeeeeeeeeeee0',
      availabilityZones: ['eu-west-1a'],
    });
    new PeeringAccepterRole(stack, 'AcceptRole', { requesterAccount: ACCOUNT, accepterVpc: vpc });
    const role = Object.values(templateOf(stack).findResources('AWS::IAM::Role'))[0];
    expect(flatten(role.Properties.Policies[0].PolicyDocument.Statement[1].Resource)).toBe(
      'arn:${Ref:AWS::Partition}:ec2:eu-west-1:222222222222:vpc/vpc-0eeeeeeeeeeeeeee0',
    );
  });
});
