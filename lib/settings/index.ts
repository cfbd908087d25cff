export * from './defaults';
export * from './validate';
export * from './store';
export type * from './types';
