import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readInbound, readText } from '../../../src/backends/slack/index.js';

const self = { userId: 'UBOT0001', botId: 'BBOT0001', name: 'stormbot' };

describe('readText', () => {
  const cases: [string, string, string, boolean][] = [
    ['a leading mention is stripped', '<@UBOT0001> st2 greet Hi', 'st2 greet Hi', true],
    ['with a colon after it', '<@UBOT0001>: help', 'help', true],
    ['a labelled mention of the bot', '<@UBOT0001|stormbot> help', 'help', true],
    ['a mention later is kept as @name', 'ask <@UBOT0001> later', 'ask @stormbot later', false],
    [
      'entities are unescaped',
      '!st2 run x &lt; 3 &amp;&amp; y &gt; 2',
      '!st2 run x < 3 && y > 2',
      false,
    ],
    [
      'an auto-linked URL is what was typed',
      '!st2 get <http://example.com>',
      '!st2 get http://example.com',
      false,
    ],
    [
      'a labelled link is its label',
      '!st2 get <http://example.com|example.com>',
      '!st2 get example.com',
      false,
    ],
    ['a link with &amp; in it', '<https://x.io/?a=1&amp;b=2>', 'https://x.io/?a=1&b=2', false],
    ['an e-mail address', 'mail <mailto:a@b.io|a@b.io>', 'mail a@b.io', false],
    ['another user', 'ping <@UBOB00001|bob> and <@UCAROL001>', 'ping @bob and @UCAROL001', false],
    ['a channel', 'in <#CROOM0001|ops>', 'in #ops', false],
    ['a special mention', '<!here> look', '@here look', false],
    ['lines are kept', '<@UBOT0001> st2 run\nline two', 'st2 run\nline two', true],
  ];
  for (const [name, raw, text, mentionsBot] of cases) {
    test(name, () => {
      assert.deepEqual(readText(raw, self), { text, mentionsBot });
    });
  }
});

describe('readText with names (Slack sends a mention as <@U…> alone)', () => {
  const names = {
    users: new Map([['UBOB00001', 'bob']]),
    channels: new Map([['CROOM0001', 'ops']]),
  };
  test('people and channels without a label get their names', () => {
    assert.deepEqual(
      readText('grant <@UBOB00001> in <#CROOM0001> and <#CROOM0001|>', self, names),
      {
        text: 'grant @bob in #ops and #ops',
        mentionsBot: false,
      },
    );
  });
  test('an id with no name stays an id; a label still wins', () => {
    assert.equal(
      readText('<@UCAROL001> <@UBOB00001|robert>', self, names).text,
      '@UCAROL001 @robert',
    );
  });
});

describe('readInbound', () => {
  const base = { type: 'message', user: 'UALICE001', channel: 'CROOM0001', ts: '1.1', text: 'hi' };

  test('a room message', () => {
    assert.deepEqual(readInbound({ ...base, channel_type: 'channel' }, self), {
      userId: 'UALICE001',
      channelId: 'CROOM0001',
      direct: false,
      text: 'hi',
      rawText: 'hi',
      unnamed: { users: [], channels: [] },
      mentionsBot: false,
      ts: '1.1',
      threadTs: undefined,
    });
  });

  test('a direct message, in a thread', () => {
    const m = readInbound(
      { ...base, channel: 'DALICE001', channel_type: 'im', thread_ts: '0.9' },
      self,
    );
    assert.ok(m);
    assert.equal(m.direct, true);
    assert.equal(m.threadTs, '0.9');
  });

  test('ids without a label are listed once each (the bot and labelled ones are not)', () => {
    const m = readInbound(
      {
        ...base,
        text: '<@UBOT0001> ask <@UBOB00001> <@UBOB00001> <@UCAROL001|carol> <#CROOM0001|>',
      },
      self,
    );
    assert.deepEqual(m?.unnamed, { users: ['UBOB00001'], channels: ['CROOM0001'] });
  });

  test('app_mention events are read too', () => {
    const m = readInbound({ ...base, type: 'app_mention', text: '<@UBOT0001> help' }, self);
    assert.ok(m);
    assert.equal(m.text, 'help');
    assert.equal(m.mentionsBot, true);
  });

  test('the bot itself, bot posts and non-text subtypes are ignored', () => {
    assert.equal(readInbound({ ...base, user: 'UBOT0001' }, self), undefined);
    assert.equal(readInbound({ ...base, user: 'UOTHER001', bot_id: 'BBOT0001' }, self), undefined);
    assert.equal(readInbound({ ...base, subtype: 'bot_message' }, self), undefined);
    assert.equal(readInbound({ ...base, subtype: 'message_changed' }, self), undefined);
    assert.equal(readInbound({ ...base, subtype: 'channel_join' }, self), undefined);
    assert.ok(readInbound({ ...base, subtype: 'thread_broadcast' }, self));
  });

  test('malformed events are ignored', () => {
    assert.equal(readInbound(null, self), undefined);
    assert.equal(readInbound({ ...base, text: 3 }, self), undefined);
    assert.equal(readInbound({ ...base, user: undefined }, self), undefined);
    assert.equal(readInbound({ type: 'reaction_added' }, self), undefined);
  });
});
