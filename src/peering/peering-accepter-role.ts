import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { propError } from '../private/errors';

/**
 * Properties of a `PeeringAccepterRole`.
 */
export interface PeeringAccepterRoleProps {
  /** The account that requests the peering connection: the only one the role trusts. */
  readonly requesterAccount: string;

  /** The accepter VPC, in this stack's account: the only VPC the role may accept peering into. */
  readonly accepterVpc: ec2.IVpc;

  /**
   * A name for the role.
   *
   * @default - a name CloudFormation generates
   */
  readonly roleName?: string;
}

/**
 * The least-privilege role, in the accepter's account, that a requester account's `PeeredVpcPair` gives as
 * `accepterRoleArn`: it trusts only `requesterAccount` and allows only `ec2:AcceptVpcPeeringConnection` of a
 * connection from a VPC of that account into `accepterVpc`.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/peering/security-iam.html
 */
export class PeeringAccepterRole extends Construct {
  /** The role. */
  public readonly role: iam.Role;

  /** Its ARN, for `PeeredVpcPairProps.accepterRoleArn`. */
  public readonly roleArn: string;

  /**
   * @param scope a construct of a stack in the accepter VPC's account
   * @param id the construct id; it is part of the logical id of every resource below it (renaming it replaces them)
   * @param props the requester's account, the accepter VPC, and the role's name
   */
  constructor(scope: Construct, id: string, props: PeeringAccepterRoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (!Token.isUnresolved(props.requesterAccount) && !/^\d{12}$/.test(props.requesterAccount)) {
      throw propError(
        this,
        `requesterAccount '${props.requesterAccount}' is not an AWS account id. Give the 12-digit id of the account that requests the peering connection.`,
      );
    }
    if (
      !Token.isUnresolved(props.requesterAccount) &&
      !Token.isUnresolved(stack.account) &&
      props.requesterAccount === stack.account
    ) {
      throw propError(
        this,
        `requesterAccount '${props.requesterAccount}' is this stack's own account: same-account peering needs no accepter role. Remove the PeeringAccepterRole.`,
      );
    }
    const region = props.accepterVpc.env.region;
    const vpcArn = stack.formatArn({
      service: 'ec2',
      region,
      resource: 'vpc',
      resourceName: props.accepterVpc.vpcId,
    });
    const requesterVpcs = stack.formatArn({
      service: 'ec2',
      region: '*',
      account: props.requesterAccount,
      resource: 'vpc',
      resourceName: '*',
    });

    this.role = new iam.Role(this, 'Resource', {
      roleName: props.roleName,
      assumedBy: new iam.AccountPrincipal(props.requesterAccount),
      description: `Lets account ${props.requesterAccount} accept VPC peering into ${props.accepterVpc.node.path}`,
      inlinePolicies: {
        AcceptPeering: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: ['ec2:AcceptVpcPeeringConnection'],
              resources: [
                stack.formatArn({
                  service: 'ec2',
                  region,
                  account: '*',
                  resource: 'vpc-peering-connection',
                  resourceName: '*',
                }),
              ],
              conditions: {
                ArnEquals: { 'ec2:AccepterVpc': vpcArn },
                ArnLike: { 'ec2:RequesterVpc': requesterVpcs },
              },
            }),
            new iam.PolicyStatement({
              actions: ['ec2:AcceptVpcPeeringConnection'],
              resources: [vpcArn],
            }),
          ],
        }),
      },
    });
    this.roleArn = this.role.roleArn;
  }
}
