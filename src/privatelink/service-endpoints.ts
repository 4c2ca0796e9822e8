import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { assertVpcDnsForPrivateDns } from './checks';
import { referencedResource, vpcAddressSpace } from '../cidr';
import { propError, warn } from '../private/errors';
import { allowFromBlocks } from '../private/ingress';
import { SelectedRouteTable, selectRouteTables } from '../private/route-tables';

/**
 * Properties of `ServiceEndpoints`.
 */
export interface ServiceEndpointsProps {
  /** The VPC that gets the endpoints. */
  readonly vpc: ec2.IVpc;

  /**
   * Gateway endpoints to create, by name: `'s3'` and/or `'dynamodb'`. Each gets a route in every route table of
   * the VPC (public, private and isolated subnets). Refused when a route table of the VPC already has a gateway
   * endpoint of that service in this app (for example from `ec2.Vpc`'s `gatewayEndpoints`): AWS allows one per
   * service and route table.
   *
   * @default - none
   * @see https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
   */
  readonly gateway?: string[];

  /**
   * AWS services to reach through interface endpoints, for example `ec2.InterfaceVpcEndpointAwsService.SSM`.
   * They share one security group that admits the VPC's CIDR blocks only, on each service's own TCP `port` (443
   * for most services, 9142 for Amazon Keyspaces).
   *
   * @default - none
   */
  readonly interfaceServices?: ec2.IInterfaceVpcEndpointService[];

  /**
   * The subnets for the interface endpoints' network interfaces, one per AZ.
   *
   * @default - the private subnets (else isolated, else public) of the VPC, one per AZ
   */
  readonly subnets?: ec2.SubnetSelection;

  /**
   * Whether the interface endpoints answer the services' default DNS names in the VPC (needs DNS hostnames and
   * DNS support on the VPC, NG-PL-003).
   *
   * @default - each service's own default (true for most AWS services)
   */
  readonly privateDnsEnabled?: boolean;

  /**
   * An AWS Organizations id (`o-...`): the endpoint policy of every endpoint allows only principals of this
   * organization (`aws:PrincipalOrgID`).
   *
   * Services that accept only the full-access endpoint policy (`FULL_ACCESS_POLICY_ONLY_SERVICES`, and those in
   * `unrestrictedServices`) get no policy, with a warning. On the S3 gateway endpoint, the condition also blocks
   * buckets owned by AWS outside your organization, such as the package repositories of Amazon Linux (yum/dnf) and
   * other AWS-hosted buckets: allow them with your own statement, or leave S3 out of the restriction.
   *
   * @default - no organization condition
   * @see https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
   */
  readonly restrictToOrganization?: string;

  /**
   * Account ids: the endpoint policy of every endpoint allows only principals of these accounts
   * (`aws:PrincipalAccount`). With `restrictToOrganization`, a principal must satisfy both. Services that accept
   * only the full-access policy are left without it, as for `restrictToOrganization`.
   *
   * @default - no account condition
   */
  readonly restrictToAccounts?: string[];

  /**
   * Interface services (among `interfaceServices`) to leave without the endpoint policy of `restrictToOrganization`
   * / `restrictToAccounts`: services AWS refuses a custom policy for (the deployment fails with "only supports the
   * full-access endpoint policy") that the built-in list `FULL_ACCESS_POLICY_ONLY_SERVICES` does not know yet.
   * Each is left with the default full-access policy, and a warning says so.
   *
   * @default - only the services of `FULL_ACCESS_POLICY_ONLY_SERVICES` are left without the policy
   * @see https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
   */
  readonly unrestrictedServices?: ec2.IInterfaceVpcEndpointService[];
}

