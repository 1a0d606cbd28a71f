/**
 * What st2's `chatops.format_execution_result` computes for a completed execution: whether
 * to announce, the message (the alias's `result.format`, or the chatops pack's default
 * layout), and the rendered `result.extra`.
 */
import { toHumanTime } from './jinja-filters.js';
import { renderLenient, renderValues } from './jinja.js';
import { pyRepr } from '../stackstorm/model.js';
import type { AliasRecord, Execution } from './types.js';

/** The output of `format_execution_result`. */
export interface FormattedResult {
  enabled: boolean;
  message: string;
  extra?: Record<string, unknown>;
}

/** A template of the alias's `result` could not be rendered; `field` names which. */
export class ResultRenderError extends Error {
  constructor(
    readonly field: 'result.format' | 'result.extra',
    cause: unknown,
  ) {
    super(`${field}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ResultRenderError';
  }
}

const EXCLUDED = ['trigger', 'trigger_type', 'trigger_instance', 'liveaction'];

/**
 * Format `execution` the way the chatops pack does. `alias` is the alias the execution came
 * from, if any. Throws `ResultRenderError` when `result.format` or `result.extra` cannot be
 * rendered (st2's action then fails and nothing is posted).
 */
export function formatExecutionResult(
  execution: Execution,
  alias: AliasRecord | undefined,
): FormattedResult {
  const view = Object.fromEntries(Object.entries(execution).filter(([k]) => !EXCLUDED.includes(k)));
  const result = alias?.result;
  if (result?.enabled === false) return { enabled: false, message: '' };
  const context = { execution: view, alias: alias ?? {} };
  const format = result?.format;
  const message =
    format !== undefined
      ? rendering('result.format', () => renderLenient(format, context))
      : defaultMessage(execution);
  const out: FormattedResult = { enabled: true, message };
  const extra = result?.extra;
  if (extra !== undefined)
    out.extra = rendering('result.extra', () => renderValues(extra, context));
  return out;
}

function rendering<T>(field: ResultRenderError['field'], render: () => T): T {
  try {
    return render();
  } catch (error) {
    throw new ResultRenderError(field, error);
  }
}

/** The chatops pack's default layout (docs/reference/st2-api.md §6.2). */
export function defaultMessage(execution: Execution): string {
  const action = execution.action as { ref?: unknown };
  const lines = [
    `Action ${String(action.ref)} completed.`,
    `status : ${execution.status}`,
    `execution: ${execution.id}`,
  ];
  if (execution.web_url) lines.push(`web_url: ${execution.web_url}`);
  if (execution.elapsed_seconds)
    lines.push(`Took ${toHumanTime(execution.elapsed_seconds)} to complete.`);
  if (isTruthy(execution.result)) {
    lines.push('result :', '--------');
    lines.push(
      ...resultLines(String((execution.runner as { name?: unknown }).name), execution.result),
    );
  }
  return lines.join('\n');
}

const PYTHON_KEYS = ['result', 'stdout', 'stderr', 'exit_code'];
const SHELL_KEYS = ['stdout', 'stderr', 'return_code', 'error'];

function resultLines(runner: string, result: unknown): string[] {
  const entries = isMapping(result) ? Object.entries(result) : undefined;
  if (!entries) return [show(result)];
  const pick = (keys: string[]) => entries.filter(([k, v]) => keys.includes(k) && isTruthy(v));
  switch (runner) {
    case 'http-request':
      return serialize(entries, '');
    case 'run-python':
    case 'python-script':
    case 'windows-cmd':
    case 'windows-script':
      return serialize(pick(PYTHON_KEYS), '');
    case 'remote-shell-cmd':
    case 'remote-shell-script':
      return entries.flatMap(([host, value]) => [
        `${host} : `,
        ...serialize(
          isMapping(value)
            ? Object.entries(value).filter(([k, v]) => SHELL_KEYS.includes(k) && isTruthy(v))
            : [],
          '  ',
        ),
      ]);
    case 'local-shell-cmd':
    case 'local-shell-script':
      return serialize(pick(SHELL_KEYS), '');
    default:
      return serialize(entries, '');
  }
}

function serialize(entries: [string, unknown][], prefix: string): string[] {
  const lines: string[] = [];
  for (const [key, value] of entries) {
    if (isMapping(value)) {
      lines.push(`${prefix}${key} : `, ...serialize(Object.entries(value), `${prefix}  `));
    } else if (typeof value === 'string' && value.trim().includes('\n')) {
      lines.push(`${prefix}${key} : `, `${prefix}  ${value.trim()}`);
    } else {
      lines.push(`${prefix}${key} : ${show(value).trim()}`);
    }
  }
  return lines;
}

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return pyRepr(value);
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isMapping(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}
