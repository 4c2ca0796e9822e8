// The direct-connect rules of NetworkGuard, one file each, named after what it checks.
export { NG_DX_001 } from './transit-gateway-association';
