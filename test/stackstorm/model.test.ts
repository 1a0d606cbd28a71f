import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  describeCredentials,
  formatSt2Time,
  parseAnnouncement,
  parseSt2Time,
  pickCredentials,
} from '../../src/stackstorm/model.js';

describe('credentials', () => {
  test('precedence is API key, then token, then username/password', () => {
    const all = { apiKey: 'k-secret', token: 't-secret', username: 'bot', password: 'p-secret' };
    assert.deepEqual(pickCredentials(all), {
      credentials: { kind: 'apiKey', apiKey: 'k-secret' },
      ignored: ['token', 'password'],
    });
    assert.equal(pickCredentials({ ...all, apiKey: '' }).credentials?.kind, 'token');
    assert.deepEqual(pickCredentials({ username: 'bot', password: 'p' }), {
      credentials: { kind: 'password', username: 'bot', password: 'p' },
      ignored: [],
    });
  });

  test('nothing, or a username without a password, is no credential', () => {
    assert.deepEqual(pickCredentials({}), { credentials: undefined, ignored: [] });
    assert.equal(pickCredentials({ username: 'bot' }).credentials, undefined);
    assert.equal(pickCredentials({ password: 'x' }).credentials, undefined);
  });

  test('the description names the kind and never the secret', () => {
    const { credentials, ignored } = pickCredentials({
      token: 'tok-secret-1',
      username: 'st2admin',
      password: 'pw-secret-2',
    });
    assert.ok(credentials);
    const description = describeCredentials(credentials, ignored);
    assert.deepEqual(description, {
      kind: 'token',
      ignored: ['password'],
      summary: 'auth token; ignored: username/password',
    });
    const pw = describeCredentials({
      kind: 'password',
      username: 'st2admin',
      password: 'pw-secret-2',
    });
    assert.equal(pw.summary, 'username/password (st2admin)');
    assert.doesNotMatch(JSON.stringify([description, pw]), /secret/);
  });
});

describe('time', () => {
  test('st2 timestamps in every accepted form parse to the same instant', () => {
    const expected = Date.UTC(2016, 4, 28, 12, 39, 28, 650);
    for (const s of [
      '2016-05-28T12:39:28.650231Z',
      '2016-05-28 12:39:28.650Z',
      '2016-05-28T12:39:28.650231+00',
      '2016-05-28T12:39:28.650231+0000',
      '2016-05-28T12:39:28.650231+00:00',
    ]) {
      assert.equal(parseSt2Time(s), expected, s);
    }
    assert.equal(parseSt2Time('2016-05-28T12:39:28Z'), Date.UTC(2016, 4, 28, 12, 39, 28));
  });

  test('other offsets and garbage are refused', () => {
    for (const s of ['2016-05-28T12:39:28+02:00', 'tomorrow', '', '2016-05-28T12:39:28.65Z']) {
      assert.equal(parseSt2Time(s), undefined, s);
    }
  });

  test('formatting matches st2 (microseconds, Z)', () => {
    assert.equal(formatSt2Time(Date.UTC(2026, 0, 2, 3, 4, 5, 67)), '2026-01-02T03:04:05.067000Z');
  });
});

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

  test('what is not an announcement is refused with the field at fault', () => {
    const cases: [unknown, RegExp][] = [
      [{ channel: '#ops' }, /message: /],
      [{ channel: '#ops', message: '' }, /message: must be a non-empty string/],
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
