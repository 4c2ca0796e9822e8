import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct, IConstruct } from 'constructs';
import { additionalBlocks, assertDnsPrerequisites, warnImportedBlocks } from './checks';
import { PeeringDnsResolution } from './peering-dns';
import { overlappingBlocks, vpcAddressSpace, VpcCidrBlock } from '../cidr';
import { sameEnvValue } from '../private/env';
import { propError, warn } from '../private/errors';
import { allowFromBlocks } from '../private/ingress';
import { appRegistry } from '../private/registry';
import { selectRouteTables } from '../private/route-tables';
import { addRoutes } from '../private/routes';

/**
 * Properties of a `PeeredVpcPair`.
 */
export interface PeeredVpcPairProps {
  /**
   * The VPC that requests the peering connection. It must be in this stack's environment.
   */
  readonly requesterVpc: ec2.IVpc;

  /**
   * The VPC that accepts it: in this stack, another stack, or imported
   * (`ec2.Vpc.fromVpcAttributes` with `vpcCidrBlock`, or `ec2.Vpc.fromLookup`).
   */
  readonly accepterVpc: ec2.IVpc;

  /**
   * The account of the accepter VPC. When it differs from this stack's account, `accepterRoleArn` is required and
   * only the requester's routes are added here; deploy `PeeringAccepterSide` in the accepter's stack.
   *
   * @default - the accepter VPC's account (for an imported VPC, this stack's account)
   */
  readonly accepterAccount?: string;

  /**
   * The Region of the accepter VPC. When it differs from this stack's Region, only the requester's routes are added
   * here; deploy `PeeringAccepterSide` in the accepter's stack.
   *
   * @default - the accepter VPC's Region (for an imported VPC, this stack's Region)
   */
  readonly accepterRegion?: string;

  /**
   * A role in the accepter account that lets this account accept the connection (see `PeeringAccepterRole`).
   * Required when `accepterAccount` differs from this stack's account; refused otherwise.
   *
   * @default - none: same-account peering is accepted by CloudFormation itself
   * @see https://docs.aws.amazon.com/vpc/latest/peering/peer-with-vpc-in-another-account.html
   */
  readonly accepterRoleArn?: string;

  /**
   * The subnets whose route tables get routes to the accepter VPC.
   *
   * @default - every subnet of the requester VPC (public, private and isolated)
   */
  readonly requesterSubnets?: ec2.SubnetSelection[];

  /**
   * The subnets whose route tables get routes to the requester VPC. Only where the accepter's routes are managed
   * here (same account and Region); otherwise give the selection to `PeeringAccepterSide`.
   *
   * @default - every subnet of the accepter VPC
   */
  readonly accepterSubnets?: ec2.SubnetSelection[];

  /**
   * Make the public DNS hostnames of each VPC's instances (`ec2-203-0-113-25.compute-1.amazonaws.com`) resolve to
   * their private IP addresses when queried from the peer VPC, so traffic by name stays on the connection. A custom
   * resource waits until the connection is `active` (AWS refuses the option before), then calls
   * `ModifyVpcPeeringConnectionOptions`, allowed for this connection only. Across accounts or Regions this stack
   * sets the requester's option and `PeeringAccepterSide` sets the accepter's.
   *
   * Both VPCs need DNS hostnames and DNS support: a VPC of this app with `enableDnsHostnames` (or
   * `enableDnsSupport`) off is refused; set it on, or set `dnsResolution: false`. An imported VPC cannot be checked.
   *
   * It does nothing for Route 53 private hosted zones: for a zone's names to resolve in the peer VPC, associate the
   * zone with that VPC (across accounts: an association authorization first).
   *
   * @default true
   * @see https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-dns.html
   */
  readonly dnsResolution?: boolean;

