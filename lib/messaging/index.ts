export * from './envelope';
export * from './errors';
export * from './table';
export * from './router';
export * from './client';
export * from './port';
export * from './window';
export * from './sender';
