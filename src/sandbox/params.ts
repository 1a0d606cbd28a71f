/**
 * Action parameters as st2 handles them for an alias execution: cast strings to the declared
 * types (arrays split on `,`), then validate against the action's schema; and, at run time,
 * the full parameter set with defaults rendered (`cmd: echo "{{message}}"`).
 */
import { isJsonType, typeMessage, type JsonType } from './body-schema.js';
import { badRequest } from './errors.js';
import { renderLenient } from './jinja.js';
import { pyRepr } from './pyrepr.js';
import { SANDBOX_PARAMETERS, parameterSchema } from './runner-params.js';
import type { ActionRecord } from './types.js';

const JSON_TYPES = new Set(['string', 'integer', 'number', 'boolean', 'object', 'array', 'null']);

/** Cast string values to the types the action declares (400 with Python's wording on failure). */
export function castParameters(
  action: ActionRecord,
  params: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const schema = { ...SANDBOX_PARAMETERS, ...parameterSchema(action) };
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    const type = schema[name]?.type;
    out[name] = typeof value === 'string' && type ? cast(value, type) : value;
  }
  return out;
}

function cast(value: string, type: string): unknown {
  switch (type) {
    case 'array':
      return value.split(',').map((v) => v.trim());
    case 'integer': {
      const text = value.trim().replaceAll('_', '');
      if (!/^[+-]?\d+$/.test(text))
        throw badRequest(`invalid literal for int() with base 10: ${pyRepr(value)}`);
      return Number.parseInt(text, 10);
    }
    case 'number': {
      const n = Number(value.trim());
      if (value.trim() === '' || Number.isNaN(n))
        throw badRequest(`could not convert string to float: ${pyRepr(value)}`);
      return n;
    }
    case 'boolean': {
      const word = value.charAt(0).toUpperCase() + value.slice(1).toLowerCase();
      if (word === 'True') return true;
      if (word === 'False') return false;
      throw badRequest(`malformed node or string: ${pyRepr(value)}`);
    }
    case 'object':
      return parseObject(value);
    default:
      return value;
  }
}

function parseObject(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    // Python-literal syntax ({'a': True}) is the fallback st2 accepts.
    const jsonish = value
      .replace(/'/g, '"')
      .replace(/\bTrue\b/g, 'true')
      .replace(/\bFalse\b/g, 'false')
      .replace(/\bNone\b/g, 'null');
    try {
      return JSON.parse(jsonish) as unknown;
    } catch {
      throw badRequest(`malformed node or string: ${pyRepr(value)}`);
    }
  }
}

/** Validate cast parameters against the action's schema (400 with jsonschema's message). */
export function validateParameters(
  action: ActionRecord,
  params: Readonly<Record<string, unknown>>,
): void {
  const schema = parameterSchema(action);
  for (const [name, spec] of Object.entries(schema)) {
    if (spec.required === true && spec.default === undefined && !(name in params)) {
      throw badRequest(`'${name}' is a required property`);
    }
  }
  const unknown = Object.keys(params).filter((k) => !(k in schema) && !(k in SANDBOX_PARAMETERS));
  if (unknown.length > 0) {
    const list = unknown.map((k) => pyRepr(k)).join(', ');
    throw badRequest(
      `Additional properties are not allowed (${list} ${unknown.length === 1 ? 'was' : 'were'} unexpected)`,
    );
  }
  for (const [name, spec] of Object.entries(schema)) {
    const given = name in params;
    if (given && spec.immutable === true) {
      throw badRequest(
        `Parameter "${name}" of action "${action.ref}" is immutable and cannot be overridden.`,
      );
    }
    if (!given) continue;
    const value = params[name];
    if (spec.type && JSON_TYPES.has(spec.type) && !isJsonType(value, spec.type as JsonType)) {
      throw badRequest(typeMessage(value, [spec.type as JsonType]));
    }
    if (spec.enum && !spec.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
      throw badRequest(`${pyRepr(value)} is not one of ${pyRepr(spec.enum)}`);
    }
  }
}

/**
 * The parameters an action runs with: the given ones, plus defaults; string defaults are
 * rendered as templates over the other parameters (st2 renders `{{message}}` in `cmd`).
 */
export function runtimeParameters(
  action: ActionRecord,
  params: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const schema = parameterSchema(action);
  const out: Record<string, unknown> = { ...params };
  for (const [name, spec] of Object.entries(schema)) {
    if (!(name in out) && spec.default !== undefined) out[name] = spec.default;
  }
  for (const [name, spec] of Object.entries(schema)) {
    const value = out[name];
    if (
      typeof value === 'string' &&
      value.includes('{{') &&
      !(name in params && spec.immutable !== true)
    ) {
      try {
        out[name] = renderLenient(value, out);
      } catch {
        // A default that is not a valid template stays as written.
      }
    }
  }
  return out;
}

/** The names of parameters declared `secret: true`. */
export function secretNames(action: ActionRecord): string[] {
  return Object.entries(parameterSchema(action))
    .filter(([, spec]) => spec.secret === true)
    .map(([name]) => name);
}
