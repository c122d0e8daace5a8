// Library entry point for browsers: the same API as ./index.ts without Node-only modules (fs, workers).
export * from './model/types.js';
export * from './model/ip.js';
export * from './model/apigateway.js';
export { InputError } from './model/errors.js';
export { VERSION } from './version.js';
