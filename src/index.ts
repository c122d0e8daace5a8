// Library entry point (Node). The browser entry is ./browser.ts.
export * from './model/types.js';
export * from './model/ip.js';
export * from './model/apigateway.js';
export { InputError } from './model/errors.js';
export { VERSION } from './version.js';
