/**
 * `stormbot lint`: finds alias problems before st2 does at run time: formats that overlap
 * (commands st2 refuses as ambiguous), display-only formats, literal text that is really
 * regular-expression syntax (character classes written as text included), `=` in formats, bad
 * placeholder names, placeholders the action does not take and formats that do not compile.
 */
import { AliasIndex } from './alias-index.js';
import { aliasRef, listCandidates, normaliseFormat } from './candidates.js';
import { NORMALISED_CHARACTERS } from '../core/chat-text.js';
import { AliasLimitError, AliasParseError } from './errors.js';
import { compileFormat, splitFormat, type CompiledFormat } from './format.js';
import { loadPackAliases } from './loader.js';
import { prepareCommand, trySingle } from './parser.js';
import { isPyIdentifier } from './pyre/index.js';
import { sampleCommands } from './samples.js';
import { RUNNER_PARAMETERS, type Action, type ActionAlias } from '../stackstorm/model.js';

/** One problem found. */
export interface LintFinding {
  severity: 'error' | 'warning';
  /** A stable identifier of the check, e.g. `overlap`. */
  kind: string;
  file: string;
  /** The alias reference (`pack.name`), or "" for a file that did not load. */
  alias: string;
  /** The format string concerned, when there is one. */
  format: string | null;
  message: string;
}

/** Everything `lintPacks` found. */
export interface LintReport {
  packsDir: string;
  aliases: number;
  formats: number;
  errors: number;
  warnings: number;
  findings: LintFinding[];
}

/** Regular-expression syntax only an author who means a regular expression writes (`( x)?` too). */
const INTENTIONAL_REGEX = /\\[sdwSDWbBAZ.$^()[\]{}|?*+]|\(\?|\)[?*+]|\[[^\]]*\]|\^|\||\\\\/;

/**
 * A bracketed word written as text, `[unused]` (not `\[unused\]`, nor followed by a quantifier):
 * a character class matching one character, so the format never accepts what it shows.
 */
