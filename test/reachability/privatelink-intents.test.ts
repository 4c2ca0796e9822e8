/**
 * NetworkEndpoint.fromInterfaceEndpoint: intents to a PrivateLink interface endpoint, through the endpoint's
 * network interfaces, the endpoint service, its Network Load Balancer and the targets.
 * @see https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-share-your-services.html
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import { readAssembly } from '../../src/guard/model';
import { GuardReport } from '../../src/guard/report';
import { PrivateLinkService } from '../../src/privatelink';
import { IntentRecord, readIntentRecords } from '../../src/reachability';
import { NetworkEndpoint, NetworkIntent } from '../../src/reachability/intent-api';
import { FLAG_MODES, templateOf, templatesOf, testVpc } from '../support';
import { guardReportOf } from '../support/intents';

const ENV = { account: '111111111111', region: 'us-east-1' };

const reach = (r: GuardReport) => r.findings.filter((f) => f.ruleId.startsWith('NG-REACH'));
const statuses = (r: GuardReport) => r.reachability.intents.map((i) => [i.constructPath, i.status, i.code]);

afterEach(() => {
  process.exitCode = undefined;
});

/** A provider VPC with a PrivateLinkService on 443 to an instance, and a consumer VPC connected by connectFrom. */
function privateLink(makeApp: () => App, targetPort = 443, openTargets = true) {
  const app = makeApp();
  const stack = new Stack(app, 'S', { env: ENV });
  const provider = testVpc(stack, 'Provider', '10.0.0.0/16');
  const consumer = testVpc(stack, 'Consumer', '10.1.0.0/16');
  const server = new ec2.Instance(stack, 'Server', {
    vpc: provider,
    instanceType: new ec2.InstanceType('t3.micro'),
    machineImage: ec2.MachineImage.genericLinux({ 'us-east-1': 'ami-12345678' }),
  });
  const svc = new PrivateLinkService(stack, 'Orders', { vpc: provider });
  svc.addPort('Https', {
    port: 443,
    targets: [new targets.InstanceTarget(server, targetPort)],
    ...(openTargets ? { targetConnections: [server] } : {}),
  });
  const appSg = new ec2.SecurityGroup(stack, 'AppSg', { vpc: consumer });
  const otherSg = new ec2.SecurityGroup(stack, 'OtherSg', { vpc: consumer });
  const endpoint = svc.connectFrom('FromApp', consumer, { allowFrom: [appSg], ports: [443] });
  return { app, stack, provider, consumer, server, svc, appSg, otherSg, endpoint };
}

