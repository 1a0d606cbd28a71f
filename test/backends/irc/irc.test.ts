import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { IrcBackend } from '../../../src/backends/irc/index.js';
import { splitText, utf8Length } from '../../../src/core/split.js';
import { silentLogger } from '../../../src/log.js';
import { RecordingSink } from '../../contracts/backend-contract.js';
import {
  connectIrcPerson,
  ircBotSettings,
  ngircdSkipReason,
  startNgircd,
  type IrcPerson,
  type NgircdServer,
} from '../../support/ngircd.js';
import { backendSettings } from '../../../src/config/index.js';
import { flushMicrotasks, ManualClock } from '../../support/clock.js';

const skip = ngircdSkipReason();

void describe('IRC back-end against ngIRCd', { skip }, () => {
  let server: NgircdServer;
  let alice: IrcPerson;
  let bob: IrcPerson;
  let backend: IrcBackend;
  const sink = new RecordingSink();

  before(async () => {
    server = await startNgircd({ channels: ['#chatops', '#other'] });
    backend = new IrcBackend(
      backendSettings('irc', ircBotSettings(server, { channels: ['#ChatOps'] })),
      {
        logger: silentLogger(),
      },
    );
    await backend.start(sink);
    alice = await connectIrcPerson(server, 'alice');
    bob = await connectIrcPerson(server, 'Bob');
    await alice.join('#chatops');
    await bob.join('#chatops');
  });

  after(async () => {
    await backend.stop();
    await alice.quit();
    await bob.quit();
    await server.stop();
  });

  test('joins the configured channels before it reports connected', () => {
    assert.deepEqual(backend.status(), { connected: true });
    assert.deepEqual(backend.joinedChannels(), ['#chatops']);
    assert.deepEqual(backend.identity.self(), {
      backend: 'irc',
      id: 'stormbot',
      name: 'stormbot',
      aclKey: 'stormbot',
    });
  });

  test('a room message: nick identity, channel room, botnick: mention stripped', async () => {
    alice.say('#chatops', 'stormbot: st2 greet Hi');
    const event = await sink.next((e) => e.text === 'st2 greet Hi');
    assert.equal(event.mentionsBot, true);
    assert.deepEqual(event.author, { backend: 'irc', id: 'alice', name: 'alice', aclKey: 'alice' });
    assert.deepEqual(event.place, {
      kind: 'room',
      room: { backend: 'irc', id: '#chatops', name: '#chatops', aclKey: '#chatops' },
    });
    assert.equal(backend.identity.channelOf(event.place, event.author), '#chatops');
    alice.say('#chatops', '!st2 unmarked');
    assert.equal((await sink.next((e) => e.text === '!st2 unmarked')).mentionsBot, false);
  });

  test('nicks are case-folded into the id and ACL key; the name keeps its case', async () => {
    bob.say('#chatops', 'from bob');
    const event = await sink.next((e) => e.text === 'from bob');
    assert.deepEqual(event.author, { backend: 'irc', id: 'bob', name: 'Bob', aclKey: 'bob' });
  });

  test('a direct message: direct place, the nick is the channel and maps back', async () => {
    alice.say('stormbot', 'dm hello');
    const event = await sink.next((e) => e.text === 'dm hello');
    assert.deepEqual(event.place, { kind: 'direct' });
    const channel = backend.identity.channelOf(event.place, event.author);
    assert.equal(channel, 'alice');
    const target = await backend.identity.targetFor(channel);
    assert.equal(target?.kind, 'direct');
    const got = alice.waitForMessage((m) => m.target === 'alice' && m.message === 'dm reply');
    await backend.send(target, { text: 'dm reply', mention: event.author });
    await got;
  });

  test('mentions a person in a room the IRC way', async () => {
    const target = await backend.identity.targetFor('#chatops');
    const person = await backend.identity.principalFor('Bob');
    const got = bob.waitForMessage((m) => m.target === '#chatops');
    await backend.send(target!, { text: 'your result', mention: person });
    assert.equal((await got).message, 'Bob: your result');
  });

  test('maps st2 channel and user strings', async () => {
    assert.deepEqual(await backend.identity.targetFor('', 'alice'), {
      kind: 'direct',
      user: { backend: 'irc', id: 'alice', name: 'alice', aclKey: 'alice' },
    });
    assert.equal(await backend.identity.targetFor(''), undefined);
    assert.equal((await backend.identity.targetFor('#other'))?.kind, 'room');
    assert.equal((await backend.identity.targetFor('&local'))?.kind, 'room');
    assert.equal(await backend.identity.targetFor('not a nick'), undefined);
    assert.equal(await backend.identity.principalFor('9lives'), undefined);
  });

  test('a long multi-line reply arrives as several PRIVMSGs, none over 512 bytes', async () => {
    const lines = [
      'Execution 5f1e… succeeded:',
      ...Array.from({ length: 6 }, (_, i) => `${i}: ${'résumé ünïcode 😀 '.repeat(20)}`),
      'x'.repeat(900),
      '',
      'done',
    ];
    const text = lines.join('\n');
    // What the core does: split to caps.length.max bytes, mention on the first part.
    const parts = splitText(text, backend.caps.length.max, utf8Length);
    assert.ok(parts.length > 3);
    const person = await backend.identity.principalFor('alice');
    const target = await backend.identity.targetFor('#chatops');
    const before = backend.linesWritten;
    const start = alice.received.length;
    for (const [i, part] of parts.entries()) {
      await backend.send(target!, { text: part, mention: i === 0 ? person : undefined });
    }
    const written = backend.linesWritten - before;
    assert.ok(written > parts.length, 'multi-line parts become one PRIVMSG per line');
    // Other tests' room messages may still trickle in: start at this reply's first line.
    const first = await alice.waitForMessage((m) => m.message.startsWith('alice: Execution'), {
      includePast: true,
    });
    const from = alice.received.indexOf(first, start);
    await alice.waitForMessage(() => alice.received.length - from >= written, {
      includePast: true,
    });
    const got = alice.received.slice(from, from + written);
    assert.ok(got.every((m) => m.target === '#chatops' && m.nick === 'stormbot'));
    assert.equal(got.length, written);
    for (const m of got) {
      assert.ok(Buffer.byteLength(m.line) <= 512, `${Buffer.byteLength(m.line)} bytes: ${m.line}`);
    }
    // Nothing lost: the same characters arrive in order (cuts happen only at white space,
    // or inside the 900-character word).
    const squash = (s: string) => s.replace(/\s+/g, '');
    assert.equal(squash(got.map((m) => m.message).join('')), squash(`alice: ${text}`));
    assert.ok(got.every((m) => m.message.trim().length > 0));
  });

  test('a taken nick gets an underscore, and mentions follow it', async () => {
    const second = new IrcBackend(
      backendSettings('irc', ircBotSettings(server, { nick: 'alice', channels: ['#chatops'] })),
      { logger: silentLogger() },
    );
    const secondSink = new RecordingSink();
    await second.start(secondSink);
    try {
      assert.equal(second.identity.self()?.name, 'alice_');
      alice.say('#chatops', 'alice_: are you there');
      const event = await secondSink.next((e) => e.text === 'are you there');
      assert.equal(event.mentionsBot, true);
    } finally {
      await second.stop();
    }
  });

  test('ignores its own messages', async () => {
    const target = await backend.identity.targetFor('#chatops');
    await backend.send(target!, { text: 'bot speaking' });
    alice.say('#chatops', 'marker after bot');
    await sink.next((e) => e.text === 'marker after bot');
    assert.equal(sink.events.filter((e) => e.text.includes('bot speaking')).length, 0);
  });

  test('paces lines through the token bucket on its clock', async () => {
    const clock = new ManualClock();
    const pacer = new IrcBackend(
      backendSettings(
        'irc',
        ircBotSettings(server, {
          nick: 'pacer',
          channels: [],
          flood: { messages: 2, per_seconds: 1 },
        }),
      ),
      { logger: silentLogger(), clock },
    );
    await pacer.start(new RecordingSink());
    try {
      const person = await pacer.identity.principalFor('alice');
      const fromPacer = (n: number) => (m: { nick: string; message: string }) =>
        m.nick === 'pacer' && m.message === `line ${n}`;
      const sent = pacer.send(
        { kind: 'direct', user: person! },
        { text: ['line 1', 'line 2', 'line 3', 'line 4', 'line 5'].join('\n') },
      );
      await alice.waitForMessage(fromPacer(2), { includePast: true });
      await flushMicrotasks();
      assert.equal(pacer.linesWritten, 2, 'a burst of two');
      await clock.advance(499);
      assert.equal(pacer.linesWritten, 2, 'the third waits for its token');
      await clock.advance(1);
      assert.equal(pacer.linesWritten, 3);
      await alice.waitForMessage(fromPacer(3), { includePast: true });
      await clock.advance(1000);
      await sent;
      assert.equal(pacer.linesWritten, 5);
      await alice.waitForMessage(fromPacer(5), { includePast: true });
      const order = alice.received.filter((m) => m.nick === 'pacer').map((m) => m.message);
      assert.deepEqual(order, ['line 1', 'line 2', 'line 3', 'line 4', 'line 5']);
    } finally {
      await pacer.stop();
    }
  });

  test('sends queued behind the pacing are rejected when the back-end stops', async () => {
    const clock = new ManualClock();
    const pacer = new IrcBackend(
      backendSettings(
        'irc',
        ircBotSettings(server, {
          nick: 'pacer2',
          channels: [],
          flood: { messages: 1, per_seconds: 10 },
        }),
      ),
      { logger: silentLogger(), clock },
    );
    await pacer.start(new RecordingSink());
    const person = await pacer.identity.principalFor('alice');
    const sent = pacer.send({ kind: 'direct', user: person! }, { text: 'one\ntwo' });
    await alice.waitForMessage((m) => m.nick === 'pacer2' && m.message === 'one', {
      includePast: true,
    });
    await pacer.stop();
    await assert.rejects(sent, /stopped/);
    await assert.rejects(
      pacer.send({ kind: 'direct', user: person! }, { text: 'x' }),
      /not connected/,
    );
  });
});
