/**
 * Executions and their life cycle in the sandbox: `requested` → `scheduled` → `running` →
 * a completed state after a delay on the sandbox clock (or when released), with the stream
 * events st2 publishes on the way, and the chatops flow at the end: an execution with a
 * notification route gets its result formatted and announced as st2's `chatops` pack does.
 * An `action-chain` action with a chain runs its tasks as child executions; a task waiting on an
 * inquiry pauses the workflow until the inquiry is answered.
 */
import type { Clock, TimerHandle } from '../core/clock.js';
import type { Logger } from '../log.js';
import { COMPLETED_STATES, formatSt2Time } from '../stackstorm/model.js';
import {
  chainTask,
  nextChainTask,
  renderTaskParams,
  type ChainDefinition,
  type ChainTask,
} from './action-chain.js';
import { objectId } from './ids.js';
import { runtimeParameters, secretNames } from './params.js';
import { formatExecutionResult, ResultRenderError } from './result-format.js';
import { simulate, type RunEnvironment } from './runners.js';
import type { ActionRecord, AliasRecord, Execution, ExecutionOutcome } from './types.js';

const CANCELABLE_STATES = new Set([
  'requested',
  'scheduled',
  'delayed',
  'running',
  'pausing',
  'paused',
  'resuming',
  'pending',
]);

/** The `notify['on-complete']` of an alias execution. */
export interface NotifySpec {
  readonly route: string;
  readonly data: {
    user?: string | undefined;
    source_channel?: string | undefined;
    source_context?: unknown;
  };
}

/** What starts an execution. */
export interface ExecutionRequest {
  readonly action: ActionRecord;
  /** The parameters as given (after casting), without defaults. */
  readonly parameters: Record<string, unknown>;
  readonly context: Record<string, unknown>;
  readonly notify?: NotifySpec | undefined;
  /** The workflow execution this one is a task of. */
  readonly parent?: string | undefined;
}

/** What the engine needs from the sandbox. */
export interface ExecutionEngineDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly delayMs: number;
  /** Notification route → announcement route. */
  readonly announcementRoutes: Readonly<Record<string, string>>;
  publish(event: string, data: unknown): void;
  /** Base URL of the Web UI, for `web_url`. */
  webUiUrl(): string;
  aliasById(id: string): AliasRecord | undefined;
  packInfo(pack: string): Record<string, unknown> | undefined;
  /** An action by ref (the tasks of a workflow). */
  action(ref: string): ActionRecord | undefined;
  /** The chain of an `action-chain` action, when its entry point holds one. */
  chainOf(ref: string): ChainDefinition | undefined;
}

/** Options of the API view of an execution. */
export interface ExecutionViewOptions {
  showSecrets?: boolean;
  include?: string[] | undefined;
  exclude?: string[] | undefined;
  maxResultSize?: number | undefined;
}

interface Internal {
  readonly action: ActionRecord;
  readonly notify: NotifySpec | undefined;
  timer: TimerHandle | undefined;
  held: boolean;
  startedAt: number;
  /** A running chain: its definition, the task running now, the tasks done. */
  chain?: { def: ChainDefinition; task: ChainTask; done: Record<string, unknown>[] };
}

/** The outcome of a cancel request, as st2's `DELETE /executions/{id}` distinguishes them. */
export type CancelOutcome =
  | { kind: 'canceled'; execution: Execution }
  | { kind: 'already'; execution: Execution }
  | { kind: 'not_cancelable'; status: string };

/** Executions in memory, simulated to completion. */
export class ExecutionEngine {
  /** Executions by id, in creation order. */
  readonly executions = new Map<string, Execution>();
  /** When true, executions stay running until released. */
  holdExecutions = false;
  private readonly internal = new Map<string, Internal>();

  constructor(private readonly deps: ExecutionEngineDeps) {}

