/**
 * Validation of request bodies with the messages Python's jsonschema gives (st2 validates
 * bodies against its OpenAPI schemas and sends the first message back as a 400).
 */
import { isJsonType, pyRepr, typeMessage, type JsonType } from '../stackstorm/model.js';

/** One property of a body schema. */
export interface PropertySchema {
  /** Accepted types; several mean "any of". */
  readonly type: readonly JsonType[];
  /** Inclusive minimum for numbers. */
  readonly minimum?: number;
}

/** A flat object schema, enough for st2's request bodies. */
export interface BodySchema {
  readonly properties: Readonly<Record<string, PropertySchema>>;
  readonly required?: readonly string[];
  /** False: unknown fields are rejected (`additionalProperties: false`). */
  readonly additionalProperties?: boolean;
}

/**
 * Validate `body` and return the message of the first problem (required properties, then
 * unknown properties, then property types), or undefined when it is valid.
 */
export function validateBody(body: unknown, schema: BodySchema): string | undefined {
  if (!isJsonType(body, 'object')) return typeMessage(body, ['object']);
  const obj = body as Record<string, unknown>;
  for (const name of schema.required ?? []) {
    if (!(name in obj)) return `'${name}' is a required property`;
  }
  if (schema.additionalProperties === false) {
    const extra = Object.keys(obj).filter((k) => !(k in schema.properties));
    if (extra.length === 1) {
      return `Additional properties are not allowed (${pyRepr(extra[0])} was unexpected)`;
    }
    if (extra.length > 1) {
      return `Additional properties are not allowed (${extra.map((k) => pyRepr(k)).join(', ')} were unexpected)`;
    }
  }
  for (const [name, prop] of Object.entries(schema.properties)) {
    if (!(name in obj)) continue;
    const value = obj[name];
    if (!prop.type.some((t) => isJsonType(value, t))) return typeMessage(value, prop.type);
    if (prop.minimum !== undefined && typeof value === 'number' && value < prop.minimum) {
      return `${pyRepr(value)} is less than the minimum of ${prop.minimum}`;
    }
  }
  return undefined;
}
