import './augment';
export * from './errors';
export * from './connect';
export * from './submit';
export * from './heads';
export * from './entropy';
export * from './probe';