  /**
   * CIDR blocks of the requester VPC that CDK cannot see, as literals (IPv4 or IPv6): an imported VPC
   * (`ec2.Vpc.fromLookup`, `fromVpcAttributes`) shows only its primary block, so its secondary blocks must be listed
   * here. Routes in the accepter VPC, `allowFromRequester` rules and the overlap check include them.
   *
   * @default - none; a warning when the requester VPC is imported (`[]` declares that it has no other block)
   */
  readonly additionalRequesterCidrBlocks?: string[];

  /**
   * CIDR blocks of the accepter VPC that CDK cannot see, as literals (IPv4 or IPv6): an imported VPC
   * (`ec2.Vpc.fromLookup`, `fromVpcAttributes`) shows only its primary block, so its secondary blocks (an EKS pod
   * range such as `100.64.0.0/16`) must be listed here. Routes in the requester VPC, `allowFromAccepter` rules and
   * the overlap check include them.
   *
   * @default - none; a warning when the accepter VPC is imported (`[]` declares that it has no other block)
   */
  readonly additionalAccepterCidrBlocks?: string[];
}

/**
 * A VPC peering connection with everything it needs to carry traffic: routes in every selected route table of both
 * VPCs to every CIDR block of the other side (secondary and IPv6 blocks included), DNS resolution, and
 * `allowFromRequester` / `allowFromAccepter` for security-group rules.
 *
 * Same account and Region: this construct does both sides. Across accounts or Regions: it creates the connection
 * (`PeerOwnerId`, `PeerRegion`, `PeerRoleArn`) and the requester's side only; `PeeringAccepterSide` does the
 * accepter's side in the accepter's stack, and `PeeringAccepterRole` lets this account accept.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/peering/what-is-vpc-peering.html
 */
export class PeeredVpcPair extends Construct {
  /** The id of the peering connection (`pcx-...`). */
  public readonly peeringConnectionId: string;

  /** The `AWS::EC2::VPCPeeringConnection` resource. */
  public readonly peeringConnection: ec2.CfnVPCPeeringConnection;

  /** Whether the accepter VPC is in another account than this stack. */
  public readonly crossAccount: boolean;

  /** Whether the accepter VPC is in another Region than this stack. */
  public readonly crossRegion: boolean;

  /** Whether this construct adds the accepter's routes (same account and Region). */
  public readonly managesAccepterSide: boolean;

  /** The routes added to the requester VPC's route tables. */
  public readonly requesterRoutes: ec2.CfnRoute[];

  /** The routes added to the accepter VPC's route tables (empty across accounts or Regions). */
  public readonly accepterRoutes: ec2.CfnRoute[];

  /**
   * Every CIDR block of the requester VPC (additional blocks included), as routes and rules use them: a literal
   * where known at synth, otherwise a token (an Amazon-provided IPv6 block is known only at deploy time).
   */
  public readonly requesterCidrBlocks: string[];

  /** Every CIDR block of the accepter VPC (additional blocks included), as routes and rules use them. */
  public readonly accepterCidrBlocks: string[];

  /**
   * The blocks of `requesterCidrBlocks` whose value is known at synth: the ones that can cross an account or Region
   * boundary. Give these to `PeeringAccepterSide` as `requesterCidrBlocks`; a block known only at deploy time (an
   * Amazon-provided IPv6 block) must be looked up after the first deploy and added there as a literal.
   */
  public readonly requesterLiteralCidrBlocks: string[];

  /** The blocks of `accepterCidrBlocks` whose value is known at synth. */
  public readonly accepterLiteralCidrBlocks: string[];

  private readonly requesterBlocks: VpcCidrBlock[];
  private readonly accepterBlocks: VpcCidrBlock[];

