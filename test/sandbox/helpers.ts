/**
 * Helpers for the sandbox contract tests: a sandbox on loopback with a ManualClock, plain
 * `fetch` calls with credentials, and an SSE reader that keeps the raw bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '../../src/log.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import { tempDir } from '../support/temp.js';
import { until } from '../support/wait.js';
import { flushMicrotasks, ManualClock } from '../support/clock.js';

export const PASSWORD = 'Ch@ngeMe';
export const API_KEY = 'test-api-key-0000000000000000000000000';

/** A sandbox, its clock and a token for st2admin. */
export interface TestSandbox {
  sandbox: Sandbox;
  clock: ManualClock;
  token: string;
  /** fetch on the sandbox with the token (unless headers say otherwise). */
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

/** An empty packs folder (so tests add their own aliases). */
export function emptyPacksDir(): string {
  return tempDir('sandbox-test');
}

/** Write YAML files under a new packs folder: `{ 'demo/aliases/x.yaml': '...' }`. */
export function packsDirWith(files: Record<string, string>): string {
  const dir = emptyPacksDir();
  for (const [path, text] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, text);
  }
  return dir;
}

/** Basic auth header value. */
export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** Start a sandbox on loopback with a ManualClock and log in. */
export async function startTestSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  const clock = new ManualClock(Date.UTC(2026, 0, 2, 3, 4, 5, 678));
  const sandbox = await startSandbox({
    packsDir: emptyPacksDir(),
    clock,
    apiKeys: [API_KEY],
    logger: silentLogger(),
    ...options,
  });
  const res = await fetch(`${sandbox.authUrl}/tokens`, {
    method: 'POST',
    headers: { authorization: basic('st2admin', PASSWORD) },
  });
  const { token } = (await res.json()) as { token: string };
  const api = (path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (!headers.has('x-auth-token') && !headers.has('st2-api-key'))
      headers.set('x-auth-token', token);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    const url = path.startsWith('http') ? path : `${sandbox.url}${path}`;
    return fetch(url, { ...init, headers, body: body ?? null });
  };
  return { sandbox, clock, token, api, close: () => sandbox.close() };
}

/** Read `{faultstring}` of an error response. */
export async function faultOf(res: Response): Promise<string> {
  const body = (await res.json()) as { faultstring?: string };
  return body.faultstring ?? '';
}

/** One parsed SSE event. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Reads an SSE response: keeps the raw text, parses events as the SSE spec does, and lets a
 * test wait for an event (no timers: it resolves when bytes arrive).
 */
export class SseReader {
  raw = '';
  readonly events: SseEvent[] = [];
  ended = false;
  private waiters: (() => void)[] = [];
  private readonly done: Promise<void>;

  constructor(readonly response: Response) {
    const body = response.body;
    if (!body) throw new Error('no body');
    const reader = body.getReader() as ReadableStreamDefaultReader<Uint8Array>;
    const decoder = new TextDecoder();
    this.done = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const text = decoder.decode(value, { stream: true });
          this.raw += text;
          this.feed(text);
          this.wake();
        }
      } catch {
        // A cut connection ends the reader.
      }
      this.ended = true;
      this.wake();
    })();
  }

  /** Resolve once `predicate` holds (checked whenever data arrives or the stream ends); bounded. */
  async until(predicate: () => boolean, what = 'condition'): Promise<void> {
    const more = async () => {
      if (this.ended) throw new Error(`stream ended before ${what}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    };
    await until(predicate, more, { what, seen: () => this.raw.split('\n\n') });
  }

  /** Wait for the n-th (1-based) event named `name` and return it. */
  async next(name: string, n = 1): Promise<SseEvent> {
    await this.until(
      () => this.events.filter((e) => e.event === name).length >= n,
      `event ${name}`,
    );
    const found = this.events.filter((e) => e.event === name)[n - 1];
    if (!found) throw new Error('unreachable');
    return found;
  }

  /** Wait until the stream ends. */
  async closed(): Promise<void> {
    await this.done;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private partial = '';
  private currentEvent = '';
  private currentData: string[] = [];

  private feed(text: string): void {
    this.partial += text;
    let nl: number;
    while ((nl = this.partial.indexOf('\n')) >= 0) {
      const line = this.partial.slice(0, nl);
      this.partial = this.partial.slice(nl + 1);
      if (line === '') {
        if (this.currentData.length > 0) {
          this.events.push({
            event: this.currentEvent || 'message',
            data: this.currentData.join('\n'),
          });
        }
        this.currentEvent = '';
        this.currentData = [];
      } else if (line.startsWith('event:')) {
        this.currentEvent = line.slice(6).trim();
      } else if (line.startsWith('data:')) {
        this.currentData.push(line.slice(5).replace(/^ /, ''));
      }
    }
  }
}

/** Open the stream with `query` and the given headers. */
export async function openStream(
  t: TestSandbox,
  query = '',
  headers: Record<string, string> = { 'x-auth-token': t.token },
): Promise<SseReader> {
  const res = await fetch(`${t.sandbox.streamUrl}/stream${query}`, { headers });
  return new SseReader(res);
}

/** Yield to the event loop until `cond` holds (bounded). */
export async function settle(cond: () => boolean, rounds = 200): Promise<void> {
  for (let i = 0; i < rounds && !cond(); i++) await flushMicrotasks();
  if (!cond()) throw new Error('condition not reached');
}
