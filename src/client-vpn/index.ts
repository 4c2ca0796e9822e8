export * from './client-vpn-access';
export * from './client-vpn-authentication';
