/**
 * Mattermost buttons against the fake server and the bot's real web server: a message's actions
 * as interactive message buttons posting back to the bot, a press (the server's call to the
 * integration URL) as the presser's own command with the ACL applied to them, the post updated to
 * show who pressed what, forged callbacks refused (401) and logged, and no buttons at all while
 * the web server's public URL is unknown.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DENIALS } from '../../../src/acl/index.js';
import type { MattermostBackend } from '../../../src/backends/mattermost/index.js';
import type { Bot } from '../../../src/core/bot.js';
import type { Target } from '../../../src/core/identity.js';
import type { WebServer } from '../../../src/web/server.js';
import { RecordingSink } from '../../contracts/backend-contract.js';
import {
  fakeId,
  type FakeMattermost,
  type FakeMattermostChannel,
  type FakeMattermostPost,
} from '../../support/fake-mattermost.js';
import { capturingLogger } from '../../support/logs.js';
import { PROMPT_ACTIONS, WHO_COMMAND, denyingAcl, whoPressedFeature } from '../button-helpers.js';
import { roomTarget, startWithBot } from '../chat-helpers.js';
import { ALICE, BOB, mattermostSetup, OPS, serveButtons } from './harness.js';

/** The actions of a post's attachments. */
function actionsOf(post: FakeMattermostPost): Record<string, unknown>[] {
  const attachments = (post.props.attachments ?? []) as { actions?: Record<string, unknown>[] }[];
  return attachments.flatMap((a) => a.actions ?? []);
}

