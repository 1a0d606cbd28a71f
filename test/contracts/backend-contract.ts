/**
 * The shared back-end contract suite. Every back-end runs it through `runBackendContract` with a
 * harness that can make a person talk to the bot and can see what a person receives.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ChatBackend, EventSink } from '../../src/core/backend.js';
import type { ChatEvent } from '../../src/core/message.js';

/** What a back-end's test supplies to the contract suite. */
export interface BackendHarness {
  /** The back-end under test, not started yet. */
  readonly backend: ChatBackend;
  /** A room both the bot and the test person are in, as a channel string for `targetFor`. */
  readonly roomChannel: string;
  /** The test person's id as st2 would name them (for `principalFor` / whispers). */
  readonly personUser: string;
  /** Make the test person send `text` in the room, or directly to the bot when `direct`. */
  personSays(text: string, where: { direct: boolean }): Promise<void>;
  /** Resolve with the next text the test person receives from the bot (in the room or directly). */
  personReceives(
    where: { direct: boolean },
    predicate?: (text: string) => boolean,
  ): Promise<string>;
  /** Stop the servers and clients the harness started. */
  close(): Promise<void>;
}

/** A sink that records events and lets tests await them. */
export class RecordingSink implements EventSink {
  readonly events: ChatEvent[] = [];
  private waiters: { p: (e: ChatEvent) => boolean; r: (e: ChatEvent) => void }[] = [];

  receive(event: ChatEvent): Promise<void> {
    this.events.push(event);
    this.waiters = this.waiters.filter((w) => {
      if (!w.p(event)) return true;
      w.r(event);
      return false;
    });
    return Promise.resolve();
  }

  /** The first event (already received or coming) that satisfies `p`. */
  next(p: (e: ChatEvent) => boolean): Promise<ChatEvent> {
    const hit = this.events.find(p);
    if (hit) return Promise.resolve(hit);
    return new Promise((r) => this.waiters.push({ p, r }));
  }
}

/** Run the contract suite for one back-end. */
export function runBackendContract(name: string, makeHarness: () => Promise<BackendHarness>): void {
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

    test('sends to the room', async () => {
      const target = await h.backend.identity.targetFor(h.roomChannel);
      assert.ok(target);
      const text = `to the room ${Date.now()}`;
      const got = h.personReceives({ direct: false }, (t) => t.includes(text));
      await h.backend.send(target, { text });
      assert.match(await got, new RegExp(text));
    });

    test('sends directly to a person', async () => {
      const person = await h.backend.identity.principalFor(h.personUser);
      assert.ok(person, 'principalFor knows the test person');
      const text = `to you ${Date.now()}`;
      const got = h.personReceives({ direct: true }, (t) => t.includes(text));
      await h.backend.send({ kind: 'direct', user: person }, { text });
      assert.match(await got, new RegExp(text));
    });

    test('stop is idempotent and leaves it disconnected', async () => {
      await h.backend.stop();
      await h.backend.stop();
      assert.equal(h.backend.status().connected, false);
    });
  });
}
