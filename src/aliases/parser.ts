/**
 * st2's alias format parser (alias-parser.md §A): `parseAliasCommand(format, command)`.
 */
import { AliasLimitError, AliasParseError, MAX_COMMAND_LENGTH } from './errors.js';
import { splitExtraPairs } from './extras.js';
import { compileFormatCached, type CompiledFormat } from './format.js';
import { CodeText, isPySpace, PyRegex, type PyMatch } from './pyre/index.js';
import type { AliasParameters } from './types.js';

/** A command after §A.1, shared by every format it is matched against. */
export interface PreparedCommand {
  /** The command as typed. */
  original: string;
  /** The padded param stream the format regex is matched against. */
  stream: CodeText;
  /** Trailing key=value pairs, left to right. */
  pairs: [string, string][];
  /** The command without its pairs is blank (st2's "nothing supplied" test). */
  blank: boolean;
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

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isPySpace(s.charCodeAt(i))) return false;
  return true;
}

/** Run §A.1 on a command (checks the length limit first). */
export function prepareCommand(command: string): PreparedCommand {
  checkCommandLength(command);
  const { stripped, pairs } = splitExtraPairs(command);
  return {
    original: command,
    stream: new CodeText(` ${stripped} `),
    pairs,
    blank: isBlank(stripped),
  };
}

function define(target: AliasParameters, key: string, value: string | null): void {
  // A key such as "__proto__" must become an own property, not change the prototype.
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else target[key] = value;
}

function noMatch(cf: CompiledFormat, cmd: PreparedCommand): AliasParseError {
  return new AliasParseError(
    'no_match',
    `Command "${cmd.original}" doesn't match format string "${cf.format}"`,
  );
}

function tooComplex(cf: CompiledFormat): AliasLimitError {
  return new AliasLimitError(
    'too_complex',
    `Matching the command against format "${cf.format}" took too many steps; the format is too complex for this command`,
  );
}

/** Why a format did not fit a command (without building an error, which is costly). */
export type Miss = 'no_match' | 'no_value';

/** §A.6–A.8 for one regex match. */
function buildResult(cf: CompiledFormat, m: PyMatch, cmd: PreparedCommand): AliasParameters | Miss {
  const result: AliasParameters = {};
  for (const [name, gid] of cf.regex.names) define(result, name, m.group(gid));
  for (const [name, def] of cf.optional) {
    if (!Object.hasOwn(result, name)) {
      throw new AliasParseError(
        'invalid_format',
        `Format string "${cf.format}" has an optional parameter "${name}" whose default spans lines (st2 fails with KeyError: '${name}')`,
      );
    }
    const v = result[name];
    if (v === null || v === '') define(result, name, def);
  }
  for (const [k, v] of cmd.pairs) define(result, k, v);
  if (cf.format !== '' && cmd.blank && !Object.values(result).some((v) => v)) return 'no_value';
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
  let m: PyMatch | null;
  try {
    m = cf.regex.search(cmd.stream);
  } catch (e) {
    if (PyRegex.isBudgetError(e)) throw tooComplex(cf);
    throw e;
  }
  return m ? buildResult(cf, m, cmd) : 'no_match';
}

/** Match a prepared command with a compiled format, single mode. Throws `AliasParseError`. */
export function extractSingle(cf: CompiledFormat, cmd: PreparedCommand): AliasParameters {
  const r = trySingle(cf, cmd);
  if (typeof r === 'string') throw missError(r, cf, cmd);
  return r;
}

/** Match a prepared command with a compiled format, multiple mode (§A.9). */
export function extractMultiple(cf: CompiledFormat, cmd: PreparedCommand): AliasParameters[] {
  let ms: PyMatch[];
  try {
    ms = cf.regex.finditer(cmd.stream);
  } catch (e) {
    if (PyRegex.isBudgetError(e)) throw tooComplex(cf);
    throw e;
  }
  return ms.map((m) => {
    const r = buildResult(cf, m, cmd);
    if (typeof r === 'string') throw missError(r, cf, cmd);
    return r;
  });
}

/**
 * Extract parameters from `command` with an alias `format`, with st2's exact semantics
 * (alias-parser.md §A). Throws `AliasParseError` (`no_match`, `no_value`, `invalid_format`) with
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
