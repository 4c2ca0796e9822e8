export * from '../facts/quotas';
