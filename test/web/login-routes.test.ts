import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { SessionManagerOptions } from '../../src/sessions/types.js';
import type { WebServerOptions } from '../../src/web/server.js';
import { SECRETS, linkIdOf, makeManager, person, type ManagerHarness } from './support/sessions.js';
import { makeServer, type ServerHarness } from './support/server.js';

const servers: ServerHarness[] = [];
after(async () => {
  for (const s of servers) await s.server.close();
});

interface Setup {
  readonly h: ManagerHarness;
  readonly s: ServerHarness;
  readonly id: string;
  readonly base: string;
}

async function setup(
  options: {
    base?: string;
    server?: Partial<Omit<WebServerOptions, 'clock'>>;
    manager?: Partial<SessionManagerOptions>;
  } = {},
): Promise<Setup> {
  const base = options.base ?? 'http://bot.test/';
  const h = await makeManager({ baseUrl: base, ...options.manager });
  const s = await makeServer({
    baseUrl: base,
    sessions: h.manager,
    clock: h.clock,
    ...options.server,
  });
  servers.push(s);
  const { url } = await h.manager.start(person(), SECRETS.secretWord);
  return { h, s, id: linkIdOf(url), base };
}

function authenticate(
  t: Setup,
  body: unknown,
  headers: Record<string, string> = {},
  path = `/login/authenticate/${t.id}`,
) {
  const base = new URL(t.base);
  return t.s.server.app.inject({
    method: 'POST',
    url: path,
    payload: typeof body === 'string' ? body : JSON.stringify(body),
    headers: {
      host: base.host,
      origin: base.origin,
      'content-type': 'application/json',
      ...headers,
    },
  });
}

const tokenBody = { method: 'token', secret_word: SECRETS.secretWord, token: SECRETS.token };

