/**
 * The session manager: one-time sign-in links, login attempts, and the credentials they yield.
 */
import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../core/clock.js';
import { CommandError, toError } from '../core/errors.js';
import type { Principal } from '../core/identity.js';
import type { Logger } from '../log.js';
import { parseSt2Time } from '../stackstorm/model.js';
import { SecretDecryptError } from './store/errors.js';
import type { StoreNamespace } from './store/types.js';
import { LoginCode, outcome, type LoginCodeValue } from './codes.js';
import {
  associationSchema,
  associationSummary,
  credentialRecordSchema,
  keys,
  linkRecordSchema,
  linkSummary,
  parseRecord,
  principalKey,
  toCredentials,
  toRecord,
  type AssociationRecord,
  type LinkRecord,
} from './records.js';
import { TokenBucketLimiter, type TokenBucketOptions } from './rate-limit.js';
import {
  DEFAULT_SCRYPT,
  MAX_SECRET_WORD_LENGTH,
  hashSecretWord,
  normaliseSecretWord,
  verifySecretWord,
  type ScryptParams,
} from './secret-word.js';
import type {
  LoginAttempt,
  LoginMethod,
  LoginOutcome,
  LoginService,
  SessionStatus,
  SessionSummary,
  St2UserCredentials,
} from './types.js';
import {
  CredentialCheckUnavailableError,
  CredentialRejectedError,
  type CredentialValidator,
} from './validator.js';

/** Options of `SessionManager`. */
export interface SessionManagerOptions {
  /** Plain namespace for links and association facts (no credentials are written here). */
  readonly sessions: StoreNamespace;
  /** Encrypted namespace for tokens and API keys. */
  readonly secrets: StoreNamespace;
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

/** How long one attempt may hold a link before another may try (covers the st2 round trip). */
const CLAIM_TTL_MS = 60_000;
/** Expired tokens' facts are kept this long so `status` can say "expired" rather than "none". */
const EXPIRED_FACTS_MS = 30 * 24 * 3600_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True when `id` has the shape of a sign-in link id (a lower-case UUID). */
export function isSessionId(id: string): boolean {
  return UUID.test(id);
}

const REJECTED: Record<LoginMethod, string> = {
  password: 'StackStorm did not accept that username and password.',
  token: 'StackStorm did not accept that token (it may be unknown or expired).',
  apikey: 'StackStorm did not accept that API key (it may be unknown or disabled).',
};

/** The client-side sign-in service over a key/value store. */
export class SessionManager implements LoginService {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly limiter: TokenBucketLimiter;
  private readonly ttlMs: number;
  private readonly tokenTtl: number;
  private readonly maxFailures: number;

  constructor(private readonly options: SessionManagerOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = options.logger.child({ component: 'sessions' });
    this.ttlMs = (options.sessionTtlSeconds ?? 3600) * 1000;
    this.tokenTtl = options.userTokenTtlSeconds ?? 86400;
    this.maxFailures = options.maxFailures ?? 5;
    this.limiter = new TokenBucketLimiter(
      this.clock,
      options.perAddress ?? { burst: 10, refillEveryMs: 30_000 },
    );
    if (!(this.ttlMs > 0) || !(this.tokenTtl >= 1) || !(this.maxFailures >= 1)) {
      throw new RangeError('session_ttl, user_token_ttl and maxFailures must be positive');
    }
  }

  /** The base URL links start with, always ending in `/`. */
  get baseUrl(): string {
    const base =
      typeof this.options.baseUrl === 'function' ? this.options.baseUrl() : this.options.baseUrl;
    return base.endsWith('/') ? base : `${base}/`;
  }

