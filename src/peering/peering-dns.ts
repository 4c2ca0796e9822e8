import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

/** Which side(s) of a peering connection a `PeeringDnsResolution` turns DNS resolution on for. */
export interface PeeringDnsResolutionProps {
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
 * DNS resolution across a peering connection. `AWS::EC2::VPCPeeringConnection` has no such option, so a custom
 * resource calls `ModifyVpcPeeringConnectionOptions` (and turns it off again on delete). Its IAM allows that one
 * action on that one connection.
 * @see https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-dns.html
 * Not exported from the package: an implementation detail of the peering constructs.
 */
export class PeeringDnsResolution extends Construct {
  constructor(scope: Construct, id: string, props: PeeringDnsResolutionProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const modify = modifyStatement(stack, props);
    const options = (enabled: boolean) => ({
      VpcPeeringConnectionId: props.peeringConnectionId,
      ...(props.requester ? { RequesterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: enabled } } : {}),
      ...(props.accepter ? { AccepterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: enabled } } : {}),
    });
    const call = (enabled: boolean): cr.AwsSdkCall => ({
      service: 'EC2',
      action: 'modifyVpcPeeringConnectionOptions',
      parameters: options(enabled),
      physicalResourceId: cr.PhysicalResourceId.of(`${props.peeringConnectionId}-dns`),
      ...(enabled ? {} : { ignoreErrorCodesMatching: 'InvalidVpcPeeringConnectionID.*|InvalidStateTransition' }),
    });
    new cr.AwsCustomResource(this, 'Resource', {
      resourceType: 'Custom::VpcPeeringDnsResolution',
      onCreate: call(true),
      onUpdate: call(true),
      onDelete: call(false),
      installLatestAwsSdk: false,
      policy: cr.AwsCustomResourcePolicy.fromStatements([modify]),
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
