/**
 * stormbot's configuration: one YAML file plus environment overrides, validated and normalised.
 * See docs/configuration.md for every key.
 */
export { describeConfig, redactSecrets } from './describe.js';
export { ENV_VARS, OTHER_ENV_VARS, type EnvVarSpec } from './env.js';
export { DEFAULT_CONFIG_FILE, findConfigFile, loadConfig, type LoadOptions } from './load.js';
export { parseConfig, type ParseOptions } from './parse.js';
export { fileSchema, type FileConfig } from './schema.js';
export { credentialKind, st2ClientSettings } from './st2.js';
export type * from './types.js';
