export * from './gateway';
export * from './vpc-association';
export * from './virtual-interfaces';
