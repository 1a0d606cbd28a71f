/**
 * The configuration as the rest of stormbot sees it: normalised, camelCase, every default filled
 * in, every relative path made absolute, frozen. The YAML file and the environment use snake_case
 * (see docs/configuration.md); `parseConfig` turns them into this shape.
 */
import type { AclPolicy, AclRule } from '../acl/types.js';

/** pino levels stormbot accepts (`logging.level`). */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Drivers of the key/value store (`store.driver`). */
export type StoreDriver = 'sqlite' | 'memory' | 'redis';

/** When the built-in StackStorm sandbox runs (`stackstorm.sandbox`). */
export type SandboxMode = 'auto' | 'always' | 'never';

/**
 * Which bot credential is used against StackStorm. Precedence when several are given:
 * API key, then token, then username/password.
 */
export type CredentialKind = 'apiKey' | 'token' | 'password' | 'none';

/** How the bot talks to people and who runs it (`bot.*`). */
export interface BotSettings {
  /** The name the bot answers to when addressed (`stormbot: help`). */
  readonly name: string;
  /** Further names it answers to. */
  readonly altNames: readonly string[];
  /** Command prefix (Errbot's `BOT_PREFIX`, hubot's `HUBOT_ALIAS`); may be empty. */
  readonly prefix: string;
  /** In direct messages the prefix may be left out. */
  readonly prefixOptionalInDirect: boolean;
  /** fnmatch globs over `Principal.aclKey` of the administrators (Errbot's `BOT_ADMINS`). */
  readonly admins: readonly string[];
  /** Channels (announcement-style strings) where operational notices go. */
  readonly adminChannels: readonly string[];
  /** Absolute path of the directory holding the store and the key file. */
  readonly dataDir: string;
}

/** The bot's own StackStorm credentials, exactly as configured (any subset may be set). */
export interface St2Credentials {
  /** `api_auth.apikey`: sent as `St2-Api-Key`. */
  readonly apiKey?: string | undefined;
  /** `api_auth.token`: sent as `X-Auth-Token`; cannot be renewed. */
  readonly token?: string | undefined;
  /** `api_auth.user.name`: exchanged with the password for renewable tokens. */
  readonly username?: string | undefined;
  /** `api_auth.user.password`. */
  readonly password?: string | undefined;
}

/** Whose StackStorm credentials run a person's commands (`stackstorm.rbac_auth`). */
export type RbacAuth =
  | { readonly mode: 'standalone' }
  | {
      readonly mode: 'clientside';
      /** Public base URL of the login page, always ending in `/`. */
      readonly url: string;
    };

/** Everything about the StackStorm connection (`stackstorm.*`). */
export interface StackStormSettings {
  /** True when `api_url` is configured (a real StackStorm is used). */
  readonly configured: boolean;
  /** The configured sandbox mode. */
  readonly sandbox: SandboxMode;
  /** True when the built-in sandbox should be started (`always`, or `auto` with no `api_url`). */
  readonly useSandbox: boolean;
  /** st2api base URL ending in `/v1`, e.g. `https://st2.example.com/api/v1`; unset without st2. */
  readonly apiUrl?: string | undefined;
  /** st2auth base URL ending in `/v1` (tokens are `POST <authUrl>/tokens`). */
  readonly authUrl?: string | undefined;
  /** st2stream base URL ending in `/v1` (events are `GET <streamUrl>/stream`). */
  readonly streamUrl?: string | undefined;
  /** Web UI base URL for execution links when st2 sends no `web_url`; no trailing slash. */
  readonly webuiUrl?: string | undefined;
  /** Verify StackStorm's TLS certificates (scoped to st2 connections). */
  readonly verifyCert: boolean;
  /** Absolute path of a CA bundle (PEM) to trust for StackStorm. */
  readonly caCert?: string | undefined;
  /** Absolute path of a client certificate (PEM). */
  readonly clientCert?: string | undefined;
  /** Absolute path of the client key (PEM); the certificate's file when it holds both. */
  readonly clientKey?: string | undefined;
  /** The bot's credentials. */
  readonly apiAuth: St2Credentials;
  /** Which of `apiAuth` is used. */
  readonly credentialKind: CredentialKind;
  /** Standalone (bot credentials) or client-side (each person's own) authentication. */
  readonly rbacAuth: RbacAuth;
  /** Seconds between alias-index polls (the fallback to stream events) and credential checks. */
  readonly timerUpdateSec: number;
  /** The route stormbot sends as `notification_route`. */
  readonly routeKey: string;
  /** Every route whose announcements are delivered: `routeKey` first, then the extra ones. */
  readonly routes: readonly string[];
  /** Prefix of StackStorm commands (`st2` → `!st2 greet`); may be empty. */
  readonly pluginPrefix: string;
  /** Lifetime of a client-side login link and session, in seconds. */
  readonly sessionTtlSec: number;
  /** `ttl` asked for when exchanging a username and password for a token, in seconds. */
  readonly userTokenTtlSec: number;
  /** Timeout of every StackStorm HTTP request, in seconds. */
  readonly requestTimeoutSec: number;
}

