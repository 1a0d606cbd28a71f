/**
 * The IRC back-end: one irc-framework connection, channels and private messages.
 *
 * Identities: a person is their nick (case-folded with the server's case mapping); the ACL key is
 * the services account when the server reports one (IRCv3 account-tag, extended-join,
 * account-notify), else the nick. A room is its channel name. Outgoing lines are cut to the
 * 512-byte protocol limit and paced through a token bucket.
 */
import IRC from 'irc-framework';
import type { BackendCaps, ChatBackend } from '../../core/backend.js';
import { toError } from '../../core/errors.js';
import type { Principal, Room, Target } from '../../core/identity.js';
import type { OutgoingMessage, SentMessage } from '../../core/message.js';
import { linkEnd, type Attempt, type Link } from '../../lib/connection.js';
import { PendingAnswers } from '../shared/pending-answers.js';
import { SessionChatBackend, type SessionBackendDeps } from '../shared/session-backend.js';
import { withTimeout } from '../shared/timeout.js';
import type { IrcSettings } from './settings.js';
import { ircLines, lineBudget, stripMention, withMention } from './format.js';
import { TokenBucket } from './pacing.js';

const CONNECT_TIMEOUT_MS = 30_000;
const JOIN_TIMEOUT_MS = 20_000;
const NICK_RE = /^[A-Za-z[\]\\`_^{|}][A-Za-z0-9[\]\\`_^{|}-]*$/;

/** What the IRC back-end needs from the process (the clock also paces outgoing lines). */
export type IrcBackendDeps = SessionBackendDeps;

/** The IRC back-end. */
export class IrcBackend extends SessionChatBackend implements ChatBackend {
  readonly name = 'irc';
  readonly caps: BackendCaps = {
    length: { max: 400, unit: 'bytes' },
    threads: false,
    rich: false,
    directMessages: true,
  };

  private readonly settings: IrcSettings;
  private readonly bucket: TokenBucket;
  private readonly accounts = new Map<string, string>();
  private readonly joined = new Set<string>();
  private readonly pendingJoins: PendingAnswers;
  private irc: IRC.Client | undefined;
  private endLink: ((reason: string) => void) | undefined;
  private registered = false;
  private aborter = new AbortController();
  private queue: Promise<void> = Promise.resolve();
  private currentNick: string;
  private written = 0;

  constructor(settings: IrcSettings, deps: IrcBackendDeps) {
    super(deps, {
      backend: 'irc',
      protocol: 'IRC',
      coreRejected: 'the core rejected an IRC event',
      reconnect: settings.reconnect,
    });
    this.settings = settings;
    this.pendingJoins = new PendingAnswers(this.clock);
    this.bucket = new TokenBucket(
      this.clock,
      settings.flood.messages,
      (settings.flood.perSeconds * 1000) / settings.flood.messages,
    );
    this.currentNick = settings.nick;
  }

  /** PRIVMSG lines written to the server so far (for metrics and pacing tests). */
  get linesWritten(): number {
    return this.written;
  }

  async stop(): Promise<void> {
    const irc = this.irc;
    this.irc = undefined;
    this.resetConnectionState('stopped');
    this.connection.stop();
    if (irc) await this.dispose(irc);
  }

  /** The channels the bot is in right now (case-folded). */
  joinedChannels(): string[] {
    return [...this.joined];
  }

