/**
 * A credential session: turns credentials into request headers, logs in and renews tokens for
 * username/password, and turns a 401 into a loud, actionable St2AuthError. It alone decides when
 * the bot's credentials are dead: it reports that once per outage.
 */
import type { Logger } from '../log.js';
import { St2AuthError } from './errors.js';
import {
  exchange,
  faultstringOf,
  httpError,
  invalidResponse,
  type St2HttpContext,
  type St2RawResponse,
} from './http.js';
import { parseSt2Time, type St2Credentials } from './model.js';

/** Renew at most this long before expiry… */
const MAX_RENEW_MARGIN_MS = 5 * 60_000;
/** …and at most this share of the token's lifetime before it. */
const RENEW_MARGIN_SHARE = 0.1;

/** What a session needs. */
export interface CredentialSessionDeps {
  http: St2HttpContext;
  /** Base URL of st2auth, e.g. `https://st2/auth/v1`. */
  authUrl: string;
  logger: Logger;
  /** Lifetime to ask for when logging in with username/password, in seconds (st2's default). */
  tokenTtl?: number | undefined;
  /**
   * True for the bot's configured credentials: rejections are logged as errors and reported
   * through `onCredentialsExpired`. False for a chat user's credentials.
   */
  botWide: boolean;
  /** Called once per outage of the bot's credentials, with what to fix (no secret in it). */
  onCredentialsExpired?: ((message: string) => void) | undefined;
}

/** Headers to send, and which token generation they belong to. */
export interface AuthHeaders {
  headers: Record<string, string>;
  generation: number;
}

/** A token obtained with username/password, as `requestToken` returns it. */
export interface St2Token {
  /** The token, sent as `X-Auth-Token`. */
  token: string;
  /** The st2 user the token belongs to. */
  user: string;
  /** The expiry as st2 sent it (an st2 timestamp). */
  expiry: string;
  /** The expiry, ms since the epoch (st2's clock). */
  expiresAt: number;
}

/** Per-request options of `requestToken`. */
export interface TokenRequestOptions {
  /** Token lifetime to ask for, in seconds (st2's default when absent). */
  ttlSeconds?: number | undefined;
  /** Appended to the refusal message (what to fix). */
  hint?: string | undefined;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
}

/**
 * The one token exchange: `POST {auth_url}/tokens` with HTTP Basic and `{ttl}`. Rejects with
 * St2AuthError when st2 refuses the login, `invalid_response` when the body has no token or no
 * readable expiry.
 */
export async function requestToken(
  http: St2HttpContext,
  authUrl: string,
  username: string,
  password: string,
  options: TokenRequestOptions = {},
): Promise<St2Token> {
  const basic = Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
  const raw = await exchange(http, {
    method: 'POST',
    url: new URL(`${authUrl}/tokens`),
    headers: { authorization: `Basic ${basic}` },
    body: options.ttlSeconds === undefined ? {} : { ttl: options.ttlSeconds },
    signal: options.signal,
    timeoutMs: options.timeoutMs,
  });
  if (raw.status === 401) {
    const fault = faultstringOf(raw.json);
    throw new St2AuthError(
      'password',
      `StackStorm refused the login of user "${username}" (${fault ?? 'Unauthorized'}).` +
        (options.hint ? ` ${options.hint}` : '') +
        ` (request id ${raw.requestId})`,
      { faultstring: fault, requestId: raw.requestId, operation: raw.operation },
    );
  }
  if (raw.status < 200 || raw.status >= 300) throw httpError(raw);
  const body = raw.json as { token?: unknown; user?: unknown; expiry?: unknown } | undefined;
  const expiresAt = typeof body?.expiry === 'string' ? parseSt2Time(body.expiry) : undefined;
  if (typeof body?.token !== 'string' || body.token === '' || expiresAt === undefined) {
    throw invalidResponse(raw, 'a body without a token or a readable expiry');
  }
  return {
    token: body.token,
    user: typeof body.user === 'string' ? body.user : username,
    expiry: String(body.expiry),
    expiresAt,
  };
}

/** A token the session obtained with username/password. */
export interface IssuedToken {
  /** The st2 user the token belongs to. */
  user: string;
  /** Expiry, ms since the epoch (local clock). */
  expiresAt: number;
  /** When the client will renew it, ms since the epoch. */
  renewAt: number;
}

interface TokenState extends IssuedToken {
  value: string;
}

/** Credentials in use for requests; see the module comment. */
export class CredentialSession {
  private token: TokenState | undefined;
  private generation = 0;
  private pending: Promise<TokenState> | undefined;
  private reported = false;

  /** `credentials` undefined: requests carry no credentials (StackStorm with authentication off). */
  constructor(
    readonly credentials: St2Credentials | undefined,
    private readonly deps: CredentialSessionDeps,
  ) {}

  /** True when the session can get itself a new token (username/password). */
  get renewable(): boolean {
    return this.credentials?.kind === 'password';
  }

  /** The current token from username/password, when there is one. */
  get issuedToken(): IssuedToken | undefined {
    if (!this.token) return undefined;
    const { user, expiresAt, renewAt } = this.token;
    return { user, expiresAt, renewAt };
  }

