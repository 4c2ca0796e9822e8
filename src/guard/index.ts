export * from './network-guard';
