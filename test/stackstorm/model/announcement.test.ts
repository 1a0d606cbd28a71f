import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAnnouncement } from '../../../src/stackstorm/model.js';

describe('announcements', () => {
  test("st2's payload becomes an announcement; nulls and empty user become absent", () => {
    assert.deepEqual(
      parseAnnouncement({
        channel: '#ops',
        message: 'hi',
        user: '',
        whisper: null,
        extra: { slack: { color: 'good' } },
        context: null,
        unknown_field: 1,
      }),
      {
        ok: true,
        announcement: {
          channel: '#ops',
          message: 'hi',
          user: undefined,
          whisper: undefined,
          extra: { slack: { color: 'good' } },
          context: undefined,
          executionId: undefined,
        },
      },
    );
  });

  test('form-style strings are read: whisper flags and JSON objects as text', () => {
    const parsed = parseAnnouncement({
      message: 'psst',
      user: 'carol',
      whisper: 'true',
      extra: '{"a":1}',
    });
    assert.ok(parsed.ok);
    assert.equal(parsed.announcement.whisper, true);
    assert.deepEqual(parsed.announcement.extra, { a: 1 });
    assert.equal(parsed.announcement.channel, '');
  });

  test('an empty message is an announcement (st2 publishes what the result template rendered)', () => {
    const parsed = parseAnnouncement({ channel: '#ops', message: '' });
    assert.ok(parsed.ok, 'an empty message parses');
    assert.equal(parsed.announcement.message, '');
  });

  test('what is not an announcement is refused with the field at fault', () => {
    const cases: [unknown, RegExp][] = [
      [{ channel: '#ops' }, /message: /],
      [{ channel: '#ops', message: 7 }, /message: /],
      [{ message: 'hi' }, /channel: channel is required \(or whisper with a user\)/],
      [{ channel: '#ops', message: 'hi', whisper: 'sometimes' }, /whisper/],
      [{ channel: '#ops', message: 'hi', extra: [1] }, /extra/],
      ['text', /invalid announcement/],
    ];
    for (const [value, error] of cases) {
      const parsed = parseAnnouncement(value);
      assert.ok(!parsed.ok, JSON.stringify(value));
      assert.match(parsed.error, error);
    }
  });
});
