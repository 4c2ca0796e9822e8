export * from './peering';
