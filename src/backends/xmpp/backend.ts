/**
 * The XMPP back-end: one client connection (@xmpp/client), one-to-one chats and MUC rooms.
 *
 * Identities: a person is their bare JID. In a room, an occupant is mapped to the real bare JID
 * when the room discloses it (non-anonymous rooms, or rooms the bot moderates); otherwise the
 * occupant JID `room@service/nick` is the identity. A room is its bare JID. History replayed on
 * join (`<delay>`) and the bot's own messages are ignored.
 */
import { randomUUID } from 'node:crypto';
import { client, xml, type Client } from '@xmpp/client';
import type { BackendCaps, ChatBackend } from '../../core/backend.js';
import type { TimerHandle } from '../../core/clock.js';
import { toError } from '../../core/errors.js';
import type { Principal, Room, Target } from '../../core/identity.js';
import type { OutgoingMessage, SentMessage } from '../../core/message.js';
import { linkEnd, type Attempt, type Link } from '../../lib/connection.js';
import { PendingAnswers } from '../shared/pending-answers.js';
import { SessionChatBackend, type SessionBackendDeps } from '../shared/session-backend.js';
import { withTimeout } from '../shared/timeout.js';
import { parseAddress, type Address } from './addresses.js';
import type { XmppSettings } from './settings.js';
import { stripMention, withMention, xmlSafe } from './format.js';
import { RoomRoster } from './rooms.js';

type Stanza = ReturnType<typeof xml>;

const NS_MUC = 'http://jabber.org/protocol/muc';
const NS_MUC_USER = 'http://jabber.org/protocol/muc#user';
const NS_MUC_OWNER = 'http://jabber.org/protocol/muc#owner';
const NS_DELAY = 'urn:xmpp:delay';
const NS_LEGACY_DELAY = 'jabber:x:delay';
const NS_STANZA_ID = 'urn:xmpp:sid:0';
const NS_STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas';
const CONNECT_TIMEOUT_MS = 30_000;
const JOIN_TIMEOUT_MS = 20_000;
const PING_TIMEOUT_MS = 20_000;

/** What the XMPP back-end needs from the process. */
export type XmppBackendDeps = SessionBackendDeps;

/** What a join waiting for the room's answer was sent with. */
interface PendingJoin {
  readonly nick: string;
}

function attr(el: Stanza | undefined, name: string): string | undefined {
  const value: unknown = el?.attrs[name];
  return typeof value === 'string' ? value : undefined;
}

/** The part of @xmpp/iq's caller used here (its published types do not resolve under lint). */
interface IqRequester {
  request(stanza: Stanza, timeoutMs?: number): Promise<Stanza>;
}

function iqCaller(xmpp: Client): IqRequester {
  const caller: unknown = xmpp.iqCaller;
  return caller as IqRequester;
}

