/**
 * The helpers shared by the PrivateLink constructs (src/privatelink/checks.ts), each on its own with its bad inputs.
 */
import { App, Fn, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { PrivateLinkEndpoint } from '../../src/privatelink';
import {
  assertPorts,
  assertVpcDnsForPrivateDns,
  crossZoneEnabled,
  endpointServiceArn,
  loadBalancerAvailabilityZones,
  loadBalancerResource,
  openToAnyAddress,
  warn,
} from '../../src/privatelink/checks';
import { flatten, templateOf, testVpc } from '../support';

const SERVICE = 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0';

function setup() {
  const app = new App();
  const stack = new Stack(app, 'S', { env: { account: '111111111111', region: 'us-east-1' } });
  return { stack, scope: new Construct(stack, 'Endpoint') };
}

describe('assertVpcDnsForPrivateDns (NG-PL-003)', () => {
  test('an ec2.Vpc (DNS hostnames and support on by default) passes, and its template shows both on', () => {
    const { stack, scope } = setup();
    const vpc = testVpc(stack, 'Vpc', '10.0.0.0/16');
    assertVpcDnsForPrivateDns(scope, vpc, 'privateDnsEnabled');
    templateOf(stack).hasResourceProperties('AWS::EC2::VPC', { EnableDnsHostnames: true, EnableDnsSupport: true });
  });

  test('DNS hostnames off is refused, naming the prop, the VPC and the fix', () => {
    const { stack, scope } = setup();
    const vpc = testVpc(stack, 'Vpc', '10.0.0.0/16', 2, { enableDnsHostnames: false });
    expect(() => assertVpcDnsForPrivateDns(scope, vpc, 'privateDnsEnabled')).toThrow(
      /^S\/Endpoint: .*privateDnsEnabled is true, but VPC S\/Vpc lacks enableDnsHostnames \(false\): AWS refuses private DNS on an interface endpoint there\. Turn both on for the VPC \(ec2\.Vpc: enableDnsHostnames: true, enableDnsSupport: true\), or set privateDnsEnabled to false\..*NG-PL-003/,
    );
  });

  test('DNS hostnames not set on the L1 is CloudFormation false; with DNS support off both are named', () => {
    const { stack, scope } = setup();
    const vpc = testVpc(stack, 'Vpc', '10.0.0.0/16');
    const cfn = vpc.node.defaultChild as ec2.CfnVPC;
    cfn.enableDnsHostnames = undefined;
    expect(() => assertVpcDnsForPrivateDns(scope, vpc, 'privateDns')).toThrow(
      /lacks enableDnsHostnames \(not set, so false\): AWS refuses/,
    );
    cfn.enableDnsSupport = false;
    expect(() => assertVpcDnsForPrivateDns(scope, vpc, 'privateDns')).toThrow(
      /lacks enableDnsHostnames \(not set, so false\) and enableDnsSupport \(false\): AWS refuses/,
    );
    cfn.enableDnsHostnames = true;
    expect(() => assertVpcDnsForPrivateDns(scope, vpc, 'privateDns')).toThrow(
      /VPC S\/Vpc lacks enableDnsSupport \(false\): AWS refuses/,
    );
  });

  test('an imported VPC, or a token option, is not judged: the endpoint gets private DNS', () => {
    const { stack, scope } = setup();
    const imported = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-0a',
      availabilityZones: ['us-east-1a'],
      privateSubnetIds: ['subnet-0a'],
    });
    const vpc = testVpc(stack, 'Vpc', '10.0.0.0/16', 1);
    (vpc.node.defaultChild as ec2.CfnVPC).enableDnsHostnames = Lazy.any({ produce: () => true }) as any;
    for (const [id, v] of [
      ['A', imported],
      ['B', vpc],
    ] as const) {
      assertVpcDnsForPrivateDns(scope, v, 'privateDnsEnabled');
      new PrivateLinkEndpoint(stack, id, { vpc: v, serviceName: SERVICE, ports: [443], privateDnsEnabled: true });
    }
    const t = templateOf(stack);
    t.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { ServiceName: SERVICE, PrivateDnsEnabled: true }, 2);
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcId: 'vpc-0a', PrivateDnsEnabled: true });
    // The same VPC with DNS hostnames off is refused: the check is live for VPCs of this app.
    (vpc.node.defaultChild as ec2.CfnVPC).enableDnsHostnames = false;
    expect(() => assertVpcDnsForPrivateDns(scope, vpc, 'privateDnsEnabled')).toThrow(
      /lacks enableDnsHostnames \(false\)/,
    );
  });
});

