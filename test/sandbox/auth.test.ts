import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  API_KEY,
  PASSWORD,
  basic,
  faultOf,
  startTestSandbox,
  type TestSandbox,
} from './helpers.js';

describe('POST /auth/v1/tokens', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startTestSandbox({
      users: { st2admin: PASSWORD, bob: 'pa:ss:word' },
      tokenTtlSeconds: 3600,
    });
  });
  after(() => t.close());

  // Bytes, so that fetch adds no Content-Type: st2 then assumes JSON.
  const tokens = (headers: Record<string, string>, body?: string) =>
    fetch(`${t.sandbox.authUrl}/tokens`, {
      method: 'POST',
      headers,
      ...(body !== undefined ? { body: new TextEncoder().encode(body) } : {}),
    });

  test('201 with the token body, UTC expiry with microseconds and X-API-URL', async () => {
    const res = await tokens({ authorization: basic('st2admin', PASSWORD) });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('x-api-url'), `${t.sandbox.url}/api`);
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body.user, 'st2admin');
    assert.match(String(body.token), /^[0-9a-f]{32}$/);
    assert.match(String(body.id), /^[0-9a-f]{24}$/);
    assert.deepEqual(body.metadata, {});
    assert.equal(body.service, false);
    assert.match(String(body.expiry), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    assert.equal(Date.parse(String(body.expiry)), t.clock.now() + 3600 * 1000);
  });

  test('a password may contain ":" (only the first one splits)', async () => {
    const res = await tokens({ authorization: basic('bob', 'pa:ss:word') });
    assert.equal(res.status, 201);
    assert.equal(((await res.json()) as { user: string }).user, 'bob');
  });

  test('the scheme word is case-insensitive', async () => {
    const value = basic('st2admin', PASSWORD).replace('Basic', 'bAsIc');
    assert.equal((await tokens({ authorization: value })).status, 201);
  });

  test('ttl sets the expiry; an empty JSON body and no Content-Type are fine', async () => {
    const res = await tokens(
      { authorization: basic('st2admin', PASSWORD), 'content-type': 'application/json' },
      JSON.stringify({ ttl: 60 }),
    );
    assert.equal(res.status, 201);
    const { expiry } = (await res.json()) as { expiry: string };
    assert.equal(Date.parse(expiry), t.clock.now() + 60_000);
    assert.equal((await tokens({ authorization: basic('st2admin', PASSWORD) }, '')).status, 201);
    assert.equal(
      (await tokens({ authorization: basic('st2admin', PASSWORD) }, '{"ttl": null}')).status,
      201,
    );
  });

  for (const [what, headers] of [
    ['no Authorization header', {}],
    ['a non-basic scheme', { authorization: 'Bearer abc' }],
    ['undecodable base64', { authorization: 'Basic %%%' }],
    ['no colon', { authorization: `Basic ${Buffer.from('st2admin').toString('base64')}` }],
    ['a wrong password', { authorization: basic('st2admin', 'nope') }],
    ['an unknown user', { authorization: basic('mallory', PASSWORD) }],
  ] as const) {
    test(`401 "Invalid or missing credentials" for ${what}`, async () => {
      const res = await tokens(headers);
      assert.equal(res.status, 401);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      assert.equal(await faultOf(res), 'Invalid or missing credentials');
    });
  }

  test('400 when ttl is above the maximum, with st2 text', async () => {
    const res = await tokens(
      { authorization: basic('st2admin', PASSWORD) },
      JSON.stringify({ ttl: 7200 }),
    );
    assert.equal(res.status, 400);
    assert.equal(await faultOf(res), 'TTL specified 7200 is greater than max allowed 3600.');
  });

  test('400 from schema validation for ttl < 1 or not an integer', async () => {
    const zero = await tokens({ authorization: basic('st2admin', PASSWORD) }, '{"ttl": 0}');
    assert.equal(zero.status, 400);
    assert.equal(await faultOf(zero), '0 is less than the minimum of 1');
    const text = await tokens({ authorization: basic('st2admin', PASSWORD) }, '{"ttl": "10"}');
    assert.equal(text.status, 400);
    assert.equal(await faultOf(text), "'10' is not of type 'integer', 'null'");
  });

  test('impersonation is refused for users that are not service users', async () => {
    const res = await tokens({ authorization: basic('st2admin', PASSWORD) }, '{"user": "bob"}');
    assert.equal(res.status, 400);
  });

  test('a body in an unsupported Content-Type is refused', async () => {
    const res = await fetch(`${t.sandbox.authUrl}/tokens`, {
      method: 'POST',
      headers: { authorization: basic('st2admin', PASSWORD), 'content-type': 'text/plain' },
      body: '{"ttl": 60}',
    });
    assert.equal(res.status, 400);
    assert.equal(
      await faultOf(res),
      'Failed to parse request body: Unsupported Content-Type: "text/plain"',
    );
  });

  test('an unparsable body is a 400 "Failed to parse request body"', async () => {
    const res = await tokens(
      { authorization: basic('st2admin', PASSWORD), 'content-type': 'application/json' },
      '{nope',
    );
    assert.equal(res.status, 400);
    assert.match(await faultOf(res), /^Failed to parse request body: /);
  });

  test('the direct service path /v1/tokens works too', async () => {
    const res = await fetch(`${t.sandbox.url}/v1/tokens`, {
      method: 'POST',
      headers: { authorization: basic('st2admin', PASSWORD) },
    });
    assert.equal(res.status, 201);
  });
});

