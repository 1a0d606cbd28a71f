/**
 * A small JSON-schema validator (draft 4 subset: type, properties, required as a list or as
 * `required: true` on a property, enum, additionalProperties, items) with the messages Python's
 * jsonschema gives, as st2 sends them back: for inquiry responses (the sandbox answers as st2,
 * the bot checks an answer before sending it) and the sandbox's request bodies.
 */
import { pyRepr } from './pyrepr.js';

/** A JSON type name as jsonschema spells it. */
export type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null';

/** Whether `value` is of jsonschema type `type`. */
export function isJsonType(value: unknown, type: JsonType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
}

/** The jsonschema message for a type mismatch. */
export function typeMessage(value: unknown, types: readonly JsonType[]): string {
  return `${pyRepr(value)} is not of type ${types.map((t) => `'${t}'`).join(', ')}`;
}

type Schema = Record<string, unknown>;

/** The first validation message for `value` against `schema`, or undefined when valid. */
export function validateJsonSchema(value: unknown, schema: unknown): string | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const s = schema as Schema;
  const types =
    typeof s.type === 'string' ? [s.type] : Array.isArray(s.type) ? (s.type as string[]) : [];
  if (types.length > 0 && !types.some((t) => isJsonType(value, t as JsonType))) {
    return typeMessage(value, types as JsonType[]);
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    return `${pyRepr(value)} is not one of ${pyRepr(s.enum)}`;
  }
  if (isJsonType(value, 'object')) {
    const obj = value as Record<string, unknown>;
    const props = (
      typeof s.properties === 'object' && s.properties !== null ? s.properties : {}
    ) as Record<string, Schema>;
    const required = new Set<string>(Array.isArray(s.required) ? (s.required as string[]) : []);
    for (const [name, sub] of Object.entries(props)) if (sub.required === true) required.add(name);
    for (const name of required) if (!(name in obj)) return `'${name}' is a required property`;
    if (s.additionalProperties === false) {
      const extra = Object.keys(obj).filter((k) => !(k in props));
      if (extra.length > 0) {
        const list = extra.map((k) => pyRepr(k)).join(', ');
        return `Additional properties are not allowed (${list} ${extra.length === 1 ? 'was' : 'were'} unexpected)`;
      }
    }
    for (const [name, sub] of Object.entries(props)) {
      if (!(name in obj)) continue;
      const problem = validateJsonSchema(obj[name], sub);
      if (problem) return problem;
    }
  }
  if (Array.isArray(value) && typeof s.items === 'object' && s.items !== null) {
    for (const item of value) {
      const problem = validateJsonSchema(item, s.items);
      if (problem) return problem;
    }
  }
  return undefined;
}
