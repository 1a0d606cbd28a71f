/**
 * Inquiries, status and cancel through the whole bot against the sandbox: a workflow started from
 * chat pauses on an inquiry, the question is posted where the command was typed, answered (a bad
 * value first), and the workflow's result follows; `!st2inquiries`; `!st2status`/`!st2cancel` for
 * one's own executions, refused for someone else's, allowed for an admin, and `last`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RecordedMessage } from '../../src/backends/test/index.js';
import { INQUIRY_POLL_MS } from '../../src/chatops/inquiry-watcher.js';
import type { Execution } from '../../src/sandbox/index.js';
import type { ManualClock } from '../support/clock.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { sentMatching } from '../support/bot.js';
import { until } from '../support/wait.js';

const text = (m: RecordedMessage) => m.message.text;
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('inquiries, status and cancel from chat', () => {
  let t: TestApp;
  let clock: ManualClock;
  before(async () => {
    t = await startTestApp({
      manualClock: true,
      backend: { caps: { buttons: true } },
      sandbox: { executionDelayMs: 0 },
      config: { bot: { admins: ['root'] } },
    });
    clock = t.manualClock!;
  });
  after(async () => {
    await t.close();
  });

  /** The id of the sandbox's newest execution satisfying `check`, once there is one. */
  async function execution(what: string, check: (e: Execution) => boolean) {
    let found: string | undefined;
    await until(
      () => {
        found = [...t.sandbox.executions.values()].reverse().find(check)?.id;
        return found !== undefined;
      },
      tick,
      {
        what,
        seen: () => [...t.sandbox.executions.values()].map((e) => `${e.action.ref} ${e.status}`),
      },
    );
    return found!;
  }

  test('a workflow pauses on an inquiry: posted in the thread, answered, result follows', async () => {
    const from = t.backend.sent.length;
    const [ack] = await t.backend.say('!st2 restart web with approval', {
      room: '#ops',
      threadId: 'th-1',
    });
    assert.match(text(ack!), /^Asking for approval before restarting web/);
    const workflow = [...t.sandbox.executions.values()].findLast(
      (e) => e.action.ref === 'examples.restart_with_approval',
    )!.id;
    const inquiry = await execution(
      'the workflow to wait on an inquiry',
      (e) => e.runner.name === 'inquirer' && e.status === 'pending',
    );
    assert.equal(t.sandbox.executions.get(workflow)?.status, 'paused');
    const [paused] = await t.backend.say('!st2status', { room: '#ops' });
    assert.match(
      text(paused!),
      new RegExp(
        `^Execution ${workflow} .*: paused, started .*\\. It may be waiting for an answer: !st2inquiries\\. http`,
      ),
    );
    await clock.advance(INQUIRY_POLL_MS);
    const question = await sentMatching(
      t.backend,
      (m) => text(m).includes(`inquiry ${inquiry}`),
      from,
    );
    assert.equal(
      text(question),
      [
        `StackStorm is waiting for an answer to inquiry ${inquiry} (examples.restart_with_approval, execution ${workflow}):`,
        '  • approved (boolean, required): Restart web now?',
        `Answer with: !st2respond ${inquiry} approved=true|false`,
      ].join('\n'),
    );
    assert.deepEqual(question.target.kind === 'room' && question.target.thread?.id, 'th-1');
    assert.equal(question.message.mention?.id, 'alice');
    assert.deepEqual(question.message.actions, [
      { label: 'Yes', command: `!st2respond ${inquiry} approved=true`, style: 'primary' },
      { label: 'No', command: `!st2respond ${inquiry} approved=false`, style: 'danger' },
    ]);

    // Listed for the person who ran the command, not for someone else.
    const [mine] = await t.backend.say('!st2inquiries', { room: '#ops' });
    assert.match(text(mine!), new RegExp(`• ${inquiry} \\(examples.restart_with_approval`));
    const [others] = await t.backend.say('!st2inquiries', { room: '#ops', user: 'bob' });
    assert.equal(text(others!), 'No StackStorm inquiry is waiting for your answer.');

    const [bad] = await t.backend.say(`!st2respond ${inquiry} approved=maybe`, { room: '#ops' });
    assert.equal(
      text(bad!),
      `approved of inquiry ${inquiry} takes true or false; you gave 'maybe'.`,
    );
    const [bob] = await t.backend.say(`!st2respond ${inquiry} approved=true`, {
      room: '#ops',
      user: 'bob',
    });
    assert.match(text(bob!), new RegExp(`^Inquiry ${inquiry} is not yours to answer`));
    assert.equal(t.sandbox.executions.get(inquiry)?.status, 'pending');

    const resultFrom = t.backend.sent.length;
    const [ok] = await t.backend.say(`!st2respond ${inquiry} approved=yes`, { room: '#ops' });
    assert.equal(
      text(ok!),
      `Answered inquiry ${inquiry} (approved=true). StackStorm takes it from here.`,
    );
    const put = t.sandbox.requests.filter((r) => r.method === 'PUT').at(-1);
    assert.deepEqual(put?.body, { id: inquiry, response: { approved: true } });
    const result = await sentMatching(
      t.backend,
      (m) => text(m).startsWith('web: restarted web'),
      resultFrom,
    );
    assert.equal(text(result), 'web: restarted web (succeeded)');
    assert.equal(result.target.kind === 'room' && result.target.thread?.id, 'th-1');

    const [again] = await t.backend.say(`!st2respond ${inquiry} approved=true`, { room: '#ops' });
    assert.equal(
      text(again!),
      `StackStorm refused the answer to inquiry ${inquiry}: Inquiry "${inquiry}" has already been responded to.`,
    );

    const [status] = await t.backend.say('!st2status last', { room: '#ops' });
    assert.match(
      text(status!),
      new RegExp(
        `^Execution ${workflow} \\(examples.restart_with_approval\\): succeeded, took [\\d.]+ s\\. http://.*/#/history/${workflow}/general$`,
      ),
    );
    const [ended] = await t.backend.say(`!st2cancel ${workflow}`, { room: '#ops' });
    assert.equal(
      text(ended!),
      `Execution ${workflow} already ended (succeeded); there is nothing to cancel.`,
    );
  });

  test('cancel your own running execution; not someone else’s; an admin may', async () => {
    t.sandbox.faults.holdExecutions = true;
    try {
      await t.backend.say('!st2 greet Hi', { room: '#ops' });
      const first = await execution('greet to run', (e) => e.status === 'running');
      const [refused] = await t.backend.say(`!st2cancel ${first}`, { room: '#ops', user: 'bob' });
      assert.equal(
        text(refused!),
        `Execution ${first} was started by someone else; only bot admins may act on other people's executions.`,
      );
      const [peek] = await t.backend.say(`!st2status ${first}`, { room: '#ops', user: 'bob' });
      assert.match(text(peek!), /started by someone else/);
      const [none] = await t.backend.say('!st2status', { room: '#ops', user: 'carol' });
      assert.match(text(none!), /^You have not started an execution from chat/);

      const [admin] = await t.backend.say(`!st2status ${first}`, { room: '#ops', user: 'root' });
      assert.match(
        text(admin!),
        new RegExp(`^Execution ${first} \\(examples.greet\\): running, started `),
      );
      const [canceled] = await t.backend.say(`!st2cancel ${first}`, { room: '#ops', user: 'root' });
      assert.match(
        text(canceled!),
        new RegExp(
          `^Canceling execution ${first} \\(examples.greet\\): StackStorm says canceling\\. http`,
        ),
      );
      const unknown = '5f0000000000000000000000';
      const [missing] = await t.backend.say(`!st2status ${unknown}`, {
        room: '#ops',
        user: 'root',
      });
      assert.equal(text(missing!), `StackStorm has no execution ${unknown}.`);

      await t.backend.say('!st2 greet again', { room: '#ops' });
      const second = await execution('the second greet to run', (e) => e.status === 'running');
      const [own] = await t.backend.say('!st2cancel', { room: '#ops' });
      assert.match(text(own!), new RegExp(`^Canceling execution ${second} `));
      await execution('the cancel to complete', (e) => e.id === second && e.status === 'canceled');
    } finally {
      t.sandbox.faults.holdExecutions = false;
    }
  });

  test('an inquiry that appears while the stream is down is still posted', async () => {
    const from = t.backend.sent.length;
    await t.backend.say('!st2 approve db migration', { user: 'dave' });
    const inquiry = await execution(
      'the approve inquiry',
      (e) => e.action.ref === 'examples.approve' && e.status === 'pending',
    );
    t.sandbox.faults.cutStream();
    await clock.advance(INQUIRY_POLL_MS);
    const question = await sentMatching(
      t.backend,
      (m) => text(m).startsWith(`StackStorm is waiting for an answer to inquiry ${inquiry}`),
      from,
    );
    assert.equal(question.target.kind === 'direct' && question.target.user.id, 'dave');
    assert.match(text(question), /approved \(boolean, required\): May the change go ahead\?/);
    // The stream comes back on its backoff, on the bot's clock.
    await until(
      () => t.app.stream.state.connected,
      () => clock.advance(1_000),
      { what: 'the stream to reconnect', seen: () => [t.app.stream.state] },
    );
  });

  test('the new commands are in help', async () => {
    const [help] = await t.backend.say('!help', { room: '#ops' });
    for (const name of ['st2inquiries', 'st2respond', 'st2status', 'st2cancel']) {
      assert.ok(text(help!).includes(`!${name}`), `help lists ${name}`);
    }
  });
});
