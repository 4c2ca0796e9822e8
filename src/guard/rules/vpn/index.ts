// The vpn rules of NetworkGuard, one file each, named after what it checks.
export { NG_VPN_001 } from './customer-gateway-asn';
export { NG_VPN_002 } from './propagation-before-gateway-attachment';
export { NG_VPN_003 } from './virtual-private-gateways-per-vpc';
export { NG_VPN_004 } from './static-routing-with-ecmp';
export { NG_VPN_005 } from './tunnel-options';
export { NG_VPN_006 } from './tunnel-inside-cidr';
export { NG_VPN_007 } from './connection-gateway';
export { NG_VPN_008 } from './pre-shared-key';
export { NG_VPN_009 } from './tunnel-inside-cidr-reused';
