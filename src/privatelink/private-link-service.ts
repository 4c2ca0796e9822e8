import { Aws, CfnResource, Duration, FeatureFlags, Fn, Lazy, Names, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import {
  crossZoneEnabled,
  endpointServiceArn,
  loadBalancerAvailabilityZones,
  loadBalancerResource,
  warn,
} from './checks';
import { PrivateLinkEndpoint, PrivateLinkEndpointOptions } from './private-link-endpoint';
import { vpcAddressSpace } from '../cidr';
import { sameEnvValue } from '../private/env';
import { propError } from '../private/errors';
import { allowFromBlocks } from '../private/ingress';
import { suppressNag } from '../private/nag';
import { selectOnePerAz } from '../private/subnets';
import { AwsWaiter } from '../private/waiter';

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
   * Only with `vpc` and no `loadBalancer`. Taken as given: a selection with two subnets in one AZ is refused (add
   * `onePerAz: true`).
   *
   * @default - the private subnets (else isolated, else public) of `vpc`, one per AZ
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Access logs of the new NLB, written to an S3 bucket. NLB access logs record TLS connections only: the TCP, UDP
   * and TCP_UDP listeners of `addPort` pass traffic through to the targets and are not logged, so this records the
   * TLS listeners you add yourself on the construct's `loadBalancer` attribute. The bucket must be in the stack's Region (which must be known
   * at synth), encrypted with SSE-S3 or a customer managed KMS key; its bucket policy (and the key policy of a key
   * of this app) is given the ELB log delivery grants. Only with `vpc`.
   *
   * @default - no access logs (cdk-nag's AwsSolutions-ELB2 and NIST.800.53.R5-ELBLoggingEnabled are suppressed on
   * the NLB, with that reason)
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-access-logs.html
   */
  readonly accessLogs?: PrivateLinkAccessLogs;

  /**
   * Deletion protection on the new NLB. With it on, deleting the stack, or an update that replaces the NLB, fails
   * until it is turned off again, so it is off by default: the stack tears down cleanly (cdk-nag's
   * NIST.800.53.R5-ELBDeletionProtectionEnabled is then suppressed on the NLB, with that reason). Only with `vpc`.
   *
   * @default false
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/network/network-load-balancers.html#deletion-protection
   */
  readonly deletionProtection?: boolean;

  /**
   * An existing Network Load Balancer to put behind the endpoint service, instead of a new one. It should have
   * cross-zone load balancing on when it spans several AZs (NG-PL-005). When it has security groups that enforce
   * their inbound rules on PrivateLink traffic (the AWS default), a warning says that consumers are dropped unless
   * those rules admit them; create it with `enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: false`.
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
   * into the zone, and a custom resource allowed to act on this service only starts verification and waits until
   * AWS reports the name verified (up to 55 minutes; the deployment fails if verification fails). Endpoints that
   * `connectFrom` creates with private DNS wait for it. Without it, you verify the domain yourself (NG-PL-004
   * warns).
   *
   * @default - none: no verification record
   */
  readonly publicHostedZone?: route53.IPublicHostedZone;
}

/**
 * Where a `PrivateLinkService`'s new NLB writes its access logs.
 *
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/network/enable-access-logs.html
 */
export interface PrivateLinkAccessLogs {
  /** The S3 bucket, in the stack's Region, encrypted with SSE-S3 or a customer managed KMS key. */
  readonly bucket: s3.IBucket;

  /**
   * The prefix of the log objects in the bucket (`<prefix>/AWSLogs/<account>/...`). It must not contain `AWSLogs`.
   *
   * @default - none: logs go under `AWSLogs/<account>/`
   */
  readonly prefix?: string;
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

  /**
   * The targets of the port (instances, IP addresses, an ALB, an Auto Scaling group, an ECS service...). Targets
   * that are connectable themselves (an Auto Scaling group, an ECS service) admit the NLB on the port and the
   * health-check port: from the NLB's security group when it has one, else from the provider VPC's CIDR blocks.
   * For the others, give what holds their security groups in `targetConnections`. An `IpTarget`'s address is not
   * opened by this construct: the owner of that network interface must admit the NLB (its security group, or the
   * provider VPC's blocks) on these ports.
   */
  readonly targets: elbv2.INetworkLoadBalancerTarget[];

