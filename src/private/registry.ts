import { IConstruct } from 'constructs';

const registries = new WeakMap<IConstruct, Map<string, Map<string, unknown>>>();

/**
 * A map kept once per app (per root of the construct tree) under `name`, for checks that span constructs of one
 * app: two peering connections between the same VPCs, two virtual private gateways on one VPC. A new app starts
 * empty; nothing leaks between apps (tests build many).
 */
export function appRegistry<V>(scope: IConstruct, name: string): Map<string, V> {
  const root = scope.node.root;
  let byName = registries.get(root);
  if (!byName) registries.set(root, (byName = new Map()));
  let registry = byName.get(name);
  if (!registry) byName.set(name, (registry = new Map()));
  return registry as Map<string, V>;
}

/*
 * Registries read by constructs of two areas, named once. Each maps a VPC's identity (`vpcIdentity`) to the path of the
 * construct that gave the VPC its virtual private gateway: a `SiteToSiteVpn` (it makes its own), or a Direct Connect
 * association (it enables the gateway of an `ec2.Vpc` that has none).
 */
export const VPN_GATEWAYS_BY_VPC = 'vpn-gateways-by-vpc';
export const DX_ENABLED_VPN_GATEWAYS_BY_VPC = 'dx-enabled-vpn-gateways-by-vpc';

/** The value of a getter that throws on imported constructs (an imported subnet without an AZ), or `undefined`. */
export function tryGet<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}
