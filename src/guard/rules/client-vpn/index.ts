// The client-vpn rules of NetworkGuard, one file each, named after what it checks.
export { NG_CVPN_001 } from './client-cidr-size';
export { NG_CVPN_002 } from './client-cidr-overlap';
export { NG_CVPN_003 } from './association-subnets';
export { NG_CVPN_004 } from './association-subnet-too-small';
export { NG_CVPN_005 } from './route-target-not-associated';
export { NG_CVPN_006 } from './route-and-authorization-mismatch';
export { NG_CVPN_007 } from './full-tunnel-without-internet';
export { NG_CVPN_008 } from './connection-logging-off';