describe('openToAnyAddress', () => {
  test.each([
    ['anyIpv4', ec2.Peer.anyIpv4(), '0.0.0.0/0'],
    ['anyIpv6', ec2.Peer.anyIpv6(), '::/0'],
    ['an IPv4 /0 written otherwise', ec2.Peer.ipv4('10.0.0.0/0'), '10.0.0.0/0'],
  ])('%s is open to every address: %s', (_name, peer, block) => {
    expect(openToAnyAddress(peer)).toBe(block);
  });

  test('narrower blocks, prefix lists, security groups and token blocks are not', () => {
    const { stack } = setup();
    const vpc = testVpc(stack, 'Vpc', '10.0.0.0/16', 1);
    expect(openToAnyAddress(ec2.Peer.ipv4('10.0.0.0/8'))).toBeUndefined();
    expect(openToAnyAddress(ec2.Peer.ipv4('0.0.0.0/1'))).toBeUndefined();
    expect(openToAnyAddress(ec2.Peer.ipv6('2001:db8::/32'))).toBeUndefined();
    expect(openToAnyAddress(ec2.Peer.prefixList('pl-0123456789abcdef0'))).toBeUndefined();
    expect(openToAnyAddress(new ec2.SecurityGroup(stack, 'Sg', { vpc }))).toBeUndefined();
    expect(openToAnyAddress(ec2.Peer.ipv4(Fn.importValue('Cidr')))).toBeUndefined();
    expect(openToAnyAddress(vpc.publicSubnets[0] as any)).toBeUndefined();
  });
});

describe('load balancer readers', () => {
  function nlb(props: Partial<elbv2.NetworkLoadBalancerProps> = {}) {
    const { stack } = setup();
    const vpc = testVpc(stack, 'Vpc', '10.0.0.0/16', 2);
    const lb = new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc, ...props });
    return { stack, vpc, lb };
  }

  test('loadBalancerResource: the L1 of a load balancer of this app; nothing for an imported one or another construct', () => {
    const { stack, vpc, lb } = nlb();
    expect(loadBalancerResource(lb)).toBe(lb.node.defaultChild);
    const imported = elbv2.NetworkLoadBalancer.fromNetworkLoadBalancerAttributes(stack, 'Imported', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/net/x/0123456789abcdef',
    });
    expect(loadBalancerResource(imported)).toBeUndefined();
    expect(loadBalancerResource(vpc)).toBeUndefined();
  });

  test('loadBalancerAvailabilityZones: the AZs of its subnets, each once, as the template places them', () => {
    const { stack, vpc, lb } = nlb({ vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC }, internetFacing: true });
    expect(loadBalancerAvailabilityZones(lb)).toEqual(vpc.availabilityZones);
    const t = templateOf(stack);
    const subnetIds = vpc.publicSubnets.map((s) => ({ Ref: stack.getLogicalId(s.node.defaultChild as ec2.CfnSubnet) }));
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Subnets: subnetIds });
    for (const [i, subnet] of vpc.publicSubnets.entries()) {
      t.hasResourceProperties('AWS::EC2::Subnet', {
        AvailabilityZone: vpc.availabilityZones[i],
        CidrBlock: (subnet.node.defaultChild as ec2.CfnSubnet).cidrBlock,
      });
    }
  });

  test('loadBalancerAvailabilityZones reads SubnetMappings too, and lists an AZ once', () => {
    const { vpc, lb } = nlb();
    const cfn = lb.node.defaultChild as elbv2.CfnLoadBalancer;
    const [a, b] = vpc.publicSubnets;
    const [c] = vpc.isolatedSubnets;
    cfn.subnets = undefined;
    cfn.subnetMappings = [{ subnetId: a.subnetId }, { subnetId: c.subnetId }, { subnetId: b.subnetId }];
    expect(loadBalancerAvailabilityZones(lb)).toEqual([a.availabilityZone, b.availabilityZone]);
  });

  test('loadBalancerAvailabilityZones is not known for imported subnets, no subnets or an imported load balancer', () => {
    const { stack, lb } = nlb();
    const cfn = lb.node.defaultChild as elbv2.CfnLoadBalancer;
    cfn.subnets = ['subnet-0a', 'subnet-0b'];
    expect(loadBalancerAvailabilityZones(lb)).toBeUndefined();
    cfn.subnets = [];
    expect(loadBalancerAvailabilityZones(lb)).toBeUndefined();
    cfn.subnets = undefined;
    expect(loadBalancerAvailabilityZones(lb)).toBeUndefined();
    const imported = elbv2.NetworkLoadBalancer.fromNetworkLoadBalancerAttributes(stack, 'Imported', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/net/x/0123456789abcdef',
    });
    expect(loadBalancerAvailabilityZones(imported)).toBeUndefined();
  });

  test('crossZoneEnabled: off by default for an NLB, on when set, as the template writes the attribute', () => {
    const off = nlb();
    expect(crossZoneEnabled(off.lb)).toBe(false);
    const [offLb] = Object.values<any>(
      templateOf(off.stack).findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'),
    );
    const keys = (offLb.Properties.LoadBalancerAttributes ?? []).map((a: any) => a.Key);
    expect(keys).not.toContain('load_balancing.cross_zone.enabled');
    const on = nlb({ crossZoneEnabled: true });
    expect(crossZoneEnabled(on.lb)).toBe(true);
    templateOf(on.stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'load_balancing.cross_zone.enabled', Value: 'true' }]),
    });
    const explicitOff = nlb({ crossZoneEnabled: false });
    expect(crossZoneEnabled(explicitOff.lb)).toBe(false);
  });

  test('crossZoneEnabled: other attributes only is off; a token value or an imported load balancer is not known', () => {
    const { stack, lb } = nlb();
    lb.setAttribute('deletion_protection.enabled', 'true');
    expect(crossZoneEnabled(lb)).toBe(false);
    lb.setAttribute('load_balancing.cross_zone.enabled', Fn.importValue('CrossZone'));
    expect(crossZoneEnabled(lb)).toBeUndefined();
    const imported = elbv2.NetworkLoadBalancer.fromNetworkLoadBalancerAttributes(stack, 'Imported', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/net/x/0123456789abcdef',
    });
    expect(crossZoneEnabled(imported)).toBeUndefined();
  });
});

