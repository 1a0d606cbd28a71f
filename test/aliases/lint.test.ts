import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { lintAliases, lintPacks, type LintReport } from '../../src/aliases/lint.js';
import type { ActionAlias } from '../../src/stackstorm/model.js';
import { makePacks } from './packs-fixture.js';

function kinds(report: LintReport, alias?: string): string[] {
  return report.findings
    .filter((f) => alias === undefined || f.alias === alias)
    .map((f) => f.kind)
    .sort();
}

describe('lintPacks', () => {
  let dir = '';
  let clean = '';
  let cleanup = async (): Promise<void> => {};
  let cleanupClean = async (): Promise<void> => {};
  before(async () => {
    ({ dir, cleanup } = await makePacks({
      'ops/aliases/deploy.yaml':
        'name: deploy\naction_ref: ops.deploy\nformats: ["deploy {{app}}"]\n',
      'ops/aliases/deploy_to.yaml':
        'name: deploy_to\naction_ref: ops.deploy\nformats: ["deploy {{app}} to {{env}}"]\n',
      'ops/aliases/texts.yaml':
        'name: texts\naction_ref: ops.texts\nformats:\n  - "how are you?"\n  - "cost $5"\n  - "1+1={{x}}"\n  - display: "hidden"\n  - "set {{k}}={{v}}"\n  - "run {{a-b}}"\n  - "bad ( paren {{q}}"\n',
      'ops/aliases/same.yaml':
        'name: same\naction_ref: ops.nope\nformats: ["restart {{svc}}", "restart {{svc}} {{host=localhost}}"]\n',
      'ops/aliases/broken.yaml': 'formats: [\n',
      'ops/actions/deploy.yaml':
        'name: deploy\nrunner_type: orquesta\nparameters:\n  app: {type: string}\n',
    }));
    ({ dir: clean, cleanup: cleanupClean } = await makePacks({
      'ok/aliases/a.yaml':
        'name: a\naction_ref: ok.a\nformats: ["status {{svc}}", "list services"]\n',
    }));
  });
  after(async () => {
    await cleanup();
    await cleanupClean();
  });

  test('finds overlapping formats across aliases', async () => {
    const report = await lintPacks(dir);
    const overlap = report.findings.find((f) => f.kind === 'overlap');
    assert.ok(overlap);
    assert.equal(overlap.severity, 'error');
    assert.match(
      overlap.message,
      /matches both "deploy {{app}} to {{env}}" \(ops\.deploy_to\) and "deploy {{app}}" \(ops\.deploy\)/,
    );
    assert.match(overlap.file, /deploy_to\.yaml$/);
  });

  test('finds formats of one alias that overlap, and unknown parameters and actions', async () => {
    const report = await lintPacks(dir);
    assert.ok(kinds(report, 'ops.same').includes('overlap-same-alias'));
    assert.ok(kinds(report, 'ops.same').includes('unknown-action'));
    const param = report.findings.find((f) => f.kind === 'unknown-parameter');
    assert.ok(param);
    assert.equal(param.alias, 'ops.deploy_to');
    assert.match(param.message, /"env" is not a parameter/);
  });

  test('finds text problems in formats', async () => {
    const report = await lintPacks(dir);
    const texts = report.findings.filter((f) => f.alias === 'ops.texts');
    const find = (format: string | null, kind: string): boolean =>
      texts.some((f) => f.format === format && f.kind === kind);
    assert.ok(find('how are you?', 'accidental-regex'));
    assert.ok(find('cost $5', 'never-matches'));
    assert.ok(find('1+1={{x}}', 'equals'));
    assert.ok(find('1+1={{x}}', 'accidental-regex'));
    assert.ok(find('hidden', 'display-only'));
    assert.ok(find('set {{k}}={{v}}', 'placeholder-name'));
    assert.ok(find('run {{a-b}}', 'placeholder-name'));
    assert.ok(find('bad ( paren {{q}}', 'invalid-format'));
    assert.ok(!texts.some((f) => f.format === 'run {{a-b}}' && f.kind === 'invalid-format'));
  });

  test('reports files that do not load', async () => {
    const report = await lintPacks(dir);
    assert.ok(report.findings.some((f) => f.kind === 'load' && f.file.endsWith('broken.yaml')));
    assert.ok(report.errors > 0);
    assert.equal(report.errors + report.warnings, report.findings.length);
  });

  test('a clean pack has no findings', async () => {
    const report = await lintPacks(clean);
    assert.deepEqual(report.findings, []);
    assert.equal(report.aliases, 1);
    assert.equal(report.formats, 2);
  });
});

