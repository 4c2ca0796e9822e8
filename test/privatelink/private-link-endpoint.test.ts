import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { PrivateLinkEndpoint } from '../../src/privatelink';
import { templateOf, testVpc } from '../support';

const SERVICE = 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0';

function setup(maxAzs = 2, extra: Partial<ec2.VpcProps> = {}) {
  const app = new App();
  const stack = new Stack(app, 'S', { env: { account: '111111111111', region: 'us-east-1' } });
  const vpc = testVpc(stack, 'Consumer', '10.1.0.0/16', maxAzs, extra);
  return { stack, vpc };
}

function sgId(template: ReturnType<typeof templateOf>, prefix: string) {
  const ids = Object.keys(template.findResources('AWS::EC2::SecurityGroup')).filter((id) =>
    new RegExp(`^${prefix}[0-9A-F]{8}$`).test(id),
  );
  expect(ids).toHaveLength(1);
  return { 'Fn::GetAtt': [ids[0], 'GroupId'] };
}

describe('PrivateLinkEndpoint', () => {
  test('an interface endpoint to a service of another account, by name, in the private subnets', () => {
    const { stack, vpc } = setup();
    const endpoint = new PrivateLinkEndpoint(stack, 'Orders', { vpc, serviceName: SERVICE, ports: [443] });
    const t = templateOf(stack);
    t.resourceCountIs('AWS::EC2::VPCEndpoint', 1);
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Interface',
      ServiceName: SERVICE,
      VpcId: { Ref: Match.stringLikeRegexp('Consumer') },
      PrivateDnsEnabled: false,
      SubnetIds: [
        { Ref: Match.stringLikeRegexp('ConsumerPrivateSubnet1') },
        { Ref: Match.stringLikeRegexp('ConsumerPrivateSubnet2') },
      ],
      SecurityGroupIds: [sgId(t, 'OrdersSecurityGroup')],
    });
    expect(endpoint.endpoint.node.id).toBe('Resource');
    expect(endpoint.node.defaultChild).toBe(endpoint.endpoint);
  });

  test('its own security group admits allowFrom (security groups and CIDRs) on the ports only', () => {
    const { stack, vpc } = setup();
    const app = new ec2.SecurityGroup(stack, 'AppSg', { vpc });
    new PrivateLinkEndpoint(stack, 'Orders', {
      vpc,
      serviceName: SERVICE,
      ports: [443, 8443],
      allowFrom: [app, ec2.Peer.ipv4('10.9.0.0/16')],
    });
    const t = templateOf(stack);
    const own = sgId(t, 'OrdersSecurityGroup');
    // Security-group sources become separate ingress resources, one per port.
    t.resourceCountIs('AWS::EC2::SecurityGroupIngress', 2);
    for (const port of [443, 8443]) {
      t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        GroupId: own,
        SourceSecurityGroupId: sgId(t, 'AppSg'),
        IpProtocol: 'tcp',
        FromPort: port,
        ToPort: port,
      });
    }
    // CIDR sources are inline rules, one per port, and nothing else is admitted.
    t.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'PrivateLink interface endpoint: admits allowFrom on the service ports only',
      SecurityGroupIngress: [
        Match.objectLike({ CidrIp: '10.9.0.0/16', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
        Match.objectLike({ CidrIp: '10.9.0.0/16', IpProtocol: 'tcp', FromPort: 8443, ToPort: 8443 }),
      ],
      // allowAllOutbound false: CDK writes its placeholder rule that matches no traffic.
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
    });
  });

  test('without allowFrom the security group admits nothing', () => {
    const { stack, vpc } = setup();
    new PrivateLinkEndpoint(stack, 'Orders', { vpc, serviceName: SERVICE, ports: [443] });
    const t = templateOf(stack);
    t.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    t.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('PrivateLink interface endpoint'),
      SecurityGroupIngress: Match.absent(),
    });
  });

  test('NG-PL-006: an allowFrom open to 0.0.0.0/0 warns', () => {
    const { stack, vpc } = setup();
    new PrivateLinkEndpoint(stack, 'Orders', {
      vpc,
      serviceName: SERVICE,
      ports: [443],
      allowFrom: [ec2.Peer.anyIpv4()],
    });
    Annotations.fromStack(stack).hasWarning(
      '/S/Orders',
      Match.stringLikeRegexp('allowFrom admits 0\\.0\\.0\\.0/0 on ports 443'),
    );
  });

  test('NG-PL-006: a narrower CIDR does not warn', () => {
    const { stack, vpc } = setup();
    new PrivateLinkEndpoint(stack, 'Orders', {
      vpc,
      serviceName: SERVICE,
      ports: [443],
      allowFrom: [ec2.Peer.ipv4('10.0.0.0/8')],
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('NG-PL-006'));
  });

  test('private DNS where asked, in a VPC with DNS hostnames and support', () => {
    const { stack, vpc } = setup();
    new PrivateLinkEndpoint(stack, 'Orders', { vpc, serviceName: SERVICE, ports: [443], privateDnsEnabled: true });
    templateOf(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', { PrivateDnsEnabled: true });
  });

  test.each([
    ['enableDnsHostnames false', { enableDnsHostnames: false }, 'enableDnsHostnames \\(false\\)'],
    [
      'enableDnsSupport false',
      { enableDnsSupport: false, enableDnsHostnames: false },
      'enableDnsHostnames \\(false\\) and enableDnsSupport \\(false\\)',
    ],
  ])('NG-PL-003: private DNS in a VPC with %s is refused', (_name, vpcProps, missing) => {
    const { stack, vpc } = setup(2, vpcProps);
    expect(
      () =>
        new PrivateLinkEndpoint(stack, 'Orders', { vpc, serviceName: SERVICE, ports: [443], privateDnsEnabled: true }),
    ).toThrow(
      new RegExp(
        `S/Orders: privateDnsEnabled is true, but VPC S/Consumer lacks ${missing}: AWS refuses private DNS on an interface endpoint there`,
      ),
    );
  });

  test('NG-PL-003: an L1 VPC without EnableDnsHostnames (CloudFormation default false) is refused', () => {
    const { stack } = setup();
    const cfnVpc = new ec2.CfnVPC(stack, 'L1Vpc', { cidrBlock: '10.5.0.0/16' });
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: cfnVpc.ref,
      availabilityZones: ['us-east-1a'],
      isolatedSubnetIds: ['subnet-1'],
    });
    expect(
      () =>
        new PrivateLinkEndpoint(stack, 'Orders', { vpc, serviceName: SERVICE, ports: [443], privateDnsEnabled: true }),
    ).toThrow(/privateDnsEnabled is true, but VPC S\/Imported lacks enableDnsHostnames \(not set, so false\)/);
  });

  test('NG-PL-003: an imported VPC (DNS settings unknown) is not refused', () => {
    const { stack } = setup();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-0123456789abcdef0',
      availabilityZones: ['us-east-1a'],
      isolatedSubnetIds: ['subnet-1'],
    });
    new PrivateLinkEndpoint(stack, 'Orders', { vpc, serviceName: SERVICE, ports: [443], privateDnsEnabled: true });
    templateOf(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcId: 'vpc-0123456789abcdef0',
      SubnetIds: ['subnet-1'],
      PrivateDnsEnabled: true,
    });
  });

  test('NG-PL-002: with serviceAvailabilityZones, the default selection leaves other AZs out with a warning', () => {
    const { stack, vpc } = setup(3);
    const azs = vpc.isolatedSubnets.map((s) => s.availabilityZone);
    const endpoint = new PrivateLinkEndpoint(stack, 'Orders', {
      vpc,
      serviceName: SERVICE,
      ports: [443],
      serviceAvailabilityZones: [azs[0], azs[2]],
    });
    templateOf(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      SubnetIds: [
        { Ref: Match.stringLikeRegexp('ConsumerPrivateSubnet1') },
        { Ref: Match.stringLikeRegexp('ConsumerPrivateSubnet3') },
      ],
    });
    expect(endpoint.subnets).toEqual([vpc.isolatedSubnets[0], vpc.isolatedSubnets[2]]);
    Annotations.fromStack(stack).hasWarning(
      '/S/Orders',
      Match.stringLikeRegexp(
        `the endpoint leaves out ${azs[1]} of VPC S/Consumer: the service's load balancer only covers ${azs[0]}, ${azs[2]}`,
      ),
    );
  });

  test('NG-PL-002: an explicit selection outside serviceAvailabilityZones is refused, naming the AZs', () => {
    const { stack, vpc } = setup(2);
    const azs = vpc.isolatedSubnets.map((s) => s.availabilityZone);
    expect(
      () =>
        new PrivateLinkEndpoint(stack, 'Orders', {
          vpc,
          serviceName: SERVICE,
          ports: [443],
          subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
          serviceAvailabilityZones: [azs[0]],
        }),
    ).toThrow(
      new RegExp(
        `S/Orders: subnets selects subnets in ${azs[1]} \\(S/Consumer/PrivateSubnet2\\), but the service's load balancer only covers ${azs[0]}: an endpoint there cannot carry traffic`,
      ),
    );
  });

  test('NG-PL-002: no subnet in any AZ of the service is refused', () => {
    const { stack, vpc } = setup(2);
    expect(
      () =>
        new PrivateLinkEndpoint(stack, 'Orders', {
          vpc,
          serviceName: SERVICE,
          ports: [443],
          serviceAvailabilityZones: ['us-east-1f'],
        }),
    ).toThrow(/S\/Orders: VPC S\/Consumer has no subnet in an AZ the service's load balancer covers \(us-east-1f\)/);
  });

  test('without serviceAvailabilityZones nothing is left out', () => {
    const { stack, vpc } = setup(3);
    new PrivateLinkEndpoint(stack, 'Orders', { vpc, serviceName: SERVICE, ports: [443] });
    const subnets = templateOf(stack).findResources('AWS::EC2::VPCEndpoint');
    expect(Object.values(subnets)[0].Properties.SubnetIds).toHaveLength(3);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('NG-PL-002'));
  });

  test.each([
    [[], /S\/Orders: ports is empty: give at least one port the service listens on/],
    [[0], /S\/Orders: ports contains 0, which is not a port: give integers from 1 to 65535\./],
    [[70000], /S\/Orders: ports contains 70000, which is not a port/],
    [[443, 443], /S\/Orders: ports lists port 443 twice: give each port once\./],
  ])('ports %p are refused', (ports, error) => {
    const { stack, vpc } = setup();
    expect(() => new PrivateLinkEndpoint(stack, 'Orders', { vpc, serviceName: SERVICE, ports })).toThrow(error);
  });

  test('udpPorts are opened as UDP, ports as TCP, each from every allowFrom', () => {
    const { stack, vpc } = setup();
    const endpoint = new PrivateLinkEndpoint(stack, 'Dns', {
      vpc,
      serviceName: SERVICE,
      ports: [53],
      udpPorts: [53, 514],
      allowFrom: [ec2.Peer.ipv4('10.9.0.0/16')],
    });
    const t = templateOf(stack);
    const ingress = t.findResources('AWS::EC2::SecurityGroup', {
      Properties: { GroupDescription: Match.stringLikeRegexp('PrivateLink interface endpoint') },
    });
    const rules = Object.values(ingress)[0].Properties.SecurityGroupIngress.map((r: any) => [
      r.IpProtocol,
      r.FromPort,
      r.CidrIp,
    ]);
    expect(rules).toEqual([
      ['tcp', 53, '10.9.0.0/16'],
      ['udp', 53, '10.9.0.0/16'],
      ['udp', 514, '10.9.0.0/16'],
    ]);
    expect(endpoint.udpPorts).toEqual([53, 514]);
  });

  test('a UDP-only endpoint (ports empty, udpPorts given) is accepted', () => {
    const { stack, vpc } = setup();
    new PrivateLinkEndpoint(stack, 'Syslog', {
      vpc,
      serviceName: SERVICE,
      ports: [],
      udpPorts: [514],
      allowFrom: [ec2.Peer.ipv4('10.9.0.0/16')],
    });
    templateOf(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [Match.objectLike({ IpProtocol: 'udp', FromPort: 514, ToPort: 514 })],
    });
  });

  test('udpPorts out of range are refused', () => {
    const { stack, vpc } = setup();
    expect(
      () => new PrivateLinkEndpoint(stack, 'Orders', { vpc, serviceName: SERVICE, ports: [], udpPorts: [0] }),
    ).toThrow(/S\/Orders: udpPorts contains 0, which is not a port/);
  });

  test('an empty serviceName is refused', () => {
    const { stack, vpc } = setup();
    expect(() => new PrivateLinkEndpoint(stack, 'Orders', { vpc, serviceName: ' ', ports: [443] })).toThrow(
      /S\/Orders: serviceName is empty: give the endpoint service's name/,
    );
  });

  test('a selection with no subnet is refused', () => {
    const { stack, vpc } = setup();
    expect(
      () =>
        new PrivateLinkEndpoint(stack, 'Orders', {
          vpc,
          serviceName: SERVICE,
          ports: [443],
          subnets: { subnetFilters: [ec2.SubnetFilter.byIds(['subnet-elsewhere'])] },
        }),
    ).toThrow(/S\/Orders: subnets selects no subnet of VPC S\/Consumer/);
  });

  test('subnets is taken as given: two subnets in one AZ are refused (NG-EP-001); the default and onePerAz: true take one per AZ', () => {
    const twoGroups = {
      subnetConfiguration: [
        { name: 'AppA', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
        { name: 'AppB', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    };
    const refused = setup(2, twoGroups);
    expect(
      () =>
        new PrivateLinkEndpoint(refused.stack, 'Orders', {
          vpc: refused.vpc,
          serviceName: SERVICE,
          ports: [443],
          subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        }),
    ).toThrow(
      /^S\/Orders: subnets selects two subnets in dummy1a \(S\/Consumer\/AppASubnet1 and S\/Consumer\/AppBSubnet1\): an interface endpoint takes one subnet per Availability Zone\. Add onePerAz: true to the selection, or select one subnet group\. \(NG-EP-001\)$/,
    );
    const subnetsOf = (subnets?: ec2.SubnetSelection) => {
      const { stack, vpc } = setup(2, twoGroups);
      new PrivateLinkEndpoint(stack, 'Orders', { vpc, serviceName: SERVICE, ports: [443], subnets });
      const endpoints = Object.values(templateOf(stack).findResources('AWS::EC2::VPCEndpoint'));
      expect(endpoints).toHaveLength(1);
      return endpoints[0].Properties.SubnetIds.map((s: any) => s.Ref).sort();
    };
    const appA = [
      expect.stringMatching(/^ConsumerAppASubnet1Subnet/),
      expect.stringMatching(/^ConsumerAppASubnet2Subnet/),
    ];
    expect(subnetsOf()).toEqual(appA);
    expect(subnetsOf({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED, onePerAz: true })).toEqual(appA);
  });
});
