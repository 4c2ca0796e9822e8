export * from './peered-vpc-pair';
export * from './peering-mesh';
export * from './peering-accepter-role';
export * from './peering-accepter-side';
