/**
 * Integration test: two VPCs of one account peered with PeeredVpcPair (routes both ways, DNS resolution, an SG rule),
 * and a three-VPC PeeringMesh. integ-runner verifies the committed snapshot; nothing is deployed.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { PeeredVpcPair, PeeringMesh } from '../../src';

const app = new App();
const stack = new Stack(app, 'PeeringInteg', { env: { account: '111111111111', region: 'us-east-1' } });

function vpc(id: string, cidr: string): ec2.Vpc {
  return new ec2.Vpc(stack, id, {
    ipAddresses: ec2.IpAddresses.cidr(cidr),
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'Private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
  });
}

const appVpc = vpc('AppVpc', '10.0.0.0/16');
const dataVpc = vpc('DataVpc', '10.1.0.0/16');
new ec2.CfnVPCCidrBlock(stack, 'DataVpcSecondary', { vpcId: dataVpc.vpcId, cidrBlock: '10.2.0.0/16' });
const pair = new PeeredVpcPair(stack, 'AppToData', { requesterVpc: appVpc, accepterVpc: dataVpc });
const db = new ec2.SecurityGroup(stack, 'DatabaseSg', { vpc: dataVpc, allowAllOutbound: false });
pair.allowFromRequester(db, ec2.Port.tcp(5432));

new PeeringMesh(stack, 'Mesh', {
  vpcs: [vpc('MeshA', '10.10.0.0/16'), vpc('MeshB', '10.11.0.0/16'), vpc('MeshC', '10.12.0.0/16')],
});

new IntegTest(app, 'PeeringIntegTest', { testCases: [stack] });
