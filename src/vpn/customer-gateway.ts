import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct, IConstruct } from 'constructs';
import { CUSTOMER_GATEWAY_BGP_ASN_MAX, customerGatewayAsnProblem } from '../facts/asn';
import { propError } from '../private/errors';
import { nameTag } from '../private/tags';

/*
 * Internal: the customer gateway checks and the customer gateway and VPN connection resources, built here once for
 * SiteToSiteVpn (to a virtual private gateway) and TransitVpnAttachment (to a transit gateway).
 */

/** Checks the customer gateway's public IP and BGP ASN (NG-VPN-001, from the one ASN table in facts/asn.ts). */
export function checkCustomerGateway(scope: IConstruct, ip: string, bgpAsn: number | undefined): void {
  if (!Token.isUnresolved(ip) && !isIpv4(ip)) {
    throw propError(
      scope,
      `customerGatewayIp '${ip}' is not an IPv4 address. Give the public IPv4 address of your customer gateway device, such as '203.0.113.12'.`,
    );
  }
  if (bgpAsn === undefined || Token.isUnresolved(bgpAsn)) return;
  const region = Stack.of(scope).region;
  const problem = customerGatewayAsnProblem(bgpAsn, undefined, Token.isUnresolved(region) ? undefined : region);
  if (problem !== undefined) {
    throw propError(
      scope,
      `bgpAsn ${problem}. Give your device's ASN, or a private ASN such as 65000 (64512-65534). (NG-VPN-001)`,
    );
  }
}

/** An `AWS::EC2::CustomerGateway` (ASNs above `BgpAsn`'s 2147483647 go into `BgpAsnExtended`). */
export function createCustomerGateway(scope: Construct, ip: string, bgpAsn: number): ec2.CfnCustomerGateway {
  const extended = !Token.isUnresolved(bgpAsn) && bgpAsn > CUSTOMER_GATEWAY_BGP_ASN_MAX;
  return new ec2.CfnCustomerGateway(scope, 'CustomerGateway', {
    type: 'ipsec.1',
    ipAddress: ip,
    ...(extended ? { bgpAsnExtended: bgpAsn } : { bgpAsn }),
    tags: nameTag(scope),
  });
}

function isIpv4(value: string): boolean {
  const parts = value.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** Where a VPN connection ends on the AWS side: a virtual private gateway or a transit gateway (one of the two). */
export interface VpnConnectionTarget {
  /** The virtual private gateway's id, for a VPN to a VPC. */
  readonly vpnGatewayId?: string;
  /** The transit gateway's id, for a VPN to a transit gateway. */
  readonly transitGatewayId?: string;
}

/**
 * The customer gateway (`CustomerGateway`) and the VPN connection (`Resource`) under `scope`, both named after
 * `scope`'s path, with static routing or BGP.
 */
export function createVpnConnection(
  scope: Construct,
  ip: string,
  bgpAsn: number,
  target: VpnConnectionTarget,
  staticRoutesOnly: boolean,
): { customerGateway: ec2.CfnCustomerGateway; vpnConnection: ec2.CfnVPNConnection } {
  const customerGateway = createCustomerGateway(scope, ip, bgpAsn);
  const vpnConnection = new ec2.CfnVPNConnection(scope, 'Resource', {
    type: 'ipsec.1',
    customerGatewayId: customerGateway.ref,
    ...target,
    staticRoutesOnly,
    tags: nameTag(scope),
  });
  return { customerGateway, vpnConnection };
}
