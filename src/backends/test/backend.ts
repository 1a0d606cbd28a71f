/**
 * The in-memory test back-end: a first-class back-end that every test uses.
 *
 * `await backend.say('!st2 greet Hi', { user: 'alice', room: '#ops' })` delivers a message and
 * resolves, once the bot has finished handling it, to the replies it caused. Messages the bot
 * sends later (announcements) are recorded in `sent` and can be awaited with `waitFor`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type {
  BackendCaps,
  BackendIdentity,
  BackendStatus,
  ChatBackend,
  EventSink,
} from '../../core/backend.js';
import type { Principal, Room, Target } from '../../core/identity.js';
import type { ChatEvent, OutgoingMessage, SentMessage } from '../../core/message.js';
import { plainIdentity, plainPrincipal, plainRoom } from '../shared/plain-identity.js';

/** A message as the test back-end received it from the core, returned from `say`. */
export interface RecordedMessage {
  readonly target: Target;
  readonly message: OutgoingMessage;
}

/** Options of the test back-end. */
export interface TestBackendOptions {
  /** Overrides of the default caps (4000 characters, threads, no rich, DMs). */
  readonly caps?: Partial<BackendCaps> | undefined;
  /** The bot's own user id (default `stormbot`). */
  readonly botId?: string | undefined;
}

/** Who says something, and where, in `say`. */
export interface SayOptions {
  /** The author's id (also name and ACL key); default `alice`. */
  readonly user?: string | undefined;
  /** The room id; omitted means a direct message to the bot. */
  readonly room?: string | undefined;
  /** The thread the message is in. */
  readonly threadId?: string | undefined;
  /** The message id (default: a counter). */
  readonly messageId?: string | undefined;
  /** Mark the message as mentioning the bot natively. */
  readonly mentionsBot?: boolean | undefined;
}

/** A message waiter registered by `waitFor`. */
interface Waiter {
  readonly predicate: (m: RecordedMessage) => boolean;
  readonly resolve: (m: RecordedMessage) => void;
}

/** The in-memory back-end. */
export class TestBackend implements ChatBackend {
  readonly name = 'test';
  readonly caps: BackendCaps;
  /** Every message the bot sent, in order. */
  readonly sent: RecordedMessage[] = [];
  /** When set, `send` rejects with this error (simulates the chat being down). */
  failSends: Error | undefined;
  private sink: EventSink | undefined;
  private connected = false;
  private counter = 0;
  private readonly botId: string;
  private readonly collector = new AsyncLocalStorage<RecordedMessage[]>();
  private waiters: Waiter[] = [];
  private attemptWaiters: ((m: RecordedMessage) => void)[] = [];

  readonly identity: BackendIdentity = plainIdentity(this.name, () => this.botId);

  constructor(options: TestBackendOptions = {}) {
    this.caps = {
      length: { max: 4000, unit: 'chars' },
      threads: true,
      rich: false,
      directMessages: true,
      ...options.caps,
    };
    this.botId = options.botId ?? 'stormbot';
  }

  start(sink: EventSink): Promise<void> {
    this.sink = sink;
    this.connected = true;
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.connected = false;
    return Promise.resolve();
  }

  status(): BackendStatus {
    return this.connected ? { connected: true } : { connected: false, detail: 'stopped' };
  }

  send(target: Target, message: OutgoingMessage): Promise<SentMessage> {
    const record: RecordedMessage = { target, message };
    for (const resolve of this.attemptWaiters.splice(0)) resolve(record);
    if (this.failSends) return Promise.reject(this.failSends);
    this.sent.push(record);
    this.collector.getStore()?.push(record);
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.predicate(record)) w.resolve(record);
      else still.push(w);
    }
    this.waiters = still;
    return Promise.resolve({ messageId: `sent-${++this.counter}` });
  }

  /** A test principal: id, name and ACL key are all `id`. */
  principal(id: string): Principal {
    return plainPrincipal(this.name, id);
  }

  /** A test room: id, name and ACL key are all `id`. */
  room(id: string): Room {
    return plainRoom(this.name, id);
  }

  /** Build the event `say` would deliver, for tests that call the sink themselves. */
  event(text: string, options: SayOptions = {}): ChatEvent {
    return {
      author: this.principal(options.user ?? 'alice'),
      place: options.room ? { kind: 'room', room: this.room(options.room) } : { kind: 'direct' },
      text,
      messageId: options.messageId ?? `msg-${++this.counter}`,
      threadId: options.threadId,
      mentionsBot: options.mentionsBot,
    };
  }

  /**
   * Deliver a message from a person and resolve to the messages the bot sent while handling it.
   */
  async say(text: string, options: SayOptions = {}): Promise<RecordedMessage[]> {
    return this.deliver(this.event(text, options));
  }

  /** Deliver a prepared event and resolve to the messages sent while handling it. */
  async deliver(event: ChatEvent): Promise<RecordedMessage[]> {
    const sink = this.sink;
    if (!sink) throw new Error('the test back-end is not started');
    const replies: RecordedMessage[] = [];
    await this.collector.run(replies, () => sink.receive(event));
    return replies;
  }

  /** Resolve with the next message the bot tries to send, whether or not the send succeeds. */
  nextAttempt(): Promise<RecordedMessage> {
    return new Promise((resolve) => this.attemptWaiters.push(resolve));
  }

  /**
   * Resolve with the first message (already sent or sent later) that satisfies `predicate`.
   * Messages already in `sent` from index `from` on are checked first.
   */
  waitFor(predicate: (m: RecordedMessage) => boolean, from = 0): Promise<RecordedMessage> {
    const existing = this.sent.slice(from).find(predicate);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve) => this.waiters.push({ predicate, resolve }));
  }
}
