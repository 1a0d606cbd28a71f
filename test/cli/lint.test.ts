import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { makePacks } from '../aliases/packs-fixture.js';
import { runCli } from '../support/cli.js';

describe('stormbot lint', () => {
  let dir = '';
  let clean = '';
  let trap = '';
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
    const trapped = await makePacks({
      'ops/aliases/wipe.yaml':
        'name: wipe\naction_ref: ops.wipe\nformats: ["[unused] wipe {{x}}"]\n',
    });
    ({ dir: trap } = trapped);
    cleanups.push(trapped.cleanup);
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

  test('--json prints one JSON line per finding, the keys in their order', async () => {
    const r = await runCli(['lint', '--json', trap]);
    assert.equal(r.code, 0);
    assert.equal(
      r.out,
      `${JSON.stringify({
        file: join(trap, 'ops', 'aliases', 'wipe.yaml'),
        alias: 'ops.wipe',
        format: '[unused] wipe {{x}}',
        kind: 'character-class',
        message:
          '"[unused]" is a regular-expression character class: it matches one of the characters "unused", never the text "[unused]"; write "\\[unused\\]" for literal brackets',
        severity: 'warning',
      })}\n`,
    );
    assert.equal((await runCli(['lint', '--json', clean])).out, '');
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
