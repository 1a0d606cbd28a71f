import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderSlack } from '../../../src/backends/slack/index.js';
import { layout } from '../../../src/backends/shared/attachments.js';
import type { Principal } from '../../../src/core/identity.js';

const alice: Principal = { backend: 'slack', id: 'UALICE001', name: 'Alice', aclKey: 'UALICE001' };

describe('renderSlack', () => {
  test('plain text stays plain, a mention goes in front as <@id>', () => {
    assert.deepEqual(renderSlack({ text: 'hello' }), { text: 'hello' });
    assert.deepEqual(renderSlack({ text: 'hello', mention: alice }), {
      text: '<@UALICE001> hello',
    });
  });

  test('rich content without anything to render stays plain', () => {
    assert.deepEqual(renderSlack({ text: 'hi', rich: { extra: { mattermost: { x: 1 } } } }), {
      text: 'hi',
    });
  });

  test('a success result becomes one green attachment with the plain half above it', () => {
    const payload = renderSlack({
      text: 'Your command ran:\nall 3 hosts ok',
      mention: alice,
      rich: { halves: { plain: 'Your command ran:', rich: 'all 3 hosts ok' }, status: 'success' },
    });
    assert.deepEqual(payload, {
      text: '<@UALICE001> Your command ran:',
      attachments: [
        {
          fallback: 'Your command ran:\nall 3 hosts ok',
          color: 'good',
          text: 'all 3 hosts ok',
          mrkdwn_in: ['text', 'pretext'],
        },
      ],
    });
  });

  test('a failure is red; extra.color and then extra.slack.color take precedence', () => {
    const failed = renderSlack({
      text: 'boom',
      rich: { halves: { plain: '', rich: 'boom' }, status: 'failure' },
    });
    assert.deepEqual(failed, {
      attachments: [
        { fallback: 'boom', color: 'danger', text: 'boom', mrkdwn_in: ['text', 'pretext'] },
      ],
    });
    const extraColour = renderSlack({
      text: 'boom',
      rich: { halves: { plain: '', rich: 'boom' }, status: 'failure', extra: { color: '#123456' } },
    });
    assert.equal((extraColour.attachments as { color: string }[])[0]?.color, '#123456');
    const slackColour = renderSlack({
      text: 'boom',
      rich: {
        halves: { plain: '', rich: 'boom' },
        status: 'failure',
        extra: { color: '#123456', slack: { color: 'warning' } },
      },
    });
    assert.equal((slackColour.attachments as { color: string }[])[0]?.color, 'warning');
  });

  test('info results have no colour', () => {
    assert.deepEqual(
      renderSlack({ text: 'fyi', rich: { halves: { plain: '', rich: 'fyi' }, status: 'info' } }),
      {
        attachments: [{ fallback: 'fyi', text: 'fyi', mrkdwn_in: ['text', 'pretext'] }],
      },
    );
  });

  test('extra.slack attachment fields merge into the attachment, message keys go on top', () => {
    const payload = renderSlack({
      text: 'deployed',
      rich: {
        halves: { plain: '', rich: 'deployed' },
        status: 'success',
        extra: {
          slack: {
            author_name: 'st2',
            title: 'Deploy',
            title_link: 'https://st2.example/#/history/1',
            fields: [{ title: 'env', value: 'prod', short: true }],
            footer: 'stackstorm',
            username: 'StackStorm',
            icon_emoji: ':robot_face:',
            thread_response: true,
          },
        },
      },
    });
    assert.deepEqual(payload, {
      username: 'StackStorm',
      icon_emoji: ':robot_face:',
      attachments: [
        {
          fallback: 'deployed',
          color: 'good',
          text: 'deployed',
          mrkdwn_in: ['text', 'pretext'],
          author_name: 'st2',
          title: 'Deploy',
          title_link: 'https://st2.example/#/history/1',
          fields: [{ title: 'env', value: 'prod', short: true }],
          footer: 'stackstorm',
        },
      ],
    });
  });

  test('Block Kit is passed through with the text as fallback and the mention in a section', () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'Deploy done' } },
      { type: 'section', text: { type: 'mrkdwn', text: '*web* is on `v2`' } },
    ];
    assert.deepEqual(renderSlack({ text: 'Deploy done', rich: { extra: { slack: { blocks } } } }), {
      text: 'Deploy done',
      blocks,
    });
    assert.deepEqual(
      renderSlack({
        text: 'Deploy done',
        mention: alice,
        rich: { status: 'success', extra: { slack: { blocks, unfurl_links: false } } },
      }),
      {
        unfurl_links: false,
        text: '<@UALICE001> Deploy done',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '<@UALICE001>' } }, ...blocks],
      },
    );
  });

  test('extra.slack.attachments is sent as the whole message (hubot custom message mode)', () => {
    const attachments = [{ color: '#00ff00', title: 'web-1', text: 'up' }];
    assert.deepEqual(
      renderSlack({
        text: 'ignored st2 text',
        mention: alice,
        rich: { extra: { slack: { text: 'Status', username: 'st2', attachments } } },
      }),
      { username: 'st2', text: '<@UALICE001> Status', attachments },
    );
    assert.deepEqual(
      renderSlack({ text: 'ignored', rich: { extra: { slack: { attachments } } } }),
      { attachments },
    );
  });
});

describe('layout', () => {
  test('the plain half goes above the attachment, after the mention; the rich half inside', () => {
    const message = { text: 'pre\nbody', rich: { halves: { plain: 'pre', rich: 'body' } } };
    assert.deepEqual(layout(message, '<@U1> '), { text: '<@U1> pre', body: 'body' });
  });
  test('an empty plain half leaves only the mention above', () => {
    const message = { text: 'body', rich: { halves: { plain: '', rich: 'body' } } };
    assert.deepEqual(layout(message, ''), { text: '', body: 'body' });
  });
  test('without halves the whole text is the body', () => {
    assert.deepEqual(layout({ text: 'all', rich: { status: 'success' } }, ''), {
      text: '',
      body: 'all',
    });
  });
});
