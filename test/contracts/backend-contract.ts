/**
 * The shared back-end contract suite. Every back-end runs it through `runBackendContract` with a
 * harness that can make a person talk to the bot and can see what a person receives. It checks
 * the MUST clauses of `src/core/backend.ts`: delivery (and a sink's rejection never escaping),
 * identity round-trips, unknown channels, threads, buttons (with `caps.buttons`), reconnecting
 * after a drop, an idempotent stop.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BackendStatus, ChatBackend, EventSink } from '../../src/core/backend.js';
import type { ManualClock } from '../support/clock.js';
import type { ChatEvent } from '../../src/core/message.js';
import { bounded } from '../support/wait.js';

/** Where the test person talks or listens. */
export interface PersonPlace {
  /** Directly with the bot, else in the harness's room. */
  readonly direct: boolean;
  /** Only a message in this thread (a back-end with `caps.threads`); any when omitted. */
  readonly thread?: string | undefined;
}

/** What a back-end's test supplies to the contract suite. */
export interface BackendHarness {
  /** The back-end under test, not started yet. */
  readonly backend: ChatBackend;
  /** A room both the bot and the test person are in, as a channel string for `targetFor`. */
  readonly roomChannel: string;
  /** A channel string the back-end cannot map (`targetFor` must resolve undefined). */
  readonly unknownChannel: string;
  /** The test person's id as st2 would name them (for `principalFor` / whispers). */
  readonly personUser: string;
  /** Make the test person send `text` in the room, or directly to the bot when `direct`. */
  personSays(text: string, where: PersonPlace): Promise<void>;
  /** Resolve with the next text the test person receives from the bot there; bounded. */
  personReceives(where: PersonPlace, predicate?: (text: string) => boolean): Promise<string>;
  /**
   * For a back-end with a connection: cut it from the far side (a network failure or a server
   * restart), let its backoff run (advancing its manual clock, if any) and resolve once it has
   * reconnected by itself. Never calls `start` or `stop`. See `dropAndReconnect`.
   */
  readonly drop?: (() => Promise<void>) | undefined;
  /**
   * For a back-end with `caps.buttons`: make the test person press button `index` (from 0) of
   * the bot's room message `messageId`, as the chat reports a press.
   */
  readonly personPresses?: ((messageId: string, index: number) => Promise<void>) | undefined;
  /** Stop the servers and clients the harness started. */
  close(): Promise<void>;
}

/** How a back-end's test runs the contract. */
export interface ContractOptions {
  /** The back-end holds a connection that can drop (then the harness supplies `drop`). */
  readonly connection: boolean;
  /** The back-end shows buttons (`caps.buttons`; then the harness supplies `personPresses`). */
  readonly buttons?: boolean;
}

/** A sink that records events and lets tests await them (bounded). */
export class RecordingSink implements EventSink {
  readonly events: ChatEvent[] = [];
  /** When set, the next `receive` records its event, then rejects with this error. */
  rejectNext: Error | undefined;
  private waiters: { p: (e: ChatEvent) => boolean; r: (e: ChatEvent) => void }[] = [];

  receive(event: ChatEvent): Promise<void> {
    this.events.push(event);
    this.waiters = this.waiters.filter((w) => {
      if (!w.p(event)) return true;
      w.r(event);
      return false;
    });
    const error = this.rejectNext;
    this.rejectNext = undefined;
    return error ? Promise.reject(error) : Promise.resolve();
  }

  /** The first event (already received or coming) that satisfies `p`. */
  next(p: (e: ChatEvent) => boolean): Promise<ChatEvent> {
    const hit = this.events.find(p);
    if (hit) return Promise.resolve(hit);
    const coming = new Promise<ChatEvent>((r) => this.waiters.push({ p, r }));
    return bounded(coming, {
      what: `an event matching ${String(p)}`,
      seen: () => this.events.map((e) => ({ text: e.text, place: e.place.kind })),
    });
  }
}

/** A back-end whose status changes can be awaited (every back-end with a connection). */
export interface StatusWatched {
  readonly name: string;
  status(): BackendStatus;
  whenStatus(predicate: (status: BackendStatus) => boolean): Promise<BackendStatus>;
}