  /**
   * What holds the security groups of targets that do not carry them, so that they admit the NLB on the port and
   * the health-check port: the `ec2.Instance` of an `InstanceTarget`, the ALB of an `AlbTarget`.
   *
   * @default - only the targets that are connectable themselves are opened
   */
  readonly targetConnections?: ec2.IConnectable[];

  /**
   * The health check of the target group. Its `port` (when not `traffic-port`) is opened on the targets, and on
   * the NLB's outbound rules, besides `port` (a port that is a token is not known, so not opened).
   *
   * @default - a TCP health check on the traffic port
   */
  readonly healthCheck?: elbv2.HealthCheck;
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
   * this service only) that waits until the connection is `available`, and fails the deployment when it is
   * rejected, fails, or is not available within 15 minutes. Only matters when the service requires acceptance.
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
 * Secure by default: acceptance required, no principal allowed. `addPort` adds a listener and target group, and
 * lets the NLB reach the targets (a new NLB with a security group, as the flag
 * `@aws-cdk/aws-elasticloadbalancingv2:networkLoadBalancerWithSecurityGroupByDefault` gives, does not evaluate
 * its inbound rules on PrivateLink traffic); `connectFrom` creates a consumer endpoint in another VPC of this
 * account; a `privateDnsName` with a `publicHostedZone` is verified without manual steps.
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

  /**
   * Whether a new NLB of this construct has a security group. Fixed when the NLB is created (AWS refuses adding
   * one later), by the feature flag `@aws-cdk/aws-elasticloadbalancingv2:networkLoadBalancerWithSecurityGroupByDefault`
   * (on in projects made by `cdk init`). With one, PrivateLink traffic is not checked against its inbound rules
   * (`EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: off`) and `addPort` opens its outbound rules to the
   * targets. `undefined` for an existing load balancer or a Gateway Load Balancer service.
   */
  public readonly loadBalancerHasSecurityGroup?: boolean;

  private readonly vpc?: ec2.IVpc;
  private readonly portsByNumber = new Map<number, PrivateLinkServicePort>();
  private readonly principalArns: string[] = [];
  private _permissions?: ec2.CfnVPCEndpointServicePermissions;
  /** What an endpoint with private DNS must wait for: the verification, or else the name being set. */
  private privateDnsReady?: CfnResource;
  /** The construct of each other consumer stack that holds the endpoints `connectFrom` creates there. */
  private readonly consumerScopes = new Map<Stack, Construct>();

  /**
   * @param scope the construct to create the endpoint service (and its new NLB) under, in the provider's stack
   * @param id the construct id; it is part of the logical id of every resource below it (renaming it replaces them)
   * @param props the load balancer (or the VPC for a new NLB, or Gateway Load Balancer ARNs), the allowed principals,
   *   acceptance and the private DNS name
   */
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
    const newNlbOnly: [string, boolean][] = [
      ['accessLogs', props.accessLogs !== undefined],
      ['deletionProtection', props.deletionProtection !== undefined],
    ];
    for (const [prop, given] of newNlbOnly) {
      if (given && (isGateway || props.loadBalancer !== undefined)) {
        throw propError(
          this,
          `${prop} is given with ${isGateway ? 'gatewayLoadBalancerArns' : 'loadBalancer'}: it only configures a new NLB. Set it on your load balancer, or give vpc to let the construct create the NLB.`,
        );
      }
    }
    if (props.accessLogs !== undefined) {
      const prefix = props.accessLogs.prefix;
      if (prefix !== undefined && !Token.isUnresolved(prefix) && /AWSLogs/i.test(prefix)) {
        throw propError(
          this,
          `accessLogs.prefix '${prefix}' contains AWSLogs, which ELB adds itself after the prefix (and refuses in it). Give a prefix without AWSLogs.`,
        );
      }
      if (Token.isUnresolved(Stack.of(this).region)) {
        throw propError(
          this,
          `accessLogs needs the stack's Region at synth: the bucket policy names the ELB log delivery principal of that Region. Give stack ${Stack.of(this).stackName} an env with a region.`,
        );
      }
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
      warnAboutInboundEnforcement(this, loadBalancer);
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
      const selection = selectOnePerAz(this, vpc, props.vpcSubnets, { prop: 'vpcSubnets', resource: 'an NLB' });
      if (selection.subnets.length === 0) {
        throw propError(
          this,
          `vpcSubnets selects no subnet of VPC ${vpc.node.path}: the NLB needs at least one. Select subnets that exist.`,
        );
      }
      const selectedAzs = selection.subnets.map((s) => s.availabilityZone);
      const known = selectedAzs.filter((az) => !Token.isUnresolved(az));
      azs = known.length === selectedAzs.length ? selectedAzs : undefined;
      // The flag decides, as for any NLB of the app, whether the NLB gets a security group; that choice is fixed
      // when the NLB is created (AWS refuses adding security groups to an NLB created without), so it is never
      // changed here. With one, PrivateLink traffic is not evaluated against its inbound rules: who may connect is
      // decided by the service's allowed principals, acceptance, and each consumer endpoint's own security group,
      // while consumers' addresses (other accounts, possibly overlapping blocks) are unknown to the provider.
      // Admitting every port from 0.0.0.0/0 instead would also open the NLB to anything routed to it inside the
      // provider's network; with enforcement off and no ingress, only PrivateLink traffic reaches it.
      const withSecurityGroup = FeatureFlags.of(this).isEnabled(
        cxapi.NETWORK_LOAD_BALANCER_WITH_SECURITY_GROUP_BY_DEFAULT,
      );
      const deletionProtection = props.deletionProtection ?? false;
      const nlb = new elbv2.NetworkLoadBalancer(this, 'LoadBalancer', {
        vpc,
        internetFacing: false,
        crossZoneEnabled: true,
        vpcSubnets: { subnets: selection.subnets },
        enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: withSecurityGroup ? false : undefined,
        deletionProtection: deletionProtection ? true : undefined,
      });
      loadBalancer = nlb;
      const nlbResource = nlb.node.defaultChild as CfnResource;
      if (props.accessLogs !== undefined) {
        logAccessTo(nlb, props.accessLogs);
      } else {
        const reason =
          'NLB access logs record TLS connections only, and the listeners of PrivateLinkService.addPort are TCP, UDP or TCP_UDP (TLS, if any, ends at the targets): there is nothing to log. Give accessLogs to write them for TLS listeners of your own.';
        suppressNag(nlbResource, [
          { id: 'AwsSolutions-ELB2', reason },
          { id: 'NIST.800.53.R5-ELBLoggingEnabled', reason },
        ]);
      }
      if (!deletionProtection) {
        suppressNag(nlbResource, [
          {
            id: 'NIST.800.53.R5-ELBDeletionProtectionEnabled',
            reason:
              'Deletion protection is off by default so that the stack tears down cleanly (with it on, deleting the stack fails). Set deletionProtection: true on the PrivateLinkService to turn it on.',
          },
        ]);
      }
      this.loadBalancerHasSecurityGroup = loadBalancer.connections.securityGroups.length > 0;
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
   *
   * @param principal the ARN to allow, such as `new iam.ArnPrincipal('arn:aws:iam::111111111111:root')`, or `*`
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
   *
   * @param id the construct id of the port's listener and target group (`<service>/<id>/Listener`, `.../TargetGroup`)
   * @param options the port, its protocol, its targets and their health check
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
    const healthCheckPort = this.healthCheckPort(id, port, options.healthCheck);
    const connectableTargets = [...options.targets.filter(isConnectable), ...(options.targetConnections ?? [])];
    if (
      connectableTargets.length > 0 &&
      loadBalancer.connections.securityGroups.length === 0 &&
      (this.vpc === undefined || vpcAddressSpace(this.vpc).blocks.length === 0)
    ) {
      throw propError(
        this,
        `addPort('${id}'): the provider VPC's CIDR blocks are not known to this construct, so the targets cannot admit the NLB (which has no security group). Give the NLB's VPC with its block (ec2.Vpc.fromVpcAttributes({ vpcCidrBlock: ... }), or the vpc of an imported NLB), or leave targetConnections out and open the targets yourself.`,
      );
    }
    const scope = new Construct(this, id);
    const targetGroup = new elbv2.NetworkTargetGroup(scope, 'TargetGroup', {
      vpc: this.vpc,
      port,
      protocol,
      targets: options.targets,
      healthCheck: options.healthCheck,
    });
    const listener = new elbv2.NetworkListener(scope, 'Listener', {
      loadBalancer,
      port,
      protocol,
      defaultTargetGroups: [targetGroup],
    });
    suppressNag(listener, [
      {
        id: 'NIST.800.53.R5-ELBv2ACMCertificateRequired',
        reason:
          'A PrivateLinkService port is a TCP, UDP or TCP_UDP listener that passes traffic through to its targets, which terminate TLS themselves; the traffic stays on the AWS network between the endpoint and the NLB. For TLS at the NLB, add a TLS listener with an ACM certificate on loadBalancer.',
      },
    ]);
    this.openTargets(loadBalancer, id, port, protocol, healthCheckPort, connectableTargets);
    const added: PrivateLinkServicePort = { port, protocol, listener, targetGroup };
    this.portsByNumber.set(port, added);
    return added;
  }

  /** The port health checks use: the traffic port, or the literal port of `healthCheck`. */
  private healthCheckPort(id: string, port: number, healthCheck: elbv2.HealthCheck | undefined): number {
    const value = healthCheck?.port;
    if (value === undefined || value === 'traffic-port' || Token.isUnresolved(value)) {
      return port;
    }
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < 1 || n > 65535) {
      throw propError(
        this,
        `addPort('${id}'): healthCheck.port '${value}' is not a port. Give 'traffic-port' or a port from 1 to 65535.`,
      );
    }
    return n;
  }

  /**
   * Let the NLB reach its targets on the traffic port (with the listener's protocol) and the health-check port
   * (TCP: the NLB's health checks are TCP, HTTP or HTTPS). With a security group on the NLB: outbound to the
   * provider VPC's blocks (every kind of target in the VPC), and connectable targets admit the NLB's security group
   * (which also opens the NLB's outbound to them). Without: connectable targets admit the provider VPC's blocks,
   * where the NLB's nodes are; PrivateLink traffic reaches targets from those addresses (client IP preservation
   * does not apply to it).
   */
  private openTargets(
    loadBalancer: elbv2.INetworkLoadBalancer,
    id: string,
    port: number,
    protocol: elbv2.Protocol,
    healthCheckPort: number,
    targets: ec2.IConnectable[],
  ): void {
    const ports: ec2.Port[] = [];
    if (protocol !== elbv2.Protocol.UDP) ports.push(ec2.Port.tcp(port));
    if (protocol !== elbv2.Protocol.TCP) ports.push(ec2.Port.udp(port));
    if (healthCheckPort !== port || protocol === elbv2.Protocol.UDP) ports.push(ec2.Port.tcp(healthCheckPort));
    const withSecurityGroup = loadBalancer.connections.securityGroups.length > 0;
    const blocks = this.vpc ? vpcAddressSpace(this.vpc).blocks : [];
    if (withSecurityGroup) {
      for (const rulePort of ports) {
        for (const block of blocks) {
          const peer = block.family === 'ipv4' ? ec2.Peer.ipv4(block.value) : ec2.Peer.ipv6(block.value);
          loadBalancer.connections.allowTo(
            peer,
            rulePort,
            `PrivateLink ${id}: to targets in the provider VPC (${block.literal ?? block.family})`,
          );
        }
        for (const target of targets) {
          target.connections.allowFrom(loadBalancer, rulePort, `PrivateLink ${id}: from the NLB`);
        }
      }
      return;
    }
    for (const target of targets) {
      for (const rulePort of ports) {
        allowFromBlocks(target, blocks, rulePort, `PrivateLink ${id}: from the NLB`, this);
      }
    }
  }

  /**
   * Connect a consumer VPC of this account and Region: this account is allowed on the service, an interface
   * endpoint (see `PrivateLinkEndpoint`) is created in the AZs the load balancer covers once that permission
   * exists (and, with `privateDnsEnabled`, once the private DNS name is verified), opened on each port with the
   * protocol of its `addPort`; when the service requires acceptance, a custom resource accepts the connection and
   * waits until it is `available`.
   *
   * The endpoint is created under this construct when the consumer VPC is in this stack; in another stack, under a
   * construct `PrivateLink-<unique id of this service>` directly under that stack (never under the VPC, whose tags
   * it would inherit). For a consumer in another account, use `PrivateLinkEndpoint` with `serviceName` in the
   * consumer's stack, add the account to `allowedPrincipals`, and accept its connection once it exists.
   *
   * @param id the construct id of the consumer's endpoint (and of its acceptance)
   * @param consumerVpc the consumer VPC, in this service's account and Region (this stack or another)
   * @param options the ports to open, who may connect to the endpoint, its subnets and private DNS
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
    for (const port of [...options.ports, ...(options.udpPorts ?? [])]) {
      if (!Token.isUnresolved(port) && !this.portsByNumber.has(port) && this.portsByNumber.size > 0) {
        throw propError(
          this,
          `connectFrom('${id}'): port ${port} is not a port of this service (ports: ${[...this.portsByNumber.keys()].join(', ')}). Give ports added with addPort.`,
        );
      }
    }
    if (options.privateDnsEnabled === true && this.privateDnsName === undefined) {
      throw propError(
        this,
        `connectFrom('${id}'): privateDnsEnabled is true, but this service has no privateDnsName, so AWS refuses private DNS on the endpoint. Give the service a privateDnsName (and publicHostedZone to verify it), or set privateDnsEnabled to false.`,
      );
    }
    // Each port is opened with the protocol of its listener: TCP, UDP, or both for TCP_UDP.
    const tcpPorts: number[] = [];
    const udpPorts: number[] = [...(options.udpPorts ?? [])];
    for (const port of options.ports) {
      const protocol = this.portsByNumber.get(port)?.protocol ?? elbv2.Protocol.TCP;
      if (protocol !== elbv2.Protocol.UDP && !tcpPorts.includes(port)) tcpPorts.push(port);
      if (protocol !== elbv2.Protocol.TCP && !udpPorts.includes(port)) udpPorts.push(port);
    }
    // This account may create endpoints to the service; the endpoint waits for that permission.
    this.allowPrincipal(new iam.ArnPrincipal(`arn:${Aws.PARTITION}:iam::${stack.account}:root`));
    const endpoint = new PrivateLinkEndpoint(this.consumerScope(consumerStack), id, {
      ...options,
      ports: tcpPorts,
      udpPorts: udpPorts.length > 0 ? udpPorts : undefined,
      vpc: consumerVpc,
      serviceName: this.serviceName,
      serviceAvailabilityZones: this.availabilityZones,
    });
    endpoint.endpoint.node.addDependency(this._permissions!);
    if (options.privateDnsEnabled === true && this.privateDnsReady !== undefined) {
      // Private DNS on an endpoint needs the service's name verified: wait for the verification (or, without a
      // verification path, at least for the name being set; NG-PL-004 warns).
      endpoint.endpoint.node.addDependency(this.privateDnsReady);
    }
    if (this.acceptanceRequired && (options.acceptConnection ?? true)) {
      this.accept(endpoint);
    }
    return endpoint;
  }

  /**
   * Accept an endpoint's connection request and wait until the connection is `available`. The accept call's reply
   * lists refused endpoints under `Unsuccessful` without failing: such an entry fails the deployment with AWS's code
   * and message, except `InvalidVpcEndpointId.NotFound` (an endpoint EC2 does not list yet), for which the accept is
   * made again at each poll while the connection is `pendingAcceptance`. The wait fails at once on `rejected`,
   * `failed`, `deleted` or `expired`.
   */
  private accept(endpoint: PrivateLinkEndpoint): void {
    const endpointId = endpoint.vpcEndpointId;
    new AwsWaiter(endpoint, 'Acceptance', {
      resourceType: 'Custom::VpcEndpointConnectionAcceptance',
      physicalResourceId: endpointId,
      onCreate: {
        service: 'EC2',
        action: 'AcceptVpcEndpointConnections',
        parameters: { ServiceId: this.serviceId, VpcEndpointIds: [endpointId] },
        failWhenPresent: 'Unsuccessful.0.Error',
        ignoreErrorCodes: ['InvalidVpcEndpointId.NotFound'],
      },
      waitFor: {
        service: 'EC2',
        action: 'DescribeVpcEndpointConnections',
        parameters: {
          Filters: [
            { Name: 'service-id', Values: [this.serviceId] },
            { Name: 'vpc-endpoint-id', Values: [endpointId] },
          ],
        },
        path: 'VpcEndpointConnections.0.VpcEndpointState',
        success: ['available'],
        failure: ['rejected', 'failed', 'deleted', 'expired'],
        repeatCallWhile: ['pendingAcceptance'],
      },
      // An accepted connection is `available` within minutes; a refused acceptance stays `pendingAcceptance`, so a
      // shorter wait than the default reports it sooner.
      timeout: Duration.minutes(15),
      policyStatements: [
        new iam.PolicyStatement({ actions: ['ec2:AcceptVpcEndpointConnections'], resources: [this.serviceArn] }),
        // Describe* actions of EC2 support no resource-level permissions: '*' is the only possible resource.
        new iam.PolicyStatement({ actions: ['ec2:DescribeVpcEndpointConnections'], resources: ['*'] }),
      ],
    });
  }

  /**
   * Where `connectFrom` creates an endpoint: under this construct in this stack; in another stack, under a construct
   * of its own directly under that stack (`PrivateLink-<unique id of this service>`), never under the user's VPC
   * (whose tags it would inherit, and whose ids it could clash with).
   */
  private consumerScope(consumerStack: Stack): Construct {
    if (consumerStack === Stack.of(this)) {
      return this;
    }
    let container = this.consumerScopes.get(consumerStack);
    if (!container) {
      container = new Construct(consumerStack, `PrivateLink-${Names.uniqueId(this)}`);
      this.consumerScopes.set(consumerStack, container);
    }
    return container;
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
    this.privateDnsReady = setName.node.defaultChild as CfnResource;
    suppressAwsCustomResourceNag(setName);
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
    suppressAwsCustomResourceNag(lookup);
    suppressNag(lookup, [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'ec2:DescribeVpcEndpointServiceConfigurations supports no resource-level permissions: * is the only resource it takes.',
      },
    ]);
    const name = lookup.getResponseField('ServiceConfigurations.0.PrivateDnsNameConfiguration.Name');
    const value = lookup.getResponseField('ServiceConfigurations.0.PrivateDnsNameConfiguration.Value');

    // `Name` is the label of the record; it goes under the zone's domain (a verified domain covers its
    // subdomains, so `orders.example.com` is verified through `_label.example.com`).
    const record = new route53.TxtRecord(this, 'VerificationRecord', {
      zone,
      recordName: name,
      values: [value],
    });

    // Start verification once the TXT record exists, and wait until AWS reports the domain verified: endpoints
    // with private DNS are created only then. AWS checks the record asynchronously and may take a while, so the
    // wait is the longest the waiter allows (55 minutes; the Provider framework stops at one hour).
    const verify = new AwsWaiter(this, 'Verification', {
      resourceType: 'Custom::VpcEndpointServicePrivateDnsVerification',
      // The name and value are in the id: a new privateDnsName (a new TXT record) is verified and waited for anew.
      physicalResourceId: Fn.join(':', [name, value]),
      onCreate: {
        service: 'EC2',
        action: 'StartVpcEndpointServicePrivateDnsVerification',
        parameters: { ServiceId: this.serviceId },
      },
      waitFor: {
        service: 'EC2',
        action: 'DescribeVpcEndpointServiceConfigurations',
        parameters: { ServiceIds: [this.serviceId] },
        path: 'ServiceConfigurations.0.PrivateDnsNameConfiguration.State',
        success: ['verified'],
        failure: ['failed'],
      },
      timeout: Duration.minutes(55),
      policyStatements: [
        new iam.PolicyStatement({
          actions: ['ec2:StartVpcEndpointServicePrivateDnsVerification'],
          resources: serviceArnOnly,
        }),
        // Describe* actions of EC2 support no resource-level permissions: '*' is the only possible resource.
        new iam.PolicyStatement({ actions: ['ec2:DescribeVpcEndpointServiceConfigurations'], resources: ['*'] }),
      ],
    });
    verify.resource.node.addDependency(record);
    this.privateDnsReady = verify.resource;
    return record;
  }
}

