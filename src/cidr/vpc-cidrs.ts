import { CfnResource, Fn, Reference, Stack, Token, Tokenization } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { IpFamily, parsedOverlap } from './cidr';
import { parseCidrCached } from '../private/parsed-cidrs';

/** One CIDR block of a VPC, as far as it is known at synth time. */
export interface VpcCidrBlock {
  /** The value to write into a route or rule: the literal block when it is known, otherwise a token. */
  readonly value: string;
  /** The literal block, when it is known at synth time. */
  readonly literal?: string;
  readonly family: IpFamily;
  /** Where it comes from, for messages: `primary`, or the path of the `AWS::EC2::VPCCidrBlock`. */
  readonly source: string;
  /** The resource that associates the block with the VPC (secondary blocks), to order dependants after it. */
  readonly association?: CfnResource;
}

/** What is known about the address space of a VPC. */
export interface VpcAddressSpace {
  readonly blocks: VpcCidrBlock[];
  /** The `AWS::EC2::VPC` resource behind the VPC, when it is in this app. */
  readonly resource?: CfnResource;
  /** A key that is equal for two handles of the same VPC: the resource's path, or the literal VPC id. */
  readonly identity: string;
  /**
   * Blocks that are associated but cannot be written into a route: IPv4 blocks allocated from an IPAM pool, which
   * CloudFormation gives no attribute for. Listed by the path of their `AWS::EC2::VPCCidrBlock`.
   */
  readonly unroutable: string[];
}

/**
 * Find the `AWS::EC2::VPC` resource of this app behind a VPC handle: its default child, or the resource a
 * `Ref`/`Fn::GetAtt` token in its `vpcId` points to (a `VpcV2`, a VPC of another stack, a wrapper).
 */
export function vpcResourceOf(vpc: ec2.IVpc): CfnResource | undefined {
  const child = vpc.node.defaultChild;
  if (ec2.CfnVPC.isCfnVPC(child)) {
    return child;
  }
  return referencedResource(vpc.vpcId, 'AWS::EC2::VPC');
}

/** The CloudFormation resource that a string token refers to (`Ref` or `Fn::GetAtt`), if it has that type. */
export function referencedResource(value: string | undefined, type: string): CfnResource | undefined {
  if (value === undefined || !Token.isUnresolved(value)) {
    return undefined;
  }
  const token = Tokenization.reverseString(value).firstToken;
  if (!token || !Reference.isReference(token)) {
    return undefined;
  }
  const target: IConstruct = token.target;
  return CfnResource.isCfnResource(target) && target.cfnResourceType === type ? target : undefined;
}

/**
 * Every CIDR block of a VPC: the primary IPv4 block and each `AWS::EC2::VPCCidrBlock` (IPv4 and IPv6) of the app
 * that names the VPC. Tokens of resources in this app are seen through: a classic `ec2.Vpc` exposes its block as
 * `Fn::GetAtt`, yet the literal `10.0.0.0/16` of its `AWS::EC2::VPC` is returned. A block that is really unknown
 * (an imported VPC given a token, an IPAM allocation) is returned with a token `value` and no `literal`.
 */
export function vpcAddressSpace(vpc: ec2.IVpc): VpcAddressSpace {
  const resource = vpcResourceOf(vpc);
  const blocks: VpcCidrBlock[] = [];
  const unroutable: string[] = [];

  const primary = primaryBlock(vpc, resource);
  if (primary) {
    blocks.push(primary);
  }
  if (resource && ec2.CfnVPC.isCfnVPC(resource)) {
    let ipv6Index = 0;
    for (const assoc of associationsOf(resource)) {
      if (assoc.cidrBlock !== undefined || assoc.ipv4IpamPoolId !== undefined) {
        const literal = literalCidr(assoc.cidrBlock);
        if (literal) {
          blocks.push({ value: literal, literal, family: 'ipv4', source: assoc.node.path, association: assoc });
        } else {
          // An IPAM-allocated (or token) IPv4 block has no attribute to route to: reported, never guessed.
          unroutable.push(assoc.node.path);
        }
        continue;
      }
      const literal = literalCidr(assoc.ipv6CidrBlock);
      const value = literal ?? Fn.select(ipv6Index, resource.attrIpv6CidrBlocks);
      ipv6Index++;
      blocks.push({ value, literal, family: 'ipv6', source: assoc.node.path, association: assoc });
    }
  }

  return { blocks, resource, identity: identityOf(vpc, resource), unroutable };
}

/** `vpcAddressSpace(vpc).identity`, without looking for secondary blocks. */
export function vpcIdentity(vpc: ec2.IVpc): string {
  return identityOf(vpc, vpcResourceOf(vpc));
}

/** The primary IPv4 block of `vpcAddressSpace(vpc)`, without looking for secondary blocks. */
export function vpcPrimaryBlock(vpc: ec2.IVpc): VpcCidrBlock | undefined {
  return primaryBlock(vpc, vpcResourceOf(vpc));
}

function identityOf(vpc: ec2.IVpc, resource: CfnResource | undefined): string {
  return resource ? resource.node.path : !Token.isUnresolved(vpc.vpcId) ? vpc.vpcId : vpc.node.path;
}