/**
 * `backend.whenStatus(predicate)`, bounded: a failure lists the states the back-end went through.
 */
export function statusWhere(
  backend: StatusWatched,
  predicate: (status: BackendStatus) => boolean,
): Promise<BackendStatus> {
  const states: BackendStatus[] = [];
  const matched = backend.whenStatus((s) => {
    states.push(s);
    return predicate(s);
  });
  return bounded(matched, {
    what: `${backend.name} status matching ${String(predicate)}`,
    seen: () => (states.length > 0 ? states : [backend.status()]),
  });
}

/**
 * A harness's `drop`: run `cut`, see the back-end report the drop, run one backoff step on
 * `clock` (when the back-end runs on a manual clock), and see it report connected again.
 */
export async function dropAndReconnect(
  backend: StatusWatched,
  cut: () => Promise<void> | void,
  clock?: ManualClock,
): Promise<void> {
  const down = statusWhere(backend, (s) => !s.connected);
  await cut();
  await down;
  const up = statusWhere(backend, (s) => s.connected);
  if (clock) await clock.advance(clock.nextDelay() ?? 0);
  await up;
}

/** Run the contract suite for one back-end. */
export function runBackendContract(
  name: string,
  makeHarness: () => Promise<BackendHarness>,
  options: ContractOptions,
): void {
  void describe(`back-end contract: ${name}`, () => {
    let h: BackendHarness;
    const sink = new RecordingSink();

    before(async () => {
      h = await makeHarness();
      await h.backend.start(sink);
    });
    after(async () => {
      await h.backend.stop();
      await h.close();
    });

    test('declares sane caps and a name', () => {
      assert.equal(typeof h.backend.name, 'string');
      assert.ok(h.backend.name.length > 0);
      assert.ok(h.backend.caps.length.max >= 64);
    });

    test('is connected after start and knows its own identity', () => {
      assert.equal(h.backend.status().connected, true);
      const self = h.backend.identity.self();
      assert.ok(self, 'self() is defined once connected');
      assert.equal(self.backend, h.backend.name);
      assert.ok(self.aclKey.length > 0);
    });

    test('delivers a room message with a stable author and room', async () => {
      const text = `contract room ${Date.now()}`;
      await h.personSays(text, { direct: false });
      const event = await sink.next((e) => e.text.includes(text));
      assert.equal(event.place.kind, 'room');
      assert.equal(event.author.backend, h.backend.name);
      assert.ok(event.author.aclKey.length > 0);
      assert.notEqual(event.author.id, h.backend.identity.self()?.id);
      assert.ok(event.place.room.aclKey.length > 0, 'the room has an ACL key');
    });

    test('a rejection from the sink does not escape, and later messages still arrive', async () => {
      const first = `contract rejected ${Date.now()}`;
      const second = `contract after rejection ${Date.now()}`;
      sink.rejectNext = new Error('the core failed (as it never should)');
      await h.personSays(first, { direct: false });
      await sink.next((e) => e.text.includes(first));
      await h.personSays(second, { direct: false });
      await sink.next((e) => e.text.includes(second));
    });

    test('delivers a direct message as direct', async () => {
      const text = `contract direct ${Date.now()}`;
      await h.personSays(text, { direct: true });
      const event = await sink.next((e) => e.text.includes(text));
      assert.equal(event.place.kind, 'direct');
    });

    test('the room channel round-trips through channelOf and targetFor', async () => {
      const text = `contract channel ${Date.now()}`;
      await h.personSays(text, { direct: false });
      const event = await sink.next((e) => e.text.includes(text));
      const channel = h.backend.identity.channelOf(event.place, event.author);
      const target = await h.backend.identity.targetFor(channel);
      assert.ok(target, 'targetFor maps the channel back');
      assert.equal(target.kind, 'room');
      assert.equal(event.place.kind, 'room');
      assert.equal(target.room.id, event.place.room.id);
    });

    test('targetFor resolves undefined for a channel it cannot map', async () => {
      assert.equal(await h.backend.identity.targetFor(h.unknownChannel), undefined);
    });

    test('sends to the room', async () => {
      await roundTripToRoom(h, 'to the room');
    });

    threadClause(() => h, sink);
    if (options.buttons) buttonsClause(() => h, sink);
    else {
      test('declares no buttons, so the core sends it the text alone', () => {
        assert.notEqual(h.backend.caps.buttons, true);
      });
    }

    test('sends directly to a person', async () => {
      const person = await h.backend.identity.principalFor(h.personUser);
      assert.ok(person, 'principalFor knows the test person');
      const text = `to you ${Date.now()}`;
      const got = h.personReceives({ direct: true }, (t) => t.includes(text));
      await h.backend.send({ kind: 'direct', user: person }, { text });
      assert.match(await got, new RegExp(text));
    });

    if (options.connection) {
      test('reconnects by itself after a drop, and messages go through again', async () => {
        assert.ok(h.drop, 'a back-end with a connection supplies drop()');
        await h.drop();
        assert.equal(h.backend.status().connected, true);
        const text = `after the drop ${Date.now()}`;
        await h.personSays(text, { direct: false });
        assert.equal((await sink.next((e) => e.text.includes(text))).place.kind, 'room');
        await roundTripToRoom(h, 'back again');
      });
    }

    test('stop is idempotent and leaves it disconnected', async () => {
      await h.backend.stop();
      await h.backend.stop();
      assert.equal(h.backend.status().connected, false);
    });
  });
}

