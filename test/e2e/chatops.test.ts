/**
 * Issue 5 end to end: the test back-end and the whole bot against the st2 sandbox over loopback.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import type { RecordedMessage } from '../../src/backends/test/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { sentMatching } from '../support/bot.js';
import { REFUSALS } from '../../src/chatops/delivery.js';
import { SILENCE_MS, SWEEP_MS } from '../../src/chatops/tracker.js';
import { MAX_EXECUTIONS_PER_COMMAND } from '../../src/chatops/alias-command.js';
import { bounded, stepUntil, until } from '../support/wait.js';

const text = (m: RecordedMessage) => m.message.text;
const inRoom = (room: string) => (m: RecordedMessage) =>
  m.target.kind === 'room' && m.target.room.id === room;

function echoAlias(name: string, format: string, extra: Record<string, unknown> = {}) {
  return {
    name,
    pack: 'e2e',
    action_ref: 'core.echo',
    description: `test alias ${name}`,
    formats: [format],
    ...extra,
  };
}

describe('chatops end to end', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({
      config: {
        acl: { rules: { 'st2:e2e.secret': { allowusers: ['root'] } } },
        bot: { admins: ['root'] },
        // The web server serves /metrics; without it nothing is counted.
        web: { enabled: true, port: 0 },
      },
    });
    t.sandbox.addAlias(
      echoAlias('say', 'say {{message}}', {
        ack: { format: 'Saying {{ execution.parameters.message }}' },
      }),
    );
    t.sandbox.addAlias(echoAlias('secret', 'secret {{message}}'));
    t.sandbox.addAlias(echoAlias('off', 'switched off {{message}}', { enabled: false }));
    t.sandbox.addAlias(echoAlias('deploy1', 'deploy {{app}}'));
    t.sandbox.addAlias(echoAlias('deploy2', 'deploy {{app}} to {{env}}'));
    // alias events are applied as they arrive on the stream
    await waitUntil(() => t.app.chatops.catalog.index.get('e2e.deploy2') !== undefined, t);
  });
  after(async () => {
    await t.close();
  });

  test('!st2 greet Hi: ack, then the result in the same room', async () => {
    const from = t.backend.sent.length;
    const replies = await t.backend.say('!st2 greet Hi', { room: '#ops' });
    assert.equal(replies.length, 1, 'one ack');
    assert.ok(inRoom('#ops')(replies[0]!));
    assert.match(text(replies[0]!), /details available at http/);
    const result = await sentMatching(
      t.backend,
      (m) => inRoom('#ops')(m) && m !== replies[0],
      from,
    );
    assert.match(text(result), /Hi/);
    assert.equal(result.message.mention?.id, 'alice');
  });

  test('the ack uses the alias ack.format rendered by st2', async () => {
    const [ack] = await t.backend.say('!st2 say hello there', { room: '#ops' });
    assert.match(text(ack!), /^Saying hello there \(details available at /);
  });

  test('the execution reaches st2 with user, channel, route and source context', async () => {
    await t.backend.say('!st2 say ctx', { room: '#ops', threadId: 'th-9', messageId: 'm-1' });
    const req = t.sandbox.requests.filter((r) => r.path.endsWith('/aliasexecution')).at(-1);
    const body = req?.body as Record<string, unknown>;
    assert.equal(body.name, 'say');
    assert.equal(body.format, 'say {{message}}');
    assert.equal(body.command, 'say ctx');
    assert.equal(body.user, 'alice');
    assert.equal(body.source_channel, '#ops');
    assert.equal(body.notification_route, 'stormbot');
    const ctx = body.source_context as Record<string, unknown>;
    assert.equal(ctx.thread_id, 'th-9');
    assert.equal(ctx.message_id, 'm-1');
  });

  test('the result keeps the thread the command came from', async () => {
    const from = t.backend.sent.length;
    const [ack] = await t.backend.say('!st2 say threaded', { room: '#ops', threadId: 'th-1' });
    assert.equal(ack!.target.kind === 'room' && ack!.target.thread?.id, 'th-1');
    const result = await sentMatching(
      t.backend,
      (m) => m !== ack && /threaded/.test(text(m)),
      from,
    );
    assert.equal(result.target.kind === 'room' && result.target.thread?.id, 'th-1');
  });

  test('a whisper announcement goes to the user as a direct message', async () => {
    const from = t.backend.sent.length;
    t.sandbox.announce('stormbot', {
      channel: '#ops',
      user: 'bob',
      whisper: true,
      message: 'psst',
    });
    const m = await sentMatching(t.backend, (r) => text(r) === 'psst', from);
    assert.deepEqual(m.target, {
      kind: 'direct',
      user: { backend: 'test', id: 'bob', name: 'bob', aclKey: 'bob' },
    });
  });

  test('!st2 whisper (the bundled example) reaches the person on the default route', async () => {
    const from = t.backend.sent.length;
    await t.backend.say('!st2 whisper psst', { room: '#ops', user: 'bob' });
    const m = await sentMatching(t.backend, (r) => text(r) === 'psst', from);
    assert.equal(m.target.kind === 'direct' ? m.target.user.id : m.target.kind, 'bob');
  });

  test('no match: suggestions', async () => {
    const [reply] = await t.backend.say('!st2 gret Hi', { room: '#ops' });
    assert.match(text(reply!), /No StackStorm command matches "gret Hi"\. Did you mean:/);
    assert.match(text(reply!), /greet/);
  });

  test('ambiguous: the candidates are named and nothing runs', async () => {
    const before = t.sandbox.executions.size;
    const [reply] = await t.backend.say('!st2 deploy web to prod', { room: '#ops' });
    assert.match(text(reply!), /matches more than one StackStorm command/);
    assert.match(text(reply!), /e2e\.deploy1/);
    assert.match(text(reply!), /e2e\.deploy2/);
    assert.equal(t.sandbox.executions.size, before);
  });

  test('disabled alias: said so', async () => {
    const [reply] = await t.backend.say('!st2 switched off now', { room: '#ops' });
    assert.equal(text(reply!), 'The StackStorm command e2e.off is disabled.');
  });

  test('ACL per alias: denied for one person, allowed for another', async () => {
    const [denied] = await t.backend.say('!st2 secret x', { room: '#ops', user: 'alice' });
    assert.equal(text(denied!), "You're not allowed to access this command from this user");
    const [allowed] = await t.backend.say('!st2 secret x', { room: '#ops', user: 'root' });
    assert.match(text(allowed!), /details available at/);
  });

  test('st2help lists aliases by pack, hiding those the person may not run', async () => {
    const [alice] = await t.backend.say('!st2help e2e', { room: '#ops', user: 'alice' });
    assert.match(text(alice!), /^e2e:$/m);
    assert.match(text(alice!), /!st2 say \{\{message\}\}/);
    assert.doesNotMatch(text(alice!), /secret/);
    const [root] = await t.backend.say('!st2help e2e', { room: '#ops', user: 'root' });
    assert.match(text(root!), /secret/);
  });

  test('an alias created in st2 is runnable and in help without restart; a deleted one disappears', async () => {
    t.sandbox.addAlias(echoAlias('fresh', 'fresh {{message}}'));
    await waitUntil(() => t.app.chatops.catalog.index.get('e2e.fresh') !== undefined, t);
    const [help] = await t.backend.say('!st2help fresh', { room: '#ops' });
    assert.match(text(help!), /fresh \{\{message\}\}/);
    const [ack] = await t.backend.say('!st2 fresh yes', { room: '#ops' });
    assert.match(text(ack!), /details available at/);
    t.sandbox.deleteAlias('e2e.fresh');
    await waitUntil(() => t.app.chatops.catalog.index.get('e2e.fresh') === undefined, t);
    const [gone] = await t.backend.say('!st2help fresh', { room: '#ops' });
    assert.doesNotMatch(text(gone!), /fresh \{\{message\}\}/);
  });

  test('metrics count commands, denials, executions and deliveries', async () => {
    assert.ok(t.app.metrics, 'metrics are kept while the web server is on');
    const text = await t.app.metrics.registry.metrics();
    const value = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
    assert.ok(value('stormbot_commands_total\\{result="ok"\\}') >= 5, text);
    assert.ok(value('stormbot_commands_total\\{result="denied"\\}') >= 1, 'a denial was counted');
    assert.ok(value('stormbot_executions_total\\{result="started"\\}') >= 3, 'executions counted');
    assert.ok(
      value('stormbot_announcements_delivered_total\\{source="stream"\\}') >= 1,
      'deliveries counted',
    );
    assert.equal(value('stormbot_delivery_queue_size'), 0);
  });

  test('an over-long command gets a clear reply and runs nothing', async () => {
    const before = t.sandbox.executions.size;
    const [reply] = await t.backend.say(`!st2 say ${'x'.repeat(5000)}`, { room: '#ops' });
    assert.match(text(reply!), /^Command is too long \(\d+ characters; the limit is 4096\)/);
    assert.equal(t.sandbox.executions.size, before);
  });

  test('st2 errors are explained in plain words', async () => {
    t.sandbox.faults.failNext(1, 500, 'Internal Server Error');
    const [reply] = await t.backend.say('!st2 say boom', { room: '#ops' });
    assert.match(text(reply!), /StackStorm failed while handling e2e\.say \(HTTP 500\)/);
  });
});

describe('webhook delivery', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({
      config: { web: { enabled: true, port: 0 }, webhook: { hmac_secret: 'hook-secret-123' } },
    });
  });
  after(async () => {
    await t.close();
  });

  const post = async (body: string, signature: string, ts: string) => {
    const res = await t.app.web!.app.inject({
      method: 'POST',
      url: '/chatops/message',
      headers: {
        'content-type': 'application/json',
        'x-stormbot-signature': signature,
        'x-stormbot-timestamp': ts,
      },
      payload: body,
    });
    return res.statusCode;
  };
  const sign = (body: string, ts: string) =>
    `sha256=${createHmac('sha256', 'hook-secret-123').update(`${ts}.${body}`).digest('hex')}`;

  test('a good signature delivers; a bad one is refused and delivers nothing', async () => {
    const body = JSON.stringify({ channel: '#ops', message: 'from the webhook', user: 'alice' });
    const ts = String(Math.floor(Date.now() / 1000));
    const from = t.backend.sent.length;
    assert.equal(await post(body, 'sha256=' + '0'.repeat(64), ts), 401);
    const good = await post(body, sign(body, ts), ts);
    assert.ok(good >= 200 && good < 300, `status ${good}`);
    const m = await sentMatching(t.backend, (r) => text(r) === 'from the webhook', from);
    assert.ok(inRoom('#ops')(m));
    assert.equal(
      t.backend.sent.slice(from).filter((r) => text(r) === 'from the webhook').length,
      1,
    );
  });
});

/** Wait for a condition that alias events on the stream make true. */
function waitUntil(check: () => boolean, t: TestApp): Promise<void> {
  return until(check, () => once(t.app.stream, 'alias'), {
    what: `alias events making ${String(check)} true`,
    seen: () => [t.app.stream.state],
  });
}