describe.each(FLAG_MODES)('NetworkEndpoint.fromInterfaceEndpoint, %s', (_, makeApp) => {
  test('allowFrom reaches the endpoint on 443; another security group and another port do not', () => {
    const { app, stack, consumer, appSg, otherSg, endpoint } = privateLink(makeApp);
    const to = NetworkEndpoint.fromInterfaceEndpoint(endpoint.endpoint);
    NetworkIntent.reachable(stack, 'App', {
      from: NetworkEndpoint.fromConnectable(appSg, consumer),
      to,
      port: ec2.Port.tcp(443),
    });
    NetworkIntent.reachable(stack, 'Other', {
      from: NetworkEndpoint.fromConnectable(otherSg, consumer),
      to,
      port: ec2.Port.tcp(443),
    });
    NetworkIntent.reachable(stack, 'WrongPort', {
      from: NetworkEndpoint.fromConnectable(appSg, consumer),
      to,
      port: ec2.Port.tcp(8443),
    });
    NetworkIntent.isolated(stack, 'OtherIsolated', {
      from: NetworkEndpoint.fromConnectable(otherSg, consumer),
      to,
      port: ec2.Port.tcp(443),
    });
    const report = guardReportOf(app);
    expect(statuses(report)).toEqual([
      ['S/App', 'met', undefined],
      ['S/Other', 'unmet', 'SECURITY_GROUP_INGRESS'],
      ['S/OtherIsolated', 'met', undefined],
      ['S/WrongPort', 'unmet', 'SECURITY_GROUP_INGRESS'],
    ]);
    const other = reach(report).find((f) => f.resources[0].path === 'S/Other')!;
    expect(other.ruleId).toBe('NG-REACH-001');
    expect(other.message).toMatch(/but it is blocked: SECURITY_GROUP_INGRESS: /);
    expect(other.message).toMatch(/S\/Orders\/FromApp\/SecurityGroup/);
    // The met intent's path goes on past the endpoint's network interfaces to the service, NLB and target group.
    const met = report.reachability.intents.find((i) => i.constructPath === 'S/App') as any;
    const kinds = JSON.stringify(met);
    expect(kinds).toMatch(/S\/Orders\/Resource/);
    expect(kinds).toMatch(/S\/Orders\/LoadBalancer/);
    expect(kinds).toMatch(/S\/Orders\/Https\/TargetGroup/);
    // What the template holds: one interface endpoint, its security group open on 443 to appSg only.
    const t = templateOf(stack);
    t.resourceCountIs('AWS::EC2::VPCEndpoint', 1);
    const endpointSg = stack.resolve((endpoint.securityGroup.node.defaultChild as ec2.CfnSecurityGroup).attrGroupId);
    const ingress = Object.values(t.findResources('AWS::EC2::SecurityGroupIngress')).filter(
      (r: any) => JSON.stringify(r.Properties.GroupId) === JSON.stringify(endpointSg),
    );
    expect(ingress.map((r: any) => [r.Properties.FromPort, r.Properties.SourceSecurityGroupId])).toEqual([
      [443, stack.resolve(appSg.securityGroupId)],
    ]);
  });

  test("an instance target without targetConnections stays closed to the NLB: the target's ingress blocks", () => {
    // README, "What you still do by hand": InstanceTarget does not expose the instance's security groups.
    const { app, stack, consumer, appSg, endpoint } = privateLink(makeApp, 443, false);
    NetworkIntent.reachable(stack, 'App', {
      from: NetworkEndpoint.fromConnectable(appSg, consumer),
      to: NetworkEndpoint.fromInterfaceEndpoint(endpoint.endpoint),
      port: ec2.Port.tcp(443),
    });
    const report = guardReportOf(app);
    expect(statuses(report)).toEqual([['S/App', 'unmet', 'SECURITY_GROUP_INGRESS']]);
    expect(reach(report)[0].message).toMatch(/S\/Server\/InstanceSecurityGroup/);
  });

  test('the record names the AWS::EC2::VPCEndpoint by stack path and logical id, as literals', () => {
    const { app, stack, consumer, appSg, endpoint } = privateLink(makeApp);
    NetworkIntent.reachable(stack, 'App', {
      from: NetworkEndpoint.fromConnectable(appSg, consumer),
      to: NetworkEndpoint.fromInterfaceEndpoint(endpoint.endpoint),
      port: ec2.Port.tcp(443),
    });
    templatesOf(app);
    const records: IntentRecord[] = readIntentRecords(readAssembly(app.synth().directory).stacks);
    const cfn = endpoint.endpoint.node.defaultChild as ec2.CfnVPCEndpoint;
    expect(records[0].to).toEqual({
      kind: 'interface-endpoint',
      text: 'the interface endpoint S/Orders/FromApp/Resource',
      endpoint: {
        stack: 'S',
        artifactId: 'S',
        logicalId: stack.resolve(cfn.logicalId),
        path: 'S/Orders/FromApp/Resource',
      },
    });
  });

  test('the instance registered on another port than the one the targets were opened on: blocked past the NLB', () => {
    // addPort opens the targets on the service port (443); the instance is registered on 8080.
    const { app, stack, consumer, appSg, endpoint } = privateLink(makeApp, 8080);
    NetworkIntent.reachable(stack, 'App', {
      from: NetworkEndpoint.fromConnectable(appSg, consumer),
      to: NetworkEndpoint.fromInterfaceEndpoint(endpoint.endpoint),
      port: ec2.Port.tcp(443),
    });
    const report = guardReportOf(app);
    const [[, status, code]] = statuses(report);
    expect(status).toBe('unmet');
    // With the recommended flags the NLB has a security group whose egress admits 443 only; without, the instance's
    // security group admits the provider VPC on 443 only.
    expect(code).toBe(makeApp === FLAG_MODES[0][1] ? 'SECURITY_GROUP_EGRESS' : 'SECURITY_GROUP_INGRESS');
    expect(reach(report)[0].message).toMatch(
      /from S\/Orders\/LoadBalancer\/Resource .* to its target S\/Server\/Resource .* on tcp\/8080/,
    );
  });

  test('the endpoint open on a port the NLB has no listener for: NO_LISTENER at the load balancer', () => {
    const { app, stack, consumer, appSg, endpoint } = privateLink(makeApp);
    endpoint.endpoint.connections.allowFrom(appSg, ec2.Port.tcp(8443));
    NetworkIntent.reachable(stack, 'App', {
      from: NetworkEndpoint.fromConnectable(appSg, consumer),
      to: NetworkEndpoint.fromInterfaceEndpoint(endpoint.endpoint),
      port: ec2.Port.tcp(8443),
    });
    const report = guardReportOf(app);
    expect(statuses(report)).toEqual([['S/App', 'unmet', 'NO_LISTENER']]);
    expect(reach(report)[0].message).toMatch(
      /but it is blocked: NO_LISTENER: S\/Orders\/LoadBalancer\/Resource \(OrdersLoadBalancer[0-9A-F]{8}\) has no TCP listener on 8443 \(its listeners: 443\)/,
    );
  });

  test('a service of another account (a literal service name): undetermined, never an error', () => {
    const app = makeApp();
    const stack = new Stack(app, 'S', { env: ENV });
    const consumer = testVpc(stack, 'Consumer', '10.1.0.0/16');
    const appSg = new ec2.SecurityGroup(stack, 'AppSg', { vpc: consumer });
    const endpoint = new ec2.InterfaceVpcEndpoint(stack, 'Ep', {
      vpc: consumer,
      service: new ec2.InterfaceVpcEndpointService('com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0', 443),
    });
    endpoint.connections.allowFrom(appSg, ec2.Port.tcp(443));
    NetworkIntent.reachable(stack, 'App', {
      from: NetworkEndpoint.fromConnectable(appSg, consumer),
      to: NetworkEndpoint.fromInterfaceEndpoint(endpoint),
      port: ec2.Port.tcp(443),
    });
    const report = guardReportOf(app);
    expect(statuses(report)).toEqual([['S/App', 'undetermined', undefined]]);
    expect(reach(report).map((f) => [f.ruleId, f.level])).toEqual([['NG-REACH-001', 'warning']]);
    expect(reach(report)[0].message).toMatch(/the endpoint service of S\/Ep\/Resource .*vpce-svc-0123456789abcdef0/);
  });

  test('from: an interface endpoint is refused', () => {
    const { stack, consumer, endpoint } = privateLink(makeApp);
    expect(() =>
      NetworkIntent.reachable(stack, 'Bad', {
        from: NetworkEndpoint.fromInterfaceEndpoint(endpoint.endpoint),
        to: NetworkEndpoint.fromVpc(consumer),
        port: ec2.Port.tcp(443),
      }),
    ).toThrow(
      /S\/Bad: from: NetworkEndpoint.fromInterfaceEndpoint \(the interface endpoint S\/Orders\/FromApp\/Resource\) is a destination only/,
    );
  });
});

