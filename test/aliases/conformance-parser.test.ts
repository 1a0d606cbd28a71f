import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { AliasParseError, parseAliasCommand } from '../../src/aliases/index.js';

interface ParserCase {
  format: string;
  command: string;
  expected?: Record<string, string | null>;
  error?: boolean;
  error_kind?: string;
  error_message?: string;
}

const file = fileURLToPath(
  new URL('../fixtures/conformance/alias-parser-cases.json', import.meta.url),
);
const cases = JSON.parse(readFileSync(file, 'utf8')) as ParserCase[];

describe('alias-parser-cases.json (st2 parser oracle)', () => {
  test('the oracle file has cases', () => {
    assert.ok(cases.length > 300);
  });
  cases.forEach((c, i) => {
    test(`#${i} ${JSON.stringify(c.format)} <- ${JSON.stringify(c.command)}`, () => {
      if (c.error) {
        assert.throws(
          () => parseAliasCommand(c.format, c.command),
          (e: unknown) => {
            assert.ok(e instanceof AliasParseError, `not an AliasParseError: ${String(e)}`);
            assert.equal(e.kind, c.error_kind);
            assert.equal(e.message, c.error_message);
            return true;
          },
        );
      } else {
        assert.deepEqual({ ...parseAliasCommand(c.format, c.command) }, c.expected);
      }
    });
  });
});
