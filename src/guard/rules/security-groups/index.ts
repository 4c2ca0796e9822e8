// The security-groups rules of NetworkGuard, one file each, named after what it checks.
export { NG_NACL_001 } from './invalid-network-acl-entry';
export { NG_NACL_002 } from './subnet-with-two-network-acls';
export { NG_SG_001 } from './ingress-from-anywhere';
export { NG_SG_002 } from './rules-per-group-quota';
export { NG_SG_003 } from './invalid-rule';
export { NG_SG_004 } from './group-of-unconnected-vpc';
