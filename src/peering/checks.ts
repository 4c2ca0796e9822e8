import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { overlappingBlocks, parseCidr, VpcAddressSpace, vpcResourceOf, VpcCidrBlock } from '../cidr';
import { propError, warn } from '../private/errors';

/**
 * The blocks a user declares for a VPC on top of those CDK sees (`additionalRequesterCidrBlocks` and the like):
 * literals only (a route must know whether a block is IPv4 or IPv6), none overlapping another block of the same VPC
 * (AWS never associates overlapping blocks with one VPC, so an overlap is a typo or a block given twice).
 * Not exported from the package.
 */
export function additionalBlocks(
  scope: IConstruct,
  prop: string,
  values: string[] | undefined,
  vpcLabel: string,
  known: VpcCidrBlock[],
): VpcCidrBlock[] {
  const blocks: VpcCidrBlock[] = [];
  for (const [i, value] of (values ?? []).entries()) {
    const what = `${prop}[${i}]`;
    if (Token.isUnresolved(value)) {
      throw propError(
        scope,
        `${what} is a token (${value}): give the block as a literal such as '100.64.0.0/16' or '2600:1f18:abcd:1200::/56' (a route must know whether the block is IPv4 or IPv6).`,
      );
    }
    let parsed;
    try {
      parsed = parseCidr(value, what)!;
    } catch (e) {
      throw propError(scope, (e as Error).message);
    }
    const block: VpcCidrBlock = { value, literal: value, family: parsed.family, source: what };
    const clash = overlappingBlocks([block], [...known, ...blocks]);
    if (clash.length > 0) {
      throw propError(
        scope,
        `${what} '${value}' overlaps ${clash.map(([, y]) => `'${y}'`).join(', ')}, a block ${vpcLabel} already has: a VPC's blocks never overlap. List each block of the VPC once, and only those CDK cannot see.`,
      );
    }
    blocks.push(block);
  }
  return blocks;
}

/**
 * Warns when a VPC is imported (no `AWS::EC2::VPC` of this app behind it) and no additional blocks are declared:
 * `Vpc.fromLookup` and `fromVpcAttributes` know only the primary block.
 */
export function warnImportedBlocks(
  scope: IConstruct,
  label: string,
  vpc: ec2.IVpc,
  space: VpcAddressSpace,
  additionalProp: string,
  additional: string[] | undefined,
): void {
  if (space.resource !== undefined || additional !== undefined) {
    return;
  }
  const primary = space.blocks.find((b) => b.source === 'primary');
  warn(
    scope,
    'peering-imported-vpc-blocks',
    `${label} ${vpc.node.path} is imported, so only its primary block${primary?.literal ? ` ${primary.literal}` : ''} is known: a secondary block it has (an EKS pod range such as 100.64.0.0/16, an IPv6 block) gets no route and no rule, and escapes the overlap check. List its other blocks in ${additionalProp}, or set ${additionalProp}: [] when it has none.`,
  );
}

/**
 * DNS resolution over peering needs DNS hostnames and DNS support on both VPCs. Refuses `dnsResolution` when a VPC
 * of this app (an `AWS::EC2::VPC` whose values are known) has either off; an imported VPC is unknown and passes.
 * @see https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-dns.html
 */
export function assertDnsPrerequisites(scope: IConstruct, vpcs: [string, ec2.IVpc][]): void {
  const problems: string[] = [];
  for (const [label, vpc] of vpcs) {
    const resource = vpcResourceOf(vpc);
    if (!resource || !ec2.CfnVPC.isCfnVPC(resource)) {
      continue;
    }
    const off: string[] = [];
    const hostnames = resource.enableDnsHostnames;
    if (!Token.isUnresolved(hostnames) && hostnames !== true) {
      // CloudFormation's default for EnableDnsHostnames is false.
      off.push(`enableDnsHostnames ${hostnames ?? 'unset (false)'}`);
    }
    const support = resource.enableDnsSupport;
    if (!Token.isUnresolved(support) && support === false) {
      off.push('enableDnsSupport false');
    }
    if (off.length > 0) {
      problems.push(`${label} ${vpc.node.path} has ${off.join(' and ')}`);
    }
  }
  if (problems.length > 0) {
    throw propError(
      scope,
      `dnsResolution is on (the default), but ${problems.join('; ')}. DNS resolution over a peering connection needs DNS hostnames and DNS support on both VPCs. Set enableDnsHostnames: true (and enableDnsSupport: true) on the VPC, or set dnsResolution: false.`,
    );
  }
}
