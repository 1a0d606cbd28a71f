/**
 * `stormbot lint <packs dir>` and `stormbot match --packs <dir> "<command>"`: offline tools
 * over pack folders.
 */
import { parseArgs } from 'node:util';
import { AliasIndex } from './alias-index.js';
import { aliasRef } from './candidates.js';
import { AliasLimitError, AliasParseError } from './errors.js';
import { lintPacks, type LintFinding } from './lint.js';
import { loadPackAliases } from './loader.js';
import type { AliasMatch, AliasParameters } from './types.js';

const LINT_USAGE = 'usage: stormbot lint [--json] <packs dir>\n';
const MATCH_USAGE = 'usage: stormbot match --packs <dir> [--json] "<command>"\n';

function parse(
  argv: string[],
  options: Record<string, { type: 'string' | 'boolean' }>,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } | null {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch {
    return null;
  }
}

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

/** `stormbot lint`: exit 1 when there are errors, 0 otherwise, 2 on bad usage. */
export async function runLint(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const args = parse(argv, { json: { type: 'boolean' }, help: { type: 'boolean' } });
  if (!args || args.values.help || args.positionals.length !== 1) {
    out.write(LINT_USAGE);
    return args?.values.help ? 0 : 2;
  }
  const dir = args.positionals[0] ?? '';
  let report;
  try {
    report = await lintPacks(dir);
  } catch (e) {
    out.write(`stormbot lint: ${(e as Error).message}\n`);
    return 2;
  }
  if (args.values.json) {
    out.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    for (const f of report.findings) out.write(findingLine(f));
    out.write(
      `${plural(report.aliases, 'alias')}, ${plural(report.formats, 'format')}: ${plural(report.errors, 'error')}, ${plural(report.warnings, 'warning')}\n`,
    );
  }
  return report.errors > 0 ? 1 : 0;
}

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

/** `stormbot match`: exit 0 when one alias matches, 1 otherwise, 2 on bad usage. */
export async function runMatch(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const args = parse(argv, {
    packs: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean' },
  });
  if (
    !args ||
    args.values.help ||
    typeof args.values.packs !== 'string' ||
    args.positionals.length === 0
  ) {
    out.write(MATCH_USAGE);
    return args?.values.help ? 0 : 2;
  }
  const command = args.positionals.join(' ');
  let loaded;
  try {
    loaded = await loadPackAliases(args.values.packs);
  } catch (e) {
    out.write(`stormbot match: ${(e as Error).message}\n`);
    return 2;
  }
  const warnings = loaded.problems.map((p) => `${p.file}: ${p.message}`);
  const index = new AliasIndex(loaded.aliases, { invalidFormats: 'skip' });
  for (const p of index.problems()) {
    warnings.push(
      `${aliasRef(p.alias)} format ${JSON.stringify(p.representation)} does not compile (${p.error.message}); st2 answers every match with an internal error while it is enabled`,
    );
  }
  if (!args.values.json) for (const w of warnings) out.write(`warning: ${w}\n`);
  let result: AliasMatch;
  try {
    result = index.match(command);
  } catch (e) {
    if (e instanceof AliasParseError) {
      out.write(`error: st2 would answer with an internal error: ${e.message}\n`);
      return 1;
    }
    if (e instanceof AliasLimitError) {
      out.write(`error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const suggestions =
    result.kind === 'no_match'
      ? index.suggest(command).map((s) => `${s.display} (${aliasRef(s.alias)})`)
      : [];
  if (args.values.json) {
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
    out.write(
      `${JSON.stringify(json, (k, v: unknown) => (k === 'parametersError' && v instanceof Error ? v.message : v), 2)}\n`,
    );
  } else {
    out.write(describe(result, suggestions));
  }
  return result.kind === 'match' ? 0 : 1;
}
