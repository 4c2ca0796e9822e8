import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import type { BoundEndpoint } from './intent-binding';
import { IntentEndpointKind } from './intent-records';
import { parseCidrText } from '../cidr/ip';
import type { ClientVpnAccess } from '../client-vpn/client-vpn-access';
import { propError } from '../private/errors';

/**
 * One end of a `NetworkIntent`: where its packets come from or go to.
 *
 * `fromVpc`, `fromSubnets` and `fromCidr` apply no security group at that end; `fromConnectable` applies the
 * connectable's security groups. Network ACLs always apply.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/reachability/what-is-reachability-analyzer.html
 */
export class NetworkEndpoint {
  /**
   * Every subnet of a VPC (every subnet of the VPC in the templates, those added with L1s included).
   *
   * @param vpc the VPC
   */
  public static fromVpc(vpc: ec2.IVpc): NetworkEndpoint {
    return new NetworkEndpoint('vpc', { vpc });
  }

  /**
   * The subnets of a VPC that a selection selects.
   *
   * @param vpc the VPC
   * @param selection the subnets, as `vpc.selectSubnets` reads them
   */
  public static fromSubnets(vpc: ec2.IVpc, selection: ec2.SubnetSelection): NetworkEndpoint {
    return new NetworkEndpoint('subnets', { vpc, selection });
  }

  /**
   * An address block outside the app's VPCs, such as an on-premises network reached through a VPN or Direct
   * Connect: a packet to it must leave by a gateway or attachment whose routes cover it; a packet from it is taken
   * to arrive by its gateway, and its reply must get back to it.
   *
   * @param cidr an IPv4 or IPv6 block (`10.99.0.0/16`) or address, known at synth
   */
  public static fromCidr(cidr: string): NetworkEndpoint {
    return new NetworkEndpoint('cidr', { cidr });
  }

  /**
   * The internet: through an internet gateway (directly, or through a NAT gateway), or an egress-only internet
   * gateway for IPv6.
   */
  public static internet(): NetworkEndpoint {
    return new NetworkEndpoint('internet', {});
  }

  /**
   * Something with security groups (an instance, a database, a load balancer, a security group) at a location:
   * its security groups apply at this end (egress at the source, ingress at the destination).
   *
   * @param connectable what the security groups are read from (`connectable.connections.securityGroups`)
   * @param vpc the VPC it is in
   * @param subnets where it is
   * @default - subnets: the VPC's private and isolated subnets
   */
  public static fromConnectable(
    connectable: ec2.IConnectable,
    vpc: ec2.IVpc,
    subnets?: ec2.SubnetSelection,
  ): NetworkEndpoint {
    return new NetworkEndpoint('connectable', { vpc, selection: subnets, connectable });
  }

  /**
   * An interface VPC endpoint (PrivateLink), as a destination only.
   *
   * A packet reaches the endpoint's network interfaces (routing to its subnets, its security groups' ingress), then
   * the endpoint service of the app behind it
   * (`AWS::EC2::VPCEndpointService`), its Network Load Balancer (a listener on the port; the load balancer's security
   * groups when it enforces them on PrivateLink traffic) and the targets of the listener's target group (their
   * security groups' ingress from the load balancer, on the target group's port). A service or target not in the
   * app makes the intent undetermined.
   *
   * @param endpoint the interface endpoint (`ec2.InterfaceVpcEndpoint`, or the `endpoint` of a `PrivateLinkEndpoint`)
   * @see https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-resources.html
   */
  public static fromInterfaceEndpoint(endpoint: ec2.IInterfaceVpcEndpoint): NetworkEndpoint {
    return new NetworkEndpoint('interface-endpoint', { endpoint });
  }

  /**
   * An AWS service of the Region (such as Amazon S3), as a destination only, as reached from a VPC.
   *
   * A packet from a subnet reaches it by a gateway endpoint's route in the subnet's route table
   * (`AWS::EC2::VPCEndpoint` of type `Gateway` with the route table in `RouteTableIds`), else by a default route to
   * an internet gateway (directly, or through a NAT gateway). The service's addresses are not known at synth: a
   * security group or network ACL at the source that admits some addresses only makes the intent undetermined.
   *
   * @param vpc the VPC the service is reached from (the sources' VPC)
   * @param service the service's short name, as in its endpoint service name `com.amazonaws.<region>.<service>`
   * (`s3`, `dynamodb`)
   * @see https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
   */
  public static fromAwsService(vpc: ec2.IVpc, service: string): NetworkEndpoint {
    return new NetworkEndpoint('aws-service', { vpc, service });
  }

  /**
   * The users of a Client VPN endpoint, as a source only: every associated subnet is where their traffic enters the
   * VPC.
   *
   * A packet to a destination needs an authorization rule of the endpoint for the group (the most specific rules
   * covering the destination decide, `0.0.0.0/0` last; without `groupId`, only rules for all groups admit), and a
   * route of the endpoint to the destination through the associated subnet (the VPC's own blocks are routed when a
   * subnet is associated). The endpoint translates the source to its network interface in that subnet: the
   * endpoint's security groups apply (egress), the destination sees an address of the VPC, and the packet goes on by
   * the subnet's route table (through peering or a transit gateway).
   *
   * @param access the Client VPN endpoint (`ClientVpnAccess`)
   * @param groupId the users' group (an Active Directory group or identity provider group, as in `grantAccess`)
   * @default - groupId: users who are in no group the rules name (only rules for all groups admit them)
   * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-working-rules.html
   */
  public static fromClientVpn(access: ClientVpnAccess, groupId?: string): NetworkEndpoint {
    return new NetworkEndpoint('client-vpn', { access, groupId });
  }

