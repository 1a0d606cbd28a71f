import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  IRC_LINE_BYTES,
  ircLines,
  lineBudget,
  stripMention,
  withMention,
} from '../../../src/backends/irc/format.js';
import { TokenBucket } from '../../../src/backends/irc/pacing.js';
import { ManualClock } from '../../support/clock.js';
import { utf8Length } from '../../../src/core/split.js';

describe('IRC mentions', () => {
  test('strips botnick: and botnick, (any case)', () => {
    assert.deepEqual(stripMention('stormbot: st2 greet Hi', 'stormbot'), {
      text: 'st2 greet Hi',
      mentioned: true,
    });
    assert.deepEqual(stripMention('StormBot,help', 'stormbot'), { text: 'help', mentioned: true });
  });

  test('leaves other text alone, nick characters taken literally', () => {
    for (const text of ['stormbots: hi', 'hi stormbot: x', 'stormbot hi']) {
      assert.deepEqual(stripMention(text, 'stormbot'), { text, mentioned: false });
    }
    assert.equal(stripMention('[bot]: hi', '[bot]').mentioned, true);
    assert.equal(stripMention('b: hi', '[bot]').mentioned, false);
  });

  test('mentions a person nick: text', () => {
    assert.equal(withMention('done', 'alice'), 'alice: done');
    assert.equal(withMention('done', undefined), 'done');
  });
});

describe('IRC lines', () => {
  test('the budget keeps the relayed line within 512 bytes', () => {
    const envelope = { nick: 'stormbot', username: 'stormbot', target: '#chatops' };
    const budget = lineBudget(envelope);
    const worst = `:stormbot!~stormbot@${'h'.repeat(63)} PRIVMSG #chatops :${'x'.repeat(budget)}\r\n`;
    assert.equal(Buffer.byteLength(worst), IRC_LINE_BYTES);
    assert.ok(lineBudget({ ...envelope, host: '127.0.0.1' }) > budget, 'a known host frees bytes');
    assert.ok(budget >= 400, 'the core-split 400-byte messages fit on one line');
  });

  test('one payload per line, empty lines dropped, NUL removed', () => {
    assert.deepEqual(ircLines('a\r\nb\n\n  \nc\rd\0e', 400), ['a', 'b', 'c', 'de']);
  });

  test('long lines are cut at spaces within the byte budget, nothing lost', () => {
    const words = Array.from({ length: 80 }, (_, i) => `wörd${i}€`);
    const line = words.join(' ');
    const parts = ircLines(line, 100);
    assert.ok(parts.length > 1);
    for (const p of parts) assert.ok(utf8Length(p) <= 100, `${utf8Length(p)} bytes`);
    assert.equal(parts.join(' '), line);
  });

  test('a line without spaces is cut without splitting a character', () => {
    const line = '😀'.repeat(60);
    const parts = ircLines(line, 50);
    for (const p of parts) assert.ok(utf8Length(p) <= 50);
    assert.equal(parts.join(''), line);
  });
});

describe('token bucket pacing', () => {
  test('a burst of capacity, then one token per interval', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(clock, 2, 500);
    const taken: number[] = [];
    const all = (async () => {
      for (let i = 0; i < 5; i++) {
        await bucket.take();
        taken.push(clock.now());
      }
    })();
    await clock.advance(0);
    const t0 = clock.now();
    assert.equal(taken.length, 2);
    await clock.advance(499);
    assert.equal(taken.length, 2, 'no token before its interval');
    await clock.advance(1);
    assert.equal(taken.length, 3);
    await clock.advance(1000);
    await all;
    assert.deepEqual(
      taken.map((t) => t - t0),
      [0, 0, 500, 1000, 1500],
    );
  });

  test('idle time refills up to the capacity only', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(clock, 3, 1000);
    await bucket.take();
    await bucket.take();
    await bucket.take();
    assert.ok(bucket.available() < 1e-9);
    await clock.advance(60_000);
    assert.equal(bucket.available(), 3);
  });

  test('a wait can be aborted', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(clock, 1, 1000);
    await bucket.take();
    const controller = new AbortController();
    const waiting = bucket.take(controller.signal);
    controller.abort(new Error('disconnected'));
    await assert.rejects(waiting, /disconnected/);
  });
});
