/**
 * The settings of the in-memory test back-end (`backends.test`): it takes none.
 */
import { z } from 'zod';

/** The schema of `backends.test`. */
export const testSettingsSchema = z.strictObject({});
