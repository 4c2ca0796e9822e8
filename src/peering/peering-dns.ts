import { Stack } from 'aws-cdk-lib';
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
   * The account in the connection's ARN.
   * @default - this stack's account
   */
  readonly connectionAccount?: string;
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
    const connectionArn = stack.formatArn({
      service: 'ec2',
      resource: 'vpc-peering-connection',
      resourceName: props.peeringConnectionId,
      account: props.connectionAccount ?? stack.account,
    });
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
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['ec2:ModifyVpcPeeringConnectionOptions'],
          resources: [connectionArn],
        }),
      ]),
    });
  }
}
