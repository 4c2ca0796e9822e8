// The direct-connect rules of NetworkGuard, one file each, named after what it checks.
export { NG_DX_001 } from './transit-gateway-association';
export { NG_DX_002 } from './vlan';
export { NG_DX_003 } from './mtu';
export { NG_DX_004 } from './bgp-peers';
export { NG_DX_005 } from './gateway-side-mix';
export { NG_DX_006 } from './vpn-gateway-allowed-prefixes';
export { NG_DX_007 } from './quotas';
export { NG_DX_008 } from './gateway-asns';
export { NG_DX_009 } from './bgp-auth-key-in-plain-text';
export { NG_DX_010 } from './overlapping-vpcs';
export { NG_DX_011 } from './transit-gateway-same-asn';
