export * from './types';
export * from './errors';
export * from './queue';
export * from './executor';
export * from './display';
export * from './substrate';
export * from './popup-window';
