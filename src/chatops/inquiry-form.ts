/**
 * An inquiry's schema as a form in chat: its fields (name, type, description, required, enum),
 * the exact `!st2respond` line that answers it, buttons for a single yes/no or choice field, and
 * typed `key=value` answers checked against the schema before StackStorm sees them (with the same
 * JSON-schema validation StackStorm applies, `src/stackstorm/model/json-schema.ts`).
 */
import { scanPairs } from '../aliases/extras.js';
import { CommandError } from '../core/errors.js';
import type { MessageAction } from '../core/message.js';
import { pyRepr, validateJsonSchema, type Inquiry } from '../stackstorm/model.js';

/** One field of an inquiry's schema. */
export interface InquiryField {
  readonly name: string;
  /** The JSON type (`boolean`, `string`…), or `any` when the schema names none. */
  readonly type: string;
  readonly description?: string | undefined;
  readonly required: boolean;
  readonly enum?: readonly unknown[] | undefined;
}

/** The most fields shown, and the most buttons offered. */
const MAX_FIELDS = 30;
const MAX_BUTTONS = 10;

type Schema = Record<string, unknown>;

function asObject(value: unknown): Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Schema)
    : {};
}

/** The fields of a schema (its `properties`), required ones first, at most `MAX_FIELDS`. */
export function inquiryFields(schema: unknown): InquiryField[] {
  const s = asObject(schema);
  const required = new Set(Array.isArray(s.required) ? (s.required as unknown[]) : []);
  const fields = Object.entries(asObject(s.properties)).map(([name, raw]): InquiryField => {
    const p = asObject(raw);
    const type =
      typeof p.type === 'string'
        ? p.type
        : Array.isArray(p.type)
          ? (p.type as unknown[]).join('|')
          : 'any';
    return {
      name,
      type,
      description: typeof p.description === 'string' ? p.description : undefined,
      required: p.required === true || required.has(name),
      enum: Array.isArray(p.enum) ? (p.enum as unknown[]) : undefined,
    };
  });
  return [...fields.filter((f) => f.required), ...fields.filter((f) => !f.required)].slice(
    0,
    MAX_FIELDS,
  );
}

/** How a value of the field is typed in chat: `true|false`, `a|b`, `<integer>`. */
function placeholder(field: InquiryField): string {
  if (field.enum) return field.enum.map(chatValue).join('|');
  if (field.type === 'boolean') return 'true|false';
  return `<${field.type === 'any' ? 'value' : field.type}>`;
}

function chatValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** One line per field: `approved (boolean, required): Restart now?`. */
export function describeField(field: InquiryField): string {
  const traits = [
    field.type,
    ...(field.required ? ['required'] : []),
    ...(field.enum ? [`one of ${field.enum.map(chatValue).join(', ')}`] : []),
  ];
  return `${field.name} (${traits.join(', ')})${field.description ? `: ${field.description}` : ''}`;
}

/** The line that answers the inquiry: its required fields (all fields when none is required). */
export function answerLine(respond: string, inquiry: Inquiry): string {
  const fields = inquiryFields(inquiry.schema);
  const shown = fields.some((f) => f.required) ? fields.filter((f) => f.required) : fields;
  return [respond, inquiry.id, ...shown.map((f) => `${f.name}=${placeholder(f)}`)].join(' ');
}

/**
 * Buttons when the schema has exactly one yes/no or choice field: each a full answer command.
 * Undefined otherwise (the typed line works everywhere).
 */
export function answerButtons(respond: string, inquiry: Inquiry): MessageAction[] | undefined {
  const choices = inquiryFields(inquiry.schema).filter((f) => f.enum || f.type === 'boolean');
  const [field] = choices;
  if (choices.length !== 1 || !field) return undefined;
  const command = (value: string) => `${respond} ${inquiry.id} ${field.name}=${value}`;
  if (!field.enum) {
    return [
      { label: 'Yes', command: command('true'), style: 'primary' },
      { label: 'No', command: command('false'), style: 'danger' },
    ];
  }
  return field.enum.slice(0, MAX_BUTTONS).map((v) => ({
    label: chatValue(v),
    command: command(quoteIfNeeded(chatValue(v))),
  }));
}

function quoteIfNeeded(value: string): string {
  return /\s/.test(value) ? `"${value.replace(/"/g, '')}"` : value;
}

/**
 * The answer typed as `key=value …`, typed by the schema and checked against it. Throws
 * `CommandError` naming the field and what it accepts.
 */
export function parseAnswer(
  args: string,
  inquiry: Inquiry,
  respond: string,
): Record<string, unknown> {
  const schema = asObject(inquiry.schema);
  const fields = new Map(inquiryFields(schema).map((f) => [f.name, f]));
  const pairs = scanPairs(args);
  if (pairs.length === 0) {
    throw new CommandError(`Give your answer as key=value pairs: ${answerLine(respond, inquiry)}`);
  }
  const response: Record<string, unknown> = {};
  for (const [key, raw] of pairs) {
    const field = fields.get(key);
    if (!field && schema.additionalProperties === false) {
      throw new CommandError(
        `Inquiry ${inquiry.id} has no field "${key}". Its fields: ${[...fields.keys()].join(', ')}.`,
      );
    }
    response[key] = field ? typedValue(field, unquote(raw), inquiry.id) : unquote(raw);
  }
  const problem = validateJsonSchema(response, schema);
  if (problem) {
    throw new CommandError(
      `That answer does not fit inquiry ${inquiry.id}: ${problem}. Expected: ${answerLine(respond, inquiry)}`,
    );
  }
  return response;
}

function unquote(value: string): string {
  const m = /^(["'])([\s\S]*)\1$/.exec(value);
  return m ? (m[2] ?? '') : value;
}

const TRUE = new Set(['true', 'yes', 'y', 'on', '1']);
const FALSE = new Set(['false', 'no', 'n', 'off', '0']);

/** A typed value for a field, or a `CommandError` saying what the field accepts. */
function typedValue(field: InquiryField, text: string, id: string): unknown {
  const refuse = (accepts: string): never => {
    throw new CommandError(
      `${field.name} of inquiry ${id} takes ${accepts}; you gave ${pyRepr(text)}.`,
    );
  };
  if (field.enum) {
    const hit = field.enum.find((v) => chatValue(v) === text);
    if (hit === undefined) refuse(`one of ${field.enum.map(chatValue).join(', ')}`);
    return hit;
  }
  switch (field.type) {
    case 'boolean': {
      const word = text.toLowerCase();
      if (TRUE.has(word)) return true;
      if (FALSE.has(word)) return false;
      return refuse('true or false');
    }
    case 'integer':
      return /^[-+]?\d+$/.test(text) ? Number(text) : refuse('a whole number');
    case 'number': {
      const n = Number(text);
      return text.trim() !== '' && Number.isFinite(n) ? n : refuse('a number');
    }
    case 'array':
      return text.startsWith('[')
        ? parseJson(text, Array.isArray, () => refuse('a list: a,b,c or a JSON array'))
        : text.split(',').map((s) => s.trim());
    case 'object':
      return parseJson(
        text,
        (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
        () => refuse('a JSON object'),
      );
    default:
      return text;
  }
}

function parseJson(text: string, ok: (v: unknown) => boolean, refuse: () => never): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return ok(value) ? value : refuse();
  } catch {
    return refuse();
  }
}
