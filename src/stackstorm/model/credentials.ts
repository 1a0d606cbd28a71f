/**
 * Credentials for st2: the one union, the one precedence rule, and what may be logged of them.
 */

/**
 * Credentials for st2: the bot's own or a chat user's. An API key is sent as `St2-Api-Key` and
 * never expires; a token is sent as `X-Auth-Token` and cannot be renewed; a username and password
 * are exchanged for renewable tokens (`POST {auth_url}/tokens`).
 */
export type St2Credentials =
  | { readonly kind: 'apiKey'; readonly apiKey: string }
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'password'; readonly username: string; readonly password: string };

/** Which kind of credentials. */
export type St2CredentialKind = St2Credentials['kind'];

/** Credentials as configured: any subset; empty strings count as unset. */
export interface ConfiguredCredentials {
  readonly apiKey?: string | undefined;
  readonly token?: string | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
}

/**
 * The credentials to use, by precedence: API key, then token, then username and password
 * (hubot's order); `ignored` lists the lower-precedence kinds also configured. A username without
 * a password (or the reverse) is not a credential.
 */
export function pickCredentials(given: ConfiguredCredentials): {
  credentials: St2Credentials | undefined;
  ignored: St2CredentialKind[];
} {
  const set = (v: string | undefined): v is string => v !== undefined && v !== '';
  const available: St2Credentials[] = [];
  if (set(given.apiKey)) available.push({ kind: 'apiKey', apiKey: given.apiKey });
  if (set(given.token)) available.push({ kind: 'token', token: given.token });
  if (set(given.username) && set(given.password)) {
    available.push({ kind: 'password', username: given.username, password: given.password });
  }
  const [credentials, ...rest] = available;
  return { credentials, ignored: rest.map((c) => c.kind) };
}

const KIND_NAMES: Record<St2CredentialKind, string> = {
  apiKey: 'API key',
  token: 'auth token',
  password: 'username/password',
};

/** What may be logged about credentials: the kind, the username, never the secret. */
export interface CredentialsDescription {
  /** `none`: no credentials, for a StackStorm with authentication off. */
  kind: St2CredentialKind | 'none';
  /** The login name, for username/password. */
  username?: string;
  /** Lower-precedence credentials that were also configured and are ignored. */
  ignored: St2CredentialKind[];
  /** One line for the start-up log, e.g. `username/password (st2admin); ignored: API key`. */
  summary: string;
}

/** Describe credentials (undefined: none) without their secret. */
export function describeCredentials(
  credentials: St2Credentials | undefined,
  ignored: St2CredentialKind[] = [],
): CredentialsDescription {
  if (!credentials) {
    return { kind: 'none', ignored, summary: 'no credentials (StackStorm authentication off)' };
  }
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
