/**
 * Issue 12, confirmation before risky commands, through the whole bot against the sandbox: the
 * example `reboot` alias (flagged `extra.security.twofactor`) in the three modes — `confirm`,
 * `approve` and `action` (hubot's `HUBOT_2FA`) — with expiry, wrong codes, wrong people and
 * `!st2deny`; and the audit line of every decision.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { DENIALS } from '../../src/acl/index.js';
import type { RecordedMessage } from '../../src/backends/test/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { sentMatching } from '../support/bot.js';
import { freePort } from '../support/ports.js';
import { until } from '../support/wait.js';
import { startTestApp, type TestApp } from '../support/app.js';

const text = (m: RecordedMessage | undefined) => m?.message.text ?? '';
const CODE = /^!st2confirm ([A-Z0-9]{8})$/m;

/** The code in a prompt. */
function codeOf(prompt: RecordedMessage | undefined): string {
  const code = CODE.exec(text(prompt))?.[1];
  assert.ok(code, `no "!st2confirm <code>" line in: ${text(prompt)}`);
  return code;
}

/** The alias executions the sandbox received so far. */
function aliasExecutions(t: TestApp) {
  return t.sandbox.requests.filter((r) => r.path.endsWith('/aliasexecution'));
}

/** The audit lines logged so far. */
function audits(t: TestApp): Record<string, unknown>[] {
  return t.logs.lines.filter((l) => l.msg === 'audit');
}

/** The last audit line with `decision`, failing with every audit line when there is none. */
function lastAudit(t: TestApp, decision: string): Record<string, unknown> {
  const line = audits(t)
    .filter((l) => l.decision === decision)
    .at(-1);
  assert.ok(line, `no "${decision}" audit line in ${JSON.stringify(audits(t))}`);
  return line;
}