  async start(
    principal: Principal,
    secretWord: string,
  ): Promise<{ url: string; expiresAt: number }> {
    const word = normaliseSecretWord(secretWord);
    if (!word)
      throw new CommandError(
        'Please give a secret word: you will type it again on the login page.',
      );
    if (word.length > MAX_SECRET_WORD_LENGTH) {
      throw new CommandError(
        `The secret word is too long (at most ${MAX_SECRET_WORD_LENGTH} characters).`,
      );
    }
    const { sessions } = this.options;
    const pkey = principalKey(principal);
    const previous = await sessions.get(keys.pending(pkey));
    if (previous) await sessions.delete(keys.link(previous));

    const id = randomUUID();
    const now = this.clock.now();
    const link: LinkRecord = {
      v: 1,
      id,
      principal: {
        backend: principal.backend,
        id: principal.id,
        name: principal.name,
        aclKey: principal.aclKey,
      },
      secretHash: await hashSecretWord(word, this.options.scrypt ?? DEFAULT_SCRYPT),
      createdAt: now,
      expiresAt: now + this.ttlMs,
      failures: 0,
    };
    await sessions.set(keys.link(id), JSON.stringify(link), { ttlMs: this.ttlMs });
    await sessions.set(keys.pending(pkey), id, { ttlMs: this.ttlMs });
    this.log.info(
      { session: shortId(id), user: principal.aclKey, backend: principal.backend },
      'sign-in link issued',
    );
    return { url: `${this.baseUrl}login/${id}`, expiresAt: link.expiresAt };
  }

  async authenticate(
    id: string,
    attempt: LoginAttempt,
    clientAddress: string,
  ): Promise<LoginOutcome> {
    const address = clientAddress || 'unknown';
    try {
      if (!isSessionId(id))
        return this.refuse(
          id,
          address,
          LoginCode.SessionInvalid,
          'This sign-in link is not valid.',
        );
      if (!this.limiter.take(address)) {
        const seconds = Math.ceil(this.limiter.retryAfterMs(address) / 1000);
        return this.refuse(
          id,
          address,
          LoginCode.RateLimited,
          `Too many sign-in attempts from your address. Try again in ${seconds} seconds.`,
        );
      }
      const problem = payloadProblem(attempt);
      if (problem)
        return this.refuse(
          id,
          address,
          LoginCode.InvalidPayload,
          `Invalid authentication payload: ${problem}`,
        );

      const { sessions } = this.options;
      const unusable = await this.unusableLink(id);
      if (unusable) return this.refuse(id, address, LoginCode.SessionInvalid, unusable);
      if (!(await sessions.setIfAbsent(keys.claim(id), '1', { ttlMs: CLAIM_TTL_MS }))) {
        return this.refuse(
          id,
          address,
          LoginCode.SessionInvalid,
          'Another sign-in with this link is in progress. Try again in a moment.',
        );
      }
      try {
        return await this.attemptClaimed(id, attempt, address);
      } finally {
        await sessions.delete(keys.claim(id));
      }
    } catch (error) {
      this.log.error(
        { err: toError(error), session: shortId(id), clientAddress: address },
        'sign-in failed unexpectedly',
      );
      return outcome(
        LoginCode.Unexpected,
        'Something went wrong on the bot. An operator can find the details in its log.',
      );
    }
  }

  async credentialsFor(principal: Principal): Promise<St2UserCredentials | undefined> {
    const pkey = principalKey(principal);
    const association = await this.association(pkey);
    if (association?.state !== 'active') return undefined;
    if (association.expiresAt !== undefined && association.expiresAt <= this.clock.now()) {
      await this.expire(pkey, association, 'token expiry passed');
      return undefined;
    }
    let stored: string | undefined;
    try {
      stored = await this.options.secrets.get(keys.credentials(pkey));
    } catch (error) {
      if (!(error instanceof SecretDecryptError)) throw error;
      // Tampered, moved, or sealed with another key: unusable, so ask the person to sign in again.
      this.log.error(
        { user: principal.aclKey, reason: error.message },
        'stored credentials cannot be decrypted',
      );
      await this.expire(pkey, association, 'stored credentials cannot be decrypted');
      return undefined;
    }
    const parsed = parseRecord(credentialRecordSchema, stored);
    if (parsed.malformed)
      this.log.error({ user: principal.aclKey }, 'stored credentials are malformed; ignoring them');
    if (parsed.value?.sessionId !== association.id) {
      await this.expire(pkey, association, 'credentials missing from the secret store');
      return undefined;
    }
    return toCredentials(parsed.value);
  }