  /** Headers for the next request; logs in first when the token is missing or due for renewal. */
  async headers(): Promise<AuthHeaders> {
    const creds = this.credentials;
    if (!creds) return { headers: {}, generation: 0 };
    switch (creds.kind) {
      case 'apiKey':
        return { headers: { 'st2-api-key': creds.apiKey }, generation: 0 };
      case 'token':
        return { headers: { 'x-auth-token': creds.token }, generation: 0 };
      case 'password': {
        let token = this.token;
        if (!token || this.deps.http.clock.now() >= token.renewAt) token = await this.login();
        return { headers: { 'x-auth-token': token.value }, generation: this.generation };
      }
    }
  }

  /**
   * After a 401 with the headers of `generation`: forget that token so the next `headers()` logs
   * in again (unless another request already did).
   */
  invalidate(generation: number): void {
    if (this.token && this.generation === generation) this.token = undefined;
  }

  /** Note an authenticated success: the next rejection is reported again. */
  succeeded(): void {
    this.reported = false;
  }

  /**
   * The error for a 401 on an authenticated request, logged and (for the bot's credentials)
   * reported once. `afterRenewal`: a freshly issued token was rejected too.
   */
  rejected(raw: St2RawResponse, afterRenewal = false): St2AuthError {
    const fault = faultstringOf(raw.json) ?? 'Unauthorized';
    const creds = this.credentials;
    const owner = this.deps.botWide ? 'the configured' : 'the';
    let message: string;
    if (!creds) {
      message =
        `StackStorm asks for credentials (${fault}) and none are configured: set ` +
        'stackstorm.api_auth (ST2_API_KEY, ST2_AUTH_TOKEN, or ST2_AUTH_USERNAME and ST2_AUTH_PASSWORD).';
    } else if (creds.kind === 'apiKey') {
      message =
        `StackStorm rejected ${owner} API key (${fault}).` +
        (this.deps.botWide
          ? ' Create a new key with "st2 apikey create" and put it in stackstorm.api_auth.apikey (or ST2_API_KEY).'
          : '');
    } else if (creds.kind === 'token') {
      message =
        `StackStorm rejected ${owner} auth token (${fault}).` +
        (this.deps.botWide
          ? ' Auth tokens expire and the bot cannot renew one: configure an API key, or a' +
            ' username and password, instead of stackstorm.api_auth.token (ST2_AUTH_TOKEN).'
          : '');
    } else {
      message =
        `StackStorm rejected ${afterRenewal ? 'a freshly issued' : 'the'} token of user ` +
        `"${creds.username}" (${fault}).`;
    }
    message += ` (request id ${raw.requestId})`;
    const err = new St2AuthError(creds?.kind ?? 'none', message, {
      faultstring: faultstringOf(raw.json),
      requestId: raw.requestId,
      operation: raw.operation,
    });
    this.report(err);
    return err;
  }

  private report(err: St2AuthError): void {
    if (!this.deps.botWide) {
      this.deps.logger.warn(
        { err: { code: err.code, message: err.message } },
        'st2 credentials rejected',
      );
      return;
    }
    this.deps.logger.error(
      { code: err.code, kind: err.credentialKind, requestId: err.requestId },
      err.message,
    );
    if (this.reported) return;
    this.reported = true;
    try {
      this.deps.onCredentialsExpired?.(err.message);
    } catch (hookError) {
      this.deps.logger.error({ err: hookError }, 'onCredentialsExpired hook failed');
    }
  }

  private login(): Promise<TokenState> {
    this.pending ??= this.doLogin().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async doLogin(): Promise<TokenState> {
    const creds = this.credentials;
    if (creds?.kind !== 'password') throw new Error('login needs username/password');
    let issued: St2Token;
    try {
      issued = await requestToken(
        this.deps.http,
        this.deps.authUrl,
        creds.username,
        creds.password,
        {
          ttlSeconds: this.deps.tokenTtl,
          hint: this.deps.botWide
            ? 'Check stackstorm.api_auth.user (ST2_AUTH_USERNAME and ST2_AUTH_PASSWORD).'
            : undefined,
        },
      );
    } catch (err) {
      if (err instanceof St2AuthError) this.report(err);
      throw err;
    }
    const now = this.deps.http.clock.now();
    let expiresAt = issued.expiresAt;
    if (expiresAt <= now) {
      // The server's clock is ahead of ours by more than the lifetime: trust the requested ttl
      // and rely on 401 → re-login for the rest.
      this.deps.logger.warn(
        { expiry: issued.expiry },
        'st2 token expiry is already past by the local clock; check clock synchronisation',
      );
      expiresAt = now + (this.deps.tokenTtl ?? 3600) * 1000;
    }
    const margin = Math.min(MAX_RENEW_MARGIN_MS, (expiresAt - now) * RENEW_MARGIN_SHARE);
    this.token = {
      value: issued.token,
      user: issued.user,
      expiresAt,
      renewAt: expiresAt - margin,
    };
    this.generation++;
    this.deps.logger.info(
      { user: this.token.user, expiresAt: new Date(expiresAt).toISOString() },
      'obtained st2 auth token',
    );
    return this.token;
  }
}