/** Whether a load balancer target is also an `ec2.IConnectable` (an Auto Scaling group, an ECS service). */
function isConnectable(
  target: elbv2.INetworkLoadBalancerTarget,
): target is elbv2.INetworkLoadBalancerTarget & ec2.IConnectable {
  const connections = (target as Partial<ec2.IConnectable>).connections;
  return typeof connections === 'object' && connections !== null && typeof connections.allowFrom === 'function';
}

/**
 * A given NLB of this app with security groups that evaluate their inbound rules on PrivateLink traffic (the AWS
 * default) drops consumers unless those rules admit them: warn. An imported NLB (nothing known) is not judged.
 */
function warnAboutInboundEnforcement(scope: Construct, loadBalancer: elbv2.INetworkLoadBalancer): void {
  const cfn = loadBalancerResource(loadBalancer);
  if (!cfn || loadBalancer.connections.securityGroups.length === 0) {
    return;
  }
  const enforcement: unknown = Stack.of(cfn).resolve(cfn.enforceSecurityGroupInboundRulesOnPrivateLinkTraffic);
  if (enforcement === 'off' || (enforcement !== undefined && enforcement !== 'on')) {
    return;
  }
  warn(
    scope,
    'privatelink-nlb-inbound-rules-enforced',
    `loadBalancer ${loadBalancer.node.path} has security groups whose inbound rules are evaluated on PrivateLink traffic (EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic is on), so consumers are dropped unless those rules admit their addresses on every listener port. Create the NLB with enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: false (who may connect is then decided by the service's principals, acceptance and the endpoints' security groups), or admit the consumers yourself.`,
  );
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

/**
 * Writes the access logs of `nlb` to the bucket (CDK's `logAccessLogs`: attributes, the bucket policy and the
 * NLB's dependency on it), and lets ELB's log delivery use the bucket's KMS key when it has one of this app.
 */
function logAccessTo(nlb: elbv2.NetworkLoadBalancer, accessLogs: PrivateLinkAccessLogs): void {
  nlb.logAccessLogs(accessLogs.bucket, accessLogs.prefix);
  const key: kms.IKey | undefined = accessLogs.bucket.encryptionKey;
  // An imported key's policy cannot be changed here (a no-op): its owner grants the delivery principal.
  key?.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowElbLogDelivery',
      principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      resources: ['*'],
    }),
    true,
  );
}