  /**
   * @param scope the construct to create the connection under, in a stack of the requester VPC's account and Region
   * @param id the construct id; it is part of the logical id of every resource below it (renaming it replaces them)
   * @param props the two VPCs, the subnets that get routes, DNS resolution, and the accepter's account, Region and role
   */
  constructor(scope: Construct, id: string, props: PeeredVpcPairProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { requesterVpc, accepterVpc } = props;

    // Everything is checked before anything is created.
    const known = (a: string, b: string) => !Token.isUnresolved(a) && !Token.isUnresolved(b);
    if (
      (known(requesterVpc.env.account, stack.account) && requesterVpc.env.account !== stack.account) ||
      (known(requesterVpc.env.region, stack.region) && requesterVpc.env.region !== stack.region)
    ) {
      throw propError(
        this,
        `requesterVpc ${requesterVpc.node.path} is in ${requesterVpc.env.account}/${requesterVpc.env.region}, but this stack deploys to ${stack.account}/${stack.region}. Create the PeeredVpcPair in a stack of the requester VPC's environment.`,
      );
    }
    const accepterAccount = props.accepterAccount ?? accepterVpc.env.account;
    const accepterRegion = props.accepterRegion ?? accepterVpc.env.region;
    this.crossAccount = !sameEnvValue(accepterAccount, stack.account);
    this.crossRegion = !sameEnvValue(accepterRegion, stack.region);
    this.managesAccepterSide = !this.crossAccount && !this.crossRegion;

    if (this.crossAccount && props.accepterRoleArn === undefined) {
      throw propError(
        this,
        `accepterAccount '${accepterAccount}' differs from this stack's account '${stack.account}', so accepterRoleArn is required: deploy a PeeringAccepterRole in account ${accepterAccount} and pass its roleArn.`,
      );
    }
    if (!this.crossAccount && props.accepterRoleArn !== undefined) {
      throw propError(
        this,
        `accepterRoleArn '${props.accepterRoleArn}' is given, but the accepter VPC is in this stack's account '${stack.account}': same-account peering needs no role. Remove accepterRoleArn, or set accepterAccount to the other account.`,
      );
    }
    if (!this.managesAccepterSide && props.accepterSubnets !== undefined) {
      throw propError(
        this,
        `accepterSubnets is given, but the accepter VPC is in ${accepterAccount}/${accepterRegion} while this stack is in ${stack.account}/${stack.region}: its routes cannot be managed here. Remove accepterSubnets and pass the selection to PeeringAccepterSide in the accepter's stack.`,
      );
    }

    const requesterSpace = vpcAddressSpace(requesterVpc);
    const accepterSpace = vpcAddressSpace(accepterVpc);
    if (requesterSpace.identity === accepterSpace.identity) {
      throw propError(
        this,
        `requesterVpc and accepterVpc are the same VPC (${requesterSpace.identity}): a VPC cannot be peered with itself. Pass two different VPCs.`,
      );
    }
    for (const [prop, vpc, space] of [
      ['requesterVpc', requesterVpc, requesterSpace],
      ['accepterVpc', accepterVpc, accepterSpace],
    ] as const) {
      if (space.blocks.length === 0) {
        throw propError(
          this,
          `${prop} ${vpc.node.path} has no CIDR block this construct can route to. Import it with its block (ec2.Vpc.fromVpcAttributes({ vpcCidrBlock: '10.1.0.0/16', ... })).`,
        );
      }
    }
    this.requesterBlocks = [
      ...requesterSpace.blocks,
      ...additionalBlocks(
        this,
        'additionalRequesterCidrBlocks',
        props.additionalRequesterCidrBlocks,
        `requesterVpc ${requesterVpc.node.path}`,
        requesterSpace.blocks,
      ),
    ];
    this.accepterBlocks = [
      ...accepterSpace.blocks,
      ...additionalBlocks(
        this,
        'additionalAccepterCidrBlocks',
        props.additionalAccepterCidrBlocks,
        `accepterVpc ${accepterVpc.node.path}`,
        accepterSpace.blocks,
      ),
    ];
    assertNoOverlap(this, requesterVpc, this.requesterBlocks, accepterVpc, this.accepterBlocks);
    const dnsResolution = props.dnsResolution ?? true;
    if (dnsResolution) {
      assertDnsPrerequisites(this, [
        ['requesterVpc', requesterVpc],
        ['accepterVpc', accepterVpc],
      ]);
    }
    if (!this.managesAccepterSide) {
      const resource = accepterSpace.resource;
      if (resource && Stack.of(resource) !== stack && Token.isUnresolved(accepterVpc.vpcId)) {
        throw propError(
          this,
          `accepterVpc ${accepterVpc.node.path} is defined in stack ${Stack.of(resource).stackName} of another account or Region, and CloudFormation cannot reference it from here. Import it by id instead: ec2.Vpc.fromVpcAttributes(this, 'Accepter', { vpcId: 'vpc-...', vpcCidrBlock: '...', availabilityZones: [...] }).`,
        );
      }
    }

    const requesterTables = selectRouteTables(this, requesterVpc, props.requesterSubnets, 'requesterSubnets');
    const accepterTables = this.managesAccepterSide
      ? selectRouteTables(this, accepterVpc, props.accepterSubnets, 'accepterSubnets')
      : [];
    registerPair(this, requesterSpace.identity, accepterSpace.identity);

    // Create.
    const requesterIpv6 = this.requesterBlocks.some((b) => b.family === 'ipv6');
    const accepterIpv6 = this.accepterBlocks.some((b) => b.family === 'ipv6');
    this.requesterCidrBlocks = this.requesterBlocks.map((b) => b.value);
    this.accepterCidrBlocks = this.accepterBlocks.map((b) => b.value);
    this.requesterLiteralCidrBlocks = this.requesterBlocks.flatMap((b) => (b.literal ? [b.literal] : []));
    this.accepterLiteralCidrBlocks = this.accepterBlocks.flatMap((b) => (b.literal ? [b.literal] : []));

    this.peeringConnection = new ec2.CfnVPCPeeringConnection(this, 'Resource', {
      vpcId: requesterVpc.vpcId,
      peerVpcId: accepterVpc.vpcId,
      peerOwnerId: this.crossAccount ? accepterAccount : undefined,
      peerRegion: this.crossRegion ? accepterRegion : undefined,
      peerRoleArn: props.accepterRoleArn,
    });
    this.peeringConnectionId = this.peeringConnection.ref;

    // IPv6 routes only where both sides have IPv6: a VPC without IPv6 cannot use them.
    const routable = (blocks: VpcCidrBlock[], localIpv6: boolean) =>
      blocks.filter((b) => b.family === 'ipv4' || localIpv6);
    this.requesterRoutes = addRoutes(
      new Construct(this, 'RequesterRoutes'),
      requesterTables,
      routable(this.accepterBlocks, requesterIpv6),
      { vpcPeeringConnectionId: this.peeringConnectionId },
    );
    this.accepterRoutes = this.managesAccepterSide
      ? addRoutes(new Construct(this, 'AccepterRoutes'), accepterTables, routable(this.requesterBlocks, accepterIpv6), {
          vpcPeeringConnectionId: this.peeringConnectionId,
        })
      : [];

    if (dnsResolution) {
      new PeeringDnsResolution(this, 'DnsResolution', {
        peeringConnectionId: this.peeringConnectionId,
        requester: true,
        accepter: this.managesAccepterSide,
      });
    }
    warnImportedBlocks(
      this,
      'requesterVpc',
      requesterVpc,
      requesterSpace,
      'additionalRequesterCidrBlocks',
      props.additionalRequesterCidrBlocks,
    );
    warnImportedBlocks(
      this,
      'accepterVpc',
      accepterVpc,
      accepterSpace,
      'additionalAccepterCidrBlocks',
      props.additionalAccepterCidrBlocks,
    );
    for (const [side, space, routed] of [
      ['accepterVpc', accepterSpace, true],
      ['requesterVpc', requesterSpace, this.managesAccepterSide],
    ] as const) {
      if (routed && space.unroutable.length > 0) {
        warn(
          this,
          'peering-unroutable-block',
          `${side} has IPv4 blocks whose value is not known at synth (allocated from an IPAM pool): ${space.unroutable.join(', ')}. No peering route goes to them. Give the block as a literal cidrBlock, or add those routes yourself.`,
        );
      }
    }
    if (this.crossRegion && props.dnsResolution === false) {
      warn(
        this,
        'NG-PEER-009',
        "dnsResolution is off on an inter-Region peering connection: the public DNS hostnames of the peer's instances resolve to their public IP addresses, so traffic by name leaves the peering connection. Leave dnsResolution on unless that is wanted.",
      );
    }
  }