describe('lintAliases', () => {
  test('two display-only formats collide on the empty command', () => {
    const aliases: ActionAlias[] = [
      { name: 'a', pack: 'p', action_ref: 'p.a', formats: [{ display: 'one' }] },
      { name: 'b', pack: 'p', action_ref: 'p.b', formats: [{ display: 'two' }] },
    ];
    const findings = lintAliases(aliases);
    assert.equal(findings.filter((f) => f.kind === 'display-only').length, 2);
    assert.ok(findings.some((f) => f.kind === 'overlap' && f.message.includes('the command ""')));
  });

  test('a typographic quote or an NBSP in a format is flagged: chat text never has them', () => {
    const aliases: ActionAlias[] = [
      { name: 'a', pack: 'p', action_ref: 'p.a', formats: ['say “{{x}}”'] },
      { name: 'b', pack: 'p', action_ref: 'p.b', formats: ['pack\u00a0install {{x}}'] },
    ];
    const found = lintAliases(aliases).filter((f) => f.kind === 'typographic');
    assert.deepEqual(
      found.map((f) => [f.format, f.severity, /U\+(201C|00A0)/.exec(f.message)?.[1]]),
      [
        ['say “{{x}}”', 'warning', '201C'],
        ['pack\u00a0install {{x}}', 'warning', '00A0'],
      ],
    );
  });

  test('intentional regular expressions are not flagged as accidental', () => {
    const aliases: ActionAlias[] = [
      { name: 'a', pack: 'p', action_ref: 'p.a', formats: ['^\\s*(list|ls) packs?\\s*$'] },
    ];
    assert.deepEqual(lintAliases(aliases), []);
  });
});

describe('lintPacks on the shapes of real packs', () => {
  let dir = '';
  let cleanup = async (): Promise<void> => {};
  before(async () => {
    ({ dir, cleanup } = await makePacks({
      // An alias on core.remote naming the runner's `hosts`; the action declares only `cmd`.
      'core/actions/remote.yaml':
        'name: remote\nrunner_type: remote-shell-cmd\nparameters:\n  cmd: {type: string, required: true}\n',
      'core/actions/noop.yaml': 'name: noop\nrunner_type: noop\nparameters: {}\n',
      'core/actions/local.yaml': 'name: local\nrunner_type: local-shell-cmd\n',
      // Workflows: the action-chain and orquesta runners' own parameters.
      'core/actions/chain.yaml':
        'name: chain\nrunner_type: action-chain\nparameters:\n  app: {type: string}\n',
      'core/actions/flow.yaml':
        'name: flow\nrunner_type: orquesta\nparameters:\n  app: {type: string}\n',
      'ops/aliases/chain.yaml':
        'name: chain\naction_ref: core.chain\nformats: ["chain {{app}} {{display_published}} {{skip_notify}}"]\n',
      'ops/aliases/flow.yaml':
        'name: flow\naction_ref: core.flow\nformats: ["flow {{app}} {{notify}}"]\n',
      'ops/aliases/remote.yaml':
        'name: remote\naction_ref: core.remote\nformats: ["exec {{cmd}} on {{hosts}} within {{timeout}}"]\n',
      'ops/aliases/noop.yaml': 'name: noop\naction_ref: core.noop\nformats: ["nothing {{x}}"]\n',
      'ops/aliases/local.yaml':
        'name: local\naction_ref: core.local\nformats: ["shell {{cmd}} as {{nobody}}"]\n',
      'ops/aliases/optional.yaml':
        'name: optional\naction_ref: ops.optional\nformats: ["lookup user( type {{kind}})? {{user}}", "lookup all( {{filter=any}})?"]\n',
      'ops/aliases/trap.yaml':
        'name: trap\naction_ref: ops.trap\nformats: ["[unused] wipe {{x}}", "\\\\[kept\\\\] show {{x}}", "[0-9]+ files {{x}}"]\n',
    }));
  });
  after(() => cleanup());

  test('runner parameters (workflows too) are parameters; an action declaring none (core.noop) takes any', async () => {
    const report = await lintPacks(dir);
    const unknown = report.findings.filter((f) => f.kind === 'unknown-parameter');
    assert.deepEqual(
      unknown.map((f) => [f.alias, f.message]),
      [['ops.local', '"nobody" is not a parameter of action "core.local"']],
    );
  });

  test('a deliberate optional group is no accident', async () => {
    const report = await lintPacks(dir);
    assert.deepEqual(kinds(report, 'ops.optional'), []);
  });

  test('a bracketed word is a character-class trap; escaped brackets and real classes are not', async () => {
    const report = await lintPacks(dir);
    const traps = report.findings.filter((f) => f.alias === 'ops.trap');
    assert.deepEqual(
      traps.map((f) => [f.kind, f.severity, f.format]),
      [['character-class', 'warning', '[unused] wipe {{x}}']],
    );
    assert.match(
      traps[0]?.message ?? '',
      /"\[unused\]" is a regular-expression character class: it matches one of the characters "unused", never the text "\[unused\]"; write "\\\[unused\\\]"/,
    );
  });
});
