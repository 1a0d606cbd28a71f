/**
 * The sign-in page in real Chromium against the sandbox: a person asks for a link in the test
 * back-end, opens it, and signs in with each of the three methods; the link refuses a second
 * use; an expired link and a wrong secret word are refused.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { chromiumSkip, launchChromium } from '../support/chromium.js';
import { ManualClock } from '../support/clock.js';
import type { Principal } from '../../src/core/identity.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { sessionsFeature } from '../../src/sessions/commands.js';
import { SessionManager } from '../../src/sessions/manager.js';
import { createStore, openSecretStore, type KeyValueStore } from '../../src/store/index.js';
import type { St2UserCredentials } from '../../src/sessions/types.js';
import { createMetrics } from '../../src/web/metrics.js';
import { createWebServer, type WebServer } from '../../src/web/server.js';
import type { TestBackend } from '../../src/backends/test/index.js';
import { makeTestBot } from '../support/bot.js';
import { capturingLogger } from '../support/logs.js';
import { FetchValidator } from './support/fetch-validator.js';
import { tempDir } from '../support/temp.js';

const skip = chromiumSkip;

const PASSWORD = `pw-${randomBytes(6).toString('hex')}`;
const API_KEY = randomBytes(24).toString('base64url');
const USER_TOKEN_TTL = 7200;

describe('login page in Chromium against the sandbox', { skip }, () => {
  const logs = capturingLogger();
  const clock = new ManualClock(Date.now());
  let sandbox: Sandbox;
  let store: KeyValueStore;
  let manager: SessionManager;
  let web: WebServer;
  let backend: TestBackend;
  let context: BrowserContext;
  let profile: string;
  let userToken: string;
  const alice: Principal = { backend: 'test', id: 'alice', name: 'alice', aclKey: 'alice' };

  before(async () => {
    sandbox = await startSandbox({ users: { alice: PASSWORD }, apiKeys: [API_KEY] });
    const issued = await fetch(`${sandbox.authUrl}/tokens`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}` },
    });
    userToken = ((await issued.json()) as { token: string }).token;

    store = await createStore({ driver: 'memory', clock });
    let base = '';
    manager = new SessionManager({
      store,
      secrets: await openSecretStore(store, randomBytes(32)),
      validator: new FetchValidator(sandbox),
      baseUrl: () => base,
      sessionTtlSeconds: 600,
      userTokenTtlSeconds: USER_TOKEN_TTL,
      clock,
      logger: logs.logger,
    });
    web = await createWebServer({
      host: '127.0.0.1',
      port: 0,
      logger: logs.logger,
      health: () => Promise.resolve({ checks: {} }),
      metrics: createMetrics({ processMetrics: false }),
      sessions: manager,
    });
    base = await web.start();

    const bot = await makeTestBot();
    backend = bot.backend;
    bot.bot.use(sessionsFeature(bot.bot, manager, { clock }));

    profile = tempDir('chromium');
    context = await launchChromium(profile);
  });

  after(async () => {
    await context.close();
    await web.close();
    await sandbox.close();
    await store.close();
    await rm(profile, { recursive: true, force: true });
  });

  /** alice asks for a link in a direct message; resolves to the URL the bot replied with. */
  async function askForLink(secretWord: string): Promise<string> {
    const [reply] = await backend.say(`!st2session_start ${secretWord}`, { user: 'alice' });
    assert.equal(reply?.target.kind, 'direct');
    const url = /https?:\/\/\S+\/login\/[0-9a-f-]{36}/.exec(reply.message.text)?.[0];
    assert.ok(url, `no link in: ${reply.message.text}`);
    return url;
  }

  /** Open a page and collect console errors (a CSP violation shows up there). */
  async function open(url: string): Promise<{ page: Page; errors: string[] }> {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    const response = await page.goto(url);
    assert.equal(response?.status(), 200);
    return { page, errors };
  }

  /** Fill the form and submit; resolves to the result box's text. */
  async function signIn(
    page: Page,
    secretWord: string,
    method: 'password' | 'token' | 'apikey',
    values: { username?: string; password?: string; token?: string; apiKey?: string },
  ): Promise<string> {
    await page.getByLabel('Secret word').fill(secretWord);
    await page.getByLabel('Sign in with').selectOption(method);
    if (method === 'password') {
      await page.getByLabel('Username', { exact: true }).fill(values.username ?? '');
      await page.getByLabel('Password', { exact: true }).fill(values.password ?? '');
    } else if (method === 'token') {
      await page.getByLabel('Token', { exact: true }).fill(values.token ?? '');
    } else {
      await page.getByLabel('API key', { exact: true }).fill(values.apiKey ?? '');
    }
    await page.getByRole('button', { name: 'Sign in' }).click();
    const status = page.getByRole('status');
    await status.filter({ hasText: /Association (successful|failed)/ }).waitFor();
    return (await status.textContent())?.replace(/\s+/g, ' ').trim() ?? '';
  }

  async function worksAgainstSandbox(credentials: St2UserCredentials | undefined): Promise<number> {
    assert.ok(credentials);
    const headers: Record<string, string> =
      credentials.kind === 'token'
        ? { 'x-auth-token': credentials.token }
        : { 'st2-api-key': credentials.apiKey };
    return (await fetch(`${sandbox.apiUrl}/actionalias`, { headers })).status;
  }

  test('username and password: the bot keeps a token st2 issued with user_token_ttl', async () => {
    const url = await askForLink('pelican one');
    const { page, errors } = await open(url);
    const text = await signIn(page, 'pelican one', 'password', {
      username: 'alice',
      password: PASSWORD,
    });
    assert.match(
      text,
      /Association successful\. Successfully associated StackStorm credentials for StackStorm user "alice"/,
    );
    assert.deepEqual(errors, []);
    assert.equal(await page.getByRole('button', { name: 'Sign in' }).isDisabled(), true);
    const credentials = await manager.credentialsFor(alice);
    assert.equal(credentials?.kind, 'token');
    assert.notEqual(credentials.token, userToken);
    assert.equal(await worksAgainstSandbox(credentials), 200);
    const tokenRequests = sandbox.requests.filter(
      (r) => r.method === 'POST' && r.path === '/auth/v1/tokens',
    );
    assert.deepEqual(tokenRequests.at(-1)?.body, { ttl: USER_TOKEN_TTL });
    await page.close();
  });

  test('user token', async () => {
    const url = await askForLink('pelican two');
    const { page, errors } = await open(url);
    const text = await signIn(page, 'pelican two', 'token', { token: userToken });
    assert.match(text, /Association successful/);
    assert.deepEqual(errors, []);
    const credentials = await manager.credentialsFor(alice);
    assert.deepEqual(credentials?.kind === 'token' && credentials.token, userToken);
    assert.equal(await worksAgainstSandbox(credentials), 200);
    await page.close();
  });

  test('API key; then the same link refuses a second use', async () => {
    const url = await askForLink('pelican three');
    const { page } = await open(url);
    assert.match(
      await signIn(page, 'pelican three', 'apikey', { apiKey: API_KEY }),
      /Association successful/,
    );
    const credentials = await manager.credentialsFor(alice);
    assert.equal(credentials?.kind === 'apiKey' && credentials.apiKey, API_KEY);
    assert.equal(await worksAgainstSandbox(credentials), 200);
    await page.close();

    const again = await open(url);
    const text = await signIn(again.page, 'pelican three', 'token', { token: userToken });
    assert.match(text, /Association failed\. This sign-in link has already been used/);
    assert.equal(await again.page.getByRole('button', { name: 'Sign in' }).isDisabled(), true);
    assert.equal((await manager.credentialsFor(alice))?.kind, 'apiKey');
    await again.page.close();
  });

  test('credentials st2 rejects are refused, and the person may retry', async () => {
    const url = await askForLink('pelican four');
    const { page } = await open(url);
    const text = await signIn(page, 'pelican four', 'apikey', { apiKey: 'not-a-key' });
    assert.match(
      text,
      /Association failed\. StackStorm did not accept that API key.*4 attempts left/,
    );
    assert.equal(await page.getByRole('button', { name: 'Sign in' }).isEnabled(), true);
    assert.match(
      await signIn(page, 'pelican four', 'token', { token: userToken }),
      /Association successful/,
    );
    await page.close();
  });

  test('a wrong secret word is refused before st2 is asked', async () => {
    const url = await askForLink('pelican five');
    const before = sandbox.requests.length;
    const { page } = await open(url);
    const text = await signIn(page, 'pelican six', 'password', {
      username: 'alice',
      password: PASSWORD,
    });
    assert.match(text, /Association failed\. The secret word does not match/);
    assert.equal(sandbox.requests.length, before);
    assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '');
    await page.close();
  });

  test('an expired link is refused', async () => {
    const url = await askForLink('pelican seven');
    const { page } = await open(url);
    await clock.advance(600_000);
    const text = await signIn(page, 'pelican seven', 'token', { token: userToken });
    assert.match(text, /Association failed\. This sign-in link is not valid or has expired/);
    await page.close();
  });

  test('a malformed link shows a clear message instead of the form', async () => {
    const page = await context.newPage();
    const response = await page.goto(new URL('login/not-a-uuid', web.baseUrl).href);
    assert.equal(response?.status(), 404);
    await page.close();
  });

  test('no secret appears in the logs of the whole run', () => {
    const text = logs.text();
    for (const secret of [PASSWORD, API_KEY, userToken, 'pelican']) {
      assert.ok(!text.includes(secret), `leaked ${secret.slice(0, 3)}…`);
    }
    assert.match(text, /StackStorm credentials associated/);
  });
});
