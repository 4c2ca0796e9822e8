import { Aws, Fn, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as cr from 'aws-cdk-lib/custom-resources';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { crossZoneEnabled, endpointServiceArn, loadBalancerAvailabilityZones, warn } from './checks';
import { PrivateLinkEndpoint, PrivateLinkEndpointOptions } from './private-link-endpoint';
import { sameEnvValue } from '../private/env';
import { propError } from '../private/errors';
import { subnetsSharingAz } from '../private/subnets';

/**
 * Properties of a `PrivateLinkService`. Give one of: `vpc` (a new internal NLB), `loadBalancer` (an existing NLB),
 * or `gatewayLoadBalancerArns` (appliances behind Gateway Load Balancers).
 */
export interface PrivateLinkServiceProps {
  /**
   * The provider VPC, where a new internal NLB is created. Not used with `gatewayLoadBalancerArns`.
   *
   * @default - none: then `loadBalancer` or `gatewayLoadBalancerArns` is required
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The subnets of `vpc` for the new NLB, one per Availability Zone. Consumers can only use endpoints in these AZs.
   * Only with `vpc` and no `loadBalancer`.
   *
   * @default - the private subnets (else isolated, else public) of `vpc`, one per AZ
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * An existing Network Load Balancer to put behind the endpoint service, instead of a new one. It should have
   * cross-zone load balancing on when it spans several AZs (NG-PL-005).
   *
   * @default - a new internal NLB with cross-zone load balancing in `vpcSubnets`
   */
  readonly loadBalancer?: elbv2.INetworkLoadBalancer;

  /**
   * The ARNs of Gateway Load Balancers, for a service of network appliances that consumers reach through Gateway
   * Load Balancer endpoints. Refused together with an NLB (`vpc` or `loadBalancer`): one endpoint service carries
   * one kind of load balancer.
   *
   * @default - none: the service is fronted by an NLB
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/getting-started.html
   */
  readonly gatewayLoadBalancerArns?: string[];

  /**
   * Whether the service owner must accept each endpoint connection request.
   *
   * @default true
   */
  readonly acceptanceRequired?: boolean;

  /**
   * The principals (accounts, IAM users or roles) allowed to create endpoints to this service, written as
   * `VPCEndpointServicePermissions`. `*` allows everyone: do not combine it with `acceptanceRequired: false`
   * (NG-PL-001).
   *
   * @default - none: nobody outside this account can connect
   * @see https://docs.aws.amazon.com/vpc/latest/privatelink/configure-endpoint-service.html#add-remove-permissions
   */
  readonly allowedPrincipals?: iam.ArnPrincipal[];

  /**
   * A private DNS name for the service (for example `orders.example.com`): consumers that enable private DNS on
   * their endpoint reach the service by this name once the domain is verified. Not for Gateway Load Balancers.
   *
   * @default - none
   * @see https://docs.aws.amazon.com/vpc/latest/privatelink/manage-dns-names.html
   */
  readonly privateDnsName?: string;

  /**
   * The public hosted zone of `privateDnsName`'s domain. With it, the domain verification TXT record is written
   * into the zone and verification is started by a custom resource allowed to act on this service only. Without
   * it, you verify the domain yourself (NG-PL-004 warns).
   *
   * @default - none: no verification record
   */
  readonly publicHostedZone?: route53.IPublicHostedZone;
}

/**
 * What `PrivateLinkService.addPort` takes.
 */
export interface PrivateLinkPortOptions {
  /** The port the NLB listens on and forwards to the targets. */
  readonly port: number;

  /**
   * The protocol of the listener and target group: TCP, UDP or TCP_UDP.
   *
   * @default elbv2.Protocol.TCP
   */
  readonly protocol?: elbv2.Protocol;

  /** The targets of the port (instances, IP addresses, an ALB...). */
  readonly targets: elbv2.INetworkLoadBalancerTarget[];
}

/**
 * A port of a `PrivateLinkService`: a listener of its NLB and the target group it forwards to.
 */
export interface PrivateLinkServicePort {
  /** The port. */
  readonly port: number;
  /** The protocol. */
  readonly protocol: elbv2.Protocol;
  /** The NLB listener. */
  readonly listener: elbv2.NetworkListener;
  /** The target group of the listener. */
  readonly targetGroup: elbv2.NetworkTargetGroup;
}

/**
 * What `PrivateLinkService.connectFrom` takes: the consumer side, without the VPC.
 */
export interface PrivateLinkConnectOptions extends PrivateLinkEndpointOptions {
  /**
   * Accept the endpoint's connection request with a custom resource (`AcceptVpcEndpointConnections`, allowed on
   * this service only). Only matters when the service requires acceptance.
   *
   * @default true
   */
  readonly acceptConnection?: boolean;
}

const NLB_PROTOCOLS = [elbv2.Protocol.TCP, elbv2.Protocol.UDP, elbv2.Protocol.TCP_UDP];

/**
 * The provider side of AWS PrivateLink: a VPC endpoint service in front of an internal Network Load Balancer (new
 * or existing), or of Gateway Load Balancers for appliances.
 *
 * Secure by default: acceptance required, no principal allowed. `addPort` adds a listener and target group;
 * `connectFrom` creates a consumer endpoint in another VPC of this account; a `privateDnsName` with a
 * `publicHostedZone` is verified without manual steps.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/privatelink/create-endpoint-service.html
 */
export class PrivateLinkService extends Construct {
  /** The `AWS::EC2::VPCEndpointService` resource. */
  public readonly endpointService: ec2.CfnVPCEndpointService;

  /** The id of the endpoint service (`vpce-svc-...`). */
  public readonly serviceId: string;

  /** The name consumers connect to, like `com.amazonaws.vpce.us-east-1.vpce-svc-...`. */
  public readonly serviceName: string;

  /** The ARN of the endpoint service. */
  public readonly serviceArn: string;

  /** The Network Load Balancer behind the service (undefined for a Gateway Load Balancer service). */
  public readonly loadBalancer?: elbv2.INetworkLoadBalancer;

  /** The ARNs of the Gateway Load Balancers behind the service (empty for an NLB service). */
  public readonly gatewayLoadBalancerArns: string[];

  /** Whether the service requires acceptance of connection requests. */
  public readonly acceptanceRequired: boolean;

  /**
   * The Availability Zones the load balancer covers, when known at synth time (a new NLB, or an NLB of this app
   * whose subnets are known). Consumer endpoints of this account are placed in these AZs only.
   */
  public readonly availabilityZones?: string[];

  /** The TXT record that proves ownership of `privateDnsName`'s domain, when a hosted zone is given. */
  public readonly verificationRecord?: route53.TxtRecord;

  /** The private DNS name of the service, if any. */
  public readonly privateDnsName?: string;

  private readonly vpc?: ec2.IVpc;
  private readonly portsByNumber = new Map<number, PrivateLinkServicePort>();
  private readonly principalArns: string[] = [];
  private _permissions?: ec2.CfnVPCEndpointServicePermissions;

  constructor(scope: Construct, id: string, props: PrivateLinkServiceProps) {
    super(scope, id);
    const gatewayArns = props.gatewayLoadBalancerArns;
    const isGateway = gatewayArns !== undefined;
    const allowedPrincipals = props.allowedPrincipals ?? [];
    this.acceptanceRequired = props.acceptanceRequired ?? true;

    // Everything is checked before anything is created.
    if (isGateway && (props.loadBalancer !== undefined || props.vpc !== undefined)) {
      throw propError(
        this,
        `gatewayLoadBalancerArns is given together with ${props.loadBalancer !== undefined ? 'loadBalancer' : 'vpc (which makes a new NLB)'}: one endpoint service cannot mix Network and Gateway Load Balancers. Create one PrivateLinkService for the NLB and another for the Gateway Load Balancers.`,
      );
    }
    if (isGateway && gatewayArns.length === 0) {
      throw propError(
        this,
        'gatewayLoadBalancerArns is empty: an endpoint service needs a load balancer. Give at least one Gateway Load Balancer ARN.',
      );
    }
    if (!isGateway && props.loadBalancer === undefined && props.vpc === undefined) {
      throw propError(
        this,
        'no load balancer: an endpoint service needs one. Give vpc (a new internal NLB is created), loadBalancer (an existing NLB), or gatewayLoadBalancerArns.',
      );
    }
    if (props.loadBalancer !== undefined && props.vpcSubnets !== undefined) {
      throw propError(
        this,
        'vpcSubnets is given with loadBalancer: it only places a new NLB. Remove vpcSubnets, or remove loadBalancer to let the construct create the NLB.',
      );
    }
    if (isGateway && props.privateDnsName !== undefined) {
      throw propError(
        this,
        `privateDnsName '${props.privateDnsName}' is given for a Gateway Load Balancer service: AWS supports private DNS names on interface endpoint services only. Remove privateDnsName.`,
      );
    }
    if (props.publicHostedZone !== undefined && props.privateDnsName === undefined) {
      throw propError(
        this,
        'publicHostedZone is given without privateDnsName: there is no domain to verify. Set privateDnsName to a name in the zone, or remove publicHostedZone.',
      );
    }
    if (props.privateDnsName !== undefined && props.publicHostedZone !== undefined) {
      assertNameInZone(this, props.privateDnsName, props.publicHostedZone.zoneName);
    }
    if (props.privateDnsName !== undefined && props.publicHostedZone === undefined) {
      warn(
        this,
        'NG-PL-004',
        `privateDnsName '${props.privateDnsName}' has no verification path: consumers cannot use it until its domain is verified. Give publicHostedZone (the TXT record and verification are then automatic), or verify the domain yourself.`,
      );
    }

    // The load balancer.
    let loadBalancer: elbv2.INetworkLoadBalancer | undefined;
    let azs: string[] | undefined;
    if (props.loadBalancer !== undefined) {
      loadBalancer = props.loadBalancer;
      azs = loadBalancerAvailabilityZones(loadBalancer);
      const crossZone = crossZoneEnabled(loadBalancer);
      if (crossZone === false && azs !== undefined && azs.length > 1) {
        warn(
          this,
          'NG-PL-005',
          `loadBalancer ${loadBalancer.node.path} spans ${azs.join(', ')} without cross-zone load balancing: an endpoint in one AZ only reaches the targets of that AZ. Turn it on (crossZoneEnabled: true).`,
        );
      }
    } else if (!isGateway) {
      const vpc = props.vpc!;
      const selection = vpc.selectSubnets({ onePerAz: true, ...(props.vpcSubnets ?? {}) });
      if (selection.subnets.length === 0) {
        throw propError(
          this,
          `vpcSubnets selects no subnet of VPC ${vpc.node.path}: the NLB needs at least one. Select subnets that exist.`,
        );
      }
      const shared = subnetsSharingAz(selection.subnets);
      if (shared.length > 0) {
        throw propError(
          this,
          `vpcSubnets selects two subnets in ${shared.map((z) => z.availabilityZone).join(', ')}: an NLB takes one subnet per Availability Zone. Select one subnet per AZ (onePerAz: true).`,
        );
      }
      const selectedAzs = selection.subnets.map((s) => s.availabilityZone);
      const known = selectedAzs.filter((az) => !Token.isUnresolved(az));
      azs = known.length === selectedAzs.length ? selectedAzs : undefined;
      loadBalancer = new elbv2.NetworkLoadBalancer(this, 'LoadBalancer', {
        vpc,
        internetFacing: false,
        crossZoneEnabled: true,
        vpcSubnets: { subnets: selection.subnets },
      });
    }
    this.vpc = props.vpc ?? loadBalancer?.vpc;
    this.loadBalancer = loadBalancer;
    this.availabilityZones = azs;
    this.gatewayLoadBalancerArns = gatewayArns ? [...gatewayArns] : [];

    // The endpoint service.
    this.endpointService = new ec2.CfnVPCEndpointService(this, 'Resource', {
      acceptanceRequired: this.acceptanceRequired,
      networkLoadBalancerArns: loadBalancer ? [loadBalancer.loadBalancerArn] : undefined,
      gatewayLoadBalancerArns: gatewayArns ? [...gatewayArns] : undefined,
    });
    this.serviceId = this.endpointService.ref;
    const region = Stack.of(this).region;
    const prefix =
      (!Token.isUnresolved(region) ? RegionInfo.get(region).vpcEndpointServiceNamePrefix : undefined) ??
      ec2.VpcEndpointService.DEFAULT_PREFIX;
    this.serviceName = Fn.join('.', [prefix, Aws.REGION, this.serviceId]);
    this.serviceArn = endpointServiceArn(this, this.serviceId);

    for (const principal of allowedPrincipals) {
      this.allowPrincipal(principal);
    }

    if (props.privateDnsName !== undefined) {
      this.privateDnsName = props.privateDnsName;
      this.verificationRecord = this.configurePrivateDns(props.privateDnsName, props.publicHostedZone);
    }
  }

  /**
   * The `AWS::EC2::VPCEndpointServicePermissions` resource, once a principal is allowed (by `allowedPrincipals`,
   * `allowPrincipal` or `connectFrom`).
   */
  public get permissions(): ec2.CfnVPCEndpointServicePermissions | undefined {
    return this._permissions;
  }

  /**
   * Allow a principal (an account root, an IAM user or role, or `*`) to create endpoints to this service. Each ARN
   * is written once into the service's `VPCEndpointServicePermissions`.
   */
  public allowPrincipal(principal: iam.ArnPrincipal): void {
    if (this.principalArns.includes(principal.arn)) {
      return;
    }
    this.principalArns.push(principal.arn);
    if (principal.arn === '*' && !this.acceptanceRequired) {
      warn(
        this,
        'NG-PL-001',
        "allowedPrincipals contains '*' and acceptanceRequired is false: any AWS account can connect to the load balancer without approval, so it is effectively public. Allow named accounts, or keep acceptanceRequired true.",
      );
    }
    if (this._permissions === undefined) {
      this._permissions = new ec2.CfnVPCEndpointServicePermissions(this, 'Permissions', {
        serviceId: this.serviceId,
        allowedPrincipals: Lazy.list({ produce: () => this.principalArns }),
      });
    }
  }

  /** Whether the service is fronted by Gateway Load Balancers. */
  public get isGatewayLoadBalancerService(): boolean {
    return this.gatewayLoadBalancerArns.length > 0;
  }

  /** The ports added with `addPort`, in order. */
  public get ports(): PrivateLinkServicePort[] {
    return [...this.portsByNumber.values()];
  }

  /**
   * Add a port: an NLB listener on `port` that forwards to a new target group of `targets`. The construct
   * `id` names both (under `<service>/<id>/`).
   */
  public addPort(id: string, options: PrivateLinkPortOptions): PrivateLinkServicePort {
    const loadBalancer = this.loadBalancer;
    if (loadBalancer === undefined) {
      throw propError(
        this,
        `addPort('${id}') on a Gateway Load Balancer service: Gateway Load Balancers take all traffic on one listener with no port. Configure their listeners and target groups on the Gateway Load Balancer itself.`,
      );
    }
    const protocol = options.protocol ?? elbv2.Protocol.TCP;
    const { port } = options;
    if (!Token.isUnresolved(port) && (!Number.isInteger(port) || port < 1 || port > 65535)) {
      throw propError(this, `addPort('${id}'): port ${port} is not a port. Give an integer from 1 to 65535.`);
    }
    if (!NLB_PROTOCOLS.includes(protocol)) {
      throw propError(
        this,
        `addPort('${id}'): protocol ${protocol} is not supported here. Use TCP, UDP or TCP_UDP (for TLS, add a listener with certificates on svc.loadBalancer).`,
      );
    }
    const existing = this.portsByNumber.get(port);
    if (existing !== undefined) {
      throw propError(
        this,
        `addPort('${id}'): port ${port} already has a listener (${existing.listener.node.path}). An NLB listens once on a port: use protocol TCP_UDP for TCP and UDP on one port.`,
      );
    }
    const scope = new Construct(this, id);
    const targetGroup = new elbv2.NetworkTargetGroup(scope, 'TargetGroup', {
      vpc: this.vpc,
      port,
      protocol,
      targets: options.targets,
    });
    const listener = new elbv2.NetworkListener(scope, 'Listener', {
      loadBalancer,
      port,
      protocol,
      defaultTargetGroups: [targetGroup],
    });
    const added: PrivateLinkServicePort = { port, protocol, listener, targetGroup };
    this.portsByNumber.set(port, added);
    return added;
  }

  /**
   * Connect a consumer VPC of this account and Region: this account is allowed on the service, an interface
   * endpoint (see `PrivateLinkEndpoint`) is created in the AZs the load balancer covers once that permission
   * exists, and, when the service requires acceptance, a custom resource accepts the connection.
   *
   * The endpoint is created under this construct when the consumer VPC is in this stack, else under the consumer
   * VPC (in its stack). For a consumer in another account, use `PrivateLinkEndpoint` with `serviceName` in the
   * consumer's stack and add the account to `allowedPrincipals`.
   */
  public connectFrom(id: string, consumerVpc: ec2.IVpc, options: PrivateLinkConnectOptions): PrivateLinkEndpoint {
    if (this.isGatewayLoadBalancerService) {
      throw propError(
        this,
        `connectFrom('${id}'): this service is fronted by Gateway Load Balancers, whose consumers use Gateway Load Balancer endpoints and routes, not interface endpoints. Use ec2.CfnVPCEndpoint with vpcEndpointType 'GatewayLoadBalancer'.`,
      );
    }
    const stack = Stack.of(this);
    const consumerStack = Stack.of(consumerVpc);
    const consumerAccount = consumerVpc.env.account;
    const consumerRegion = consumerVpc.env.region;
    if (!sameEnvValue(consumerAccount, stack.account) || !sameEnvValue(consumerRegion, stack.region)) {
      throw propError(
        this,
        `connectFrom('${id}'): consumerVpc ${consumerVpc.node.path} is in ${consumerAccount}/${consumerRegion}, not in this service's ${stack.account}/${stack.region}. Across accounts or Regions, create a PrivateLinkEndpoint with serviceName in the consumer's stack, and allow its account with allowedPrincipals.`,
      );
    }
    for (const port of options.ports) {
      if (!Token.isUnresolved(port) && !this.portsByNumber.has(port) && this.portsByNumber.size > 0) {
        throw propError(
          this,
          `connectFrom('${id}'): port ${port} is not a port of this service (ports: ${[...this.portsByNumber.keys()].join(', ')}). Give ports added with addPort.`,
        );
      }
    }
    // This account may create endpoints to the service; the endpoint waits for that permission.
    this.allowPrincipal(new iam.ArnPrincipal(`arn:${Aws.PARTITION}:iam::${stack.account}:root`));
    const scope: Construct = consumerStack === stack ? this : (consumerVpc as unknown as Construct);
    const endpoint = new PrivateLinkEndpoint(scope, id, {
      ...options,
      vpc: consumerVpc,
      serviceName: this.serviceName,
      serviceAvailabilityZones: this.availabilityZones,
    });
    endpoint.endpoint.node.addDependency(this._permissions!);
    if (this.acceptanceRequired && (options.acceptConnection ?? true)) {
      const accept: cr.AwsSdkCall = {
        service: 'EC2',
        action: 'acceptVpcEndpointConnections',
        parameters: { ServiceId: this.serviceId, VpcEndpointIds: [endpoint.vpcEndpointId] },
        physicalResourceId: cr.PhysicalResourceId.of(endpoint.vpcEndpointId),
      };
      new cr.AwsCustomResource(endpoint, 'Acceptance', {
        onCreate: accept,
        onUpdate: accept,
        policy: cr.AwsCustomResourcePolicy.fromStatements([
          new iam.PolicyStatement({
            actions: ['ec2:AcceptVpcEndpointConnections'],
            resources: [this.serviceArn],
          }),
        ]),
        installLatestAwsSdk: false,
      });
    }
    return endpoint;
  }

  /**
   * Set the private DNS name (there is no CloudFormation property for it), read the verification name and value
   * once the name is set, write them as a TXT record in the zone, then start verification.
   */
  private configurePrivateDns(
    privateDnsName: string,
    zone: route53.IPublicHostedZone | undefined,
  ): route53.TxtRecord | undefined {
    const serviceArnOnly = [this.serviceArn];
    const enable: cr.AwsSdkCall = {
      service: 'EC2',
      action: 'modifyVpcEndpointServiceConfiguration',
      parameters: { ServiceId: this.serviceId, PrivateDnsName: privateDnsName },
      physicalResourceId: cr.PhysicalResourceId.of(this.serviceId),
    };
    const setName = new cr.AwsCustomResource(this, 'PrivateDnsName', {
      onCreate: enable,
      onUpdate: enable,
      onDelete: {
        service: 'EC2',
        action: 'modifyVpcEndpointServiceConfiguration',
        parameters: { ServiceId: this.serviceId, RemovePrivateDnsName: true },
      },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['ec2:ModifyVpcEndpointServiceConfiguration'], resources: serviceArnOnly }),
      ]),
      installLatestAwsSdk: false,
    });
    if (zone === undefined) {
      return undefined;
    }

    const describe: cr.AwsSdkCall = {
      service: 'EC2',
      action: 'describeVpcEndpointServiceConfigurations',
      parameters: { ServiceIds: [this.serviceId] },
      // The name is part of the id, so a new privateDnsName reads the new verification name and value.
      physicalResourceId: cr.PhysicalResourceId.of(`${this.serviceId}:${privateDnsName}`),
      outputPaths: [
        'ServiceConfigurations.0.PrivateDnsNameConfiguration.Name',
        'ServiceConfigurations.0.PrivateDnsNameConfiguration.Value',
      ],
    };
    const lookup = new cr.AwsCustomResource(this, 'VerificationLookup', {
      onCreate: describe,
      onUpdate: describe,
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        // Describe* actions of EC2 support no resource-level permissions: '*' is the only possible resource.
        new iam.PolicyStatement({ actions: ['ec2:DescribeVpcEndpointServiceConfigurations'], resources: ['*'] }),
      ]),
      installLatestAwsSdk: false,
    });
    lookup.node.addDependency(setName);
    const name = lookup.getResponseField('ServiceConfigurations.0.PrivateDnsNameConfiguration.Name');
    const value = lookup.getResponseField('ServiceConfigurations.0.PrivateDnsNameConfiguration.Value');

    // `Name` is the label of the record; it goes under the zone's domain (a verified domain covers its
    // subdomains, so `orders.example.com` is verified through `_label.example.com`).
    const record = new route53.TxtRecord(this, 'VerificationRecord', {
      zone,
      recordName: name,
      values: [value],
    });

    const start: cr.AwsSdkCall = {
      service: 'EC2',
      action: 'startVpcEndpointServicePrivateDnsVerification',
      parameters: { ServiceId: this.serviceId },
      physicalResourceId: cr.PhysicalResourceId.of(Fn.join(':', [name, value])),
    };
    const verify = new cr.AwsCustomResource(this, 'Verification', {
      onCreate: start,
      onUpdate: start,
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['ec2:StartVpcEndpointServicePrivateDnsVerification'],
          resources: serviceArnOnly,
        }),
      ]),
      installLatestAwsSdk: false,
    });
    verify.node.addDependency(record);
    return record;
  }
}

/** A literal private DNS name must be the zone's name or a name under it. */
function assertNameInZone(scope: Construct, name: string, zoneName: string): void {
  if (Token.isUnresolved(name) || Token.isUnresolved(zoneName)) {
    return;
  }
  const n = name.toLowerCase().replace(/\.$/, '');
  const z = zoneName.toLowerCase().replace(/\.$/, '');
  if (n !== z && !n.endsWith(`.${z}`)) {
    throw propError(
      scope,
      `privateDnsName '${name}' is not in publicHostedZone '${zoneName}': the verification record must go in the zone of the name's domain. Give the hosted zone of '${name}' or of a parent domain.`,
    );
  }
}
