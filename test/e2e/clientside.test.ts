/**
 * Issue 6 end to end: per-user StackStorm identity through the whole bot. A person asks for a
 * sign-in link, signs in in real Chromium with each method, and their next alias execution
 * reaches st2 with their own credentials. A restart over SQLite keeps the association, the
 * database holds no plaintext token, and no secret reaches the logs.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { chromiumSkip, launchChromium } from '../support/chromium.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { freePort } from '../support/ports.js';
import { tempDir } from '../support/temp.js';

const skip = chromiumSkip;

const PASSWORD = `pw-${randomBytes(6).toString('hex')}`;
const PERSON_KEY = `key-${randomBytes(12).toString('hex')}`;
const SECRET_KEY = randomBytes(32).toString('base64');

describe('client-side auth through the whole bot', { skip }, () => {
  let sandbox: Sandbox;
  let t: TestApp;
  let dir: string;
  let context: BrowserContext;
  let config: Record<string, unknown>;
  const seen: string[] = [];

  before(async () => {
    dir = tempDir('clientside');
    sandbox = await startSandbox({
      users: { st2admin: 'Ch@ngeMe', alice: PASSWORD },
      apiKeys: ['bot-api-key', PERSON_KEY],
    });
    const port = await freePort();
    config = {
      bot: { data_dir: dir },
      store: { driver: 'sqlite', path: join(dir, 'stormbot.db') },
      web: { enabled: true, host: '127.0.0.1', port },
      stackstorm: { rbac_auth: { clientside: { url: `http://127.0.0.1:${port}/` } } },
    };
    t = await startTestApp({
      reuseSandbox: sandbox,
      config,
      env: { STORMBOT_SECRET_KEY: SECRET_KEY },
    });
    context = await launchChromium(join(dir, 'profile'));
  });

  after(async () => {
    await context.close();
    await t.close();
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** alice asks for a link in a DM and signs in on the page; resolves to the page's verdict. */
  async function signIn(
    word: string,
    method: 'password' | 'token' | 'apikey',
    value: string,
  ): Promise<string> {
    const [reply] = await t.backend.say(`!st2session_start ${word}`, { user: 'alice' });
    const url = /https?:\/\/\S+\/login\/[0-9a-f-]{36}/.exec(reply?.message.text ?? '')?.[0];
    assert.ok(url, `no link in: ${reply?.message.text}`);
    const page = await context.newPage();
    await page.goto(url);
    await page.getByLabel('Secret word').fill(word);
    await page.getByLabel('Sign in with').selectOption(method);
    if (method === 'password') {
      await page.getByLabel('Username', { exact: true }).fill('alice');
      await page.getByLabel('Password', { exact: true }).fill(value);
    } else {
      await page.getByLabel(method === 'token' ? 'Token' : 'API key', { exact: true }).fill(value);
    }
    await page.getByRole('button', { name: 'Sign in' }).click();
    const status = page.getByRole('status');
    await status.filter({ hasText: /Association (successful|failed)/ }).waitFor();
    const text = (await status.textContent()) ?? '';
    await page.close();
    return text;
  }

  /** alice runs an alias; resolves to the auth headers st2 saw on that execution. */
  async function execute(): Promise<{ token?: string; key?: string }> {
    const [ack] = await t.backend.say('!st2 greet Hi', { room: '#ops', user: 'alice' });
    assert.match(ack?.message.text ?? '', /details available at/, ack?.message.text);
    const req = sandbox.requests.filter((r) => r.path === '/api/v1/aliasexecution').at(-1);
    assert.ok(req);
    return { token: req.headers['x-auth-token'], key: req.headers['st2-api-key'] };
  }

  test('without a session the person is told how to sign in', async () => {
    const [reply] = await t.backend.say('!st2 greet Hi', { room: '#ops', user: 'alice' });
    const text = reply?.message.text ?? '';
    assert.match(text, /Send me "!st2session_start <secret word>" in a direct message/);
    assert.equal(text.split('<secret word>').length, 2, `the placeholder once: ${text}`);
  });

  test('password: the next execution carries the token st2 issued to alice', async () => {
    assert.match(await signIn('heron one', 'password', PASSWORD), /Association successful/);
    const token = (
      (await t.app.sessions?.credentialsFor(t.backend.principal('alice'))) as
        { token?: string } | undefined
    )?.token;
    assert.ok(token);
    seen.push(token);
    assert.deepEqual(await execute(), { token, key: undefined });
  });

  test('user token: the next execution carries that token', async () => {
    const res = await fetch(`${sandbox.authUrl}/tokens`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}` },
    });
    const token = ((await res.json()) as { token: string }).token;
    seen.push(token);
    assert.match(await signIn('heron two', 'token', token), /Association successful/);
    assert.deepEqual(await execute(), { token, key: undefined });
  });

  test('API key: the next execution carries the key', async () => {
    assert.match(await signIn('heron three', 'apikey', PERSON_KEY), /Association successful/);
    assert.deepEqual(await execute(), { token: undefined, key: PERSON_KEY });
  });

  test('a restart over SQLite keeps the association; the file holds no plaintext secret', async () => {
    await t.app.stop();
    t = await startTestApp({
      reuseSandbox: sandbox,
      config,
      env: { STORMBOT_SECRET_KEY: SECRET_KEY },
    });
    assert.deepEqual(await execute(), { token: undefined, key: PERSON_KEY });
    for (const file of readdirSync(dir).filter((f) => f.startsWith('stormbot.db'))) {
      const bytes = readFileSync(join(dir, file)).toString('latin1');
      for (const secret of [PERSON_KEY, PASSWORD, ...seen]) {
        assert.ok(!bytes.includes(secret), `${file} holds a plaintext secret`);
      }
    }
  });

  test("st2 rejecting the person's credentials asks them to sign in again", async () => {
    sandbox.faults.setApiKeyEnabled(PERSON_KEY, false);
    const [reply] = await t.backend.say('!st2 greet Hi', { room: '#ops', user: 'alice' });
    assert.match(reply?.message.text ?? '', /no longer accepts your sign-in.*st2session_start/s);
    const [next] = await t.backend.say('!st2 greet Hi', { room: '#ops', user: 'alice' });
    assert.match(next?.message.text ?? '', /st2session_start/);
  });

  test('no secret appears in the logs', () => {
    const text = t.logs.text();
    for (const secret of [PASSWORD, PERSON_KEY, SECRET_KEY, ...seen, 'heron']) {
      assert.ok(!text.includes(secret), `a secret leaked: ${secret.slice(0, 4)}…`);
    }
  });
});
