import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  API_KEY,
  faultOf,
  openStream,
  settle,
  startTestSandbox,
  type TestSandbox,
} from './helpers.js';

describe('GET /stream/v1/stream', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startTestSandbox({ heartbeatMs: 25_000 });
  });
  after(() => t.close());

  test('401 before any SSE data, with the same texts as the API', async () => {
    const none = await fetch(`${t.sandbox.streamUrl}/stream`);
    assert.equal(none.status, 401);
    assert.match(none.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(await faultOf(none), 'Unauthorized - One of Token or API key required.');
    const bad = await fetch(`${t.sandbox.streamUrl}/stream?x-auth-token=nope`);
    assert.equal(bad.status, 401);
    assert.equal(await faultOf(bad), 'Unauthorized');
  });

  test('headers, the first lone newline, and events framed on one line', async () => {
    const s = await openStream(t, '?events=st2.announcement__chatops');
    assert.equal(s.response.status, 200);
    assert.equal(s.response.headers.get('content-type'), 'text/event-stream; charset=UTF-8');
    assert.equal(s.response.headers.get('cache-control'), 'no-cache');
    assert.equal(s.response.headers.get('x-accel-buffering'), 'no');
    assert.ok(s.response.headers.get('x-request-id'));
    await s.until(() => s.raw.length > 0, 'first chunk');
    assert.equal(s.raw, '\n');
    const payload = { channel: 'C1', message: 'héllo\nworld', whisper: false, user: 'ann' };
    t.sandbox.announce('chatops', payload);
    const event = await s.next('st2.announcement__chatops');
    assert.deepEqual(JSON.parse(event.data), { payload, trace_context: null });
    assert.equal(
      s.raw,
      `\nevent: st2.announcement__chatops\ndata: ${JSON.stringify({ payload, trace_context: null })}\n\n`,
    );
    assert.doesNotMatch(s.raw, /^(id|retry):/m);
    s.response.body?.cancel().catch(() => undefined);
  });

  test('only the requested events are sent (globs), query credentials work', async () => {
    const s = await openStream(
      t,
      `?events=st2.actionalias__*,st2.announcement__errbot&st2-api-key=${API_KEY}`,
      {},
    );
    assert.equal(s.response.status, 200);
    t.sandbox.announce('chatops', { channel: 'c', message: 'not for me' });
    t.sandbox.announce('errbot', { channel: 'c', message: 'for me' });
    const alias = t.sandbox.addAlias({
      name: 'hello',
      pack: 'demo',
      action_ref: 'core.noop',
      formats: ['hello'],
    });
    const created = await s.next('st2.actionalias__create');
    assert.deepEqual(JSON.parse(created.data), alias);
    t.sandbox.updateAlias({ ...alias, description: 'changed' });
    const updated = JSON.parse((await s.next('st2.actionalias__update')).data) as {
      id: string;
      description: string;
    };
    assert.equal(updated.id, alias.id);
    assert.equal(updated.description, 'changed');
    t.sandbox.deleteAlias('demo.hello');
    const deleted = JSON.parse((await s.next('st2.actionalias__delete')).data) as {
      description: string;
    };
    assert.equal(deleted.description, 'changed');
    assert.deepEqual(
      s.events.map((e) => e.event),
      [
        'st2.announcement__errbot',
        'st2.actionalias__create',
        'st2.actionalias__update',
        'st2.actionalias__delete',
      ],
    );
    s.response.body?.cancel().catch(() => undefined);
  });

  test('without events=, the default whitelist: announcements yes, alias events no', async () => {
    const s = await openStream(t);
    await s.until(() => s.raw.length > 0);
    t.sandbox.addAlias({
      name: 'quiet',
      pack: 'demo',
      action_ref: 'core.noop',
      formats: ['quiet'],
    });
    t.sandbox.publish('st2.execution__update', {
      id: 'x',
      status: 'running',
      action: { ref: 'core.noop' },
    });
    t.sandbox.announce('anything', { channel: 'c', message: 'm' });
    await s.next('st2.announcement__anything');
    assert.deepEqual(
      s.events.map((e) => e.event),
      ['st2.execution__update', 'st2.announcement__anything'],
    );
    s.response.body?.cancel().catch(() => undefined);
  });

  test('action_refs / execution_ids filters drop events without that ref or id', async () => {
    const s = await openStream(
      t,
      '?events=st2.execution__update,st2.announcement__*&action_refs=core.local',
    );
    await s.until(() => s.raw.length > 0);
    t.sandbox.announce('chatops', { channel: 'c', message: 'dropped' });
    t.sandbox.publish('st2.execution__update', { id: '1', action: { ref: 'core.noop' } });
    t.sandbox.publish('st2.execution__update', { id: '2', action: { ref: 'core.local' } });
    const kept = await s.next('st2.execution__update');
    assert.equal((JSON.parse(kept.data) as { id: string }).id, '2');
    assert.equal(s.events.length, 1);
    s.response.body?.cancel().catch(() => undefined);
  });

  test('end_event + end_execution_id close the stream after the completed execution', async () => {
    const s = await openStream(
      t,
      '?events=st2.execution__update&end_event=st2.execution__update&end_execution_id=e9',
    );
    await s.until(() => s.raw.length > 0);
    t.sandbox.publish('st2.execution__update', { id: 'e9', status: 'running' });
    t.sandbox.publish('st2.execution__update', { id: 'e9', status: 'succeeded' });
    await s.closed();
    assert.equal(s.events.length, 2);
  });

  test('a lone newline as heartbeat after heartbeatMs without activity; any event resets it', async () => {
    const s = await openStream(t, '?events=st2.announcement__chatops');
    await s.until(() => s.raw === '\n');
    await t.clock.advance(24_999);
    // A filtered-out event still counts as activity.
    t.sandbox.announce('other', { channel: 'c', message: 'x' });
    await t.clock.advance(24_999);
    assert.equal(s.raw, '\n');
    await t.clock.advance(1);
    await s.until(() => s.raw === '\n\n', 'heartbeat');
    await t.clock.advance(25_000);
    await s.until(() => s.raw === '\n\n\n', 'second heartbeat');
    s.response.body?.cancel().catch(() => undefined);
  });

  test('cutStream drops open connections; new ones work', async () => {
    const s = await openStream(t, '?events=st2.announcement__chatops');
    await s.until(() => s.raw.length > 0);
    t.sandbox.faults.cutStream();
    await s.closed();
    const again = await openStream(t, '?events=st2.announcement__chatops');
    t.sandbox.announce('chatops', { channel: 'c', message: 'back' });
    await again.next('st2.announcement__chatops');
    again.response.body?.cancel().catch(() => undefined);
  });

  test('silenceStream: no events and no heartbeats on open connections, new ones are normal', async () => {
    const s = await openStream(t, '?events=st2.announcement__chatops');
    await s.until(() => s.raw.length > 0);
    t.sandbox.faults.silenceStream();
    t.sandbox.announce('chatops', { channel: 'c', message: 'lost' });
    await t.clock.advance(100_000);
    const fresh = await openStream(t, '?events=st2.announcement__chatops');
    t.sandbox.announce('chatops', { channel: 'c', message: 'seen' });
    await fresh.next('st2.announcement__chatops');
    assert.equal(s.raw, '\n');
    assert.equal(s.ended, false);
    s.response.body?.cancel().catch(() => undefined);
    fresh.response.body?.cancel().catch(() => undefined);
  });

  test('restart drops streams, keeps tokens unless asked, and listens on the same port', async () => {
    const s = await openStream(t, '?events=st2.announcement__chatops');
    await s.until(() => s.raw.length > 0);
    const url = t.sandbox.url;
    await t.sandbox.restart();
    await s.closed();
    assert.equal(t.sandbox.url, url);
    const again = await openStream(t, '?events=st2.announcement__chatops');
    assert.equal(again.response.status, 200);
    again.response.body?.cancel().catch(() => undefined);
    await settle(() => true);
    await t.sandbox.restart({ dropTokens: true });
    const res = await fetch(`${t.sandbox.streamUrl}/stream`, {
      headers: { 'x-auth-token': t.token },
    });
    assert.equal(res.status, 401);
    assert.equal(await faultOf(res), 'Unauthorized');
  });
});
