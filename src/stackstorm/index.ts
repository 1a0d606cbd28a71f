/**
 * StackStorm: the st2 model, the REST client (credentials, TLS, typed errors) and the event stream.
 */
export * from './client.js';
export * from './errors.js';
export * from './model.js';
export * from './stream.js';
export type { St2Token } from './session.js';
export type { St2TlsOptions } from './tls.js';
