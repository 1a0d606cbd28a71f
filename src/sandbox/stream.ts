/**
 * The sandbox's st2stream: Server-Sent Events framed exactly as st2 frames them (a lone `\n`
 * first, `event:`/`data:` pairs with one-line JSON, a lone `\n` as heartbeat after
 * `heartbeatMs` without activity), with st2's `events` / `action_refs` / `execution_ids` /
 * `end_event` filters.
 */
import type { ServerResponse } from 'node:http';
import { fnmatch } from '../acl/index.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import type { Logger } from '../log.js';

/** st2's default event whitelist, used when a client sends no `events`. */
export const DEFAULT_STREAM_EVENTS = [
  'st2.announcement__*',
  'st2.execution__create',
  'st2.execution__update',
  'st2.execution__delete',
  'st2.liveaction__create',
  'st2.liveaction__update',
  'st2.liveaction__delete',
] as const;

const COMPLETED = new Set(['succeeded', 'failed', 'timeout', 'canceled', 'abandoned']);

/** The query filters of `GET /stream`. */
export interface StreamFilter {
  /** Glob patterns matched against the event name; undefined means the default whitelist. */
  readonly events?: readonly string[] | undefined;
  readonly actionRefs?: readonly string[] | undefined;
  readonly executionIds?: readonly string[] | undefined;
  readonly endEvent?: string | undefined;
  readonly endExecutionId?: string | undefined;
}

interface Client {
  readonly res: ServerResponse;
  readonly filter: StreamFilter;
  timer: TimerHandle | undefined;
  silent: boolean;
}

/** Open SSE connections and the fan-out of published events. */
export class StreamHub {
  private readonly clients = new Set<Client>();

  constructor(
    private readonly clock: Clock,
    private readonly heartbeatMs: number,
    private readonly logger: Logger,
  ) {}

  /** Number of open connections (silenced ones included). */
  get size(): number {
    return this.clients.size;
  }

  /**
   * Take over `res` as an event stream: write the head (with `headers` added) and the first
   * lone newline, then keep it until the client leaves or the hub drops it.
   */
  attach(res: ServerResponse, filter: StreamFilter, headers: Record<string, string>): void {
    res.writeHead(200, {
      ...headers,
      'Content-Type': 'text/event-stream; charset=UTF-8',
      'Cache-Control': 'no-cache',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    const client: Client = { res, filter, timer: undefined, silent: false };
    this.clients.add(client);
    res.on('close', () => {
      client.timer?.cancel();
      this.clients.delete(client);
    });
    // A write racing a client that just left must not become an unhandled error.
    res.on('error', (error) => {
      this.logger.debug({ err: error }, 'sandbox stream write failed');
    });
    res.write('\n');
    this.arm(client);
  }

  /** Send `event` with `data` to every connection whose filters accept it. */
  publish(event: string, data: unknown): void {
    const line = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const client of this.clients) {
      if (client.silent || !writable(client.res)) continue;
      // Any activity on the internal queue resets the heartbeat, delivered or filtered out.
      this.arm(client);
      if (!accepts(client.filter, event, data)) continue;
      client.res.write(line);
      if (isEndEvent(client.filter, event, data)) this.drop(client, 'end');
    }
  }

  /** Close every connection abruptly (the socket is destroyed, no final chunk). */
  cut(): void {
    for (const client of [...this.clients]) this.drop(client, 'cut');
  }

  /** Make the open connections go quiet: no events, no heartbeats, socket left open. */
  silence(): void {
    for (const client of this.clients) {
      client.silent = true;
      client.timer?.cancel();
      client.timer = undefined;
    }
  }

  /** Drop every connection (shutdown). */
  close(): void {
    this.cut();
  }

  private arm(client: Client): void {
    client.timer?.cancel();
    client.timer = this.clock.setTimeout(() => {
      client.timer = undefined;
      if (client.silent || !writable(client.res)) return;
      client.res.write('\n');
      this.arm(client);
    }, this.heartbeatMs);
  }

  private drop(client: Client, why: 'cut' | 'end'): void {
    client.timer?.cancel();
    client.timer = undefined;
    this.clients.delete(client);
    if (why === 'end') client.res.end();
    else client.res.destroy();
    this.logger.debug({ why }, 'sandbox stream connection dropped');
  }
}

function writable(res: ServerResponse): boolean {
  return !res.destroyed && !res.writableEnded;
}

function accepts(filter: StreamFilter, event: string, data: unknown): boolean {
  const patterns = filter.events ?? DEFAULT_STREAM_EVENTS;
  if (!patterns.some((p) => fnmatch(event, p))) return false;
  if (filter.actionRefs) {
    const ref = actionRefOf(event, data);
    if (ref === undefined || !filter.actionRefs.includes(ref)) return false;
  }
  if (filter.executionIds) {
    const id = executionIdOf(event, data);
    if (id === undefined || !filter.executionIds.includes(id)) return false;
  }
  return true;
}

function isEndEvent(filter: StreamFilter, event: string, data: unknown): boolean {
  if (filter.endEvent === undefined || filter.endExecutionId === undefined) return false;
  if (event !== filter.endEvent) return false;
  const body = asRecord(data);
  return body?.id === filter.endExecutionId && COMPLETED.has(String(body.status));
}

function actionRefOf(event: string, data: unknown): string | undefined {
  const body = asRecord(data);
  if (!body) return undefined;
  if (event.startsWith('st2.execution.output__')) return str(body.action_ref);
  if (event.startsWith('st2.execution__')) return str(asRecord(body.action)?.ref);
  if (event.startsWith('st2.liveaction__')) return str(body.action);
  return undefined;
}

function executionIdOf(event: string, data: unknown): string | undefined {
  const body = asRecord(data);
  if (!body) return undefined;
  if (event.startsWith('st2.execution.output__')) return str(body.execution_id);
  if (event.startsWith('st2.execution__')) return str(body.id);
  return undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