  /**
   * What kind of endpoint this is: `vpc`, `subnets`, `cidr`, `internet`, `connectable`, `interface-endpoint`,
   * `aws-service` or `client-vpn`.
   */
  public readonly kind: string;

  private readonly spec: EndpointSpec;

  private constructor(kind: IntentEndpointKind, spec: EndpointSpec) {
    this.kind = kind;
    this.spec = spec;
  }

  /**
   * Checks the endpoint as the prop `prop` of `scope`, and returns the constructs its record reads at synth.
   * @internal
   */
  public _bind(scope: IConstruct, prop: string): BoundEndpoint {
    const { vpc, selection, cidr, connectable } = this.spec;
    const kind = this.kind as IntentEndpointKind;
    if (kind === 'cidr') {
      if (!Token.isUnresolved(cidr)) {
        try {
          parseCidrText(cidr!.includes('/') ? cidr! : `${cidr}/${cidr!.includes(':') ? 128 : 32}`, `${prop}`);
        } catch (e) {
          throw propError(
            scope,
            `${prop}: NetworkEndpoint.fromCidr('${cidr}') is not a CIDR block or an address (${(e as Error).message}). Give a block such as '10.99.0.0/16'.`,
          );
        }
      }
      return { kind, text: Token.isUnresolved(cidr) ? 'a block not known at synth' : cidr!, cidr };
    }
    if (kind === 'internet') return { kind, text: 'the internet' };
    if (kind === 'client-vpn') {
      const { access, groupId } = this.spec;
      if (groupId !== undefined && !Token.isUnresolved(groupId)) {
        if (groupId.trim() === '') {
          throw propError(
            scope,
            `${prop}: NetworkEndpoint.fromClientVpn(${access!.node.path}, ''): groupId is empty. Give the group's name or SID, or leave groupId out for users of no group.`,
          );
        }
        if (!access!.authentication.supportsGroups) {
          throw propError(
            scope,
            `${prop}: NetworkEndpoint.fromClientVpn(${access!.node.path}, '${groupId}'): the endpoint authenticates with mutual TLS, which has no groups. Leave groupId out.`,
          );
        }
      }
      const who = groupId === undefined ? 'users of no group' : `group '${groupId}'`;
      return {
        kind,
        text: `the Client VPN users (${who}) of ${access!.node.path}`,
        clientVpn: { construct: access!.endpoint, id: access!.endpointId },
        groupId,
      };
    }
    if (kind === 'interface-endpoint') {
      const ep = this.spec.endpoint!;
      return {
        kind,
        text: `the interface endpoint ${ep.node.path}`,
        endpoint: { construct: ep, id: ep.vpcEndpointId },
      };
    }
    if (kind === 'aws-service') {
      const service = this.spec.service!;
      if (Token.isUnresolved(service) || !/^[a-z0-9][a-z0-9.-]*$/.test(service)) {
        throw propError(
          scope,
          `${prop}: NetworkEndpoint.fromAwsService(${vpc!.node.path}, '${service}'): '${service}' is not the short name of an AWS service known at synth. Give the name that ends its endpoint service name com.amazonaws.<region>.<service>, such as 's3'.`,
        );
      }
      return { kind, text: `the AWS service ${service} from ${vpc!.node.path}`, vpc, service };
    }
    let subnets: ec2.ISubnet[] | undefined;
    if (kind === 'subnets' || kind === 'connectable') {
      if (selection === undefined) {
        subnets = [...vpc!.privateSubnets, ...vpc!.isolatedSubnets];
        if (subnets.length === 0) {
          throw propError(
            scope,
            `${prop}: NetworkEndpoint.fromConnectable(..., ${vpc!.node.path}) has no subnets argument, and the VPC has no private or isolated subnets (the default). Give the subnets it is in.`,
          );
        }
      } else {
        try {
          subnets = vpc!.selectSubnets(selection).subnets;
        } catch (e) {
          throw propError(
            scope,
            `${prop}: the subnet selection of ${vpc!.node.path} selects nothing (${(e as Error).message}). Select subnets the VPC has.`,
          );
        }
        if (subnets.length === 0) {
          throw propError(
            scope,
            `${prop}: the subnet selection of ${vpc!.node.path} selects no subnet. Select subnets the VPC has.`,
          );
        }
      }
    }
    const groups = connectable?.connections.securityGroups;
    if (kind === 'connectable' && (!groups || groups.length === 0)) {
      throw propError(
        scope,
        `${prop}: NetworkEndpoint.fromConnectable: the connectable has no security group, so nothing would apply at that end. Give a connectable with security groups, or use NetworkEndpoint.fromSubnets.`,
      );
    }
    const where =
      kind === 'vpc'
        ? `the VPC ${vpc!.node.path}`
        : kind === 'subnets'
          ? `subnets of ${vpc!.node.path}`
          : `${groups!.map((g) => g.node.path).join(', ')} in ${vpc!.node.path}`;
    return { kind, text: where, vpc, subnets, securityGroups: groups };
  }
}

interface EndpointSpec {
  readonly vpc?: ec2.IVpc;
  readonly selection?: ec2.SubnetSelection;
  readonly cidr?: string;
  readonly connectable?: ec2.IConnectable;
  readonly endpoint?: ec2.IInterfaceVpcEndpoint;
  readonly service?: string;
  readonly access?: ClientVpnAccess;
  readonly groupId?: string;
}
