/**
 * The configuration as the rest of stormbot sees it: normalised, camelCase, every default filled
 * in, every relative path made absolute, frozen. The YAML file and the environment use snake_case
 * (see docs/configuration.md); `parseConfig` builds it section by section (`sections/`).
 */
export type { StormbotConfig } from './parse.js';
