// The reachability rules of NetworkGuard (NetworkIntent), one file each, named after what it checks.
export { NG_REACH_001 } from './expected-reachable-blocked';
export { NG_REACH_002 } from './expected-isolated-reachable';
export { NG_REACH_003 } from './path-not-through-vpc';
