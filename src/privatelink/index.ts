export * from './private-link-service';
export * from './private-link-endpoint';
export * from './service-endpoints';
