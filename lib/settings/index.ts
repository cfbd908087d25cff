export * from './defaults';
export * from './validate';
export * from './store';
export * from './evm-networks';
export type * from './types';
