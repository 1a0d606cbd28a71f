/**
 * `stormbot lint` on the team's fixture packs (`test/fixtures/packs`): no false warning — only
 * the three mistakes planted on purpose (see that folder's README).
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../support/cli.js';

const packs = resolve(import.meta.dirname, '../fixtures/packs');

test('lint --json on the fixture packs: exactly the planted findings', async () => {
  const r = await runCli(['lint', '--json', packs]);
  assert.equal(r.code, 1, `exit 1 (an overlap is an error); stderr: ${r.err}`);
  const findings = r.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { alias: string; kind: string; severity: string; format: string });
  assert.deepEqual(findings.map((f) => [f.alias, f.kind, f.severity, f.format]).sort(), [
    ['chat.beta', 'character-class', 'warning', '[beta] enable {{feature}}'],
    ['chat.snapshot', 'accidental-regex', 'warning', 'snapshot db.{{name}}'],
    [
      'deployer.deployer_ship',
      'overlap-same-alias',
      'error',
      'deployer ship {{branch}} on {{hosts}}',
    ],
  ]);
});

test('lint on the fixture packs: the totals', async () => {
  const r = await runCli(['lint', packs]);
  assert.match(r.out, /\n44 aliases, 50 formats: 1 error, 2 warnings\n$/);
});
