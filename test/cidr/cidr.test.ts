import { App, Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ipaddr from 'ipaddr.js';
import { cidrContains, cidrsOverlap, overlappingBlocks, parseCidr, vpcAddressSpace } from '../../src/cidr';
import { parseCidrText } from '../../src/cidr/ip';
import { testStack, testVpc } from '../support';

describe('CIDR helpers', () => {
  test.each([
    ['10.0.0.0/16', '10.0.255.0/24', true],
    ['10.0.0.0/16', '10.1.0.0/16', false],
    ['10.0.0.0/8', '10.200.0.0/16', true],
    ['10.0.128.0/17', '10.0.0.0/17', false],
    ['2001:db8::/56', '2001:db8:0:ff::/64', true],
    ['2001:db8::/56', '2001:db8:0:100::/64', false],
    ['10.0.0.0/16', '2001:db8::/56', false],
  ])('overlap of %s and %s is %s', (a, b, expected) => {
    expect(cidrsOverlap(a, b)).toBe(expected);
    expect(cidrsOverlap(b, a)).toBe(expected);
  });

  test.each([
    ['10.0.0.0/16', '10.0.1.0/24', true],
    ['10.0.1.0/24', '10.0.0.0/16', false],
    ['10.0.0.0/16', '10.0.0.0/16', true],
    ['2001:db8::/32', '2001:db8:1::/48', true],
    ['2001:db8:1::/48', '2001:db8::/32', false],
  ])('%s contains %s: %s', (outer, inner, expected) => {
    expect(cidrContains(outer, inner)).toBe(expected);
  });

  test('parse gives the canonical block and the family', () => {
    expect(parseCidr('10.0.0.1/16')).toMatchObject({ canonical: '10.0.0.0/16', family: 'ipv4', prefixLength: 16 });
    expect(parseCidr('2001:db8::1/56')).toMatchObject({ canonical: '2001:db8::/56', family: 'ipv6', prefixLength: 56 });
  });

  test('tokens are unknown, never guessed', () => {
    const token = Fn.importValue('SomeCidr');
    expect(parseCidr(token)).toBeUndefined();
    expect(cidrsOverlap(token, '10.0.0.0/16')).toBeUndefined();
    expect(cidrContains('10.0.0.0/8', token)).toBeUndefined();
  });

  test('a literal that is not a CIDR block is an error naming the prop', () => {
    expect(() => parseCidr('10.0.0.0/33', 'clientCidr')).toThrow(/clientCidr: '10\.0\.0\.0\/33' is not a CIDR block/);
    expect(() => parseCidr('banana')).toThrow(/CIDR block: 'banana' is not a CIDR block/);
  });
});

describe('vpcAddressSpace', () => {
  test('sees the literal block behind the GetAtt token of a classic Vpc', () => {
    const stack = testStack(new App());
    const vpc = testVpc(stack, 'Vpc', '10.0.0.0/16');
    expect(vpc.vpcCidrBlock).toMatch(/\$\{Token/);
    const space = vpcAddressSpace(vpc);
    expect(space.blocks).toEqual([{ value: '10.0.0.0/16', literal: '10.0.0.0/16', family: 'ipv4', source: 'primary' }]);
    expect(space.resource).toBe(vpc.node.defaultChild);
  });

  test('counts secondary IPv4 blocks and an Amazon-provided IPv6 block', () => {
    const stack = testStack(new App());
    const vpc = testVpc(stack, 'Vpc', '10.0.0.0/16', 1, { ipProtocol: ec2.IpProtocol.DUAL_STACK });
    new ec2.CfnVPCCidrBlock(stack, 'Second', { vpcId: vpc.vpcId, cidrBlock: '100.64.0.0/16' });
    const blocks = vpcAddressSpace(vpc).blocks;
    expect(blocks.map((b) => [b.family, b.literal])).toEqual([
      ['ipv4', '10.0.0.0/16'],
      ['ipv6', undefined],
      ['ipv4', '100.64.0.0/16'],
    ]);
    expect(stack.resolve(blocks[1].value)).toEqual({
      'Fn::Select': [
        0,
        { 'Fn::GetAtt': [stack.resolve((vpc.node.defaultChild as ec2.CfnVPC).logicalId), 'Ipv6CidrBlocks'] },
      ],
    });
  });

  test('reads the block of a VPC in another stack without a cross-stack reference', () => {
    const app = new App();
    const other = testStack(app, 'Other');
    const vpc = testVpc(other, 'Vpc', '10.7.0.0/16');
    expect(vpcAddressSpace(vpc).blocks[0].value).toBe('10.7.0.0/16');
  });

  test('an imported VPC: a literal block is known, a token is unknown, a missing one is absent', () => {
    const stack = testStack(new App());
    const literal = ec2.Vpc.fromVpcAttributes(stack, 'L', {
      vpcId: 'vpc-1',
      vpcCidrBlock: '10.3.0.0/16',
      availabilityZones: ['a'],
    });
    const token = ec2.Vpc.fromVpcAttributes(stack, 'T', {
      vpcId: 'vpc-2',
      vpcCidrBlock: Fn.importValue('C'),
      availabilityZones: ['a'],
    });
    const none = ec2.Vpc.fromVpcAttributes(stack, 'N', { vpcId: 'vpc-3', availabilityZones: ['a'] });
    expect(vpcAddressSpace(literal).blocks[0].literal).toBe('10.3.0.0/16');
    expect(vpcAddressSpace(token).blocks[0].literal).toBeUndefined();
    expect(vpcAddressSpace(none).blocks).toEqual([]);
    expect(vpcAddressSpace(literal).identity).toBe('vpc-1');
    expect(overlappingBlocks(vpcAddressSpace(literal).blocks, vpcAddressSpace(token).blocks)).toEqual([]);
  });
});

describe('parseCidrText: the dotted-quad fast path gives what ipaddr.js gives', () => {
  const samples: string[] = [];
  let seed = 7;
  const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  for (let i = 0; i < 2000; i++) samples.push(`${next(256)}.${next(256)}.${next(256)}.${next(256)}/${next(33)}`);
  test.each(['0.0.0.0/0', '255.255.255.255/32', '10.1.2.3/15', '172.16.5.4/12'])('%s', (text) => {
    const [, prefix] = ipaddr.parseCIDR(text);
    expect(parseCidrText(text).canonical).toBe(`${ipaddr.IPv4.networkAddressFromCIDR(text).toString()}/${prefix}`);
  });
  test('2,000 random blocks', () => {
    for (const text of samples) {
      const [, prefix] = ipaddr.parseCIDR(text);
      const parsed = parseCidrText(text);
      expect([text, parsed.canonical, parsed.family, parsed.prefixLength]).toEqual([
        text,
        `${ipaddr.IPv4.networkAddressFromCIDR(text).toString()}/${prefix}`,
        'ipv4',
        prefix,
      ]);
    }
  });
});