const CLASS_TRAP = /(?<!\\)\[(?!\^)([\w ]{3,})\](?![?*+{])/g;

const ACCIDENTAL: { char: string; what: string }[] = [
  { char: '?', what: "'?' makes the character before it optional" },
  { char: '.', what: "'.' matches any character" },
  { char: '+', what: "'+' repeats the character before it" },
  { char: '*', what: "'*' repeats the character before it (or fails to compile)" },
  { char: '(', what: "'(' opens a regular-expression group" },
];

/** Checks of one format string on its own. */
function formatFindings(
  format: string,
  emit: (f: Omit<LintFinding, 'file' | 'alias'>) => void,
): CompiledFormat | null {
  const { placeholders, text } = splitFormat(format);
  let badNames = false;
  const seen = new Set<string>();
  for (const p of placeholders) {
    if (!isPyIdentifier(p.name)) {
      badNames = true;
      const hint =
        p.name.includes('}}') || p.name.includes('=')
          ? ' (an "=" between placeholders, as in "{{k}}={{v}}", is read as a default value)'
          : '';
      emit({
        severity: 'error',
        kind: 'placeholder-name',
        format,
        message: `placeholder name "${p.name}" is not valid: use letters, digits and "_", not starting with a digit${hint}`,
      });
    } else if (seen.has(p.name)) {
      badNames = true;
      emit({
        severity: 'error',
        kind: 'placeholder-name',
        format,
        message: `placeholder "${p.name}" is used twice; st2 cannot compile this format`,
      });
    }
    seen.add(p.name);
  }
  const joined = text.join(' ');
  for (const [trap, inside] of joined.matchAll(CLASS_TRAP)) {
    emit({
      severity: 'warning',
      kind: 'character-class',
      format,
      message: `"${trap}" is a regular-expression character class: it matches one of the characters "${inside ?? ''}", never the text "${trap}"; write "\\[${inside ?? ''}\\]" for literal brackets`,
    });
  }
  const typographic = NORMALISED_CHARACTERS.exec(joined)?.[0];
  if (typographic !== undefined) {
    emit({
      severity: 'warning',
      kind: 'typographic',
      format,
      message: `the format's text has ${JSON.stringify(typographic)} (U+${typographic.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0') ?? ''}), but chat text reaches the aliases with plain quotes and spaces, so this part never matches; write it with the ASCII character`,
    });
  }
  const literal = joined.replace(CLASS_TRAP, ' ');
  if (literal.includes('=')) {
    emit({
      severity: 'warning',
      kind: 'equals',
      format,
      message:
        "'=' in the format's text: st2 first strips trailing key=value words from the command, so a command written like this format may lose its end and not match",
    });
  }
  if (!INTENTIONAL_REGEX.test(literal)) {
    for (const { char, what } of ACCIDENTAL) {
      if (literal.includes(char)) {
        emit({
          severity: 'warning',
          kind: 'accidental-regex',
          format,
          message: `${what}: the format's text is a regular expression; write "\\${char}" for a literal "${char}"`,
        });
      }
    }
    if (literal.includes('$')) {
      emit({
        severity: 'error',
        kind: 'never-matches',
        format,
        message:
          '\'$\' is an end-of-text anchor and st2 pads commands with a space, so this format can never match; write "\\$" for a dollar sign',
      });
    }
  }
  try {
    return compileFormat(format);
  } catch (e) {
    if (!(e instanceof AliasParseError || e instanceof AliasLimitError)) throw e;
    if (!badNames) {
      emit({
        severity: 'error',
        kind: 'invalid-format',
        format,
        message: `format does not compile: ${e.message}`,
      });
    }
    return null;
  }
}

/**
 * The parameter names st2 accepts for `action`: its own and its runner's (st2 validates both
 * together), or undefined when it accepts any (none declared, as `core.noop`).
 */
function acceptedParameters(action: Action): Set<string> | undefined {
  const runner = RUNNER_PARAMETERS[action.runner_type ?? ''] ?? {};
  const names = new Set([...Object.keys(runner), ...Object.keys(action.parameters ?? {})]);
  return names.size > 0 ? names : undefined;
}

function displayOf(alias: ActionAlias, representation: string): string {
  return `"${representation}" (${aliasRef(alias)})`;
}

/**
 * Lint loaded aliases. `files` maps `pack.name` to the alias file; `actions`, when given, lets
 * the linter check action references and parameter names.
 */
export function lintAliases(
  aliases: readonly ActionAlias[],
  files: ReadonlyMap<string, string> = new Map(),
  actions?: readonly Action[],
): LintFinding[] {
  const findings: LintFinding[] = [];
  const actionByRef = new Map((actions ?? []).map((a) => [a.ref, a]));
  const packsWithActions = new Set((actions ?? []).map((a) => a.pack));
  const compiled = new Map<string, CompiledFormat | null>();
  for (const alias of aliases) {
    const ref = aliasRef(alias);
    const file = files.get(ref) ?? '';
    const emit = (f: Omit<LintFinding, 'file' | 'alias'>): void => {
      findings.push({ ...f, file, alias: ref });
    };
    const action = actionByRef.get(alias.action_ref);
    const actionPack = alias.action_ref.split('.')[0] ?? '';
    if (actions && !action && packsWithActions.has(actionPack)) {
      emit({
        severity: 'warning',
        kind: 'unknown-action',
        format: null,
        message: `action "${alias.action_ref}" is not defined in pack "${actionPack}"`,
      });
    }
    if (!Array.isArray(alias.formats) || alias.formats.length === 0) {
      emit({
        severity: 'warning',
        kind: 'no-formats',
        format: null,
        message: 'alias has no formats',
      });
    }
    for (const f of Array.isArray(alias.formats) ? alias.formats : []) {
      const { display, representations } = normaliseFormat(f);
      if (typeof f === 'object' && representations.length === 0 && display) {
        emit({
          severity: 'warning',
          kind: 'display-only',
          format: display,
          message:
            'display-only format: st2 matches it with an empty pattern, so it answers empty and key=value-only commands; add a representation',
        });
      }
      for (const rep of representations) {
        if (!compiled.has(rep)) compiled.set(rep, formatFindings(rep, emit));
        const cf = compiled.get(rep);
        const accepted = action && acceptedParameters(action);
        if (accepted && cf) {
          for (const name of cf.groupNames) {
            if (!accepted.has(name)) {
              emit({
                severity: 'warning',
                kind: 'unknown-parameter',
                format: rep,
                message: `"${name}" is not a parameter of action "${alias.action_ref}"`,
              });
            }
          }
        }
      }
    }
  }
  findings.push(...overlapFindings(aliases, files));
  return findings;
}

/** Formats that overlap: sample commands of each format that more than one format accepts. */
function overlapFindings(
  aliases: readonly ActionAlias[],
  files: ReadonlyMap<string, string>,
): LintFinding[] {
  const enabled = aliases.filter((a) => a.enabled !== false);
  const index = new AliasIndex(enabled, { invalidFormats: 'skip' });
  const out: LintFinding[] = [];
  const reported = new Set<string>();
  for (const alias of enabled) {
    for (const c of listCandidates(alias)) {
      let cf: CompiledFormat;
      try {
        cf = compileFormat(c.representation);
      } catch {
        continue;
      }
      const names = splitFormat(c.representation).placeholders.map((p) => p.name);
      const samples = c.representation === '' ? [''] : sampleCommands(cf, names);
      for (const sample of samples) {
        let result;
        try {
          const cmd = prepareCommand(sample);
          if (typeof trySingle(cf, cmd) === 'string') continue;
          result = index.match(sample);
        } catch {
          continue;
        }
        if (result.kind !== 'ambiguous') continue;
        for (const other of result.candidates) {
          if (other.alias === alias && other.representation === c.representation) continue;
          const key = [
            `${aliasRef(alias)}\u0000${c.representation}`,
            `${aliasRef(other.alias)}\u0000${other.representation}`,
          ]
            .sort()
            .join('\u0001');
          if (reported.has(key)) continue;
          reported.add(key);
          const same = other.alias === alias;
          out.push({
            severity: 'error',
            kind: same ? 'overlap-same-alias' : 'overlap',
            file: files.get(aliasRef(alias)) ?? '',
            alias: aliasRef(alias),
            format: c.representation,
            message: `the command "${sample}" matches both ${displayOf(alias, c.representation)} and ${displayOf(other.alias, other.representation)}; st2 refuses it as ambiguous${same ? ' (two formats of the same alias)' : ''}`,
          });
        }
      }
    }
  }
  return out;
}

/** Load every pack under `packsDir` and lint its aliases. */
export async function lintPacks(packsDir: string): Promise<LintReport> {
  const loaded = await loadPackAliases(packsDir);
  const findings: LintFinding[] = loaded.problems.map((p) => ({
    severity: 'error',
    kind: 'load',
    file: p.file,
    alias: '',
    format: null,
    message: p.message,
  }));
  findings.push(...lintAliases(loaded.aliases, loaded.files, loaded.actions));
  const formats = loaded.aliases.reduce((n, a) => n + listCandidates(a).length, 0);
  return {
    packsDir,
    aliases: loaded.aliases.length,
    formats,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    findings,
  };
}
