/*
 * BGP autonomous system numbers as AWS documents them: one table, read by the constructs (at synth, for their own
 * props) and by NetworkGuard's rules (on templates). No aws-cdk-lib here: the rules and the command line use it.
 */

/** Where the customer gateway facts come from. */
export const CUSTOMER_GATEWAY_ASN_SOURCE = 'https://docs.aws.amazon.com/vpn/latest/s2svpn/cgw-options.html';
/** Where the Amazon-side facts come from. */
export const AMAZON_SIDE_ASN_SOURCE = 'https://docs.aws.amazon.com/vpc/latest/tgw/tgw-transit-gateways.html';

/** The largest customer gateway ASN in `BgpAsn`; larger ones (4-byte) go into `BgpAsnExtended`. */
export const CUSTOMER_GATEWAY_BGP_ASN_MAX = 2147483647;
/** The largest customer gateway ASN at all (`BgpAsnExtended`). */
export const CUSTOMER_GATEWAY_ASN_MAX = 4294967295;

/**
 * ASNs AWS reserves, by Region (`*`: every Region). A customer gateway cannot use them
 * (Site-to-Site VPN guide, customer gateway options).
 */
export const RESERVED_ASNS: Readonly<Record<number, string>> = {
  7224: '*',
  9059: 'eu-west-1',
  10124: 'ap-northeast-1',
  17943: 'ap-southeast-1',
};

/**
 * The private ASN ranges AWS accepts on its side of a BGP session (transit gateway, virtual private gateway, Direct
 * Connect gateway): 2-byte 64512-65534 and 4-byte 4200000000-4294967294 (not 4294967295).
 */
export const AMAZON_SIDE_ASN_RANGES: readonly (readonly [number, number])[] = [
  [64512, 65534],
  [4200000000, 4294967294],
];

/** The Amazon-side ASN AWS uses when none is given. */
export const DEFAULT_AMAZON_SIDE_ASN = 64512;

/** The ranges as text for messages: `64512-65534 and 4200000000-4294967294`. */
export const AMAZON_SIDE_ASN_TEXT = AMAZON_SIDE_ASN_RANGES.map(([a, b]) => `${a}-${b}`).join(' and ');

/** Whether AWS accepts the ASN on its side of a BGP session. */
export function isAmazonSideAsn(asn: number): boolean {
  return Number.isInteger(asn) && AMAZON_SIDE_ASN_RANGES.some(([a, b]) => asn >= a && asn <= b);
}

/**
 * What is wrong with a customer gateway ASN, or `undefined` when AWS accepts it. `field` is the property it is
 * written to (`BgpAsn` up to 2147483647, `BgpAsnExtended` above; `undefined`: either, as the construct chooses);
 * `region` is the customer gateway's Region, `undefined` when not known (Region-specific reservations are then not
 * checked, never guessed).
 */
export function customerGatewayAsnProblem(
  asn: number,
  field: 'BgpAsn' | 'BgpAsnExtended' | undefined,
  region: string | undefined,
): string | undefined {
  const [min, max] =
    field === 'BgpAsn'
      ? [1, CUSTOMER_GATEWAY_BGP_ASN_MAX]
      : field === 'BgpAsnExtended'
        ? [CUSTOMER_GATEWAY_BGP_ASN_MAX + 1, CUSTOMER_GATEWAY_ASN_MAX]
        : [1, CUSTOMER_GATEWAY_ASN_MAX];
  if (!Number.isInteger(asn) || asn < min || asn > max) {
    return `${asn} is outside ${min}-${max}${field ? ` (the range of ${field})` : ''}`;
  }
  const reserved = RESERVED_ASNS[asn];
  if (reserved === '*') return `${asn} is reserved by AWS in every Region`;
  if (reserved !== undefined && region !== undefined && reserved === region) {
    return `${asn} is reserved by AWS in ${reserved}`;
  }
  return undefined;
}

/** Where the Direct Connect ASN facts come from. */
export const DIRECT_CONNECT_ASN_SOURCE =
  'https://docs.aws.amazon.com/directconnect/latest/UserGuide/bgp-specific-settings.html';

/**
 * The private ASN ranges (2-byte 64512-65534, 4-byte 4200000000-4294967294): the ones AWS takes on its side of a BGP
 * session, a Direct Connect gateway's `AmazonSideAsn` included (Direct Connect guide, BGP-specific settings: "Private
 * ASNs: 64,512 to 65,534; Private long ASNs: 4,200,000,000 to 4,294,967,294", read 2026-12-02).
 */
export const PRIVATE_ASN_RANGES = AMAZON_SIDE_ASN_RANGES;

/**
 * The customer-side ASN of a Direct Connect virtual interface's BGP peer (`BgpPeers[].Asn`): 1-4294967294, 2-byte
 * and 4-byte ("Customer-side ASN range: 1 to 4,294,967,294"; CloudFormation writes it as a string to take long ASNs).
 * On a public virtual interface it must be a private ASN or a public one you own; AWS verifies ownership.
 */
export const DX_CUSTOMER_ASN_RANGE: readonly [number, number] = [1, 4294967294];

/** Whether an ASN is in the private ranges. */
export function isPrivateAsn(asn: number): boolean {
  return isAmazonSideAsn(asn);
}

/** What is wrong with the customer-side ASN of a Direct Connect BGP peer, or `undefined` when AWS accepts it. */
export function directConnectCustomerAsnProblem(asn: number): string | undefined {
  const [min, max] = DX_CUSTOMER_ASN_RANGE;
  if (!Number.isInteger(asn) || asn < min || asn > max) {
    return `${asn} is outside ${min}-${max}, the ASNs a Direct Connect BGP peer takes (2-byte and 4-byte)`;
  }
  return undefined;
}