/** The options a StackStorm client needs, flattened (see `st2ClientSettings`). */
export interface St2ClientSettings {
  readonly apiUrl: string;
  readonly authUrl: string;
  readonly streamUrl: string;
  readonly webuiUrl?: string | undefined;
  readonly apiKey?: string | undefined;
  readonly token?: string | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly verifyCert: boolean;
  readonly caCertPath?: string | undefined;
  readonly clientCertPath?: string | undefined;
  readonly clientKeyPath?: string | undefined;
  readonly timeoutMs: number;
  readonly tokenTtlSec: number;
}

/** An ACL rule with every list normalised to an array. */
export interface NormalisedAclRule extends AclRule {
  readonly allowusers?: readonly string[] | undefined;
  readonly denyusers?: readonly string[] | undefined;
  readonly allowrooms?: readonly string[] | undefined;
  readonly denyrooms?: readonly string[] | undefined;
  readonly allowargs?: readonly string[] | undefined;
  readonly denyargs?: readonly string[] | undefined;
}

/** The ACL policy, ready for the ACL engine (admins come from `bot.admins`). */
export interface AclSettings extends AclPolicy {
  readonly rules: readonly { readonly command: string; readonly rule: NormalisedAclRule }[];
  readonly defaults?: NormalisedAclRule | undefined;
}

/** The bot's HTTP server (`web.*`). */
export interface WebSettings {
  /** Whether the server runs (`auto` resolved: on with client-side auth or a webhook secret). */
  readonly enabled: boolean;
  /** Address to listen on. */
  readonly host: string;
  /** Port to listen on (0 = any free port). */
  readonly port: number;
  /** Public URL people and StackStorm reach the server at, always ending in `/`. */
  readonly baseUrl: string;
  /** False when `baseUrl` was derived from host and port rather than configured. */
  readonly baseUrlExplicit: boolean;
  /** fastify's `trustProxy`: false, true, a hop count, or the proxies' addresses. */
  readonly trustProxy: boolean | number | readonly string[];
}

/** How webhook calls authenticate (`webhook.*`); both unset means the webhook is refused. */
export interface WebhookSettings {
  /** Shared token the caller sends. */
  readonly token?: string | undefined;
  /** Secret for an HMAC signature over the body. */
  readonly hmacSecret?: string | undefined;
}

/** The key/value store (`store.*`). */
export interface StoreSettings {
  readonly driver: StoreDriver;
  /** Absolute path of the sqlite file. */
  readonly path: string;
  /** `redis://` or `rediss://` URL (driver `redis`). */
  readonly redisUrl?: string | undefined;
  /** Prefix of every key the store writes in Redis. */
  readonly keyPrefix: string;
}

/** Where the encryption key of the secret store comes from (`secrets.*`). */
export interface SecretsSettings {
  /** Absolute path of the key file, created with mode 0600 on first start. */
  readonly keyFile: string;
  /** True when `STORMBOT_SECRET_KEY` is set (it then wins over the file; never stored here). */
  readonly keyInEnv: boolean;
}

/** Delivery of announcements when the chat is unreachable (`delivery.*`). */
export interface DeliverySettings {
  /** Announcements held at most; beyond that the oldest is dropped, logged and counted. */
  readonly queueSize: number;
  /** Attempts per announcement; 0 = keep trying until the queue overflows. */
  readonly maxAttempts: number;
  /** First retry delay in milliseconds (doubles each attempt). */
  readonly retryBaseMs: number;
  /** Longest retry delay in milliseconds. */
  readonly retryMaxMs: number;
}

/** The whole configuration. */
export interface StormbotConfig {
  /** The file it came from, or undefined when no file was read. */
  readonly source?: string | undefined;
  readonly bot: BotSettings;
  /** Name of the chat back-end to run (checked by the back-end registry). */
  readonly backend: string;
  /** Settings of each back-end, unvalidated here (every back-end has its own schema). */
  readonly backends: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
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
