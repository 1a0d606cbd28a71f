/**
 * The StackStorm REST client: typed calls over the contract in `docs/reference/st2-api.md`, authenticated with
 * the configured credentials (or a chat user's, through `withCredentials`), with renewal and one
 * retry after a 401 for username/password, deadlines on every call, and coded errors.
 */
import type { Agent } from 'undici';
import { systemClock, type Clock } from '../core/clock.js';
import { ConfigError } from '../core/errors.js';
import type { Logger } from '../log.js';
import {
  describeCredentials,
  resolveCredentials,
  type St2Credentials,
  type St2CredentialsDescription,
} from './credentials.js';
import { St2AuthError, St2HttpError, type St2CredentialKind } from './errors.js';
import {
  exchange,
  faultstringOf,
  httpError,
  invalidResponse,
  open,
  type St2HttpContext,
  type St2OpenResponse,
  type St2RawResponse,
} from './http.js';
import { CredentialSession } from './session.js';
import { formatSt2Time } from './time.js';
import { createSt2Dispatcher } from './tls.js';
import type {
  St2ActionAlias,
  St2AliasExecutionRequest,
  St2AliasExecutionResult,
  St2AliasHelp,
  St2AliasHelpQuery,
  St2AliasMatch,
  St2Execution,
  St2ExecutionFilter,
  St2GetExecutionOptions,
  St2Inquiry,
  St2Token,
  St2InquiryResponse,
  St2MatchAndExecuteRequest,
  St2MatchAndExecuteResult,
  St2Rule,
  St2RuleFilter,
} from './types.js';

/** Default deadline of a call. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Settings of the client, as the app maps them from configuration. */
export interface St2ClientOptions {
  /** st2api base, e.g. `https://st2.example.com/api/v1`. */
  apiUrl: string;
  /** st2auth base, e.g. `https://st2.example.com/auth/v1`. */
  authUrl: string;
  /** st2stream base, e.g. `https://st2.example.com/stream/v1`. */
  streamUrl: string;
  /** API key; wins over every other credential. */
  apiKey?: string | undefined;
  /** Fixed auth token; used when no API key is set. Cannot be renewed. */
  token?: string | undefined;
  /** Login name; used with `password` when neither key nor token is set. */
  username?: string | undefined;
  password?: string | undefined;
  /** Lifetime of tokens from username/password, in seconds (st2 default when absent). */
  tokenTtl?: number | undefined;
  /** Check st2's TLS certificate (default true). Affects st2 connections only. */
  verifyCert?: boolean | undefined;
  /** Extra trusted CA: PEM text or a file path. */
  caCert?: string | undefined;
  /** Client certificate for mutual TLS: PEM text or a file path. */
  clientCert?: string | undefined;
  /** Key of the client certificate: PEM text or a file path. */
  clientKey?: string | undefined;
  /** Deadline of each call in ms (default 30 s). */
  timeoutMs?: number | undefined;
  /** Time source (tests pass a ManualClock). */
  clock?: Clock | undefined;
  logger: Logger;
  /**
   * Called once when the configured credentials are rejected (and again only after a success
   * in between), with a message saying what to fix. The app sends it to the admins.
   */
  onCredentialsExpired?: ((message: string) => void) | undefined;
}

/** Per-call options. */
export interface St2CallOptions {
  /** Abort the call. */
  signal?: AbortSignal | undefined;
  /** Deadline of this call, overriding the client's. */
  timeoutMs?: number | undefined;
}

/** Result of `validateCredentials`. */
export interface St2CredentialCheck {
  kind: St2CredentialKind;
  /** The st2 user a username/password token was issued to. */
  user?: string;
  /** Expiry of that token, ms since the epoch. */
  tokenExpiresAt?: number;
}

interface Shared {
  http: St2HttpContext;
  apiUrl: string;
  authUrl: string;
  streamUrl: string;
  logger: Logger;
  dispatcher: Agent;
}