function isLoopback(service: string): boolean {
  try {
    const host = new URL(service).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

/** A short reason for a failed connection, without anything secret. */
function reasonOf(error: unknown): string {
  const e = toError(error);
  if (e.name === 'SASLError') return 'auth failed';
  if ('code' in e && typeof e.code === 'string') return e.code;
  return e.message.slice(0, 120) || e.name;
}

/** The XMPP back-end. */
export class XmppBackend extends SessionChatBackend implements ChatBackend {
  readonly name = 'xmpp';
  readonly caps: BackendCaps = {
    length: { max: 10_000, unit: 'chars' },
    threads: false,
    rich: false,
    directMessages: true,
  };

  private readonly settings: XmppSettings;
  private readonly selfJid: string;
  private readonly roster = new RoomRoster();
  private readonly pendingJoins: PendingAnswers<PendingJoin>;
  private xmpp: Client | undefined;
  private endLink: ((reason: string) => void) | undefined;
  private keepaliveTimer: TimerHandle | undefined;

  constructor(settings: XmppSettings, deps: XmppBackendDeps) {
    super(deps, {
      backend: 'xmpp',
      protocol: 'XMPP',
      coreRejected: 'the core rejected an XMPP event',
      reconnect: settings.reconnect,
    });
    this.settings = settings;
    this.selfJid = settings.jid;
    this.pendingJoins = new PendingAnswers(this.clock);
  }

  async stop(): Promise<void> {
    this.keepaliveTimer?.cancel();
    this.keepaliveTimer = undefined;
    const xmpp = this.xmpp;
    this.xmpp = undefined;
    this.roster.clear();
    this.pendingJoins.rejectAll('stopped');
    this.connection.stop();
    if (xmpp) await this.dispose(xmpp);
  }

  /** The rooms the bot is in right now (bare room JIDs). */
  joinedRooms(): string[] {
    return this.roster.joinedRooms();
  }

  async send(target: Target, message: OutgoingMessage): Promise<SentMessage> {
    const xmpp = this.xmpp;
    if (!xmpp || xmpp.status !== 'online') throw new Error('XMPP is not connected');
    const id = randomUUID();
    let stanza: Stanza;
    if (target.kind === 'room') {
      const room = target.room.id;
      if (!this.roster.isJoined(room)) throw new Error(`the bot is not in the room ${room}`);
      const nick = message.mention ? this.nickIn(room, message.mention) : undefined;
      const body = xmlSafe(withMention(message.text, nick));
      stanza = xml('message', { to: room, type: 'groupchat', id }, xml('body', {}, body));
    } else {
      const body = xmlSafe(message.text);
      stanza = xml('message', { to: target.user.id, type: 'chat', id }, xml('body', {}, body));
    }
    await xmpp.send(stanza);
    return { messageId: id };
  }

  private createClient(): Client {
    const { settings } = this;
    const [username = '', domain = ''] = settings.jid.split('@');
    const password = settings.password;
    const plain = settings.allowPlainOnLoopback && isLoopback(settings.service);
    const xmpp = client({
      service: settings.service,
      domain,
      resource: settings.resource,
      ...(plain
        ? {
            credentials: (auth, mechanisms) =>
              auth(
                { username, password },
                mechanisms.includes('PLAIN')
                  ? 'PLAIN'
                  : (mechanisms.find((m) => m !== 'PLAIN') ?? mechanisms[0] ?? 'PLAIN'),
                xml('user-agent'),
              ),
          }
        : { username, password }),
    });
    // Reconnecting is ours (jittered backoff on an injectable clock, rooms re-joined).
    xmpp.reconnect.stop();
    return xmpp;
  }

  protected async connect(attempt: Attempt): Promise<Link> {
    const xmpp = this.createClient();
    this.xmpp = xmpp;
    const { link, end } = linkEnd();
    this.endLink = end;
    xmpp.on('error', (error) => {
      if (this.xmpp === xmpp) this.log.warn({ reason: reasonOf(error) }, 'XMPP error');
    });
    xmpp.on('stanza', (stanza) => {
      if (this.xmpp === xmpp) this.onStanza(xmpp, stanza);
    });
    xmpp.on('disconnect', () => {
      if (this.xmpp === xmpp) this.drop(xmpp, 'connection lost');
    });
    try {
      await withTimeout(
        this.clock,
        CONNECT_TIMEOUT_MS,
        xmpp.start(),
        () => new Error('connection timed out'),
      );
      if (this.xmpp !== xmpp) throw new Error('connection lost');
      await xmpp.send(xml('presence'));
      attempt.progress('joining rooms');
      this.scheduleKeepalive(xmpp);
      await this.joinRooms(xmpp);
      if (this.xmpp !== xmpp) throw new Error('connection lost');
      // Ready (connected) once every room answered, so nothing said there is missed.
      this.log.info({ jid: this.selfJid, rooms: this.roster.joinedRooms() }, 'connected to XMPP');
      return link;
    } catch (error) {
      const reason = reasonOf(error);
      this.drop(xmpp, reason);
      throw new Error(reason, { cause: error });
    }
  }

  /** The connection is gone: forget room state and end its link (the engine reconnects). */
  private drop(xmpp: Client, reason: string): void {
    if (this.xmpp !== xmpp) return;
    this.xmpp = undefined;
    this.keepaliveTimer?.cancel();
    this.keepaliveTimer = undefined;
    this.roster.clear();
    this.pendingJoins.rejectAll(reason);
    void this.dispose(xmpp);
    this.endLink?.(reason);
  }

  private async dispose(xmpp: Client): Promise<void> {
    try {
      if (xmpp.status === 'online') {
        await xmpp.send(xml('presence', { type: 'unavailable' }));
      }
      await xmpp.stop();
    } catch {
      // Already gone; nothing left to release but the socket.
      (xmpp.socket as { destroy?: () => void } | null)?.destroy?.();
    }
  }

  private scheduleKeepalive(xmpp: Client): void {
    const seconds = this.settings.keepaliveSeconds;
    if (seconds <= 0) return;
    this.keepaliveTimer = this.clock.setTimeout(() => {
      void this.ping(xmpp);
    }, seconds * 1000);
  }

  private async ping(xmpp: Client): Promise<void> {
    if (this.xmpp !== xmpp) return;
    const [, domain = ''] = this.selfJid.split('@');
    try {
      await iqCaller(xmpp).request(
        xml('iq', { type: 'get', to: domain }, xml('ping', { xmlns: 'urn:xmpp:ping' })),
        PING_TIMEOUT_MS,
      );
    } catch (error) {
      // An error reply still proves the stream is alive; a timeout or a write failure does not.
      if (toError(error).name !== 'StanzaError') {
        this.drop(xmpp, 'keepalive ping failed');
        return;
      }
    }
    if (this.xmpp === xmpp) this.scheduleKeepalive(xmpp);
  }

  private async joinRooms(xmpp: Client): Promise<void> {
    await Promise.all(
      this.settings.rooms.map(async (room) => {
        try {
          await this.joinRoom(xmpp, room);
          this.log.info({ room }, 'joined XMPP room');
        } catch (error) {
          if (this.xmpp === xmpp) {
            this.log.warn({ room, reason: toError(error).message }, 'could not join XMPP room');
          }
        }
      }),
    );
  }

  private async joinRoom(xmpp: Client, room: string): Promise<void> {
    let nick = this.settings.nick;
    for (let attempt = 0; ; attempt++) {
      const joined = this.pendingJoins.wait(
        room,
        { nick },
        JOIN_TIMEOUT_MS,
        'no answer from the room',
      );
      await xmpp.send(
        xml(
          'presence',
          { to: `${room}/${nick}` },
          xml('x', { xmlns: NS_MUC }, xml('history', { maxstanzas: '0' })),
        ),
      );
      try {
        await joined;
        return;
      } catch (error) {
        if (toError(error).message !== 'conflict' || attempt >= 3) throw error;
        nick = `${nick}_`;
      }
    }
  }

  private onStanza(xmpp: Client, stanza: Stanza): void {
    try {
      if (stanza.is('presence')) this.onPresence(xmpp, stanza);
      else if (stanza.is('message')) this.onMessage(stanza);
    } catch (error) {
      this.log.warn({ err: toError(error) }, 'skipped a malformed XMPP stanza');
    }
  }

  private onPresence(xmpp: Client, stanza: Stanza): void {
    const from = parseAddress(attr(stanza, 'from') ?? '');
    if (!from?.resource) return;
    const room = from.bare;
    const pending = this.pendingJoins.get(room);
    const type = attr(stanza, 'type');
    if (type === 'error') {
      if (pending && pending.nick === from.resource) {
        const condition =
          stanza
            .getChild('error')
            ?.children.find(
              (c): c is Stanza => typeof c !== 'string' && attr(c, 'xmlns') === NS_STANZAS,
            )?.name ?? 'error';
        this.pendingJoins.reject(room, condition);
      }
      return;
    }
    const x = stanza.getChild('x', NS_MUC_USER);
    if (!x) return;
    const codes = x.getChildren('status').map((s) => attr(s, 'code'));
    const item = x.getChild('item');
    const real = parseAddress(attr(item, 'jid') ?? '')?.bare;
    const isSelf =
      codes.includes('110') ||
      (pending !== undefined && pending.nick === from.resource && real === this.selfJid);
    const newNick = codes.includes('303') ? attr(item, 'nick') : undefined;

    if (type === 'unavailable') {
      if (isSelf && newNick) this.roster.joined(room, newNick);
      else if (isSelf) {
        this.roster.forget(room);
        this.log.warn({ room, codes }, 'removed from XMPP room');
      } else {
        this.roster.left(room, from.resource);
        if (newNick) this.roster.present(room, newNick, real);
      }
      return;
    }
    if (!isSelf) {
      this.roster.present(room, from.resource, real);
      return;
    }
    this.roster.joined(room, from.resource);
    if (codes.includes('201')) void this.unlockRoom(xmpp, room);
    this.pendingJoins.resolve(room);
  }

  /** Accept the default configuration of a room the bot just created (XEP-0045 "instant room"). */
  private async unlockRoom(xmpp: Client, room: string): Promise<void> {
    try {
      await iqCaller(xmpp).request(
        xml(
          'iq',
          { type: 'set', to: room },
          xml(
            'query',
            { xmlns: NS_MUC_OWNER },
            xml('x', { xmlns: 'jabber:x:data', type: 'submit' }),
          ),
        ),
      );
    } catch (error) {
      this.log.warn({ room, reason: toError(error).message }, 'could not unlock a new XMPP room');
    }
  }

  private onMessage(stanza: Stanza): void {
    const type = attr(stanza, 'type') ?? 'normal';
    if (type === 'error' || type === 'headline') return;
    const body = stanza.getChildText('body');
    if (body === null || body.trim() === '') return;
    if (stanza.getChild('delay', NS_DELAY) || stanza.getChild('x', NS_LEGACY_DELAY)) return;
    const from = parseAddress(attr(stanza, 'from') ?? '');
    if (!from) return;

    if (type === 'groupchat') {
      const room = from.bare;
      const selfNick = this.roster.selfNick(room);
      if (selfNick === undefined || !from.resource || from.resource === selfNick) return;
      const author = this.occupant(room, from.resource);
      if (author.id === this.selfJid) return;
      const { text, mentioned } = stripMention(body, selfNick);
      const stanzaId = stanza
        .getChildren('stanza-id', NS_STANZA_ID)
        .find((s) => attr(s, 'by') === room);
      this.deliver({
        author,
        place: { kind: 'room', room: this.room(room) },
        text,
        mentionsBot: mentioned,
        messageId: attr(stanzaId, 'id') ?? attr(stanza, 'id'),
        raw: { from: from.full },
      });
      return;
    }

    const author =
      this.roster.isJoined(from.bare) && from.resource
        ? this.occupant(from.bare, from.resource)
        : this.principalForJid(from.bare);
    if (author.id === this.selfJid) return;
    this.deliver({
      author,
      place: { kind: 'direct' },
      text: body,
      messageId: attr(stanza, 'id'),
      raw: { from: from.full },
    });
  }

  private room(jid: string): Room {
    const name = parseAddress(jid)?.local ?? jid;
    return { backend: this.name, id: jid, name: name || jid, aclKey: jid };
  }

  private principalForJid(bare: string, name?: string): Principal {
    const local = parseAddress(bare)?.local ?? bare;
    return { backend: this.name, id: bare, name: name ?? (local || bare), aclKey: bare };
  }

  /** A room occupant: the real person when the room discloses them, else the occupant JID. */
  private occupant(room: string, nick: string): Principal {
    const real = this.roster.realJid(room, nick);
    if (real) return this.principalForJid(real, nick);
    const id = `${room}/${nick}`;
    return { backend: this.name, id, name: nick, aclKey: id };
  }

  /** The nick to address `person` by in `room`. */
  private nickIn(room: string, person: Principal): string {
    const address = parseAddress(person.id);
    if (address?.bare === room && address.resource) return address.resource;
    return this.roster.nickOf(room, person.id) ?? person.name;
  }

  private isRoomJid(address: Address): boolean {
    if (address.resource) return false;
    if (this.roster.isJoined(address.bare) || this.settings.rooms.includes(address.bare)) {
      return true;
    }
    return this.settings.rooms.some((r) => parseAddress(r)?.domain === address.domain);
  }

  protected selfPrincipal(): Principal {
    return this.principalForJid(this.selfJid, this.settings.nick);
  }

  protected targetFor(channel: string, user?: string): Target | undefined {
    if (!channel) return this.directTo(user);
    const address = parseAddress(channel);
    if (!address) return undefined;
    if (this.isRoomJid(address)) return { kind: 'room', room: this.room(address.bare) };
    return this.directTo(address.full);
  }

  /**
   * A person from st2's `user`: a bare JID, an occupant JID (`room@service/nick`), or a plain
   * name taken as a local part on the bot's own domain.
   */
  protected principalFor(user: string): Principal | undefined {
    const [, domain = ''] = this.selfJid.split('@');
    const address = parseAddress(user.includes('@') ? user : `${user}@${domain}`);
    if (!address?.local) return undefined;
    if (address.resource && this.roster.isJoined(address.bare)) {
      return this.occupant(address.bare, address.resource);
    }
    if (address.resource && this.isRoomJid({ ...address, resource: '' })) {
      return { backend: this.name, id: address.full, name: address.resource, aclKey: address.full };
    }
    return this.principalForJid(address.bare);
  }
}