const GATEWAY_SERVICES: Record<string, { id: string; service: ec2.GatewayVpcEndpointAwsService }> = {
  s3: { id: 'S3', service: ec2.GatewayVpcEndpointAwsService.S3 },
  dynamodb: { id: 'DynamoDb', service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
};

/**
 * The VPC endpoints a private VPC needs to reach AWS services: gateway endpoints (S3, DynamoDB) in every route
 * table, interface endpoints sharing one security group that admits the VPC only on each service's port, and
 * optional endpoint policies that let only principals of an organization or of some accounts through.
 *
 * Construct ids are the gateway names (`S3`, `DynamoDb`) and each interface service's short name (`ssm`,
 * `ecr.api`), so adding or removing one never replaces another.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/privatelink/concepts.html
 */
export class ServiceEndpoints extends Construct {
  /**
   * The last labels of the AWS service names (`com.amazonaws.<region>.<name>`) whose interface endpoints accept
   * only the full-access endpoint policy: creating one with another policy fails with "Service ... only supports
   * the full-access endpoint policy". `restrictToOrganization` and `restrictToAccounts` leave them without a
   * policy, with a warning.
   *
   * Source: the AWS PrivateLink guide, "Control access to VPC endpoints using endpoint policies" ("Not all AWS
   * services support endpoint policies"; per Region, `aws ec2 describe-vpc-endpoint-services --query
   * "ServiceDetails[?VpcEndpointPolicySupported==false].ServiceName"` lists them), and the error AWS returns for
   * Amazon EKS (`eks`, `eks-auth`) and Amazon SES SMTP (`email-smtp`). Give others in `unrestrictedServices`.
   *
   * @see https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
   */
  public static readonly FULL_ACCESS_POLICY_ONLY_SERVICES: string[] = ['eks', 'eks-auth', 'email-smtp'];

  /** The gateway endpoints, in the order of `gateway`. */
  public readonly gatewayEndpoints: ec2.GatewayVpcEndpoint[];

  /** The interface endpoints, in the order of `interfaceServices`. */
  public readonly interfaceEndpoints: ec2.InterfaceVpcEndpoint[];

  /** The security group shared by the interface endpoints (undefined when there are none). */
  public readonly securityGroup?: ec2.SecurityGroup;

  /** The statement added to every endpoint policy (undefined without restriction). */
  public readonly policyStatement?: iam.PolicyStatement;

  /**
   * @param scope the construct to create the endpoints under, in a stack of the VPC's account and Region
   * @param id the construct id; it is part of the logical id of every resource below it (renaming it replaces them)
   * @param props the VPC, its gateway endpoints and interface services, and the policy restriction
   */
  constructor(scope: Construct, id: string, props: ServiceEndpointsProps) {
    super(scope, id);
    const { vpc } = props;
    const gateway = props.gateway ?? [];
    const services = props.interfaceServices ?? [];
    const unrestricted = props.unrestrictedServices ?? [];

    // Everything is checked before anything is created.
    if (gateway.length === 0 && services.length === 0) {
      throw propError(
        this,
        "neither gateway nor interfaceServices is given: there is no endpoint to create. Give gateway: ['s3', 'dynamodb'] and/or interfaceServices: [ec2.InterfaceVpcEndpointAwsService.SSM, ...].",
      );
    }
    const gatewaySeen = new Set<string>();
    for (const name of gateway) {
      // Own keys only: 'constructor' or 'valueOf' are not services.
      if (!Object.prototype.hasOwnProperty.call(GATEWAY_SERVICES, name)) {
        throw propError(
          this,
          `gateway contains '${name}', which has no gateway endpoint. Gateway endpoints exist for 's3' and 'dynamodb' only; reach other services with interfaceServices.`,
        );
      }
      if (gatewaySeen.has(name)) {
        throw propError(
          this,
          `gateway lists '${name}' twice: a route table takes one gateway endpoint per service. Give it once.`,
        );
      }
      gatewaySeen.add(name);
    }
    const interfaceIds = services.map((service, i) => interfaceId(this, service, i, 'interfaceServices'));
    const twice = interfaceIds.filter((x, i) => interfaceIds.indexOf(x) !== i);
    if (twice.length > 0) {
      throw propError(
        this,
        `interfaceServices lists ${twice.join(', ')} twice: two interface endpoints for one service in a VPC conflict on its private DNS name. Give each service once.`,
      );
    }
    for (const service of services) {
      const port = service.port;
      if (!Token.isUnresolved(port) && (!Number.isInteger(port) || port < 1 || port > 65535)) {
        throw propError(
          this,
          `interfaceServices: ${service.name} has port ${port}, which is not a port. Give the service's TCP port (1 to 65535).`,
        );
      }
    }
    const restricted = props.restrictToOrganization !== undefined || props.restrictToAccounts !== undefined;
    const unrestrictedIds = unrestricted.map((service, i) => interfaceId(this, service, i, 'unrestrictedServices'));
    if (unrestricted.length > 0 && !restricted) {
      throw propError(
        this,
        'unrestrictedServices is given without restrictToOrganization or restrictToAccounts: no endpoint gets a policy to leave out. Remove unrestrictedServices, or give a restriction.',
      );
    }
    for (const unrestrictedId of unrestrictedIds) {
      if (!interfaceIds.includes(unrestrictedId)) {
        throw propError(
          this,
          `unrestrictedServices contains ${unrestrictedId}, which is not in interfaceServices (${interfaceIds.join(', ') || 'none'}). List only services this construct creates an endpoint for.`,
        );
      }
    }
    if (services.some((service) => props.privateDnsEnabled ?? service.privateDnsDefault ?? true)) {
      assertVpcDnsForPrivateDns(this, vpc, 'privateDnsEnabled');
    }
    const statement = this.restriction(props.restrictToOrganization, props.restrictToAccounts);
    const routeTables = gateway.length > 0 ? selectRouteTables(this, vpc, undefined, 'gateway') : [];
    for (const name of gateway) {
      this.assertNoGatewayEndpoint(vpc, name, routeTables);
    }
    const blocks = services.length > 0 ? vpcAddressSpace(vpc).blocks : [];
    if (services.length > 0 && blocks.length === 0) {
      throw propError(
        this,
        `VPC ${vpc.node.path} has no CIDR block known to this construct, so the interface endpoints' security group cannot admit it. Import the VPC with its block (ec2.Vpc.fromVpcAttributes({ vpcCidrBlock: '10.0.0.0/16', ... })).`,
      );
    }
    this.policyStatement = statement;

    // Gateway endpoints: one subnet per distinct route table is enough for the L2 to route every table.
    this.gatewayEndpoints = gateway.map((name) => {
      const { id: endpointId, service } = GATEWAY_SERVICES[name];
      const endpoint = new ec2.GatewayVpcEndpoint(this, endpointId, {
        vpc,
        service,
        subnets: [{ subnets: routeTables.map((table) => table.subnets[0]) }],
      });
      if (statement) {
        endpoint.addToPolicy(statement);
      }
      return endpoint;
    });

    // Interface endpoints sharing one security group, open on each service's own port.
    if (services.length > 0) {
      this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
        vpc,
        // Security-group descriptions take letters, digits, spaces and ._-:/()#,@[]+=&;{}!$* only (no apostrophe).
        description: 'Interface endpoints of AWS services: the VPC only, on the port of each service',
        allowAllOutbound: false,
      });
      const ports: number[] = [];
      for (const service of services) {
        if (!ports.includes(service.port)) {
          ports.push(service.port);
        }
      }
      for (const port of ports) {
        allowFromBlocks(
          this.securityGroup,
          blocks,
          ec2.Port.tcp(port),
          port === 443 ? 'HTTPS from the VPC' : `TCP ${port} from the VPC`,
        );
      }
    }
    const securityGroup = this.securityGroup;
    const fullAccessOnly: string[] = [];
    this.interfaceEndpoints = services.map((service, i) => {
      const endpoint = new ec2.InterfaceVpcEndpoint(this, interfaceIds[i], {
        vpc,
        service,
        subnets: props.subnets ?? {},
        securityGroups: securityGroup ? [securityGroup] : undefined,
        open: false,
        privateDnsEnabled: props.privateDnsEnabled,
      });
      if (statement) {
        if (unrestrictedIds.includes(interfaceIds[i]) || acceptsOnlyFullAccess(service, interfaceIds[i])) {
          fullAccessOnly.push(interfaceIds[i]);
        } else {
          endpoint.addToPolicy(statement);
        }
      }
      return endpoint;
    });
    if (fullAccessOnly.length > 0) {
      warn(
        this,
        'privatelink-full-access-policy-only',
        `the interface endpoints of ${fullAccessOnly.join(', ')} get no endpoint policy: AWS accepts only the full-access policy for them, so restrictToOrganization / restrictToAccounts do not apply there. Restrict those services with IAM policies of the principals, or leave them out of interfaceServices.`,
      );
    }
  }

  /**
   * Refuse a gateway endpoint of `name` when one of the route tables already has one of that service in this app
   * (AWS refuses a second one per service and route table).
   */
  private assertNoGatewayEndpoint(vpc: ec2.IVpc, name: string, routeTables: SelectedRouteTable[]): void {
    const { service } = GATEWAY_SERVICES[name];
    const stacks = [...new Set([Stack.of(vpc), Stack.of(this)])];
    const wanted = serviceNameKey(Stack.of(vpc), service.name);
    const ours = routeTables.map((table) => routeTableIdentity(table.routeTableId));
    for (const stack of stacks) {
      for (const existing of stack.node.findAll().filter(ec2.CfnVPCEndpoint.isCfnVPCEndpoint)) {
        const type = existing.vpcEndpointType;
        if ((type !== undefined && type !== 'Gateway') || Token.isUnresolved(existing.routeTableIds)) {
          continue;
        }
        if (existing.serviceName === undefined || serviceNameKey(stack, existing.serviceName) !== wanted) {
          continue;
        }
        const shared = (existing.routeTableIds ?? []).filter((rt) => ours.includes(routeTableIdentity(rt)));
        if (shared.length > 0) {
          throw propError(
            this,
            `gateway '${name}': route tables of VPC ${vpc.node.path} already have a gateway endpoint of that service, ${endpointPath(existing)}, and AWS allows one per service and route table. Remove '${name}' from gateway (the existing endpoint already routes it), or remove the other endpoint (for ec2.Vpc, its gatewayEndpoints).`,
          );
        }
      }
    }
  }

  /** The endpoint policy statement: any action, by principals that meet the conditions. */
  private restriction(org: string | undefined, accounts: string[] | undefined): iam.PolicyStatement | undefined {
    if (org === undefined && accounts === undefined) {
      return undefined;
    }
    const conditions: Record<string, unknown> = {};
    if (org !== undefined) {
      if (!Token.isUnresolved(org) && !/^o-[a-z0-9]{10,32}$/.test(org)) {
        throw propError(
          this,
          `restrictToOrganization '${org}' is not an organization id. Give the id of your AWS organization, like 'o-a1b2c3d4e5'.`,
        );
      }
      conditions['aws:PrincipalOrgID'] = org;
    }
    if (accounts !== undefined) {
      if (accounts.length === 0) {
        throw propError(
          this,
          'restrictToAccounts is empty: no principal could use the endpoints. Give account ids, or remove the prop.',
        );
      }
      for (const account of accounts) {
        if (!Token.isUnresolved(account) && !/^\d{12}$/.test(account)) {
          throw propError(
            this,
            `restrictToAccounts contains '${account}', which is not an account id. Give 12-digit ids like '111111111111'.`,
          );
        }
      }
      conditions['aws:PrincipalAccount'] = accounts.length === 1 ? accounts[0] : [...accounts];
    }
    return new iam.PolicyStatement({
      principals: [new iam.AnyPrincipal()],
      actions: ['*'],
      resources: ['*'],
      conditions: { StringEquals: conditions },
    });
  }
}

