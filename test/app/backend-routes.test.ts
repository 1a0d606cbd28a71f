/**
 * The wiring of a back-end's HTTP routes (`ChatBackend.web`): the app mounts them on its web
 * server and tells the back-end the configured public URL, so Mattermost buttons post back to the
 * bot; without a configured `web.base_url` there are no buttons.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildApp, type App } from '../../src/app/build.js';
import { parseConfig } from '../../src/config/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { ALICE, BOB, OPS } from '../backends/mattermost/harness.js';
import { FAKE_TEAM, FakeMattermost, type FakeMattermostPost } from '../support/fake-mattermost.js';
import { capturingLogger, type CapturedLogger } from '../support/logs.js';
import { freePort } from '../support/ports.js';

/** The bot on the fake Mattermost with its web server on, `web` merged into the defaults. */
async function startBot(
  fake: FakeMattermost,
  sandbox: Sandbox,
  web: Record<string, unknown>,
): Promise<{ app: App; logs: CapturedLogger }> {
  const config = parseConfig(
    {
      backend: 'mattermost',
      backends: { mattermost: { url: fake.url, token: fake.token, team: FAKE_TEAM.name } },
      store: { driver: 'memory' },
      web: { enabled: true, host: '127.0.0.1', ...web },
      stackstorm: {
        api_url: sandbox.apiUrl,
        auth_url: sandbox.authUrl,
        stream_url: sandbox.streamUrl,
        api_auth: { apikey: 'routes-key' },
      },
    },
    {},
  );
  const logs = capturingLogger();
  const app = await buildApp(config, { logger: logs.logger, sandbox, env: {} });
  await app.start();
  return { app, logs };
}

/** The button actions of a post. */
function actionsOf(post: FakeMattermostPost): Record<string, unknown>[] {
  const attachments = (post.props.attachments ?? []) as { actions?: Record<string, unknown>[] }[];
  return attachments.flatMap((a) => a.actions ?? []);
}

describe('Mattermost buttons through the whole app', () => {
  let sandbox: Sandbox;
  let fake: FakeMattermost;

  before(async () => {
    sandbox = await startSandbox({ apiKeys: ['routes-key'] });
    fake = await FakeMattermost.start({ users: [ALICE, BOB], channels: [OPS] });
  });
  after(async () => {
    await fake.close();
    await sandbox.close();
  });

  test('with web.base_url, buttons post back to the bot and a press runs the command', async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}/stormbot/`;
    const { app } = await startBot(fake, sandbox, { port, base_url: baseUrl });
    try {
      assert.equal(app.bot.backend.caps.buttons, true);
      const target = await app.bot.backend.identity.targetFor(OPS.id);
      assert.ok(target, 'the room is known');
      const [sent] = await app.bot.send(target, {
        text: 'Who are you? Type !whoami',
        actions: [{ label: 'Who am I', command: '!whoami' }],
      });
      const post = fake.posts.get(sent?.messageId ?? '');
      assert.ok(post, 'posted');
      const [button] = actionsOf(post);
      const integration = button?.integration as { url?: unknown } | undefined;
      assert.equal(integration?.url, `${baseUrl}mattermost/actions`);
      const press = await fake.pressButton({
        user: BOB.id,
        postId: post.id,
        actionId: 'stormbot0',
      });
      assert.equal(press.status, 200);
      const reply = await fake.waitForPost((p) => p.message.includes(`id: ${BOB.id}`));
      assert.equal(reply.channel_id, OPS.id);
    } finally {
      await app.stop();
    }
  });

  test('without web.base_url, there are no buttons, and the log says why', async () => {
    const { app, logs } = await startBot(fake, sandbox, { port: await freePort() });
    try {
      assert.equal(app.bot.backend.caps.buttons, false);
      assert.match(logs.text(), /Mattermost buttons are off/);
    } finally {
      await app.stop();
    }
  });
});