describe('nothing silent: a result that cannot be posted is told to the person', () => {
  const notice = (alias: string) => (m: RecordedMessage) =>
    text(m).startsWith(`stormbot could not post the result of \`${alias}\``);
  /** The log line of the failure names the alias and the execution. */
  const logged = (t: TestApp, alias: string, execution: string) =>
    t.logs.lines.some(
      (l) => l.msg === 'result not posted' && l.alias === alias && l.execution === execution,
    );

  test('a result.format that does not render: st2 posts nothing, the person is told', async () => {
    const t = await startTestApp({ manualClock: true });
    const clock = t.manualClock!;
    try {
      t.sandbox.addAlias(
        echoAlias('broken', 'broken {{message}}', { result: { format: '{% if %}never' } }),
      );
      await waitUntil(() => t.app.chatops.catalog.index.get('e2e.broken') !== undefined, t);
      t.sandbox.faults.holdExecutions = true;
      // Only the tracker's timer is awaited below; the inquiry watcher's polling would be due first.
      t.app.chatops.inquiries.stop();
      const [ack] = await t.backend.say('!st2 broken x', { room: '#ops', threadId: 'th-5' });
      assert.match(text(ack!), /details available at/);
      const id = [...t.sandbox.executions.keys()].at(-1)!;
      assert.ok(t.sandbox.finishExecution(id));
      const from = t.backend.sent.length;
      // The tracker asks st2 after SWEEP_MS, finds it ended, and waits SILENCE_MS for its result.
      await clock.advance(SWEEP_MS);
      await stepUntil(() => clock.nextDelay() === SWEEP_MS, {
        what: 'the tracker to have asked st2 about the execution',
        seen: () => t.sandbox.requests.map((r) => r.path),
      });
      for (let waited = 0; waited < SILENCE_MS; waited += SWEEP_MS) await clock.advance(SWEEP_MS);
      const line = await sentMatching(t.backend, notice('e2e.broken'), from);
      assert.match(text(line), new RegExp(`\\(execution ${id}\\): StackStorm announced no result`));
      assert.equal(line.target.kind === 'room' && line.target.thread?.id, 'th-5');
      assert.equal(line.message.mention?.id, 'alice');
      assert.ok(logged(t, 'e2e.broken', id), 'the log names the alias and the execution');
      assert.equal(t.app.chatops.tracker.pending, 0);
    } finally {
      await t.close();
    }
  });

  test('a room that no longer maps to a place: the person is told in a direct message', async () => {
    const t = await startTestApp();
    try {
      const identity = t.backend.identity;
      const targetFor = identity.targetFor.bind(identity);
      (identity as { targetFor: typeof targetFor }).targetFor = (channel, user) =>
        channel === '#archived' ? Promise.resolve(undefined) : targetFor(channel, user);
      const from = t.backend.sent.length;
      const [ack] = await t.backend.say('!st2 greet Hi', { room: '#archived' });
      assert.match(text(ack!), /details available at/);
      const id = [...t.sandbox.executions.keys()].at(-1)!;
      const line = await sentMatching(t.backend, notice('examples.greet'), from);
      assert.equal(
        text(line),
        `stormbot could not post the result of \`examples.greet\` (execution ${id}): no place on test matches channel "#archived"`,
      );
      assert.deepEqual(line.target, { kind: 'direct', user: t.backend.principal('alice') });
      assert.ok(logged(t, 'examples.greet', id));
      assert.ok(
        t.logs.lines.some(
          (l) =>
            l.msg === 'announcement dropped' && l.alias === 'examples.greet' && l.execution === id,
        ),
      );
    } finally {
      await t.close();
    }
  });

  test('a chat that keeps refusing the result: given up, the person is told once', async () => {
    const t = await startTestApp({ manualClock: true });
    const clock = t.manualClock!;
    try {
      const send = t.backend.send.bind(t.backend);
      let refusedOnce: () => void = () => undefined;
      const refused = new Promise<void>((resolve) => (refusedOnce = resolve));
      t.backend.send = (target, message) => {
        if (!message.text.includes('REFUSED')) return send(target, message);
        refusedOnce();
        return Promise.reject(new Error('msg_too_long'));
      };
      t.sandbox.addAlias(echoAlias('plain', 'plain {{message}}'));
      await waitUntil(() => t.app.chatops.catalog.index.get('e2e.plain') !== undefined, t);
      t.sandbox.faults.holdExecutions = true;
      const [ack] = await t.backend.say('!st2 plain REFUSED', { room: '#ops' });
      assert.match(text(ack!), /^Got it! StackStorm is running execution/);
      const id = [...t.sandbox.executions.keys()].at(-1)!;
      const from = t.backend.sent.length;
      t.sandbox.finishExecution(id);
      await bounded(refused, { what: 'the first attempt to post the result' });
      for (let i = 0; i < 20 && !t.backend.sent.slice(from).some(notice('e2e.plain')); i++) {
        await clock.advance(clock.nextDelay() ?? 0);
      }
      const line = await sentMatching(t.backend, notice('e2e.plain'), from);
      assert.equal(
        text(line),
        `stormbot could not post the result of \`e2e.plain\` (execution ${id}): the chat refused it ${REFUSALS} times`,
      );
      assert.ok(logged(t, 'e2e.plain', id));
      assert.equal(t.backend.sent.slice(from).filter(notice('e2e.plain')).length, 1);
      assert.equal(t.app.chatops.delivery.counters.dropped, 1);
    } finally {
      await t.close();
    }
  });

  test('an acknowledgement the chat refuses: the person is told, the execution runs on', async () => {
    const t = await startTestApp();
    try {
      const send = t.backend.send.bind(t.backend);
      t.backend.send = (target, message) =>
        /^Greeting StackStorm/.test(message.text)
          ? Promise.reject(new Error('thread_locked'))
          : send(target, message);
      const replies = await t.backend.say('!st2 greet Hi', { room: '#ops', threadId: 'th-2' });
      const id = [...t.sandbox.executions.keys()].at(-1)!;
      assert.deepEqual(replies.map(text), [
        `stormbot could not post the acknowledgement of \`examples.greet\` (execution ${id}): the chat refused it; the result will follow`,
      ]);
      assert.ok(
        t.logs.lines.some(
          (l) =>
            l.msg === 'acknowledgement not posted' &&
            l.alias === 'examples.greet' &&
            l.execution === id,
        ),
      );
      const result = await sentMatching(t.backend, (m) => /Hi/.test(text(m)) && m !== replies[0]);
      assert.equal(result.target.kind === 'room' && result.target.thread?.id, 'th-2');
    } finally {
      await t.close();
    }
  });
});