function baseUrl(value: string, key: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(key, `not a URL: ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(key, `must be an http or https URL: ${value}`);
  }
  return url.href.replace(/\/+$/, '');
}

type Query = Record<string, string | number | boolean | undefined>;

/** See the module comment. */
export class St2Client {
  private readonly shared: Shared;
  private readonly session: CredentialSession;
  private readonly ignored: St2CredentialKind[];
  private readonly ownsDispatcher: boolean;
  private readonly options: St2ClientOptions;

  /**
   * Build the bot-wide client; throws ConfigError for bad URLs, credentials or TLS files.
   * `child` is how `withCredentials` builds its clients; call that instead.
   */
  constructor(
    options: St2ClientOptions,
    child?: { parent: St2Client; credentials: St2Credentials },
  ) {
    if (child) {
      this.shared = child.parent.shared;
      this.options = child.parent.options;
      this.ownsDispatcher = false;
      this.ignored = [];
      this.session = new CredentialSession(child.credentials, {
        http: this.shared.http,
        authUrl: this.shared.authUrl,
        logger: this.shared.logger,
        botWide: false,
      });
      return;
    }
    this.options = options;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(timeoutMs > 0))
      throw new ConfigError('stackstorm.request_timeout', 'must be a positive number');
    const { credentials, ignored } = resolveCredentials(options);
    const apiUrl = baseUrl(options.apiUrl, 'stackstorm.api_url');
    const authUrl = baseUrl(options.authUrl, 'stackstorm.auth_url');
    const streamUrl = baseUrl(options.streamUrl, 'stackstorm.stream_url');
    const dispatcher = createSt2Dispatcher(options);
    this.shared = {
      http: { dispatcher, clock: options.clock ?? systemClock, timeoutMs, userAgent: 'stormbot' },
      apiUrl,
      authUrl,
      streamUrl,
      logger: options.logger,
      dispatcher,
    };
    this.ownsDispatcher = true;
    this.ignored = ignored;
    this.session = new CredentialSession(credentials, {
      http: this.shared.http,
      authUrl: this.shared.authUrl,
      logger: options.logger,
      botWide: true,
      onCredentialsExpired: options.onCredentialsExpired,
    });
  }

  /**
   * A client for the same st2 (same connections and TLS settings) that acts with other
   * credentials, e.g. a chat user's token. Its rejections are not reported to admins.
   */
  withCredentials(credentials: St2Credentials): St2Client {
    return new St2Client(this.options, { parent: this, credentials });
  }

  /** The credentials in use, without secrets, for the start-up log. */
  describeCredentials(): St2CredentialsDescription {
    return describeCredentials(this.session.credentials, this.ignored);
  }

  /** The clock the client uses (the stream shares it). */
  get clock(): Clock {
    return this.shared.http.clock;
  }

  /** The base URLs in use. */
  get urls(): { apiUrl: string; authUrl: string; streamUrl: string } {
    const { apiUrl, authUrl, streamUrl } = this.shared;
    return { apiUrl, authUrl, streamUrl };
  }

  /** Close the connections, aborting calls in flight (only the bot-wide client owns them). */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.shared.dispatcher.destroy();
  }

  // ---- calls -------------------------------------------------------------------------------

  /** Every alias (`GET /actionalias?limit=-1`), disabled ones included. */
  async listAliases(opts?: St2CallOptions): Promise<St2ActionAlias[]> {
    const raw = await this.call('GET', this.api('/actionalias', { limit: -1 }), undefined, opts);
    return this.array<St2ActionAlias>(raw);
  }

  /** One alias by ref (`pack.name`) or id. */
  async getAlias(refOrId: string, opts?: St2CallOptions): Promise<St2ActionAlias> {
    const raw = await this.call('GET', this.api(`/actionalias/${enc(refOrId)}`), undefined, opts);
    return this.object<St2ActionAlias>(raw);
  }

  /** Help strings (`GET /actionalias/help`). */
  async aliasHelp(query: St2AliasHelpQuery = {}, opts?: St2CallOptions): Promise<St2AliasHelp> {
    const raw = await this.call(
      'GET',
      this.api('/actionalias/help', {
        filter: query.filter,
        pack: query.pack,
        limit: query.limit,
        offset: query.offset,
      }),
      undefined,
      opts,
    );
    const body = this.object<St2AliasHelp>(raw);
    if (!Array.isArray(body.helpstrings)) throw invalidResponse(raw, 'no helpstrings list');
    return body;
  }

  /** Server-side match of a command (`POST /actionalias/match`); 400 when none or ambiguous. */
  async matchAlias(command: string, opts?: St2CallOptions): Promise<St2AliasMatch> {
    const raw = await this.call('POST', this.api('/actionalias/match'), { command }, opts);
    return this.object<St2AliasMatch>(raw);
  }

  /** Execute an alias (`POST /aliasexecution`). */
  async executeAlias(
    request: St2AliasExecutionRequest,
    opts?: St2CallOptions,
  ): Promise<St2AliasExecutionResult> {
    const raw = await this.call('POST', this.api('/aliasexecution'), request, opts);
    return this.object<St2AliasExecutionResult>(raw);
  }

  /** Match and execute in one call (`POST /aliasexecution/match_and_execute`). */
  async matchAndExecute(
    request: St2MatchAndExecuteRequest,
    opts?: St2CallOptions,
  ): Promise<St2MatchAndExecuteResult> {
    const raw = await this.call(
      'POST',
      this.api('/aliasexecution/match_and_execute'),
      request,
      opts,
    );
    const body = this.object<St2MatchAndExecuteResult>(raw);
    if (!Array.isArray(body.results)) throw invalidResponse(raw, 'no results list');
    return body;
  }

  /** One execution (`GET /executions/{id}`); `last` is the most recent. */
  async getExecution(
    id: string,
    options: St2GetExecutionOptions = {},
    opts?: St2CallOptions,
  ): Promise<St2Execution> {
    const url = this.api(`/executions/${enc(id)}`, {
      include_attributes: options.includeAttributes?.join(','),
      exclude_attributes: options.excludeAttributes?.join(','),
      max_result_size: options.maxResultSize,
    });
    return this.object<St2Execution>(await this.call('GET', url, undefined, opts));
  }

  /**
   * Several executions by id, fetched in parallel (st2 has no id-list filter); unknown ids are
   * left out of the result.
   */
  async getExecutions(
    ids: readonly string[],
    options: St2GetExecutionOptions = {},
    opts?: St2CallOptions,
  ): Promise<St2Execution[]> {
    const found: St2Execution[] = [];
    const queue = [...new Set(ids)];
    const worker = async (): Promise<void> => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        try {
          found.push(await this.getExecution(id, options, opts));
        } catch (err) {
          if ((err as { code?: unknown }).code !== 'not_found') throw err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(4, queue.length) }, worker));
    const order = new Map(ids.map((id, i) => [id, i]));
    return found.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  }

  /** Executions matching filters (`GET /executions`), newest first unless `sortAsc`. */
  async listExecutions(
    filter: St2ExecutionFilter = {},
    opts?: St2CallOptions,
  ): Promise<St2Execution[]> {
    const time = (t: Date | string | undefined): string | undefined =>
      t instanceof Date ? formatSt2Time(t.getTime()) : t;
    const url = this.api('/executions', {
      action: filter.action,
      status: filter.status,
      parent: filter.parent,
      user: filter.user,
      timestamp_gt: time(filter.timestampGt),
      timestamp_lt: time(filter.timestampLt),
      limit: filter.limit,
      offset: filter.offset,
      sort_asc: filter.sortAsc === true ? true : undefined,
      include_attributes: filter.includeAttributes?.join(','),
    });
    return this.array<St2Execution>(await this.call('GET', url, undefined, opts));
  }

  /**
   * Ask st2 to cancel an execution (`DELETE /executions/{id}`); returns the execution. An
   * execution that already ended is refused with code `bad_request` (st2 says so in a 200 body).
   */
  async cancelExecution(id: string, opts?: St2CallOptions): Promise<St2Execution> {
    const raw = await this.call('DELETE', this.api(`/executions/${enc(id)}`), undefined, opts);
    const fault = faultstringOf(raw.json);
    if (fault !== undefined) {
      throw new St2HttpError(
        'bad_request',
        `StackStorm ${raw.operation} refused: ${fault} (request id ${raw.requestId})`,
        {
          status: raw.status,
          faultstring: fault,
          requestId: raw.requestId,
          operation: raw.operation,
        },
      );
    }
    return this.object<St2Execution>(raw);
  }

  /** Rules (`GET /rules`), e.g. to check that a notify rule handles the bot's route. */
  async listRules(filter: St2RuleFilter = {}, opts?: St2CallOptions): Promise<St2Rule[]> {
    const url = this.api('/rules', {
      trigger: filter.trigger,
      action: filter.action,
      pack: filter.pack,
      enabled: filter.enabled,
      limit: filter.limit,
    });
    return this.array<St2Rule>(await this.call('GET', url, undefined, opts));
  }

  /** Pending inquiries (`GET /inquiries`). */
  async listInquiries(opts?: St2CallOptions): Promise<St2Inquiry[]> {
    return this.array<St2Inquiry>(await this.call('GET', this.api('/inquiries'), undefined, opts));
  }

  /** One inquiry (`GET /inquiries/{id}`). */
  async getInquiry(id: string, opts?: St2CallOptions): Promise<St2Inquiry> {
    const raw = await this.call('GET', this.api(`/inquiries/${enc(id)}`), undefined, opts);
    return this.object<St2Inquiry>(raw);
  }

  /** Answer an inquiry (`PUT /inquiries/{id}` with `{id, response}`). */
  async respondInquiry(
    id: string,
    response: Record<string, unknown>,
    opts?: St2CallOptions,
  ): Promise<St2InquiryResponse> {
    const raw = await this.call('PUT', this.api(`/inquiries/${enc(id)}`), { id, response }, opts);
    return this.object<St2InquiryResponse>(raw);
  }

  /**
   * Exchange a username and password for a token (`POST {auth_url}/tokens` with HTTP Basic and
   * `{ttl}`), without keeping or renewing it: for people signing in on the login page. Rejects
   * with St2AuthError when st2 refuses the login.
   */
  async createToken(
    username: string,
    password: string,
    ttlSeconds?: number,
    opts?: St2CallOptions,
  ): Promise<St2Token> {
    const basic = Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
    const raw = await exchange(this.shared.http, {
      method: 'POST',
      url: new URL(`${this.shared.authUrl}/tokens`),
      headers: { authorization: `Basic ${basic}` },
      body: ttlSeconds === undefined ? {} : { ttl: ttlSeconds },
      signal: opts?.signal,
      timeoutMs: opts?.timeoutMs,
    });
    if (raw.status === 401) {
      throw new St2AuthError(
        'password',
        `StackStorm refused the login of user "${username}" (${faultstringOf(raw.json) ?? 'Unauthorized'}).`,
        {
          faultstring: faultstringOf(raw.json),
          requestId: raw.requestId,
          operation: raw.operation,
        },
      );
    }
    if (raw.status < 200 || raw.status >= 300) throw httpError(raw);
    const body = this.object<Partial<St2Token>>(raw);
    if (typeof body.token !== 'string' || body.token === '' || typeof body.expiry !== 'string') {
      throw invalidResponse(raw, 'a token body without token or expiry');
    }
    return { ...body, user: typeof body.user === 'string' ? body.user : username } as St2Token;
  }

  /**
   * Check the credentials with a real, cheap call (log in if needed, then list one alias).
   * Rejects with St2AuthError when st2 refuses them, St2UnreachableError when it cannot be
   * reached.
   */
  async validateCredentials(opts?: St2CallOptions): Promise<St2CredentialCheck> {
    await this.call('GET', this.api('/actionalias', { limit: 1 }), undefined, opts);
    const token = this.session.issuedToken;
    return {
      kind: this.session.credentials.kind,
      ...(token ? { user: token.user, tokenExpiresAt: token.expiresAt } : {}),
    };
  }

  /**
   * Open the event stream (`GET {stream_url}/stream` with `query`), authenticated like any call
   * (fresh token, one re-login after a 401). Resolves once st2 answered 200 with headers; the
   * body is the caller's to read and to close with `signal`.
   */
  async openStream(query: Query, opts?: St2CallOptions): Promise<St2OpenResponse> {
    const url = this.url(this.shared.streamUrl, '/stream', query);
    for (let attempt = 0; ; attempt++) {
      const auth = await this.session.headers();
      const opened = await open(this.shared.http, {
        method: 'GET',
        url,
        headers: { ...auth.headers, accept: 'text/event-stream' },
        signal: opts?.signal,
        timeoutMs: opts?.timeoutMs,
      });
      const status = opened.response.status;
      if (status >= 200 && status < 300) {
        this.session.succeeded();
        return opened;
      }
      const raw = await readError(opened);
      if (status === 401 && this.session.renewable && attempt === 0) {
        this.session.invalidate(auth.generation);
        continue;
      }
      if (status === 401) throw this.session.rejected(raw, attempt > 0);
      throw httpError(raw);
    }
  }

  // ---- plumbing ----------------------------------------------------------------------------

  private async call(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: URL,
    body: unknown,
    opts: St2CallOptions | undefined,
  ): Promise<St2RawResponse> {
    for (let attempt = 0; ; attempt++) {
      const auth = await this.session.headers();
      const raw = await exchange(this.shared.http, {
        method,
        url,
        headers: auth.headers,
        body,
        signal: opts?.signal,
        timeoutMs: opts?.timeoutMs,
      });
      if (raw.status >= 200 && raw.status < 300) {
        this.session.succeeded();
        return raw;
      }
      if (raw.status === 401 && this.session.renewable && attempt === 0) {
        this.shared.logger.info({ requestId: raw.requestId }, 'st2 answered 401; logging in again');
        this.session.invalidate(auth.generation);
        continue;
      }
      if (raw.status === 401) throw this.session.rejected(raw, attempt > 0);
      throw httpError(raw);
    }
  }

  private api(path: string, query?: Query): URL {
    return this.url(this.shared.apiUrl, path, query);
  }

  private url(base: string, path: string, query?: Query): URL {
    const url = new URL(base + path);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- typed view of JSON
  private object<T>(raw: St2RawResponse): T {
    if (typeof raw.json !== 'object' || raw.json === null || Array.isArray(raw.json)) {
      throw invalidResponse(raw, 'a body that is not a JSON object');
    }
    return raw.json as T;
  }

  private array<T>(raw: St2RawResponse): T[] {
    if (!Array.isArray(raw.json)) throw invalidResponse(raw, 'a body that is not a JSON array');
    return raw.json as T[];
  }
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}

async function readError(opened: St2OpenResponse): Promise<St2RawResponse> {
  let text = '';
  try {
    text = await opened.response.text();
  } catch {
    // The body of an error is a nicety; the status says enough.
  }
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return {
    status: opened.response.status,
    statusText: opened.response.statusText,
    headers: opened.response.headers,
    json,
    text,
    requestId: opened.requestId,
    operation: opened.operation,
  };
}
