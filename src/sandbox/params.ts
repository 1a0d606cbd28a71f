/**
 * Action parameters as st2 handles them for an alias execution: cast strings to the declared
 * types (arrays split on `,`), then validate against the action's schema; and, at run time,
 * the full parameter set with defaults rendered (`cmd: echo "{{message}}"`).
 */
import { badRequest } from './errors.js';
import { renderLenient } from './jinja.js';
import { SANDBOX_PARAMETERS, parameterSchema } from './runner-params.js';
import {
  isJsonType,
  pyRepr,
  typeMessage,
  type ActionParameter,
  type JsonType,
} from '../stackstorm/model.js';
import type { ActionRecord } from './types.js';

const JSON_TYPES = new Set(['string', 'integer', 'number', 'boolean', 'object', 'array', 'null']);

/**
 * Cast string values to the types the action declares (400 on failure, Python's message
 * wrapped the way st2's `cast_params` words it).
 */
export function castParameters(
  action: ActionRecord,
  params: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const schema = { ...SANDBOX_PARAMETERS, ...parameterSchema(action) };
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    const type = schema[name]?.type;
    try {
      if (value === null && type) out[name] = castNone(type);
      else out[name] = typeof value === 'string' && type ? cast(value, type) : value;
    } catch (error) {
      // Only a string or None gets cast.
      const [shown, pyType] = typeof value === 'string' ? [value, 'str'] : ['None', 'NoneType'];
      const inner = error instanceof Error ? error.message : String(error);
      throw badRequest(
        `Failed to cast value "${shown}" (type: ${pyType}) ` +
          `for parameter "${name}" of type "${String(type)}": ${inner}. ` +
          'Perhaps the value is of an invalid type?',
      );
    }
  }
  return out;
}

/** An optional parameter the command left out is None in st2: kept, except by Python's casts. */
function castNone(type: string): null {
  if (type === 'integer') {
    throw new Error(
      "int() argument must be a string, a bytes-like object or a number, not 'NoneType'",
    );
  }
  if (type === 'number') {
    throw new Error("float() argument must be a string or a number, not 'NoneType'");
  }
  if (type === 'array') throw new Error("'NoneType' object has no attribute 'split'");
  return null;
}

function cast(value: string, type: string): unknown {
  switch (type) {
    case 'array':
      return value.split(',').map((v) => v.trim());
    case 'integer': {
      const text = value.trim().replaceAll('_', '');
      if (!/^[+-]?\d+$/.test(text))
        throw new Error(`invalid literal for int() with base 10: ${pyRepr(value)}`);
      return Number.parseInt(text, 10);
    }
    case 'number': {
      const n = Number(value.trim());
      if (value.trim() === '' || Number.isNaN(n))
        throw new Error(`could not convert string to float: ${pyRepr(value)}`);
      return n;
    }
    case 'boolean': {
      const word = value.charAt(0).toUpperCase() + value.slice(1).toLowerCase();
      if (word === 'True') return true;
      if (word === 'False') return false;
      throw new Error(`malformed node or string: ${pyRepr(value)}`);
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
      throw new Error(`malformed node or string: ${pyRepr(value)}`);
    }
  }
}

/**
 * Validate cast parameters against the action's schema (400 with jsonschema's message), as
 * st2 does: no schema at all when neither the runner nor the action declares a parameter
 * (anything is accepted), a None replaced by the default, and None allowed for a parameter
 * that is optional or defaults to None (`allow_default_none`).
 */
export function validateParameters(
  action: ActionRecord,
  given: Readonly<Record<string, unknown>>,
): void {
  const schema = parameterSchema(action);
  if (Object.keys(schema).length === 0) return;
  const params = withDefaults(schema, given);
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
    const isGiven = name in given;
    if (isGiven && spec.immutable === true) {
      throw badRequest(
        `Parameter "${name}" of action "${action.ref}" is immutable and cannot be overridden.`,
      );
    }
    if (!(name in params)) continue;
    const value = params[name];
    const noneAllowed =
      value === null &&
      (spec.required !== true || 'default' in spec) &&
      (spec.default === undefined || spec.default === null);
    if (
      !noneAllowed &&
      spec.type &&
      JSON_TYPES.has(spec.type) &&
      !isJsonType(value, spec.type as JsonType)
    ) {
      throw badRequest(typeMessage(value, [spec.type as JsonType]));
    }
    if (spec.enum && !spec.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
      throw badRequest(`${pyRepr(value)} is not one of ${pyRepr(spec.enum)}`);
    }
  }
}

/**
 * The parameters an action runs with: the given ones, plus defaults; string defaults are
 * rendered as templates over the other parameters (st2 renders `{{message}}` in `cmd`), the
 * execution's context as `action_context` (`{{ action_context.api_user }}`) and an empty `st2kv`.
 */
export function runtimeParameters(
  action: ActionRecord,
  params: Readonly<Record<string, unknown>>,
  actionContext: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  const schema = parameterSchema(action);
  const out = withDefaults(schema, params);
  const scope = { st2kv: { system: {}, user: {} }, action_context: actionContext };
  for (const [name, spec] of Object.entries(schema)) {
    const value = out[name];
    const own = params[name] !== undefined && params[name] !== null;
    if (typeof value === 'string' && value.includes('{{') && !(own && spec.immutable !== true)) {
      try {
        out[name] = renderLenient(value, { ...scope, ...out });
      } catch {
        // A default that is not a valid template stays as written.
      }
    }
  }
  return out;
}

/** st2's `assign_default_values`: a parameter absent or None takes its default. */
function withDefaults(
  schema: Readonly<Record<string, ActionParameter>>,
  params: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...params };
  for (const [name, spec] of Object.entries(schema)) {
    if ((out[name] === undefined || out[name] === null) && spec.default !== undefined) {
      out[name] = spec.default;
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
