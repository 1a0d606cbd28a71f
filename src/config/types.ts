/**
 * The configuration as the rest of stormbot sees it: normalised, camelCase, every default filled
 * in, every relative path made absolute, frozen. The YAML file and the environment use snake_case
 * (see docs/configuration.md); `parseConfig` turns them into this shape, section by section
 * (`src/config/sections/`).
 */
import type { BackendName, BackendSettings } from '../backends/registry.js';
import type { AclSettings } from './sections/acl.js';
import type { BotSettings } from './sections/bot.js';
import type { DeliverySettings } from './sections/delivery.js';
import type { LogLevel } from './sections/logging.js';
import type { StackStormSettings } from './sections/stackstorm.js';
import type { SecretsSettings, StoreSettings } from './sections/store.js';
import type { WebSettings } from './sections/web.js';
import type { WebhookSettings } from './sections/webhook.js';

export type * from './sections/acl.js';
export type * from './sections/bot.js';
export type * from './sections/delivery.js';
export type * from './sections/logging.js';
export type * from './sections/stackstorm.js';
export type * from './sections/store.js';
export type * from './sections/web.js';
export type * from './sections/webhook.js';
export type { St2ClientSettings } from './st2.js';

/** The whole configuration. */
export interface StormbotConfig {
  /** The file it came from, or undefined when no file was read. */
  readonly source?: string | undefined;
  readonly bot: BotSettings;
  /** Name of the chat back-end to run (one the back-end registry knows). */
  readonly backend: BackendName;
  /** That back-end's settings (`backends.<backend>`), validated by its own schema. */
  readonly backendSettings: BackendSettings;
  readonly stackstorm: StackStormSettings;
  readonly acl: AclSettings;
  readonly web: WebSettings;
  readonly webhook: WebhookSettings;
  readonly store: StoreSettings;
  readonly secrets: SecretsSettings;
  readonly delivery: DeliverySettings;
  readonly logging: { readonly level: LogLevel };
  /** Things worth a warning at start (deprecated names, ignored keys, risky settings). */
  readonly warnings: readonly string[];
}
