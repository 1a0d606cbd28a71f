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
  readonly warnings: string[] = [];

  /**
   * @param provenance dotted key → the environment variable that set it
   * @param envVars every variable stormbot reads (to name a missing key by its variable)
   */
  constructor(
    readonly cwd: string,
    readonly env: NodeJS.ProcessEnv,
    private readonly provenance: ReadonlyMap<string, string>,
    private readonly envVars: readonly EnvVarSpec[],
  ) {}

  /** Add a warning. */
  warn(warning: string): void {
    this.warnings.push(warning);
  }

  /** `path` made absolute against the working directory. */
  absolute(path: string): string {
    return isAbsolute(path) ? path : resolve(this.cwd, path);
  }

  /** The variable that set `key` (or a parent of it), if any. */
  private fromEnv(key: string): string | undefined {
    return setBy(this.provenance, key);
  }

  /** `key` as the person knows it: the variable that set it (or a parent), noting the key. */
  readonly label = (key: string): { key: string; suffix: string } => {
    const name = this.fromEnv(key);
    return name ? { key: name, suffix: ` (${key})` } : { key, suffix: '' };
  };

  /** `key`, or the variable that set it. */
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
    const envName = this.fromEnv(because) && this.envVars.find((v) => v.key === key)?.name;
    return new ConfigError(envName || key, reason);
  }

  /** An error about `key` itself, with the YAML key noted when a variable is named. */
  error(key: string, reason: string): ConfigError {
    const { key: name, suffix } = this.label(key);
    return new ConfigError(name, `${reason}${suffix}`);
  }
}