describe('Mattermost buttons against the fake server', () => {
  let fake: FakeMattermost;
  let backend: MattermostBackend;
  let aliceDm: FakeMattermostChannel;
  let bot: Bot;
  let web: WebServer;
  let room: Target;
  let actionsUrl: string;
  const logs = capturingLogger('debug');
  const sink = new RecordingSink();

  /** Post the test prompt with its buttons; resolves with the post as the fake stores it. */
  async function prompt(text: string, target: Target = room): Promise<FakeMattermostPost> {
    const [sent] = await bot.send(target, { text, actions: PROMPT_ACTIONS });
    const post = fake.posts.get(sent?.messageId ?? '');
    assert.ok(post, 'the prompt was posted');
    return post;
  }

  /** Post a sentinel and wait for it, so every earlier event has been handled. */
  async function settle(): Promise<void> {
    const text = `sentinel ${fake.created.length} ${sink.events.length}`;
    fake.personPosts({ user: ALICE.id, channel: OPS.id, message: text });
    await sink.next((e) => e.text === text);
  }

  before(async () => {
    ({ fake, backend, aliceDm } = await mattermostSetup({ logger: logs.logger }));
    web = await serveButtons(backend, logs.logger);
    actionsUrl = new URL('mattermost/actions', web.baseUrl).href;
    bot = await startWithBot(backend, logs.logger, sink, denyingAcl(ALICE.id));
    bot.use(whoPressedFeature());
    room = await roomTarget(backend, OPS.id);
  });

  after(async () => {
    await backend.stop();
    await web.close();
    await fake.close();
  });

  test('declares buttons once the web server is known', () => {
    assert.equal(backend.caps.buttons, true);
    assert.doesNotMatch(logs.text(), /Mattermost buttons are off/);
  });

  test('a message with actions carries signed buttons posting back to the bot', async () => {
    const post = await prompt('Run it? Type !whopressed confirm or !whopressed deny');
    assert.equal(post.message, 'Run it? Type !whopressed confirm or !whopressed deny');
    const actions = actionsOf(post);
    assert.equal(actions.length, 2);
    for (const [index, action] of actions.entries()) {
      const { integration, ...shown } = action as { integration: Record<string, unknown> };
      const expected = PROMPT_ACTIONS[index]!;
      assert.deepEqual(shown, {
        id: `stormbot${index}`,
        type: 'button',
        name: expected.label,
        style: expected.style,
      });
      assert.equal(integration.url, actionsUrl);
      const { signature, ...context } = integration.context as Record<string, unknown>;
      assert.deepEqual(context, { command: expected.command, label: expected.label });
      assert.match(String(signature), /^[0-9a-f]{64}$/);
    }
  });

  test("a press is the presser's own command, typed where the post is", async () => {
    const post = await prompt('Press one');
    const press = await fake.pressButton({ user: BOB.id, postId: post.id, actionId: 'stormbot0' });
    assert.equal(press.status, 200);
    const event = await sink.next((e) => e.raw?.button === true && e.messageId === post.id);
    assert.equal(event.text, `!${WHO_COMMAND} confirm`);
    assert.deepEqual(event.author, {
      backend: 'mattermost',
      id: BOB.id,
      name: 'bob',
      aclKey: BOB.id,
    });
    assert.equal(event.place.kind === 'room' ? event.place.room.id : 'direct', OPS.id);
    assert.equal(event.threadId, undefined, 'a post outside a thread is pressed outside one');
    const reply = await fake.waitForPost((p) => p.message.startsWith('confirm by'));
    assert.equal(reply.message, `confirm by bob (${BOB.id})`);
    assert.equal(reply.channel_id, OPS.id);
  });

  test('the pressed post shows who pressed what with its buttons, which stay', async () => {
    const post = await prompt('Press to see the update');
    const press = await fake.pressButton({ user: BOB.id, postId: post.id, actionId: 'stormbot1' });
    const update = press.body.update as { message: string; props: FakeMattermostPost['props'] };
    assert.equal(update.message, 'Press to see the update');
    assert.deepEqual(update.props.attachments, [
      { ...(post.props.attachments as unknown[])[0]!, text: '@bob pressed **Deny**' },
    ]);
    const updated = fake.posts.get(post.id);
    assert.ok(updated, 'the post is still there');
    assert.deepEqual(actionsOf(updated), actionsOf(post), 'the buttons stay, integrations and all');
  });

  test('the ACL applies to the presser', async () => {
    const post = await prompt('Alice may not');
    await fake.pressButton({ user: ALICE.id, postId: post.id, actionId: 'stormbot0' });
    const event = await sink.next((e) => e.raw?.button === true && e.messageId === post.id);
    assert.equal(event.author.id, ALICE.id);
    const denial = await fake.waitForPost(
      (p) => p.message.includes(DENIALS.user) && p.channel_id === OPS.id,
    );
    assert.ok(denial, 'alice is told she may not');
    await settle();
    assert.ok(
      !fake.created.some((p) => p.message.startsWith('confirm by alice')),
      'the command did not run for alice',
    );
  });

  test('a post in a thread is pressed in that thread', async () => {
    const root = fake.personPosts({ user: ALICE.id, channel: OPS.id, message: 'thread root' });
    await sink.next((e) => e.messageId === root.id);
    const post = await prompt('In the thread', { ...room, thread: { id: root.id, mode: 'in' } });
    await fake.pressButton({ user: BOB.id, postId: post.id, actionId: 'stormbot0' });
    const event = await sink.next((e) => e.raw?.button === true && e.messageId === post.id);
    assert.equal(event.threadId, root.id);
    const reply = await fake.waitForPost(
      (p) => p.message.startsWith('confirm by bob') && p.root_id === root.id,
    );
    assert.equal(reply.channel_id, OPS.id);
  });

  test('a press in a direct conversation is a direct message', async () => {
    const direct = { kind: 'direct', user: await backend.identity.principalFor('bob') } as Target;
    const post = await prompt('Just for you', direct);
    await fake.pressButton({ user: BOB.id, postId: post.id, actionId: 'stormbot0' });
    const event = await sink.next((e) => e.raw?.button === true && e.messageId === post.id);
    assert.equal(event.place.kind, 'direct');
    assert.equal(event.author.id, BOB.id);
    assert.notEqual(post.channel_id, aliceDm.id);
  });

  test('a second press by the same person is ignored', async () => {
    const post = await prompt('Double click');
    await fake.pressButton({ user: BOB.id, postId: post.id, actionId: 'stormbot0' });
    const second = await fake.pressButton({ user: BOB.id, postId: post.id, actionId: 'stormbot1' });
    assert.equal(second.status, 200);
    assert.deepEqual(second.body, {}, 'no update and nothing said');
    await settle();
    const presses = sink.events.filter((e) => e.raw?.button === true && e.messageId === post.id);
    assert.equal(presses.length, 1);
    assert.match(logs.text(), /ignored a second press by the same person on the buttons of a post/);
  });

  test("another person's press goes through and the buttons are still there", async () => {
    const post = await prompt('Two people');
    await fake.pressButton({ user: ALICE.id, postId: post.id, actionId: 'stormbot0' });
    await sink.next((e) => e.raw?.button === true && e.author.id === ALICE.id);
    const second = await fake.pressButton({ user: BOB.id, postId: post.id, actionId: 'stormbot1' });
    const event = await sink.next(
      (e) => e.raw?.button === true && e.messageId === post.id && e.author.id === BOB.id,
    );
    assert.equal(event.text, '!whopressed deny');
    const update = second.body.update as { props: FakeMattermostPost['props'] };
    const texts = (update.props.attachments as { text?: string }[]).map((a) => a.text);
    assert.deepEqual(texts, ['@bob pressed **Deny**'], 'one line, the latest press');
    const updated = fake.posts.get(post.id);
    assert.ok(updated, 'the post is still there');
    assert.equal(actionsOf(updated).length, 2, 'the buttons are still there');
  });

  test('forged or unsigned callbacks are refused (401) and logged', async () => {
    const post = await prompt('Forge me');
    const real = actionsOf(post)[0]?.integration as { context: Record<string, unknown> };
    const request = (over: Record<string, unknown>) => ({
      user_id: BOB.id,
      user_name: 'bob',
      channel_id: OPS.id,
      post_id: post.id,
      trigger_id: 'trigger',
      type: 'button',
      context: real.context,
      ...over,
    });
    const other: FakeMattermostChannel = { id: fakeId('other'), name: 'other', type: 'O' };
    const cases: [string, Record<string, unknown>, number, RegExp][] = [
      [
        'no signature',
        request({ context: { command: '!whopressed forged', label: 'x' } }),
        401,
        /unsigned context/,
      ],
      [
        'another command under a real signature',
        request({ context: { ...real.context, command: '!whopressed forged' } }),
        401,
        /wrong signature/,
      ],
      [
        'a real context in another channel',
        request({ channel_id: other.id }),
        401,
        /wrong signature/,
      ],
      [
        'a malformed signature',
        request({ context: { ...real.context, signature: 'zz' } }),
        401,
        /wrong signature/,
      ],
      ['no ids', { context: real.context }, 400, /not a button press/],
    ];
    for (const [what, body, status, logged] of cases) {
      const before = logs.lines.length;
      const answer = await fake.callIntegration(actionsUrl, body, BOB.id);
      assert.equal(answer.status, status, what);
      const line = logs.lines
        .slice(before)
        .find((l) => l.msg === 'refused a Mattermost button callback');
      assert.ok(line, `${what}: logged`);
      assert.match(String(line.reason), logged, what);
      assert.equal(line.clientAddress, '127.0.0.1', what);
    }
    await settle();
    assert.ok(
      !sink.events.some((e) => e.raw?.button === true && e.messageId === post.id),
      'no forged press reached the core',
    );
    assert.equal(actionsOf(fake.posts.get(post.id)!).length, 2, 'the post kept its buttons');
  });
});

describe('Mattermost without a known web server', () => {
  test('has no buttons, says so once, and posts the text only', async () => {
    const logs = capturingLogger('debug');
    const sink = new RecordingSink();
    const { fake, backend } = await mattermostSetup({ logger: logs.logger });
    try {
      const bot = await startWithBot(backend, logs.logger, sink);
      assert.equal(backend.caps.buttons, false);
      const notices = logs.lines.filter((l) => /Mattermost buttons are off/.test(String(l.msg)));
      assert.equal(notices.length, 1);
      const [sent] = await bot.send(await roomTarget(backend, OPS.id), {
        text: 'Type !whopressed confirm',
        actions: PROMPT_ACTIONS,
      });
      const post = fake.posts.get(sent?.messageId ?? '');
      assert.ok(post, 'posted');
      assert.equal(post.message, 'Type !whopressed confirm');
      assert.deepEqual(post.props, {});
    } finally {
      await backend.stop();
      await fake.close();
    }
  });
});
