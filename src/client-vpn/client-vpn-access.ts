import { createHash } from 'crypto';
import { Annotations, Aspects, CfnResource, IAspect, Names, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import * as ipaddr from 'ipaddr.js';
import { ClientVpnAuthentication } from './client-vpn-authentication';
import {
  ParsedCidr,
  parseCidr,
  parsedContains,
  parsedOverlap,
  referencedResource,
  vpcAddressSpace,
  vpcIdentity,
} from '../cidr';
import {
  ASSOCIATED_SUBNET_MAX_PREFIX,
  AUTHORIZATION_RULES_PER_ENDPOINT,
  CLIENT_CIDR_MAX_PREFIX,
  CLIENT_CIDR_MIN_PREFIX,
  MAX_DNS_SERVERS,
  MAX_LOGIN_BANNER,
  MAX_SECURITY_GROUPS,
  ROUTES_PER_ASSOCIATION,
} from '../facts/client-vpn';
import { propError } from '../private/errors';
import { suppressNag } from '../private/nag';
import { tryGet } from '../private/registry';
import { selectOnePerAz } from '../private/subnets';

const SUBNET_MAX_PREFIX = ASSOCIATED_SUBNET_MAX_PREFIX;
const MAX_AUTHORIZATION_RULES = AUTHORIZATION_RULES_PER_ENDPOINT;
const MAX_ROUTES_PER_ASSOCIATION = ROUTES_PER_ASSOCIATION;
const INTERNET = '0.0.0.0/0';

/**
 * Properties of a `ClientVpnAccess`.
 */
export interface ClientVpnAccessProps {
  /**
   * The VPC whose subnets the endpoint is associated with. AWS adds a route to each of the VPC's IPv4 blocks to the
   * endpoint's route table when a subnet is associated, and refreshes those routes only on a new association: the
   * associations are therefore ordered after every `AWS::EC2::VPCCidrBlock` of the VPC (`DependsOn` in the same
   * stack). A block added to the VPC once the endpoint is deployed is not routed until each subnet is disassociated
   * and associated again (or a route to the block is added by hand).
   *
   * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-working-target.html
   */
  readonly vpc: ec2.IVpc;

  /**
   * The IPv4 range that connected clients get their addresses from, a /12 to a /22. It must not overlap any CIDR
   * block of the VPC nor any CIDR granted later. Changing it replaces the endpoint.
   *
   * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/what-is-best-practices.html
   */
  readonly clientCidr: string;

  /** The ACM ARN of the server certificate. */
  readonly serverCertificateArn: string;

  /** How users authenticate: `ClientVpnAuthentication.mutualTls(...)`, `.saml(...)` or `.activeDirectory(...)`. */
  readonly authentication: ClientVpnAuthentication;

  /**
   * Split tunnel: only traffic to the granted CIDRs goes through the VPN; the rest of the client's traffic uses its
   * own network. Turn it off (and call `allowInternet()`) to send all traffic through the VPN.
   *
   * @default true
   * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/split-tunnel-vpn.html
   */
  readonly splitTunnel?: boolean;

  /**
   * Connection logging to CloudWatch Logs (who connected, from where, when).
   *
   * @default true
   * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/connection-logging.html
   */
  readonly logging?: boolean;

  /**
   * The log group for connection logs. Only with logging on.
   *
   * @default - a new log group, kept when the stack is deleted, with `logRetention`
   */
  readonly logGroup?: logs.ILogGroup;

  /**
   * How long the new connection log group keeps its events. Only with logging on and no `logGroup`.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * A customer managed KMS key that encrypts the new connection log group (user names, client addresses and
   * connection times). A key of this app gets the key-policy statement CloudWatch Logs needs (the service principal
   * of the stack's Region, for log groups of this account and Region); for an imported key, add that statement to
   * its policy yourself. Only with logging on and no `logGroup`.
   *
   * Off by default: CloudWatch Logs already encrypts log data at rest with its own keys, and a key made here per
   * endpoint would cost a monthly fee and, since the log group is kept when the stack is deleted, leave a retained
   * log group that no one can read once the key is deleted.
   *
   * @default - no customer managed key: CloudWatch Logs' own encryption at rest (cdk-nag's
   * NIST.800.53.R5-CloudWatchLogGroupEncrypted is suppressed on the new log group, with that reason)
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
   */
  readonly logGroupEncryptionKey?: kms.IKey;

  /**
   * Up to two DNS servers (IPv4 addresses) that clients use while connected; for example the VPC resolver
   * (the VPC's base address plus two) or a Route 53 Resolver inbound endpoint.
   *
   * @default - the DNS servers configured on the client's device
   */
  readonly dnsServers?: string[];

  /**
   * The subnets to associate with the endpoint: at most one per Availability Zone, each a /27 or larger, all in
   * `vpc`. Routes to granted CIDRs outside the VPC go through every one of them. Taken as given: a selection with
   * two subnets in one AZ is refused (add `onePerAz: true`).
   *
   * @default - the VPC's private subnets (isolated ones when it has no private subnets), one per Availability Zone
   * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-working-target.html
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The security groups of the endpoint's network interfaces in the associated subnets (at most five).
   *
   * @default - a new security group that allows all outbound traffic
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * The longest a VPN session may last.
   *
   * @default ec2.ClientVpnSessionTimeout.TWENTY_FOUR_HOURS
   */
  readonly sessionTimeout?: ec2.ClientVpnSessionTimeout;

  /**
   * Whether the session ends when `sessionTimeout` is reached (users reconnect by hand) rather than reconnecting
   * on its own.
   *
   * @default - the AWS default (true)
   */
  readonly disconnectOnSessionTimeout?: boolean;

  /**
   * The port of the endpoint.
   *
   * @default ec2.VpnPort.HTTPS
   */
  readonly port?: ec2.VpnPort;

  /**
   * The transport protocol of the VPN session.
   *
   * @default ec2.TransportProtocol.UDP
   */
  readonly transportProtocol?: ec2.TransportProtocol;

  /**
   * Text that AWS-provided clients show in a banner once a session is established (UTF-8, up to 1,400 characters).
   *
   * @default - no banner
   */
  readonly loginBanner?: string;

  /**
   * A description of the endpoint.
   *
   * @default - no description
   */
  readonly description?: string;
}

/** Options of `grantAccess`, `grantAccessToVpc` and `allowInternet`. */
export interface ClientVpnGrantOptions {
  /**
   * The group (a SAML group name, or an Active Directory group SID) whose members get access. Needs SAML or Active
   * Directory authentication.
   *
   * @default - all users of the endpoint, whatever their group. Give a group to restrict access.
   */
  readonly groupId?: string;

  /**
   * A description of the authorization rule. Changing it later replaces the rule, and CloudFormation creates the new
   * rule before it deletes the old one, which AWS refuses for the same range and group: to change it, remove the
   * grant in one deployment and add it back in the next.
   *
   * @default - no description
   */
  readonly description?: string;
}

/** A destination to grant, as the grant methods prepare it. */
interface Destination {
  /** The value to write into the rule and route: a literal where known, else a token. */
  readonly value: string;
  /** The parsed literal, when known at synth. */
  readonly parsed?: ParsedCidr;
  /** A stable construct-id fragment for the destination. */
  readonly key: string;
  /** Whether it needs a route through every associated subnet (it lies outside the VPC's own blocks). */
  readonly routed: boolean;
}

/**
 * A Client VPN endpoint that gives groups of users access to CIDR ranges: in its own VPC, in peered VPCs, through a
 * transit gateway, or the internet.
 *
 * Secure by default: split tunnel on, connection logging on (its own log group with a retention), its own security
 * group, no access at all until `grantAccess`, `grantAccessToVpc` or `allowInternet` is called.
 *
 * Each grant creates one authorization rule (for the given group; for all groups only when no group is given) and,
 * when the destination lies outside the VPC's own CIDR blocks, one route through every associated subnet, each
 * ordered after that subnet's target network association. All rules and routes of the endpoint are created one at a
 * time (each `DependsOn` the one before it), since the endpoint takes one change at a time. Misuse is refused at
 * synth with an error that names the prop, the value and the fix; values not known at synth (tokens) are skipped by
 * those checks, never guessed.
 *
 * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/what-is.html
 */
export class ClientVpnAccess extends Construct {
  /** The underlying `ec2.ClientVpnEndpoint`. */
  public readonly endpoint: ec2.ClientVpnEndpoint;

  /** The id of the endpoint (`cvpn-endpoint-...`). */
  public readonly endpointId: string;

  /** The connections of the endpoint's security groups: allow VPN users into a target with `target.connections.allowFrom(vpn, port)`. */
  public readonly connections: ec2.Connections;

  /** The endpoint's first security group: the one created here unless `securityGroups` was given. */
  public readonly securityGroup: ec2.ISecurityGroup;

  /** The connection log group; undefined when logging is off. */
  public readonly logGroup?: logs.ILogGroup;

  /** The client CIDR. */
  public readonly clientCidr: string;

  /** Whether split tunnel is on. */
  public readonly splitTunnel: boolean;

  /** The subnets the endpoint is associated with, one per Availability Zone. */
  public readonly associatedSubnets: ec2.ISubnet[];

  /** One `AWS::EC2::ClientVpnTargetNetworkAssociation` per associated subnet, in the order of `associatedSubnets`. */
  public readonly targetNetworkAssociations: ec2.CfnClientVpnTargetNetworkAssociation[];

  /** The authorization rules created so far by the grant methods. */
  public readonly authorizationRules: ec2.ClientVpnAuthorizationRule[] = [];

  /** The `AWS::EC2::ClientVpnRoute`s created so far by the grant methods. */
  public readonly routes: ec2.CfnClientVpnRoute[] = [];

  /** The self-service portal URL, when the portal is on. */
  public readonly selfServicePortalUrl?: string;

  private readonly vpc: ec2.IVpc;
  /** How users authenticate (mutual TLS, SAML or Active Directory): whether authorization rules can name groups. */
  public readonly authentication: ClientVpnAuthentication;
  private readonly parsedClientCidr?: ParsedCidr;
  private readonly subnetKeys: string[];
  /** Construct ids of the rules created so far, to refuse a duplicate with a clear message. */
  private readonly ruleIds = new Set<string>();
  /** Destination keys that already have their routes. */
  private readonly routedKeys = new Set<string>();
  private internetAllowed = false;
  /** The rule or route created last: the next one waits for it (one change at a time per endpoint). */
  private lastChange?: CfnResource;

  /**
   * @param scope the construct to create the endpoint under, in a stack of the VPC's account and Region
   * @param id the construct id; it is part of the logical id of every resource below it (renaming it replaces them)
   * @param props the VPC, the client CIDR, the server certificate, the authentication and the endpoint's settings
   */
  constructor(scope: Construct, id: string, props: ClientVpnAccessProps) {
    super(scope, id);
    const { vpc, authentication } = props;
    this.vpc = vpc;
    this.authentication = authentication;
    this.clientCidr = props.clientCidr;
    this.splitTunnel = props.splitTunnel ?? true;
    const logging = props.logging ?? true;

    // Everything is checked before anything is created.
    if (authentication._problem !== undefined) {
      throw propError(this, authentication._problem);
    }
    this.parsedClientCidr = this.checkClientCidr(vpc, props.clientCidr);
    this.checkEndpointOptions(props, logging);
    const selection = selectOnePerAz(this, vpc, props.vpcSubnets, {
      prop: 'vpcSubnets',
      resource: 'a Client VPN endpoint',
      ruleId: 'NG-CVPN-003',
    });
    if (Token.isUnresolved(selection.subnetIds)) {
      throw propError(
        this,
        `vpc ${vpc.node.path} lists its subnets as one token (an imported list without a count), so they cannot be associated one by one. Import the VPC with one subnet id per entry, or give Fn.split the number of subnets.`,
      );
    }
    this.associatedSubnets = this.checkSubnets(vpc, selection.subnets, props.vpcSubnets !== undefined);
    this.subnetKeys = subnetKeys(this.associatedSubnets);

    // Create.
    const securityGroups = props.securityGroups ?? [
      new ec2.SecurityGroup(this, 'SecurityGroup', {
        vpc,
        description: `Client VPN endpoint ${this.node.path}`,
        allowAllOutbound: true,
      }),
    ];
    this.securityGroup = securityGroups[0];
    this.logGroup = logging ? (props.logGroup ?? this.newLogGroup(props)) : undefined;

    this.endpoint = new ec2.ClientVpnEndpoint(this, 'Endpoint', {
      vpc,
      cidr: props.clientCidr,
      serverCertificateArn: props.serverCertificateArn,
      clientCertificateArn: authentication._clientCertificateArn,
      userBasedAuthentication: authentication._userBased,
      selfServicePortal: authentication._userBased ? authentication.selfServicePortal : undefined,
      splitTunnel: this.splitTunnel,
      logging,
      logGroup: this.logGroup,
      dnsServers: props.dnsServers,
      securityGroups,
      sessionTimeout: props.sessionTimeout,
      disconnectOnSessionTimeout: props.disconnectOnSessionTimeout,
      port: props.port,
      transportProtocol: props.transportProtocol,
      clientLoginBanner: props.loginBanner,
      description: props.description,
      // The associations are made below with ids derived from the subnets (the L2 numbers them), and access is
      // granted explicitly: nobody gets the VPC by default.
      vpcSubnets: { subnets: [] },
      authorizeAllUsersToVpcCidr: false,
    });
    this.endpointId = this.endpoint.endpointId;
    this.connections = this.endpoint.connections;
    if (authentication.selfServicePortal) {
      this.selfServicePortalUrl = `https://self-service.clientvpn.amazonaws.com/endpoints/${this.endpointId}`;
    }

    const associated = this.endpoint.targetNetworksAssociated;
    this.targetNetworkAssociations = this.associatedSubnets.map((subnet, i) => {
      const association = new ec2.CfnClientVpnTargetNetworkAssociation(this, `Association-${this.subnetKeys[i]}`, {
        clientVpnEndpointId: this.endpointId,
        subnetId: subnet.subnetId,
      });
      // Routes that users add through `endpoint.addRoute()` wait for these associations too.
      if (isDependencyGroup(associated)) {
        associated.add(association);
      }
      return association;
    });
    // AWS adds the VPC's local routes to the endpoint's route table when a subnet is associated, and refreshes them
    // only on a new association: every block association of the VPC must exist first. In the same stack that is a
    // DependsOn; CDK carries it to the nested stack's resource, or to a dependency between two stacks (which the
    // endpoint's reference to the VPC makes already).
    for (const block of blockAssociationsOf(vpc)) {
      this.targetNetworkAssociations.forEach((association) => association.addDependency(block));
    }

    const saml = authentication._samlProviderArns;
    if (saml?.portal !== undefined && this.sameValue(saml.client, saml.portal)) {
      Annotations.of(this).addWarningV2(
        'cdk-vpc-connectivity:client-vpn-portal-reuses-saml-provider',
        `authentication: the self-service portal signs users in with the VPN client's SAML provider '${saml.client}'. The portal's SAML application sends its assertions to https://self-service.clientvpn.amazonaws.com/api/auth/sso/saml, not to the VPN client's http://127.0.0.1:35001, so portal sign-ins fail with an identity provider application set up for the client only. Create a SAML application for the portal in the identity provider, an IAM SAML provider from its metadata, and give that provider's ARN as selfServiceSamlProviderArn in ClientVpnAuthentication.saml().`,
      );
    }
    if (!logging) {
      Annotations.of(this).addWarningV2(
        'NG-CVPN-008',
        'logging is false: connections to this Client VPN endpoint are not recorded. Leave logging on (the default) unless another record of VPN sessions exists. (NG-CVPN-008)',
      );
    }
    if (!this.splitTunnel) {
      Aspects.of(this).add(new FullTunnelCheck(this, () => this.internetAllowed));
    }
  }

  /**
   * Give users access to a CIDR range: an authorization rule for `options.groupId` (for all groups only when no
   * group is given), and, when the range lies outside the VPC's own CIDR blocks, a route to it through every
   * associated subnet (each route ordered after its subnet's association). A range inside the VPC needs no route:
   * AWS adds the VPC's route when a subnet is associated.
   *
   * The range must be IPv4, must not overlap the client CIDR, and must not be `0.0.0.0/0` (use `allowInternet`).
   * At most 200 authorization rules per endpoint (the default quota).
   *
   * @param cidr the IPv4 range users may reach, such as `10.0.0.0/16` (a token is not checked, and gets routes
   *   unless it is one of the VPC's own blocks)
   * @param options the group the rule is for (all groups when none is given) and the rule's description
   */
  public grantAccess(cidr: string, options: ClientVpnGrantOptions = {}): void {
    const what = `grantAccess('${cidr}')`;
    const parsed = this.parseGranted(cidr, what);
    if (parsed && parsed.prefixLength === 0) {
      throw propError(
        this,
        `${what}: '${cidr}' is the whole internet. Call allowInternet() instead (it needs splitTunnel: false).`,
      );
    }
    this.grant(
      [{ value: cidr, parsed, key: this.destinationKey(cidr, parsed), routed: !this.isInsideVpc(cidr, parsed) }],
      options,
      what,
    );
  }

  /**
   * Give users access to every IPv4 CIDR block of another VPC (primary and secondary): a peered VPC
   * (`PeeredVpcPair`) or a VPC reachable through a transit gateway. Each block gets an authorization rule for
   * `options.groupId` (all groups only when no group is given) and a route through every associated subnet. Blocks
   * not known at synth (tokens) are granted as tokens; IPv6 blocks are left out (Client VPN routes IPv4 only).
   * Given this endpoint's own VPC, it grants that VPC's blocks without routes.
   *
   * The VPC's route tables and the associated subnets' route tables must route between the two VPCs: this method
   * adds Client VPN rules and routes only.
   *
   * @param vpc the VPC whose IPv4 blocks users may reach (an imported VPC's blocks are those it was given)
   * @param options the group the rules are for (all groups when none is given) and the rules' description
   */
  public grantAccessToVpc(vpc: ec2.IVpc, options: ClientVpnGrantOptions = {}): void {
    const what = `grantAccessToVpc(${vpc.node.path})`;
    const space = vpcAddressSpace(vpc);
    const own = space.identity === vpcIdentity(this.vpc);
    const blocks = space.blocks.filter((b) => b.family === 'ipv4');
    if (blocks.length === 0) {
      throw propError(
        this,
        `${what}: the VPC has no IPv4 CIDR block this construct can see. Import it with its block (ec2.Vpc.fromVpcAttributes({ vpcCidrBlock: '10.1.0.0/16', ... })), or call grantAccess(cidr) with its CIDR.`,
      );
    }
    const destinations = blocks.map((block) => {
      const parsed = block.literal ? this.parseGranted(block.literal, what) : undefined;
      return { value: block.value, parsed, key: this.destinationKey(block.value, parsed), routed: !own };
    });
    this.grant(destinations, options, what);
  }

  /**
   * Full tunnel: send users' internet traffic through the VPN, with a `0.0.0.0/0` authorization rule for
   * `options.groupId` (all groups only when no group is given) and a `0.0.0.0/0` route through every associated
   * subnet. Refused while split tunnel is on. The associated subnets need a route to the internet (a NAT gateway or
   * an internet gateway).
   *
   * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/scenario-internet.html
   * @param options the group the `0.0.0.0/0` rule is for (all groups when none is given) and its description
   */
  public allowInternet(options: ClientVpnGrantOptions = {}): void {
    if (this.splitTunnel) {
      throw propError(
        this,
        `allowInternet(): splitTunnel is true, so clients send only the granted ranges through the VPN and a ${INTERNET} route would have no effect. Set splitTunnel: false to send all traffic through the VPN, or grant the ranges users need with grantAccess().`,
      );
    }
    const parsed = parseCidr(INTERNET);
    this.grant(
      [{ value: INTERNET, parsed, key: this.destinationKey(INTERNET, parsed), routed: true }],
      options,
      'allowInternet()',
    );
    this.internetAllowed = true;
    const isolated = this.associatedSubnets.filter((s) => this.vpc.isolatedSubnets.includes(s));
    if (isolated.length > 0) {
      Annotations.of(this).addWarningV2(
        'cdk-vpc-connectivity:client-vpn-internet-isolated-subnet',
        `allowInternet(): the associated subnets ${isolated.map((s) => s.node.path).join(', ')} are isolated (no NAT or internet gateway route), so internet traffic through them is dropped. Associate private subnets with a NAT gateway (vpcSubnets), or public subnets.`,
      );
    }
  }

  /** Check, then create the authorization rules and routes of one grant call. */
  private grant(destinations: Destination[], options: ClientVpnGrantOptions, what: string): void {
    const groupId = options.groupId;
    if (groupId !== undefined && !Token.isUnresolved(groupId)) {
      if (groupId.trim() === '') {
        throw propError(
          this,
          `${what}: groupId is empty. Give a group name or SID, or leave groupId out to authorize all groups.`,
        );
      }
      if (!this.authentication.supportsGroups) {
        throw propError(
          this,
          `${what}: groupId '${groupId}' is given, but authentication is mutual TLS, which has no groups. Leave groupId out (the rule then applies to all users), or use ClientVpnAuthentication.saml() or .activeDirectory().`,
        );
      }
    }
    const groupKey = groupId === undefined ? 'AllGroups' : `Group-${this.idFragment(groupId)}`;

    const newRules: [string, Destination][] = [];
    for (const destination of destinations) {
      const ruleId = `Rule-${destination.key}-${groupKey}`;
      if (this.ruleIds.has(ruleId) || newRules.some(([id]) => id === ruleId)) {
        throw propError(
          this,
          `${what}: '${destination.parsed?.text ?? destination.value}' is already granted to ${groupId === undefined ? 'all groups' : `group '${groupId}'`}. Remove the second grant.`,
        );
      }
      newRules.push([ruleId, destination]);
    }
    if (this.ruleIds.size + newRules.length > MAX_AUTHORIZATION_RULES) {
      throw propError(
        this,
        `${what}: it would bring the endpoint to ${this.ruleIds.size + newRules.length} authorization rules, over the quota of ${MAX_AUTHORIZATION_RULES} per Client VPN endpoint. Summarize ranges into fewer, larger CIDRs, or grant to fewer groups.`,
      );
    }
    const newRouted = new Set(destinations.filter((d) => d.routed && !this.routedKeys.has(d.key)).map((d) => d.key));
    if (this.routedKeys.size + newRouted.size > MAX_ROUTES_PER_ASSOCIATION) {
      Annotations.of(this).addWarningV2(
        'cdk-vpc-connectivity:client-vpn-routes-quota',
        `${what}: each associated subnet now has ${this.routedKeys.size + newRouted.size} Client VPN routes, over the default quota of ${MAX_ROUTES_PER_ASSOCIATION} routes per target network association. Summarize ranges, or raise the quota before deploying.`,
      );
    }

    for (const [ruleId, destination] of newRules) {
      const rule = new ec2.ClientVpnAuthorizationRule(this, ruleId, {
        clientVpnEndpoint: this.endpoint,
        cidr: destination.value,
        groupId,
        description: options.description,
      });
      const cfnRule = rule.node.defaultChild;
      if (CfnResource.isCfnResource(cfnRule)) {
        this.chain(cfnRule);
      }
      this.authorizationRules.push(rule);
      this.ruleIds.add(ruleId);
      if (destination.routed && !this.routedKeys.has(destination.key)) {
        this.addRoutes(destination);
      }
    }
  }

  /** One route to the destination through every associated subnet, each after its subnet's association. */
  private addRoutes(destination: Destination): void {
    this.associatedSubnets.forEach((subnet, i) => {
      const association = this.targetNetworkAssociations[i];
      const route = new ec2.CfnClientVpnRoute(this, `Route-${destination.key}-${this.subnetKeys[i]}`, {
        clientVpnEndpointId: this.endpointId,
        destinationCidrBlock: destination.value,
        targetVpcSubnetId: subnet.subnetId,
      });
      route.addDependency(association);
      this.chain(route);
      this.routes.push(route);
    });
    this.routedKeys.add(destination.key);
  }

  /**
   * Order a new rule or route after the one created before it: the Client VPN API refuses a change to an endpoint
   * while another is in progress (`ConcurrentMutationLimitExceeded`), and CloudFormation would otherwise create them
   * all at once. Deletes then run one at a time too, in reverse.
   */
  private chain(resource: CfnResource): void {
    if (this.lastChange) {
      resource.addDependency(this.lastChange);
    }
    this.lastChange = resource;
  }

  /** Parse a granted literal CIDR: IPv4, a network address, not overlapping the client CIDR. */
  private parseGranted(cidr: string, what: string): ParsedCidr | undefined {
    const parsed = this.parse(cidr, what);
    if (!parsed) {
      return undefined;
    }
    if (parsed.family !== 'ipv4') {
      throw propError(
        this,
        `${what}: '${cidr}' is an IPv6 range. Client VPN authorizes and routes IPv4 ranges only: grant an IPv4 CIDR.`,
      );
    }
    if (parsed.canonical !== cidr) {
      throw propError(this, `${what}: '${cidr}' has host bits set. Write the network address: '${parsed.canonical}'.`);
    }
    if (this.parsedClientCidr && parsed.prefixLength > 0 && parsedOverlap(parsed, this.parsedClientCidr)) {
      throw propError(
        this,
        `${what}: '${cidr}' overlaps clientCidr '${this.clientCidr}'. The client range cannot overlap a route of the endpoint: grant a range that leaves out ${this.clientCidr}, or choose another clientCidr. (NG-CVPN-002)`,
      );
    }
    return parsed;
  }

  /** Whether a granted range lies inside one of the VPC's own blocks (then AWS routes it already). */
  private isInsideVpc(cidr: string, parsed: ParsedCidr | undefined): boolean {
    const blocks = vpcAddressSpace(this.vpc).blocks;
    if (!parsed) {
      // A token: inside only when it is one of the VPC's own block values; otherwise a route is added.
      return cidr === this.vpc.vpcCidrBlock || blocks.some((b) => b.value === cidr);
    }
    return blocks.some((b) => {
      const pb = b.literal ? parseCidr(b.literal) : undefined;
      return pb !== undefined && parsedContains(pb, parsed);
    });
  }

  /** A stable id fragment for a destination: the literal range, or a hash of what a token resolves to. */
  private destinationKey(value: string, parsed: ParsedCidr | undefined): string {
    return parsed ? parsed.canonical.replace('/', '-') : this.idFragment(value);
  }

  /** A construct-id fragment for a value: the value itself when it is plain, else a hash of it (tokens: resolved). */
  private idFragment(value: string): string {
    if (Token.isUnresolved(value)) {
      let resolved: string;
      try {
        resolved = JSON.stringify(Stack.of(this).resolve(value));
      } catch {
        resolved = value;
      }
      return `token-${shortHash(resolved)}`;
    }
    return /^[A-Za-z0-9._-]+$/.test(value) ? value : `${value.replace(/[^A-Za-z0-9._-]/g, '_')}-${shortHash(value)}`;
  }

  /** Whether two values are the same: equal literals, or tokens that resolve alike. A literal and a token never are. */
  private sameValue(a: string, b: string): boolean {
    const unresolved = [Token.isUnresolved(a), Token.isUnresolved(b)];
    if (!unresolved[0] && !unresolved[1]) {
      return a === b;
    }
    if (unresolved[0] && unresolved[1]) {
      const stack = Stack.of(this);
      return a === b || JSON.stringify(stack.resolve(a)) === JSON.stringify(stack.resolve(b));
    }
    return false;
  }

  private parse(cidr: string, what: string): ParsedCidr | undefined {
    try {
      return parseCidr(cidr, what);
    } catch (e) {
      throw propError(this, (e as Error).message);
    }
  }

  private checkClientCidr(vpc: ec2.IVpc, clientCidr: string): ParsedCidr | undefined {
    const parsed = this.parse(clientCidr, 'clientCidr');
    if (!parsed) {
      return undefined;
    }
    if (parsed.family !== 'ipv4') {
      throw propError(
        this,
        `clientCidr '${clientCidr}' is an IPv6 range. Give an IPv4 range from /12 to /22, such as '10.100.0.0/22'.`,
      );
    }
    if (parsed.prefixLength < CLIENT_CIDR_MIN_PREFIX || parsed.prefixLength > CLIENT_CIDR_MAX_PREFIX) {
      throw propError(
        this,
        `clientCidr '${clientCidr}' is a /${parsed.prefixLength}, but a Client VPN client range must be from /${CLIENT_CIDR_MIN_PREFIX} to /${CLIENT_CIDR_MAX_PREFIX}. Give a range such as '${parsed.network.toString()}/22' (1,024 addresses). (NG-CVPN-001)`,
      );
    }
    if (parsed.canonical !== clientCidr) {
      throw propError(
        this,
        `clientCidr '${clientCidr}' has host bits set. Write the network address: '${parsed.canonical}'.`,
      );
    }
    for (const block of vpcAddressSpace(vpc).blocks) {
      const pb = block.literal ? parseCidr(block.literal) : undefined;
      if (pb && parsedOverlap(pb, parsed)) {
        throw propError(
          this,
          `clientCidr '${clientCidr}' overlaps ${block.literal} (${block.source === 'primary' ? 'primary' : 'secondary'} CIDR block of vpc ${vpc.node.path}). Choose a client range outside every CIDR block of the VPC and of the networks users reach. (NG-CVPN-002)`,
        );
      }
    }
    return parsed;
  }

  /** The connection log group made here: retention, and the customer managed key when one is given. */
  private newLogGroup(props: ClientVpnAccessProps): logs.LogGroup {
    const key = props.logGroupEncryptionKey;
    const stack = Stack.of(this);
    // A no-op for an imported key, whose policy is its owner's.
    key?.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogsOfThisAccount',
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*`,
          },
        },
      }),
      true,
    );
    const logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      encryptionKey: key,
    });
    if (key === undefined) {
      suppressNag(logGroup, [
        {
          id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
          reason:
            'CloudWatch Logs encrypts the connection logs at rest with its own keys. A customer managed key is optional (logGroupEncryptionKey): one made per endpoint by default would cost a monthly fee and leave the retained log group unreadable once the key is deleted.',
        },
      ]);
    }
    return logGroup;
  }

  private checkEndpointOptions(props: ClientVpnAccessProps, logging: boolean): void {
    if (props.logGroupEncryptionKey !== undefined && (!logging || props.logGroup !== undefined)) {
      throw propError(
        this,
        `logGroupEncryptionKey is given with ${!logging ? 'logging false' : 'logGroup'}: it only encrypts the log group created here. ${!logging ? 'Remove it, or leave logging on.' : 'Set the key on your log group and remove logGroupEncryptionKey.'}`,
      );
    }
    if (!logging && (props.logGroup !== undefined || props.logRetention !== undefined)) {
      throw propError(
        this,
        `logging is false, but ${props.logGroup !== undefined ? 'logGroup' : 'logRetention'} is given. Remove it, or leave logging on.`,
      );
    }
    if (props.logGroup !== undefined && props.logRetention !== undefined) {
      throw propError(
        this,
        'logRetention is given with logGroup: it applies only to the log group created here. Set the retention on your log group and remove logRetention.',
      );
    }
    const dnsServers = props.dnsServers ?? [];
    if (dnsServers.length > MAX_DNS_SERVERS) {
      throw propError(
        this,
        `dnsServers has ${dnsServers.length} entries (${dnsServers.join(', ')}); a Client VPN endpoint takes at most ${MAX_DNS_SERVERS}. Keep two.`,
      );
    }
    for (const server of dnsServers) {
      if (!Token.isUnresolved(server) && !ipaddr.IPv4.isValidFourPartDecimal(server)) {
        throw propError(
          this,
          `dnsServers: '${server}' is not an IPv4 address. Give the resolver's IPv4 address, such as '10.0.0.2' for the VPC resolver of 10.0.0.0/16.`,
        );
      }
    }
    const banner = props.loginBanner;
    if (banner !== undefined && !Token.isUnresolved(banner) && banner.length > MAX_LOGIN_BANNER) {
      throw propError(
        this,
        `loginBanner is ${banner.length} characters long; AWS clients show at most ${MAX_LOGIN_BANNER}. Shorten it.`,
      );
    }
    if (
      props.securityGroups !== undefined &&
      (props.securityGroups.length === 0 || props.securityGroups.length > MAX_SECURITY_GROUPS)
    ) {
      throw propError(
        this,
        `securityGroups has ${props.securityGroups.length} entries; a Client VPN endpoint takes 1 to ${MAX_SECURITY_GROUPS}. Give up to five, or leave securityGroups out to get a new one.`,
      );
    }
  }

  private checkSubnets(vpc: ec2.IVpc, subnets: ec2.ISubnet[], given: boolean): ec2.ISubnet[] {
    if (subnets.length === 0) {
      throw propError(
        this,
        `${given ? 'vpcSubnets selects' : `vpc ${vpc.node.path} has`} no subnets to associate the endpoint with. Select at least one subnet (vpcSubnets), one per Availability Zone.`,
      );
    }
    const vpcResource = vpcAddressSpace(vpc).resource;
    for (const subnet of subnets) {
      const cfnSubnet = subnet.node.defaultChild;
      if (vpcResource && cfnSubnet && ec2.CfnSubnet.isCfnSubnet(cfnSubnet)) {
        const owner = referencedResource(cfnSubnet.vpcId, 'AWS::EC2::VPC');
        if (owner && owner !== vpcResource) {
          throw propError(
            this,
            `vpcSubnets: subnet ${subnet.node.path} belongs to VPC ${owner.node.path}, not to vpc ${vpc.node.path}. All associated subnets must be in the endpoint's VPC: select subnets of ${vpc.node.path}. (NG-CVPN-003)`,
          );
        }
      }
      const cidr = tryGet(() => subnet.ipv4CidrBlock);
      const parsed = cidr !== undefined && !Token.isUnresolved(cidr) ? parseCidr(cidr) : undefined;
      if (parsed && parsed.prefixLength > SUBNET_MAX_PREFIX) {
        throw propError(
          this,
          `vpcSubnets: subnet ${subnet.node.path} is ${cidr}, a /${parsed.prefixLength}; a Client VPN target subnet must be a /${SUBNET_MAX_PREFIX} or larger. Select larger subnets (cidrMask 27 or less). (NG-CVPN-004)`,
        );
      }
    }
    return subnets;
  }
}