test('an NLB that enforces its security groups on PrivateLink traffic and admits nothing: blocked at the NLB', () => {
  const app = new App();
  const stack = new Stack(app, 'S', { env: ENV });
  const provider = testVpc(stack, 'Provider', '10.0.0.0/16');
  const consumer = testVpc(stack, 'Consumer', '10.1.0.0/16');
  const nlbSg = new ec2.SecurityGroup(stack, 'NlbSg', { vpc: provider });
  const nlb = new elbv2.NetworkLoadBalancer(stack, 'Nlb', {
    vpc: provider,
    securityGroups: [nlbSg],
    enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: true,
  });
  const server = new ec2.Instance(stack, 'Server', {
    vpc: provider,
    instanceType: new ec2.InstanceType('t3.micro'),
    machineImage: ec2.MachineImage.genericLinux({ 'us-east-1': 'ami-12345678' }),
  });
  server.connections.allowFrom(nlbSg, ec2.Port.tcp(443));
  const svc = new PrivateLinkService(stack, 'Orders', { loadBalancer: nlb });
  svc.addPort('Https', { port: 443, targets: [new targets.InstanceTarget(server, 443)] });
  const appSg = new ec2.SecurityGroup(stack, 'AppSg', { vpc: consumer });
  const endpoint = svc.connectFrom('FromApp', consumer, { allowFrom: [appSg], ports: [443] });
  NetworkIntent.reachable(stack, 'App', {
    from: NetworkEndpoint.fromConnectable(appSg, consumer),
    to: NetworkEndpoint.fromInterfaceEndpoint(endpoint.endpoint),
    port: ec2.Port.tcp(443),
  });
  const report = guardReportOf(app);
  expect(statuses(report)).toEqual([['S/App', 'unmet', 'SECURITY_GROUP_INGRESS']]);
  expect(reach(report)[0].message).toMatch(/the security groups of S\/Nlb\/Resource .* admit no tcp\/443 traffic/);
});
