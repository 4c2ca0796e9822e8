// The route-tables rules of NetworkGuard, one file each, named after what it checks.
export { NG_PFX_001 } from './prefix-list-capacity';
export { NG_PFX_002 } from './prefix-list-entries-and-capacity-changed';
export { NG_PFX_003 } from './prefix-lists-over-route-quota';
export { NG_RT_001 } from './routes-per-table-quota';
export { NG_RT_002 } from './duplicate-destination';
export { NG_RT_003 } from './route-inside-local-cidr';
export { NG_RT_004 } from './gateway-not-attached';
export { NG_RT_005 } from './target-in-another-vpc';
