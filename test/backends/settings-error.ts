/**
 * The rejection of a back-end's raw settings by the configuration, for the settings tests.
 */
import assert from 'node:assert/strict';
import type { BackendName } from '../../src/backends/registry.js';
import { backendSettings } from '../../src/config/index.js';
import { ConfigError } from '../../src/core/errors.js';

/** The `ConfigError` that `backends.<name>` = `settings` gives; fails when it is accepted. */
export function settingsError(name: BackendName, settings: unknown): ConfigError {
  try {
    backendSettings(name, settings);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected backends.${name} to be rejected`);
}
