/**
 * stormbot's configuration: one YAML file plus environment overrides, validated and normalised
 * section by section (`sections/`). See docs/configuration.md for every key.
 */
export type { EnvVarSpec } from './fields.js';
export { DEFAULT_CONFIG_FILE, findConfigFile, loadConfig, type LoadOptions } from './load.js';
export {
  ENV_VARS,
  fileSchema,
  OTHER_ENV_VARS,
  parseConfig,
  type ParseOptions,
  type StormbotConfig,
} from './parse.js';
export { settings as backendSettings } from './sections/backends.js';
export { credentialKind } from './sections/stackstorm.js';
