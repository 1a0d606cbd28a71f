/**
 * Reading untyped JSON from chat APIs without trusting its shape.
 */

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

/** `value` when it is a plain object, else undefined. */
export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}
