/**
 * The example network: two VPCs of one account peered with PeeredVpcPair (routes both ways, DNS resolution), and the
 * database security group opened to the application VPC on PostgreSQL only.
 */
import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { PeeredVpcPair } from '../src';

export class NetworkStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);

    const appVpc = new ec2.Vpc(this, 'AppVpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
      maxAzs: 2,
      natGateways: 1,
    });
    const dataVpc = new ec2.Vpc(this, 'DataVpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.1.0.0/16'),
      maxAzs: 2,
      subnetConfiguration: [{ name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });

    const peering = new PeeredVpcPair(this, 'AppToData', { requesterVpc: appVpc, accepterVpc: dataVpc });

    const database = new ec2.SecurityGroup(this, 'DatabaseSg', { vpc: dataVpc, allowAllOutbound: false });
    peering.allowFromRequester(database, ec2.Port.tcp(5432));
  }
}
