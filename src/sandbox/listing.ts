/**
 * Paging, sorting and attribute filtering of list endpoints, with the checks and messages of
 * st2's resource controller (`limit=-1` for everything, `limit=0` and `<= -2` refused).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { queryInt, queryList, queryString } from './context.js';
import { badRequest } from './errors.js';

/** Options of `listResponse`. */
export interface ListOptions<T> {
  /** Sort keys allowed in `?sort=` and how to read them. */
  readonly sortKeys: Readonly<Record<string, (item: T) => string>>;
  /** Fields always kept with `include_attributes`. */
  readonly mandatory: readonly string[];
  /** Page size when no `limit` is given. */
  readonly defaultLimit: number;
  /** The model's fields: other `include_attributes`/`exclude_attributes` are a 400. */
  readonly fields?: readonly string[];
  /** Fields that may not be excluded (st2 needs them to mask secrets). */
  readonly keep?: readonly string[];
}

const EXCLUSIVE =
  'exclude_fields and include_fields arguments are mutually exclusive. You need to provide either one or another, but not both.';

/** Check `limit` as st2 does: a number to apply, 0 for "all" (`-1`), or a 400. */
export function checkLimit(limit: number | undefined, fallback: number): number {
  if (limit === undefined) return fallback;
  if (limit === -1) return 0;
  if (limit <= -2) throw badRequest(`Limit, "${limit}" specified, must be a positive number.`);
  if (limit === 0) {
    throw badRequest(
      `Limit, "${limit}" specified, must be a positive number or -1 for full result set.`,
    );
  }
  return limit;
}

/**
 * Answer a list request: sort `items` (already filtered, in default order), page them, set
 * `X-Total-Count` and `X-Limit`, and keep or drop attributes of each `view(item)`.
 */
export function listResponse<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  items: T[],
  view: (item: T) => Record<string, unknown>,
  options: ListOptions<T>,
): Record<string, unknown>[] {
  const include = queryList(request, 'include_attributes');
  const exclude = queryList(request, 'exclude_attributes');
  if (include && exclude) throw badRequest(EXCLUSIVE);
  checkAttributes('include', include, options.fields ?? [], []);
  checkAttributes('exclude', exclude, options.fields ?? [], options.keep ?? []);
  const offset = queryInt(request, 'offset') ?? 0;
  if (offset >= 2 ** 31) throw badRequest(`Offset "${offset}" specified is more than 32-bit int`);
  const limit = checkLimit(queryInt(request, 'limit'), options.defaultLimit);

  const sorted = sortItems(items, queryString(request, 'sort'), options.sortKeys);
  const page = limit > 0 ? sorted.slice(offset, offset + limit) : sorted.slice(offset);
  reply.header('X-Total-Count', String(items.length));
  if (limit > 0) reply.header('X-Limit', String(limit));
  return page.map((item) => pickAttributes(view(item), include, exclude, options.mandatory));
}

/** st2's 400 for an attribute its model does not have (checked on the first path segment). */
function checkAttributes(
  kind: 'include' | 'exclude',
  names: string[] | undefined,
  fields: readonly string[],
  keep: readonly string[],
): void {
  if (fields.length === 0) return;
  for (const name of names ?? []) {
    const field = name.split('.')[0] ?? name;
    if (!fields.includes(field) || keep.includes(field)) {
      throw badRequest(`Invalid or unsupported ${kind} attribute specified: ${field}`);
    }
  }
}

function sortItems<T>(
  items: T[],
  sort: string | undefined,
  keys: Readonly<Record<string, (item: T) => string>>,
): T[] {
  const specs: { get: (item: T) => string; dir: number }[] = [];
  for (const raw of (sort ?? '').split(',')) {
    const dir = raw.startsWith('-') ? -1 : 1;
    const name = raw.replace(/^[-+]/, '');
    const get = keys[name];
    if (get) specs.push({ get, dir });
  }
  if (specs.length === 0) return items;
  return [...items].sort((a, b) => {
    for (const { get, dir } of specs) {
      const x = get(a);
      const y = get(b);
      if (x !== y) return x < y ? -dir : dir;
    }
    return 0;
  });
}

/** Keep `include` (plus the mandatory fields) or drop `exclude`. */
export function pickAttributes(
  item: Record<string, unknown>,
  include: string[] | undefined,
  exclude: string[] | undefined,
  mandatory: readonly string[],
): Record<string, unknown> {
  if (include) {
    const keep = new Set([...include.map((f) => f.split('.')[0] ?? f), ...mandatory]);
    return Object.fromEntries(Object.entries(item).filter(([k]) => keep.has(k)));
  }
  if (exclude) {
    const drop = new Set(exclude);
    return Object.fromEntries(Object.entries(item).filter(([k]) => !drop.has(k)));
  }
  return item;
}
