export * from './site-to-site-vpn';