describe('confirm mode (the default for a twofactor-flagged alias)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ backend: { caps: { buttons: true } } });
  });
  after(async () => {
    await t.close();
  });

  test('the command is held: a code, the exact lines, Confirm/Deny buttons, nothing in st2', async () => {
    const before = aliasExecutions(t).length;
    const [prompt, ...more] = await t.backend.say('!st2 reboot web1', { room: '#ops' });
    assert.equal(more.length, 0, 'one reply');
    const code = codeOf(prompt);
    assert.match(text(prompt), /^`reboot web1` \(examples\.reboot\) needs your confirmation\./);
    assert.match(text(prompt), new RegExp(`^To drop it: !st2deny ${code}$`, 'm'));
    assert.match(text(prompt), /expires in 5 minutes/);
    assert.equal(prompt?.message.mention?.id, 'alice');
    assert.deepEqual(prompt.message.actions, [
      { label: 'Confirm', command: `!st2confirm ${code}`, style: 'primary' },
      { label: 'Deny', command: `!st2deny ${code}`, style: 'danger' },
    ]);
    assert.equal(aliasExecutions(t).length, before, 'nothing reached StackStorm');
    const held = lastAudit(t, 'held');
    assert.equal(held.alias, 'examples.reboot');
    assert.equal(held.user, 'alice');
    assert.equal(held.channel, '#ops');
    assert.equal(held.mode, 'confirm');
    assert.deepEqual(held.parameters, { hosts: 'web1' });
    assert.ok(!t.logs.text().includes(code), 'the code is never logged');
  });

  test('wrong person, wrong code: refused with a clear line; the right code runs it once', async () => {
    const before = aliasExecutions(t).length;
    const [prompt] = await t.backend.say('!st2 reboot web2', { room: '#ops' });
    const code = codeOf(prompt);

    const [other] = await t.backend.say(`!st2confirm ${code}`, { room: '#ops', user: 'bob' });
    assert.equal(
      text(other),
      'Only alice can confirm `reboot web2` (examples.reboot): it is their command, and the code works only for them.',
    );
    const [wrong] = await t.backend.say('!st2confirm ABCDEFGH', { room: '#ops' });
    assert.equal(
      text(wrong),
      'No command is waiting for a confirmation with the code ABCDEFGH: it may be mistyped, expired, already used or denied.',
    );
    const [bare] = await t.backend.say('!st2confirm', { room: '#ops' });
    assert.equal(text(bare), 'Give the code: !st2confirm <code>.');
    for (const junk of ['@channel', 'ÉÉÉÉÉÉÉÉ', 'ABCDEFGH1']) {
      const [reply] = await t.backend.say(`!st2deny ${junk}`, { room: '#ops' });
      assert.equal(
        text(reply),
        'That is not a code: a code is 8 letters and digits, as in the message that gave it.',
        junk,
      );
    }
    assert.equal(aliasExecutions(t).length, before, 'still nothing reached StackStorm');

    const from = t.backend.sent.length;
    const replies = await t.backend.say(`!st2confirm ${code.toLowerCase()}`, { room: '#ops' });
    assert.deepEqual(replies.map(text).slice(0, 1), [
      'Confirmed: running `reboot web2` (examples.reboot).',
    ]);
    assert.match(text(replies[1]), /^Rebooting web2\.\.\./);
    const requests = aliasExecutions(t).slice(before);
    assert.equal(requests.length, 1);
    const body = requests[0]?.body as Record<string, unknown>;
    assert.equal(body.command, 'reboot web2');
    assert.equal(body.user, 'alice');
    assert.equal(body.source_channel, '#ops');
    await sentMatching(t.backend, (m) => text(m) === 'Rebooted web2: succeeded', from);

    const [again] = await t.backend.say(`!st2confirm ${code}`, { room: '#ops' });
    assert.match(text(again), /^No command is waiting for a confirmation with the code /);
    assert.equal(aliasExecutions(t).length, before + 1, 'the code worked once');

    const confirmed = lastAudit(t, 'confirmed');
    const execution = [...t.sandbox.executions.values()].find(
      (e) => e.action.ref === 'examples.reboot' && e.parameters.hosts === 'web2',
    );
    assert.deepEqual(confirmed.executions, [execution?.id]);
    assert.equal(confirmed.by, 'alice');
    assert.ok(
      t.logs.lines.some((l) => l.msg === 'confirmation refused' && l.by === 'bob'),
      'the refused attempt is logged',
    );
    assert.ok(!t.logs.text().includes(code), 'the code is in no log line, typed or used');
  });

  test('a button press is the presser typing the command', async () => {
    const [prompt] = await t.backend.say('!st2 reboot web7', { room: '#ops' });
    const confirm = prompt?.message.actions?.[0]?.command ?? '';
    const event = { ...t.backend.event(confirm, { room: '#ops' }), raw: { button: true } };
    const replies = await t.backend.deliver(event);
    assert.equal(text(replies[0]), 'Confirmed: running `reboot web7` (examples.reboot).');
  });

  test('!st2deny drops it: only the requester may, and the code stops working', async () => {
    const before = aliasExecutions(t).length;
    const [prompt] = await t.backend.say('!st2 reboot web3', { room: '#ops' });
    const code = codeOf(prompt);
    const [other] = await t.backend.say(`!st2deny ${code}`, { room: '#ops', user: 'bob' });
    assert.equal(text(other), 'Only alice can deny `reboot web3` (examples.reboot).');
    const [denied] = await t.backend.say(`!st2deny ${code}`, { room: '#ops' });
    assert.equal(text(denied), 'Dropped `reboot web3` (examples.reboot); nothing ran.');
    const [late] = await t.backend.say(`!st2confirm ${code}`, { room: '#ops' });
    assert.match(text(late), /^No command is waiting for a confirmation with the code /);
    assert.equal(aliasExecutions(t).length, before);
    const declined = lastAudit(t, 'declined');
    assert.equal(declined.by, 'alice');
    assert.deepEqual(declined.parameters, { hosts: 'web3' });
  });

  test('!help lists st2confirm and st2deny', async () => {
    const [help] = await t.backend.say('!help', { room: '#ops' });
    assert.match(text(help), /^!st2confirm <code> — /m);
    assert.match(text(help), /^!st2deny <code> — /m);
  });

  test('an alias with no flag runs at once, with a "ran" audit line', async () => {
    const [ack] = await t.backend.say('!st2 greet Hi', { room: '#ops' });
    assert.match(text(ack), /details available at/);
    const ran = lastAudit(t, 'ran');
    assert.equal(ran.alias, 'examples.greet');
    assert.deepEqual(ran.parameters, { greeting: 'Hi' });
    const id = [...t.sandbox.executions.keys()].at(-1);
    assert.deepEqual(ran.executions, [id]);
  });
});

