/**
 * docs/migration.md's st2chatops steps, run as written: an operator's `st2chatops.env`
 * (test/fixtures/st2chatops) sourced the way the guide says, the guide's `stormbot.yaml`, then
 * `stormbot check` against the sandbox and `stormbot run` on Slack (the fake Slack, started with
 * the file's tokens), where `!pack install x` runs without `st2 ` in front; `stormbot lint`
 * finding overlapping formats; `matching.ambiguous` through the whole bot.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { silentLogger } from '../../src/log.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { makePacks } from '../aliases/packs-fixture.js';
import { startTestApp } from '../support/app.js';
import { runCli } from '../support/cli.js';
import { FakeSlack } from '../support/fake-slack.js';
import { tempDir } from '../support/temp.js';
import { bounded, until } from '../support/wait.js';

const root = resolve(import.meta.dirname, '../..');
const guide = readFileSync(join(root, 'docs/migration.md'), 'utf8');
const envFile = join(root, 'test/fixtures/st2chatops/st2chatops.env');

/** The guide's `stormbot.yaml`: the yaml block after its `migration: stormbot.yaml` marker. */
function guideYaml(): string {
  const m = /<!-- migration: stormbot\.yaml -->\n```yaml\n([\s\S]*?)```/.exec(guide);
  assert.ok(m?.[1], 'docs/migration.md has the marked stormbot.yaml block');
  return m[1];
}

/** The guide's way of loading `st2chatops.env`, pointed at the fixture. */
function sourceLine(): string {
  const m = /^set -a; \. (\S+st2chatops\.env); set \+a$/m.exec(guide);
  assert.ok(m?.[1], 'docs/migration.md shows how to source st2chatops.env');
  return m[0].replace(m[1], envFile);
}

/** A value the fixture sets by default (`export NAME="${NAME:-value}"`). */
function fixtureDefault(name: string): string {
  const text = readFileSync(envFile, 'utf8');
  const m = new RegExp(`^export ${name}="\\$\\{${name}:-([^}]*)\\}"$`, 'm').exec(text);
  assert.ok(m?.[1], `the fixture sets ${name}`);
  return m[1];
}

