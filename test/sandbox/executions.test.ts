import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { faultOf, openStream, startTestSandbox, type TestSandbox } from './helpers.js';

interface Exec {
  id: string;
  status: string;
  result?: Record<string, unknown>;
  parameters?: Record<string, unknown>;
  web_url?: string;
  start_timestamp?: string;
  end_timestamp?: string;
  elapsed_seconds?: number;
  action?: { ref?: string };
  runner?: { name?: string };
  context?: Record<string, unknown>;
  log?: { status: string }[];
}

describe('executions', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startTestSandbox({ executionDelayMs: 1000, webUiUrl: 'https://st2.example.com/' });
  });
  after(() => t.close());

  const run = async (
    action: string,
    parameters: Record<string, unknown> = {},
    extra: Record<string, unknown> = {},
  ) => {
    const res = await t.api('/api/v1/executions', {
      method: 'POST',
      json: { action, parameters, ...extra },
    });
    assert.equal(res.status, 201, await res.clone().text());
    return (await res.json()) as Exec;
  };
  const get = async (id: string, query = '') => {
    const res = await t.api(`/api/v1/executions/${id}${query}`);
    return { res, body: (await res.json()) as Exec & { faultstring?: string } };
  };

  test('an execution goes requested → running → succeeded on the sandbox clock', async () => {
    const created = await run('core.local', { cmd: 'date' });
    assert.equal(created.status, 'requested');
    assert.equal(created.web_url, `https://st2.example.com/#/history/${created.id}/general`);
    assert.match(String(created.start_timestamp), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    assert.equal(created.action?.ref, 'core.local');
    assert.equal(created.runner?.name, 'local-shell-cmd');
    assert.equal(created.context?.user, 'st2admin');
    await t.clock.advance(0);
    assert.equal((await get(created.id)).body.status, 'running');
    await t.clock.advance(1000);
    const done = (await get(created.id)).body;
    assert.equal(done.status, 'succeeded');
    assert.equal(done.elapsed_seconds, 1);
    assert.match(String(done.end_timestamp), /Z$/);
    assert.deepEqual(
      done.log?.map((l) => l.status),
      ['requested', 'scheduled', 'running', 'succeeded'],
    );
    // core.local-like output: `date` prints the sandbox clock's date.
    assert.match(String(done.result?.stdout), /^Fri Jan {2}2 03:04:\d\d UTC 2026$/);
    assert.equal(done.result?.return_code, 0);
  });

  test('GET /executions/last and the 404 text', async () => {
    const created = await run('core.noop');
    assert.equal((await get('last')).body.id, created.id);
    const missing = await get('000000000000000000000000');
    assert.equal(missing.res.status, 404);
    assert.equal(
      missing.body.faultstring,
      'Unable to identify resource with id "000000000000000000000000".',
    );
    assert.equal((await t.api('/api/v1/actionexecutions/last')).status, 200);
  });

  test('include/exclude attributes, max_result_size', async () => {
    const created = await run('core.local', { cmd: 'echo hi' });
    await t.clock.advance(1000);
    const only = (await get(created.id, '?include_attributes=status')).body;
    assert.deepEqual(Object.keys(only).sort(), ['id', 'status']);
    const without = (await get(created.id, '?exclude_attributes=result,log')).body;
    assert.equal('result' in without, false);
    assert.equal('log' in without, false);
    const small = (await get(created.id, '?max_result_size=1')).body;
    assert.equal('result' in small, false);
    const both = await get(created.id, '?include_attributes=status&exclude_attributes=log');
    assert.equal(both.res.status, 400);
    assert.equal(
      both.body.faultstring,
      'exclude_fields and include_fields arguments are mutually exclusive. You need to provide either one or another, but not both.',
    );
  });

  test('a truthy fail parameter fails the execution', async () => {
    const created = await run('core.local', { cmd: 'date', fail: true });
    await t.clock.advance(1000);
    const done = (await get(created.id)).body;
    assert.equal(done.status, 'failed');
    assert.equal(done.result?.return_code, 1);
  });

  test('parameter validation: required, types and casting', async () => {
    const missing = await t.api('/api/v1/executions', {
      method: 'POST',
      json: { action: 'core.local', parameters: {} },
    });
    assert.equal(missing.status, 400);
    assert.equal(await faultOf(missing), "'cmd' is a required property");
    const badInt = await t.api('/api/v1/executions', {
      method: 'POST',
      json: { action: 'core.local', parameters: { cmd: 'x', timeout: 'soon' } },
    });
    assert.equal(badInt.status, 400);
    assert.equal(
      await faultOf(badInt),
      'Failed to cast value "soon" (type: str) for parameter "timeout" of type "integer": ' +
        "invalid literal for int() with base 10: 'soon'. Perhaps the value is of an invalid type?",
    );
    const unknown = await t.api('/api/v1/executions', {
      method: 'POST',
      json: { action: 'nope.nope' },
    });
    assert.equal(unknown.status, 404);
  });

  test('list: newest first, filters, X-Total-Count and X-Limit', async () => {
    const a = await run('core.noop');
    const b = await run('core.local', { cmd: 'uptime' });
    const res = await t.api('/api/v1/executions?limit=2');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-limit'), '2');
    const list = (await res.json()) as Exec[];
    assert.deepEqual(
      list.map((e) => e.id),
      [b.id, a.id],
    );
    assert.ok(Number(res.headers.get('x-total-count')) >= 2);
    const filtered = (await (
      await t.api('/api/v1/executions?action=core.noop&limit=-1')
    ).json()) as Exec[];
    assert.ok(filtered.length >= 1 && filtered.every((e) => e.action?.ref === 'core.noop'));
    const zero = await t.api('/api/v1/executions?limit=0');
    assert.equal(zero.status, 400);
    assert.equal(
      await faultOf(zero),
      'Limit, "0" specified, must be a positive number or -1 for full result set.',
    );
  });

  test('DELETE cancels a running execution; a completed one answers 200 with a faultstring', async () => {
    const created = await run('core.local', { cmd: 'sleep 60' });
    await t.clock.advance(0);
    const cancel = await t.api(`/api/v1/executions/${created.id}`, { method: 'DELETE' });
    assert.equal(cancel.status, 200);
    assert.equal(((await cancel.json()) as Exec).status, 'canceling');
    await t.clock.advance(0);
    assert.equal((await get(created.id)).body.status, 'canceled');
    const again = await t.api(`/api/v1/executions/${created.id}`, { method: 'DELETE' });
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as Exec).status, 'canceled');

    const finished = await run('core.noop');
    await t.clock.advance(1000);
    const late = await t.api(`/api/v1/executions/${finished.id}`, { method: 'DELETE' });
    assert.equal(late.status, 200);
    assert.deepEqual(await late.json(), {
      faultstring: 'Action cannot be canceled. State = succeeded.',
    });
    const unknown = await t.api('/api/v1/executions/000000000000000000000000', {
      method: 'DELETE',
    });
    assert.equal(unknown.status, 404);
  });

  test('holdExecutions keeps them running until released; finishExecution ends one', async () => {
    t.sandbox.faults.holdExecutions = true;
    try {
      const a = await run('core.noop');
      const b = await run('core.noop');
      await t.clock.advance(10_000);
      assert.equal((await get(a.id)).body.status, 'running');
      assert.equal(
        t.sandbox.finishExecution(a.id, { status: 'failed', result: { why: 'test' } }),
        true,
      );
      assert.equal((await get(a.id)).body.status, 'failed');
      assert.deepEqual((await get(a.id)).body.result, { why: 'test' });
      assert.equal(t.sandbox.finishExecution(a.id), false);
      t.sandbox.faults.releaseExecutions();
      assert.equal((await get(b.id)).body.status, 'succeeded');
    } finally {
      t.sandbox.faults.holdExecutions = false;
    }
  });

  test('execution and liveaction events are on the stream', async () => {
    const s = await openStream(t, '?events=st2.execution__*,st2.liveaction__create');
    await s.until(() => s.raw.length > 0);
    const created = await run('core.noop');
    const first = JSON.parse((await s.next('st2.execution__create')).data) as Exec;
    assert.equal(first.id, created.id);
    await s.next('st2.liveaction__create');
    await t.clock.advance(1000);
    await s.until(
      () =>
        s.events.some(
          (e) =>
            e.event === 'st2.execution__update' &&
            (JSON.parse(e.data) as Exec).status === 'succeeded',
        ),
      'succeeded update',
    );
    s.response.body?.cancel().catch(() => undefined);
  });

  test('a notification route announces the result with the default template', async () => {
    const s = await openStream(t, '?events=st2.announcement__*');
    await s.until(() => s.raw.length > 0);
    const created = await run(
      'core.local',
      { cmd: 'uptime' },
      {
        notify: {
          'on-complete': { routes: ['hubot'], data: { user: 'ann', source_channel: 'C42' } },
        },
      },
    );
    await t.clock.advance(1000);
    const event = await s.next('st2.announcement__chatops');
    const { payload } = JSON.parse(event.data) as { payload: Record<string, unknown> };
    assert.equal(payload.channel, 'C42');
    assert.equal(payload.user, 'ann');
    assert.equal(payload.whisper, false);
    const lines = String(payload.message).split('\n');
    assert.deepEqual(lines.slice(0, 5), [
      'Action core.local completed.',
      'status : succeeded',
      `execution: ${created.id}`,
      `web_url: https://st2.example.com/#/history/${created.id}/general`,
      'Took 1s to complete.',
    ]);
    assert.deepEqual(lines.slice(5, 7), ['result :', '--------']);
    assert.match(lines[7] ?? '', /^stdout : 03:04:\d\d up 12 days/);
    // Falsy values (return_code 0, empty stderr) are left out, as in st2's template.
    assert.equal(lines.length, 8);
    s.response.body?.cancel().catch(() => undefined);
  });
});