describe('login page', () => {
  test('served at <base>login/<uuid> with strict headers', async () => {
    const t = await setup();
    const res = await t.s.server.app.inject({
      method: 'GET',
      url: `/login/${t.id}`,
      headers: { host: 'bot.test' },
    });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/);
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /(^|;)default-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|upgrade-insecure-requests/);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.equal(res.headers['cross-origin-opener-policy'], 'same-origin');
    assert.equal(res.headers['cross-origin-resource-policy'], 'same-origin');
  });

  test('the page has no inline script, no external resource, relative links and the labels', async () => {
    const t = await setup();
    const html = (
      await t.s.server.app.inject({
        method: 'GET',
        url: `/login/${t.id}`,
        headers: { host: 'bot.test' },
      })
    ).body;
    const scripts = html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.match(scripts.join(''), /^<script src="assets\/login\.js" defer><\/script>$/);
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
    assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//, 'no absolute or CDN URLs');
    assert.doesNotMatch(html, /(src|href)="\//, 'links are relative');
    assert.doesNotMatch(html, /style="/);
    for (const label of ['Secret word', 'Username', 'Password', 'Token', 'API key']) {
      assert.match(html, new RegExp(`<label for="[a-z-]+">${label}</label>`));
    }
    assert.match(html, /<button id="submit" type="submit">Sign in<\/button>/);
  });

  test('its stylesheet and script are served from the package, also under no-store', async () => {
    const t = await setup();
    const js = await t.s.server.app.inject({ method: 'GET', url: '/login/assets/login.js' });
    assert.equal(js.statusCode, 200);
    assert.match(String(js.headers['content-type']), /javascript/);
    assert.match(js.body, /authenticate\//);
    assert.equal(js.headers['cache-control'], 'no-store');
    const css = await t.s.server.app.inject({ method: 'GET', url: '/login/assets/login.css' });
    assert.equal(css.statusCode, 200);
    assert.match(String(css.headers['content-type']), /text\/css/);
    const missing = await t.s.server.app.inject({
      method: 'GET',
      url: '/login/assets/../index.html',
    });
    assert.notEqual(missing.statusCode, 200);
  });

  test('only at the configured host; malformed ids are 404', async () => {
    const t = await setup();
    const elsewhere = await t.s.server.app.inject({
      method: 'GET',
      url: `/login/${t.id}`,
      headers: { host: 'evil.test' },
    });
    assert.equal(elsewhere.statusCode, 421);
    const bad = await t.s.server.app.inject({
      method: 'GET',
      url: '/login/not-a-uuid',
      headers: { host: 'bot.test' },
    });
    assert.equal(bad.statusCode, 404);
  });

  test("err-stackstorm's index.html?uuid= link redirects to the page (relative)", async () => {
    const t = await setup();
    const res = await t.s.server.app.inject({ method: 'GET', url: `/index.html?uuid=${t.id}` });
    assert.equal(res.statusCode, 302);
    assert.equal(res.headers.location, `login/${t.id}`);
    const bad = await t.s.server.app.inject({
      method: 'GET',
      url: '/index.html?uuid=javascript:alert(1)',
    });
    assert.equal(bad.statusCode, 404);
  });

  test('without a sign-in service there is no login page', async () => {
    const s = await makeServer();
    servers.push(s);
    const res = await s.server.app.inject({
      method: 'GET',
      url: '/login/00000000-0000-4000-8000-000000000000',
      headers: { host: 'bot.test' },
    });
    assert.equal(res.statusCode, 404);
  });
});

describe('POST login/authenticate/<uuid>', () => {
  test('associates the credentials and answers in err-stackstorm shape', async () => {
    const t = await setup();
    const res = await authenticate(t, tokenBody);
    assert.equal(res.statusCode, 200);
    const body = res.json<{ authenticated: boolean; return_code: number; message: string }>();
    assert.deepEqual(Object.keys(body).sort(), ['authenticated', 'message', 'return_code']);
    assert.equal(body.authenticated, true);
    assert.equal(body.return_code, 0);
    assert.equal((await t.h.manager.credentialsFor(person()))?.kind, 'token');
    const again = await authenticate(t, tokenBody);
    assert.equal(again.json<{ return_code: number }>().return_code, 2);
  });

  test("accepts err-stackstorm's field names and infers the method", async () => {
    for (const body of [
      { shared_word: SECRETS.secretWord, user_token: SECRETS.token },
      { shared_word: SECRETS.secretWord, api_key: SECRETS.apiKey },
      { shared_word: SECRETS.secretWord, username: 'alice', password: SECRETS.password },
    ]) {
      const t = await setup();
      const res = await authenticate(t, body);
      assert.equal(
        res.json<{ authenticated: boolean }>().authenticated,
        true,
        Object.keys(body).join(),
      );
    }
  });

  test('invalid payloads are code 3 and never echo a submitted value', async () => {
    const t = await setup();
    const cases: unknown[] = [
      {
        shared_word: SECRETS.secretWord,
        username: 'alice',
        password: SECRETS.password,
        api_key: SECRETS.apiKey,
      },
      { shared_word: SECRETS.secretWord },
      { method: 'kerberos', secret_word: SECRETS.secretWord },
      { method: 'token', secret_word: SECRETS.secretWord, token: 42 },
      '{"method": "token", ',
      '[]',
    ];
    for (const body of cases) {
      const res = await authenticate(t, body);
      assert.equal(res.statusCode, 400, JSON.stringify(body));
      const answer = res.json<{ authenticated: boolean; return_code: number; message: string }>();
      assert.equal(answer.return_code, 3);
      assert.equal(answer.authenticated, false);
      assert.match(answer.message, /^Invalid authentication payload/);
      for (const secret of Object.values(SECRETS)) assert.ok(!answer.message.includes(secret));
    }
    // None of these counted against the link.
    assert.equal((await authenticate(t, tokenBody)).json<{ return_code: number }>().return_code, 0);
  });

  test('a form post (not JSON) is refused', async () => {
    const t = await setup();
    const res = await authenticate(t, new URLSearchParams(tokenBody).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json<{ return_code: number }>().return_code, 3);
    assert.equal(await t.h.manager.credentialsFor(person()), undefined);
  });

  test('cross-origin and misdirected requests are refused with code 10', async () => {
    const t = await setup();
    const headerSets: Record<string, string>[] = [
      { origin: 'http://evil.test' },
      { origin: 'https://bot.test' },
      { origin: 'null' },
      { origin: '' },
      { host: 'evil.test' },
    ];
    for (const headers of headerSets) {
      const res = await authenticate(t, tokenBody, headers);
      assert.equal(res.statusCode, 403, JSON.stringify(headers));
      assert.equal(res.json<{ return_code: number }>().return_code, 10);
    }
    assert.equal(t.h.validator.calls.length, 0);
    assert.equal(await t.h.manager.credentialsFor(person()), undefined);
    assert.match(t.s.logs.text(), /cross-origin sign-in request refused/);
  });

  test('wrong secret word: code 5 through HTTP', async () => {
    const t = await setup();
    const res = await authenticate(t, { ...tokenBody, secret_word: 'nope' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(
      { ...res.json<object>(), message: undefined },
      { authenticated: false, return_code: 5, message: undefined },
    );
  });

  test('the outer per-address limit answers 429 with code 8', async () => {
    const t = await setup({ server: { loginRequestsPerMinute: 2 } });
    const bad = { ...tokenBody, secret_word: 'nope' };
    assert.equal((await authenticate(t, bad)).statusCode, 200);
    assert.equal((await authenticate(t, bad)).statusCode, 200);
    const limited = await authenticate(t, tokenBody);
    assert.equal(limited.statusCode, 429);
    assert.deepEqual(
      { ...limited.json<object>(), message: undefined },
      { authenticated: false, return_code: 8, message: undefined },
    );
    assert.ok(limited.headers['retry-after']);
  });

  test('works under a base path, with and without the prefix passed through', async () => {
    const t = await setup({ base: 'https://chat.example.com/stormbot/' });
    const page = await t.s.server.app.inject({
      method: 'GET',
      url: `/stormbot/login/${t.id}`,
      headers: { host: 'chat.example.com' },
    });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['strict-transport-security']), /max-age=/);
    const stripped = await t.s.server.app.inject({
      method: 'GET',
      url: `/login/${t.id}`,
      headers: { host: 'chat.example.com' },
    });
    assert.equal(stripped.statusCode, 200);
    const res = await authenticate(t, tokenBody, {}, `/stormbot/login/authenticate/${t.id}`);
    assert.equal(res.json<{ authenticated: boolean }>().authenticated, true);
  });

  test('behind a trusted proxy the forwarded host counts; untrusted, it does not', async () => {
    const forwarded = {
      host: '127.0.0.1:3141',
      'x-forwarded-host': 'chat.example.com',
      'x-forwarded-proto': 'https',
    };
    const trusted = await setup({
      base: 'https://chat.example.com/',
      server: { trustProxy: true },
    });
    const ok = await trusted.s.server.app.inject({
      method: 'GET',
      url: `/login/${trusted.id}`,
      headers: forwarded,
    });
    assert.equal(ok.statusCode, 200);
    const untrusted = await setup({ base: 'https://chat.example.com/' });
    const refused = await untrusted.s.server.app.inject({
      method: 'GET',
      url: `/login/${untrusted.id}`,
      headers: forwarded,
    });
    assert.equal(refused.statusCode, 421);
    const hops = await setup({ base: 'https://chat.example.com/', server: { trustProxy: 1 } });
    const viaHop = await hops.s.server.app.inject({
      method: 'GET',
      url: `/login/${hops.id}`,
      headers: forwarded,
    });
    // fastify never believes X-Forwarded-* with a bare hop count (it cannot check the peer).
    assert.equal(viaHop.statusCode, 421);
  });

  test('the client address fed to the per-address limit is the proxy-reported one when trusted', async () => {
    const t = await setup({
      server: { trustProxy: true },
      manager: { perAddress: { burst: 1, refillEveryMs: 60_000 }, maxFailures: 100 },
    });
    const bad = { ...tokenBody, secret_word: 'nope' };
    assert.equal(
      (await authenticate(t, bad, { 'x-forwarded-for': '203.0.113.1' })).json<{
        return_code: number;
      }>().return_code,
      5,
    );
    assert.equal(
      (await authenticate(t, bad, { 'x-forwarded-for': '203.0.113.1' })).json<{
        return_code: number;
      }>().return_code,
      8,
    );
    assert.equal(
      (await authenticate(t, bad, { 'x-forwarded-for': '203.0.113.2' })).json<{
        return_code: number;
      }>().return_code,
      5,
    );
  });

  test('no secret reaches the server logs', async () => {
    const t = await setup();
    await authenticate(t, { ...tokenBody, secret_word: 'nope' });
    await authenticate(t, {
      method: 'password',
      secret_word: SECRETS.secretWord,
      username: 'alice',
      password: SECRETS.password,
    });
    const logs = t.s.logs.text() + t.h.logs.text();
    for (const secret of Object.values(SECRETS)) assert.ok(!logs.includes(secret));
    assert.ok(!logs.includes(t.id), 'the full link id is not logged');
  });
});
