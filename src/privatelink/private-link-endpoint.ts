import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { assertPorts, assertVpcDnsForPrivateDns, openToAnyAddress, warn } from './checks';
import { propError } from '../private/errors';
import { selectOnePerAz } from '../private/subnets';

/**
 * What `PrivateLinkService.connectFrom` takes: the consumer side of a PrivateLink connection, without the VPC and
 * the service.
 */
export interface PrivateLinkEndpointOptions {
  /**
   * The TCP ports of the service to reach through the endpoint. The endpoint's security group admits `allowFrom`
   * on these ports (and `udpPorts`) only. May be empty when `udpPorts` is not.
   *
   * With `PrivateLinkService.connectFrom`, give the service's ports here whatever their protocol: each is opened
   * with the protocol of its `addPort` (TCP, UDP, or both for TCP_UDP).
   */
  readonly ports: number[];

  /**
   * The UDP ports of the service to reach through the endpoint (a TCP_UDP port goes in `ports` and here).
   *
   * @default - none: only TCP
   */
  readonly udpPorts?: number[];

  /**
   * Who may reach the endpoint: security groups, or address peers such as `ec2.Peer.ipv4('10.1.0.0/16')`.
   * Each gets ingress on every port of `ports`, and nothing else is admitted.
   *
   * @default - nobody: the endpoint's security group has no ingress; add some later with `connections.allowFrom`
   */
  readonly allowFrom?: ec2.IConnectable[];

  /**
   * The subnets of the consumer VPC for the endpoint's network interfaces, one per Availability Zone. When the AZs
   * of the service's load balancer are known, every selected subnet must be in one of them. Taken as given: a
   * selection with two subnets in one AZ is refused (add `onePerAz: true`).
   *
   * @default - the private subnets (else isolated, else public) of the VPC, one per AZ, in the AZs the service's
   * load balancer covers when they are known (the others are left out with a warning)
   */
  readonly subnets?: ec2.SubnetSelection;

  /**
   * Associate a private hosted zone with the consumer VPC so that the service's private DNS name resolves to the
   * endpoint. Needs a service with a verified private DNS name, and a VPC with DNS hostnames and DNS support.
   *
   * @default false
   * @see https://docs.aws.amazon.com/vpc/latest/privatelink/manage-dns-names.html
   */
  readonly privateDnsEnabled?: boolean;
}

/**
 * Properties of a `PrivateLinkEndpoint`.
 */
export interface PrivateLinkEndpointProps extends PrivateLinkEndpointOptions {
  /** The consumer VPC, in which the interface endpoint is created. */
  readonly vpc: ec2.IVpc;

  /**
   * The name of the endpoint service, like `com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0`. The service
   * may be in another account: its owner must allow this account (`allowedPrincipals`) and, when acceptance is
   * required, accept the connection.
   */
  readonly serviceName: string;

  /**
   * The Availability Zone names where the service's load balancer has subnets, **as named in this account**
   * (AZ names differ between accounts: give them only when the service is in this account, or when you have
   * mapped its AZ IDs to this account's names). Endpoint subnets elsewhere cannot carry traffic.
   *
   * @default - not checked
   * @see https://docs.aws.amazon.com/vpc/latest/privatelink/create-endpoint-service.html
   */
  readonly serviceAvailabilityZones?: string[];
}

/**
 * The consumer side of a PrivateLink service: an interface VPC endpoint with its own security group, which admits
 * `allowFrom` on `ports` (TCP) and `udpPorts` (UDP) only. Works across accounts, by service name.
 *
 * Checks before anything is created: ports are ports; private DNS only where the VPC has DNS hostnames and DNS
 * support (NG-PL-003); subnets only in AZs the service covers, when those are known (NG-PL-002); a warning for
 * an address peer open to every address (NG-PL-006).
 *
 * @see https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html
 */
export class PrivateLinkEndpoint extends Construct implements ec2.IConnectable {
  /** The interface VPC endpoint. */
  public readonly endpoint: ec2.InterfaceVpcEndpoint;

  /** The id of the VPC endpoint (`vpce-...`). */
  public readonly vpcEndpointId: string;

  /**
   * The DNS entries of the endpoint (`hostedZoneId:dnsName`); the first is the Regional name that reaches the
   * service from any AZ.
   */
  public readonly dnsEntries: string[];

  /** The endpoint's own security group. */
  public readonly securityGroup: ec2.SecurityGroup;

  /** The connections of the endpoint (its security group): use it to admit more sources later. */
  public readonly connections: ec2.Connections;

  /** The subnets that hold the endpoint's network interfaces. */
  public readonly subnets: ec2.ISubnet[];

  /** The TCP ports the security group admits. */
  public readonly ports: number[];

  /** The UDP ports the security group admits. */
  public readonly udpPorts: number[];

