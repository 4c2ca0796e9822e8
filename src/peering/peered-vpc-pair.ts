import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct, IConstruct } from 'constructs';
import { PeeringDnsResolution } from './peering-dns';
import { overlappingBlocks, VpcAddressSpace, vpcAddressSpace, VpcCidrBlock } from '../cidr';
import { sameEnvValue } from '../private/env';
import { propError } from '../private/errors';
import { allowFromBlocks } from '../private/ingress';
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
   * Resolve the peer VPC's private DNS hostnames to private IP addresses, on both sides. A custom resource calls
   * `ModifyVpcPeeringConnectionOptions`, allowed for this connection only. Across accounts or Regions this stack
   * sets the requester's option and `PeeringAccepterSide` sets the accepter's.
   *
   * @default true
   * @see https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-dns.html
   */
  readonly dnsResolution?: boolean;
}

/** Identities of the VPC pairs peered so far, per app, to refuse peering the same two VPCs twice. */
const peeredPairs = new WeakMap<IConstruct, Map<string, string>>();

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
   * Every CIDR block of the requester VPC, as routes and rules use them (a literal where known at synth, otherwise
   * a token). Give these to `PeeringAccepterSide` as `requesterCidrBlocks`.
   */
  public readonly requesterCidrBlocks: string[];

  /** Every CIDR block of the accepter VPC, as routes and rules use them. */
  public readonly accepterCidrBlocks: string[];

  private readonly requesterSpace: VpcAddressSpace;
  private readonly accepterSpace: VpcAddressSpace;

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

    this.requesterSpace = vpcAddressSpace(requesterVpc);
    this.accepterSpace = vpcAddressSpace(accepterVpc);
    if (this.requesterSpace.identity === this.accepterSpace.identity) {
      throw propError(
        this,
        `requesterVpc and accepterVpc are the same VPC (${this.requesterSpace.identity}): a VPC cannot be peered with itself. Pass two different VPCs.`,
      );
    }
    assertNoOverlap(this, requesterVpc, this.requesterSpace.blocks, accepterVpc, this.accepterSpace.blocks);
    for (const [prop, vpc, space] of [
      ['requesterVpc', requesterVpc, this.requesterSpace],
      ['accepterVpc', accepterVpc, this.accepterSpace],
    ] as const) {
      if (space.blocks.length === 0) {
        throw propError(
          this,
          `${prop} ${vpc.node.path} has no CIDR block this construct can route to. Import it with its block (ec2.Vpc.fromVpcAttributes({ vpcCidrBlock: '10.1.0.0/16', ... })).`,
        );
      }
    }
    if (!this.managesAccepterSide) {
      const resource = this.accepterSpace.resource;
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
    registerPair(this, this.requesterSpace.identity, this.accepterSpace.identity);

    // Create.
    const requesterIpv6 = this.requesterSpace.blocks.some((b) => b.family === 'ipv6');
    const accepterIpv6 = this.accepterSpace.blocks.some((b) => b.family === 'ipv6');
    this.requesterCidrBlocks = this.requesterSpace.blocks.map((b) => b.value);
    this.accepterCidrBlocks = this.accepterSpace.blocks.map((b) => b.value);

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
      routable(this.accepterSpace.blocks, requesterIpv6),
      { vpcPeeringConnectionId: this.peeringConnectionId },
    );
    this.accepterRoutes = this.managesAccepterSide
      ? addRoutes(
          new Construct(this, 'AccepterRoutes'),
          accepterTables,
          routable(this.requesterSpace.blocks, accepterIpv6),
          { vpcPeeringConnectionId: this.peeringConnectionId },
        )
      : [];

    if (props.dnsResolution ?? true) {
      new PeeringDnsResolution(this, 'DnsResolution', {
        peeringConnectionId: this.peeringConnectionId,
        requester: true,
        accepter: this.managesAccepterSide,
      });
    }
    for (const [side, space, routed] of [
      ['accepterVpc', this.accepterSpace, true],
      ['requesterVpc', this.requesterSpace, this.managesAccepterSide],
    ] as const) {
      if (routed && space.unroutable.length > 0) {
        Annotations.of(this).addWarningV2(
          'cdk-vpc-connectivity:peering-unroutable-block',
          `${side} has IPv4 blocks whose value is not known at synth (allocated from an IPAM pool): ${space.unroutable.join(', ')}. No peering route goes to them. Give the block as a literal cidrBlock, or add those routes yourself.`,
        );
      }
    }
    if (this.crossRegion && props.dnsResolution === false) {
      Annotations.of(this).addWarningV2(
        'cdk-vpc-connectivity:peering-dns-off-inter-region',
        'dnsResolution is off on an inter-Region peering connection: private DNS hostnames of the peer resolve to public IP addresses, so traffic by name leaves the peering connection. Leave dnsResolution on unless that is wanted. (NG-PEER-009)',
      );
    }
  }

  /**
   * Allow traffic from every CIDR block of the requester VPC to `target`, on `port` only: an ingress rule on each of
   * the target's security groups (for a target in the accepter VPC).
   */
  public allowFromRequester(target: ec2.IConnectable, port: ec2.Port): void {
    allowFromBlocks(target, this.requesterSpace.blocks, port, `from ${this.node.path} requester VPC`);
  }

  /**
   * Allow traffic from every CIDR block of the accepter VPC to `target`, on `port` only: an ingress rule on each of
   * the target's security groups (for a target in the requester VPC).
   */
  public allowFromAccepter(target: ec2.IConnectable, port: ec2.Port): void {
    allowFromBlocks(target, this.accepterSpace.blocks, port, `from ${this.node.path} accepter VPC`);
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
    const list = overlaps.map(([x, y]) => `${x} (requesterVpc) overlaps ${y} (accepterVpc)`).join('; ');
    throw propError(
      scope,
      `requesterVpc ${requesterVpc.node.path} and accepterVpc ${accepterVpc.node.path} have overlapping CIDR blocks: ${list}. AWS cannot peer VPCs whose blocks overlap (the connection fails). Give one VPC a block that does not overlap, or connect them through PrivateLink instead. (NG-PEER-001)`,
    );
  }
}

function registerPair(scope: IConstruct, a: string, b: string): void {
  const root = scope.node.root;
  let pairs = peeredPairs.get(root);
  if (!pairs) {
    pairs = new Map();
    peeredPairs.set(root, pairs);
  }
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
