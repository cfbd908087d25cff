export * from './errors';
export * from './chains';
export * from './params';
export * from './message';
export * from './typed-data';
export * from './transaction';
export * from './signature';
export * from './methods';
