/**
 * The StackStorm client: REST calls, credentials, TLS, typed errors, and the event stream.
 */
export * from './client.js';
export * from './credentials.js';
export * from './errors.js';
export * from './stream.js';
export * from './time.js';
export * from './types.js';
export { createSt2Dispatcher, loadPem, type St2TlsOptions } from './tls.js';