  async status(principal: Principal): Promise<SessionStatus> {
    const pkey = principalKey(principal);
    const association = await this.association(pkey);
    if (association?.state === 'active') {
      if (association.expiresAt === undefined || association.expiresAt > this.clock.now()) {
        return { state: 'active', session: associationSummary(association) };
      }
      await this.expire(pkey, association, 'token expiry passed');
    }
    const pendingId = await this.options.sessions.get(keys.pending(pkey));
    const link = pendingId ? await this.link(pendingId) : undefined;
    if (link && link.expiresAt > this.clock.now())
      return { state: 'pending', session: linkSummary(link) };
    const current = await this.association(pkey);
    if (current) return { state: current.state, session: associationSummary(current) };
    return { state: 'none' };
  }

  async end(principal: Principal): Promise<boolean> {
    const { sessions, secrets } = this.options;
    const pkey = principalKey(principal);
    let existed = false;
    const pendingId = await sessions.get(keys.pending(pkey));
    if (pendingId) existed = (await sessions.delete(keys.link(pendingId))) || existed;
    existed = (await sessions.delete(keys.pending(pkey))) || existed;
    existed = (await sessions.delete(keys.association(pkey))) || existed;
    existed = (await secrets.delete(keys.credentials(pkey))) || existed;
    if (existed)
      this.log.info(
        { user: principal.aclKey, backend: principal.backend },
        'session ended by its owner',
      );
    return existed;
  }