/** Send a fresh text to the harness's room and see the person receive it. */
async function roundTripToRoom(h: BackendHarness, label: string): Promise<void> {
  const target = await h.backend.identity.targetFor(h.roomChannel);
  assert.ok(target);
  const text = `${label} ${Date.now()}`;
  const got = h.personReceives({ direct: false }, (t) => t.includes(text));
  await h.backend.send(target, { text });
  assert.match(await got, new RegExp(text));
}

/**
 * The thread clause, checked against `caps.threads`: a reply sent to the thread rooted at a person's room message lands in that
 * thread when the platform has threads, and in the room otherwise.
 */
function threadClause(harness: () => BackendHarness, sink: RecordingSink): void {
  test('a reply to a thread lands in that thread (in the room without threads)', async () => {
    const h = harness();
    const said = `contract thread ${Date.now()}`;
    await h.personSays(said, { direct: false });
    const event = await sink.next((e) => e.text.includes(said));
    const threads = h.backend.caps.threads;
    if (threads) assert.ok(event.messageId, 'a room message has an id to thread on');
    const thread = event.messageId ?? said;
    const room = await h.backend.identity.targetFor(h.roomChannel);
    assert.ok(room?.kind === 'room');
    const text = `in the thread ${Date.now()}`;
    const where = { direct: false, thread: threads ? thread : undefined };
    const got = h.personReceives(where, (t) => t.includes(text));
    await h.backend.send({ ...room, thread: { id: thread, mode: 'in' } }, { text });
    assert.match(await got, new RegExp(text));
  });
}

/**
 * The buttons clause, for a back-end with `caps.buttons`: a press of a button of a message in
 * the room is the presser typing its command there (author the person, `raw.button` set).
 */
function buttonsClause(harness: () => BackendHarness, sink: RecordingSink): void {
  test('a pressed button is the person typing its command (with caps.buttons)', async () => {
    const h = harness();
    assert.equal(h.backend.caps.buttons, true, 'caps.buttons');
    assert.ok(h.personPresses, 'a back-end with buttons supplies personPresses()');
    const room = await h.backend.identity.targetFor(h.roomChannel);
    assert.ok(room?.kind === 'room');
    const code = String(Date.now());
    const actions = [
      { label: 'Yes', command: `!contract yes ${code}`, style: 'primary' as const },
      { label: 'No', command: `!contract no ${code}`, style: 'danger' as const },
    ];
    const sent = await h.backend.send(room, { text: `Pick one ${code}`, actions });
    assert.ok(sent.messageId, 'a message with buttons has an id');
    await h.personPresses(sent.messageId, 1);
    const event = await sink.next((e) => e.text === actions[1]?.command);
    assert.equal(event.raw?.button, true);
    assert.equal(event.place.kind === 'room' ? event.place.room.id : 'direct', room.room.id);
    const person = await h.backend.identity.principalFor(h.personUser);
    assert.equal(event.author.aclKey, person?.aclKey, 'the presser is the author');
  });
}