/** A stable construct id for an interface service: its short name, or the last labels of a literal name. */
function interfaceId(scope: Construct, service: ec2.IInterfaceVpcEndpointService, index: number, prop: string): string {
  // An `ec2.InterfaceVpcEndpointAwsService` has a short name (`ssm`, `ecr.api`); read it without `instanceof`,
  // which fails across two copies of aws-cdk-lib.
  const shortName: unknown = (service as Partial<ec2.InterfaceVpcEndpointAwsService>).shortName;
  if (typeof shortName === 'string' && !Token.isUnresolved(shortName)) {
    return shortName;
  }
  const name = service.name;
  if (!Token.isUnresolved(name)) {
    return name;
  }
  throw propError(
    scope,
    `${prop}[${index}] has a service name that is a token, so no stable construct id can be derived from it. Use ec2.InterfaceVpcEndpointAwsService values, or a service with a literal name.`,
  );
}

/** Whether an interface service is one of `ServiceEndpoints.FULL_ACCESS_POLICY_ONLY_SERVICES`. */
function acceptsOnlyFullAccess(service: ec2.IInterfaceVpcEndpointService, id: string): boolean {
  const list = ServiceEndpoints.FULL_ACCESS_POLICY_ONLY_SERVICES;
  if (list.includes(id)) {
    return true;
  }
  const name = service.name;
  const match = Token.isUnresolved(name) ? null : /^(?:com\.amazonaws|aws\.api)\.[a-z0-9-]+\.(.+)$/.exec(name);
  return match !== null && list.includes(match[1]);
}