  async list(): Promise<SessionSummary[]> {
    const { sessions } = this.options;
    const now = this.clock.now();
    const out: SessionSummary[] = [];
    for (const key of await sessions.keys()) {
      if (key.startsWith('link:')) {
        const link = parseRecord(linkRecordSchema, await sessions.get(key)).value;
        if (link && link.expiresAt > now) out.push(linkSummary(link));
      } else if (key.startsWith('assoc:')) {
        const association = parseRecord(associationSchema, await sessions.get(key)).value;
        if (association) out.push(associationSummary(association));
      }
    }
    return out.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  async cancel(id: string): Promise<SessionSummary | undefined> {
    const { sessions, secrets } = this.options;
    const link = isSessionId(id) ? await this.link(id) : undefined;
    if (link) {
      const pkey = principalKey(link.principal);
      await sessions.delete(keys.link(id));
      if ((await sessions.get(keys.pending(pkey))) === id)
        await sessions.delete(keys.pending(pkey));
      this.log.info(
        { session: shortId(id), user: link.principal.aclKey },
        'sign-in link cancelled by an admin',
      );
      return linkSummary(link);
    }
    for (const key of await sessions.keys()) {
      if (!key.startsWith('assoc:')) continue;
      const association = parseRecord(associationSchema, await sessions.get(key)).value;
      if (association?.id !== id) continue;
      const pkey = principalKey(association.principal);
      await sessions.delete(keys.association(pkey));
      await secrets.delete(keys.credentials(pkey));
      this.log.info(
        { session: shortId(id), user: association.principal.aclKey },
        'session cancelled by an admin',
      );
      return associationSummary(association);
    }
    return undefined;
  }

  async markExpired(principal: Principal): Promise<void> {
    const pkey = principalKey(principal);
    const association = await this.association(pkey);
    if (association) await this.expire(pkey, association, 'StackStorm rejected the credentials');
    else await this.options.secrets.delete(keys.credentials(pkey));
  }

  /** Why the link cannot be used, or undefined when it can (checked again under the claim). */
  private async unusableLink(id: string): Promise<string | undefined> {
    const link = await this.link(id);
    if (link && link.expiresAt > this.clock.now()) return undefined;
    if (link) await this.options.sessions.delete(keys.link(id));
    if (await this.options.sessions.get(keys.used(id)))
      return 'This sign-in link has already been used. Ask the bot for a new one.';
    return 'This sign-in link is not valid or has expired. Ask the bot for a new one.';
  }

  private async attemptClaimed(
    id: string,
    attempt: LoginAttempt,
    address: string,
  ): Promise<LoginOutcome> {
    const unusable = await this.unusableLink(id);
    const link = await this.link(id);
    if (unusable || !link)
      return this.refuse(
        id,
        address,
        LoginCode.SessionInvalid,
        unusable ?? 'This sign-in link is not valid.',
      );

    if (!(await verifySecretWord(attempt.secretWord, link.secretHash))) {
      return this.fail(
        link,
        address,
        LoginCode.WrongSecretWord,
        'The secret word does not match the one you gave the bot.',
      );
    }

    let credentials: St2UserCredentials;
    try {
      credentials = await this.validate(attempt);
    } catch (error) {
      if (error instanceof CredentialRejectedError) {
        return this.fail(link, address, LoginCode.InvalidCredentials, REJECTED[attempt.method]);
      }
      if (error instanceof CredentialCheckUnavailableError) {
        this.log.warn(
          { session: shortId(id), reason: error.message },
          'StackStorm unavailable during sign-in',
        );
        return outcome(
          LoginCode.StackStormUnavailable,
          'StackStorm could not be reached to check your credentials. Try again in a moment.',
        );
      }
      throw error;
    }
    return this.associate(link, attempt.method, credentials);
  }

  private async validate(attempt: LoginAttempt): Promise<St2UserCredentials> {
    const { validator } = this.options;
    switch (attempt.method) {
      case 'password': {
        const issued = await validator.passwordLogin(
          attempt.username ?? '',
          attempt.password ?? '',
          this.tokenTtl,
        );
        return { kind: 'token', token: issued.token, user: issued.user, expiry: issued.expiry };
      }
      case 'token': {
        const token = (attempt.token ?? '').trim();
        const who = await validator.validateToken(token);
        return { kind: 'token', token, user: who.user, expiry: who.expiry };
      }
      case 'apikey': {
        const apiKey = (attempt.apiKey ?? '').trim();
        const who = await validator.validateApiKey(apiKey);
        return { kind: 'apiKey', apiKey, user: who.user };
      }
    }
  }

  private async associate(
    link: LinkRecord,
    method: LoginMethod,
    credentials: St2UserCredentials,
  ): Promise<LoginOutcome> {
    const { sessions, secrets } = this.options;
    const now = this.clock.now();
    const pkey = principalKey(link.principal);
    const expiry =
      credentials.kind === 'token'
        ? credentials.expiry
          ? parseSt2Time(credentials.expiry)
          : undefined
        : undefined;
    if (expiry !== undefined && expiry <= now) {
      return this.fail(link, '', LoginCode.InvalidCredentials, REJECTED[method]);
    }
    await sessions.set(keys.used(link.id), '1', { ttlMs: Math.max(this.ttlMs, 3600_000) });
    await sessions.delete(keys.link(link.id));
    if ((await sessions.get(keys.pending(pkey))) === link.id)
      await sessions.delete(keys.pending(pkey));

    const record = toRecord(credentials, link.id);
    const ttl = expiry === undefined ? undefined : { ttlMs: expiry - now };
    await secrets.set(keys.credentials(pkey), JSON.stringify(record), ttl);
    const association: AssociationRecord = {
      v: 1,
      id: link.id,
      principal: link.principal,
      method,
      st2User: credentials.user,
      createdAt: now,
      expiresAt: expiry,
      state: 'active',
    };
    await sessions.set(
      keys.association(pkey),
      JSON.stringify(association),
      expiry === undefined ? undefined : { ttlMs: expiry - now + EXPIRED_FACTS_MS },
    );
    this.log.info(
      {
        session: shortId(link.id),
        user: link.principal.aclKey,
        backend: link.principal.backend,
        method,
        st2User: credentials.user,
      },
      'StackStorm credentials associated',
    );
    const who = credentials.user ? ` for StackStorm user "${credentials.user}"` : '';
    return outcome(
      LoginCode.Success,
      `Successfully associated StackStorm credentials${who}. You can close this page and go back to the chat.`,
    );
  }

  /** Count a failed attempt against the link; burn it once the limit is reached. */
  private async fail(
    link: LinkRecord,
    address: string,
    code: LoginCodeValue,
    reason: string,
  ): Promise<LoginOutcome> {
    const { sessions } = this.options;
    const failures = link.failures + 1;
    const left = this.maxFailures - failures;
    if (left <= 0) {
      await sessions.delete(keys.link(link.id));
      const pkey = principalKey(link.principal);
      if ((await sessions.get(keys.pending(pkey))) === link.id)
        await sessions.delete(keys.pending(pkey));
      this.log.warn(
        {
          session: shortId(link.id),
          user: link.principal.aclKey,
          clientAddress: address || undefined,
        },
        'sign-in link burned after too many failed attempts',
      );
      return outcome(
        LoginCode.TooManyAttempts,
        `${reason} That was the last attempt: this link no longer works. Ask the bot for a new one.`,
      );
    }
    const remaining = link.expiresAt - this.clock.now();
    if (remaining > 0) {
      await sessions.set(keys.link(link.id), JSON.stringify({ ...link, failures }), {
        ttlMs: remaining,
      });
    }
    return this.refuse(
      link.id,
      address,
      code,
      `${reason} ${left} attempt${left === 1 ? '' : 's'} left with this link.`,
    );
  }

  private refuse(id: string, address: string, code: LoginCodeValue, message: string): LoginOutcome {
    this.log.warn(
      {
        session: isSessionId(id) ? shortId(id) : 'malformed',
        clientAddress: address || undefined,
        code,
      },
      'sign-in refused',
    );
    return outcome(code, message);
  }

  private async link(id: string): Promise<LinkRecord | undefined> {
    const parsed = parseRecord(linkRecordSchema, await this.options.sessions.get(keys.link(id)));
    if (parsed.malformed)
      this.log.error({ session: shortId(id) }, 'malformed sign-in link record ignored');
    return parsed.value;
  }

  private async association(pkey: string): Promise<AssociationRecord | undefined> {
    const parsed = parseRecord(
      associationSchema,
      await this.options.sessions.get(keys.association(pkey)),
    );
    if (parsed.malformed) this.log.error('malformed session record ignored');
    return parsed.value;
  }

  private async expire(
    pkey: string,
    association: AssociationRecord,
    reason: string,
  ): Promise<void> {
    await this.options.secrets.delete(keys.credentials(pkey));
    const expired: AssociationRecord = { ...association, state: 'expired' };
    await this.options.sessions.set(keys.association(pkey), JSON.stringify(expired), {
      ttlMs: EXPIRED_FACTS_MS,
    });
    this.log.info(
      { session: shortId(association.id), user: association.principal.aclKey, reason },
      'StackStorm session expired',
    );
  }
}

/** What is missing from an attempt, or undefined when it is complete. */
function payloadProblem(attempt: LoginAttempt): string | undefined {
  if (!normaliseSecretWord(attempt.secretWord)) return 'type the secret word you gave the bot.';
  if (attempt.secretWord.length > MAX_SECRET_WORD_LENGTH * 4) return 'the secret word is too long.';
  switch (attempt.method) {
    case 'password':
      return attempt.username?.trim() && attempt.password
        ? undefined
        : 'type your StackStorm username and password.';
    case 'token':
      return attempt.token?.trim() ? undefined : 'paste a StackStorm user token.';
    case 'apikey':
      return attempt.apiKey?.trim() ? undefined : 'paste a StackStorm API key.';
    default:
      return 'choose a way to sign in: password, token or apikey.';
  }
}

/** The first block of a session id: enough to find it in logs, not enough to use it. */
function shortId(id: string): string {
  return id.slice(0, 8);
}
