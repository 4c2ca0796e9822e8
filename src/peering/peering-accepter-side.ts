import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { additionalBlocks, assertDnsPrerequisites, warnImportedBlocks } from './checks';
import { PeeringDnsResolution } from './peering-dns';
import { IpFamily, overlappingBlocks, parseCidr, vpcAddressSpace, VpcCidrBlock } from '../cidr';
import { propError, warn } from '../private/errors';
import { allowFromBlocks } from '../private/ingress';
import { selectRouteTables } from '../private/route-tables';
import { addRoutes } from '../private/routes';

/**
 * Properties of a `PeeringAccepterSide`.
 */
export interface PeeringAccepterSideProps {
  /** The id of the peering connection (`pcx-...`), from the requester's `PeeredVpcPair.peeringConnectionId`. */
  readonly peeringConnectionId: string;

  /** The accepter VPC, in this stack's account and Region. */
  readonly vpc: ec2.IVpc;

  /**
   * Every CIDR block of the requester VPC (IPv4 and IPv6). The requester is in another account or Region, so only
   * literal blocks can be routed: a token (an Amazon-provided IPv6 block of a dual-stack requester, known only once
   * it is deployed) gets no route and no rule, with a warning; look it up after the requester's deploy and give it
   * as a literal. `PeeredVpcPair.requesterCidrBlocks` lists every block, `requesterLiteralCidrBlocks` the literals.
   */
  readonly requesterCidrBlocks: string[];

  /**
   * CIDR blocks of `vpc` that CDK cannot see, as literals (IPv4 or IPv6): an imported VPC (`ec2.Vpc.fromLookup`,
   * `fromVpcAttributes`) shows only its primary block. The overlap check includes them, and an IPv6 block here lets
   * the VPC's route tables get routes to the requester's IPv6 blocks.
   *
   * @default - none; a warning when `vpc` is imported (`[]` declares that it has no other block)
   */
  readonly additionalVpcCidrBlocks?: string[];

  /**
   * The subnets whose route tables get routes to the requester VPC.
   *
   * @default - every subnet of the VPC (public, private and isolated)
   */
  readonly subnets?: ec2.SubnetSelection[];

  /**
   * Make the public DNS hostnames of this VPC's instances resolve to their private IP addresses when queried from
   * the requester VPC (the accepter's option of `ModifyVpcPeeringConnectionOptions`, set from this account and
   * Region once the connection is `active`). `vpc` needs DNS hostnames and DNS support: a VPC of this app with
   * `enableDnsHostnames` (or `enableDnsSupport`) off is refused. It does nothing for Route 53 private hosted zones
   * (associate the zone with the requester VPC for that).
   *
   * @default true
   * @see https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-dns.html
   */
  readonly dnsResolution?: boolean;

  /**
   * The account of the requester VPC. The DNS custom resource's policy is always scoped to this connection id and
   * to connections whose accepter VPC is `vpc` (`ec2:AccepterVpc`); with this account it is also limited to
   * connections whose requester VPC is in that account (`ec2:RequesterVpc`).
   *
   * @default - any requester account
   */
  readonly requesterAccount?: string;
}

/**
 * The accepter's half of a cross-account or cross-Region peering connection, for the accepter's stack: routes in
 * every selected route table to every requester CIDR block, the accepter's DNS resolution option, and
 * `allowFromRequester`.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-routing.html
 */
export class PeeringAccepterSide extends Construct {
  /** The routes added to the VPC's route tables. */
  public readonly routes: ec2.CfnRoute[];

  private readonly requesterBlocks: VpcCidrBlock[];

