/**
 * Slack buttons against the fake Slack: a message's actions as a Block Kit `actions` block, a
 * press (a `block_actions` payload in an `interactive` envelope) as the presser's own command
 * with the ACL applied to them, the message updated to show who pressed what, and payloads that
 * are not presses of stormbot's buttons ignored with a log line.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DENIALS } from '../../../src/acl/index.js';
import type { SlackBackend } from '../../../src/backends/slack/index.js';
import type { Bot } from '../../../src/core/bot.js';
import type { Target } from '../../../src/core/identity.js';
import { RecordingSink } from '../../contracts/backend-contract.js';
import { FAKE_BOT, type FakeSlack } from '../../support/fake-slack.js';
import { capturingLogger } from '../../support/logs.js';
import { PROMPT_ACTIONS, WHO_COMMAND, denyingAcl, whoPressedFeature } from '../button-helpers.js';
import { roomTarget, startWithBot } from '../chat-helpers.js';
import { ALICE, OPS, slackSetup } from './harness.js';

const BOB = { id: 'UBOB00001', name: 'bob' } as const;

describe('Slack buttons against the fake Slack', () => {
  let fake: FakeSlack;
  let backend: SlackBackend;
  let bot: Bot;
  let room: Target;
  const logs = capturingLogger('debug');
  const sink = new RecordingSink();

  /** Post the test prompt with its buttons; resolves with the message's ts. */
  async function prompt(text: string, target: Target = room): Promise<string> {
    const [sent] = await bot.send(target, { text, actions: PROMPT_ACTIONS });
    assert.ok(sent?.messageId, 'the prompt was posted');
    return sent.messageId;
  }

  /** Send a sentinel message and wait for it, so every earlier event has been handled. */
  async function settle(): Promise<void> {
    const text = `sentinel ${fake.nextTs()}`;
    await fake.personSays({ user: ALICE.id, channel: OPS.id, text });
    await sink.next((e) => e.text === text);
  }

  before(async () => {
    ({ fake, backend } = await slackSetup({ logger: logs.logger }));
    bot = await startWithBot(backend, logs.logger, sink, denyingAcl(ALICE.id));
    bot.use(whoPressedFeature());
    room = await roomTarget(backend, OPS.id);
  });

  after(async () => {
    await backend.stop();
    await fake.close();
  });

  test('declares buttons', () => {
    assert.equal(backend.caps.buttons, true);
  });

  test('a message with actions carries an actions block after its text', async () => {
    const ts = await prompt('Run it? Type !whopressed confirm or !whopressed deny');
    const call = await fake.waitForCall('chat.postMessage', (c) =>
      String(c.args.text).startsWith('Run it?'),
    );
    assert.equal(call.args.text, 'Run it? Type !whopressed confirm or !whopressed deny');
    assert.deepEqual(call.args.blocks, [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: 'Run it? Type !whopressed confirm or !whopressed deny' },
      },
      {
        type: 'actions',
        block_id: 'stormbot_buttons',
        elements: [
          {
            type: 'button',
            action_id: 'stormbot_button_0',
            text: { type: 'plain_text', text: 'Confirm', emoji: true },
            value: `!${WHO_COMMAND} confirm`,
            style: 'primary',
          },
          {
            type: 'button',
            action_id: 'stormbot_button_1',
            text: { type: 'plain_text', text: 'Deny', emoji: true },
            value: `!${WHO_COMMAND} deny`,
            style: 'danger',
          },
        ],
      },
    ]);
    assert.ok(fake.messages.has(`${OPS.id}:${ts}`), 'the fake kept the message');
  });

  test("a press is the presser's own command, typed where the message is", async () => {
    const ts = await prompt('Press one');
    await fake.pressButton({ user: BOB.id, channel: OPS.id, ts, actionId: 'stormbot_button_0' });
    const event = await sink.next((e) => e.raw?.button === true && e.messageId === ts);
    assert.equal(event.text, `!${WHO_COMMAND} confirm`);
    assert.deepEqual(event.author, { backend: 'slack', id: BOB.id, name: 'Bob B', aclKey: BOB.id });
    assert.equal(event.place.kind === 'room' ? event.place.room.id : 'direct', OPS.id);
    assert.equal(event.threadId, undefined, 'a message outside a thread is pressed outside one');
    const reply = await fake.waitForCall('chat.postMessage', (c) =>
      String(c.args.text).startsWith('confirm by'),
    );
    assert.equal(reply.args.text, `confirm by Bob B (${BOB.id})`);
    assert.equal(reply.args.channel, OPS.id);
  });

  test('the pressed message shows who pressed what above its buttons, which stay', async () => {
    const ts = await prompt('Press to see the update');
    await fake.pressButton({ user: BOB.id, channel: OPS.id, ts, actionId: 'stormbot_button_1' });
    const update = await fake.waitForCall('chat.update', (c) => c.args.ts === ts);
    assert.equal(update.args.channel, OPS.id);
    assert.equal(update.args.text, 'Press to see the update');
    const blocks = update.args.blocks as { type: string; block_id?: string }[];
    assert.deepEqual(blocks.slice(0, 2), [
      { type: 'section', text: { type: 'mrkdwn', text: 'Press to see the update' } },
      {
        type: 'context',
        block_id: 'stormbot_pressed',
        elements: [{ type: 'mrkdwn', text: `<@${BOB.id}> pressed *Deny*` }],
      },
    ]);
    assert.equal(blocks.length, 3);
    assert.equal(blocks[2]?.block_id, 'stormbot_buttons', 'the buttons stay');
  });

  test('the ACL applies to the presser', async () => {
    const ts = await prompt('Alice may not');
    await fake.pressButton({ user: ALICE.id, channel: OPS.id, ts, actionId: 'stormbot_button_0' });
    const event = await sink.next((e) => e.raw?.button === true && e.messageId === ts);
    assert.equal(event.author.id, ALICE.id);
    const denial = await fake.waitForCall(
      'chat.postMessage',
      (c) => String(c.args.text).includes(DENIALS.user) && c.args.channel === OPS.id,
    );
    assert.ok(denial, 'alice is told she may not');
    await settle();
    assert.ok(
      !fake.calls.some((c) => String(c.args.text).startsWith(`confirm by ${ALICE.display_name}`)),
      'the command did not run for alice',
    );
  });

  test('a message in a thread is pressed in that thread', async () => {
    const root = await fake.personSays({ user: ALICE.id, channel: OPS.id, text: 'thread root' });
    const ts = await prompt('In the thread', { ...room, thread: { id: root, mode: 'in' } });
    await fake.pressButton({ user: BOB.id, channel: OPS.id, ts, actionId: 'stormbot_button_0' });
    const event = await sink.next((e) => e.raw?.button === true && e.messageId === ts);
    assert.equal(event.threadId, root);
    const reply = await fake.waitForCall(
      'chat.postMessage',
      (c) => String(c.args.text).startsWith('confirm by') && c.args.thread_ts === root,
    );
    assert.equal(reply.args.channel, OPS.id);
  });

  test('a second press by the same person is ignored', async () => {
    const ts = await prompt('Double click');
    await fake.pressButton({ user: BOB.id, channel: OPS.id, ts, actionId: 'stormbot_button_0' });
    await sink.next((e) => e.raw?.button === true && e.messageId === ts);
    await fake.pressButton({ user: BOB.id, channel: OPS.id, ts, actionId: 'stormbot_button_1' });
    await settle();
    const presses = sink.events.filter((e) => e.raw?.button === true && e.messageId === ts);
    assert.equal(presses.length, 1);
    assert.match(
      logs.text(),
      /ignored a second press by the same person on the buttons of a message/,
    );
  });

  test("another person's press goes through and the buttons are still there", async () => {
    const ts = await prompt('Two people');
    await fake.pressButton({ user: ALICE.id, channel: OPS.id, ts, actionId: 'stormbot_button_0' });
    await sink.next((e) => e.raw?.button === true && e.messageId === ts);
    await fake.waitForCall('chat.update', (c) => c.args.ts === ts);
    await fake.pressButton({ user: BOB.id, channel: OPS.id, ts, actionId: 'stormbot_button_1' });
    const second = await sink.next(
      (e) => e.raw?.button === true && e.messageId === ts && e.author.id === BOB.id,
    );
    assert.equal(second.text, '!whopressed deny');
    const update = await fake.waitForCall(
      'chat.update',
      (c) => c.args.ts === ts && JSON.stringify(c.args.blocks).includes(`<@${BOB.id}> pressed`),
    );
    const blocks = update.args.blocks as { block_id?: string }[];
    assert.deepEqual(
      blocks.map((b) => b.block_id).filter(Boolean),
      ['stormbot_pressed', 'stormbot_buttons'],
      'one line, the latest press, and the buttons',
    );
  });

  test('payloads that are not presses of its buttons are ignored with a log line', async () => {
    const ts = await prompt('Forged presses');
    const base = {
      type: 'block_actions',
      user: { id: BOB.id },
      container: { type: 'message', message_ts: ts, channel_id: OPS.id },
      channel: { id: OPS.id },
    };
    const button = (over: Record<string, unknown>) => ({
      action_id: 'stormbot_button_0',
      block_id: 'stormbot_buttons',
      type: 'button',
      value: '!whopressed forged',
      action_ts: fake.nextTs(),
      ...over,
    });
    const cases: [string, Record<string, unknown>, RegExp][] = [
      [
        'an action id it did not make',
        { ...base, actions: [button({ action_id: 'approve_deploy' })] },
        /unknown action id \\"approve_deploy\\"/,
      ],
      [
        'an over-long command',
        { ...base, actions: [button({ value: `!whopressed ${'x'.repeat(2000)}` })] },
        /carries no valid command/,
      ],
      ['no command', { ...base, actions: [button({ value: undefined })] }, /no valid command/],
      [
        'a malformed user',
        { ...base, user: { id: 'bob; drop' }, actions: [button({})] },
        /no valid user id/,
      ],
      ['a view submission', { type: 'view_submission', view: {} }, /not a button press/],
    ];
    for (const [what, payload, logged] of cases) {
      await fake.sendEnvelope('interactive', payload);
      await settle();
      assert.match(logs.text(), logged, what);
    }
    assert.ok(
      !sink.events.some((e) => e.text.includes('forged')),
      'no forged press reached the core',
    );
    assert.ok(
      !fake.calls.some((c) => c.method === 'chat.update' && c.args.ts === ts),
      'the message kept its buttons',
    );
  });

  test('the bot pressing its own button is not a command', async () => {
    const ts = await prompt('Own press');
    await fake.pressButton({
      user: FAKE_BOT.userId,
      channel: OPS.id,
      ts,
      actionId: 'stormbot_button_0',
    });
    await settle();
    assert.ok(!sink.events.some((e) => e.raw?.button === true && e.messageId === ts), 'ignored');
  });
});