describe('assertPorts', () => {
  test.each([
    [[], /^S\/Endpoint: ports is empty: give at least one port the service listens on, e\.g\. \[443\]\.$/],
    [[0], /^S\/Endpoint: ports contains 0, which is not a port: give integers from 1 to 65535\.$/],
    [[443, 65536], /ports contains 65536, which is not a port/],
    [[-1], /ports contains -1, which is not a port/],
    [[443.5], /ports contains 443\.5, which is not a port/],
    [[443, 8443, 443], /^S\/Endpoint: ports lists port 443 twice: give each port once\.$/],
  ])('refuses %j', (ports, error) => {
    const { scope } = setup();
    expect(() => assertPorts(scope, ports, 'ports')).toThrow(error);
  });

  test('accepts distinct ports 1-65535: an endpoint opens each of them', () => {
    const { stack, scope } = setup();
    const ports = [1, 443, 65535];
    assertPorts(scope, ports, 'ports');
    new PrivateLinkEndpoint(stack, 'Orders', {
      vpc: testVpc(stack, 'Vpc', '10.0.0.0/16', 1),
      serviceName: SERVICE,
      ports,
      allowFrom: [ec2.Peer.ipv4('10.9.0.0/16')],
    });
    const [group] = Object.values<any>(
      templateOf(stack).findResources('AWS::EC2::SecurityGroup', {
        Properties: { SecurityGroupIngress: Match.anyValue() },
      }),
    );
    expect(group.Properties.SecurityGroupIngress.map((r: any) => [r.CidrIp, r.FromPort, r.ToPort])).toEqual(
      ports.map((p) => ['10.9.0.0/16', p, p]),
    );
  });

  test('skips a token port but still checks the literal ones; the prop name is the one given', () => {
    const { scope } = setup();
    const token = Lazy.number({ produce: () => 8443 });
    expect(() => assertPorts(scope, [token, 70000], 'ports')).toThrow(/ports contains 70000, which is not a port/);
    expect(() => assertPorts(scope, [token, 443, 443], 'ports')).toThrow(/ports lists port 443 twice/);
    expect(() => assertPorts(scope, [], 'udpPorts')).toThrow(/^S\/Endpoint: udpPorts is empty/);
    expect(() => assertPorts(scope, [0], 'udpPorts')).toThrow(/^S\/Endpoint: udpPorts contains 0/);
  });
});

describe('endpointServiceArn and warn', () => {
  test("an endpoint service ARN in the stack's account and Region", () => {
    const { stack, scope } = setup();
    expect(flatten(stack.resolve(endpointServiceArn(scope, 'vpce-svc-0123456789abcdef0')))).toBe(
      'arn:${Ref:AWS::Partition}:ec2:us-east-1:111111111111:vpc-endpoint-service/vpce-svc-0123456789abcdef0',
    );
  });

  test('warn: an acknowledgeable warning on the scope that carries the rule id', () => {
    const { stack, scope } = setup();
    warn(scope, 'NG-PL-002', 'the endpoint is open to every address');
    const warnings = Annotations.fromStack(stack).findWarning('/S/Endpoint', Match.anyValue());
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).toMatch(/the endpoint is open to every address/);
    expect(warnings[0].entry.data).toMatch(/NG-PL-002/);
  });
});
