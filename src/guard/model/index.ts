export * from './types';
export * from './values';
export * from './network-model';
export * from './from-templates';
export * from './from-app';
export * from './assembly';
