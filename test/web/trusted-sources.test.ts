/**
 * The Exchange `hubot` pack's `post_message` (no token) reaching `POST /hubot/st2`: refused by
 * default with a log line that says what to do, accepted from `webhook.trusted_sources`. Real
 * HTTP on loopback.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { parseConfig } from '../../src/config/index.js';
import { parseTrustedSource, trustedSourceCheck } from '../../src/web/trusted-sources.js';
import { makeServer, WEBHOOK_TOKEN, type ServerHarness } from './support/server.js';

/** What `hubot.post_message` posts: `{channel, message, user?, whisper?}`, JSON, no token. */
const postMessageBody = JSON.stringify({
  channel: '#ops',
  message: 'deploy done',
  user: 'alice',
  whisper: false,
});

const servers: ServerHarness[] = [];
after(async () => {
  for (const s of servers) await s.server.close();
});

/** A listening server (token only, as most deployments have) with `trustedSources`. */
async function listening(trustedSources?: string[]): Promise<{ s: ServerHarness; url: string }> {
  const s = await makeServer({ webhook: { token: WEBHOOK_TOKEN, trustedSources } });
  servers.push(s);
  return { s, url: await s.server.start() };
}

async function post(
  url: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(new URL(path.slice(1), url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: postMessageBody,
  });
  return { status: res.status, body: await res.json() };
}

describe("hubot's post_message on /hubot/st2", () => {
  test('refused by default: 401, nothing delivered, a log line naming the setting', async () => {
    const { s, url } = await listening();
    const res = await post(url, '/hubot/st2');
    assert.equal(res.status, 401);
    assert.deepEqual(res.body, { status: 'failed', error: 'unauthorized' });
    assert.equal(s.sink.delivered.length, 0);
    assert.match(s.logs.text(), /webhook refused/);
    assert.match(
      s.logs.text(),
      /hubot's post_message sends none: list its address in webhook\.trusted_sources/,
    );
  });

  test("accepted from an allowed loopback address, with hubot's reply", async () => {
    const { s, url } = await listening(['127.0.0.0/8', '::1']);
    const res = await post(url, '/hubot/st2');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: 'completed', msg: 'Message posted successfully' });
    assert.deepEqual(
      s.sink.delivered.map((d) => [d.source, d.announcement.channel, d.announcement.user]),
      [['webhook', '#ops', 'alice']],
    );
  });

  test('a trusted address does not open /chatops/message, nor excuse a wrong token', async () => {
    const { s, url } = await listening(['127.0.0.1']);
    assert.equal((await post(url, '/chatops/message')).status, 401);
    assert.equal((await post(url, '/hubot/st2', { 'x-stormbot-token': 'wrong' })).status, 401);
    assert.equal(s.sink.delivered.length, 0);
  });

  test('an address outside the list is refused, and the log says which', async () => {
    const { s, url } = await listening(['10.0.0.0/8']);
    assert.equal((await post(url, '/hubot/st2')).status, 401);
    assert.match(s.logs.text(), /127\.0\.0\.1 is not in webhook\.trusted_sources/);
  });

  test('trusted sources alone turn the webhook on (no token or secret needed)', async () => {
    const s = await makeServer({ webhook: { trustedSources: ['127.0.0.1'] } });
    servers.push(s);
    const url = await s.server.start();
    assert.equal((await post(url, '/hubot/st2')).status, 200);
  });
});

describe('trusted source addresses', () => {
  test('addresses and CIDR ranges, IPv4 (also as IPv4-mapped IPv6) and IPv6', () => {
    const check = trustedSourceCheck(['127.0.0.1', '10.1.0.0/16', 'fd00::/8']);
    assert.equal(check('127.0.0.1'), true);
    assert.equal(check('::ffff:127.0.0.1'), true);
    assert.equal(check('10.1.200.3'), true);
    assert.equal(check('10.2.0.1'), false);
    assert.equal(check('fd12::5'), true);
    assert.equal(check('::1'), false);
    assert.equal(check(undefined), false);
    assert.equal(check('not an address'), false);
  });

  test('entries that are not addresses or ranges say why', () => {
    for (const entry of ['localhost', '10.0.0.0/33', '10.0.0.0/x', '1.2.3.4/8/9', '::/129']) {
      assert.equal(typeof parseTrustedSource(entry), 'string', entry);
    }
  });

  test('configuration: the file list, STORMBOT_WEBHOOK_TRUSTED_SOURCES, a bad entry, everything', () => {
    const fromFile = parseConfig({ webhook: { trusted_sources: ['127.0.0.1'] } }, {});
    assert.deepEqual(fromFile.webhook.trustedSources, ['127.0.0.1']);
    assert.equal(fromFile.web.enabled, true, 'the web server runs for the webhook');
    const fromEnv = parseConfig({}, { STORMBOT_WEBHOOK_TRUSTED_SOURCES: '127.0.0.1, 10.0.0.0/8' });
    assert.deepEqual(fromEnv.webhook.trustedSources, ['127.0.0.1', '10.0.0.0/8']);
    assert.deepEqual(parseConfig({}, {}).webhook.trustedSources, [], 'none by default');
    assert.throws(
      () => parseConfig({ webhook: { trusted_sources: ['bot.example.com'] } }, {}),
      /webhook\.trusted_sources.*not an IP address or a CIDR range/,
    );
    const open = parseConfig({ webhook: { trusted_sources: ['0.0.0.0/0'] } }, {});
    assert.ok(
      open.warnings.some((w) => /anyone who reaches the web server can post/.test(w)),
      'a warning for a range holding every address',
    );
  });
});