/**
 * cdk-nag suppressions for an `AwsCustomResource` of this construct: its inline policy, and the stack's one
 * `AwsCustomResource` provider function (shared by every `AwsCustomResource` of the stack, found by the id CDK gives
 * it: `AWS` and `PROVIDER_FUNCTION_UUID` without dashes).
 */
function suppressAwsCustomResourceNag(resource: cr.AwsCustomResource): void {
  suppressNag(resource, [
    {
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason:
        'AwsCustomResource writes the least-privilege policy of its own calls inline on its provider role; the calls name this endpoint service.',
    },
  ]);
  const providerId = `AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`;
  const provider = Stack.of(resource).node.tryFindChild(providerId);
  if (provider === undefined) return;
  suppressNag(provider, [
    {
      id: 'AwsSolutions-IAM4',
      reason: 'AWSLambdaBasicExecutionRole only lets the AwsCustomResource provider function write its own logs.',
    },
    {
      id: 'AwsSolutions-L1',
      reason: 'The runtime of the AwsCustomResource provider function is the one aws-cdk-lib chooses.',
    },
    {
      id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
      reason:
        'The AwsCustomResource provider function logs its SDK calls and responses (resource ids and states); CloudWatch Logs encrypts them at rest with its own keys.',
    },
    {
      id: 'NIST.800.53.R5-LambdaConcurrency',
      reason: 'The AwsCustomResource provider function runs only during deployments: no reserved concurrency.',
    },
    {
      id: 'NIST.800.53.R5-LambdaDLQ',
      reason: 'Invoked synchronously by CloudFormation, which receives every failure as the custom resource response.',
    },
    {
      id: 'NIST.800.53.R5-LambdaInsideVPC',
      reason: 'The AwsCustomResource provider function only calls EC2 APIs; it reaches no resource in a VPC.',
    },
  ]);
}
