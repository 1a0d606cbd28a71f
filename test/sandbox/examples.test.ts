import assert from 'node:assert/strict';
import { unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { systemClock } from '../../src/core/clock.js';
import { capturingLogger } from '../support/logs.js';
import {
  faultOf,
  openStream,
  packsDirWith,
  startTestSandbox,
  type SseReader,
  type TestSandbox,
} from './helpers.js';

interface Announcement {
  payload: {
    channel: string;
    message: string;
    whisper: boolean;
    user?: string;
    extra?: Record<string, unknown>;
    context?: unknown;
    [k: string]: unknown;
  };
}

describe('examples/packs in the sandbox', () => {
  let t: TestSandbox;
  let s: SseReader;
  const logs = capturingLogger('warn');
  before(async () => {
    t = await startTestSandbox({ packsDir: undefined, logger: logs.logger, executionDelayMs: 500 });
    s = await openStream(t, '?events=st2.announcement__*');
    await s.until(() => s.raw.length > 0);
  });
  after(async () => {
    await s.response.body?.cancel().catch(() => undefined);
    await t.close();
  });

  const match = async (command: string) => {
    const res = await t.api('/api/v1/actionalias/match', { method: 'POST', json: { command } });
    return {
      res,
      body: (await res.json()) as {
        actionalias: { name: string };
        representation: string;
        faultstring?: string;
      },
    };
  };
  /** Match then execute, as hubot-style bots do; returns the response body. */
  const say = async (command: string, route = 'hubot') => {
    const m = await match(command);
    assert.equal(m.res.status, 200, `${command}: ${m.body.faultstring ?? ''}`);
    const res = await t.api('/api/v1/aliasexecution', {
      method: 'POST',
      json: {
        name: m.body.actionalias.name,
        format: m.body.representation,
        command,
        user: 'ann',
        source_channel: 'C1',
        source_context: { id: 'm1' },
        notification_route: route,
      },
    });
    return {
      res,
      body: (await res.json()) as Record<string, unknown> & {
        execution: { id: string; parameters: Record<string, unknown> };
        actionalias: Record<string, unknown>;
      },
    };
  };
  const nextResult = async (route = 'chatops') => {
    const n = s.events.filter((e) => e.event === `st2.announcement__${route}`).length;
    await t.clock.advance(0);
    await t.clock.advance(500);
    return JSON.parse((await s.next(`st2.announcement__${route}`, n + 1)).data) as Announcement;
  };

  test('every file loads without problems, and every enabled alias has its action', () => {
    assert.deepEqual(
      logs.lines.filter((l) => String(l.msg).startsWith('sandbox: skipped')),
      [],
    );
    const aliases = t.sandbox.aliases();
    assert.ok(aliases.length >= 12);
    const noAction = logs.lines.filter((l) => String(l.msg).includes('no metadata'));
    assert.deepEqual(noAction, []);
  });

  test('`greet Hi`: ack from ack.format, result from result.format', async () => {
    const { res, body } = await say('greet Hi');
    assert.equal(res.status, 201);
    assert.equal(body.message, 'Greeting StackStorm with "Hi"...');
    const result = await nextResult();
    assert.equal(result.payload.message, 'Hi! StackStorm here, nice to meet you.');
    assert.equal(result.payload.channel, 'C1');
    assert.equal(result.payload.user, 'ann');
    assert.deepEqual(result.payload.context, { id: 'm1' });
    const plain = await say('greet');
    assert.deepEqual(plain.body.execution.parameters, { greeting: 'Hello' });
    await nextResult();
  });

  test('`apu status web` and `apu web status`: display/representation, default result template', async () => {
    assert.equal((await match('apu web status')).body.representation, 'apu {{role}} status');
    const { body } = await say('apu status web');
    assert.equal('message' in body, false);
    const result = await nextResult();
    const lines = result.payload.message.split('\n');
    assert.equal(lines[0], 'Action examples.apu_status completed.');
    assert.equal(lines[1], 'status : succeeded');
    assert.deepEqual(lines.slice(-4), ['result :', '--------', 'result : ', '  role : web']);
  });

  test('`deploy web` (default env) and `deploy api to production`; enum checked', async () => {
    const staging = await say('deploy web');
    assert.equal(staging.res.status, 201);
    assert.deepEqual(staging.body.execution.parameters, {
      app: 'web',
      env: 'staging',
      requested_by: 'ann',
    });
    assert.equal(staging.body.message, 'Deploying web to staging...');
    assert.equal((staging.body.actionalias.ack as { append_url?: boolean }).append_url, false);
    const result = await nextResult();
    assert.equal(
      result.payload.message,
      'Deploy of web to staging: succeeded{~}web deployed to staging for ann',
    );
    assert.deepEqual(result.payload.extra, {
      slack: {
        color: 'good',
        fields: [
          { title: 'App', value: 'web', short: true },
          { title: 'Environment', value: 'staging', short: true },
        ],
      },
    });
    const prod = await say('deploy api to production');
    assert.deepEqual(prod.body.execution.parameters, {
      app: 'api',
      env: 'production',
      requested_by: 'ann',
    });
    await nextResult();
    const bad = await say('deploy api to moon');
    assert.equal(bad.res.status, 400);
    assert.equal(bad.body.faultstring, "'moon' is not one of ['staging', 'production']");
  });

  test('`date` / `what time is it?`: ack disabled, core.local-like output', async () => {
    assert.equal((await match('what time is it?')).body.actionalias.name, 'date');
    assert.equal((await match('what time is it')).body.actionalias.name, 'date');
    const { body } = await say('date');
    assert.equal((body.actionalias.ack as { enabled?: boolean }).enabled, false);
    const result = await nextResult();
    assert.match(result.payload.message, /^It is Fri, 02 Jan 2026 03:\d\d:\d\d \+0000$/);
  });

  test('`uptime`: ack.extra and result.extra.slack', async () => {
    const { body } = await say('uptime');
    assert.deepEqual(body.extra, { slack: { thread_response: true } });
    const result = await nextResult();
    assert.match(result.payload.message, /^``` 03:\d\d:\d\d up 12 days, .*```$/);
    assert.deepEqual(result.payload.extra, {
      slack: { color: '#1e90ff', title: 'Uptime', thread_response: true },
    });
  });

  test('`whisper hi`: a direct message to the chat user on the route stormbot reads by default', async () => {
    await say('whisper psst, the build is green');
    const result = await nextResult('stormbot');
    assert.deepEqual(result.payload, {
      channel: 'C1',
      user: 'ann',
      whisper: true,
      message: 'psst, the build is green',
    });
  });

  test('`reboot web1`: the alias carries extra.security.twofactor; the 2FA action announces on route 2fa', async () => {
    const { body } = await say('reboot web1');
    assert.deepEqual(body.actionalias.extra, { security: { twofactor: true } });
    assert.equal((await nextResult()).payload.message, 'Rebooted web1: succeeded');
    const res = await t.api('/api/v1/executions', {
      method: 'POST',
      json: {
        action: 'examples.twofactor',
        parameters: { uuid: 'u-1', user: 'ann', channel: 'C1', hint: 'Reboot a host' },
      },
    });
    assert.equal(res.status, 201);
    const confirmed = await nextResult('2fa');
    assert.equal(confirmed.payload.uuid, 'u-1');
    assert.equal(confirmed.payload.message, 'ann confirmed: Reboot a host');
  });

  test('`examples.confirm_push` (HUBOT_2FA stand-in): succeeds, unless the user is in refuse', async () => {
    const run = async (user: string) => {
      const res = await t.api('/api/v1/executions', {
        method: 'POST',
        json: {
          action: 'examples.confirm_push',
          parameters: { uuid: `u-${user}`, user, channel: 'C1', hint: 'Reboot a host' },
        },
      });
      assert.equal(res.status, 201);
      return ((await res.json()) as { id: string }).id;
    };
    const ids = { ann: await run('ann'), mallory: await run('mallory') };
    await t.clock.advance(0);
    await t.clock.advance(500);
    const status = async (id: string) =>
      ((await (await t.api(`/api/v1/executions/${id}`)).json()) as { status: string }).status;
    assert.equal(await status(ids.ann), 'succeeded');
    assert.equal(await status(ids.mallory), 'failed');
  });

  test('`self destruct in 5`: disabled, never matched, refused by name', async () => {
    const m = await match('self destruct in 5');
    assert.equal(m.res.status, 400);
    assert.equal(m.body.faultstring, "Command 'self destruct in 5' matched no patterns");
    const res = await t.api('/api/v1/aliasexecution', {
      method: 'POST',
      json: {
        name: 'self_destruct',
        format: 'self destruct in {{seconds=10}}',
        command: 'self destruct in 5',
        source_channel: 'C1',
      },
    });
    assert.equal(res.status, 400);
    assert.equal(await faultOf(res), 'Action alias with name "self_destruct" is disabled.');
    const help = (await (await t.api('/api/v1/actionalias/help?limit=0')).json()) as {
      helpstrings: { display: string }[];
    };
    assert.equal(
      help.helpstrings.some((h) => h.display.includes('self destruct')),
      false,
    );
  });

  test('`fail`: a failed execution in the default template', async () => {
    await say('fail because tests');
    const lines = (await nextResult()).payload.message.split('\n');
    assert.equal(lines[1], 'status : failed');
    assert.ok(lines.includes('return_code : 1'));
  });

  test('`pack info examples`: a python-style dict result, picked apart by result.format', async () => {
    await say('pack info examples');
    const message = (await nextResult()).payload.message;
    assert.match(message, /^\*examples\* 1\.0\.0: Example aliases/);
    assert.match(message, /aliases: \d+, actions: \d+/);
  });

  test('`approve db migration`: a pending inquiry until answered', async () => {
    const { body } = await say('approve db migration');
    const id = body.execution.id;
    await t.clock.advance(0);
    await t.clock.advance(500);
    assert.equal(t.sandbox.executions.get(id)?.status, 'pending');
    const inquiries = (await (await t.api('/api/v1/inquiries')).json()) as {
      id: string;
      route: string;
    }[];
    assert.deepEqual(inquiries.find((i) => i.id === id)?.route, 'chatops');
    const n = s.events.filter((e) => e.event === 'st2.announcement__chatops').length;
    const put = await t.api(`/api/v1/inquiries/${id}`, {
      method: 'PUT',
      json: { response: { approved: true } },
    });
    assert.equal(put.status, 200);
    const result = JSON.parse(
      (await s.next('st2.announcement__chatops', n + 1)).data,
    ) as Announcement;
    assert.equal(result.payload.message, 'db migration: approved');
  });

  test('`... fixes AB-1 ... fixes CD-2`: match_multiple, one execution each', async () => {
    const res = await t.api('/api/v1/aliasexecution/match_and_execute', {
      method: 'POST',
      json: {
        command: 'this fixes AB-1 and fixes CD-2',
        source_channel: 'C1',
        user: 'ann',
        notification_route: 'hubot',
      },
    });
    assert.equal(res.status, 201);
    const { results } = (await res.json()) as {
      results: { execution: { parameters: Record<string, unknown> } }[];
    };
    assert.deepEqual(
      results.map((r) => r.execution.parameters.issue),
      ['AB-1', 'CD-2'],
    );
  });

  test('help lists every enabled alias once per display', async () => {
    const res = await t.api('/api/v1/actionalias/help?pack=examples&limit=0');
    const body = (await res.json()) as { available: number; helpstrings: { display: string }[] };
    assert.equal(body.available, body.helpstrings.length);
    for (const display of [
      'greet {{greeting=Hello}}',
      'apu status <role>',
      'deploy <app> [to <env>]',
      'uptime',
      'whisper {{message}}',
    ]) {
      assert.ok(
        body.helpstrings.some((h) => h.display === display),
        display,
      );
    }
  });
});

describe('packs from a folder: secrets are masked, watch publishes alias events', () => {
  test('a secret action parameter is masked unless show_secrets=true', async () => {
    const packsDir = packsDirWith({
      'demo/pack.yaml': 'ref: demo\nname: demo\nversion: 0.1.0\n',
      'demo/actions/login.yaml':
        'name: login\npack: demo\nrunner_type: python-script\nentry_point: login.py\nparameters:\n  password:\n    type: string\n    secret: true\n    required: true\n',
      'demo/aliases/login.yaml':
        'name: login\npack: demo\naction_ref: demo.login\nformats:\n  - "login {{password}}"\n',
    });
    const t = await startTestSandbox({ packsDir });
    try {
      const body = {
        name: 'login',
        format: 'login {{password}}',
        command: 'login hunter2',
        source_channel: 'C1',
      };
      const masked = (await (
        await t.api('/api/v1/aliasexecution', { method: 'POST', json: body })
      ).json()) as { execution: { id: string; parameters: { password: string } } };
      assert.equal(masked.execution.parameters.password, '********');
      const shown = (await (
        await t.api('/api/v1/aliasexecution?show_secrets=true', { method: 'POST', json: body })
      ).json()) as { execution: { parameters: { password: string } } };
      assert.equal(shown.execution.parameters.password, 'hunter2');
      const fetched = (await (await t.api(`/api/v1/executions/${masked.execution.id}`)).json()) as {
        parameters: { password: string };
      };
      assert.equal(fetched.parameters.password, '********');
    } finally {
      await t.close();
    }
  });

  test('with watch, editing, adding and removing alias files publish st2.actionalias__* events', async () => {
    const packsDir = packsDirWith({
      'demo/aliases/one.yaml': 'name: one\npack: demo\naction_ref: core.noop\nformats: ["one"]\n',
    });
    const t = await startTestSandbox({ packsDir, watch: true, clock: systemClock });
    const events = await openStream(t, '?events=st2.actionalias__*');
    try {
      await events.until(() => events.raw.length > 0);
      writeFileSync(
        join(packsDir, 'demo/aliases/one.yaml'),
        'name: one\npack: demo\naction_ref: core.noop\ndescription: edited\nformats: ["one"]\n',
      );
      const updated = JSON.parse((await events.next('st2.actionalias__update')).data) as {
        ref: string;
        description: string;
      };
      assert.deepEqual([updated.ref, updated.description], ['demo.one', 'edited']);
      writeFileSync(
        join(packsDir, 'demo/aliases/two.yaml'),
        'name: two\npack: demo\naction_ref: core.noop\nformats: ["two"]\n',
      );
      assert.equal(
        (JSON.parse((await events.next('st2.actionalias__create')).data) as { ref: string }).ref,
        'demo.two',
      );
      unlinkSync(join(packsDir, 'demo/aliases/one.yaml'));
      assert.equal(
        (JSON.parse((await events.next('st2.actionalias__delete')).data) as { ref: string }).ref,
        'demo.one',
      );
      const match = await t.api('/api/v1/actionalias/match', {
        method: 'POST',
        json: { command: 'two' },
      });
      assert.equal(match.status, 200);
    } finally {
      await events.response.body?.cancel().catch(() => undefined);
      await t.close();
    }
  });
});
