/**
 * The in-memory test back-end: `await backend.say(…)` resolves to the replies. First-class for the
 * project's tests, and usable for smoke tests of a configuration (`backend: test`).
 */
import type { ChatBackend } from '../../core/backend.js';
import { TestBackend } from './backend.js';

export { TestBackend } from './backend.js';
export type { RecordedMessage, SayOptions, TestBackendOptions } from './backend.js';
export { testSettingsSchema } from './settings.js';

/** Build the test back-end. */
export function createBackend(): ChatBackend {
  return new TestBackend();
}
