/**
 * Action-chain workflows in the sandbox: the `chain:` of an `action-chain` action's entry point
 * (`actions/<entry_point>`), each task run as a child execution in turn. The engine runs the
 * tasks; this module reads the definition, renders a task's parameters (Jinja over the
 * workflow's parameters and the results of earlier tasks, by task name, as st2's action-chain
 * runner does) and picks the next task.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { renderValues } from './jinja.js';

/** One task of a chain. */
export interface ChainTask {
  readonly name: string;
  /** The action the task runs. */
  readonly ref: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly onSuccess?: string | undefined;
  readonly onFailure?: string | undefined;
}

/** A chain: its tasks and the one it starts with. */
export interface ChainDefinition {
  readonly tasks: readonly ChainTask[];
  readonly first: string;
}

/** Read and check a chain file; throws with the reason when it is not a chain. */
export async function loadChain(packDir: string, entryPoint: string): Promise<ChainDefinition> {
  const raw: unknown = parseYaml(await readFile(join(packDir, 'actions', entryPoint), 'utf8'));
  const doc = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  if (!Array.isArray(doc.chain) || doc.chain.length === 0) throw new Error('no "chain" list');
  const tasks = doc.chain.map((item: unknown, i): ChainTask => {
    const t = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    if (typeof t.name !== 'string' || typeof t.ref !== 'string')
      throw new Error(`chain task ${i + 1} needs a "name" and a "ref"`);
    const params = typeof t.params === 'object' && t.params !== null ? t.params : {};
    return {
      name: t.name,
      ref: t.ref,
      params: params as Record<string, unknown>,
      onSuccess: typeof t['on-success'] === 'string' ? t['on-success'] : undefined,
      onFailure: typeof t['on-failure'] === 'string' ? t['on-failure'] : undefined,
    };
  });
  const first = typeof doc.default === 'string' ? doc.default : (tasks[0]?.name ?? '');
  return { tasks, first };
}

/** The task named `name`, if any. */
export function chainTask(chain: ChainDefinition, name: string | undefined): ChainTask | undefined {
  return name === undefined ? undefined : chain.tasks.find((t) => t.name === name);
}

/** The task after `task` ended (`on-success` or `on-failure`); undefined: the chain ends. */
export function nextChainTask(
  chain: ChainDefinition,
  task: ChainTask,
  succeeded: boolean,
): ChainTask | undefined {
  return chainTask(chain, succeeded ? task.onSuccess : task.onFailure);
}

/** A task's parameters rendered over the workflow's parameters and earlier results by name. */
export function renderTaskParams(
  task: ChainTask,
  context: Record<string, unknown>,
): Record<string, unknown> {
  return renderValues(task.params, context);
}