describe('match_multiple: one execution per occurrence, as st2 runs them', () => {
  let t: TestApp;
  const aliasRequests = () => t.sandbox.requests.filter((r) => r.path.endsWith('/aliasexecution'));
  before(async () => {
    t = await startTestApp();
    t.sandbox.addAlias(
      echoAlias('closes', 'closes', {
        formats: [
          {
            representation: ['(?:\\b|^)closes (?P<message>[A-Z]+-\\d+)(?:\\b|$)'],
            match_multiple: true,
          },
        ],
      }),
    );
    await waitUntil(() => t.app.chatops.catalog.index.get('e2e.closes') !== undefined, t);
  });
  after(async () => {
    await t.close();
  });

  test('three occurrences: three executions, three acks, three results in the thread', async () => {
    const before = aliasRequests().length;
    const from = t.backend.sent.length;
    const replies = await t.backend.say(
      '!st2 JK-4 closes JR-24 which closes DR-12 and closes AB-3',
      {
        room: '#dev',
        threadId: 'th-m',
        messageId: 'm-7',
      },
    );
    const requests = aliasRequests().slice(before);
    const bodies = requests.map((r) => r.body as Record<string, unknown>);
    assert.deepEqual(
      bodies.map((b) => b.command),
      ['closes JR-24', 'closes DR-12', 'closes AB-3'],
    );
    const contexts = bodies.map((b) => b.source_context as Record<string, unknown>);
    assert.equal(new Set(contexts.map((c) => c.request_id)).size, 3, 'one request id each');
    for (const c of contexts) {
      assert.equal(c.thread_id, 'th-m');
      assert.equal(c.message_id, 'm-7');
    }
    assert.equal(replies.length, 3, 'one ack per execution');
    const ids = [...t.sandbox.executions.keys()].slice(-3);
    replies.forEach((ack, i) => {
      assert.match(text(ack), new RegExp(`^Got it! StackStorm is running execution ${ids[i]}`));
      assert.equal(ack.target.kind === 'room' && ack.target.thread?.id, 'th-m');
    });
    for (const key of ['JR-24', 'DR-12', 'AB-3']) {
      const result = await sentMatching(
        t.backend,
        (m) => !replies.includes(m) && text(m).includes(key),
        from,
      );
      assert.ok(inRoom('#dev')(result));
      assert.equal(result.target.kind === 'room' && result.target.thread?.id, 'th-m');
    }
  });

  test('more occurrences than the cap: refused with the reason, nothing runs', async () => {
    const before = aliasRequests().length;
    const many = Array.from({ length: MAX_EXECUTIONS_PER_COMMAND + 1 }, (_, i) => `closes X-${i}`);
    const [reply] = await t.backend.say(`!st2 ${many.join(' ')}`, { room: '#dev' });
    assert.match(
      text(reply!),
      new RegExp(
        `would start ${MAX_EXECUTIONS_PER_COMMAND + 1} executions of e2e\\.closes \\(one per match\\); the limit is ${MAX_EXECUTIONS_PER_COMMAND} per command`,
      ),
    );
    assert.equal(aliasRequests().length, before, 'no execution requested');
  });

  test('a later execution refused by st2: the person is told which one, and what is running', async () => {
    const send = t.backend.send.bind(t.backend);
    let armed = false;
    // The first ack is posted before the second execution is requested: fail that request.
    t.backend.send = (target, message) => {
      if (!armed && /^Got it!/.test(message.text)) {
        armed = true;
        t.sandbox.faults.failNext(1, 400, 'occurrence refused');
      }
      return send(target, message);
    };
    try {
      const before = aliasRequests().length;
      const replies = await t.backend.say('!st2 closes AA-1 closes BB-2 closes CC-3', {
        room: '#dev',
      });
      assert.equal(aliasRequests().length - before, 2, 'the third was not requested');
      assert.match(text(replies[0]!), /^Got it!/);
      assert.match(
        text(replies[1]!),
        /occurrence refused.*\(match 2 of 3, "closes BB-2": the 1 before it are running, the rest were not started\)/s,
      );
    } finally {
      t.backend.send = send;
    }
  });

  test('a plain alias next to it still runs once, with the command as typed', async () => {
    const before = aliasRequests().length;
    const replies = await t.backend.say('!st2 greet closes JR-1 closes JR-2', { room: '#dev' });
    assert.equal(replies.length, 1);
    assert.deepEqual(
      aliasRequests()
        .slice(before)
        .map((r) => (r.body as Record<string, unknown>).command),
      ['greet closes JR-1 closes JR-2'],
    );
  });
});
