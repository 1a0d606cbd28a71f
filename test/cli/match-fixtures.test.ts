/**
 * `stormbot match --json` over the team's fixture packs agrees with StackStorm's own matcher on
 * every command of `test/fixtures/packs-oracle` (expected values produced by running st2's code;
 * see that folder's README).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { runCli } from '../support/cli.js';

const fixtures = resolve(import.meta.dirname, '../fixtures');
const packs = resolve(fixtures, 'packs');

/** One line of `match --json` (st2's answers are written in the same shape). */
interface MatchLine {
  command: string;
  status: string;
  alias: string | null;
  format: string | null;
  parameters: Record<string, unknown>;
  candidates: string[];
}

function lines(text: string): string[] {
  const all = text.split('\n');
  assert.equal(all.pop(), '', 'the text ends with a newline');
  return all;
}

/** What must agree: candidates only for `ambiguous`, as a set (st2 has none for `none`). */
function comparable(m: MatchLine): unknown {
  return {
    command: m.command,
    status: m.status,
    alias: m.alias,
    format: m.format,
    parameters: m.parameters,
    candidates: m.status === 'ambiguous' ? [...m.candidates].sort() : null,
  };
}

test('match --json agrees with st2 on every fixture command (one process, stdin)', async () => {
  const commands = lines(readFileSync(resolve(fixtures, 'packs-oracle/commands.txt'), 'utf8'));
  const expected = lines(
    readFileSync(resolve(fixtures, 'packs-oracle/expected.jsonl'), 'utf8'),
  ).map((l) => JSON.parse(l) as MatchLine);
  assert.equal(expected.length, commands.length, 'one expected answer per command');
  assert.ok(commands.length >= 500, `several hundred commands (${commands.length})`);

  const r = await runCli(['match', '--packs', packs, '--json'], {}, `${commands.join('\n')}\n`);
  assert.equal(r.code, 0, `exit code; stderr: ${r.err}`);
  const got = lines(r.out).map((l) => JSON.parse(l) as MatchLine);
  assert.equal(got.length, commands.length, 'one answer per command');

  const differing = got
    .map((g, i) => ({ got: comparable(g), st2: comparable(expected[i] as MatchLine) }))
    .filter((pair) => !isDeepStrictEqual(pair.got, pair.st2));
  assert.deepEqual(differing, [], `${differing.length} of ${commands.length} commands differ`);

  // The fixture exercises every outcome st2 has.
  const statuses = new Set(expected.map((e) => e.status));
  assert.deepEqual([...statuses].sort(), ['ambiguous', 'match', 'none']);
});
