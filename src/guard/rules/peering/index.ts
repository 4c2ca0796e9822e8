// The peering rules of NetworkGuard, one file each, named after what it checks.
export { NG_PEER_001 } from './overlapping-cidrs';
export { NG_PEER_002 } from './duplicate-connection';
export { NG_PEER_003 } from './transitive-routing';
export { NG_PEER_004 } from './edge-to-edge-routing';
export { NG_PEER_005 } from './hub-with-overlapping-peers';
export { NG_PEER_006 } from './cross-region-security-group-reference';
export { NG_PEER_007 } from './routes-on-one-side';
export { NG_PEER_008 } from './connections-per-vpc-quota';
export { NG_PEER_009 } from './inter-region-dns-resolution';
export { NG_PEER_010 } from './peered-with-itself';