  /**
   * @param scope the construct to create the endpoint and its security group under, in the consumer VPC's stack
   * @param id the construct id; it is part of the logical id of every resource below it (renaming it replaces them)
   * @param props the consumer VPC, the endpoint service's name, the ports to open and who may connect
   */
  constructor(scope: Construct, id: string, props: PrivateLinkEndpointProps) {
    super(scope, id);
    const { vpc, serviceName } = props;
    const allowFrom = props.allowFrom ?? [];
    const privateDnsEnabled = props.privateDnsEnabled ?? false;

    const udpPorts = props.udpPorts ?? [];

    // Everything is checked before anything is created.
    if (props.ports.length > 0 || udpPorts.length === 0) {
      assertPorts(this, props.ports, 'ports');
    }
    if (props.udpPorts !== undefined) {
      assertPorts(this, udpPorts, 'udpPorts');
    }
    if (!Token.isUnresolved(serviceName) && serviceName.trim() === '') {
      throw propError(
        this,
        `serviceName is empty: give the endpoint service's name, like 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0'.`,
      );
    }
    if (privateDnsEnabled) {
      assertVpcDnsForPrivateDns(this, vpc, 'privateDnsEnabled');
    }
    this.subnets = this.chooseSubnets(vpc, props.subnets, props.serviceAvailabilityZones);
    for (const source of allowFrom) {
      const open = openToAnyAddress(source);
      if (open) {
        warn(
          this,
          'NG-PL-006',
          `allowFrom admits ${open} on ports ${[...props.ports, ...udpPorts].join(', ')}: anyone who can route to the endpoint reaches the service. Admit the consumer security groups or CIDR blocks instead.`,
        );
      }
    }

    this.ports = [...props.ports];
    this.udpPorts = [...udpPorts];
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: 'PrivateLink interface endpoint: admits allowFrom on the service ports only',
      allowAllOutbound: false,
    });
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup] });
    for (const source of allowFrom) {
      for (const port of props.ports) {
        this.connections.allowFrom(source, ec2.Port.tcp(port), `PrivateLink endpoint TCP ${port}`);
      }
      for (const port of udpPorts) {
        this.connections.allowFrom(source, ec2.Port.udp(port), `PrivateLink endpoint UDP ${port}`);
      }
    }

    this.endpoint = new ec2.InterfaceVpcEndpoint(this, 'Resource', {
      vpc,
      service: new ec2.InterfaceVpcEndpointService(serviceName, props.ports[0] ?? udpPorts[0]),
      subnets: { subnets: this.subnets },
      securityGroups: [this.securityGroup],
      open: false,
      privateDnsEnabled,
    });
    this.vpcEndpointId = this.endpoint.vpcEndpointId;
    this.dnsEntries = this.endpoint.vpcEndpointDnsEntries;
  }

  /**
   * The endpoint's subnets: the selection, one per AZ, restricted to the service's AZs when they are known. An
   * explicit selection outside them is an error; the default selection leaves those AZs out with a warning.
   */
  private chooseSubnets(
    vpc: ec2.IVpc,
    selection: ec2.SubnetSelection | undefined,
    serviceAzs: string[] | undefined,
  ): ec2.ISubnet[] {
    const selected = selectOnePerAz(this, vpc, selection, {
      prop: 'subnets',
      resource: 'an interface endpoint',
      ruleId: 'NG-EP-001',
    }).subnets;
    if (selected.length === 0) {
      throw propError(
        this,
        `subnets selects no subnet of VPC ${vpc.node.path}. Select subnets that exist (for example { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }).`,
      );
    }
    const known = serviceAzs !== undefined && serviceAzs.length > 0 && !serviceAzs.some((az) => Token.isUnresolved(az));
    if (!known) {
      return selected;
    }
    const outside = selected.filter(
      (subnet) => !Token.isUnresolved(subnet.availabilityZone) && !serviceAzs.includes(subnet.availabilityZone),
    );
    if (outside.length === 0) {
      return selected;
    }
    const outsideAzs = [...new Set(outside.map((s) => s.availabilityZone))];
    const serviceList = serviceAzs.join(', ');
    if (selection !== undefined) {
      throw propError(
        this,
        `subnets selects subnets in ${outsideAzs.join(', ')} (${outside.map((s) => s.node.path).join(', ')}), but the service's load balancer only covers ${serviceList}: an endpoint there cannot carry traffic. Select subnets in ${serviceList} only, or add subnets in ${outsideAzs.join(', ')} to the service's load balancer.`,
        'NG-PL-002',
      );
    }
    const kept = selected.filter((subnet) => !outside.includes(subnet));
    if (kept.length === 0) {
      throw propError(
        this,
        `VPC ${vpc.node.path} has no subnet in an AZ the service's load balancer covers (${serviceList}); its subnets are in ${outsideAzs.join(', ')}. Add a subnet in ${serviceList}, or give the load balancer subnets in ${outsideAzs.join(', ')}.`,
        'NG-PL-002',
      );
    }
    warn(
      this,
      'NG-PL-002',
      `the endpoint leaves out ${outsideAzs.join(', ')} of VPC ${vpc.node.path}: the service's load balancer only covers ${serviceList}. Clients in ${outsideAzs.join(', ')} reach the endpoint through another AZ.`,
    );
    return kept;
  }
}
