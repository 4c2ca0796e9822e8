import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { PeeringDnsResolution } from './peering-dns';
import { IpFamily, overlappingBlocks, parseCidr, vpcAddressSpace, VpcCidrBlock } from '../cidr';
import { propError } from '../private/errors';
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
   * Every CIDR block of the requester VPC (IPv4 and IPv6), as literals: they are in another account or Region and
   * cannot be referenced. `PeeredVpcPair.requesterCidrBlocks` lists them.
   */
  readonly requesterCidrBlocks: string[];

  /**
   * The subnets whose route tables get routes to the requester VPC.
   *
   * @default - every subnet of the VPC (public, private and isolated)
   */
  readonly subnets?: ec2.SubnetSelection[];

  /**
   * Let the requester VPC resolve this VPC's private DNS hostnames to private IP addresses (the accepter's option
   * of `ModifyVpcPeeringConnectionOptions`, set from this account and Region).
   *
   * @default true
   */
  readonly dnsResolution?: boolean;

  /**
   * The account that owns the peering connection (the requester's), to name the connection's ARN in the DNS
   * custom resource's policy.
   *
   * @default - any account: the statement is still limited to this one connection id
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

  constructor(scope: Construct, id: string, props: PeeringAccepterSideProps) {
    super(scope, id);
    if (props.requesterCidrBlocks.length === 0) {
      throw propError(
        this,
        'requesterCidrBlocks is empty: give every CIDR block of the requester VPC (PeeredVpcPair.requesterCidrBlocks), or no route can be added.',
      );
    }
    this.requesterBlocks = props.requesterCidrBlocks.map((value, i) => {
      const parsed = parseCidr(value, `requesterCidrBlocks[${i}]`);
      if (!parsed) {
        throw propError(
          this,
          `requesterCidrBlocks[${i}] is a token (${value}). The requester VPC is in another account or Region: give its CIDR blocks as literals such as '10.0.0.0/16'.`,
        );
      }
      const family: IpFamily = parsed.family;
      return { value, literal: value, family, source: `requesterCidrBlocks[${i}]` };
    });
    const space = vpcAddressSpace(props.vpc);
    const overlaps = overlappingBlocks(this.requesterBlocks, space.blocks);
    if (overlaps.length > 0) {
      throw propError(
        this,
        `requesterCidrBlocks overlap the blocks of vpc ${props.vpc.node.path}: ${overlaps.map(([x, y]) => `${x} overlaps ${y}`).join('; ')}. AWS cannot peer VPCs whose blocks overlap. (NG-PEER-001)`,
      );
    }
    const tables = selectRouteTables(this, props.vpc, props.subnets, 'subnets');
    const localIpv6 = space.blocks.some((b) => b.family === 'ipv6');

    this.routes = addRoutes(
      new Construct(this, 'Routes'),
      tables,
      this.requesterBlocks.filter((b) => b.family === 'ipv4' || localIpv6),
      { vpcPeeringConnectionId: props.peeringConnectionId },
    );
    if (props.dnsResolution ?? true) {
      new PeeringDnsResolution(this, 'DnsResolution', {
        peeringConnectionId: props.peeringConnectionId,
        requester: false,
        accepter: true,
        connectionAccount: props.requesterAccount ?? '*',
      });
    }
  }

  /**
   * Allow traffic from every requester CIDR block to `target`, on `port` only: an ingress rule on each of the
   * target's security groups.
   */
  public allowFromRequester(target: ec2.IConnectable, port: ec2.Port): void {
    allowFromBlocks(target, this.requesterBlocks, port, `from ${this.node.path} requester VPC`);
  }
}