describe('inquiries', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startTestSandbox({ executionDelayMs: 0 });
  });
  after(() => t.close());

  const ask = async () => {
    const res = await t.api('/api/v1/executions', {
      method: 'POST',
      json: { action: 'core.ask', parameters: { route: 'ops' } },
    });
    const { id } = (await res.json()) as Exec;
    await t.clock.advance(0);
    await t.clock.advance(0);
    return id;
  };

  test('a core.ask execution is a pending inquiry; list and get it', async () => {
    const id = await ask();
    const list = (await (await t.api('/api/v1/inquiries')).json()) as { id: string }[];
    assert.ok(list.some((i) => i.id === id));
    const res = await t.api(`/api/v1/inquiries/${id}`);
    assert.equal(res.status, 200);
    const inquiry = (await res.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(inquiry).sort(), [
      'id',
      'roles',
      'route',
      'schema',
      'ttl',
      'users',
    ]);
    assert.equal(inquiry.route, 'ops');
    assert.equal(inquiry.ttl, 1440);
  });

  test('responding validates against the schema and completes the execution', async () => {
    const id = await ask();
    const put = (body: unknown) => t.api(`/api/v1/inquiries/${id}`, { method: 'PUT', json: body });
    const bad = await put({ response: { continue: 'yes' } });
    assert.equal(bad.status, 400);
    assert.equal(
      await faultOf(bad),
      `Response for inquiry "${id}" did not pass schema validation. 'yes' is not of type 'boolean'`,
    );
    const missing = await put({ response: {} });
    assert.equal(
      await faultOf(missing),
      `Response for inquiry "${id}" did not pass schema validation. 'continue' is a required property`,
    );
    const ok = await put({ id, response: { continue: true } });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { id, response: { continue: true } });
    const execution = (await (await t.api(`/api/v1/executions/${id}`)).json()) as Exec;
    assert.equal(execution.status, 'succeeded');
    assert.deepEqual(execution.result?.response, { continue: true });
    const twice = await put({ response: { continue: true } });
    assert.equal(twice.status, 400);
    assert.equal(await faultOf(twice), `Inquiry "${id}" has already been responded to.`);
  });

  test('404 for unknown ids, 400 for executions that are not inquiries', async () => {
    const missing = await t.api('/api/v1/inquiries/000000000000000000000000');
    assert.equal(missing.status, 404);
    const res = await t.api('/api/v1/executions', {
      method: 'POST',
      json: { action: 'core.noop' },
    });
    const { id } = (await res.json()) as Exec;
    const notInquiry = await t.api(`/api/v1/inquiries/${id}`);
    assert.equal(notInquiry.status, 400);
    assert.equal(await faultOf(notInquiry), `Action execution "${id}" is not an inquiry.`);
  });

  test('only the listed users may respond', async () => {
    const res = await t.api('/api/v1/executions', {
      method: 'POST',
      json: { action: 'core.ask', parameters: { users: ['bob'] } },
    });
    const { id } = (await res.json()) as Exec;
    await t.clock.advance(0);
    const put = await t.api(`/api/v1/inquiries/${id}`, {
      method: 'PUT',
      json: { response: { continue: true } },
    });
    assert.equal(put.status, 403);
    assert.equal(
      await faultOf(put),
      `User "st2admin" does not have permission to respond to inquiry "${id}".`,
    );
  });
});
