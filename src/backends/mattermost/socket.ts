/**
 * A small client for Mattermost's WebSocket API (`/api/v4/websocket`): authenticate with the
 * access token (`authentication_challenge`), hand every event to a callback, ping to notice a
 * dead connection, and say when an established connection is lost. Reconnecting is the caller's.
 *
 * Used instead of `@mattermost/client`'s WebSocketClient, which needs a global `WebSocket`, logs
 * to the console and reconnects on its own timers.
 */
import type { WebSocket as WsSocket } from 'ws';
import type { Clock, TimerHandle } from '../../core/clock.js';
import type { Logger } from '../../log.js';
import { asObject } from '../shared/json.js';

/** One server event (`posted`, `hello`, `typing`…). */
export interface MattermostEvent {
  readonly event: string;
  readonly data: Record<string, unknown>;
  readonly seq?: number | undefined;
}

/** Options of a `MattermostSocket`. */
export interface MattermostSocketOptions {
  /** The WebSocket endpoint (`wss://chat.example.com/api/v4/websocket`). */
  readonly url: string;
  /** The access token. */
  readonly token: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The `ws` package's WebSocket class (loaded lazily by the back-end). */
  readonly WebSocket: typeof WsSocket;
  /** Called for every event of an authenticated connection. */
  readonly onEvent: (event: MattermostEvent) => void;
  /** Called once when an authenticated connection is lost (not after `close`). */
  readonly onDrop: (reason: string) => void;
  /** How often to ping (default 30 s); a ping unanswered by the next one drops the connection. */
  readonly pingIntervalMs?: number | undefined;
  /** How long connecting and authenticating may take (default 30 s). */
  readonly connectTimeoutMs?: number | undefined;
}

/** The WebSocket connection to a Mattermost server. */
export class MattermostSocket {
  private ws: WsSocket | undefined;
  private seq = 0;
  private pingTimer: TimerHandle | undefined;
  private awaitingPong: number | undefined;
  private connectionId = '';
  private nextEventSeq = 0;

  constructor(private readonly options: MattermostSocketOptions) {}

  /** Open and authenticate a connection; rejects when either fails. */
  connect(): Promise<void> {
    this.close();
    const { clock, token, connectTimeoutMs = 30_000 } = this.options;
    const url = new URL(this.options.url);
    if (this.connectionId) {
      // Lets the server replay events missed while disconnected, when it still has them.
      url.searchParams.set('connection_id', this.connectionId);
      url.searchParams.set('sequence_number', String(this.nextEventSeq));
    }
    const ws = new this.options.WebSocket(url);
    this.ws = ws;
    this.seq = 0;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const timeout = clock.setTimeout(() => {
        fail(new Error('Mattermost did not authenticate the WebSocket in time'));
      }, connectTimeoutMs);
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        timeout.cancel();
        ws.removeAllListeners();
        ws.on('error', () => undefined);
        ws.terminate();
        if (this.ws === ws) this.ws = undefined;
        reject(error);
      };
      const authSeq = this.nextSeq();
      ws.on('open', () => {
        ws.send(
          JSON.stringify({ seq: authSeq, action: 'authentication_challenge', data: { token } }),
        );
      });
      ws.on('message', (data: Buffer) => {
        const msg = parse(data.toString('utf8'));
        if (!msg) {
          this.options.logger.debug('skipped a malformed Mattermost WebSocket message');
          return;
        }
        if (msg.seq_reply === authSeq && !settled) {
          if (msg.status !== 'OK') {
            fail(new Error('Mattermost refused the WebSocket authentication'));
            return;
          }
          settled = true;
          timeout.cancel();
          this.schedulePing();
          resolve();
          return;
        }
        this.onMessage(msg);
      });
      ws.on('error', (error: Error) => {
        this.options.logger.debug({ reason: error.message }, 'Mattermost WebSocket error');
        fail(new Error(`WebSocket error: ${error.message}`));
      });
      ws.on('close', (code: number) => {
        if (!settled) {
          fail(new Error(`WebSocket closed before authentication (${code})`));
          return;
        }
        this.dropped(ws, `WebSocket closed (${code})`);
      });
    });
  }

  /** Close the connection without reporting a drop; idempotent. */
  close(): void {
    this.pingTimer?.cancel();
    this.pingTimer = undefined;
    const ws = this.ws;
    this.ws = undefined;
    if (!ws) return;
    ws.removeAllListeners();
    ws.on('error', () => undefined);
    ws.terminate();
  }

  private onMessage(msg: Record<string, unknown>): void {
    if (typeof msg.seq_reply === 'number') {
      if (msg.seq_reply === this.awaitingPong) this.awaitingPong = undefined;
      return;
    }
    if (typeof msg.event !== 'string') return;
    const data = asObject(msg.data) ?? {};
    if (typeof msg.seq === 'number') this.nextEventSeq = msg.seq + 1;
    if (msg.event === 'hello' && typeof data.connection_id === 'string') {
      this.connectionId = data.connection_id;
    }
    this.options.onEvent({
      event: msg.event,
      data,
      seq: typeof msg.seq === 'number' ? msg.seq : undefined,
    });
  }

  private schedulePing(): void {
    const interval = this.options.pingIntervalMs ?? 30_000;
    this.pingTimer = this.options.clock.setTimeout(() => {
      const ws = this.ws;
      if (!ws) return;
      if (this.awaitingPong !== undefined) {
        this.dropped(ws, 'no answer to ping');
        return;
      }
      const seq = this.nextSeq();
      this.awaitingPong = seq;
      ws.send(JSON.stringify({ seq, action: 'ping', data: {} }));
      this.schedulePing();
    }, interval);
  }

  private dropped(ws: WsSocket, reason: string): void {
    if (this.ws !== ws) return;
    this.close();
    this.awaitingPong = undefined;
    this.options.onDrop(reason);
  }

  private nextSeq(): number {
    return ++this.seq;
  }
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    return asObject(JSON.parse(text));
  } catch {
    return undefined;
  }
}
