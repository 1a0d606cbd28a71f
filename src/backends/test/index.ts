export { TestBackend } from './backend.js';
export type { SayOptions, TestBackendOptions } from './backend.js';
