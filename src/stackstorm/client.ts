/**
 * The StackStorm REST client: typed calls over the contract in `docs/reference/st2-api.md`,
 * authenticated with the configured credentials (or a chat user's, through `withCredentials`),
 * with renewal and one retry after a 401 for username/password, deadlines on every call, and
 * coded errors. Every authenticated request, the event stream included, takes one path (`send`).
 */
import type { Agent } from 'undici';
import { systemClock, type Clock } from '../core/clock.js';
import type { Logger } from '../log.js';
import {
  exchange,
  httpError,
  invalidResponse,
  open,
  type St2HttpContext,
  type St2OpenResponse,
  type St2RawResponse,
} from './http.js';
import {
  describeCredentials,
  type ActionAlias,
  type ActionExecutionRequest,
  type AliasExecutionRequest,
  type AliasExecutionResult,
  type CredentialsDescription,
  type Execution,
  type Inquiry,
  type InquiryResponse,
  type St2CredentialKind,
  type St2Credentials,
} from './model.js';
import { St2HttpError } from './errors.js';
import { CredentialSession, requestToken, type St2Token } from './session.js';
import { createSt2Dispatcher } from './tls.js';

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
  /**
   * The bot's credentials (see `pickCredentials` for the precedence); undefined: none are sent,
   * for a StackStorm with authentication off.
   */
  credentials: St2Credentials | undefined;
  /** Lower-precedence credentials also configured, named in `describeCredentials`. */
  ignoredCredentials?: readonly St2CredentialKind[] | undefined;
  /** Lifetime of tokens from username/password, in seconds (st2 default when absent). */
  tokenTtl?: number | undefined;
  /** Check st2's TLS certificate (default true). Affects st2 connections only. */
  verifyCert?: boolean | undefined;
  /** Extra trusted CA: PEM text or a file path. */
  caCert?: string | undefined;
  /** Client certificate for mutual TLS: PEM text or a file path (with `clientKey`). */
  clientCert?: string | undefined;
  /** Key of the client certificate: PEM text or a file path. */
  clientKey?: string | undefined;
  /** Deadline of each call in ms (default 30 s). */
  timeoutMs?: number | undefined;
  /** Time source (tests drive a manual clock). */
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
  kind: St2CredentialKind | 'none';
  /** The st2 user a username/password token was issued to. */
  user?: string;
  /** Expiry of that token, ms since the epoch. */
  tokenExpiresAt?: number;
}

/** A rule (`GET /rules`), as far as a bot looks at it: which trigger leads to which action. */
export interface St2Rule {
  id?: string;
  ref?: string;
  name: string;
  pack: string;
  description?: string;
  enabled?: boolean;
  trigger?: { type?: string; ref?: string; parameters?: Record<string, unknown> };
  criteria?: Record<string, unknown>;
  action?: { ref?: string; parameters?: Record<string, unknown> };
  [key: string]: unknown;
}

/** Filters of `GET /rules`. */
export interface St2RuleFilter {
  /** Trigger (type) ref, e.g. `core.st2.generic.notifytrigger`. */
  trigger?: string;
  /** Action ref the rules run. */
  action?: string;
  pack?: string;
  enabled?: boolean;
  /** Page size (st2 default 100); `-1` for all (admins only when RBAC is on). */
  limit?: number;
}

interface Shared {
  http: St2HttpContext;
  apiUrl: string;
  authUrl: string;
  streamUrl: string;
  logger: Logger;
  dispatcher: Agent;
}

type Query = Record<string, string | number | boolean | undefined>;

/** An answer of one attempt: its status, and how to read it as an error. */
interface Attempt<R> {
  status: number;
  result: R;
  raw: () => Promise<St2RawResponse>;
}

const trimmed = (url: string): string => new URL(url).href.replace(/\/+$/, '');

/** See the module comment. */
export class St2Client {
  private readonly shared: Shared;
  private readonly session: CredentialSession;
  private readonly ignored: St2CredentialKind[];
  private readonly ownsDispatcher: boolean;

