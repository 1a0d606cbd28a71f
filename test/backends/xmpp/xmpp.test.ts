import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { xml } from '@xmpp/client';
import { XmppBackend } from '../../../src/backends/xmpp/index.js';
import { silentLogger } from '../../../src/log.js';
import { RecordingSink } from '../../contracts/backend-contract.js';
import {
  connectXmppPerson,
  prosodySkipReason,
  startProsody,
  xmppBotSettings,
  type ProsodyServer,
  type XmppPerson,
} from '../../support/prosody.js';
import { backendSettings } from '../../../src/config/index.js';

const skip = prosodySkipReason();
const OPS = 'ops@conference.localhost';
const ANON = 'anon@conference.localhost';

void describe('XMPP back-end against Prosody', { skip }, () => {
  let server: ProsodyServer;
  let alice: XmppPerson;
  let backend: XmppBackend;
  const sink = new RecordingSink();

  before(async () => {
    server = await startProsody({ users: { bot: 'bot-pw', alice: 'alice-pw' } });
    alice = await connectXmppPerson(server, 'alice', 'alice-pw');
    // alice creates ANON before the bot joins: she owns it and the bot, a mere participant,
    // is not told real JIDs. The bot creates OPS itself and, as its moderator, sees them.
    await alice.joinRoom(ANON, 'alice');
    backend = new XmppBackend(
      backendSettings('xmpp', xmppBotSettings(server, { password: 'bot-pw', rooms: [OPS, ANON] })),
      { logger: silentLogger() },
    );
    await backend.start(sink);
    await alice.joinRoom(OPS, 'alice');
  });

  after(async () => {
    await backend.stop();
    await alice.stop();
    await server.stop();
  });

  test('joins the configured rooms before it reports connected', () => {
    assert.deepEqual(backend.status(), { connected: true });
    assert.deepEqual(backend.joinedRooms().sort(), [ANON, OPS]);
  });

  test('maps an occupant to the real bare JID and strips the nick mention', async () => {
    await alice.sayInRoom(OPS, 'stormbot: st2 greet Hi');
    const event = await sink.next((e) => e.text === 'st2 greet Hi');
    assert.equal(event.mentionsBot, true);
    assert.deepEqual(event.author, {
      backend: 'xmpp',
      id: 'alice@localhost',
      name: 'alice',
      aclKey: 'alice@localhost',
    });
    assert.deepEqual(event.place, {
      kind: 'room',
      room: { backend: 'xmpp', id: OPS, name: 'ops', aclKey: OPS },
    });
    assert.equal(backend.identity.channelOf(event.place, event.author), OPS);
    assert.ok(event.messageId);
  });

  test('a room message without a mention is delivered unmarked', async () => {
    await alice.sayInRoom(OPS, '!st2 plain');
    const event = await sink.next((e) => e.text === '!st2 plain');
    assert.equal(event.mentionsBot, false);
  });

  test('in a room that hides real JIDs the occupant JID is the identity', async () => {
    await alice.sayInRoom(ANON, 'anonymous hello');
    const event = await sink.next((e) => e.text === 'anonymous hello');
    assert.equal(event.author.id, `${ANON}/alice`);
    assert.equal(event.author.aclKey, `${ANON}/alice`);
    assert.equal(event.author.name, 'alice');
    // A reply that mentions that occupant uses the nick.
    const target = await backend.identity.targetFor(ANON);
    assert.equal(target?.kind, 'room');
    const got = alice.waitForMessage((m) => m.from === `${ANON}/stormbot`);
    await backend.send(target, { text: 'hi back', mention: event.author });
    assert.equal((await got).body, 'alice: hi back');
  });

  test('a mention of a person known by real JID uses their room nick', async () => {
    const person = await backend.identity.principalFor('alice@localhost');
    const target = await backend.identity.targetFor(OPS);
    const got = alice.waitForMessage((m) => m.from === `${OPS}/stormbot`);
    await backend.send(target!, { text: 'your result', mention: person });
    assert.equal((await got).body, 'alice: your result');
  });

  test('ignores its own room messages and history-like delayed messages', async () => {
    const target = await backend.identity.targetFor(OPS);
    const echoed = alice.waitForMessage((m) => m.body === 'bot speaking');
    await backend.send(target!, { text: 'bot speaking' });
    await echoed;
    await alice.client.send(
      xml(
        'message',
        { to: 'bot@localhost', type: 'chat' },
        xml('body', {}, 'old news'),
        xml('delay', { xmlns: 'urn:xmpp:delay', stamp: '2020-01-01T00:00:00Z' }),
      ),
    );
    await alice.sayDirect('bot@localhost', 'fresh news');
    await sink.next((e) => e.text === 'fresh news');
    // Stanzas on one stream arrive in order, so anything ignored would have come first.
    assert.equal(sink.events.filter((e) => e.text === 'bot speaking').length, 0);
    assert.equal(sink.events.filter((e) => e.text === 'old news').length, 0);
  });

  test('a direct message: bare JID identity, channel round-trips to a direct target', async () => {
    await alice.sayDirect('bot@localhost', 'dm hello');
    const event = await sink.next((e) => e.text === 'dm hello');
    assert.deepEqual(event.place, { kind: 'direct' });
    assert.equal(event.author.id, 'alice@localhost');
    assert.equal(event.mentionsBot, undefined);
    const channel = backend.identity.channelOf(event.place, event.author);
    assert.equal(channel, 'alice@localhost');
    const target = await backend.identity.targetFor(channel);
    assert.equal(target?.kind, 'direct');
    const got = alice.waitForMessage((m) => m.type === 'chat' && m.body === 'dm reply');
    await backend.send(target, { text: 'dm reply', mention: event.author });
    assert.equal((await got).body, 'dm reply');
  });

  test('a private message from a room occupant is a direct message from the real person', async () => {
    await alice.sayDirect(`${OPS}/stormbot`, 'psst');
    const event = await sink.next((e) => e.text === 'psst');
    assert.deepEqual(event.place, { kind: 'direct' });
    assert.equal(event.author.id, 'alice@localhost');
  });

  test('maps st2 user and channel strings', async () => {
    assert.equal((await backend.identity.principalFor('alice'))?.id, 'alice@localhost');
    assert.equal((await backend.identity.principalFor('Alice@LocalHost'))?.id, 'alice@localhost');
    assert.deepEqual(await backend.identity.targetFor('', 'alice@localhost'), {
      kind: 'direct',
      user: { backend: 'xmpp', id: 'alice@localhost', name: 'alice', aclKey: 'alice@localhost' },
    });
    assert.equal(await backend.identity.targetFor(''), undefined);
    assert.equal(await backend.identity.targetFor('not a jid'), undefined);
    // Another room on the same MUC service is still a room.
    assert.equal((await backend.identity.targetFor('other@conference.localhost'))?.kind, 'room');
    assert.deepEqual(await backend.identity.targetFor(`${ANON}/alice`), {
      kind: 'direct',
      user: { backend: 'xmpp', id: `${ANON}/alice`, name: 'alice', aclKey: `${ANON}/alice` },
    });
    assert.equal(backend.identity.self()?.id, 'bot@localhost');
  });

  test('rejects a message to a room the bot is not in', async () => {
    const target = await backend.identity.targetFor('other@conference.localhost');
    await assert.rejects(backend.send(target!, { text: 'x' }), /not in the room/);
  });

  test('a taken room nick gets an underscore', async () => {
    const second = new XmppBackend(
      backendSettings('xmpp', {
        ...xmppBotSettings(server, { password: 'bot-pw', rooms: [OPS], nick: 'alice' }),
        resource: 'second',
      }),
      { logger: silentLogger() },
    );
    const secondSink = new RecordingSink();
    await second.start(secondSink);
    try {
      assert.deepEqual(second.joinedRooms(), [OPS]);
      await alice.sayInRoom(OPS, 'alice_: are you there');
      const event = await secondSink.next((e) => e.text === 'are you there');
      assert.equal(event.mentionsBot, true);
    } finally {
      await second.stop();
    }
  });

  test('strips characters that would break the XML stream', async () => {
    const got = alice.waitForMessage((m) => m.type === 'chat' && m.body.startsWith('ctl'));
    const person = await backend.identity.principalFor('alice@localhost');
    await backend.send({ kind: 'direct', user: person! }, { text: 'ctl\u0000\u0001 <ok> & fine' });
    assert.equal((await got).body, 'ctl <ok> & fine');
    assert.equal(backend.status().connected, true);
  });
});
