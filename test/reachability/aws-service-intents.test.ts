/**
 * NetworkEndpoint.fromAwsService: intents to an AWS service through a gateway endpoint's route, or the internet path.
 * @see https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
 */
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { GuardReport } from '../../src/guard/report';
import { NetworkEndpoint, NetworkIntent } from '../../src/reachability/intent-api';
import { FLAG_MODES, templateOf, testVpc } from '../support';
import { guardReportOf } from '../support/intents';

const ENV = { account: '111111111111', region: 'us-east-1' };

const reach = (r: GuardReport) => r.findings.filter((f) => f.ruleId.startsWith('NG-REACH'));
const statuses = (r: GuardReport) => r.reachability.intents.map((i) => [i.constructPath, i.status, i.code]);

afterEach(() => {
  process.exitCode = undefined;
});

describe.each(FLAG_MODES)('NetworkEndpoint.fromAwsService, %s', (_, makeApp) => {
  test('s3 through the gateway endpoint of the isolated subnets; dynamodb without one has no route; public subnets by the internet gateway', () => {
    const app = makeApp();
    const stack = new Stack(app, 'S', { env: ENV });
    const vpc = testVpc(stack, 'Vpc', '10.0.0.0/16');
    vpc.addGatewayEndpoint('S3', {
      service: ec2.GatewayVpcEndpointAwsService.S3,
      subnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    const isolated = NetworkEndpoint.fromSubnets(vpc, { subnetType: ec2.SubnetType.PRIVATE_ISOLATED });
    NetworkIntent.reachable(stack, 'IsolatedToS3', {
      from: isolated,
      to: NetworkEndpoint.fromAwsService(vpc, 's3'),
      port: ec2.Port.tcp(443),
    });
    NetworkIntent.reachable(stack, 'IsolatedToDynamo', {
      from: isolated,
      to: NetworkEndpoint.fromAwsService(vpc, 'dynamodb'),
      port: ec2.Port.tcp(443),
    });
    NetworkIntent.isolated(stack, 'IsolatedNotDynamo', {
      from: isolated,
      to: NetworkEndpoint.fromAwsService(vpc, 'dynamodb'),
    });
    NetworkIntent.reachable(stack, 'PublicToDynamo', {
      from: NetworkEndpoint.fromSubnets(vpc, { subnetType: ec2.SubnetType.PUBLIC }),
      to: NetworkEndpoint.fromAwsService(vpc, 'dynamodb'),
      port: ec2.Port.tcp(443),
    });
    const report = guardReportOf(app);
    expect(statuses(report)).toEqual([
      ['S/IsolatedNotDynamo', 'met', undefined],
      ['S/IsolatedToDynamo', 'unmet', 'NO_ROUTE'],
      ['S/IsolatedToS3', 'met', undefined],
      ['S/PublicToDynamo', 'met', undefined],
    ]);
    expect(reach(report).map((f) => [f.ruleId, f.resources[0].path])).toEqual([['NG-REACH-001', 'S/IsolatedToDynamo']]);
    expect(reach(report)[0].message).toMatch(/com\.amazonaws\.us-east-1\.dynamodb/);
    templateOf(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway' });
  });

  test('a security group with no outbound rule blocks; one open to some addresses only is undetermined', () => {
    const app = makeApp();
    const stack = new Stack(app, 'S', { env: ENV });
    const vpc = testVpc(stack, 'Vpc', '10.0.0.0/16');
    vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    const closed = new ec2.SecurityGroup(stack, 'ClosedSg', { vpc, allowAllOutbound: false });
    const some = new ec2.SecurityGroup(stack, 'SomeSg', { vpc, allowAllOutbound: false });
    some.addEgressRule(ec2.Peer.ipv4('52.216.0.0/15'), ec2.Port.tcp(443));
    NetworkIntent.reachable(stack, 'Closed', {
      from: NetworkEndpoint.fromConnectable(closed, vpc),
      to: NetworkEndpoint.fromAwsService(vpc, 's3'),
      port: ec2.Port.tcp(443),
    });
    NetworkIntent.reachable(stack, 'Some', {
      from: NetworkEndpoint.fromConnectable(some, vpc),
      to: NetworkEndpoint.fromAwsService(vpc, 's3'),
      port: ec2.Port.tcp(443),
    });
    const report = guardReportOf(app);
    expect(statuses(report)).toEqual([
      ['S/Closed', 'unmet', 'SECURITY_GROUP_EGRESS'],
      ['S/Some', 'undetermined', undefined],
    ]);
    expect(reach(report).map((f) => [f.ruleId, f.level])).toEqual([
      ['NG-REACH-001', 'error'],
      ['NG-REACH-001', 'warning'],
    ]);
  });

  test('bad input: a service name that is not one, and the service as from', () => {
    const app = makeApp();
    const stack = new Stack(app, 'S', { env: ENV });
    const vpc = testVpc(stack, 'Vpc', '10.0.0.0/16');
    expect(() =>
      NetworkIntent.reachable(stack, 'Bad', {
        from: NetworkEndpoint.fromVpc(vpc),
        to: NetworkEndpoint.fromAwsService(vpc, 'com.amazonaws.us-east-1.s3 '),
        port: ec2.Port.tcp(443),
      }),
    ).toThrow(/S\/Bad: to: NetworkEndpoint.fromAwsService\(S\/Vpc, 'com.amazonaws.us-east-1.s3 '\): .* such as 's3'/);
    expect(() =>
      NetworkIntent.reachable(stack, 'Bad2', {
        from: NetworkEndpoint.fromAwsService(vpc, 's3'),
        to: NetworkEndpoint.fromVpc(vpc),
        port: ec2.Port.tcp(443),
      }),
    ).toThrow(/S\/Bad2: from: NetworkEndpoint.fromAwsService \(the AWS service s3 from S\/Vpc\) is a destination only/);
  });
});
