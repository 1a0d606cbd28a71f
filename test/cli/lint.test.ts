import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LintReport } from '../../src/aliases/index.js';
import { makePacks } from '../aliases/packs-fixture.js';
import { runCli } from '../support/cli.js';

describe('stormbot lint', () => {
  let dir = '';
  let clean = '';
  const cleanups: (() => Promise<void>)[] = [];
  before(async () => {
    const bad = await makePacks({
      'ops/aliases/deploy.yaml':
        'name: deploy\naction_ref: ops.deploy\nformats: ["deploy {{app}}"]\n',
      'ops/aliases/deploy_to.yaml':
        'name: deploy_to\naction_ref: ops.deploy\nformats: ["deploy {{app}} to {{env}}"]\n',
    });
    const good = await makePacks({
      'ok/aliases/a.yaml':
        'name: a\naction_ref: ok.a\nformats: ["status {{svc}}", "list services"]\n',
    });
    ({ dir } = bad);
    ({ dir: clean } = good);
    cleanups.push(bad.cleanup, good.cleanup);
  });
  after(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  test('errors: a line per finding, the totals, exit 1', async () => {
    const r = await runCli(['lint', dir]);
    assert.equal(r.code, 1);
    assert.match(r.out, /error \[overlap\] ops\.deploy_to/);
    assert.match(r.out, /\d+ aliases, \d+ formats: \d+ errors?, \d+ warnings?\n$/);
  });

  test('a clean pack: the totals, exit 0', async () => {
    const r = await runCli(['lint', clean]);
    assert.equal(r.code, 0);
    assert.equal(r.out, '1 alias, 2 formats: 0 errors, 0 warnings\n');
  });

  test('--json prints the report', async () => {
    const r = await runCli(['lint', '--json', clean]);
    assert.equal(r.code, 0);
    assert.equal((JSON.parse(r.out) as LintReport).aliases, 1);
  });

  test('bad usage exits 2 with one line on stderr', async () => {
    for (const argv of [[], ['--bogus', clean], [`${clean}/missing`], [clean, clean]]) {
      const r = await runCli(['lint', ...argv]);
      assert.equal(r.code, 2, argv.join(' '));
      assert.equal(r.out, '');
      assert.match(r.err, /^stormbot: [^\n]+\n$/);
    }
    assert.match((await runCli(['lint'])).err, /stormbot lint --help/);
  });
});
