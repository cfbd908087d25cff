export * from './accounts';
export * from './backup';
export * from './errors';
export * from './keys';
export * from './types';
