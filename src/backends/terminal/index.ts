export { TerminalBackend } from './backend.js';
export type { TerminalBackendOptions } from './backend.js';
