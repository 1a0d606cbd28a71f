/**
 * Who started which execution from chat: a bounded, in-memory record kept for `!st2status`,
 * `!st2cancel` (your own executions, `last`) and for finding the chat an inquiry belongs to. It
 * outlives tracking (an execution is tracked until its result is posted) and is lost on restart.
 */
import type { TrackedExecution } from './tracker.js';

/** The most executions remembered; past it the oldest is forgotten. */
export const MAX_HISTORY = 10_000;

/** The record of executions started from chat. */
export class ExecutionHistory {
  private readonly byId = new Map<string, TrackedExecution>();
  /** The latest execution per person (`TrackedExecution.user`). */
  private readonly lastByUser = new Map<string, string>();

  /** `onRecord` runs after each new record (the inquiry watcher wakes up). */
  constructor(
    private readonly onRecord: () => void = () => undefined,
    private readonly max = MAX_HISTORY,
  ) {}

  /** Remember an execution someone started. */
  record(execution: TrackedExecution): void {
    this.byId.delete(execution.executionId);
    this.byId.set(execution.executionId, execution);
    this.lastByUser.delete(execution.user);
    this.lastByUser.set(execution.user, execution.executionId);
    for (const [id, oldest] of this.byId) {
      if (this.byId.size <= this.max) break;
      this.byId.delete(id);
      if (this.lastByUser.get(oldest.user) === id) this.lastByUser.delete(oldest.user);
    }
    this.onRecord();
  }

  /** The execution with this id, when it was started from chat (and is still remembered). */
  get(executionId: string): TrackedExecution | undefined {
    return this.byId.get(executionId);
  }

  /** The most recent execution this person started from chat. */
  last(user: string): TrackedExecution | undefined {
    const id = this.lastByUser.get(user);
    return id === undefined ? undefined : this.byId.get(id);
  }
}
