// The transit rules of NetworkGuard, one file each, named after what it checks.
export { NG_TGW_001 } from './overlapping-propagated-cidrs';
export { NG_TGW_002 } from './attachment-subnets-in-one-az';
export { NG_TGW_003 } from './route-from-az-without-attachment';
export { NG_TGW_004 } from './inspection-without-appliance-mode';
export { NG_TGW_005 } from './explicit-and-default-association';
export { NG_TGW_006 } from './duplicate-static-route';
export { NG_TGW_007 } from './vpc-route-before-attachment';
export { NG_TGW_008 } from './amazon-side-asn';
export { NG_TGW_009 } from './propagation-on-peering-attachment';
export { NG_TGW_010 } from './route-target-conflict';
export { NG_TGW_011 } from './route-table-of-another-gateway';
export { NG_TGW_012 } from './duplicate-association-or-propagation';
export { NG_TGW_013 } from './blackhole-over-propagated-block';
export { NG_TGW_014 } from './appliance-subnets-route-back';
export { NG_TGW_015 } from './vpc-attached-twice';