  /**
   * Build the bot-wide client from validated options; throws StartupError when a TLS file cannot
   * be read. `child` is how `withCredentials` builds its clients; call that instead.
   */
  constructor(
    private readonly options: St2ClientOptions,
    child?: { parent: St2Client; credentials: St2Credentials },
  ) {
    if (child) {
      this.shared = child.parent.shared;
      this.ownsDispatcher = false;
      this.ignored = [];
      this.session = new CredentialSession(child.credentials, {
        http: this.shared.http,
        authUrl: this.shared.authUrl,
        logger: this.shared.logger,
        tokenTtl: options.tokenTtl,
        botWide: false,
      });
      return;
    }
    const dispatcher = createSt2Dispatcher(options);
    this.shared = {
      http: {
        dispatcher,
        clock: options.clock ?? systemClock,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        userAgent: 'stormbot',
      },
      apiUrl: trimmed(options.apiUrl),
      authUrl: trimmed(options.authUrl),
      streamUrl: trimmed(options.streamUrl),
      logger: options.logger,
      dispatcher,
    };
    this.ownsDispatcher = true;
    this.ignored = [...(options.ignoredCredentials ?? [])];
    this.session = new CredentialSession(options.credentials, {
      http: this.shared.http,
      authUrl: this.shared.authUrl,
      logger: options.logger,
      tokenTtl: options.tokenTtl,
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
  describeCredentials(): CredentialsDescription {
    return describeCredentials(this.session.credentials, this.ignored);
  }

  /** The clock the client uses (the stream shares it). */
  get clock(): Clock {
    return this.shared.http.clock;
  }

  /** Close the connections, aborting calls in flight (only the bot-wide client owns them). */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.shared.dispatcher.destroy();
  }

  // ---- calls -------------------------------------------------------------------------------

  /** Every alias (`GET /actionalias?limit=-1`), disabled ones included. */
  async listAliases(opts?: St2CallOptions): Promise<ActionAlias[]> {
    const raw = await this.call('GET', this.api('/actionalias', { limit: -1 }), undefined, opts);
    return this.array<ActionAlias>(raw);
  }

  /** Execute an alias (`POST /aliasexecution`); a rendered `ack.extra` is kept when an object. */
  async executeAlias(
    request: AliasExecutionRequest,
    opts?: St2CallOptions,
  ): Promise<AliasExecutionResult> {
    const raw = await this.call('POST', this.api('/aliasexecution'), request, opts);
    const { extra, ...result } = this.object<AliasExecutionResult & { extra?: unknown }>(raw);
    return isObject(extra) ? { ...result, extra } : result;
  }

  /** One execution (`GET /executions/{id}`); `last` is the most recent. */
  async getExecution(id: string, opts?: St2CallOptions): Promise<Execution> {
    const raw = await this.call('GET', this.api(`/executions/${enc(id)}`), undefined, opts);
    return this.object<Execution>(raw);
  }

  /** Run one action (`POST /executions`, docs/reference/st2-api.md §5.2). */
  async runAction(request: ActionExecutionRequest, opts?: St2CallOptions): Promise<Execution> {
    return this.object<Execution>(await this.call('POST', this.api('/executions'), request, opts));
  }

  /**
   * Cancel an execution (`DELETE /executions/{id}`): the execution as st2 left it (`canceling`,
   * `canceled`). st2 answers a completed one with 200 and only a faultstring (§5.4): that is
   * rejected as a `bad_request` St2HttpError carrying it.
   */
  async cancelExecution(id: string, opts?: St2CallOptions): Promise<Execution> {
    const raw = await this.call('DELETE', this.api(`/executions/${enc(id)}`), undefined, opts);
    const body = this.object<Execution & { faultstring?: unknown }>(raw);
    if (typeof body.faultstring === 'string' && typeof body.id !== 'string') {
      throw new St2HttpError('bad_request', `st2 refused to cancel: ${body.faultstring}`, {
        status: raw.status,
        faultstring: body.faultstring,
        requestId: raw.requestId,
        operation: raw.operation,
      });
    }
    return body;
  }

  /** The open inquiries (`GET /inquiries`), at most `limit` (st2's default page is 100). */
  async listInquiries(limit?: number, opts?: St2CallOptions): Promise<Inquiry[]> {
    const raw = await this.call('GET', this.api('/inquiries', { limit }), undefined, opts);
    return this.array<Inquiry>(raw);
  }

  /** One open inquiry (`GET /inquiries/{id}`); st2 answers 400 once it is answered or expired. */
  async getInquiry(id: string, opts?: St2CallOptions): Promise<Inquiry> {
    const raw = await this.call('GET', this.api(`/inquiries/${enc(id)}`), undefined, opts);
    return this.object<Inquiry>(raw);
  }

  /** Answer an inquiry (`PUT /inquiries/{id}` with `{id, response}`). */
  async respondToInquiry(
    id: string,
    response: Record<string, unknown>,
    opts?: St2CallOptions,
  ): Promise<InquiryResponse> {
    const url = this.api(`/inquiries/${enc(id)}`);
    return this.object<InquiryResponse>(await this.call('PUT', url, { id, response }, opts));
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

  /**
   * Exchange a username and password for a token, without keeping or renewing it: for people
   * signing in on the login page. Rejects with St2AuthError when st2 refuses the login.
   */
  createToken(
    username: string,
    password: string,
    ttlSeconds?: number,
    opts?: St2CallOptions,
  ): Promise<St2Token> {
    return requestToken(this.shared.http, this.shared.authUrl, username, password, {
      ttlSeconds,
      ...opts,
    });
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
      kind: this.session.credentials?.kind ?? 'none',
      ...(token ? { user: token.user, tokenExpiresAt: token.expiresAt } : {}),
    };
  }

  /**
   * Open the event stream (`GET {stream_url}/stream` with `query`), authenticated like any call.
   * Resolves once st2 answered 200 with headers; the body is the caller's to read and to close
   * with `signal`.
   */
  openStream(query: Query, opts?: St2CallOptions): Promise<St2OpenResponse> {
    const url = this.url(this.shared.streamUrl, '/stream', query);
    return this.send(async (headers) => {
      const opened = await open(this.shared.http, {
        method: 'GET',
        url,
        headers: { ...headers, accept: 'text/event-stream' },
        signal: opts?.signal,
        timeoutMs: opts?.timeoutMs,
      });
      return { status: opened.response.status, result: opened, raw: () => readError(opened) };
    });
  }

  // ---- plumbing ----------------------------------------------------------------------------

  private call(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: URL,
    body: unknown,
    opts: St2CallOptions | undefined,
  ): Promise<St2RawResponse> {
    return this.send(async (headers) => {
      const raw = await exchange(this.shared.http, {
        method,
        url,
        headers,
        body,
        signal: opts?.signal,
        timeoutMs: opts?.timeoutMs,
      });
      return { status: raw.status, result: raw, raw: () => Promise.resolve(raw) };
    });
  }

  /**
   * The one request path: send with the session's headers; a 2xx is a success; a 401 with
   * username/password logs in again and retries once; any other answer is a coded error.
   */
  private async send<R>(
    attempt: (headers: Record<string, string>) => Promise<Attempt<R>>,
  ): Promise<R> {
    for (let retry = 0; ; retry++) {
      const auth = await this.session.headers();
      const answer = await attempt(auth.headers);
      if (answer.status >= 200 && answer.status < 300) {
        this.session.succeeded();
        return answer.result;
      }
      const raw = await answer.raw();
      if (raw.status === 401 && this.session.renewable && retry === 0) {
        this.shared.logger.info({ requestId: raw.requestId }, 'st2 answered 401; logging in again');
        this.session.invalidate(auth.generation);
        continue;
      }
      if (raw.status === 401) throw this.session.rejected(raw, retry > 0);
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
    if (!isObject(raw.json)) throw invalidResponse(raw, 'a body that is not a JSON object');
    return raw.json as T;
  }

  private array<T>(raw: St2RawResponse): T[] {
    if (!Array.isArray(raw.json)) throw invalidResponse(raw, 'a body that is not a JSON array');
    return raw.json as T[];
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
