/*
 * AWS quotas the transit constructs and NetworkGuard check, each in one place with its source. Not exported from the
 * package: a figure here is a documented default, not a user's own quota.
 */

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

/** Where `DX_ALLOWED_PREFIXES_PER_TGW_ASSOCIATION` comes from. */
export const DX_QUOTAS_URL = 'https://docs.aws.amazon.com/directconnect/latest/UserGuide/limits.html';

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
