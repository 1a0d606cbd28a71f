/**
 * st2's alias format parser (docs/reference/alias-parser.md §A): `parseAliasCommand(format, command)`.
 */
import { AliasLimitError, AliasParseError, MAX_COMMAND_LENGTH } from './errors.js';
import { splitExtraPairs } from './extras.js';
import {
  compileFormatCached,
  type CompiledFormat,
  type FastPath,
  type ResultShape,
} from './format.js';
import { CodeText, isPySpace, PyRegex, type PyAnchored, type PyMatch } from './pyre/index.js';
import type { AliasParameters } from './types.js';

/** A command after §A.1, shared by every format it is matched against. */
export interface PreparedCommand {
  /** The command as typed. */
  original: string;
  /** The padded param stream the format regex is matched against. */
  stream: CodeText;
  /** Trailing key=value pairs, left to right. */
  pairs: [string, string][];
  /** The trailing pairs as typed, '' when none. */
  tail: string;
  /** The command without its pairs is blank (st2's "nothing supplied" test). */
  blank: boolean;
  /** Code-point index of the first non-whitespace character of `stream`. */
  start: number;
}

/** Throw `AliasLimitError` when a command is over the length limit. */
export function checkCommandLength(command: string): void {
  if (command.length > MAX_COMMAND_LENGTH) {
    throw new AliasLimitError(
      'input_too_long',
      `Command is too long (${command.length} characters; the limit is ${MAX_COMMAND_LENGTH})`,
    );
  }
}

/** Run §A.1 on a command (checks the length limit first). */
export function prepareCommand(command: string): PreparedCommand {
  checkCommandLength(command);
  const { stripped, pairs, tail } = splitExtraPairs(command);
  const stream = new CodeText(` ${stripped} `);
  // Everything before `start` is a (BMP) space, so its UTF-16 and code-point indexes agree.
  const str = stream.str;
  let start = 0;
  while (start < str.length && isPySpace(str.charCodeAt(start))) start++;
  return { original: command, stream, pairs, tail, blank: start === str.length, start };
}

function define(target: AliasParameters, key: string, value: string | null): void {
  // A key such as "__proto__" must become an own property, not change the prototype.
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else target[key] = value;
}

function noMatch(cf: CompiledFormat, cmd: PreparedCommand): AliasParseError {
  return new AliasParseError(
    'no_match',
    `Command "${cmd.original}" doesn't match format string "${cf.format}"`,
  );
}

/** The error for a format whose match ran out of steps. */
export function tooComplex(cf: CompiledFormat): AliasLimitError {
  return new AliasLimitError(
    'too_complex',
    `Matching the command against format "${cf.format}" took too many steps; the format is too complex for this command`,
  );
}

/** Why a format did not fit a command (without building an error, which is costly). */
export type Miss = 'no_match' | 'no_value';

/** §A.6–A.8 for one regex match (`slots`: 2 per group, -1 when unset). */
export function buildResult(
  cf: CompiledFormat,
  slots: Int32Array,
  cmd: PreparedCommand,
): AliasParameters | Miss {
  return shapeResult(cf.shape, slots, cmd, cf);
}

/**
 * {@link buildResult} from the format's shared {@link ResultShape}; `cf` is read only to report
 * an invalid format.
 */
export function shapeResult(
  shape: ResultShape,
  slots: Int32Array,
  cmd: PreparedCommand,
  cf: CompiledFormat,
): AliasParameters | Miss {
  const result: AliasParameters = {};
  const names = shape.names;
  const ids = shape.ids;
  const stream = cmd.stream;
  for (let i = 0; i < names.length; i++) {
    const gid = ids[i] ?? 0;
    const s = slots[2 * gid] ?? -1;
    const e = slots[2 * gid + 1] ?? -1;
    define(result, names[i] ?? '', s < 0 || e < 0 ? null : stream.slice(s, e));
  }
  for (const [name, def] of shape.optional) {
    if (!Object.hasOwn(result, name)) {
      throw new AliasParseError(
        'invalid_format',
        `Format string "${cf.format}" has an optional parameter "${name}" whose default spans lines (st2 fails with KeyError: '${name}')`,
      );
    }
    const v = result[name];
    if (v === null || v === '') define(result, name, def);
  }
  const pairs = cmd.pairs;
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i];
    if (pair) define(result, pair[0], pair[1]);
  }
  if (!shape.empty && cmd.blank && !Object.values(result).some((v) => v)) return 'no_value';
  return result;
}

function missError(miss: Miss, cf: CompiledFormat, cmd: PreparedCommand): AliasParseError {
  return miss === 'no_match'
    ? noMatch(cf, cmd)
    : new AliasParseError('no_value', 'No value supplied and no default value found.');
}

/**
 * Match a prepared command with a compiled format, single mode: the parameters, or why not.
 * Throws only for invalid formats and limits.
 */