  /** Create an execution (status `requested`) and schedule its run. */
  create(request: ExecutionRequest): Execution {
    const now = this.deps.clock.now();
    const id = objectId(now);
    const { action } = request;
    const context = { ...request.context, pack: action.pack };
    const liveaction: Record<string, unknown> = {
      id: objectId(now),
      action: action.ref,
      parameters: request.parameters,
      context,
      status: 'requested',
      start_timestamp: formatSt2Time(now),
      action_is_workflow:
        action.runner_type === 'orquesta' || action.runner_type === 'action-chain',
    };
    if (request.notify) {
      liveaction.notify = {
        'on-complete': { routes: [request.notify.route], data: request.notify.data },
      };
    }
    const execution: Execution = {
      id,
      status: 'requested',
      action: { ...action },
      runner: runnerObject(action.runner_type),
      liveaction,
      parameters: request.parameters,
      context,
      start_timestamp: formatSt2Time(now),
      web_url: `${this.deps.webUiUrl()}/#/history/${id}/general`,
      log: [{ timestamp: formatSt2Time(now), status: 'requested' }],
      ...(request.parent ? { parent: request.parent } : {}),
    };
    this.executions.set(id, execution);
    this.internal.set(id, {
      action,
      notify: request.notify,
      timer: undefined,
      held: false,
      startedAt: now,
    });
    this.emit('create', execution);
    this.schedule(id);
    return execution;
  }

  /** An execution by id, or the most recent one for `last`. */
  get(id: string): Execution | undefined {
    if (id === 'last') return [...this.executions.values()].at(-1);
    return this.executions.get(id);
  }

  /** Complete a running execution now; false when unknown or already completed. */
  finish(id: string, outcome: ExecutionOutcome = {}): boolean {
    const execution = this.executions.get(id);
    const state = this.internal.get(id);
    if (!execution || !state || COMPLETED_STATES.has(execution.status)) return false;
    state.timer?.cancel();
    state.timer = undefined;
    state.held = false;
    this.complete(execution, state, outcome);
    return true;
  }

  /** Complete every held execution. */
  release(): void {
    for (const [id, state] of this.internal) if (state.held) this.finish(id);
  }

  /** Cancel an execution as `DELETE /executions/{id}` does. */
  cancel(id: string, by: string): CancelOutcome | undefined {
    const execution = this.executions.get(id);
    const state = this.internal.get(id);
    if (!execution || !state) return undefined;
    if (execution.status === 'canceled') return { kind: 'already', execution };
    if (!CANCELABLE_STATES.has(execution.status))
      return { kind: 'not_cancelable', status: execution.status };
    state.timer?.cancel();
    state.held = false;
    execution.context = { ...execution.context, cancelled_by: by };
    // The workflow's own state first, so that its tasks ending do not move it on.
    const children = this.children(execution);
    if (execution.status === 'running') {
      this.setStatus(execution, 'canceling');
      state.timer = this.deps.clock.setTimeout(() => {
        state.timer = undefined;
        this.complete(execution, state, { status: 'canceled', result: {} });
      }, 0);
    } else {
      this.complete(execution, state, { status: 'canceled', result: {} });
    }
    for (const child of children) this.cancel(child.id, by);
    return { kind: 'canceled', execution };
  }

  /**
   * Record an inquiry response: the workflow waiting on it resumes, then the pending execution
   * succeeds with `response` added to its result (and the workflow goes on), in st2's order.
   */
  respond(id: string, response: Record<string, unknown>): void {
    const execution = this.executions.get(id);
    const state = this.internal.get(id);
    if (!execution || !state) return;
    state.timer?.cancel();
    state.timer = undefined;
    const parent =
      execution.parent === undefined ? undefined : this.executions.get(execution.parent);
    if (parent?.status === 'paused') {
      this.setStatus(parent, 'resuming');
      this.setStatus(parent, 'running');
    }
    const previous =
      typeof execution.result === 'object' && execution.result !== null ? execution.result : {};
    this.complete(execution, state, { status: 'succeeded', result: { ...previous, response } });
  }

  /** Stop every timer (shutdown). */
  close(): void {
    for (const state of this.internal.values()) state.timer?.cancel();
  }

