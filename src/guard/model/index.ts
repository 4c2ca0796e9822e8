export * from './types';
export * from './values';
export * from './network-model';
export * from './from-app';
