import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  AliasIndex,
  AliasLimitError,
  AliasParseError,
  linearScanMatch,
  MAX_COMMAND_LENGTH,
  parseAliasCommand,
} from '../../src/aliases/index.js';

const a4000 = 'a'.repeat(4000);

/** Known catastrophic-backtracking shapes, with inputs that make a plain backtracking engine hang. */
const SHAPES: [string, string][] = [
  ['(a+)+$', `${a4000}!`],
  ['(a|a)*$', `${a4000}!`],
  ['(.*a){20}', a4000.replace(/a$/, 'b')],
  ['(a|aa)+b', a4000],
  ['(\\w+\\s?)+$', `${'word '.repeat(790)}!`],
  ['^(([a-z])+.)+[A-Z]([a-z])+$', a4000],
  ['(x+x+)+y', 'x'.repeat(4000)],
  ['(.*,){10}z', ','.repeat(4000)],
  ['{{a}} {{b}} {{c}} {{d}} {{e}} end', 'w '.repeat(2000)],
  ['{{a}}{{b}}{{c}}{{d}}{{e}}{{f}} x', 'y'.repeat(4000)],
];

function describeValue(value: unknown): string {
  return value instanceof Error ? value.message : JSON.stringify(value);
}

function timed<T>(fn: () => T): { value: T | Error; ms: number } {
  const t0 = performance.now();
  let value: T | Error;
  try {
    value = fn();
  } catch (e) {
    value = e as Error;
  }
  return { value, ms: performance.now() - t0 };
}

describe('catastrophic backtracking cannot hang matching', () => {
  for (const [format, command] of SHAPES) {
    test(`${format} against ${command.length} characters`, () => {
      const { value, ms } = timed(() => parseAliasCommand(format, command));
      assert.ok(ms < 2000, `took ${ms} ms`);
      assert.ok(value instanceof AliasParseError, describeValue(value));
      assert.equal(value.kind, 'no_match');
    });
  }

  test('a pattern the engine cannot bound (back-reference) stops with a clear error', () => {
    const { value, ms } = timed(() => parseAliasCommand('(?P<x>a|a)*(?P=x)b', 'a'.repeat(200)));
    assert.ok(ms < 5000, `took ${ms} ms`);
    assert.ok(value instanceof AliasLimitError);
    assert.equal(value.kind, 'too_complex');
    assert.match(value.message, /too many steps/);
  });

  test('over-long commands are refused before any matching', () => {
    const { value } = timed(() => parseAliasCommand('{{a}}', 'x'.repeat(MAX_COMMAND_LENGTH + 1)));
    assert.ok(value instanceof AliasLimitError);
    assert.equal(value.kind, 'input_too_long');
    assert.match(value.message, /too long \(4097 characters; the limit is 4096\)/);
    assert.doesNotThrow(() => parseAliasCommand('{{a}}', 'x'.repeat(MAX_COMMAND_LENGTH)));
  });

  test('formats too large to handle safely are refused clearly', () => {
    assert.throws(
      () => parseAliasCommand(`x ${'{{a}}'.repeat(1000)}`, 'x'),
      (e: unknown) => e instanceof AliasParseError && /format is too long/.test(e.message),
    );
    assert.throws(
      () => parseAliasCommand('(x{1,1000}){150}', 'x'),
      (e: unknown) => e instanceof AliasParseError && /too large to match safely/.test(e.message),
    );
    const { value, ms } = timed(() => parseAliasCommand('(?:a?){3000}b', 'a'.repeat(4000)));
    assert.ok(ms < 5000, `took ${ms} ms`);
    assert.ok(value instanceof AliasLimitError);
  });

  test('an index with hostile formats still answers quickly', () => {
    const index = new AliasIndex(
      SHAPES.map(([format], i) => ({
        name: `evil${i}`,
        pack: 'evil',
        action_ref: 'evil.x',
        formats: [format],
      })),
    );
    for (const [, command] of SHAPES) {
      const { value, ms } = timed(() => index.match(command));
      assert.ok(ms < 3000, `took ${ms} ms`);
      assert.ok(!(value instanceof Error), describeValue(value));
    }
  });

  test('formats sharing a runaway program: the index stops at the same one as the full scan', () => {
    const aliases = ['y', 'x'].map((g, i) => ({
      name: `b${i}`,
      pack: 'evil',
      action_ref: 'evil.x',
      formats: [`go (?P<${g}>a|a)*(?P=${g})b`],
    }));
    const command = `go ${'a'.repeat(200)}`;
    const fromIndex = timed(() => new AliasIndex(aliases).match(command));
    const fromScan = timed(() => linearScanMatch(aliases, command));
    assert.ok(fromIndex.ms < 5000 && fromScan.ms < 5000, `took ${fromIndex.ms}/${fromScan.ms} ms`);
    assert.ok(fromIndex.value instanceof AliasLimitError, describeValue(fromIndex.value));
    assert.ok(fromScan.value instanceof AliasLimitError, describeValue(fromScan.value));
    assert.equal(fromIndex.value.message, fromScan.value.message);
    assert.match(fromIndex.value.message, /"go \(\?P<y>/);
  });

  test('a hostile help filter is searched in bounded time', () => {
    const index = new AliasIndex([
      { name: 'a', pack: 'p', action_ref: 'p.a', formats: [`run ${'a'.repeat(3000)}!`] },
    ]);
    const { value, ms } = timed(() => index.help({ filter: '(a+)+$' }));
    assert.ok(ms < 2000, `took ${ms} ms`);
    assert.ok(!(value instanceof Error));
    assert.equal(value.available, 0);
  });
});
