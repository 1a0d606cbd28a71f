/**
 * The skeleton the Slack and Mattermost back-ends share: the connection kept up by the
 * `Connection` engine (start, stop, status), identities answered from a `ChatDirectory`, and inbound
 * messages handed to the core in order through an `InboundQueue`. Each back-end supplies its
 * clients, the connect and disconnect steps, and how st2's channel strings map to targets.
 */
import type { BackendIdentity, BackendStatus, EventSink } from '../../core/backend.js';
import { systemClock, type Clock } from '../../core/clock.js';
import type { Place, Principal, Target } from '../../core/identity.js';
import { Connection, linkEnd, type Attempt, type Link } from '../../lib/connection.js';
import type { Logger } from '../../log.js';
import type { ChatDirectory } from './directory.js';
import { InboundQueue } from './inbound-queue.js';

/** What such a back-end needs from the process. */
export interface ApiBackendDeps {
  /** The process logger. */
  readonly logger: Logger;
  /** The clock for reconnect backoff, timeouts and name caches (default: the system clock). */
  readonly clock?: Clock | undefined;
  /** Random numbers in [0, 1) for the reconnect jitter; `Math.random` by default. */
  readonly random?: (() => number) | undefined;
}

/** How a subclass names itself. */
export interface ApiBackendNames {
  /** The back-end name (`slack`), put on every log line as `backend`. */
  readonly backend: string;
  /** The chat's name in errors (`Slack`). */
  readonly chat: string;
  /** The log line for an inbound message that could not be handled. */
  readonly inboundFailure: string;
}

/** The shared part of a back-end for a hosted chat reached over its API. */
export abstract class ApiChatBackend<D extends ChatDirectory> {
  /** Identity helpers, see `BackendIdentity`. */
  readonly identity: BackendIdentity = {
    self: () => this.selfPrincipal,
    channelOf: (place: Place, author: Principal) =>
      place.kind === 'room' ? place.room.id : (this.directory?.directOf(author.id) ?? author.id),
    targetFor: (channel: string, user?: string) => this.targetFor(channel, user),
    principalFor: (user: string) => this.requireDirectory().findPrincipal(user),
  };

  /** The back-end's logger. */
  protected readonly logger: Logger;
  /** The source of time. */
  protected readonly clock: Clock;
  /** Inbound messages on their way to the core. */
  protected readonly inbound: InboundQueue;
  /** People and rooms, once the clients exist. */
  protected directory: D | undefined;
  /** The bot itself, once connected. */
  protected selfPrincipal: Principal | undefined;
  /** Where inbound events go, once started. */
  protected sink: EventSink | undefined;
  private readonly connection: Connection;
  private endLink: ((reason: string) => void) | undefined;

  protected constructor(
    deps: ApiBackendDeps,
    private readonly names: ApiBackendNames,
  ) {
    this.logger = deps.logger.child({ backend: names.backend });
    this.clock = deps.clock ?? systemClock;
    this.inbound = new InboundQueue(this.logger, names.inboundFailure);
    this.connection = new Connection({
      name: names.chat,
      clock: this.clock,
      logger: this.logger,
      random: deps.random,
      connect: (attempt) => this.attempt(attempt),
    });
  }

  /** Create the clients and connect; see `ChatBackend.start`. */
  async start(sink: EventSink): Promise<void> {
    this.sink = sink;
    await this.createClients();
    await this.connection.start();
  }

  /** Disconnect and stop reconnecting; idempotent. */
  async stop(): Promise<void> {
    if (!this.connection.running) return;
    this.endLink = undefined;
    this.connection.stop();
    await this.disconnect();
  }

  /** The current connection state. */
  status(): BackendStatus {
    return this.connection.status();
  }

  /** Resolve with the first status (now or later) that satisfies `predicate`. */
  whenStatus(predicate: (status: BackendStatus) => boolean): Promise<BackendStatus> {
    return this.connection.waitFor(predicate);
  }

  /** Create the API and push clients (once; `start` may run again after `stop`). */
  protected abstract createClients(): Promise<void>;

  /** One connection attempt: resolves once connected, rejects when it failed. */
  protected abstract connect(): Promise<void>;

  /** Close the push connection; must not reject. */
  protected abstract disconnect(): Promise<void>;

  /** Where an announcement for st2's `channel` (and `user`) goes, or undefined. */
  protected abstract targetFor(channel: string, user?: string): Promise<Target | undefined>;

  /** The established connection was lost: reconnect with backoff. */
  protected dropped(reason: string): void {
    const end = this.endLink;
    this.endLink = undefined;
    end?.(reason);
  }

  /** A direct target for the person st2 names `user`, or undefined when unknown. */
  protected async directTo(user: string): Promise<Target | undefined> {
    const person = await this.requireDirectory().findPrincipal(user);
    return person ? { kind: 'direct', user: person } : undefined;
  }

  /** Who wrote a message and where: the author, and the room or the direct conversation. */
  protected async authorAndPlace(
    userId: string,
    channelId: string,
    direct: boolean,
  ): Promise<{ author: Principal; place: Place }> {
    const directory = this.requireDirectory();
    const author = await directory.principal(userId);
    if (direct) {
      directory.rememberDirect(userId, channelId);
      return { author, place: { kind: 'direct' } };
    }
    return { author, place: { kind: 'room', room: await directory.room(channelId) } };
  }

  /** One attempt for the engine: a failed or stopped one leaves the push connection closed. */
  private async attempt(attempt: Attempt): Promise<Link> {
    try {
      await this.connect();
      attempt.signal.throwIfAborted();
    } catch (error) {
      await this.disconnect();
      throw error;
    }
    const { link, end } = linkEnd();
    this.endLink = end;
    this.logger.info(`${this.names.chat} connection established`);
    return link;
  }

  /** The directory, or an error when the back-end has not been started. */
  protected requireDirectory(): D {
    if (!this.directory) throw this.notStarted();
    return this.directory;
  }

  /** The error for a call that needs the clients before `start` created them. */
  protected notStarted(): Error {
    return new Error(`the ${this.names.chat} back-end is not started`);
  }
}
