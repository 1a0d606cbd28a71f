/**
 * `stormbot lint DIR` and `stormbot match --packs DIR "<command>"`: the offline alias tools over
 * pack folders (`src/aliases` does the work; this prints it).
 */
import { aliasRef } from '../aliases/candidates.js';
import {
  AliasIndex,
  AliasLimitError,
  AliasParseError,
  lintPacks,
  loadPackAliases,
  type AliasMatch,
  type AliasParameters,
  type LintFinding,
} from '../aliases/index.js';
import { toError } from '../core/errors.js';
import { defineCommand, UsageError } from './args.js';

function findingLine(f: LintFinding): string {
  const where = f.file || '(packs)';
  const alias = f.alias ? ` ${f.alias}` : '';
  const format = f.format !== null ? ` ${JSON.stringify(f.format)}` : '';
  return `${where}: ${f.severity} [${f.code}]${alias}${format}: ${f.message}\n`;
}

function plural(n: number, word: string): string {
  if (n === 1) return `${n} ${word}`;
  return `${n} ${word}${/(s|x|ch|sh)$/.test(word) ? 'es' : 's'}`;
}

/** The `lint` subcommand: exit 1 when there are errors, 0 otherwise. */
export const lint = defineCommand({
  options: { json: { type: 'boolean' } },
  positionals: true,
  async run({ values, positionals }, io) {
    const [dir, ...more] = positionals;
    if (dir === undefined || more.length > 0) throw new UsageError('lint takes one packs folder');
    const report = await lintPacks(dir).catch((e: unknown) => {
      throw new UsageError(toError(e).message);
    });
    if (values.json) {
      io.out.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      for (const f of report.findings) io.out.write(findingLine(f));
      io.out.write(
        `${plural(report.aliases, 'alias')}, ${plural(report.formats, 'format')}: ${plural(report.errors, 'error')}, ${plural(report.warnings, 'warning')}\n`,
      );
    }
    return report.errors > 0 ? 1 : 0;
  },
});

function paramLines(p: AliasParameters, indent: string): string {
  const keys = Object.keys(p);
  if (keys.length === 0) return `${indent}(none)\n`;
  return keys
    .map((k) => `${indent}${k}: ${p[k] === null ? '(unset)' : JSON.stringify(p[k])}\n`)
    .join('');
}

function describe(result: AliasMatch, suggestions: string[]): string {
  switch (result.kind) {
    case 'match': {
      let text = `match: ${aliasRef(result.alias)} -> action ${result.alias.action_ref}\n`;
      text += `format: ${result.representation}\n`;
      if (result.rawDisplay !== null && result.rawDisplay !== result.representation) {
        text += `display: ${result.rawDisplay}\n`;
      }
      if (result.multiple) {
        text += `match_multiple: ${plural(result.parametersList.length, 'execution')}\n`;
        result.parametersList.forEach((p, i) => {
          text += `execution ${i + 1}:\n${paramLines(p, '  ')}`;
        });
      } else {
        text += `parameters:\n${paramLines(result.parameters, '  ')}`;
      }
      if (result.parametersError)
        text += `st2 would refuse to run it: ${result.parametersError.message}\n`;
      return text;
    }
    case 'ambiguous':
      return (
        `ambiguous: ${result.message}\n` +
        result.candidates.map((c) => `  ${aliasRef(c.alias)}: ${c.representation}\n`).join('')
      );
    case 'disabled':
      return `disabled: only the disabled alias ${aliasRef(result.alias)} matches (${result.representation})\n`;
    case 'no_match':
      return (
        `no match: ${result.message}\n` +
        (suggestions.length > 0
          ? `did you mean:\n${suggestions.map((s) => `  ${s}\n`).join('')}`
          : '')
      );
  }
}

/** The `match` subcommand: exit 0 when one alias matches, 1 otherwise. */
export const match = defineCommand({
  options: { packs: { type: 'string' }, json: { type: 'boolean' } },
  positionals: true,
  async run({ values, positionals }, io) {
    if (values.packs === undefined || positionals.length === 0)
      throw new UsageError('match takes --packs DIR and a command');
    const command = positionals.join(' ');
    const loaded = await loadPackAliases(values.packs).catch((e: unknown) => {
      throw new UsageError(toError(e).message);
    });
    const warnings = loaded.problems.map((p) => `${p.file}: ${p.message}`);
    const index = new AliasIndex(loaded.aliases, { invalidFormats: 'skip' });
    for (const p of index.problems()) {
      warnings.push(
        `${aliasRef(p.alias)} format ${JSON.stringify(p.representation)} does not compile (${p.error.message}); st2 answers every match with an internal error while it is enabled`,
      );
    }
    if (!values.json) for (const w of warnings) io.out.write(`warning: ${w}\n`);
    let result: AliasMatch;
    try {
      result = index.match(command);
    } catch (e) {
      if (e instanceof AliasParseError) {
        io.out.write(`error: st2 would answer with an internal error: ${e.message}\n`);
        return 1;
      }
      if (e instanceof AliasLimitError) {
        io.out.write(`error: ${e.message}\n`);
        return 1;
      }
      throw e;
    }
    const suggestions =
      result.kind === 'no_match'
        ? index.suggest(command).map((s) => `${s.display} (${aliasRef(s.alias)})`)
        : [];
    if (values.json) {
      const json =
        result.kind === 'match' || result.kind === 'disabled'
          ? { ...result, alias: aliasRef(result.alias) }
          : result.kind === 'ambiguous'
            ? {
                ...result,
                candidates: result.candidates.map((c) => ({
                  alias: aliasRef(c.alias),
                  representation: c.representation,
                })),
              }
            : { ...result, suggestions };
      Object.assign(json, { warnings });
      io.out.write(
        `${JSON.stringify(json, (k, v: unknown) => (k === 'parametersError' && v instanceof Error ? v.message : v), 2)}\n`,
      );
    } else {
      io.out.write(describe(result, suggestions));
    }
    return result.kind === 'match' ? 0 : 1;
  },
});
