/**
 * Client-side sign-in as one service: sign-in links (`links.ts`), the login page's verification
 * (`login.ts`) and the credentials it yields (`credentials.ts`), each over its own namespaces.
 */
import { systemClock, type Clock } from '../core/clock.js';
import type { Principal } from '../core/identity.js';
import type { Logger } from '../log.js';
import type { SecretStore } from '../store/secret-store.js';
import type { KeyValueStore } from '../store/types.js';
import { StoredCredentials } from './credentials.js';
import { SignInLinks, linkSummary } from './links.js';
import { Login } from './login.js';
import type { TokenBucketOptions } from './rate-limit.js';
import { DEFAULT_SCRYPT, type ScryptParams } from './secret-word.js';
import type {
  LoginAttempt,
  LoginOutcome,
  LoginService,
  SessionStatus,
  SessionSummary,
  St2UserCredentials,
} from './types.js';
import type { CredentialValidator } from './validator.js';

/** Options of `SessionManager`. */
export interface SessionManagerOptions {
  /** Plain store for links and association facts (no credentials are written here). */
  readonly store: KeyValueStore;
  /** Encrypted store for tokens and API keys. */
  readonly secrets: SecretStore;
  /** Checks what people type on the login page against StackStorm. */
  readonly validator: CredentialValidator;
  /**
   * The public base URL of the bot's web server, ending in `/` (added when missing); links are
   * `<baseUrl>login/<uuid>`. A function when the URL is known only once the server listens.
   */
  readonly baseUrl: string | (() => string);
  /** How long a sign-in link works, in seconds (err-stackstorm `session_ttl`, default 3600). */
  readonly sessionTtlSeconds?: number | undefined;
  /** `ttl` asked for when a username and password are exchanged for a token (default 86400). */
  readonly userTokenTtlSeconds?: number | undefined;
  /** Failed attempts (wrong secret word or credentials) after which a link stops working (5). */
  readonly maxFailures?: number | undefined;
  /** Attempts per client address: burst 10, then one every 30 s by default. */
  readonly perAddress?: TokenBucketOptions | undefined;
  /** scrypt cost of secret-word hashes (tests lower it). */
  readonly scrypt?: ScryptParams | undefined;
  readonly clock?: Clock | undefined;
  readonly logger: Logger;
}

/** The client-side sign-in service over a key/value store. */
export class SessionManager implements LoginService {
  private readonly links: SignInLinks;
  private readonly login: Login;
  private readonly credentials: StoredCredentials;
  private readonly log: Logger;

  constructor(options: SessionManagerOptions) {
    const clock = options.clock ?? systemClock;
    const log = options.logger.child({ component: 'sessions' });
    const ttlMs = (options.sessionTtlSeconds ?? 3600) * 1000;
    const userTokenTtlSeconds = options.userTokenTtlSeconds ?? 86400;
    const maxFailures = options.maxFailures ?? 5;
    if (!(ttlMs > 0) || !(userTokenTtlSeconds >= 1) || !(maxFailures >= 1)) {
      throw new RangeError('session_ttl, user_token_ttl and maxFailures must be positive');
    }
    this.log = log;
    this.links = new SignInLinks({
      store: options.store,
      baseUrl: options.baseUrl,
      ttlMs,
      scrypt: options.scrypt ?? DEFAULT_SCRYPT,
      clock,
      log,
    });
    this.credentials = new StoredCredentials({
      store: options.store,
      secrets: options.secrets,
      clock,
      log,
    });
    this.login = new Login({
      links: this.links,
      credentials: this.credentials,
      validator: options.validator,
      userTokenTtlSeconds,
      maxFailures,
      perAddress: options.perAddress ?? { burst: 10, refillEveryMs: 30_000 },
      clock,
      log,
    });
  }

  start(principal: Principal, secretWord: string): Promise<{ url: string; expiresAt: number }> {
    return this.links.issue(principal, secretWord);
  }

  authenticate(id: string, attempt: LoginAttempt, clientAddress: string): Promise<LoginOutcome> {
    return this.login.authenticate(id, attempt, clientAddress);
  }

  credentialsFor(principal: Principal): Promise<St2UserCredentials | undefined> {
    return this.credentials.lookup(principal);
  }

  async status(principal: Principal): Promise<SessionStatus> {
    const session = await this.credentials.session(principal);
    if (session?.state === 'active') return { state: 'active', session };
    const link = await this.links.pendingFor(principal);
    if (link) return { state: 'pending', session: linkSummary(link) };
    return session ? { state: session.state, session } : { state: 'none' };
  }

  async end(principal: Principal): Promise<boolean> {
    const link = await this.links.discard(principal);
    const credentials = await this.credentials.remove(principal);
    if (link || credentials)
      this.log.info(
        { user: principal.aclKey, backend: principal.backend },
        'session ended by its owner',
      );
    return link || credentials;
  }

  async list(): Promise<SessionSummary[]> {
    const all = [...(await this.links.list()), ...(await this.credentials.list())];
    return all.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  async cancel(id: string): Promise<SessionSummary | undefined> {
    return (await this.links.cancel(id)) ?? (await this.credentials.cancel(id));
  }

  markExpired(principal: Principal): Promise<void> {
    return this.credentials.markExpired(principal);
  }
}
