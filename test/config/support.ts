/**
 * Shared helpers of the configuration tests.
 */
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/core/errors.js';
import { parseConfig } from '../../src/config/index.js';
import type { StormbotConfig } from '../../src/config/index.js';

/** The working directory every parse in these tests resolves paths against. */
export const CWD = '/srv/bot';

/** Parse with a fixed working directory. */
export function parse(raw: unknown, env: NodeJS.ProcessEnv = {}): StormbotConfig {
  return parseConfig(raw, env, undefined, { cwd: CWD });
}

/** Assert that `run` throws a one-line ConfigError with exactly this key and message. */
export function assertConfigError(run: () => unknown, key: string, message: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    assert.equal(error.message, message);
    assert.equal(error.key, key);
    assert.ok(!error.message.includes('\n'), 'the message is one line');
    return true;
  });
}

/** Async variant of `assertConfigError`. */
export async function assertConfigErrorAsync(
  run: () => Promise<unknown>,
  key: string,
  message: string,
): Promise<void> {
  await assert.rejects(run, (error: unknown) => {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    assert.equal(error.message, message);
    assert.equal(error.key, key);
    assert.ok(!error.message.includes('\n'), 'the message is one line');
    return true;
  });
}

/** Assert that one of the config's warnings starts with `prefix`. */
export function assertWarning(config: StormbotConfig, prefix: string): void {
  // assert.ok always gets a message here: without one, Node 20 re-reads the (transpiled) source.
  assert.ok(
    config.warnings.some((w) => w.startsWith(prefix)),
    `no warning starting with ${JSON.stringify(prefix)} in ${JSON.stringify(config.warnings)}`,
  );
}

/** Assert that no warning starts with `prefix`. */
export function assertNoWarning(config: StormbotConfig, prefix: string): void {
  assert.ok(
    !config.warnings.some((w) => w.startsWith(prefix)),
    `unexpected warning starting with ${JSON.stringify(prefix)}`,
  );
}
