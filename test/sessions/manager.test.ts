import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LoginCode } from '../../src/sessions/codes.js';
import type { LoginAttempt } from '../../src/sessions/types.js';
import { SECRETS, linkIdOf, makeManager, person } from '../web/support/sessions.js';

const passwordAttempt: LoginAttempt = {
  method: 'password',
  secretWord: SECRETS.secretWord,
  username: 'alice',
  password: SECRETS.password,
};
const tokenAttempt: LoginAttempt = {
  method: 'token',
  secretWord: SECRETS.secretWord,
  token: SECRETS.token,
};
const keyAttempt: LoginAttempt = {
  method: 'apikey',
  secretWord: SECRETS.secretWord,
  apiKey: SECRETS.apiKey,
};

function assertNoSecrets(text: string): void {
  for (const secret of Object.values(SECRETS)) {
    assert.ok(!text.includes(secret), `a secret leaked: ${secret.slice(0, 4)}…`);
  }
}

describe('SessionManager.start', () => {
  test('issues a one-time link under the base URL, expiring after session_ttl', async () => {
    const h = await makeManager({ sessionTtlSeconds: 600 });
    const { url, expiresAt } = await h.manager.start(person(), SECRETS.secretWord);
    assert.match(url, /^https:\/\/bot\.example\.com\/stormbot\/login\/[0-9a-f-]{36}$/);
    assert.equal(expiresAt, h.clock.now() + 600_000);
    const status = await h.manager.status(person());
    assert.equal(status.state, 'pending');
    assert.equal(status.session?.id, linkIdOf(url));
  });

  test('adds the missing slash to the base URL', async () => {
    const h = await makeManager({ baseUrl: () => 'http://127.0.0.1:8080' });
    const { url } = await h.manager.start(person(), 'word');
    assert.match(url, /^http:\/\/127\.0\.0\.1:8080\/login\//);
  });

  test('refuses an empty or overlong secret word', async () => {
    const h = await makeManager();
    await assert.rejects(h.manager.start(person(), '   '), { name: 'CommandError' });
    await assert.rejects(h.manager.start(person(), 'x'.repeat(201)), {
      name: 'CommandError',
      message: /too long/,
    });
  });

  test('stores only a salted scrypt hash of the secret word', async () => {
    const h = await makeManager();
    await h.manager.start(person(), SECRETS.secretWord);
    const dump = await h.dump();
    assertNoSecrets(dump);
    assert.match(dump, /"secretHash":"scrypt:1024:8:1:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+"/);
  });

  test('a new link replaces the unused earlier one', async () => {
    const h = await makeManager();
    const first = await h.manager.start(person(), SECRETS.secretWord);
    await h.manager.start(person(), SECRETS.secretWord);
    const result = await h.manager.authenticate(linkIdOf(first.url), tokenAttempt, '10.0.0.1');
    assert.equal(result.returnCode, LoginCode.SessionInvalid);
    assert.equal(h.validator.calls.length, 0);
  });
});

describe('SessionManager.authenticate', () => {
  for (const [attempt, kind] of [
    [passwordAttempt, 'token'],
    [tokenAttempt, 'token'],
    [keyAttempt, 'apiKey'],
  ] as const) {
    test(`signs in with ${attempt.method} and keeps only the ${kind}`, async () => {
      const h = await makeManager({ userTokenTtlSeconds: 7200 });
      const { url } = await h.manager.start(person(), SECRETS.secretWord);
      const result = await h.manager.authenticate(linkIdOf(url), attempt, '10.0.0.1');
      assert.deepEqual(
        { authenticated: result.authenticated, code: result.returnCode, http: result.httpStatus },
        { authenticated: true, code: 0, http: 200 },
      );
      assert.match(
        result.message,
        /^Successfully associated StackStorm credentials for StackStorm user "alice"/,
      );
      const credentials = await h.manager.credentialsFor(person());
      const secret = credentials?.kind === 'apiKey' ? credentials.apiKey : credentials?.token;
      assert.equal(credentials?.kind, kind);
      if (attempt.method === 'password') {
        assert.deepEqual(h.validator.calls, ['password ttl=7200']);
        assert.equal(secret, h.validator.issued[0]);
      } else {
        assert.equal(secret, kind === 'apiKey' ? SECRETS.apiKey : SECRETS.token);
      }
      const dump = await h.dump();
      assertNoSecrets(dump);
      for (const issued of h.validator.issued)
        assert.ok(!dump.includes(issued), 'issued token in clear');
      assertNoSecrets(h.logs.text());
      assert.equal((await h.manager.status(person())).state, 'active');
    });
  }

  test('tampered stored credentials are dropped and the person is asked to sign in again', async () => {
    const h = await makeManager();
    const { url } = await h.manager.start(person(), SECRETS.secretWord);
    await h.manager.authenticate(linkIdOf(url), keyAttempt, '10.0.0.1');
    const secrets = h.store.namespace('credentials');
    const [key] = await secrets.keys();
    assert.ok(key, 'a sealed credential is stored');
    const sealed = (await secrets.get(key)) ?? '';
    const flipped = sealed.slice(0, -2) + (sealed.endsWith('AA') ? 'BB' : 'AA');
    await secrets.set(key, flipped);
    assert.equal(await h.manager.credentialsFor(person()), undefined);
    assert.equal((await h.manager.status(person())).state, 'expired');
    assert.match(h.logs.text(), /stored credentials cannot be decrypted/);
  });

  test('the link works once', async () => {
    const h = await makeManager();
    const { url } = await h.manager.start(person(), SECRETS.secretWord);
    const id = linkIdOf(url);
    assert.equal((await h.manager.authenticate(id, tokenAttempt, '10.0.0.1')).authenticated, true);
    const second = await h.manager.authenticate(id, keyAttempt, '10.0.0.1');
    assert.equal(second.authenticated, false);
    assert.equal(second.returnCode, LoginCode.SessionInvalid);
    assert.match(second.message, /already been used/);
    assert.equal((await h.manager.credentialsFor(person()))?.kind, 'token');
  });

  test('two attempts at the same time: only one gets through', async () => {
    const h = await makeManager();
    const { url } = await h.manager.start(person(), SECRETS.secretWord);
    const id = linkIdOf(url);
    const results = await Promise.all([
      h.manager.authenticate(id, tokenAttempt, '10.0.0.1'),
      h.manager.authenticate(id, keyAttempt, '10.0.0.2'),
    ]);
    assert.equal(results.filter((r) => r.authenticated).length, 1);
    assert.equal(results.filter((r) => r.returnCode === LoginCode.SessionInvalid).length, 1);
  });

  test('an expired link is refused', async () => {
    const h = await makeManager({ sessionTtlSeconds: 300 });
    const { url } = await h.manager.start(person(), SECRETS.secretWord);
    await h.clock.advance(300_000);
    const result = await h.manager.authenticate(linkIdOf(url), tokenAttempt, '10.0.0.1');
    assert.equal(result.returnCode, LoginCode.SessionInvalid);
    assert.match(result.message, /not valid or has expired/);
    assert.equal(h.validator.calls.length, 0);
    assert.equal((await h.manager.status(person())).state, 'none');
  });

  test('a link one millisecond before expiry still works', async () => {
    const h = await makeManager({ sessionTtlSeconds: 300 });
    const { url } = await h.manager.start(person(), SECRETS.secretWord);
    await h.clock.advance(299_999);
    assert.equal(
      (await h.manager.authenticate(linkIdOf(url), tokenAttempt, '10.0.0.1')).authenticated,
      true,
    );
  });

  test('unknown and malformed link ids are refused with code 2', async () => {
    const h = await makeManager();
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', '../../etc/passwd']) {
      const result = await h.manager.authenticate(id, tokenAttempt, '10.0.0.1');
      assert.equal(result.returnCode, LoginCode.SessionInvalid);
      assert.ok(!result.message.includes('passwd'));
    }
  });

  test('a wrong secret word is refused before StackStorm is asked', async () => {
    const h = await makeManager();
    const { url } = await h.manager.start(person(), SECRETS.secretWord);
    const result = await h.manager.authenticate(
      linkIdOf(url),
      { ...tokenAttempt, secretWord: 'red pelican!' },
      '10.0.0.1',
    );
    assert.equal(result.returnCode, LoginCode.WrongSecretWord);
    assert.match(result.message, /secret word does not match.*4 attempts left/);
    assert.equal(h.validator.calls.length, 0);
    assert.equal(await h.manager.credentialsFor(person()), undefined);
  });

  test('the secret word ignores surrounding spaces and Unicode form', async () => {
    const h = await makeManager();
    const { url } = await h.manager.start(person(), 'caf\u00e9');
    const result = await h.manager.authenticate(
      linkIdOf(url),
      { ...tokenAttempt, secretWord: '  cafe\u0301 ' },
      '10.0.0.1',
    );
    assert.equal(result.authenticated, true);
  });

  test('five failed attempts burn the link', async () => {
    const h = await makeManager();
    const { url } = await h.manager.start(person(), SECRETS.secretWord);
    const id = linkIdOf(url);
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      codes.push(
        (
          await h.manager.authenticate(
            id,
            { ...tokenAttempt, secretWord: `guess ${i}` },
            '10.0.0.1',
          )
        ).returnCode,
      );
    }
    // A wrong token counts too.
    const last = await h.manager.authenticate(
      id,
      { ...tokenAttempt, token: 'f'.repeat(32) },
      '10.0.0.1',
    );
    codes.push(last.returnCode);
    assert.deepEqual(codes, [5, 5, 5, 5, LoginCode.TooManyAttempts]);
    assert.match(last.message, /no longer works/);
    const correct = await h.manager.authenticate(id, tokenAttempt, '10.0.0.1');
    assert.equal(correct.returnCode, LoginCode.SessionInvalid);
    assert.equal(await h.manager.credentialsFor(person()), undefined);
  });

  test('credentials StackStorm rejects are answered with code 6, and the link stays usable', async () => {
    const h = await makeManager();
    const { url } = await h.manager.start(person(), SECRETS.secretWord);
    const id = linkIdOf(url);
    const wrong = await h.manager.authenticate(
      id,
      { ...passwordAttempt, password: 'nope' },
      '10.0.0.1',
    );
    assert.equal(wrong.returnCode, LoginCode.InvalidCredentials);
    assert.match(wrong.message, /did not accept that username and password/);
    assert.match(
      (await h.manager.authenticate(id, { ...keyAttempt, apiKey: 'nope' }, '10.0.0.1')).message,
      /API key/,
    );
    assert.match(
      (await h.manager.authenticate(id, { ...tokenAttempt, token: 'nope' }, '10.0.0.1')).message,
      /token/,
    );
    assert.equal(
      (await h.manager.authenticate(id, passwordAttempt, '10.0.0.1')).authenticated,
      true,
    );
  });

  test('StackStorm down: code 9, not counted against the link', async () => {
    const h = await makeManager({ maxFailures: 1 });
    const { url } = await h.manager.start(person(), SECRETS.secretWord);
    const id = linkIdOf(url);
    h.validator.down = true;
    const down = await h.manager.authenticate(id, tokenAttempt, '10.0.0.1');
    assert.equal(down.returnCode, LoginCode.StackStormUnavailable);
    assert.equal(down.httpStatus, 503);
    h.validator.down = false;
    assert.equal((await h.manager.authenticate(id, tokenAttempt, '10.0.0.1')).authenticated, true);
  });

  test('incomplete payloads are code 3 and do not count', async () => {
    const h = await makeManager({ maxFailures: 1 });
    const { url } = await h.manager.start(person(), SECRETS.secretWord);
    const id = linkIdOf(url);
    for (const bad of [
      { ...tokenAttempt, secretWord: '' },
      { method: 'password', secretWord: SECRETS.secretWord, username: 'alice' },
      { method: 'token', secretWord: SECRETS.secretWord, token: '  ' },
      { method: 'apikey', secretWord: SECRETS.secretWord },
    ] satisfies LoginAttempt[]) {
      const result = await h.manager.authenticate(id, bad, '10.0.0.1');
      assert.equal(result.returnCode, LoginCode.InvalidPayload, JSON.stringify(bad.method));
      assert.equal(result.httpStatus, 400);
    }
    assert.equal((await h.manager.authenticate(id, keyAttempt, '10.0.0.1')).authenticated, true);
  });

  test('attempts are rate-limited per client address (token bucket)', async () => {
    const h = await makeManager({
      perAddress: { burst: 3, refillEveryMs: 10_000 },
      maxFailures: 100,
    });
    const { url } = await h.manager.start(person(), SECRETS.secretWord);
    const id = linkIdOf(url);
    const wrong = { ...tokenAttempt, secretWord: 'guess' };
    const codes = [];
    for (let i = 0; i < 4; i++)
      codes.push((await h.manager.authenticate(id, wrong, '10.0.0.9')).returnCode);
    assert.deepEqual(codes, [5, 5, 5, LoginCode.RateLimited]);
    const limited = await h.manager.authenticate(id, tokenAttempt, '10.0.0.9');
    assert.equal(limited.httpStatus, 429);
    assert.match(limited.message, /Try again in 10 seconds/);
    // Another address is not affected, and time refills the bucket.
    assert.equal((await h.manager.authenticate(id, wrong, '10.0.0.10')).returnCode, 5);
    await h.clock.advance(10_000);
    assert.equal((await h.manager.authenticate(id, tokenAttempt, '10.0.0.9')).authenticated, true);
  });

  test('an unexpected failure is code 90 and logged without secrets', async () => {
    const h = await makeManager();
    const { url } = await h.manager.start(person(), SECRETS.secretWord);
    h.validator.validateApiKey = () => Promise.reject(new TypeError('boom'));
    const result = await h.manager.authenticate(linkIdOf(url), keyAttempt, '10.0.0.1');
    assert.equal(result.returnCode, LoginCode.Unexpected);
    assert.equal(result.httpStatus, 500);
    assert.ok(!result.message.includes('boom'));
    assert.match(h.logs.text(), /sign-in failed unexpectedly/);
    assertNoSecrets(h.logs.text());
  });

  test('a token whose expiry already passed is not associated', async () => {
    const h = await makeManager();
    const { url } = await h.manager.start(person(), SECRETS.secretWord);
    h.validator.validateToken = () =>
      Promise.resolve({ user: 'alice', expiry: new Date(h.clock.now() - 1000).toISOString() });
    const result = await h.manager.authenticate(linkIdOf(url), tokenAttempt, '10.0.0.1');
    assert.equal(result.returnCode, LoginCode.InvalidCredentials);
  });
});

