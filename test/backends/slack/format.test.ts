import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderSlack, threadTsFor } from '../../../src/backends/slack/index.js';
import { splitRich } from '../../../src/backends/shared/attachments.js';
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
      rich: { richText: 'all 3 hosts ok', status: 'success' },
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
    const failed = renderSlack({ text: 'boom', rich: { richText: 'boom', status: 'failure' } });
    assert.deepEqual(failed, {
      attachments: [
        { fallback: 'boom', color: 'danger', text: 'boom', mrkdwn_in: ['text', 'pretext'] },
      ],
    });
    const extraColour = renderSlack({
      text: 'boom',
      rich: { richText: 'boom', status: 'failure', extra: { color: '#123456' } },
    });
    assert.equal((extraColour.attachments as { color: string }[])[0]?.color, '#123456');
    const slackColour = renderSlack({
      text: 'boom',
      rich: {
        richText: 'boom',
        status: 'failure',
        extra: { color: '#123456', slack: { color: 'warning' } },
      },
    });
    assert.equal((slackColour.attachments as { color: string }[])[0]?.color, 'warning');
  });

  test('info results have no colour', () => {
    assert.deepEqual(renderSlack({ text: 'fyi', rich: { richText: 'fyi', status: 'info' } }), {
      attachments: [{ fallback: 'fyi', text: 'fyi', mrkdwn_in: ['text', 'pretext'] }],
    });
  });

  test('extra.slack attachment fields merge into the attachment, message keys go on top', () => {
    const payload = renderSlack({
      text: 'deployed',
      rich: {
        richText: 'deployed',
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

describe('splitRich', () => {
  test('text ending with the rich half: the rest is the plain half', () => {
    assert.deepEqual(splitRich('pre\nbody', 'body'), { pretext: 'pre', body: 'body' });
  });
  test('the last part of a split message renders only itself', () => {
    assert.deepEqual(splitRich('tail of it', 'a long body, tail of it'), {
      pretext: '',
      body: 'tail of it',
    });
  });
  test('unrelated text is the plain half', () => {
    assert.deepEqual(splitRich('pre', 'body'), { pretext: 'pre', body: 'body' });
  });
  test('no rich half: all body', () => {
    assert.deepEqual(splitRich('all', undefined), { pretext: '', body: 'all' });
  });
});

describe('threadTsFor', () => {
  test('a real thread is kept', () => {
    assert.equal(threadTsFor('1700000001.000001', false), '1700000001.000001');
    assert.equal(threadTsFor('1700000001.000001', true), '1700000001.000001');
  });
  test('a message outside a thread threads only for thread_response', () => {
    assert.equal(threadTsFor('~1700000001.000001', false), undefined);
    assert.equal(threadTsFor('~1700000001.000001', true), '1700000001.000001');
  });
  test('no thread id, no thread', () => {
    assert.equal(threadTsFor(undefined, true), undefined);
  });
});
