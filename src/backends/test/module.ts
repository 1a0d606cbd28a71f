/**
 * Registry entry of the in-memory test back-end (useful for smoke tests of a configuration).
 */
import type { ChatBackend } from '../../core/backend.js';
import { TestBackend } from './backend.js';

/** Build the test back-end; it takes no settings. */
export function createBackend(_settings?: unknown, _deps?: unknown): ChatBackend {
  return new TestBackend();
}
