export { TestBackend } from './backend.js';
export type { RecordedMessage, SayOptions, TestBackendOptions } from './backend.js';
