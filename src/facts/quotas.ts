/*
 * AWS quotas the constructs and NetworkGuard check, each in one constant with its source and the date it was read.
 * Not exported from the package: a figure here is a documented default, not a user's own quota. No aws-cdk-lib
 * here: the rules and the command line use it.
 */

/** Where the Direct Connect quotas come from. */
export const DX_QUOTAS_URL = 'https://docs.aws.amazon.com/directconnect/latest/UserGuide/limits.html';

/**
 * Prefixes per transit gateway from AWS to on-premises on a transit virtual interface: the most
 * `AllowedPrefixesToDirectConnectGateway` entries one Direct Connect gateway association with a transit gateway takes
 * (IPv4 and IPv6 combined).
 *
 * Source: https://docs.aws.amazon.com/directconnect/latest/UserGuide/limits.html ("Number of prefixes per AWS Transit
 * Gateway from AWS to on-premise on a transit virtual interface: 200 combined total for IPv4 and IPv6"), read
 * 2026-12-01. The Service Quotas table (https://docs.aws.amazon.com/general/latest/gr/dc.html, "Prefixes per transit
 * gateway: 200, Adjustable: No") lists it as not adjustable; older versions of the page gave 20.
 */
export const DX_ALLOWED_PREFIXES_PER_TGW_ASSOCIATION = 200;

/**
 * Virtual private gateways per Direct Connect gateway ("This limit cannot be increased").
 *
 * Source: https://docs.aws.amazon.com/directconnect/latest/UserGuide/limits.html ("Virtual private gateways per AWS
 * Direct Connect gateway: 20"), read 2026-12-02; older versions of the page gave 10.
 */
export const DX_VPN_GATEWAYS_PER_GATEWAY = 20;

/**
 * Transit gateways per Direct Connect gateway ("This limit cannot be increased").
 *
 * Source: https://docs.aws.amazon.com/directconnect/latest/UserGuide/limits.html ("Transit gateways per AWS Direct
 * Connect gateway: 6"), read 2026-12-02; older versions of the page gave 3.
 */
export const DX_TRANSIT_GATEWAYS_PER_GATEWAY = 6;

/**
 * Private or public virtual interfaces per dedicated connection or LAG ("This limit cannot be increased"). A hosted
 * connection takes one virtual interface of any kind; its id (`dxcon-`) does not say it is hosted, so the dedicated
 * figures are the ones checked.
 *
 * Source: https://docs.aws.amazon.com/directconnect/latest/UserGuide/limits.html ("Private or public virtual
 * interfaces per AWS Direct Connect dedicated connection: 50"), read 2026-12-02.
 */
export const DX_PRIVATE_PUBLIC_VIFS_PER_CONNECTION = 50;

/**
 * Transit virtual interfaces per dedicated connection or LAG ("This limit cannot be increased").
 *
 * Source: https://docs.aws.amazon.com/directconnect/latest/UserGuide/limits.html ("Transit virtual interfaces per AWS
 * Direct Connect dedicated connection: 4"), read 2026-12-02; older versions of the page gave 1.
 */
export const DX_TRANSIT_VIFS_PER_CONNECTION = 4;

/**
 * Virtual interfaces of every kind per dedicated connection or LAG: the transit ones count against this total
 * ("The number of transit virtual interfaces allowed is now four (4) and is counted against the maximum of 51 virtual
 * interfaces per dedicated connection").
 *
 * Source: https://docs.aws.amazon.com/directconnect/latest/UserGuide/limits.html, read 2026-12-02.
 */
export const DX_VIFS_PER_CONNECTION = 51;

/**
 * Routes per VPC route table, by default (adjustable up to 1,000). A route to a managed prefix list counts as the
 * prefix list's `MaxEntries`.
 *
 * Source: https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html ("Routes per route table: 50") and
 * https://docs.aws.amazon.com/vpc/latest/userguide/managed-prefix-lists.html (a referenced prefix list counts as its
 * maximum entries), read 2026-12-01.
 */
export const ROUTES_PER_ROUTE_TABLE_DEFAULT = 50;

/** The most entries a customer-managed prefix list can have (`MaxEntries`). Same sources, read 2026-12-01. */
export const PREFIX_LIST_MAX_ENTRIES_LIMIT = 1000;
