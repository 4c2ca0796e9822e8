// The public constructs of reachability (aws-cdk-lib): what src/index.ts exports. The engine stays out of it.
export * from './network-endpoint';
export * from './network-intent';