function primaryBlock(vpc: ec2.IVpc, resource: CfnResource | undefined): VpcCidrBlock | undefined {
  let value: string;
  try {
    value = vpc.vpcCidrBlock;
  } catch {
    // An imported VPC without `vpcCidrBlock` throws: nothing is known.
    return undefined;
  }
  if (value === undefined) {
    return undefined;
  }
  const literal =
    literalCidr(value) ??
    (resource && ec2.CfnVPC.isCfnVPC(resource) && isGetAttOf(value, resource)
      ? literalCidr(resource.cidrBlock)
      : undefined);
  return { value: literal ?? value, literal, family: 'ipv4', source: 'primary' };
}

function isGetAttOf(value: string, resource: CfnResource): boolean {
  const token = Token.isUnresolved(value) ? Tokenization.reverseString(value).firstToken : undefined;
  return !!token && Reference.isReference(token) && token.target === resource;
}

function literalCidr(value: string | undefined): string | undefined {
  return value !== undefined && parseCidrCached(value) ? value : undefined;
}

/**
 * The `AWS::EC2::VPCCidrBlock` resources of the VPC's stack that name this VPC, in the order of a pre-order walk of
 * the stack (`node.findAll()`'s order, which numbers the IPv6 blocks).
 *
 * The stack is walked on every call: a block created after an earlier lookup, anywhere in the stack, is found, and
 * `vpcId` is read as it is now (it is a mutable property). What is kept between calls is what does not change: the
 * VPC each block's `vpcId` names, re-read only when the `vpcId` value differs. The walk collects only blocks, with no
 * array of every construct in between. Inside `withVpcBlockIndex`, where nothing creates constructs, each stack is
 * walked once for every VPC asked about.
 */
function associationsOf(resource: ec2.CfnVPC): ec2.CfnVPCCidrBlock[] {
  const stack = Stack.of(resource);
  if (activeIndex) {
    let byVpc = activeIndex.get(stack);
    if (!byVpc) {
      byVpc = blocksByVpc(stack);
      activeIndex.set(stack, byVpc);
    }
    return byVpc.get(resource) ?? [];
  }
  return blocksByVpc(stack, resource).get(resource) ?? [];
}

/** The blocks of a stack by the VPC they name (only `only`'s, when given), in pre-order. */
function blocksByVpc(stack: Stack, only?: CfnResource): Map<CfnResource, ec2.CfnVPCCidrBlock[]> {
  const found = new Map<CfnResource, ec2.CfnVPCCidrBlock[]>();
  const visit = (c: IConstruct): void => {
    if (ec2.CfnVPCCidrBlock.isCfnVPCCidrBlock(c)) {
      const vpc = vpcOfBlock(c);
      if (vpc !== undefined && (only === undefined || vpc === only)) {
        const list = found.get(vpc);
        if (list) list.push(c);
        else found.set(vpc, [c]);
      }
    }
    for (const child of c.node.children) {
      visit(child);
    }
  };
  visit(stack);
  return found;
}

/** The stacks walked during the current `withVpcBlockIndex` call. */
let activeIndex: Map<Stack, Map<CfnResource, ec2.CfnVPCCidrBlock[]>> | undefined;

/**
 * Runs `compute`, in which `vpcAddressSpace` walks each stack once, however many VPCs it is asked about. Only for
 * code that creates no construct while it runs (a synth-time computation, a loop of lookups): a block created
 * inside `compute` after its stack was walked would be missed.
 */
export function withVpcBlockIndex<T>(compute: () => T): T {
  if (activeIndex) return compute();
  activeIndex = new Map();
  try {
    return compute();
  } finally {
    activeIndex = undefined;
  }
}

/** The `AWS::EC2::VPC` a block's `vpcId` refers to, by block, for the `vpcId` value it was read from. */
const blockVpcs = new WeakMap<ec2.CfnVPCCidrBlock, { readonly vpcId: string; readonly vpc?: CfnResource }>();

function vpcOfBlock(block: ec2.CfnVPCCidrBlock): CfnResource | undefined {
  const vpcId = block.vpcId;
  const known = blockVpcs.get(block);
  if (known !== undefined && known.vpcId === vpcId) {
    return known.vpc;
  }
  const vpc = referencedResource(vpcId, 'AWS::EC2::VPC');
  blockVpcs.set(block, { vpcId, vpc });
  return vpc;
}

/**
 * Every pair of overlapping blocks between two lists (IPv4 with IPv4, IPv6 with IPv6), as literals. Blocks not known
 * at synth are skipped, never guessed.
 */
export function overlappingBlocks(a: VpcCidrBlock[], b: VpcCidrBlock[]): [string, string][] {
  const found: [string, string][] = [];
  for (const x of a) {
    const px = x.literal ? parseCidrCached(x.literal) : undefined;
    if (!px) continue;
    for (const y of b) {
      const py = y.literal ? parseCidrCached(y.literal) : undefined;
      if (py && parsedOverlap(px, py)) {
        found.push([x.literal!, y.literal!]);
      }
    }
  }
  return found;
}
