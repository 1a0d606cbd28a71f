/**
 * The one bounded wait of the tests. Every wait for something outside the test's own code (a
 * server's reply, a socket, an event) goes through `bounded`, so a wait that never ends fails
 * within seconds with what it waited for and what it saw, not at the runner's timeout.
 *
 * Code driven by a `ManualClock` is bounded by steps instead (`stepUntil`): no real time passes.
 */
import { once, type EventEmitter } from 'node:events';
import { flushMicrotasks } from './clock.js';

/** Real-time limit of one wait: long enough for real servers on a loaded machine. */
export const WAIT_LIMIT_MS = 10_000;

/** How many of the last values seen a failure lists. */
const SHOWN = 10;

/** Step limit of `stepUntil` (each step lets queued promise and I/O callbacks run). */
const STEP_LIMIT = 2000;

/** What a bounded wait is for, and what it reports when it fails. */
export interface WaitOptions {
  /** What is awaited, in words (a predicate's source is fine: `(m) => m.body === 'hi'`). */
  readonly what: string;
  /** What was seen meanwhile (calls, posts, messages, states); a failure lists the last ones. */
  readonly seen?: (() => readonly unknown[]) | undefined;
  /** The limit in milliseconds of real time (default `WAIT_LIMIT_MS`). */
  readonly limitMs?: number | undefined;
}

/** The failure of a bounded wait; its message names what was awaited and what was seen. */
export class WaitTimeout extends Error {
  override readonly name = 'WaitTimeout';
}

/**
 * Settle like `promise`, or reject with a `WaitTimeout` once `limitMs` have passed first. The
 * timer is cleared as soon as `promise` settles, so it never holds the process open.
 */
export function bounded<T>(promise: Promise<T>, options: WaitOptions): Promise<T> {
  const limitMs = options.limitMs ?? WAIT_LIMIT_MS;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WaitTimeout(failure(`${limitMs} ms`, options))), limitMs);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/**
 * Resolve once `check()` holds, checking now and again each time `changed` resolves (a promise of
 * the next change, made afresh each time); bounded like `bounded`.
 */
export function until(
  check: () => boolean,
  changed: () => Promise<unknown>,
  options: WaitOptions,
): Promise<void> {
  let stop = false;
  const loop = async () => {
    while (!stop && !check()) await changed();
  };
  return bounded(loop(), options).finally(() => (stop = true));
}

/** The next `name` event of `emitter` (its arguments), bounded like `bounded`. */
export function nextEvent(
  emitter: EventEmitter,
  name: string,
  seen?: () => readonly unknown[],
): Promise<unknown[]> {
  return bounded(once(emitter, name), { what: `the event '${name}'`, seen });
}

/**
 * Resolve once `check()` holds, letting queued callbacks run between checks, at most `steps`
 * (default `STEP_LIMIT`) times: for code on a `ManualClock`, whose progress needs no real time.
 * Fails naming `what` and listing `seen`.
 */
export async function stepUntil(
  check: () => boolean,
  options: Omit<WaitOptions, 'limitMs'> & { readonly steps?: number | undefined },
): Promise<void> {
  const steps = options.steps ?? STEP_LIMIT;
  for (let i = 0; i < steps; i++) {
    if (check()) return;
    await flushMicrotasks();
  }
  if (!check()) throw new WaitTimeout(failure(`${steps} steps`, options));
}

/** `waited <how long> for <what>; saw …` with the last values seen. */
function failure(waited: string, options: Omit<WaitOptions, 'limitMs'>): string {
  const head = `waited ${waited} for ${options.what}`;
  if (!options.seen) return head;
  const seen = options.seen();
  if (seen.length === 0) return `${head}; saw nothing`;
  const last = seen.slice(-SHOWN);
  const count = seen.length > last.length ? `the last ${last.length} of ${seen.length}` : 'these';
  return `${head}; saw ${count}:\n${last.map((v) => `  - ${show(v)}`).join('\n')}`;
}

/** One value on one line, cut to a readable length. */
function show(value: unknown): string {
  let text = String(value);
  try {
    // undefined (and functions) stringify to undefined, whatever the declared type says
    const json: unknown = JSON.stringify(value);
    if (typeof json === 'string') text = json;
  } catch {
    // a cycle: keep String(value)
  }
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
