// The privatelink rules of NetworkGuard, one file each, named after what it checks.
export { NG_EP_001 } from './conflicting-vpc-endpoints';
export { NG_PL_001 } from './open-service-without-acceptance';
export { NG_PL_002 } from './endpoint-outside-service-azs';
export { NG_PL_003 } from './private-dns-without-vpc-dns';
export { NG_PL_004 } from './private-dns-name-not-verified';
export { NG_PL_005 } from './nlb-without-cross-zone';
export { NG_PL_006 } from './endpoint-open-to-any-address';
export { NG_PL_007 } from './endpoint-not-allowed-by-service';