describe('credentials on API calls (docs/reference/st2-api.md §1.2, §1.3)', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startTestSandbox({ tokenTtlSeconds: 3600 });
  });
  after(() => t.close());

  const get = (query = '', headers: Record<string, string> = {}) =>
    fetch(`${t.sandbox.apiUrl}/actionalias${query}`, { headers });

  test('no credentials: 401 "Unauthorized - One of Token or API key required."', async () => {
    const res = await get();
    assert.equal(res.status, 401);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(await faultOf(res), 'Unauthorized - One of Token or API key required.');
  });

  test('unknown token: 401 "Unauthorized"', async () => {
    const res = await get('', { 'x-auth-token': '0'.repeat(32) });
    assert.equal(res.status, 401);
    assert.equal(await faultOf(res), 'Unauthorized');
  });

  test('unknown API key: 401 naming the sha256 of the key', async () => {
    const res = await get('', { 'st2-api-key': 'not-a-key' });
    assert.equal(res.status, 401);
    const hash = createHash('sha256').update('not-a-key').digest('hex');
    assert.equal(await faultOf(res), `Unauthorized - ApiKey with key_hash=${hash} not found.`);
  });

  test('disabled API key: 401 "Unauthorized - API key is disabled."', async () => {
    t.sandbox.faults.setApiKeyEnabled(API_KEY, false);
    try {
      const res = await get('', { 'st2-api-key': API_KEY });
      assert.equal(res.status, 401);
      assert.equal(await faultOf(res), 'Unauthorized - API key is disabled.');
    } finally {
      t.sandbox.faults.setApiKeyEnabled(API_KEY, true);
    }
  });

  test('expired token: 401 "Unauthorized - Token has expired."', async () => {
    const res = await fetch(`${t.sandbox.authUrl}/tokens`, {
      method: 'POST',
      headers: { authorization: basic('st2admin', PASSWORD), 'content-type': 'application/json' },
      body: '{"ttl": 10}',
    });
    const { token } = (await res.json()) as { token: string };
    assert.equal((await get('', { 'x-auth-token': token })).status, 200);
    await t.clock.advance(10_000);
    const expired = await get('', { 'x-auth-token': token });
    assert.equal(expired.status, 401);
    assert.equal(await faultOf(expired), 'Unauthorized - Token has expired.');
  });

  test('each place a credential can be: headers, query parameters, cookie', async () => {
    assert.equal((await get('', { 'X-Auth-Token': t.token })).status, 200);
    assert.equal((await get('', { 'St2-Api-Key': API_KEY })).status, 200);
    assert.equal((await get(`?x-auth-token=${t.token}`)).status, 200);
    assert.equal((await get(`?st2-api-key=${API_KEY}`)).status, 200);
    assert.equal((await get('', { cookie: `auth-token=${t.token}` })).status, 200);
    // Query parameter names are case-sensitive.
    assert.equal((await get(`?X-Auth-Token=${t.token}`)).status, 401);
  });

  test('the first credential present is used, with no fallback when it is invalid', async () => {
    const res = await get('', { 'x-auth-token': 'bad', 'st2-api-key': API_KEY });
    assert.equal(res.status, 401);
    assert.equal(await faultOf(res), 'Unauthorized');
    const headerWins = await get('?x-auth-token=bad', { 'st2-api-key': API_KEY });
    assert.equal(headerWins.status, 200);
  });

  test('a token caller gets the auth-token cookie', async () => {
    const res = await get('', { 'x-auth-token': t.token });
    assert.match(
      res.headers.get('set-cookie') ?? '',
      new RegExp(`^auth-token=${t.token}; Max-Age=\\d+; HttpOnly; Path=/; SameSite=lax$`),
    );
  });

  test('X-Request-ID is echoed, or generated', async () => {
    const echoed = await get('', { 'x-auth-token': t.token, 'x-request-id': 'req-42' });
    assert.equal(echoed.headers.get('x-request-id'), 'req-42');
    const generated = await get();
    assert.ok((generated.headers.get('x-request-id') ?? '').length > 0);
  });

  test('POST /auth/v1/tokens/validate answers {valid} and needs credentials', async () => {
    const validate = (
      body: unknown,
      headers: Record<string, string> = { 'x-auth-token': t.token },
    ) =>
      fetch(`${t.sandbox.authUrl}/tokens/validate`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const ok = await validate({ token: t.token });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { valid: true });
    assert.deepEqual(await (await validate({ token: 'f'.repeat(32) })).json(), { valid: false });
    const missing = await validate({});
    assert.equal(missing.status, 400);
    assert.equal(await faultOf(missing), 'Token is not provided.');
    assert.equal((await validate({ token: t.token }, {})).status, 401);
  });

  test('GET /api/v1/ answers the API info to authenticated callers', async () => {
    const res = await fetch(`${t.sandbox.apiUrl}/`, { headers: { 'st2-api-key': API_KEY } });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { version: string; docs_url: string };
    assert.match(body.version, /^\d+\.\d+/);
    assert.equal((await fetch(`${t.sandbox.apiUrl}/`)).status, 401);
  });

  test('unknown paths give 404 with a faultstring', async () => {
    const res = await fetch(`${t.sandbox.apiUrl}/nothing-here`, {
      headers: { 'x-auth-token': t.token },
    });
    assert.equal(res.status, 404);
    assert.equal(typeof (await faultOf(res)), 'string');
  });
});