describe('the code expires', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ manualClock: true, config: { confirmation: { code_ttl: 120 } } });
  });
  after(async () => {
    await t.close();
  });

  test('after code_ttl the person is told where they asked, and the code no longer works', async () => {
    const clock = t.manualClock!;
    const [prompt] = await t.backend.say('!st2 reboot web4', { room: '#ops', threadId: 'th-4' });
    const code = codeOf(prompt);
    assert.match(text(prompt), /expires in 2 minutes/);
    const from = t.backend.sent.length;
    await clock.advance(119_000);
    assert.equal(t.backend.sent.length, from, 'nothing before the code expires');
    await clock.advance(1000);
    const told = await sentMatching(
      t.backend,
      (m) => /was not confirmed within/.test(text(m)),
      from,
    );
    assert.equal(
      text(told),
      '`reboot web4` (examples.reboot) was not confirmed within 2 minutes, so it was dropped and its code no longer works; nothing ran. Send the command again for a new code.',
    );
    assert.equal(told.message.mention?.id, 'alice');
    assert.equal(told.target.kind === 'room' && told.target.room.id, '#ops');
    assert.equal(told.target.kind === 'room' && told.target.thread?.id, 'th-4');
    const [late] = await t.backend.say(`!st2confirm ${code}`, { room: '#ops' });
    assert.match(text(late), /^No command is waiting for a confirmation with the code /);
    assert.equal(aliasExecutions(t).length, 0);
    assert.equal(lastAudit(t, 'expired').alias, 'examples.reboot');
  });

  test('held commands are bounded per person', async () => {
    for (let i = 0; i < 5; i++) await t.backend.say(`!st2 reboot h${i}`, { room: '#ops' });
    const [refused] = await t.backend.say('!st2 reboot h5', { room: '#ops' });
    assert.equal(
      text(refused),
      'You have 5 commands waiting for a confirmation; confirm or deny them first. Nothing ran.',
    );
    assert.equal(lastAudit(t, 'refused').reason, 'too many held for the person');
    const [other] = await t.backend.say('!st2 reboot h6', { room: '#ops', user: 'bob' });
    assert.match(text(other), /needs your confirmation/);
  });
});

