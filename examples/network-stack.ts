/**
 * The example network: two VPCs of one account peered with PeeredVpcPair (routes both ways, DNS resolution), the
 * database security group opened to the application VPC on PostgreSQL only, and a Client VPN endpoint in the
 * application VPC that gives one group of users access to the data VPC; the data VPC also exposes one service
 * through PrivateLink to a consumer VPC; and a small transit hub connects the application VPC to a shared-services
 * VPC.
 */
import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import { Construct } from 'constructs';
import {
  ClientVpnAccess,
  ClientVpnAuthentication,
  HubTransitGateway,
  NetworkEndpoint,
  NetworkIntent,
  PeeredVpcPair,
  PrivateLinkService,
} from 'cdk-vpc-connectivity';

export class NetworkStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);

    const appVpc = new ec2.Vpc(this, 'AppVpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
      maxAzs: 2,
      natGateways: 1,
    });
    const dataVpc = new ec2.Vpc(this, 'DataVpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.1.0.0/16'),
      maxAzs: 2,
      subnetConfiguration: [{ name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });

    const peering = new PeeredVpcPair(this, 'AppToData', { requesterVpc: appVpc, accepterVpc: dataVpc });

    const database = new ec2.SecurityGroup(this, 'DatabaseSg', { vpc: dataVpc, allowAllOutbound: false });
    peering.allowFromRequester(database, ec2.Port.tcp(5432));

    // Remote users of the 'data-team' SAML group reach the data VPC through the application VPC and the peering.
    const vpn = new ClientVpnAccess(this, 'Vpn', {
      vpc: appVpc,
      clientCidr: '10.100.0.0/22',
      serverCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555',
      authentication: ClientVpnAuthentication.saml({
        samlProviderArn: 'arn:aws:iam::111111111111:saml-provider/ClientVpn',
      }),
    });
    vpn.grantAccessToVpc(dataVpc, { groupId: 'data-team' });

    // The data VPC exposes its reporting API to a consumer VPC through PrivateLink: no peering, no routes, and only
    // the consumer's application security group may reach the endpoint, on 443.
    const consumerVpc = new ec2.Vpc(this, 'ConsumerVpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.50.0.0/16'),
      maxAzs: 2,
      subnetConfiguration: [{ name: 'App', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    const reporting = new PrivateLinkService(this, 'Reporting', { vpc: dataVpc });
    reporting.addPort('Https', { port: 443, targets: [new targets.IpTarget('10.1.0.10')] });
    const consumerApp = new ec2.SecurityGroup(this, 'ConsumerAppSg', { vpc: consumerVpc });
    reporting.connectFrom('FromConsumer', consumerVpc, { allowFrom: [consumerApp], ports: [443] });

    // A small transit hub: the application VPC (isolated 'prod' segment) reaches a shared-services VPC, and prod
    // VPCs added later would not reach each other.
    const sharedServicesVpc = new ec2.Vpc(this, 'SharedServicesVpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.60.0.0/16'),
      maxAzs: 2,
      subnetConfiguration: [{ name: 'Services', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    const hub = new HubTransitGateway(this, 'Hub', { amazonSideAsn: 64512 });
    const prod = hub.addSegment('prod', { isolated: true });
    const shared = hub.addSegment('shared');
    prod.shareRoutesWith(shared);
    hub.attachVpc('App', { vpc: appVpc, segment: prod, subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } });
    hub.attachVpc('SharedServices', { vpc: sharedServicesVpc, segment: shared });

    // What this network promises, checked by NetworkGuard at synth (an unmet intent fails `cdk synth`).
    NetworkIntent.reachable(this, 'AppToDatabase', {
      from: NetworkEndpoint.fromVpc(appVpc),
      to: NetworkEndpoint.fromConnectable(database, dataVpc),
      port: ec2.Port.tcp(5432),
    });
    NetworkIntent.reachable(this, 'AppToSharedServices', {
      from: NetworkEndpoint.fromSubnets(appVpc, { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }),
      to: NetworkEndpoint.fromVpc(sharedServicesVpc),
      port: ec2.Port.tcp(443),
    });
    // Peering is not transitive, and the consumer reaches the data VPC only through its PrivateLink endpoint.
    NetworkIntent.isolated(this, 'SharedServicesNotData', {
      from: NetworkEndpoint.fromVpc(sharedServicesVpc),
      to: NetworkEndpoint.fromVpc(dataVpc),
    });
    NetworkIntent.isolated(this, 'ConsumerNotData', {
      from: NetworkEndpoint.fromVpc(consumerVpc),
      to: NetworkEndpoint.fromVpc(dataVpc),
    });
  }
}
