/*
 * Client VPN limits as AWS documents them, read by ClientVpnAccess and by NetworkGuard's Client VPN rules.
 * No aws-cdk-lib here (the rules and the command line use it).
 */

/** The client CIDR range: an IPv4 block from /12 to /22. This is its shortest prefix (the largest block). */
export const CLIENT_CIDR_MIN_PREFIX = 12;
/** The client CIDR's longest prefix (the smallest block, 1,024 addresses). */
export const CLIENT_CIDR_MAX_PREFIX = 22;
/** Where the client CIDR and subnet rules come from. */
export const CLIENT_VPN_RULES_SOURCE =
  'https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/what-is-best-practices.html';

/** The smallest subnet (largest prefix) a Client VPN endpoint can be associated with. */
export const ASSOCIATED_SUBNET_MAX_PREFIX = 27;

/**
 * Default quotas of a Client VPN endpoint (adjustable through Service Quotas).
 * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/limits.html
 */
export const CLIENT_VPN_QUOTAS_SOURCE = 'https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/limits.html';
/** Authorization rules per Client VPN endpoint. */
export const AUTHORIZATION_RULES_PER_ENDPOINT = 200;
/** Routes per Client VPN endpoint target network association. */
export const ROUTES_PER_ASSOCIATION = 100;
/** DNS servers per endpoint (a fixed limit of the API). */
export const MAX_DNS_SERVERS = 2;
/** Security groups per endpoint (a fixed limit of the API). */
export const MAX_SECURITY_GROUPS = 5;
/** The longest client login banner, in characters. */
export const MAX_LOGIN_BANNER = 1400;