describe('approve mode: four eyes', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({
      config: {
        confirmation: {
          aliases: { 'examples.reboot': 'approve' },
          approvers: ['carol', 'ops-*'],
        },
      },
    });
  });
  after(async () => {
    await t.close();
  });

  test('the requester cannot approve, nor can someone who is not an approver', async () => {
    const [prompt] = await t.backend.say('!st2 reboot db1', { room: '#ops' });
    const code = codeOf(prompt);
    assert.match(
      text(prompt),
      /^`reboot db1` \(examples\.reboot\) needs an approval by someone else \(an approver: carol, ops-\*\)\./,
    );
    assert.equal(prompt?.message.actions, undefined, 'no buttons where the chat has none');
    const [own] = await t.backend.say(`!st2confirm ${code}`, { room: '#ops' });
    assert.equal(
      text(own),
      'You cannot approve your own command: someone else from the approvers (carol, ops-*) must.',
    );
    const [bob] = await t.backend.say(`!st2confirm ${code}`, { room: '#ops', user: 'bob' });
    assert.equal(
      text(bob),
      'Only an approver (carol, ops-*) can approve `reboot db1` (examples.reboot); you are not one.',
    );
    assert.equal(aliasExecutions(t).length, 0);
  });

  test('an approver approves from elsewhere: the command runs as the requester, where asked', async () => {
    const [prompt] = await t.backend.say('!st2 reboot db2', { room: '#ops', threadId: 'th-a' });
    const code = codeOf(prompt);
    const from = t.backend.sent.length;
    const replies = await t.backend.say(`!st2confirm ${code}`, { user: 'carol' });
    const line = 'carol approved `reboot db2` (examples.reboot) for alice: running it.';
    assert.equal(text(replies[0]), line);
    assert.equal(replies[0]?.target.kind, 'direct');
    const inRoom = replies.filter((m) => m.target.kind === 'room');
    assert.deepEqual(inRoom.map(text).slice(0, 1), [line]);
    assert.equal(inRoom[0]?.message.mention?.id, 'alice');
    assert.match(text(inRoom[1]), /^Rebooting db2\.\.\./);
    assert.equal(inRoom[1]?.target.kind === 'room' && inRoom[1].target.thread?.id, 'th-a');
    const body = aliasExecutions(t).at(-1)?.body as Record<string, unknown>;
    assert.equal(body.user, 'alice');
    assert.equal(body.source_channel, '#ops');
    await sentMatching(t.backend, (m) => text(m) === 'Rebooted db2: succeeded', from);
    const confirmed = lastAudit(t, 'confirmed');
    assert.equal(confirmed.by, 'carol');
    assert.equal(confirmed.user, 'alice');
    assert.equal(confirmed.mode, 'approve');
  });

  test('an approver may deny; the requester is told where they asked', async () => {
    const [prompt] = await t.backend.say('!st2 reboot db3', { room: '#ops' });
    const code = codeOf(prompt);
    const replies = await t.backend.say(`!st2deny ${code}`, { room: '#dba', user: 'ops-dave' });
    const line = 'ops-dave denied `reboot db3` (examples.reboot) for alice; nothing ran.';
    assert.deepEqual(
      replies.map((m) => [m.target.kind === 'room' ? m.target.room.id : 'direct', text(m)]),
      [
        ['#ops', line],
        ['#dba', line],
      ],
    );
    assert.equal(lastAudit(t, 'declined').by, 'ops-dave');
  });
});

