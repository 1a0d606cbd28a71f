/**
 * hubot-stackstorm behaviours an operator switching from st2chatops relies on, as named cases:
 * chat text normalisation, the failure colour of st2's default result layout, and one mention
 * when `extra.slack` brings its own pretext. (Reload on SIGUSR2/SIGHUP: test/cli/reload-signals.)
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderMattermost } from '../../src/backends/mattermost/index.js';
import { renderSlack } from '../../src/backends/slack/index.js';
import { renderAnnouncement } from '../../src/chatops/render.js';
import { normalizeChatText } from '../../src/core/chat-text.js';
import type { Principal } from '../../src/core/identity.js';
import { makeTestBot } from '../support/bot.js';

const stanley: Principal = { backend: 'slack', id: 'USTANLEY1', name: 'stanley', aclKey: 'U1' };

/** st2's default result layout (docs/reference/st2-api.md §6.2) for an execution in `status`. */
function defaultLayout(status: string): string {
  return [
    'Action core.local completed.',
    `status : ${status}`,
    'execution: 5f0c0ffee0000000000000aa',
    'Took 1s to complete.',
    'result :',
    '--------',
    'stderr: boom',
  ].join('\n');
}

describe('hubot-stackstorm: chat text normalisation', () => {
  const cases: [string, string, string][] = [
    ['smart double quotes become "', 'say “hello world”', 'say "hello world"'],
    ['low and reversed double quotes become "', 'say „a‟', 'say "a"'],
    ["smart single quotes become '", 'say ‘it’s’', "say 'it's'"],
    ["low and reversed single quotes become '", 'say ‚a‛', "say 'a'"],
    ['an NBSP (U+00A0) becomes a space', 'pack\u00a0install\u00a0x', 'pack install x'],
    ['a narrow NBSP (U+202F) becomes a space', 'run\u202fnow', 'run now'],
    ['a figure space (U+2007) becomes a space', 'run\u2007now', 'run now'],
    ['an ideographic space (U+3000) becomes a space', 'run\u3000now', 'run now'],
    ['lines, tabs and other text are kept', 'a\tb\nc « d »', 'a\tb\nc « d »'],
    ['a zero-width space is not a space and stays', 'a\u200bb', 'a\u200bb'],
  ];
  for (const [name, typed, plain] of cases) {
    test(name, () => {
      assert.equal(normalizeChatText(typed), plain);
    });
  }

  test('the pipeline normalises before addressing and matching, for every back-end', async () => {
    const { bot, backend } = await makeTestBot();
    bot.commands.register({
      name: 'echo',
      aclKey: 'test:echo',
      summary: 'echo',
      run: (ctx) => `args=${ctx.args} text=${ctx.event.text}`,
    });
    const [reply] = await backend.say('!echo\u00a0say “hi there”\u202fnow', { room: '#ops' });
    assert.equal(reply?.message.text, 'args=say "hi there" now text=!echo say "hi there" now');
  });
});

describe('hubot-stackstorm: a failed result is coloured as failed', () => {
  test('default layout, status failed: failure (red on Slack, red on Mattermost)', () => {
    const message = renderAnnouncement(
      { channel: 'C1', message: defaultLayout('failed') },
      undefined,
    );
    assert.equal(message.rich?.status, 'failure');
    const slack = renderSlack(message) as { attachments: { color: string }[] };
    assert.equal(slack.attachments[0]?.color, 'danger');
    const mattermost = renderMattermost(message);
    assert.equal((mattermost.props?.attachments[0] as { color: string }).color, '#d00000');
  });

  test('default layout, status timeout or abandoned: failure too', () => {
    for (const status of ['timeout', 'abandoned']) {
      const message = renderAnnouncement(
        { channel: 'C1', message: defaultLayout(status) },
        undefined,
      );
      assert.equal(message.rich?.status, 'failure', status);
    }
  });

  test('default layout, status succeeded: plain text as before', () => {
    const message = renderAnnouncement(
      { channel: 'C1', message: defaultLayout('succeeded') },
      undefined,
    );
    assert.equal(message.rich, undefined);
  });

  test('"status : failed" inside a custom result is not the layout: no colour', () => {
    const message = renderAnnouncement(
      { channel: 'C1', message: 'Deploy done.\nlog says status : failed once' },
      undefined,
    );
    assert.equal(message.rich, undefined);
  });

  test('extra.color still wins over the failure colour', () => {
    const message = renderAnnouncement(
      { channel: 'C1', message: defaultLayout('failed'), extra: { color: '#123456' } },
      undefined,
    );
    const slack = renderSlack(message) as { attachments: { color: string }[] };
    assert.equal(slack.attachments[0]?.color, '#123456');
  });
});

describe('hubot-stackstorm: one mention when extra.slack brings its own pretext', () => {
  const ownAttachments = {
    slack: {
      icon_emoji: ':slack:',
      username: 'SlackBot',
      attachments: [{ color: 'dfdfdf', pretext: '<@USTANLEY1>: ', text: 'Short message' }],
    },
  };

  test('custom attachments with a pretext: sent without a mention of ours', () => {
    const message = renderAnnouncement(
      { channel: 'C1', user: 'stanley', message: 'Short message', extra: ownAttachments },
      stanley,
    );
    const payload = renderSlack(message);
    assert.deepEqual(payload, {
      icon_emoji: ':slack:',
      username: 'SlackBot',
      attachments: ownAttachments.slack.attachments,
    });
    assert.equal(JSON.stringify(payload).split('<@USTANLEY1>').length - 1, 1, 'one mention');
  });

  test('a top-level extra.slack.pretext: no mention of ours above it', () => {
    const message = renderAnnouncement(
      {
        channel: 'C1',
        user: 'stanley',
        message: defaultLayout('succeeded'),
        extra: { slack: { pretext: '<@USTANLEY1> your job' } },
      },
      stanley,
    );
    const payload = renderSlack(message);
    assert.equal(JSON.stringify(payload).split('<@USTANLEY1>').length - 1, 1, 'one mention');
    const mattermost = renderMattermost(message);
    assert.doesNotMatch(mattermost.message, /@stanley/);
  });

  test('without a pretext of its own, the person is still mentioned once', () => {
    const message = renderAnnouncement(
      {
        channel: 'C1',
        user: 'stanley',
        message: defaultLayout('failed'),
        extra: { slack: { title: 'Job' } },
      },
      stanley,
    );
    const payload = renderSlack(message);
    assert.equal(JSON.stringify(payload).split('<@USTANLEY1>').length - 1, 1, 'one mention');
    assert.match(renderMattermost(message).message, /^@stanley/);
  });
});
