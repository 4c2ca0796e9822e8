import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct, IConstruct } from 'constructs';
import { propError } from '../private/errors';

/*
 * Internal: the customer gateway checks and resource shared by SiteToSiteVpn and TransitVpnAttachment.
 */

/** ASNs AWS reserves for itself, by Region (`*`: every Region). */
const RESERVED_ASNS: Record<number, string> = {
  7224: '*',
  9059: 'eu-west-1',
  10124: 'ap-northeast-1',
  17943: 'ap-southeast-1',
};

/** Checks the customer gateway's public IP and BGP ASN (NG-VPN-001). */
export function checkCustomerGateway(scope: IConstruct, ip: string, bgpAsn: number | undefined): void {
  if (!Token.isUnresolved(ip) && !isIpv4(ip)) {
    throw propError(
      scope,
      `customerGatewayIp '${ip}' is not an IPv4 address. Give the public IPv4 address of your customer gateway device, such as '203.0.113.12'.`,
    );
  }
  if (bgpAsn === undefined || Token.isUnresolved(bgpAsn)) return;
  if (!Number.isInteger(bgpAsn) || bgpAsn < 1 || bgpAsn > 4294967294) {
    throw propError(
      scope,
      `bgpAsn ${bgpAsn} is outside 1-4294967294. Give your device's ASN, or a private ASN such as 65000. (NG-VPN-001)`,
    );
  }
  const reserved = RESERVED_ASNS[bgpAsn];
  const region = Stack.of(scope).region;
  if (reserved === '*' || (reserved !== undefined && !Token.isUnresolved(region) && reserved === region)) {
    throw propError(
      scope,
      `bgpAsn ${bgpAsn} is reserved by AWS${reserved === '*' ? '' : ` in ${reserved}`}. Use another ASN, such as a private one in 64512-65534. (NG-VPN-001)`,
    );
  }
}

/** An `AWS::EC2::CustomerGateway` (ASNs above 2147483647 go into `BgpAsnExtended`). */
export function createCustomerGateway(scope: Construct, ip: string, bgpAsn: number): ec2.CfnCustomerGateway {
  const extended = !Token.isUnresolved(bgpAsn) && bgpAsn > 2147483647;
  return new ec2.CfnCustomerGateway(scope, 'CustomerGateway', {
    type: 'ipsec.1',
    ipAddress: ip,
    ...(extended ? { bgpAsnExtended: bgpAsn } : { bgpAsn }),
    tags: [{ key: 'Name', value: scope.node.path.slice(0, 255) }],
  });
}

function isIpv4(value: string): boolean {
  const parts = value.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}