describe('action mode: HUBOT_2FA', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({
      manualClock: true,
      configEnv: { HUBOT_2FA: 'examples.confirm_push' },
    });
  });
  after(async () => {
    await t.close();
  });

  /** End the confirmation action's last execution now, as the action would end; its id. */
  function pushEnded(): string {
    const push = () =>
      [...t.sandbox.executions.values()].filter((e) => e.action.ref === 'examples.confirm_push');
    const id = push().at(-1)?.id ?? '';
    // false when it already ended by itself: either way it ended as the action makes it end.
    t.sandbox.finishExecution(id);
    const status = push().at(-1)?.status ?? '';
    assert.ok(['succeeded', 'failed'].includes(status), `the action ended: ${status}`);
    return id;
  }

  test('HUBOT_2FA: a twofactor-flagged alias runs the action with hubot parameters, then the command', async () => {
    const clock = t.manualClock!;
    const [prompt] = await t.backend.say('!st2 reboot web8', { room: '#ops' });
    const run = t.sandbox.requests.filter(
      (r) => r.method === 'POST' && r.path.endsWith('/executions'),
    );
    assert.equal(run.length, 1);
    const body = run[0]?.body as { action: string; parameters: Record<string, unknown> };
    assert.equal(body.action, 'examples.confirm_push');
    assert.deepEqual(Object.keys(body.parameters).sort(), ['channel', 'hint', 'user', 'uuid']);
    assert.equal(body.parameters.user, 'alice');
    assert.equal(body.parameters.channel, '#ops');
    assert.equal(body.parameters.hint, 'Reboot a host (asks for confirmation first).');
    const id = pushEnded();
    assert.equal(
      text(prompt),
      `\`reboot web8\` (examples.reboot) needs a confirmation: I started examples.confirm_push (execution ${id}) for you, and will run the command once it succeeds (within 5 minutes).`,
    );
    assert.equal(aliasExecutions(t).length, 0, 'nothing ran before the action succeeded');
    assert.equal(lastAudit(t, 'held').hold, body.parameters.uuid);

    const from = t.backend.sent.length;
    await clock.advance(1000);
    await sentMatching(
      t.backend,
      (m) =>
        text(m) === 'examples.confirm_push confirmed it: running `reboot web8` (examples.reboot).',
      from,
    );
    await sentMatching(t.backend, (m) => /^Rebooting web8\.\.\./.test(text(m)), from);
    assert.equal(aliasExecutions(t).length, 1);
    const confirmed = lastAudit(t, 'confirmed');
    assert.equal(confirmed.by, 'examples.confirm_push');
    assert.equal(confirmed.mode, 'action');
  });

  test('the action fails: the person is told and nothing runs', async () => {
    const clock = t.manualClock!;
    const before = aliasExecutions(t).length;
    await t.backend.say('!st2 reboot web9', { room: '#ops', user: 'mallory' });
    const id = pushEnded();
    const from = t.backend.sent.length;
    await clock.advance(1000);
    const told = await sentMatching(t.backend, (m) => /^The confirmation/.test(text(m)), from);
    assert.equal(
      text(told),
      `The confirmation examples.confirm_push (execution ${id}) failed, so \`reboot web9\` (examples.reboot) was not run.`,
    );
    assert.equal(told.message.mention?.id, 'mallory');
    assert.equal(aliasExecutions(t).length, before);
    assert.equal(lastAudit(t, 'refused').reason, 'the confirmation action failed');
  });

  test('the action never ends: dropped after the code lifetime, the person is told', async () => {
    const clock = t.manualClock!;
    const before = aliasExecutions(t).length;
    t.sandbox.faults.holdExecutions = true;
    try {
      await t.backend.say('!st2 reboot web10', { room: '#ops' });
      const from = t.backend.sent.length;
      await clock.advance(300_000);
      const told = await sentMatching(t.backend, (m) => /was not confirmed by/.test(text(m)), from);
      assert.equal(
        text(told),
        '`reboot web10` (examples.reboot) was not confirmed by examples.confirm_push within 5 minutes, so it was dropped; nothing ran.',
      );
    } finally {
      t.sandbox.faults.holdExecutions = false;
      t.sandbox.faults.releaseExecutions();
    }
    assert.equal(aliasExecutions(t).length, before);
    assert.equal(lastAudit(t, 'expired').mode, 'action');
  });
});

describe('the audit line', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({
      config: { acl: { rules: { 'st2:examples.deploy': { allowusers: ['root'] } } } },
    });
  });
  after(async () => {
    await t.close();
  });

  test('an ACL denial is audited as denied, with secrets redacted by name', async () => {
    const [reply] = await t.backend.say('!st2 deploy web to staging api_token=s3cr3t', {
      room: '#ops',
    });
    assert.equal(text(reply), DENIALS.user);
    const denied = lastAudit(t, 'denied');
    assert.equal(denied.alias, 'examples.deploy');
    assert.equal(denied.user, 'alice');
    assert.equal(denied.channel, '#ops');
    assert.equal((denied.parameters as Record<string, unknown>).api_token, '[redacted]');
    assert.ok(!t.logs.text().includes('s3cr3t'), 'the secret is in no log line');
  });

  test('a command StackStorm refuses is audited as failed', async () => {
    await t.backend.say('!st2 greet Hi nosuchparam=1', { room: '#ops' });
    assert.equal(lastAudit(t, 'failed').alias, 'examples.greet');
  });
});

