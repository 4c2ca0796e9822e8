export * from './aws-waiter';
