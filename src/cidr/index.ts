export * from './cidr';
export * from './vpc-cidrs';
export * from './props';
