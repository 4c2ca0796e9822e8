export * from './peering';
export * from './client-vpn';
