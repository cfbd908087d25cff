export * from './errors';
export * from './kdf';
export * from './sealed';
export * from './vault';
export { createSerial } from './serial';
export { delayAfter } from './throttle';
