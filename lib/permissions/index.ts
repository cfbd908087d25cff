export * from './store';
export * from './authorize';