  /**
   * Allow traffic from every CIDR block of the requester VPC to `target`, on `port` only: an ingress rule on each of
   * the target's security groups (for a target in the accepter VPC). A security group of this pair's stack gets the
   * rules inline; a security group of another stack gets standalone `AWS::EC2::SecurityGroupIngress` resources in
   * this pair's stack, which already references the peer VPC's stack (an inline rule there could reference this
   * stack back: a dependency cycle).
   *
   * @param target what to open in the accepter VPC: a security group, or anything with `connections` (an instance, a
   *   database)
   * @param port the port or port range to open, such as `ec2.Port.tcp(5432)`
   */
  public allowFromRequester(target: ec2.IConnectable, port: ec2.Port): void {
    allowFromBlocks(target, this.requesterBlocks, port, `from ${this.node.path} requester VPC`, this);
  }

  /**
   * Allow traffic from every CIDR block of the accepter VPC to `target`, on `port` only: an ingress rule on each of
   * the target's security groups (for a target in the requester VPC), placed as `allowFromRequester` places them.
   *
   * @param target what to open in the requester VPC: a security group, or anything with `connections` (an instance, a
   *   database)
   * @param port the port or port range to open, such as `ec2.Port.tcp(5432)`
   */
  public allowFromAccepter(target: ec2.IConnectable, port: ec2.Port): void {
    allowFromBlocks(target, this.accepterBlocks, port, `from ${this.node.path} accepter VPC`, this);
  }
}

