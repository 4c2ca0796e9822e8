export * from './peering';
export * from './client-vpn';
export * from './direct-connect';
export * from './privatelink';
export * from './guard';
export * from './transit';
export * from './vpn';
export * from './reachability/intent-api';
