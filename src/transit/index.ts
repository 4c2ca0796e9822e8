export * from './hub-transit-gateway';
export * from './transit-segment';
export * from './transit-vpc-attachment';
export * from './transit-vpn-attachment';
export * from './transit-spoke';
export * from './transit-peering';
export * from './direct-connect';
