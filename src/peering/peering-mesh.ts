import { Names, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { assertDnsPrerequisites } from './checks';
import { PeeredVpcPair } from './peered-vpc-pair';
import { overlappingBlocks, vpcAddressSpace, vpcIdentity, withVpcBlockIndex } from '../cidr';
import { propError, warn } from '../private/errors';

/** The default quota of routes per route table (adjustable to 1,000). */
const ROUTES_PER_TABLE = 50;

/**
 * Properties of a `PeeringMesh`.
 */
export interface PeeringMeshProps {
  /**
   * The VPCs to peer with each other, all in this stack's account and Region. At least two. Their order does not
   * matter: pairs are made in the order of the VPCs' construct paths, so reordering the list changes nothing.
   */
  readonly vpcs: ec2.IVpc[];

  /**
   * DNS resolution on every connection (see `PeeredVpcPairProps.dnsResolution`): every VPC of this app needs
   * `enableDnsHostnames` and `enableDnsSupport` on.
   *
   * @default true
   */
  readonly dnsResolution?: boolean;

  /**
   * The subnets of each VPC whose route tables get routes to the others.
   *
   * @default - every subnet of each VPC
   */
  readonly subnets?: ec2.SubnetSelection[];
}

/**
 * A full mesh of VPC peering: one `PeeredVpcPair` for every pair of `vpcs`, after checking the whole set (every
 * overlap between any two VPCs is reported at once, before anything is created).
 *
 * Each pair's construct id is made of the two VPCs' ids (`<first>-<second>`), and the requester of each pair is
 * the VPC whose construct path sorts first, whatever the order of `vpcs`: adding a VPC to the list adds pairs
 * without renaming the existing ones, and reordering the list renames nothing (a renamed pair would create a second
 * connection between the same two VPCs, which AWS refuses).
 *
 * @see https://docs.aws.amazon.com/vpc/latest/peering/peering-configurations-full-access.html
 */
export class PeeringMesh extends Construct {
  /**
   * The pairs, with the VPCs sorted by construct path: (0,1), (0,2), ..., (1,2), ... The first VPC of each pair is
   * its requester. Use `pairOf` to find the pair of two VPCs.
   */
  public readonly pairs: PeeredVpcPair[];

  private readonly pairIdentities: [string, string][] = [];

  /**
   * @param scope the construct to create the pairs under, in a stack of the VPCs' account and Region
   * @param id the construct id; it is part of the logical id of every resource below it (renaming it replaces them)
   * @param props the VPCs to peer with each other, and the options every pair gets
   */
  constructor(scope: Construct, id: string, props: PeeringMeshProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { vpcs } = props;
    if (vpcs.length < 2) {
      throw propError(
        this,
        `vpcs has ${vpcs.length} VPC(s): a mesh needs at least two. Add VPCs, or use PeeredVpcPair.`,
      );
    }
    for (const [i, vpc] of vpcs.entries()) {
      const differs = (a: string, b: string) => !Token.isUnresolved(a) && !Token.isUnresolved(b) && a !== b;
      if (differs(vpc.env.account, stack.account) || differs(vpc.env.region, stack.region)) {
        throw propError(
          this,
          `vpcs[${i}] ${vpc.node.path} is in ${vpc.env.account}/${vpc.env.region}, not in this stack's ${stack.account}/${stack.region}. A mesh peers VPCs of one account and Region; connect other environments with PeeredVpcPair (accepterRoleArn) and PeeringAccepterSide.`,
        );
      }
    }
    const spaces = withVpcBlockIndex(() => vpcs.map((vpc) => vpcAddressSpace(vpc)));
    const problems: string[] = [];
    for (let i = 0; i < vpcs.length; i++) {
      for (let j = i + 1; j < vpcs.length; j++) {
        if (spaces[i].identity === spaces[j].identity) {
          problems.push(`vpcs[${i}] and vpcs[${j}] are the same VPC (${spaces[i].identity})`);
          continue;
        }
        for (const [x, y] of overlappingBlocks(spaces[i].blocks, spaces[j].blocks)) {
          problems.push(`${x} of vpcs[${i}] ${vpcs[i].node.path} overlaps ${y} of vpcs[${j}] ${vpcs[j].node.path}`);
        }
      }
    }
    if (problems.length > 0) {
      throw propError(
        this,
        `vpcs cannot be meshed: ${problems.join('; ')}. List each VPC once and give every VPC blocks that overlap no other VPC's. (NG-PEER-001)`,
      );
    }

    if (props.dnsResolution ?? true) {
      assertDnsPrerequisites(
        this,
        vpcs.map((vpc, i) => [`vpcs[${i}]`, vpc]),
      );
    }

    // A stable order, independent of the list's: pair ids and requester/accepter roles never follow the list.
    const order = vpcs.map((_, i) => i).sort((x, y) => compare(vpcs[x].node.path, vpcs[y].node.path));
    const names = pairNames(vpcs);
    this.pairs = [];
    for (let a = 0; a < order.length; a++) {
      for (let b = a + 1; b < order.length; b++) {
        const [i, j] = [order[a], order[b]];
        this.pairs.push(
          new PeeredVpcPair(this, `${names[i]}-${names[j]}`, {
            requesterVpc: vpcs[i],
            accepterVpc: vpcs[j],
            requesterSubnets: props.subnets,
            accepterSubnets: props.subnets,
            dnsResolution: props.dnsResolution,
          }),
        );
        this.pairIdentities.push([spaces[i].identity, spaces[j].identity]);
      }
    }

    const routesPerTable = spaces.map((_, i) =>
      spaces.reduce((n, other, j) => (j === i ? n : n + other.blocks.length), 0),
    );
    const most = Math.max(...routesPerTable);
    if (most > ROUTES_PER_TABLE) {
      warn(
        this,
        'NG-RT-001',
        `the mesh adds up to ${most} peering routes to one route table, over the default quota of ${ROUTES_PER_TABLE} routes per route table (adjustable to 1,000). Request a quota increase, or use a HubTransitGateway with summarized routes.`,
      );
    }
  }

  /**
   * The pair that peers `a` and `b`, in either order.
   *
   * @param a one VPC of the mesh
   * @param b another VPC of the mesh
   */
  public pairOf(a: ec2.IVpc, b: ec2.IVpc): PeeredVpcPair | undefined {
    const idA = vpcIdentity(a);
    const idB = vpcIdentity(b);
    const index = this.pairIdentities.findIndex(([x, y]) => (x === idA && y === idB) || (x === idB && y === idA));
    return index < 0 ? undefined : this.pairs[index];
  }
}

/** Each VPC's construct id, or its path-unique id where two VPCs of the list share an id. */
function pairNames(vpcs: ec2.IVpc[]): string[] {
  const ids = vpcs.map((vpc) => vpc.node.id);
  return vpcs.map((vpc, i) =>
    ids.indexOf(ids[i]) !== ids.lastIndexOf(ids[i]) ? Names.nodeUniqueId(vpc.node) : ids[i],
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