function assertNoOverlap(
  scope: IConstruct,
  requesterVpc: ec2.IVpc,
  requester: VpcCidrBlock[],
  accepterVpc: ec2.IVpc,
  accepter: VpcCidrBlock[],
): void {
  const overlaps = overlappingBlocks(requester, accepter);
  if (overlaps.length > 0) {
    // A block listed in additionalRequesterCidrBlocks / additionalAccepterCidrBlocks is named by that prop entry.
    const origin = (blocks: VpcCidrBlock[], literal: string, side: string) => {
      const source = blocks.find((b) => b.literal === literal)?.source ?? '';
      return source.startsWith('additional') ? source : side;
    };
    const list = overlaps
      .map(
        ([x, y]) =>
          `${x} (${origin(requester, x, 'requesterVpc')}) overlaps ${y} (${origin(accepter, y, 'accepterVpc')})`,
      )
      .join('; ');
    throw propError(
      scope,
      `requesterVpc ${requesterVpc.node.path} and accepterVpc ${accepterVpc.node.path} have overlapping CIDR blocks: ${list}. AWS cannot peer VPCs whose blocks overlap (the connection fails). Give one VPC a block that does not overlap, or connect them through PrivateLink instead. (NG-PEER-001)`,
    );
  }
}

function registerPair(scope: IConstruct, a: string, b: string): void {
  // Identities of the VPC pairs peered so far in the app, to refuse peering the same two VPCs twice.
  const pairs = appRegistry<string>(scope, 'peered-vpc-pairs');
  const key = [a, b].sort().join(' <-> ');
  const existing = pairs.get(key);
  if (existing !== undefined) {
    throw propError(
      scope,
      `the VPCs ${a} and ${b} are already peered by ${existing}. AWS allows one peering connection between two VPCs. Remove one of the two constructs (NG-PEER-002).`,
    );
  }
  pairs.set(key, scope.node.path);
}