  /** The API view of an execution (secrets masked unless asked, fields filtered). */
  view(execution: Execution, options: ExecutionViewOptions = {}): Record<string, unknown> {
    const state = this.internal.get(execution.id);
    const secrets = state && options.showSecrets !== true ? secretNames(state.action) : [];
    let out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(execution)) {
      if (isEmpty(value)) continue;
      out[key] = value;
    }
    if (secrets.length > 0) {
      out.parameters = mask(execution.parameters, secrets);
      out.liveaction = { ...execution.liveaction, parameters: mask(execution.parameters, secrets) };
    }
    if (
      options.maxResultSize !== undefined &&
      (execution.result_size ?? 0) > options.maxResultSize
    ) {
      delete out.result;
    }
    if (options.include && options.include.length > 0) {
      const keep = new Set([...options.include, 'id']);
      out = Object.fromEntries(Object.entries(out).filter(([key]) => keep.has(key)));
    } else if (options.exclude) {
      const drop = new Set(options.exclude);
      out = Object.fromEntries(Object.entries(out).filter(([key]) => !drop.has(key)));
    }
    return out;
  }

  private schedule(id: string): void {
    const execution = this.executions.get(id);
    const state = this.internal.get(id);
    if (!execution || !state) return;
    state.timer = this.deps.clock.setTimeout(() => {
      state.timer = undefined;
      if (execution.status !== 'requested') return;
      this.setStatus(execution, 'scheduled');
      this.setStatus(execution, 'running');
      const chain = this.deps.chainOf(state.action.ref);
      if (chain) {
        this.startChain(execution, state, chain);
        return;
      }
      if (this.holdExecutions) {
        state.held = true;
        return;
      }
      state.timer = this.deps.clock.setTimeout(() => {
        state.timer = undefined;
        if (execution.status === 'running') this.complete(execution, state, {});
      }, this.deps.delayMs);
    }, 0);
  }

  private complete(execution: Execution, state: Internal, outcome: ExecutionOutcome): void {
    const env: RunEnvironment = {
      now: this.deps.clock.now(),
      packInfo: (pack) => this.deps.packInfo(pack),
      announce: (route, payload) => {
        this.deps.publish(`st2.announcement__${route}`, { payload, trace_context: null });
      },
    };
    let status: string;
    let result: unknown;
    if (outcome.result !== undefined || outcome.status !== undefined) {
      status = outcome.status ?? 'succeeded';
      result = outcome.result ?? {};
    } else {
      const run = simulate(
        state.action,
        runtimeParameters(state.action, execution.parameters, execution.context),
        env,
      );
      status = run.status;
      result = run.result;
    }
    const now = this.deps.clock.now();
    execution.result = result;
    execution.result_size = Buffer.byteLength(JSON.stringify(result ?? null));
    if (COMPLETED_STATES.has(status)) {
      execution.end_timestamp = formatSt2Time(now);
      execution.elapsed_seconds = Math.round(now - state.startedAt) / 1000;
    }
    this.setStatus(execution, status);
    if (COMPLETED_STATES.has(status)) this.notify(execution, state);
    if (status === 'pending') this.expireLater(execution, state);
    this.taskChanged(execution);
  }

  /** An inquiry nobody answers times out after its `ttl` minutes, as st2's collector does it. */
  private expireLater(execution: Execution, state: Internal): void {
    const ttl = (execution.result as { ttl?: unknown } | undefined)?.ttl;
    if (typeof ttl !== 'number' || ttl <= 0) return;
    state.timer = this.deps.clock.setTimeout(() => {
      state.timer = undefined;
      if (execution.status === 'pending')
        this.complete(execution, state, { status: 'timeout', result: execution.result });
    }, ttl * 60_000);
  }

  private children(execution: Execution): Execution[] {
    const ids = execution.children ?? [];
    return ids
      .map((id) => this.executions.get(id))
      .filter((c): c is Execution => c !== undefined && !COMPLETED_STATES.has(c.status));
  }

  private startChain(execution: Execution, state: Internal, def: ChainDefinition): void {
    const first = chainTask(def, def.first);
    if (!first) {
      this.complete(execution, state, { status: 'failed', result: { tasks: [] } });
      return;
    }
    state.chain = { def, task: first, done: [] };
    this.runTask(execution, state, first);
  }

  /** Start a task of a chain as a child execution; a task that cannot start fails the chain. */
  private runTask(workflow: Execution, state: Internal, task: ChainTask): void {
    const chain = state.chain;
    if (!chain) return;
    chain.task = task;
    const action = this.deps.action(task.ref);
    let parameters: Record<string, unknown> | undefined;
    let error = `Unable to find action "${task.ref}" for task "${task.name}".`;
    try {
      const results: Record<string, unknown> = Object.fromEntries(
        chain.done.map((t): [string, unknown] => [String(t.name), t.result]),
      );
      parameters = renderTaskParams(task, { ...workflow.parameters, ...results });
    } catch (e) {
      error = `Failed rendering the parameters of task "${task.name}": ${e instanceof Error ? e.message : String(e)}`;
    }
    if (!action || !parameters) {
      this.complete(workflow, state, {
        status: 'failed',
        result: { tasks: chain.done, error },
      });
      return;
    }
    const user = workflow.context.user;
    const child = this.create({
      action,
      parameters,
      context: {
        user,
        parent: { execution_id: workflow.id, user, pack: workflow.context.pack },
        chain: { name: task.name },
      },
      parent: workflow.id,
    });
    workflow.children = [...(workflow.children ?? []), child.id];
  }

  /** A task's execution changed: pause its workflow on an inquiry, go on once it ended. */
  private taskChanged(child: Execution): void {
    const workflow = child.parent === undefined ? undefined : this.executions.get(child.parent);
    const state = workflow && this.internal.get(workflow.id);
    const chain = state?.chain;
    if (!workflow || !state || !chain || COMPLETED_STATES.has(workflow.status)) return;
    if (workflow.status === 'canceling') return;
    if (child.status === 'pending') {
      this.setStatus(workflow, 'pausing');
      this.setStatus(workflow, 'paused');
      return;
    }
    if (!COMPLETED_STATES.has(child.status)) return;
    const succeeded = child.status === 'succeeded';
    chain.done.push({
      id: chain.task.name,
      name: chain.task.name,
      execution_id: child.id,
      state: child.status,
      result: child.result,
      created_at: child.start_timestamp,
      updated_at: child.end_timestamp,
    });
    const next = nextChainTask(chain.def, chain.task, succeeded);
    if (next) {
      this.runTask(workflow, state, next);
      return;
    }
    this.complete(workflow, state, {
      status: succeeded ? 'succeeded' : 'failed',
      result: { tasks: chain.done },
    });
  }

  private setStatus(execution: Execution, status: string): void {
    const now = formatSt2Time(this.deps.clock.now());
    execution.status = status;
    execution.log.push({ timestamp: now, status });
    execution.liveaction = { ...execution.liveaction, status, result: execution.result };
    if (execution.end_timestamp) execution.liveaction.end_timestamp = execution.end_timestamp;
    this.emit('update', execution);
  }

  private emit(kind: 'create' | 'update', execution: Execution): void {
    const view = this.view(execution);
    this.deps.publish(`st2.execution__${kind}`, view);
    this.deps.publish(`st2.liveaction__${kind}`, view.liveaction);
  }

  private notify(execution: Execution, state: Internal): void {
    const notify = state.notify;
    if (!notify?.route) return;
    const route = notify.route;
    const target = this.deps.announcementRoutes[route] ?? route;
    const aliasRef = execution.context.action_alias_ref as { id?: unknown } | undefined;
    const alias = typeof aliasRef?.id === 'string' ? this.deps.aliasById(aliasRef.id) : undefined;
    let formatted;
    try {
      formatted = formatExecutionResult(execution, alias);
    } catch (error) {
      // st2's format action fails, its workflow fails, and nothing is posted.
      const field = error instanceof ResultRenderError ? error.field : 'result';
      this.deps.logger.warn(
        { err: error, execution: execution.id, alias: alias?.ref },
        `sandbox: ${field} of alias ${alias?.ref ?? '?'} could not be rendered; no announcement`,
      );
      return;
    }
    if (!formatted.enabled) return;
    const { data } = notify;
    const payload: Record<string, unknown> = {
      channel: data.source_channel ?? '',
      message: formatted.message,
      whisper: false,
    };
    if (data.user !== undefined) payload.user = data.user;
    if (formatted.extra !== undefined) payload.extra = formatted.extra;
    if (data.source_context !== undefined) payload.context = data.source_context;
    this.deps.publish(`st2.announcement__${target}`, {
      payload,
      trace_context: { id_: objectId(this.deps.clock.now()), trace_tag: null },
    });
  }
}

function runnerObject(name: string): Record<string, unknown> {
  return { name, enabled: true, description: `${name} runner (simulated by the stormbot sandbox)` };
}

function mask(params: Record<string, unknown>, secrets: string[]): Record<string, unknown> {
  const out = { ...params };
  for (const name of secrets) if (name in out) out[name] = '********';
  return out;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}
