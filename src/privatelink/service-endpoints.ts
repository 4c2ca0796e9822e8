import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { assertVpcDnsForPrivateDns } from './checks';
import { vpcAddressSpace } from '../cidr';
import { propError } from '../private/errors';
import { allowFromBlocks } from '../private/ingress';
import { selectRouteTables } from '../private/route-tables';

/**
 * Properties of `ServiceEndpoints`.
 */
export interface ServiceEndpointsProps {
  /** The VPC that gets the endpoints. */
  readonly vpc: ec2.IVpc;

  /**
   * Gateway endpoints to create, by name: `'s3'` and/or `'dynamodb'`. Each gets a route in every route table of
   * the VPC (public, private and isolated subnets).
   *
   * @default - none
   * @see https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
   */
  readonly gateway?: string[];

  /**
   * AWS services to reach through interface endpoints, for example `ec2.InterfaceVpcEndpointAwsService.SSM`.
   * They share one security group that admits HTTPS (TCP 443) from the VPC's CIDR blocks only.
   *
   * @default - none
   */
  readonly interface?: ec2.IInterfaceVpcEndpointService[];

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
   * @default - no organization condition
   * @see https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
   */
  readonly restrictToOrganization?: string;

  /**
   * Account ids: the endpoint policy of every endpoint allows only principals of these accounts
   * (`aws:PrincipalAccount`). With `restrictToOrganization`, a principal must satisfy both.
   *
   * @default - no account condition
   */
  readonly restrictToAccounts?: string[];
}

const GATEWAY_SERVICES: Record<string, { id: string; service: ec2.GatewayVpcEndpointAwsService }> = {
  s3: { id: 'S3', service: ec2.GatewayVpcEndpointAwsService.S3 },
  dynamodb: { id: 'DynamoDb', service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
};

/**
 * The VPC endpoints a private VPC needs to reach AWS services: gateway endpoints (S3, DynamoDB) in every route
 * table, interface endpoints sharing one security group that admits HTTPS from the VPC only, and optional endpoint
 * policies that let only principals of an organization or of some accounts through.
 *
 * Construct ids are the gateway names (`S3`, `DynamoDb`) and each interface service's short name (`ssm`,
 * `ecr.api`), so adding or removing one never replaces another.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/privatelink/concepts.html
 */
export class ServiceEndpoints extends Construct {
  /** The gateway endpoints, in the order of `gateway`. */
  public readonly gatewayEndpoints: ec2.GatewayVpcEndpoint[];

  /** The interface endpoints, in the order of `interface`. */
  public readonly interfaceEndpoints: ec2.InterfaceVpcEndpoint[];

  /** The security group shared by the interface endpoints (undefined when there are none). */
  public readonly securityGroup?: ec2.SecurityGroup;

  /** The statement added to every endpoint policy (undefined without restriction). */
  public readonly policyStatement?: iam.PolicyStatement;

  constructor(scope: Construct, id: string, props: ServiceEndpointsProps) {
    super(scope, id);
    const { vpc } = props;
    const gateway = props.gateway ?? [];
    const services = props.interface ?? [];

    // Everything is checked before anything is created.
    if (gateway.length === 0 && services.length === 0) {
      throw propError(
        this,
        "neither gateway nor interface is given: there is no endpoint to create. Give gateway: ['s3', 'dynamodb'] and/or interface: [ec2.InterfaceVpcEndpointAwsService.SSM, ...].",
      );
    }
    const gatewaySeen = new Set<string>();
    for (const name of gateway) {
      if (!(name in GATEWAY_SERVICES)) {
        throw propError(
          this,
          `gateway contains '${name}', which has no gateway endpoint. Gateway endpoints exist for 's3' and 'dynamodb' only; reach other services with interface.`,
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
    const interfaceIds = services.map((service, i) => interfaceId(this, service, i));
    const twice = interfaceIds.filter((x, i) => interfaceIds.indexOf(x) !== i);
    if (twice.length > 0) {
      throw propError(
        this,
        `interface lists ${twice.join(', ')} twice: two interface endpoints for one service in a VPC conflict on its private DNS name. Give each service once.`,
      );
    }
    if (services.some((service) => props.privateDnsEnabled ?? service.privateDnsDefault ?? true)) {
      assertVpcDnsForPrivateDns(this, vpc, 'privateDnsEnabled');
    }
    const statement = this.restriction(props.restrictToOrganization, props.restrictToAccounts);
    const routeTables = gateway.length > 0 ? selectRouteTables(this, vpc, undefined, 'gateway') : [];
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

    // Interface endpoints sharing one security group.
    if (services.length > 0) {
      this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
        vpc,
        description: 'Interface endpoints of AWS services: HTTPS from the VPC only',
        allowAllOutbound: false,
      });
      allowFromBlocks(this.securityGroup, blocks, ec2.Port.tcp(443), 'HTTPS from the VPC');
    }
    const securityGroup = this.securityGroup;
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
        endpoint.addToPolicy(statement);
      }
      return endpoint;
    });
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
function interfaceId(scope: Construct, service: ec2.IInterfaceVpcEndpointService, index: number): string {
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
    `interface[${index}] has a service name that is a token, so no stable construct id can be derived from it. Use ec2.InterfaceVpcEndpointAwsService values, or a service with a literal name.`,
  );
}