/**
 * A comparable form of an endpoint's service name: the literal name, with `AWS::Region` replaced by the stack's
 * Region when it is known (`ec2.GatewayVpcEndpointAwsService.S3` is `com.amazonaws.${AWS::Region}.s3`).
 */
function serviceNameKey(stack: Stack, name: string): string {
  const resolved: unknown = stack.resolve(name);
  const join = (resolved as { 'Fn::Join'?: [string, unknown[]] } | undefined)?.['Fn::Join'];
  if (join !== undefined && !Token.isUnresolved(stack.region)) {
    const parts = join[1].map((part) =>
      typeof part === 'object' && part !== null && (part as { Ref?: unknown }).Ref === 'AWS::Region'
        ? stack.region
        : part,
    );
    if (parts.every((part) => typeof part === 'string')) {
      return JSON.stringify(parts.join(join[0]));
    }
  }
  return JSON.stringify(resolved);
}

/** Two handles of one route table compare equal: the literal id, or the path of its `AWS::EC2::RouteTable`. */
function routeTableIdentity(routeTableId: string): string {
  if (!Token.isUnresolved(routeTableId)) {
    return routeTableId;
  }
  return referencedResource(routeTableId, 'AWS::EC2::RouteTable')?.node.path ?? routeTableId;
}

/** The path of the construct that owns an endpoint resource (the L2 when there is one). */
function endpointPath(resource: IConstruct): string {
  return resource.node.scope?.node.path ?? resource.node.path;
}
