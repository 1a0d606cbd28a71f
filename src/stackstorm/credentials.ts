/**
 * Credential kinds and their precedence. st2 accepts an API key (`St2-Api-Key`), an auth token
 * (`X-Auth-Token`), or a token obtained with a username and password. When several are
 * configured, the first of API key, token, username/password wins (hubot's order) and the others
 * are ignored — and reported as ignored, so nobody wonders which one is used.
 */
import { ConfigError } from '../core/errors.js';
import type { St2CredentialKind } from './errors.js';

/** An API key: never expires, cannot be renewed. */
export interface St2ApiKeyCredentials {
  kind: 'apikey';
  apiKey: string;
}

/** A fixed auth token: expires, and cannot be renewed by the bot. */
export interface St2TokenCredentials {
  kind: 'token';
  token: string;
}

/** A username and password: the client logs in and renews its token itself. */
export interface St2PasswordCredentials {
  kind: 'password';
  username: string;
  password: string;
  /** Token lifetime to ask for, in seconds (st2's default when absent: 24 h). */
  ttl?: number | undefined;
}

/** Credentials for st2: the bot's own, or a chat user's. */
export type St2Credentials = St2ApiKeyCredentials | St2TokenCredentials | St2PasswordCredentials;

/** What may be logged about credentials: the kind, the username, never the secret. */
export interface St2CredentialsDescription {
  kind: St2CredentialKind;
  /** The login name, for username/password. */
  username?: string;
  /** Lower-precedence credentials that were also configured and are ignored. */
  ignored: St2CredentialKind[];
  /** One line for the start-up log, e.g. `username/password (st2admin)`. */
  summary: string;
}

/** The configured secrets, as they come from configuration. Empty strings count as unset. */
export interface St2CredentialSettings {
  apiKey?: string | undefined;
  token?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
  tokenTtl?: number | undefined;
}

const present = (value: string | undefined): value is string => value !== undefined && value !== '';

/**
 * Pick the credentials by precedence: API key > token > username/password. Throws a ConfigError
 * when none is configured or a username comes without a password.
 */
export function resolveCredentials(settings: St2CredentialSettings): {
  credentials: St2Credentials;
  ignored: St2CredentialKind[];
} {
  const available: St2Credentials[] = [];
  if (present(settings.apiKey)) available.push({ kind: 'apikey', apiKey: settings.apiKey });
  if (present(settings.token)) available.push({ kind: 'token', token: settings.token });
  if (present(settings.username) || present(settings.password)) {
    if (!present(settings.username) || !present(settings.password)) {
      if (available.length === 0) {
        throw new ConfigError(
          present(settings.username)
            ? 'stackstorm.api_auth.user.password'
            : 'stackstorm.api_auth.user.name',
          'username and password must be set together',
        );
      }
    } else {
      if (
        settings.tokenTtl !== undefined &&
        !(Number.isInteger(settings.tokenTtl) && settings.tokenTtl >= 1)
      ) {
        throw new ConfigError(
          'stackstorm.user_token_ttl',
          'must be a whole number of seconds, at least 1',
        );
      }
      available.push({
        kind: 'password',
        username: settings.username,
        password: settings.password,
        ttl: settings.tokenTtl,
      });
    }
  }
  const [credentials, ...rest] = available;
  if (!credentials) {
    throw new ConfigError(
      'stackstorm',
      'no StackStorm credentials: set api_key, auth_token, or username and password',
    );
  }
  return { credentials, ignored: rest.map((c) => c.kind) };
}

const KIND_NAMES: Record<St2CredentialKind, string> = {
  apikey: 'API key',
  token: 'auth token',
  password: 'username/password',
};

/** Describe credentials without their secret. */
export function describeCredentials(
  credentials: St2Credentials,
  ignored: St2CredentialKind[] = [],
): St2CredentialsDescription {
  const name = KIND_NAMES[credentials.kind];
  const summary =
    (credentials.kind === 'password' ? `${name} (${credentials.username})` : name) +
    (ignored.length > 0 ? `; ignored: ${ignored.map((k) => KIND_NAMES[k]).join(', ')}` : '');
  return {
    kind: credentials.kind,
    ...(credentials.kind === 'password' ? { username: credentials.username } : {}),
    ignored,
    summary,
  };
}

/** Plain-words name of a credential kind (`API key`, `auth token`, `username/password`). */
export function credentialKindName(kind: St2CredentialKind): string {
  return KIND_NAMES[kind];
}
