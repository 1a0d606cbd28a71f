/**
 * The skeleton the IRC and XMPP back-ends share: one protocol session (an IRC connection, an XMPP
 * stream) opened per attempt of the `Connection` engine, identities that are plain protocol addresses
 * (looked up without I/O), and inbound events handed to the core as they come. Each back-end
 * supplies the session, its teardown and the address rules.
 */
import type { BackendIdentity, BackendStatus, EventSink } from '../../core/backend.js';
import { systemClock, type Clock } from '../../core/clock.js';
import { toError } from '../../core/errors.js';
import type { Place, Principal, Target } from '../../core/identity.js';
import type { ChatEvent } from '../../core/message.js';
import { Connection, type Attempt, type Link } from '../../lib/connection.js';
import type { Logger } from '../../log.js';
import type { ReconnectSettings } from './reconnect-settings.js';

/** What such a back-end needs from the process. */
export interface SessionBackendDeps {
  readonly logger: Logger;
  /** Time for reconnect delays, timeouts and keepalives (tests drive a manual clock). */
  readonly clock?: Clock | undefined;
  /** Random numbers in [0, 1) for the reconnect jitter; `Math.random` by default. */
  readonly random?: (() => number) | undefined;
}

/** How a subclass names itself and reconnects. */
export interface SessionBackendSetup {
  /** The back-end name (`irc`), put on every log line as `backend`. */
  readonly backend: string;
  /** The protocol's name in log lines (`IRC`). */
  readonly protocol: string;
  /** The log line for an event the core rejected. */
  readonly coreRejected: string;
  /** Reconnect backoff: first delay and cap, in milliseconds. */
  readonly reconnect: ReconnectSettings;
}

/** The shared part of a back-end that opens one protocol session per connection attempt. */
export abstract class SessionChatBackend {
  /** Identity helpers, see `BackendIdentity`: a direct conversation's channel is the person. */
  readonly identity: BackendIdentity = {
    self: () => this.selfPrincipal(),
    channelOf: (place: Place, author: Principal) =>
      place.kind === 'room' ? place.room.id : author.id,
    targetFor: (channel: string, user?: string) => Promise.resolve(this.targetFor(channel, user)),
    principalFor: (user: string) => Promise.resolve(this.principalFor(user)),
  };

  /** The back-end's logger. */
  protected readonly log: Logger;
  /** The source of time. */
  protected readonly clock: Clock;
  /** Connection attempts and the status. */
  protected readonly connection: Connection;
  private sink: EventSink | undefined;

  protected constructor(
    deps: SessionBackendDeps,
    private readonly setup: SessionBackendSetup,
  ) {
    this.log = deps.logger.child({ backend: setup.backend });
    this.clock = deps.clock ?? systemClock;
    this.connection = new Connection({
      name: setup.protocol,
      clock: this.clock,
      logger: this.log,
      backoff: setup.reconnect,
      random: deps.random,
      connect: (attempt) => this.connect(attempt),
    });
  }

  /** Connect and start delivering events to `sink`; see `ChatBackend.start`. */
  async start(sink: EventSink): Promise<void> {
    if (this.connection.running) return;
    this.sink = sink;
    await this.connection.start();
  }

  /** The current connection state. */
  status(): BackendStatus {
    return this.connection.status();
  }

  /** Resolve once the status satisfies `predicate` (at once when it already does). */
  whenStatus(predicate: (s: BackendStatus) => boolean): Promise<BackendStatus> {
    return this.connection.waitFor(predicate);
  }

  /**
   * One connection attempt, run by the engine: open a session and resolve with its link once
   * ready, or release it and reject with a short reason (never a secret).
   */
  protected abstract connect(attempt: Attempt): Promise<Link>;

  /** The bot itself. */
  protected abstract selfPrincipal(): Principal;

  /** Where an announcement for st2's `channel` (and `user`) goes, or undefined. */
  protected abstract targetFor(channel: string, user?: string): Target | undefined;

  /** The person st2 names `user`, or undefined. */
  protected abstract principalFor(user: string): Principal | undefined;

  /** A direct target for the person st2 names `user`, or undefined when there is none. */
  protected directTo(user: string | undefined): Target | undefined {
    const person = user ? this.principalFor(user) : undefined;
    return person ? { kind: 'direct', user: person } : undefined;
  }

  /** Hand one inbound event to the core; a rejection is logged, never thrown. */
  protected deliver(event: ChatEvent): void {
    const sink = this.sink;
    if (!sink) return;
    sink.receive(event).catch((error: unknown) => {
      this.log.error({ err: toError(error) }, this.setup.coreRejected);
    });
  }
}
