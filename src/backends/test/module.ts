/**
 * Registry entry of the in-memory test back-end (useful for smoke tests of a configuration).
 */
import { z } from 'zod';
import type { ChatBackend } from '../../core/backend.js';
import { TestBackend } from './backend.js';

/** The schema of `backends.test`: it takes no settings. */
export const testSettingsSchema = z.strictObject({});

/** Build the test back-end. */
export function createBackend(_settings?: unknown, _deps?: unknown): ChatBackend {
  return new TestBackend();
}