describe('approve mode with client-side sign-in: the command runs with the requester’s own key', () => {
  const PERSON_KEY = `key-${randomBytes(12).toString('hex')}`;
  let sandbox: Sandbox;
  let t: TestApp;
  before(async () => {
    sandbox = await startSandbox({ apiKeys: ['test-api-key', PERSON_KEY] });
    const port = await freePort();
    t = await startTestApp({
      reuseSandbox: sandbox,
      env: { STORMBOT_SECRET_KEY: randomBytes(32).toString('base64') },
      config: {
        web: { enabled: true, host: '127.0.0.1', port },
        stackstorm: { rbac_auth: { clientside: { url: `http://127.0.0.1:${port}/` } } },
        confirmation: { twofactor_mode: 'approve', approvers: ['carol'] },
      },
    });
  });
  after(async () => {
    await t.close();
    await sandbox.close();
  });

  test('someone who must sign in first is told so before anything is held', async () => {
    const [reply] = await t.backend.say('!st2 reboot web12', { room: '#ops', user: 'bob' });
    assert.match(text(reply), /!st2session_start <secret word>/);
    assert.equal(t.app.chatops.confirmation.pending, 0);
    assert.equal(lastAudit(t, 'failed').user, 'bob');
  });

  test('carol, not signed in, approves; st2 sees alice’s key', async () => {
    const sessions = t.app.sessions;
    assert.ok(sessions, 'client-side sign-in is on');
    const alice = t.backend.principal('alice');
    const { url } = await sessions.start(alice, 'heron');
    const id = url.split('/').at(-1) ?? '';
    const signedIn = await sessions.authenticate(
      id,
      { secretWord: 'heron', method: 'apikey', apiKey: PERSON_KEY },
      '127.0.0.1',
    );
    assert.ok(await sessions.credentialsFor(alice), JSON.stringify(signedIn));

    const [prompt] = await t.backend.say('!st2 reboot web11', { room: '#ops' });
    const replies = await t.backend.say(`!st2confirm ${codeOf(prompt)}`, {
      room: '#ops',
      user: 'carol',
    });
    assert.match(text(replies.at(-1)), /^Rebooting web11\.\.\./);
    const request = aliasExecutions(t).at(-1);
    assert.equal(request?.headers['st2-api-key'], PERSON_KEY);
    assert.equal((request.body as Record<string, unknown>).user, 'alice');
  });
});

describe('a command that cannot be held is refused, and nothing runs', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ configEnv: { HUBOT_2FA: 'examples.nosuch' } });
    t.sandbox.addAlias({
      name: 'wipe',
      pack: 'e2e',
      action_ref: 'core.echo',
      description: 'wipe a disk',
      formats: ['wipe {{message}}'],
      extra: { security: { twofactor: 'approve' } },
    });
    await until(
      () => t.app.chatops.catalog.index.get('e2e.wipe') !== undefined,
      () => once(t.app.stream, 'alias'),
      { what: 'the alias e2e.wipe in the catalog' },
    );
  });
  after(async () => {
    await t.close();
  });

  test('a flag asking for approval with no approvers configured', async () => {
    const [reply] = await t.backend.say('!st2 wipe sda', { room: '#ops' });
    assert.equal(
      text(reply),
      '`wipe sda` (e2e.wipe) needs an approval, but no approvers are configured (confirmation.approvers). Nothing ran.',
    );
    assert.equal(lastAudit(t, 'refused').reason, 'no approvers');
  });

  test('a HUBOT_2FA action StackStorm does not know', async () => {
    const [reply] = await t.backend.say('!st2 reboot web13', { room: '#ops' });
    assert.match(
      text(reply),
      /^StackStorm could not find what the confirmation action examples\.nosuch needs/,
    );
    assert.equal(lastAudit(t, 'refused').reason, 'the confirmation action did not start');
    assert.equal(aliasExecutions(t).length, 0);
    assert.equal(t.app.chatops.confirmation.pending, 0);
  });
});
