export * from './core';
export * from './from-app';
export * from './assembly';
