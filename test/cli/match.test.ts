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

  test('--json prints the result as JSON', async () => {
    const { code, text } = await run('--packs', dir, '--json', 'status api');
    assert.equal(code, 0);
    const parsed = JSON.parse(text) as {
      kind: string;
      alias: string;
      parameters: unknown;
      warnings: unknown[];
    };
    assert.equal(parsed.kind, 'match');
    assert.equal(parsed.alias, 'ops.status');
    assert.deepEqual(parsed.parameters, { svc: 'api' });
    assert.deepEqual(parsed.warnings, []);
  });

  test('bad usage exits 2 with one line on stderr', async () => {
    for (const argv of [['status'], ['--packs', dir], ['--packs', `${dir}/missing`, 'x']]) {
      const r = await run(...argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.equal(r.text, '');
      assert.match(r.err, /^stormbot: [^\n]+\n$/);
    }
    assert.match((await run('--packs', `${dir}/missing`, 'x')).err, /missing/);
    assert.equal((await run('--help')).code, 0);
  });
});