describe('SessionManager credentials and housekeeping', () => {
  async function signedIn(method: 'password' | 'token' | 'apikey' = 'password', ttl = 3600) {
    const h = await makeManager({ userTokenTtlSeconds: ttl });
    const { url } = await h.manager.start(person(), SECRETS.secretWord);
    const attempt =
      method === 'password' ? passwordAttempt : method === 'token' ? tokenAttempt : keyAttempt;
    assert.equal(
      (await h.manager.authenticate(linkIdOf(url), attempt, '10.0.0.1')).authenticated,
      true,
    );
    return h;
  }

  test('sessions are keyed by back-end and ACL key, never by display name', async () => {
    const h = await signedIn('apikey');
    assert.equal((await h.manager.credentialsFor(person('U123', 'Someone Else')))?.kind, 'apiKey');
    assert.equal(await h.manager.credentialsFor(person('U999', 'Alice')), undefined);
    assert.equal(
      await h.manager.credentialsFor({
        backend: 'slack',
        id: 'U123',
        name: 'Alice',
        aclKey: 'U123',
      }),
      undefined,
    );
  });

  test('a password-login token stops being handed out when its expiry passes', async () => {
    const h = await signedIn('password', 3600);
    await h.clock.advance(3599_000);
    assert.equal((await h.manager.credentialsFor(person()))?.kind, 'token');
    await h.clock.advance(1000);
    assert.equal(await h.manager.credentialsFor(person()), undefined);
    assert.equal((await h.manager.status(person())).state, 'expired');
  });

  test('markExpired: st2 rejected the token, the person must sign in again', async () => {
    const h = await signedIn('token');
    await h.manager.markExpired(person());
    assert.equal(await h.manager.credentialsFor(person()), undefined);
    assert.equal((await h.manager.status(person())).state, 'expired');
    assert.deepEqual(await h.store.namespace('credentials').keys(), []);
    // Signing in again restores them.
    const { url } = await h.manager.start(person(), 'other word');
    assert.equal((await h.manager.status(person())).state, 'pending');
    await h.manager.authenticate(
      linkIdOf(url),
      { ...keyAttempt, secretWord: 'other word' },
      '10.0.0.1',
    );
    assert.equal((await h.manager.credentialsFor(person()))?.kind, 'apiKey');
  });

  test('end removes the association and any pending link', async () => {
    const h = await signedIn('apikey');
    const { url } = await h.manager.start(person(), 'again');
    assert.equal(await h.manager.end(person()), true);
    assert.equal(await h.manager.credentialsFor(person()), undefined);
    assert.equal((await h.manager.status(person())).state, 'none');
    assert.equal(
      (
        await h.manager.authenticate(
          linkIdOf(url),
          { ...keyAttempt, secretWord: 'again' },
          '10.0.0.1',
        )
      ).returnCode,
      2,
    );
    assert.equal(await h.manager.end(person()), false);
  });

  test('list shows pending and active sessions without secrets; cancel removes by id', async () => {
    const h = await signedIn('token');
    await h.clock.advance(1000);
    const pending = await h.manager.start(person('U777', 'Bob'), 'bob word');
    const list = await h.manager.list();
    assert.deepEqual(
      list.map((s) => [s.user, s.name, s.state, s.method, s.st2User]),
      [
        ['U123', 'Alice', 'active', 'token', 'alice'],
        ['U777', 'Bob', 'pending', undefined, undefined],
      ],
    );
    assertNoSecrets(JSON.stringify(list));
    assert.ok(!JSON.stringify(list).includes('scrypt'));

    const cancelledLink = await h.manager.cancel(linkIdOf(pending.url));
    assert.equal(cancelledLink?.user, 'U777');
    const active = list[0];
    assert.ok(active);
    const cancelled = await h.manager.cancel(active.id);
    assert.equal(cancelled?.state, 'active');
    assert.equal(await h.manager.credentialsFor(person()), undefined);
    assert.deepEqual(await h.manager.list(), []);
    assert.equal(await h.manager.cancel(active.id), undefined);
  });

  test('credentials that no longer decrypt to this session are not used', async () => {
    const h = await signedIn('apikey');
    await h.store
      .namespace('credentials')
      .delete((await h.store.namespace('credentials').keys())[0] ?? '');
    assert.equal(await h.manager.credentialsFor(person()), undefined);
    assert.equal((await h.manager.status(person())).state, 'expired');
  });

  test('no secret appears in any log line of a full flow', async () => {
    const h = await signedIn('password');
    await h.manager.markExpired(person());
    await h.manager.end(person());
    assertNoSecrets(h.logs.text());
    for (const issued of h.validator.issued) assert.ok(!h.logs.text().includes(issued));
    assert.match(h.logs.text(), /StackStorm credentials associated/);
  });
});