  /**
   * @param scope a construct of a stack in the accepter VPC's account and Region
   * @param id the construct id; it is part of the logical id of every resource below it (renaming it replaces them)
   * @param props the connection id, the accepter VPC, the requester's CIDR blocks, and the subnets that get routes
   */
  constructor(scope: Construct, id: string, props: PeeringAccepterSideProps) {
    super(scope, id);
    if (props.requesterCidrBlocks.length === 0) {
      throw propError(
        this,
        'requesterCidrBlocks is empty: give every CIDR block of the requester VPC (PeeredVpcPair.requesterCidrBlocks), or no route can be added.',
      );
    }
    if (
      props.requesterAccount !== undefined &&
      !Token.isUnresolved(props.requesterAccount) &&
      !/^\d{12}$/.test(props.requesterAccount)
    ) {
      throw propError(
        this,
        `requesterAccount '${props.requesterAccount}' is not an AWS account id. Give the 12-digit id of the account of the requester VPC, or leave requesterAccount out.`,
      );
    }
    const tokens: string[] = [];
    const requesterBlocks: VpcCidrBlock[] = [];
    for (const [i, value] of props.requesterCidrBlocks.entries()) {
      if (Token.isUnresolved(value)) {
        tokens.push(`requesterCidrBlocks[${i}]`);
        continue;
      }
      let parsed;
      try {
        parsed = parseCidr(value, `requesterCidrBlocks[${i}]`)!;
      } catch (e) {
        throw propError(this, (e as Error).message);
      }
      const family: IpFamily = parsed.family;
      requesterBlocks.push({ value, literal: value, family, source: `requesterCidrBlocks[${i}]` });
    }
    if (requesterBlocks.length === 0) {
      throw propError(
        this,
        `requesterCidrBlocks has no literal block (${tokens.join(', ')} are tokens): the requester VPC is in another account or Region, so its blocks must be given as literals such as '10.0.0.0/16' (PeeredVpcPair.requesterLiteralCidrBlocks).`,
      );
    }
    this.requesterBlocks = requesterBlocks;
    const space = vpcAddressSpace(props.vpc);
    const vpcBlocks = [
      ...space.blocks,
      ...additionalBlocks(
        this,
        'additionalVpcCidrBlocks',
        props.additionalVpcCidrBlocks,
        `vpc ${props.vpc.node.path}`,
        space.blocks,
      ),
    ];
    const overlaps = overlappingBlocks(this.requesterBlocks, vpcBlocks);
    if (overlaps.length > 0) {
      throw propError(
        this,
        `requesterCidrBlocks overlap the blocks of vpc ${props.vpc.node.path}: ${overlaps.map(([x, y]) => `${x} overlaps ${y}`).join('; ')}. AWS cannot peer VPCs whose blocks overlap. (NG-PEER-001)`,
      );
    }
    const dnsResolution = props.dnsResolution ?? true;
    if (dnsResolution) {
      assertDnsPrerequisites(this, [['vpc', props.vpc]]);
    }
    const tables = selectRouteTables(this, props.vpc, props.subnets, 'subnets');
    const localIpv6 = vpcBlocks.some((b) => b.family === 'ipv6');

    this.routes = addRoutes(
      new Construct(this, 'Routes'),
      tables,
      this.requesterBlocks.filter((b) => b.family === 'ipv4' || localIpv6),
      { vpcPeeringConnectionId: props.peeringConnectionId },
    );
    if (dnsResolution) {
      new PeeringDnsResolution(this, 'DnsResolution', {
        peeringConnectionId: props.peeringConnectionId,
        requester: false,
        accepter: true,
        accepterVpc: props.vpc,
        requesterAccount: props.requesterAccount,
      });
    }
    for (const what of tokens) {
      warn(
        this,
        'peering-requester-block-token',
        `${what} is not known at synth (a token, such as the Amazon-provided IPv6 block of a dual-stack requester): it cannot be referenced from another account or Region, so no route and no rule go to it. Look the block up once the requester is deployed and give it as a literal in requesterCidrBlocks.`,
      );
    }
    warnImportedBlocks(this, 'vpc', props.vpc, space, 'additionalVpcCidrBlocks', props.additionalVpcCidrBlocks);
  }

  /**
   * Allow traffic from every requester CIDR block to `target`, on `port` only: an ingress rule on each of the
   * target's security groups.
   *
   * @param target what to open in the accepter VPC: a security group, or anything with `connections` (an instance, a
   *   database)
   * @param port the port or port range to open, such as `ec2.Port.tcp(5432)`
   */
  public allowFromRequester(target: ec2.IConnectable, port: ec2.Port): void {
    allowFromBlocks(target, this.requesterBlocks, port, `from ${this.node.path} requester VPC`, this);
  }
}
