import { App, Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { vpcAddressSpace } from '../../src/cidr';
import { parseCidrText } from '../../src/cidr/ip';
import { parseCidrCached } from '../../src/private/parsed-cidrs';
import { HubTransitGateway } from '../../src/transit';
import { templateOf, testStack, testVpc } from '../support';

/** The literal blocks of a VPC as `vpcAddressSpace` sees them now. */
function literals(vpc: ec2.IVpc): (string | undefined)[] {
  return vpcAddressSpace(vpc).blocks.map((b) => b.literal);
}

describe('vpcAddressSpace finds the blocks that exist at each lookup', () => {
  test('a CfnVPCCidrBlock created after the first lookup is found, wherever it is in the stack', () => {
    const stack = testStack(new App());
    const vpc = testVpc(stack, 'Vpc', '10.0.0.0/16');
    expect(literals(vpc)).toEqual(['10.0.0.0/16']);

    // At the stack's root, outside the VPC's subtree.
    new ec2.CfnVPCCidrBlock(stack, 'AtRoot', { vpcId: vpc.vpcId, cidrBlock: '100.64.0.0/24' });
    expect(literals(vpc)).toEqual(['10.0.0.0/16', '100.64.0.0/24']);

    // Deep inside a construct that existed before the lookups.
    const group = new Construct(stack, 'Group');
    const inner = new Construct(group, 'Inner');
    expect(literals(vpc)).toEqual(['10.0.0.0/16', '100.64.0.0/24']);
    new ec2.CfnVPCCidrBlock(inner, 'Deep', { vpcId: vpc.vpcId, cidrBlock: '100.64.1.0/24' });
    expect(literals(vpc)).toEqual(['10.0.0.0/16', '100.64.0.0/24', '100.64.1.0/24']);

    // Inside the VPC's own subtree.
    new ec2.CfnVPCCidrBlock(vpc, 'Own', { vpcId: vpc.vpcId, cidrBlock: '100.64.2.0/24' });
    expect(literals(vpc)).toEqual(['10.0.0.0/16', '100.64.2.0/24', '100.64.0.0/24', '100.64.1.0/24']);
  });

  test("a block's vpcId changed after a lookup is read as it is now", () => {
    const stack = testStack(new App());
    const a = testVpc(stack, 'A', '10.0.0.0/16');
    const b = testVpc(stack, 'B', '10.1.0.0/16');
    const block = new ec2.CfnVPCCidrBlock(stack, 'Moving', { vpcId: a.vpcId, cidrBlock: '100.64.0.0/24' });
    expect(literals(a)).toEqual(['10.0.0.0/16', '100.64.0.0/24']);
    expect(literals(b)).toEqual(['10.1.0.0/16']);

    block.vpcId = b.vpcId;
    expect(literals(a)).toEqual(['10.0.0.0/16']);
    expect(literals(b)).toEqual(['10.1.0.0/16', '100.64.0.0/24']);
  });

  test('IPv6 blocks are numbered in the order of the stack walk, counting blocks created after a lookup', () => {
    const stack = testStack(new App());
    const vpc = testVpc(stack, 'Vpc', '10.0.0.0/16');
    expect(vpcAddressSpace(vpc).blocks.filter((b) => b.family === 'ipv6')).toEqual([]);
    new ec2.CfnVPCCidrBlock(stack, 'First', { vpcId: vpc.vpcId, amazonProvidedIpv6CidrBlock: true });
    new ec2.CfnVPCCidrBlock(stack, 'Second', { vpcId: vpc.vpcId, amazonProvidedIpv6CidrBlock: true });
    const cfnVpc = vpc.node.defaultChild as ec2.CfnVPC;
    const v6 = vpcAddressSpace(vpc).blocks.filter((b) => b.family === 'ipv6');
    expect(v6.map((b) => b.source)).toEqual(['Stack/First', 'Stack/Second']);
    expect(v6.map((b) => stack.resolve(b.value))).toEqual([
      stack.resolve(Fn.select(0, cfnVpc.attrIpv6CidrBlocks)),
      stack.resolve(Fn.select(1, cfnVpc.attrIpv6CidrBlocks)),
    ]);
  });

  test("a hub's prefix list lists a secondary block created after an earlier attachment's lookup", () => {
    const stack = testStack(new App());
    const hub = new HubTransitGateway(stack, 'Hub');
    const segment = hub.addSegment('spokes');
    const a = testVpc(stack, 'A', '10.0.0.0/16');
    const b = testVpc(stack, 'B', '10.1.0.0/16');
    hub.attachVpc('AttachA', { vpc: a, segment });
    // Created after the first lookup, for a VPC that existed then, outside that VPC's subtree.
    new ec2.CfnVPCCidrBlock(stack, 'BExtra', { vpcId: b.vpcId, cidrBlock: '100.64.0.0/24' });
    hub.attachVpc('AttachB', { vpc: b, segment });

    templateOf(stack).hasResourceProperties('AWS::EC2::PrefixList', {
      MaxEntries: 20,
      Entries: [
        { Cidr: '10.0.0.0/16', Description: 'AttachA' },
        { Cidr: '10.1.0.0/16', Description: 'AttachB' },
        { Cidr: '100.64.0.0/24', Description: 'AttachB' },
      ],
    });
  });
});

describe('parseCidrCached', () => {
  /** What the tests compare: every field, the network address as text. */
  const shape = (p: ReturnType<typeof parseCidrText> | undefined) =>
    p && { ...p, network: `${p.network.kind()} ${p.network.toString()}` };

  test.each([
    '10.0.0.0/16',
    '10.0.0.1/16',
    '0.0.0.0/0',
    '255.255.255.255/32',
    '172.16.5.4/12',
    '2001:db8::/56',
    '2001:db8::1/56',
  ])('%s parses as parseCidrText parses it, the same on a second call', (text) => {
    const expected = shape(parseCidrText(text));
    expect(shape(parseCidrCached(text))).toEqual(expected);
    expect(shape(parseCidrCached(text))).toEqual(expected);
  });

  test.each([
    '10.0.0.256/24',
    '10.0.0.0/33',
    '10.0.0.0',
    'ten/8',
    '10.0.0.0/-1',
    // Forms ipaddr.js reads but AWS refuses (and which would be judged as another block: 010 is octal 8).
    '10.0.0.0/08',
    '010.0.0.0/8',
    '10.0.0/8',
    '10/8',
    '0xa.0.0.0/8',
  ])('%s throws on every call, naming the prop', (text) => {
    expect(() => parseCidrCached(text, 'routeTo[0]')).toThrow(/routeTo\[0\]: '.*' is not a CIDR block/);
    expect(() => parseCidrCached(text, 'routeTo[0]')).toThrow(/routeTo\[0\]: '.*' is not a CIDR block/);
  });

  test('a token is unknown, never cached as a block', () => {
    const token = Fn.importValue('SomeCidr');
    expect(parseCidrCached(token)).toBeUndefined();
    expect(parseCidrCached(token)).toBeUndefined();
  });
});
