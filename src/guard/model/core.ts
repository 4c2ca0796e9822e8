// The model without any aws-cdk-lib: what the rules, the engine and the command line import.
export * from './types';
export * from './values';
export * from './network-model';
export * from './from-templates';
