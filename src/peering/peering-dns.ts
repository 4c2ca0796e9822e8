import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AwsWaiter } from '../private/waiter';

/** Which side(s) of a peering connection a `PeeringDnsResolution` turns DNS resolution on for. */
export interface PeeringDnsResolutionProps {
  /** The peering connection's id (`pcx-...`, or the token of the connection this app creates). */
  readonly peeringConnectionId: string;
  /** Set the requester VPC's option (run in the requester's account and Region). */
  readonly requester: boolean;
  /** Set the accepter VPC's option (run in the accepter's account and Region). */
  readonly accepter: boolean;
  /**
   * The accepter VPC, for the accepter's side in its own account: the policy then names the connection with any
   * account and requires `ec2:AccepterVpc` to be this VPC.
   * @default - the requester's side: the connection's ARN in this stack's account
   */
  readonly accepterVpc?: ec2.IVpc;
  /**
   * With `accepterVpc`: also require the requester VPC to be in this account (`ec2:RequesterVpc`).
   * @default - any requester account
   */
  readonly requesterAccount?: string;
}

/**
 * DNS resolution across a peering connection: the public DNS hostnames of a VPC's instances resolve to their private
 * IP addresses when queried from the peer VPC. `AWS::EC2::VPCPeeringConnection` has no such option, and AWS refuses
 * it until the connection is `active` (`OperationNotPermitted`; a cross-account or inter-Region connection is
 * `provisioning` for a while after it is accepted). So a waiting custom resource polls
 * `DescribeVpcPeeringConnections` until the connection is `active`, failing at once when it is `failed`, `rejected`,
 * `deleted`, `deleting` or `expired`, and only then calls `ModifyVpcPeeringConnectionOptions`.
 *
 * On delete it makes no call: the option is part of the connection and dies with it. A call would fail the
 * teardown where it matters most: the accepter's stack is usually deleted after the requester's, when the connection
 * is already gone, and its policy (scoped by `ec2:AccepterVpc`) cannot match a connection that no longer exists, so
 * the error would not even be a "not found" one to ignore. (Terraform's `aws_vpc_peering_connection_options` does
 * the same on destroy.) The cost: `dnsResolution: false` in a later version removes the custom resource but leaves
 * the option on until the connection is deleted; turn it off with `aws ec2 modify-vpc-peering-connection-options`.
 * Its IAM allows the one modify action on this one connection, and the describe call (which takes no resource-level
 * permission).
 * @see https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-dns.html
 * Not exported from the package: an implementation detail of the peering constructs.
 */
export class PeeringDnsResolution extends Construct {
  /** The waiting custom resource. */
  public readonly waiter: AwsWaiter;

  constructor(scope: Construct, id: string, props: PeeringDnsResolutionProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const modify = modifyStatement(stack, props);
    const options = {
      VpcPeeringConnectionId: props.peeringConnectionId,
      ...(props.requester ? { RequesterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true } } : {}),
      ...(props.accepter ? { AccepterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true } } : {}),
    };
    this.waiter = new AwsWaiter(this, 'Resource', {
      resourceType: 'Custom::VpcPeeringDnsResolution',
      physicalResourceId: props.peeringConnectionId,
      onCreate: { service: 'EC2', action: 'ModifyVpcPeeringConnectionOptions', parameters: options },
      // onDelete: none, on purpose (see above).
      waitFor: {
        service: 'EC2',
        action: 'DescribeVpcPeeringConnections',
        parameters: { VpcPeeringConnectionIds: [props.peeringConnectionId] },
        path: 'VpcPeeringConnections.0.Status.Code',
        success: ['active'],
        failure: ['failed', 'rejected', 'deleted', 'deleting', 'expired'],
        reasonPath: 'VpcPeeringConnections.0.Status.Message',
      },
      callAfterWait: true,
      policyStatements: [
        modify,
        new iam.PolicyStatement({ actions: ['ec2:DescribeVpcPeeringConnections'], resources: ['*'] }),
      ],
    });
  }
}

/**
 * `ec2:ModifyVpcPeeringConnectionOptions` on this one connection. The requester's side names the connection in its
 * own account. The accepter's side does not name the requester's account in the ARN: it is scoped, as the
 * `PeeringAccepterRole` is, by `ec2:AccepterVpc` (its own VPC), and by `ec2:RequesterVpc` when the requester's
 * account is known.
 * @see https://docs.aws.amazon.com/vpc/latest/peering/security-iam.html
 */
function modifyStatement(stack: Stack, props: PeeringDnsResolutionProps): iam.PolicyStatement {
  const action = 'ec2:ModifyVpcPeeringConnectionOptions';
  if (!props.accepterVpc) {
    return new iam.PolicyStatement({
      actions: [action],
      resources: [
        stack.formatArn({
          service: 'ec2',
          resource: 'vpc-peering-connection',
          resourceName: props.peeringConnectionId,
        }),
      ],
    });
  }
  const accepterVpcArn = stack.formatArn({ service: 'ec2', resource: 'vpc', resourceName: props.accepterVpc.vpcId });
  return new iam.PolicyStatement({
    actions: [action],
    resources: [
      stack.formatArn({
        service: 'ec2',
        account: '*',
        resource: 'vpc-peering-connection',
        resourceName: props.peeringConnectionId,
      }),
    ],
    conditions: {
      ArnEquals: { 'ec2:AccepterVpc': accepterVpcArn },
      ...(props.requesterAccount !== undefined
        ? {
            ArnLike: {
              'ec2:RequesterVpc': stack.formatArn({
                service: 'ec2',
                region: '*',
                account: props.requesterAccount,
                resource: 'vpc',
                resourceName: '*',
              }),
            },
          }
        : {}),
    },
  });
}