/** `sh -c '<source the env file>; exec stormbot <args>'` in `cwd`, with `env` over a clean one. */
function stormbot(cwd: string, args: string, env: NodeJS.ProcessEnv) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(ST2_|STORMBOT_|HUBOT_|EXPRESS_|MATTERMOST_|NODE_TLS)/.test(k),
    ),
  );
  const child = spawn(
    '/bin/sh',
    [
      '-c',
      `${sourceLine()}; exec "${process.execPath}" "${join(root, 'bin/stormbot.js')}" ${args}`,
    ],
    { cwd, env: { ...clean, ...env }, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const closed = once(child, 'close').then(([code]) => code as number | null);
  return {
    child,
    out: () => out,
    err: () => err,
    exit: (what: string) => bounded(closed, { what, seen: () => [out, err] }),
  };
}

test("migration guide: st2chatops.env + the guide's stormbot.yaml → check passes, !pack install x runs", async (t) => {
  const sandbox = await startSandbox({ logger: silentLogger() });
  t.after(() => sandbox.close());
  // StackStorm's own `packs.pack_install` alias, on an action the sandbox runs.
  sandbox.addAlias({
    name: 'pack_install',
    pack: 'packs',
    action_ref: 'core.echo',
    description: 'Install a pack',
    formats: ['pack install {{message}}'],
  });
  const alice = { id: 'UALICE001', name: 'alice', display_name: 'Alice A' };
  const ops = { id: 'CROOM0001', name: 'ops' };
  const fake = await FakeSlack.start({
    botToken: fixtureDefault('HUBOT_SLACK_BOT_TOKEN'),
    appToken: fixtureDefault('HUBOT_SLACK_APP_TOKEN'),
    users: [alice],
    channels: [ops],
  });
  t.after(() => fake.close());

  const dir = tempDir('migration');
  // The guide's file, plus what only a test needs: Slack's Web API is the fake's.
  writeFileSync(
    join(dir, 'stormbot.yaml'),
    `${guideYaml()}backends:\n  slack:\n    api_url: ${fake.apiUrl}\n`,
  );
  // StackStorm is the sandbox (plain http on a free port), overriding the file's https URLs the
  // way st2chatops.env allows: every value can come from the environment.
  const env: NodeJS.ProcessEnv = {
    ST2_API_URL: sandbox.apiUrl,
    ST2_AUTH_URL: sandbox.authUrl,
    ST2_STREAM_URL: sandbox.streamUrl,
    STORMBOT_DATA_DIR: join(dir, 'data'),
  };

  const check = stormbot(dir, 'check --config stormbot.yaml', env);
  const code = await check.exit('stormbot check to finish');
  assert.equal(code, 0, `stormbot check: ${check.out()}${check.err()}`);
  assert.match(check.out(), /^ok {3}configuration: .*back-end slack$/m);
  assert.match(check.out(), /^ok {3}StackStorm API: /m);
  assert.match(check.out(), /^ok {3}route: rule chatops\.notify handles route "hubot"/m);
  assert.doesNotMatch(check.out(), /^FAIL /m);

  const run = stormbot(dir, 'run --config stormbot.yaml', env);
  t.after(() => {
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
  });
  await bounded(fake.waitForConnections(1), {
    what: 'the bot on Slack (a Socket Mode connection that said hello)',
    seen: () => [run.out(), run.err()],
  });

  await fake.personSays({ user: alice.id, channel: ops.id, text: '!pack install x' });
  const ack = await fake.waitForCall(
    'chat.postMessage',
    (c) => typeof c.args.text === 'string' && /details available at/.test(c.args.text),
  );
  assert.equal(ack.args.channel, ops.id);
  const execution = [...sandbox.executions.values()].at(-1);
  assert.equal(execution?.action.ref, 'core.echo');
  assert.deepEqual(execution.parameters, { message: 'x' });
  assert.equal(execution.context.api_user, alice.id, 'run for the person who typed it');

  run.child.kill('SIGTERM');
  assert.equal(await run.exit('stormbot run to stop'), 0, run.err());
});

test('migration guide: matching.ambiguous: longest runs the longest of two fitting formats; refuse does not', async (t) => {
  const deploy = (name: string, format: string) => ({
    name,
    pack: 'ops',
    action_ref: 'core.echo',
    description: name,
    formats: [format],
  });
  for (const [rule, expected] of [
    ['longest', 'ran'],
    ['refuse', 'refused'],
  ] as const) {
    const app = await startTestApp({ config: { matching: { ambiguous: rule } } });
    t.after(() => app.close());
    app.sandbox.addAlias(deploy('ship', 'ship {{message}}'));
    app.sandbox.addAlias(deploy('ship_to', 'ship {{message}} to prod'));
    await until(
      () => app.app.chatops.catalog.index.get('ops.ship_to') !== undefined,
      () => once(app.app.stream, 'alias'),
      { what: 'both aliases in the catalog', seen: () => app.app.chatops.catalog.index.all() },
    );
    const before = app.sandbox.executions.size;
    const [reply] = await app.backend.say('!st2 ship web to prod', { room: '#ops' });
    if (expected === 'ran') {
      assert.match(reply?.message.text ?? '', /details available at/, rule);
      const execution = [...app.sandbox.executions.values()].at(-1);
      assert.deepEqual(execution?.parameters, { message: 'web' }, rule);
      const audit = app.logs.lines.find((l) => l.msg === 'audit' && l.decision === 'ran');
      assert.deepEqual(
        audit?.passedOver,
        ['ops.ship'],
        'the audit line names the alias passed over',
      );
    } else {
      assert.match(reply?.message.text ?? '', /matches more than one StackStorm command/, rule);
      assert.equal(app.sandbox.executions.size, before, 'nothing ran');
    }
  }
});

test('migration guide: stormbot lint finds the commands two formats fit before the switch', async (t) => {
  const { dir, cleanup } = await makePacks({
    'ops/aliases/ship.yaml': 'name: ship\naction_ref: ops.ship\nformats: ["ship {{app}}"]\n',
    'ops/aliases/ship_to.yaml':
      'name: ship_to\naction_ref: ops.ship_to\nformats: ["ship {{app}} to {{env}}"]\n',
  });
  t.after(cleanup);
  assert.match(guide, /^stormbot lint \/opt\/stackstorm\/packs$/m, 'the guide shows the step');
  const lint = await runCli(['lint', dir]);
  assert.equal(lint.code, 1, lint.out);
  assert.match(lint.out, /error \[overlap\] ops\.ship(_to)? .*st2 refuses it as ambiguous/);
  const longest = await runCli([
    'match',
    '--packs',
    dir,
    '--ambiguous',
    'longest',
    'ship web to prod',
  ]);
  assert.match(longest.out, /^match: ops\.ship_to -> action ops\.ship_to$/m, longest.out);
});
