import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openStream, startTestSandbox, type SseReader, type TestSandbox } from './helpers.js';

interface Announcement {
  payload: {
    channel: string;
    message: string;
    whisper: boolean;
    user?: string;
    extra?: Record<string, unknown>;
    context?: unknown;
  };
  trace_context: unknown;
}

describe('the chatops result flow', () => {
  let t: TestSandbox;
  let s: SseReader;
  before(async () => {
    t = await startTestSandbox({
      executionDelayMs: 100,
      announcementRoutes: { hubot: 'chatops', errbot: 'errbot', bot1: 'team' },
    });
    t.sandbox.addAlias({
      name: 'say',
      pack: 'demo',
      action_ref: 'core.echo',
      formats: ['say {{message}}'],
      result: {
        format:
          '{{ execution.parameters.message | upper }}: {{ execution.result.stdout }}{~}{{ execution.status }}',
        extra: {
          slack: {
            color: "{% if execution.status == 'succeeded' %}good{% else %}danger{% endif %}",
            fields: [{ title: 'by', value: '{{ execution.context.api_user }}' }],
          },
        },
      },
    });
    t.sandbox.addAlias({
      name: 'quiet',
      pack: 'demo',
      action_ref: 'core.noop',
      formats: ['quiet'],
      result: { enabled: false },
    });
    t.sandbox.addAlias({
      name: 'plain',
      pack: 'demo',
      action_ref: 'core.local',
      formats: ['plain {{cmd}}'],
    });
    t.sandbox.addAlias({
      name: 'badextra',
      pack: 'demo',
      action_ref: 'core.noop',
      formats: ['badextra'],
      result: { extra: { x: '{{ nope }}' } },
    });
    t.sandbox.addAlias({
      name: 'whisper',
      pack: 'demo',
      action_ref: 'chatops.post_message',
      formats: ['whisper {{message}}'],
      immutable_parameters: {
        channel: '{{ source_channel }}',
        user: '{{ api_user }}',
        whisper: true,
      },
      result: { enabled: false },
    });
    s = await openStream(t, '?events=st2.announcement__*');
    await s.until(() => s.raw.length > 0);
  });
  after(async () => {
    await s.response.body?.cancel().catch(() => undefined);
    await t.close();
  });

  const execute = async (
    name: string,
    format: string,
    command: string,
    extra: Record<string, unknown> = {},
  ) => {
    const res = await t.api('/api/v1/aliasexecution', {
      method: 'POST',
      json: {
        name,
        format,
        command,
        user: 'ann',
        source_channel: 'C7',
        notification_route: 'hubot',
        ...extra,
      },
    });
    assert.equal(res.status, 201, await res.clone().text());
    return ((await res.json()) as { execution: { id: string } }).execution.id;
  };
  const count = (name: string) => s.events.filter((e) => e.event === name).length;

  test('route "hubot" announces on st2.announcement__chatops with result.format and result.extra', async () => {
    const before = count('st2.announcement__chatops');
    await execute('say', 'say {{message}}', 'say hello', {
      source_context: { id: 'msg-1', thread: 'T1' },
    });
    await t.clock.advance(100);
    const event = await s.next('st2.announcement__chatops', before + 1);
    const data = JSON.parse(event.data) as Announcement;
    assert.deepEqual(data.payload, {
      channel: 'C7',
      message: 'HELLO: hello{~}succeeded',
      whisper: false,
      user: 'ann',
      extra: { slack: { color: 'good', fields: [{ title: 'by', value: 'ann' }] } },
      context: { id: 'msg-1', thread: 'T1' },
    });
    assert.ok(data.trace_context === null || typeof data.trace_context === 'object');
  });

  test('route "errbot" announces on st2.announcement__errbot; mapped routes use their target', async () => {
    const errbot = count('st2.announcement__errbot');
    await execute('say', 'say {{message}}', 'say one', { notification_route: 'errbot' });
    await t.clock.advance(100);
    await s.next('st2.announcement__errbot', errbot + 1);
    const team = count('st2.announcement__team');
    await execute('say', 'say {{message}}', 'say two', { notification_route: 'bot1' });
    await t.clock.advance(100);
    await s.next('st2.announcement__team', team + 1);
  });

  test('no alias result format: the chatops default template; failures say "status : failed"', async () => {
    const before = count('st2.announcement__chatops');
    const id = await execute('plain', 'plain {{cmd}}', 'plain date fail=true');
    await t.clock.advance(100);
    const data = JSON.parse(
      (await s.next('st2.announcement__chatops', before + 1)).data,
    ) as Announcement;
    const lines = data.payload.message.split('\n');
    assert.equal(lines[0], 'Action core.local completed.');
    assert.equal(lines[1], 'status : failed');
    assert.equal(lines[2], `execution: ${id}`);
    assert.ok(lines.includes('return_code : 1'));
    assert.equal('extra' in data.payload, false);
  });

  test('result.enabled: false publishes nothing; an unrenderable result.extra neither', async () => {
    const before = s.events.length;
    await execute('quiet', 'quiet', 'quiet');
    await execute('badextra', 'badextra', 'badextra');
    await t.clock.advance(100);
    // A later announcement proves the earlier ones were not just late.
    await execute('say', 'say {{message}}', 'say marker');
    await t.clock.advance(100);
    await s.until(() => s.events.slice(before).some((e) => e.data.includes('MARKER')), 'marker');
    assert.equal(s.events.length, before + 1);
  });

  test('a whispering alias: chatops.post_message with whisper true, to the chat user', async () => {
    const before = count('st2.announcement__chatops');
    await execute('whisper', 'whisper {{message}}', 'whisper psst');
    await t.clock.advance(100);
    const data = JSON.parse(
      (await s.next('st2.announcement__chatops', before + 1)).data,
    ) as Announcement;
    assert.deepEqual(data.payload, { channel: 'C7', user: 'ann', whisper: true, message: 'psst' });
  });

  test('no notification route, no announcement', async () => {
    const before = s.events.length;
    await execute('say', 'say {{message}}', 'say silently', { notification_route: undefined });
    await t.clock.advance(100);
    await execute('say', 'say {{message}}', 'say marker2');
    await t.clock.advance(100);
    await s.until(() => s.events.slice(before).some((e) => e.data.includes('MARKER2')), 'marker');
    assert.equal(s.events.length, before + 1);
  });

  test('holdExecutions: cut the stream between the command and the result', async () => {
    t.sandbox.faults.holdExecutions = true;
    try {
      const id = await execute('say', 'say {{message}}', 'say later');
      await t.clock.advance(1000);
      assert.equal(t.sandbox.executions.get(id)?.status, 'running');
      t.sandbox.faults.cutStream();
      await s.closed();
      s = await openStream(t, '?events=st2.announcement__*');
      await s.until(() => s.raw.length > 0);
      t.sandbox.faults.releaseExecutions();
      const data = JSON.parse((await s.next('st2.announcement__chatops')).data) as Announcement;
      assert.equal(data.payload.message, 'LATER: later{~}succeeded');
    } finally {
      t.sandbox.faults.holdExecutions = false;
    }
  });
});