/** Warns, once the app is built, when full tunnel is on and the internet was never allowed (NG-CVPN-007). */
class FullTunnelCheck implements IAspect {
  constructor(
    private readonly owner: ClientVpnAccess,
    private readonly internetAllowed: () => boolean,
  ) {}

  public visit(node: IConstruct): void {
    if (node === this.owner && !this.internetAllowed()) {
      Annotations.of(this.owner).addWarningV2(
        'NG-CVPN-007',
        `splitTunnel is false, so clients send all traffic through the VPN, but allowInternet() was never called: users lose the internet while connected. Call allowInternet(), or set splitTunnel: true. (NG-CVPN-007)`,
      );
    }
  }
}

/**
 * The `AWS::EC2::VPCCidrBlock` resources of a VPC: those of its blocks (IPv4 and IPv6) and of its IPAM-allocated
 * IPv4 blocks, which `vpcAddressSpace` lists by path only.
 */
function blockAssociationsOf(vpc: ec2.IVpc): CfnResource[] {
  const space = vpcAddressSpace(vpc);
  const found = space.blocks.map((b) => b.association).filter((a): a is CfnResource => a !== undefined);
  for (const path of space.unroutable) {
    const resource = constructAt(vpc.node.root, path);
    if (resource && CfnResource.isCfnResource(resource)) {
      found.push(resource);
    }
  }
  return [...new Set(found)];
}

/** The construct at a path below the root (ids never contain '/'). */
function constructAt(root: IConstruct, path: string): IConstruct | undefined {
  let node: IConstruct | undefined = root;
  for (const id of path.split('/')) {
    node = node?.node.tryFindChild(id);
  }
  return node;
}

/** Construct-id fragments for the subnets: their own ids, or path-derived ids when two share one. */
function subnetKeys(subnets: ec2.ISubnet[]): string[] {
  const ids = subnets.map((s) => s.node.id);
  return new Set(ids).size === ids.length ? ids : subnets.map((s) => Names.uniqueId(s));
}

function isDependencyGroup(value: unknown): value is { add(...deps: IConstruct[]): void } {
  return typeof value === 'object' && value !== null && typeof (value as { add?: unknown }).add === 'function';
}

function shortHash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 8);
}
