import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readText, renderMattermost } from '../../../src/backends/mattermost/index.js';
import type { Principal } from '../../../src/core/identity.js';

const alice: Principal = {
  backend: 'mattermost',
  id: 'a'.repeat(26),
  name: 'alice',
  aclKey: 'a'.repeat(26),
};

describe('renderMattermost', () => {
  test('plain text stays plain, a mention goes in front as @username', () => {
    assert.deepEqual(renderMattermost({ text: 'hello' }), { message: 'hello' });
    assert.deepEqual(renderMattermost({ text: 'hello', mention: alice }), {
      message: '@alice hello',
    });
  });

  test('a result becomes one coloured attachment from extra.mattermost', () => {
    assert.deepEqual(
      renderMattermost({
        text: 'Your command ran:\nall ok',
        mention: alice,
        rich: {
          halves: { plain: 'Your command ran:', rich: 'all ok' },
          status: 'success',
          extra: { mattermost: { title: 'Deploy', footer: 'st2' }, slack: { title: 'not used' } },
        },
      }),
      {
        message: '@alice Your command ran:',
        props: {
          attachments: [
            {
              fallback: 'Your command ran:\nall ok',
              color: '#36a64f',
              text: 'all ok',
              title: 'Deploy',
              footer: 'st2',
            },
          ],
        },
      },
    );
  });

  test('a failure is red', () => {
    assert.deepEqual(
      renderMattermost({
        text: 'boom',
        rich: { halves: { plain: '', rich: 'boom' }, status: 'failure' },
      }),
      {
        message: '',
        props: { attachments: [{ fallback: 'boom', color: '#d00000', text: 'boom' }] },
      },
    );
  });

  test('extra.mattermost.attachments (buttons) are sent as they are', () => {
    const attachments = [
      {
        text: 'Approve the deploy?',
        actions: [{ id: 'approve', name: 'Approve', integration: { url: 'https://x/approve' } }],
      },
    ];
    assert.deepEqual(
      renderMattermost({ text: 'ignored', rich: { extra: { mattermost: { attachments } } } }),
      { message: '', props: { attachments } },
    );
  });

  test('without extra.mattermost, Slack-shaped extra.slack is used; Block Kit is ignored', () => {
    const attachments = [{ color: '#00ff00', title: 'web-1', text: 'up' }];
    assert.deepEqual(
      renderMattermost({
        text: 'ignored',
        mention: alice,
        rich: { extra: { slack: { text: 'Status', attachments } } },
      }),
      { message: '@alice Status', props: { attachments } },
    );
    assert.deepEqual(
      renderMattermost({
        text: 'done',
        rich: {
          status: 'success',
          extra: { slack: { blocks: [{ type: 'divider' }], thread_response: true } },
        },
      }),
      {
        message: '',
        props: { attachments: [{ fallback: 'done', color: '#36a64f', text: 'done' }] },
      },
    );
  });
});

describe('Mattermost readText', () => {
  const cases: [string, string, string, boolean][] = [
    ['a leading mention is stripped', '@stormbot st2 greet Hi', 'st2 greet Hi', true],
    ['with a colon', '@stormbot: help', 'help', true],
    ['in any case', '@StormBot, help', 'help', true],
    ['a longer username is someone else', '@stormbot2 help', '@stormbot2 help', false],
    ['a mention later is kept', 'ask @stormbot later', 'ask @stormbot later', false],
    ['lines are kept', '@stormbot st2 run\nline two', 'st2 run\nline two', true],
    // Mattermost sends the text as typed (Markdown, no markup of its own to undo); quotes and
    // spaces are the core's job.
    [
      'links, entities, ~channels and smart quotes arrive as typed',
      '!st2 get <http://x.io> &amp; ~ops “a”\u00a0b',
      '!st2 get <http://x.io> &amp; ~ops “a”\u00a0b',
      false,
    ],
  ];
  for (const [name, raw, text, mentionsBot] of cases) {
    test(name, () => {
      assert.deepEqual(readText(raw, 'stormbot'), { text, mentionsBot });
    });
  }
});
