import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';

export const ACCOUNT = '111111111111';
export const OTHER_ACCOUNT = '222222222222';
export const REGION = 'us-east-1';

/** A stack in a fixed test environment (account 111111111111, us-east-1 unless given). */
export function testStack(app: App, id: string = 'Stack', props: StackProps = {}): Stack {
  return new Stack(app, id, { env: { account: ACCOUNT, region: REGION }, ...props });
}

/**
 * A classic `ec2.Vpc` with the given block, `maxAzs` AZs and, by default, one public and one private subnet per AZ
 * (so 2 x maxAzs route tables), without NAT gateways to keep templates small.
 */
export function testVpc(
  scope: Construct,
  id: string,
  cidr: string,
  maxAzs: number = 2,
  extra: Partial<ec2.VpcProps> = {},
) {
  return new ec2.Vpc(scope, id, {
    ipAddresses: ec2.IpAddresses.cidr(cidr),
    maxAzs,
    natGateways: 0,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
    ],
    ...extra,
  });
}
