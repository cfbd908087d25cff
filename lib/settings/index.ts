export * from './defaults';
export * from './validate';
export * from './store';
