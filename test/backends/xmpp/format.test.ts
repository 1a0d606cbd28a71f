import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAddress } from '../../../src/backends/xmpp/addresses.js';
import { stripMention, withMention, xmlSafe } from '../../../src/backends/xmpp/format.js';
import { RoomRoster } from '../../../src/backends/xmpp/rooms.js';

describe('XMPP mentions', () => {
  test('strips the bot nick followed by a colon or a comma', () => {
    assert.deepEqual(stripMention('stormbot: st2 greet Hi', 'stormbot'), {
      text: 'st2 greet Hi',
      mentioned: true,
    });
    assert.deepEqual(stripMention('  StormBot,help', 'stormbot'), {
      text: 'help',
      mentioned: true,
    });
  });

  test('leaves other text alone', () => {
    for (const text of ['stormbotty: hi', 'hello stormbot: hi', 'stormbot hi', '!st2 greet']) {
      assert.deepEqual(stripMention(text, 'stormbot'), { text, mentioned: false });
    }
  });

  test('treats regex characters in a nick literally', () => {
    assert.equal(stripMention('bot.x: hi', 'bot.x').mentioned, true);
    assert.equal(stripMention('botzx: hi', 'bot.x').mentioned, false);
  });

  test('mentions a person MUC-style', () => {
    assert.equal(withMention('done', 'alice'), 'alice: done');
    assert.equal(withMention('done', undefined), 'done');
  });

  test('removes characters XML 1.0 forbids and keeps the rest', () => {
    assert.equal(xmlSafe('a\u0000b\u0007c\td\ne\r\u{1F600}<&>'), 'abc\td\ne\r\u{1F600}<&>');
    assert.equal(xmlSafe('x\uD800y\uDC00z\uFFFE'), 'xyz');
  });
});

describe('XMPP addresses', () => {
  test('lower-cases local part and domain, keeps the resource', () => {
    assert.deepEqual(parseAddress('Alice@Example.ORG/Phone'), {
      bare: 'alice@example.org',
      local: 'alice',
      domain: 'example.org',
      resource: 'Phone',
      full: 'alice@example.org/Phone',
    });
    assert.equal(parseAddress('ops@conference.example.org/Nick Name')?.resource, 'Nick Name');
  });

  test('rejects what is not a JID', () => {
    assert.equal(parseAddress(''), undefined);
    assert.equal(parseAddress('not a jid'), undefined);
  });
});

describe('XMPP room roster', () => {
  test('tracks own nick, occupants and their real JIDs', () => {
    const r = new RoomRoster();
    r.present('ops@c', 'alice', 'alice@x');
    r.present('ops@c', 'anon', undefined);
    assert.equal(r.isJoined('ops@c'), false);
    r.joined('ops@c', 'stormbot');
    assert.equal(r.isJoined('ops@c'), true);
    assert.equal(r.selfNick('ops@c'), 'stormbot');
    assert.equal(r.realJid('ops@c', 'alice'), 'alice@x');
    assert.equal(r.realJid('ops@c', 'anon'), undefined);
    assert.equal(r.nickOf('ops@c', 'alice@x'), 'alice');
    r.left('ops@c', 'alice');
    assert.equal(r.realJid('ops@c', 'alice'), undefined);
    assert.deepEqual(r.joinedRooms(), ['ops@c']);
    r.clear();
    assert.deepEqual(r.joinedRooms(), []);
  });

  test('a later presence without a JID keeps the known one', () => {
    const r = new RoomRoster();
    r.present('ops@c', 'alice', 'alice@x');
    r.present('ops@c', 'alice', undefined);
    assert.equal(r.realJid('ops@c', 'alice'), 'alice@x');
  });
});
