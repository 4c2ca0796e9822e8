// The cloudformation rules of NetworkGuard, one file each, named after what it checks.
export { NG_CFN_001 } from './stack-limits';
export { NG_CFN_002 } from './replacing-update';