export function trySingle(cf: CompiledFormat, cmd: PreparedCommand): AliasParameters | Miss {
  const fast = cf.fast;
  let slots: Int32Array | null;
  if (fast) {
    const at = tailStart(fast, cmd);
    if (at < 0) return 'no_match';
    slots = matchTail(cf, fast.tail, cmd, at);
  } else {
    slots = searchWhole(cf, cmd);
  }
  return slots ? buildResult(cf, slots, cmd) : 'no_match';
}

/**
 * Where a fast-path format's tail must match: just after its literal prefix, which must follow
 * the command's leading whitespace; -1 when the prefix is not there (no match).
 */
export function tailStart(fast: FastPath, cmd: PreparedCommand): number {
  const at = cmd.start;
  const stream = cmd.stream;
  if (stream.ascii)
    return stream.str.startsWith(fast.prefixText, at) ? at + fast.prefixText.length : -1;
  const prefix = fast.prefix;
  const cps = stream.cps;
  if (at + prefix.length > cps.length) return -1;
  for (let i = 0; i < prefix.length; i++) if (cps[at + i] !== prefix[i]) return -1;
  return at + prefix.length;
}

/**
 * The group slots of a fast-path format's tail matched at `at` (see {@link tailStart}), or null.
 * The array is the engine's own: read it before the next match.
 */
export function matchTail(
  cf: CompiledFormat,
  tail: PyAnchored,
  cmd: PreparedCommand,
  at: number,
): Int32Array | null {
  try {
    return tail.matchAtBorrowed(cmd.stream, at);
  } catch (e) {
    if (PyRegex.isBudgetError(e)) throw tooComplex(cf);
    throw e;
  }
}

/**
 * The group slots of the whole expression searched in the command (what st2 runs for every
 * format), or null. Throws `AliasLimitError` when the match runs out of steps.
 */
export function searchWhole(cf: CompiledFormat, cmd: PreparedCommand): Int32Array | null {
  try {
    return cf.regex.search(cmd.stream)?.slots ?? null;
  } catch (e) {
    if (PyRegex.isBudgetError(e)) throw tooComplex(cf);
    throw e;
  }
}

/** Match a prepared command with a compiled format, single mode. Throws `AliasParseError`. */
export function extractSingle(cf: CompiledFormat, cmd: PreparedCommand): AliasParameters {
  const r = trySingle(cf, cmd);
  if (typeof r === 'string') throw missError(r, cf, cmd);
  return r;
}

/** One occurrence of a multiple-mode format in a command. */
export interface Occurrence {
  parameters: AliasParameters;
  /**
   * A command holding only this occurrence: its text (the match's group 0) followed by the
   * command's trailing pairs, which st2 adds to every occurrence (§A.9). st2's single-mode parse
   * of it gives `parameters`, so `POST /aliasexecution` runs exactly this occurrence.
   */
  command: string;
}

/** Match a prepared command with a compiled format, multiple mode (§A.9), keeping each occurrence's text. */
export function extractOccurrences(cf: CompiledFormat, cmd: PreparedCommand): Occurrence[] {
  let ms: PyMatch[];
  try {
    ms = cf.regex.finditer(cmd.stream);
  } catch (e) {
    if (PyRegex.isBudgetError(e)) throw tooComplex(cf);
    throw e;
  }
  return ms.map((m) => {
    const r = buildResult(cf, m.slots, cmd);
    if (typeof r === 'string') throw missError(r, cf, cmd);
    // Without the stream's padding spaces, which st2 adds again when it parses the text.
    const last = cmd.stream.length - 1;
    const text = cmd.stream.slice(
      Math.min(Math.max(m.slots[0] ?? 0, 1), last),
      Math.max(Math.min(m.slots[1] ?? 0, last), 1),
    );
    return { parameters: r, command: `${text}${cmd.tail}` };
  });
}

/** Match a prepared command with a compiled format, multiple mode (§A.9). */
export function extractMultiple(cf: CompiledFormat, cmd: PreparedCommand): AliasParameters[] {
  return extractOccurrences(cf, cmd).map((o) => o.parameters);
}

/**
 * Extract parameters from `command` with an alias `format`, with st2's exact semantics
 * (docs/reference/alias-parser.md §A). Throws `AliasParseError` (`no_match`, `no_value`, `invalid_format`) with
 * st2's message, or `AliasLimitError` for an over-long command or a runaway match.
 */
export function parseAliasCommand(format: string | null, command: string | null): AliasParameters {
  const cmd = prepareCommand(command ?? '');
  return extractSingle(compileFormatCached(format ?? ''), cmd);
}

/**
 * Multiple-match mode (`match_multiple: true` formats, §A.9): one parameter map per
 * non-overlapping occurrence, `[]` when none. Throws like {@link parseAliasCommand}.
 */
export function parseAliasCommandMultiple(
  format: string | null,
  command: string | null,
): AliasParameters[] {
  const cmd = prepareCommand(command ?? '');
  return extractMultiple(compileFormatCached(format ?? ''), cmd);
}
