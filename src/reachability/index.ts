// Reachability at synth, the routing layer: no aws-cdk-lib here (the engine and the command line load it).
export * from './routing';
export * from './forward-path';
export * from './matrix';
export * from './intent-records';
export * from './intent-evaluate';
