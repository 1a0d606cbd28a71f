/**
 * The sandbox's st2auth: users, tokens and API keys, and the credential lookup every API and
 * stream request goes through, with st2's 401 texts.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { St2HttpError, badRequest } from './errors.js';
import { formatSt2Time } from '../stackstorm/model.js';
import { apiKeyHash, newToken, objectId } from './ids.js';

/** A token the sandbox issued. */
export interface TokenRecord {
  readonly id: string;
  readonly user: string;
  readonly token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  readonly service: boolean;
}

/** Who a request is authenticated as, and with what. */
export interface Requester {
  readonly user: string;
  readonly via: 'token' | 'apikey';
  /** The token record, when authenticated with a token. */
  readonly token?: TokenRecord;
}

/** Where a request's credentials may be, as the router sees them. */
export interface CredentialSources {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly query: Readonly<Record<string, unknown>>;
}

interface ApiKeyRecord {
  readonly user: string;
  enabled: boolean;
}

/** Options of `AuthState`. */
export interface AuthStateOptions {
  readonly users: Readonly<Record<string, string>>;
  readonly apiKeys: readonly string[];
  /** Users allowed to ask for tokens for other users (`user` in the body). */
  readonly serviceUsers: readonly string[];
  /** `auth.token_ttl`: the default and the maximum token lifetime, in seconds. */
  readonly tokenTtlSeconds: number;
  readonly clock: Clock;
}

/** The exact 401 texts st2 sends (docs/reference/st2-api.md §1.3). */
export const AUTH_FAULTS = {
  missing: 'Unauthorized - One of Token or API key required.',
  tokenUnknown: 'Unauthorized',
  tokenExpired: 'Unauthorized - Token has expired.',
  apiKeyDisabled: 'Unauthorized - API key is disabled.',
  badCredentials: 'Invalid or missing credentials',
} as const;

/** The 401 text for an API key st2 does not know. */
export function apiKeyNotFoundFault(key: string): string {
  return `Unauthorized - ApiKey with key_hash=${apiKeyHash(key)} not found.`;
}

/** Users, tokens and API keys. */
export class AuthState {
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly keys = new Map<string, ApiKeyRecord>();
  private readonly users: Map<string, string>;

  constructor(private readonly options: AuthStateOptions) {
    this.users = new Map(Object.entries(options.users));
    const keyUser = Object.keys(options.users)[0] ?? 'st2admin';
    for (const key of options.apiKeys)
      this.keys.set(apiKeyHash(key), { user: keyUser, enabled: true });
  }

  /** The configured token lifetime (default and maximum), in seconds. */
  get maxTtl(): number {
    return this.options.tokenTtlSeconds;
  }

  /** The user a valid `Authorization: Basic` header names, or a 401. */
  checkBasic(header: string | undefined): string {
    const fail = new St2HttpError(401, AUTH_FAULTS.badCredentials);
    if (!header) throw fail;
    const space = header.indexOf(' ');
    if (space < 0 || header.slice(0, space).toLowerCase() !== 'basic') throw fail;
    const encoded = header.slice(space + 1).trim();
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) throw fail;
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw fail;
    const user = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const expected = this.users.get(user);
    if (expected === undefined || !sameSecret(expected, password)) throw fail;
    return user;
  }

  /**
   * Issue a token as `POST /tokens` does. `ttl` is in seconds (undefined/null: the default);
   * `impersonate` is a `user` asked for in the body, allowed for service users only.
   */
  issueToken(user: string, ttl: number | null | undefined, impersonate?: string): TokenRecord {
    const max = this.options.tokenTtlSeconds;
    if (ttl !== null && ttl !== undefined && ttl > max) {
      throw badRequest(`TTL specified ${ttl} is greater than max allowed ${max}.`);
    }
    let subject = user;
    if (impersonate !== undefined) {
      if (!this.options.serviceUsers.includes(user)) {
        throw badRequest(
          `User "${user}" is not a service user and cannot impersonate other users.`,
        );
      }
      subject = impersonate;
    }
    const now = this.options.clock.now();
    const record: TokenRecord = {
      id: objectId(now),
      user: subject,
      token: newToken(),
      expiresAt: now + (ttl ?? max) * 1000,
      service: this.options.serviceUsers.includes(subject),
    };
    this.tokens.set(record.token, record);
    return record;
  }

  /** The JSON body of a token, as `POST /tokens` returns it. */
  tokenBody(record: TokenRecord): Record<string, unknown> {
    return {
      id: record.id,
      user: record.user,
      token: record.token,
      expiry: formatSt2Time(record.expiresAt),
      metadata: {},
      service: record.service,
    };
  }

  /** Whether a token is known and not expired (`POST /tokens/validate`). */
  isValid(token: string): boolean {
    const record = this.tokens.get(token);
    return record !== undefined && record.expiresAt > this.options.clock.now();
  }

  /**
   * Authenticate a request the way st2's router does: the first credential present, in the
   * order X-Auth-Token header, St2-Api-Key header, `x-auth-token` query, `st2-api-key` query,
   * `auth-token` cookie; no fallback when that one is invalid.
   */
  authenticate(sources: CredentialSources): Requester {
    const header = (name: string): string | undefined => first(sources.headers[name]);
    const query = (name: string): string | undefined => first(sources.query[name]);
    const candidates: [string | undefined, 'token' | 'apikey'][] = [
      [header('x-auth-token'), 'token'],
      [header('st2-api-key'), 'apikey'],
      [query('x-auth-token'), 'token'],
      [query('st2-api-key'), 'apikey'],
      [cookie(header('cookie'), 'auth-token'), 'token'],
    ];
    const found = candidates.find(([value]) => value !== undefined && value !== '');
    if (!found?.[0]) throw new St2HttpError(401, AUTH_FAULTS.missing);
    const [value, kind] = found;
    return kind === 'token' ? this.byToken(value) : this.byApiKey(value);
  }

  /** Make every token issued so far expire now. */
  expireAll(): void {
    const now = this.options.clock.now();
    for (const record of this.tokens.values()) record.expiresAt = Math.min(record.expiresAt, now);
  }

  /** Forget every token (as if st2's database was wiped). */
  dropTokens(): void {
    this.tokens.clear();
  }

  /** Add an API key for `user` (default: the first configured user). */
  addApiKey(key: string, user?: string): void {
    const keyUser = user ?? Object.keys(this.options.users)[0] ?? 'st2admin';
    this.keys.set(apiKeyHash(key), { user: keyUser, enabled: true });
  }

  /** Disable (or re-enable) an API key. Returns false when the key is unknown. */
  setApiKeyEnabled(key: string, enabled: boolean): boolean {
    const record = this.keys.get(apiKeyHash(key));
    if (!record) return false;
    record.enabled = enabled;
    return true;
  }

  private byToken(token: string): Requester {
    const record = this.tokens.get(token);
    if (!record) throw new St2HttpError(401, AUTH_FAULTS.tokenUnknown);
    if (record.expiresAt <= this.options.clock.now()) {
      throw new St2HttpError(401, AUTH_FAULTS.tokenExpired);
    }
    return { user: record.user, via: 'token', token: record };
  }

  private byApiKey(key: string): Requester {
    const record = this.keys.get(apiKeyHash(key));
    if (!record) throw new St2HttpError(401, apiKeyNotFoundFault(key));
    if (!record.enabled) throw new St2HttpError(401, AUTH_FAULTS.apiKeyDisabled);
    return { user: record.user, via: 'apikey' };
  }
}

function first(value: unknown): string | undefined {
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}

function cookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return safeDecode(part.slice(eq + 1).trim());
  }
  return undefined;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
