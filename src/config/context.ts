/**
 * What every section's normalisation gets: where relative paths start, the environment, a place
 * for warnings, and the naming of keys in errors (the environment variable when one set the key).
 */
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { setBy } from './env.js';
import type { EnvVarSpec } from './fields.js';

/** The context of one `parseConfig` call, shared by the sections' normalisation. */
export class SectionContext {
  /** Warnings gathered so far. */
  readonly warnings: string[];

  constructor(
    /** Base for relative paths. */
    readonly cwd: string,
    /** The environment as given. */
    readonly env: NodeJS.ProcessEnv,
    /** Dotted key → environment variable that set it. */
    private readonly provenance: ReadonlyMap<string, string>,
    /** Every variable stormbot reads (to name a missing key by its variable). */
    private readonly envVars: readonly EnvVarSpec[],
    warnings: readonly string[],
  ) {
    this.warnings = [...warnings];
  }

  /** Add a warning. */
  warn(warning: string): void {
    this.warnings.push(warning);
  }

  /** `path` made absolute against the working directory. */
  absolute(path: string): string {
    return isAbsolute(path) ? path : resolve(this.cwd, path);
  }

  /** The variable that set `key` (or a parent of it), if any. */
  fromEnv(key: string): string | undefined {
    return setBy(this.provenance, key);
  }

  /** `key` as the person knows it. */
  of(key: string): string {
    return this.fromEnv(key) ?? key;
  }

  /**
   * The error for a missing `key` that `because` needs. When `because` came from the
   * environment, the missing key is named by its own variable, since that is where the person
   * is configuring.
   */
  missing(
    key: string,
    because: string,
    reason = `is required when ${this.of(because)} is set`,
  ): ConfigError {
    const envName = this.fromEnv(because)
      ? this.envVars.find((v) => v.key === key)?.name
      : undefined;
    return new ConfigError(envName ?? key, reason);
  }

  /** An error about `key` itself, with the YAML key noted when a variable is named. */
  error(key: string, reason: string): ConfigError {
    const envName = this.fromEnv(key);
    return new ConfigError(envName ?? key, envName ? `${reason} (${key})` : reason);
  }
}
