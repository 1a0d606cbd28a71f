import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { makePacks } from '../aliases/packs-fixture.js';
import { runCli } from '../support/cli.js';

describe('stormbot match', () => {
  let dir = '';
  let cleanup = async (): Promise<void> => {};
  before(async () => {
    ({ dir, cleanup } = await makePacks({
      'ops/aliases/deploy.yaml':
        'name: deploy\naction_ref: ops.deploy\nformats:\n  - display: "deploy <app> to <env>"\n    representation: ["deploy {{app}} to {{env=prod}}"]\n',
      'ops/aliases/status.yaml':
        'name: status\naction_ref: ops.status\nformats: ["status {{svc}}", "status {{svc}} now"]\n',
      'ops/aliases/off.yaml':
        'name: off\naction_ref: ops.off\nenabled: false\nformats: ["reboot {{host}}"]\n',
      'ops/aliases/multi.yaml':
        'name: fixes\naction_ref: ops.fix\nformats:\n  - display: "fixes <key>"\n    representation: ["(?:\\\\b|^)fixes (?P<key>[A-Z]+-\\\\d+)(?:\\\\b|$)"]\n    match_multiple: true\n',
    }));
  });
  after(() => cleanup());

  async function run(...argv: string[]): Promise<{ code: number; text: string; err: string }> {
    const r = await runCli(['match', ...argv]);
    return { code: r.code, text: r.out, err: r.err };
  }

  test('prints the alias, format and parameters of a match', async () => {
    const { code, text } = await run('--packs', dir, 'deploy web to "us east" x=1');
    assert.equal(code, 0);
    assert.equal(
      text,
      'match: ops.deploy -> action ops.deploy\nformat: deploy {{app}} to {{env=prod}}\ndisplay: deploy <app> to <env>\nparameters:\n  app: "web"\n  env: "us east"\n  x: "1"\n',
    );
  });

  test('smart quotes and an NBSP are made plain, as the bot does with chat text', async () => {
    const { code, text } = await run('--packs', dir, 'deploy\u00a0web to “us east”');
    assert.equal(code, 0, text);
    assert.match(text, /app: "web"\n {2}env: "us east"\n/);
  });

  test('the command may be given as several words', async () => {
    const { code, text } = await run('--packs', dir, 'deploy', 'web', 'to', 'prod');
    assert.equal(code, 0);
    assert.match(text, /env: "prod"/);
  });

  test('multiple-match formats list every execution', async () => {
    const { code, text } = await run('--packs', dir, 'X-1 fixes AB-1 and fixes CD-2');
    assert.equal(code, 0);
    assert.match(
      text,
      /match_multiple: 2 executions\nexecution 1:\n {2}key: "AB-1"\nexecution 2:\n {2}key: "CD-2"\n/,
    );
  });

  test('--ambiguous longest: the longest format matches, the others are listed', async () => {
    const r = await run('--packs', dir, '--ambiguous', 'longest', 'status web now');
    assert.equal(r.code, 0, r.text);
    assert.match(r.text, /^match: ops\.status -> action ops\.status\nformat: status {{svc}} now\n/);
    assert.match(
      r.text,
      /also fits \(st2 refuses the command as ambiguous; matching\.ambiguous: longest runs the format above\):\n {2}ops\.status: status {{svc}}\n/,
    );
    const json = await run('--packs', dir, '--json', '--ambiguous', 'longest', 'status web now');
    assert.match(json.text, /"status":"match","alias":"ops\.status","format":"status {{svc}} now"/);
    const bad = await run('--packs', dir, '--ambiguous', 'first', 'status web');
    assert.equal(bad.code, 2);
  });

  test('ambiguous, disabled and no match exit 1', async () => {
    const amb = await run('--packs', dir, 'status web now');
    assert.equal(amb.code, 1);
    assert.match(
      amb.text,
      /^ambiguous: Command 'status web now' matched more than 1 pattern\n {2}ops\.status: status {{svc}}\n/,
    );
    const off = await run('--packs', dir, 'reboot db1');
    assert.equal(off.code, 1);
    assert.match(off.text, /^disabled: only the disabled alias ops\.off matches/);
    const none = await run('--packs', dir, 'deplyo web');
    assert.equal(none.code, 1);
    assert.match(
      none.text,
      /^no match: Command 'deplyo web' matched no patterns\ndid you mean:\n {2}deploy <app> to <env> \(ops\.deploy\)\n/,
    );
  });

  test('--json with a command prints one JSON line', async () => {
    const { code, text } = await run('--packs', dir, '--json', 'status api');
    assert.equal(code, 0);
    assert.equal(
      text,
      '{"command":"status api","status":"match","alias":"ops.status","format":"status {{svc}}","parameters":{"svc":"api"},"candidates":["ops.status"]}\n',
    );
    const none = await run('--packs', dir, '--json', 'reboot db1');
    assert.equal(none.code, 1);
    assert.equal(
      none.text,
      '{"command":"reboot db1","status":"none","alias":null,"format":null,"parameters":{},"candidates":[]}\n',
    );
  });

  test('--json without a command answers each line of standard input', async () => {
    const input = [
      'deploy web to "us east"',
      'status web now',
      'deplyo web',
      'hello status api',
      'x'.repeat(70_000),
    ].join('\n');
    const r = await runCli(['match', '--packs', dir, '--json'], {}, `${input}\n`);
    assert.equal(r.code, 0);
    const lines = r.out.split('\n');
    assert.equal(lines.pop(), '');
    assert.deepEqual(lines.slice(0, 4), [
      '{"command":"deploy web to \\"us east\\"","status":"match","alias":"ops.deploy","format":"deploy {{app}} to {{env=prod}}","parameters":{"app":"web","env":"us east"},"candidates":["ops.deploy"]}',
      '{"command":"status web now","status":"ambiguous","alias":null,"format":null,"parameters":{},"candidates":["ops.status"]}',
      '{"command":"deplyo web","status":"none","alias":null,"format":null,"parameters":{},"candidates":["ops.deploy"]}',
      '{"command":"hello status api","status":"none","alias":null,"format":null,"parameters":{},"candidates":[]}',
    ]);
    assert.deepEqual(JSON.parse(lines[4] ?? ''), {
      command: 'x'.repeat(70_000),
      status: 'error',
      alias: null,
      format: null,
      parameters: {},
      candidates: [],
    });
    assert.equal(lines.length, 5);
    assert.match(r.err, /^"x+": /);
  });

  test('a command lacking its first word is answered with the alias it starts inside', async () => {
    const st2 = await makePacks({
      'st2/aliases/list_actions.yaml':
        'name: actions_list\naction_ref: st2.actions.list\nformats:\n  - display: "st2 list actions"\n    representation: ["st2 list {{limit=10}} actions( in {{pack}})?"]\n',
      'st2/aliases/list_rules.yaml':
        'name: rules_list\naction_ref: st2.rules.list\nformats: ["st2 list rules"]\n',
    });
    try {
      const r = await runCli(['match', '--packs', st2.dir, '--json', 'list actions']);
      assert.equal(r.code, 1);
      assert.equal(
        r.out,
        '{"command":"list actions","status":"none","alias":null,"format":null,"parameters":{},"candidates":["st2.actions_list","st2.rules_list"]}\n',
      );
      const text = await runCli(['match', '--packs', st2.dir, 'list actions']);
      assert.match(text.out, /did you mean:\n {2}st2 list actions \(st2\.actions_list\)\n/);
    } finally {
      await st2.cleanup();
    }
  });

  test('bad usage exits 2 with one line on stderr', async () => {
    for (const argv of [
      ['status'],
      ['--packs', dir],
      ['--packs', `${dir}/missing`, 'x'],
      ['--json', 'x'],
    ]) {
      const r = await run(...argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.equal(r.text, '');
      assert.match(r.err, /^stormbot: [^\n]+\n$/);
    }
    assert.match((await run('--packs', `${dir}/missing`, 'x')).err, /missing/);
    assert.equal((await run('--help')).code, 0);
  });
});
