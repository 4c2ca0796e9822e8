// The vpc rules of NetworkGuard, one file each, named after what it checks.
export { NG_VPC_001 } from './subnet-cidrs';
