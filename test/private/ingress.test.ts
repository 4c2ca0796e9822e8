import { App, Fn } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { VpcCidrBlock } from '../../src/cidr';
import { allowFromBlocks } from '../../src/private/ingress';
import { templateOf, testStack, testVpc } from '../support';

const v4: VpcCidrBlock = { value: '10.0.0.0/16', literal: '10.0.0.0/16', family: 'ipv4', source: 'primary' };

function build() {
  const app = new App();
  const here = testStack(app, 'Here');
  const there = testStack(app, 'There');
  const vpc = testVpc(there, 'Vpc', '10.1.0.0/16', 1);
  const v6: VpcCidrBlock = {
    value: Fn.select(0, (testVpc(here, 'Peer', '10.0.0.0/16', 1).node.defaultChild as ec2.CfnVPC).attrIpv6CidrBlocks),
    family: 'ipv6',
    source: 'Here/PeerIpv6',
  };
  const scope = new Construct(here, 'Rules');
  return { app, here, there, vpc, v6, scope };
}

describe('allowFromBlocks', () => {
  test("a security group of scope's stack gets inline rules, as before", () => {
    const app = new App();
    const here = testStack(app, 'Here');
    const sg = new ec2.SecurityGroup(here, 'Sg', { vpc: testVpc(here, 'Vpc', '10.1.0.0/16', 1) });
    allowFromBlocks(sg, [v4], ec2.Port.tcp(443), 'from x', new Construct(here, 'Rules'));
    const t = templateOf(here);
    t.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    t.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [
        { CidrIp: '10.0.0.0/16', FromPort: 443, ToPort: 443, IpProtocol: 'tcp', Description: 'from x (10.0.0.0/16)' },
      ],
    });
  });

  test("a security group of another stack gets standalone rules in scope's stack, none in its own", () => {
    const { app, here, there, vpc, v6, scope } = build();
    const sg = new ec2.SecurityGroup(there, 'Sg', { vpc, allowAllOutbound: false });
    allowFromBlocks(sg, [v4, v6], ec2.Port.udp(53), 'from x', scope);
    app.synth(); // no dependency cycle
    const t = templateOf(here);
    t.resourceCountIs('AWS::EC2::SecurityGroupIngress', 2);
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::ImportValue': Match.stringLikeRegexp('^There:.*GetAttSg.*GroupId') },
      IpProtocol: 'udp',
      FromPort: 53,
      ToPort: 53,
      CidrIp: '10.0.0.0/16',
      Description: 'from x (10.0.0.0/16)',
    });
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::ImportValue': Match.stringLikeRegexp('^There:.*GetAttSg.*GroupId') },
      CidrIpv6: { 'Fn::Select': [0, { 'Fn::GetAtt': [Match.stringLikeRegexp('^Peer'), 'Ipv6CidrBlocks'] }] },
      Description: 'from x (ipv6)',
    });
    const other = templateOf(there);
    other.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    expect(JSON.stringify(other.findResources('AWS::EC2::SecurityGroup'))).not.toMatch(/SecurityGroupIngress/);
  });

  test('the same rule asked for twice is created once; another port is another rule', () => {
    const { here, there, vpc, scope } = build();
    const sg = new ec2.SecurityGroup(there, 'Sg', { vpc });
    allowFromBlocks(sg, [v4], ec2.Port.tcp(5432), 'from x', scope);
    allowFromBlocks(sg, [v4], ec2.Port.tcp(5432), 'from x', scope);
    allowFromBlocks(sg, [v4], ec2.Port.tcp(5433), 'from x', scope);
    templateOf(here).resourceCountIs('AWS::EC2::SecurityGroupIngress', 2);
  });

  test('a target with one group here and one elsewhere: inline here, standalone for the other', () => {
    const { here, there, vpc, scope } = build();
    const local = new ec2.SecurityGroup(here, 'Local', {
      vpc: ec2.Vpc.fromVpcAttributes(here, 'Imp', { vpcId: 'vpc-1', availabilityZones: ['us-east-1a'] }),
    });
    const remote = new ec2.SecurityGroup(there, 'Remote', { vpc });
    const target = new ec2.Connections({ securityGroups: [local, remote] });
    allowFromBlocks({ connections: target }, [v4], ec2.Port.tcp(443), 'from x', scope);
    const t = templateOf(here);
    t.resourceCountIs('AWS::EC2::SecurityGroupIngress', 1);
    t.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Here/Local',
      SecurityGroupIngress: [Match.objectLike({ CidrIp: '10.0.0.0/16', FromPort: 443 })],
    });
  });

  test('without scope: through connections, as the PrivateLink endpoints use it', () => {
    const { there, vpc } = build();
    const sg = new ec2.SecurityGroup(there, 'Sg', { vpc });
    allowFromBlocks(sg, [v4], ec2.Port.tcp(443), 'from x');
    templateOf(there).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [Match.objectLike({ CidrIp: '10.0.0.0/16' })],
    });
  });
});