  send(target: Target, message: OutgoingMessage): Promise<SentMessage> {
    const irc = this.irc;
    if (!irc || !this.registered || !irc.connected) {
      return Promise.reject(new Error('IRC is not connected'));
    }
    const dest = target.kind === 'room' ? target.room.id : target.user.id;
    const text =
      target.kind === 'room' ? withMention(message.text, message.mention?.name) : message.text;
    const lines = ircLines(
      text,
      lineBudget({
        nick: irc.user.nick,
        username: this.settings.username,
        host: irc.user.host,
        target: dest,
      }),
    );
    const signal = this.aborter.signal;
    // One queue for every send keeps lines in order across concurrent replies.
    const run = this.queue.then(async () => {
      for (const line of lines) {
        await this.bucket.take(signal);
        if (this.irc !== irc || !irc.connected)
          throw new Error('IRC connection lost while sending');
        irc.raw('PRIVMSG', dest, line);
        this.written++;
      }
      return {};
    });
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private lower(s: string): string {
    return this.irc ? this.irc.caseLower(s) : s.toLowerCase();
  }

  private isChannel(name: string): boolean {
    return this.irc ? this.irc.network.isChannelName(name) : /^[#&+!]/.test(name);
  }

  private principal(nick: string): Principal {
    const id = this.lower(nick);
    return { backend: this.name, id, name: nick, aclKey: this.accounts.get(id) ?? id };
  }

  private room(channel: string): Room {
    const id = this.lower(channel);
    return { backend: this.name, id, name: channel, aclKey: id };
  }

  protected selfPrincipal(): Principal {
    return this.principal(this.currentNick);
  }

  protected targetFor(channel: string, user?: string): Target | undefined {
    if (!channel) return this.directTo(user);
    if (this.isChannel(channel)) {
      // eslint-disable-next-line no-control-regex -- BEL is one of the characters a channel cannot hold
      return /[\s,\u0007]/.test(channel) ? undefined : { kind: 'room', room: this.room(channel) };
    }
    return this.directTo(channel);
  }

  /** A person from st2's `user`: a nick, or a services account the bot has seen in use. */
  protected principalFor(user: string): Principal | undefined {
    for (const [nick, account] of this.accounts) {
      if (account === user) return this.principal(nick);
    }
    return NICK_RE.test(user) ? this.principal(user) : undefined;
  }

  private connectOptions(): IRC.ConnectOptions {
    const s = this.settings;
    return {
      host: s.server,
      port: s.port,
      tls: s.tls,
      rejectUnauthorized: s.tlsVerify,
      nick: s.nick,
      username: s.username,
      gecos: s.realname,
      ...(s.password ? { password: s.password } : {}),
      // Without explicit SASL credentials irc-framework would try the server password as SASL.
      account: s.sasl ? { account: s.sasl.account, password: s.sasl.password } : {},
      sasl_disconnect_on_fail: s.sasl !== undefined,
      auto_reconnect: false,
      version: null,
      message_max_length: 510,
    };
  }

  protected async connect(attempt: Attempt): Promise<Link> {
    const irc = new IRC.Client();
    this.irc = irc;
    this.aborter = new AbortController();
    const { link, end } = linkEnd();
    this.endLink = end;
    const failure = { reason: 'connection lost' };
    const registered = new Promise<void>((resolve, reject) => {
      irc.once('registered', () => {
        resolve();
      });
      irc.once('close', () => {
        reject(new Error(failure.reason));
      });
    });
    this.listen(irc, failure);
    try {
      irc.connect(this.connectOptions());
      await withTimeout(this.clock, CONNECT_TIMEOUT_MS, registered, () => {
        failure.reason = 'connection timed out';
        return new Error(failure.reason);
      });
      if (this.irc !== irc) throw new Error(failure.reason);
      this.registered = true;
      this.currentNick = irc.user.nick;
      attempt.progress('joining channels');
      await this.joinChannels(irc);
      if (this.irc !== irc) throw new Error(failure.reason);
      this.log.info({ nick: this.currentNick, channels: [...this.joined] }, 'connected to IRC');
      return link;
    } catch (error) {
      const reason = toError(error).message;
      this.drop(irc, reason);
      throw new Error(reason, { cause: error });
    }
  }

  private listen(irc: IRC.Client, failure: { reason: string }): void {
    const current = () => this.irc === irc;
    irc.on('socket close', (error) => {
      if (current() && error instanceof Error) {
        failure.reason = (error as { code?: string }).code ?? error.message;
      }
    });
    irc.on('sasl failed', (event) => {
      if (current()) {
        failure.reason = 'auth failed';
        this.log.warn({ reason: event.reason }, 'IRC SASL authentication failed');
      }
    });
    irc.on('nick in use', () => {
      if (!current() || this.registered) return;
      const next = `${irc.user.nick}_`;
      this.log.warn({ nick: irc.user.nick, next }, 'IRC nick in use; trying another');
      irc.changeNick(next);
    });
    irc.on('irc error', (event) => {
      if (!current()) return;
      const channel = event.channel ? this.lower(event.channel) : undefined;
      if (!channel || !this.pendingJoins.reject(channel, event.reason ?? event.error)) {
        this.log.debug({ error: event.error, reason: event.reason }, 'IRC error reply');
      }
    });
    irc.on('close', () => {
      if (current() && this.registered) this.drop(irc, failure.reason);
    });
    irc.on('join', (event) => {
      if (current()) this.onJoin(irc, event);
    });
    irc.on('account', (event) => {
      if (current()) this.setAccount(event.nick, event.account);
    });
    irc.on('nick', (event) => {
      if (!current()) return;
      const old = this.lower(event.nick);
      const account = this.accounts.get(old);
      this.accounts.delete(old);
      if (account) this.accounts.set(this.lower(event.new_nick), account);
      if (irc.caseCompare(event.nick, this.currentNick)) this.currentNick = event.new_nick;
    });
    irc.on('quit', (event) => {
      if (current()) this.accounts.delete(this.lower(event.nick));
    });
    irc.on('kick', (event) => {
      if (current() && irc.caseCompare(event.kicked, irc.user.nick)) {
        this.joined.delete(this.lower(event.channel));
        this.log.warn({ channel: event.channel }, 'kicked from an IRC channel');
      }
    });
    irc.on('privmsg', (event) => {
      if (current()) this.onPrivmsg(irc, event);
    });
  }

  private setAccount(nick: string, account: string | false | undefined): void {
    if (account === undefined) return;
    const id = this.lower(nick);
    if (account) this.accounts.set(id, account);
    else this.accounts.delete(id);
  }

  private onJoin(irc: IRC.Client, event: IRC.JoinEvent): void {
    this.setAccount(event.nick, event.account);
    if (!irc.caseCompare(event.nick, irc.user.nick)) return;
    const channel = this.lower(event.channel);
    this.joined.add(channel);
    this.pendingJoins.resolve(channel);
  }

  private async joinChannels(irc: IRC.Client): Promise<void> {
    await Promise.all(
      this.settings.channels.map(async ({ name, key }) => {
        const channel = this.lower(name);
        try {
          await this.pendingJoins.wait(
            channel,
            undefined,
            JOIN_TIMEOUT_MS,
            'no answer from the server',
            () => {
              irc.join(name, key);
            },
          );
        } catch (error) {
          if (this.irc === irc) {
            this.log.warn({ channel: name, reason: toError(error).message }, 'could not join');
          }
        }
      }),
    );
  }

  private onPrivmsg(irc: IRC.Client, event: IRC.MessageEvent): void {
    if (event.from_server || !event.nick) return;
    if (irc.caseCompare(event.nick, irc.user.nick)) return;
    if (typeof event.account === 'string' && event.account) {
      this.setAccount(event.nick, event.account);
    }
    const author = this.principal(event.nick);
    const messageId = typeof event.tags.msgid === 'string' ? event.tags.msgid : undefined;
    if (this.isChannel(event.target)) {
      const { text, mentioned } = stripMention(event.message, irc.user.nick);
      this.deliver({
        author,
        place: { kind: 'room', room: this.room(event.target) },
        text,
        mentionsBot: mentioned,
        messageId,
        raw: { nick: event.nick, account: this.accounts.get(author.id) },
      });
    } else if (irc.caseCompare(event.target, irc.user.nick)) {
      this.deliver({
        author,
        place: { kind: 'direct' },
        text: event.message,
        messageId,
        raw: { nick: event.nick, account: this.accounts.get(author.id) },
      });
    }
  }

  private resetConnectionState(reason: string): void {
    this.registered = false;
    this.aborter.abort(new Error(`IRC ${reason}`));
    this.joined.clear();
    this.accounts.clear();
    this.pendingJoins.rejectAll(reason);
  }

  /** The connection is gone: forget its state and end its link (the engine reconnects). */
  private drop(irc: IRC.Client, reason: string): void {
    if (this.irc !== irc) return;
    this.irc = undefined;
    this.resetConnectionState(reason);
    void this.dispose(irc);
    this.endLink?.(reason);
  }

  private dispose(irc: IRC.Client): Promise<void> {
    if (!irc.connected) {
      // Still connecting (or already closed): close the socket without waiting for it.
      irc.quit();
      irc.removeAllListeners();
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      irc.once('close', () => {
        irc.removeAllListeners();
        resolve();
      });
      irc.quit('stormbot stopping');
    });
  }
}
