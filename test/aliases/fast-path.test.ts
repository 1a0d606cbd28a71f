import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { compileFormat } from '../../src/aliases/format.js';
import { prepareCommand } from '../../src/aliases/parser.js';
import { parsePattern } from '../../src/aliases/pyre/index.js';

const PIECES = [
  'run',
  'on',
  'deploy',
  'to',
  '{{a}}',
  '{{b}}',
  '{{c=1}}',
  '{{ d = x y }}',
  "{{e=''}}",
  'é',
  '😀',
  '  ',
  '\t',
];
const VALUES = [
  'x',
  'on',
  'to',
  'run',
  '"a b"',
  "'q'",
  '{"k": 1}',
  'é',
  '😀',
  ' ',
  '  ',
  '\n',
  'a=1',
];

const formatArb = fc
  .array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 5 })
  .map((p) => p.join(' '));
const commandArb = fc
  .array(fc.constantFrom(...PIECES, ...VALUES), { maxLength: 7 })
  .map((p) => p.join(' '));

/** Group spans of a command with a format: through the fast path, and through the whole regex. */
function spans(format: string, command: string): { fast: unknown; full: unknown } | null {
  let cf;
  try {
    cf = compileFormat(format);
  } catch {
    return null;
  }
  const cmd = prepareCommand(command);
  const groups = (slots: Int32Array | null | undefined): unknown =>
    slots ? cf.groupIds.map((g) => [slots[2 * g], slots[2 * g + 1]]) : null;
  const full = groups(cf.regex.search(cmd.stream)?.slots);
  const fast = cf.fast;
  if (!fast) return { fast: full, full };
  const prefixOk = fast.prefix.every((cp, i) => cmd.stream.cps[cmd.start + i] === cp);
  const slots = prefixOk ? fast.tail.matchAt(cmd.stream, cmd.start + fast.prefix.length) : null;
  return { fast: groups(slots), full };
}

describe('format fast paths', () => {
  test('the literal-prefix shortcut finds the same groups as the whole expression', () => {
    fc.assert(
      fc.property(formatArb, commandArb, (format, command) => {
        const r = spans(format, command);
        if (r)
          assert.deepEqual(
            r.fast,
            r.full,
            `${JSON.stringify(format)} <- ${JSON.stringify(command)}`,
          );
      }),
      { numRuns: 3000 },
    );
  });

  test('the direct tree of a plain format is the tree of its expression', () => {
    fc.assert(
      fc.property(formatArb, (format) => {
        let cf;
        try {
          cf = compileFormat(format);
        } catch {
          return;
        }
        const direct = cf.regex.parsed;
        const reparsed = parsePattern(cf.source, { dotAll: true });
        assert.deepEqual(JSON.stringify(direct.seq), JSON.stringify(reparsed.seq));
        assert.deepEqual([...direct.names], [...reparsed.names]);
      }),
      { numRuns: 500 },
    );
  });

  test('a plain format gets the shortcut and st2 text for its expression', () => {
    const cf = compileFormat('run {{cmd}} on {{hosts=localhost}}');
    assert.ok(cf.fast);
    assert.equal(
      cf.source,
      String.raw`^\s*run ["\']?(?P<cmd>(?:(?<=\').+?(?=\')|(?<=").+?(?=")|{.+?}|.+?))["\']? on(?: ["\']?(?P<hosts>(?:(?<=\').+?(?=\')|(?<=").+?(?=")|{.+?}|.+?))["\']?)?\s*$`,
    );
    assert.deepEqual(cf.optional, [['hosts', 'localhost']]);
  });

  test('formats that differ only in words or placeholder names share programs and shapes', () => {
    const deploy = compileFormat('deploy {{app}} to {{env=prod}}');
    const ship = compileFormat('ship it {{name}} to {{where=prod}}');
    const other = compileFormat('ship {{app}} to {{env=dev}}');
    assert.equal(deploy.fast?.tail, ship.fast?.tail);
    assert.equal(deploy.fast?.tail, other.fast?.tail);
    assert.notEqual(deploy.shape, ship.shape);
    assert.notEqual(deploy.shape, other.shape);
    assert.equal(compileFormat('restart {{app}} to {{env=prod}}').shape, deploy.shape);
    assert.notEqual(compileFormat('deploy {{app}}').fast?.tail, deploy.fast?.tail);
    assert.deepEqual(deploy.shape, {
      names: ['app', 'env'],
      ids: [1, 2],
      optional: [['env', 'prod']],
      empty: false,
    });
  });
});
