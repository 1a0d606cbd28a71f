/**
 * The login page's verification of one attempt: rate limit per address, a complete payload, a
 * usable link held by this attempt alone, the secret word, then StackStorm's word on the
 * credentials. Failed attempts count against the link until it is burned.
 */
import { systemClock, type Clock } from '../core/clock.js';
import { toError } from '../core/errors.js';
import type { Logger } from '../log.js';
import { LoginCode, outcome, type LoginCodeValue } from './codes.js';
import { expiryOf, type StoredCredentials } from './credentials.js';
import { isSessionId, type LinkRecord, type SignInLinks } from './links.js';
import { TokenBucketLimiter } from './rate-limit.js';
import { shortId } from './records.js';
import { MAX_SECRET_WORD_LENGTH, normaliseSecretWord, verifySecretWord } from './secret-word.js';
import type {
  LoginAttempt,
  LoginMethod,
  LoginOutcome,
  SessionManagerOptions,
  St2UserCredentials,
} from './types.js';
import { CredentialCheckUnavailableError, CredentialRejectedError } from './validator.js';

const INVALID = 'This sign-in link is not valid.';
const REJECTED: Record<LoginMethod, string> = {
  password: 'StackStorm did not accept that username and password.',
  token: 'StackStorm did not accept that token (it may be unknown or expired).',
  apikey: 'StackStorm did not accept that API key (it may be unknown or disabled).',
};

/** Verifies login attempts and, on success, stores the credentials. */
export class Login {
  private readonly limiter: TokenBucketLimiter;
  private readonly clock: Clock;
  private readonly userTokenTtlSeconds: number;
  private readonly maxFailures: number;

  constructor(
    private readonly options: SessionManagerOptions,
    private readonly links: SignInLinks,
    private readonly credentials: StoredCredentials,
    private readonly log: Logger,
  ) {
    this.clock = options.clock ?? systemClock;
    this.userTokenTtlSeconds = options.userTokenTtlSeconds ?? 86400;
    this.maxFailures = options.maxFailures ?? 5;
    if (!(this.userTokenTtlSeconds >= 1) || !(this.maxFailures >= 1)) {
      throw new RangeError('user_token_ttl and maxFailures must be positive');
    }
    const perAddress = options.perAddress ?? { burst: 10, refillEveryMs: 30_000 };
    this.limiter = new TokenBucketLimiter(this.clock, perAddress);
  }

  /** Check one attempt for the link `id`. Never throws: every outcome is a `LoginOutcome`. */
  async authenticate(
    id: string,
    attempt: LoginAttempt,
    clientAddress: string,
  ): Promise<LoginOutcome> {
    const address = clientAddress || 'unknown';
    const refuse = (code: LoginCodeValue, message: string) =>
      this.refuse(id, address, code, message);
    try {
      if (!isSessionId(id)) return refuse(LoginCode.SessionInvalid, INVALID);
      if (!this.limiter.take(address)) {
        const seconds = Math.ceil(this.limiter.retryAfterMs(address) / 1000);
        return refuse(
          LoginCode.RateLimited,
          `Too many sign-in attempts from your address. Try again in ${seconds} seconds.`,
        );
      }
      const problem = payloadProblem(attempt);
      if (problem)
        return refuse(LoginCode.InvalidPayload, `Invalid authentication payload: ${problem}`);

      const { links } = this;
      const unusable = await links.unusable(id);
      if (unusable) return refuse(LoginCode.SessionInvalid, unusable);
      if (!(await links.claim(id))) {
        return refuse(
          LoginCode.SessionInvalid,
          'Another sign-in with this link is in progress. Try again in a moment.',
        );
      }
      try {
        return await this.attemptClaimed(id, attempt, address);
      } finally {
        await links.release(id);
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

  private async attemptClaimed(
    id: string,
    attempt: LoginAttempt,
    address: string,
  ): Promise<LoginOutcome> {
    const { links } = this;
    const unusable = await links.unusable(id);
    const link = await links.find(id);
    if (unusable || !link)
      return this.refuse(id, address, LoginCode.SessionInvalid, unusable ?? INVALID);

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
    const expiresAt = expiryOf(credentials);
    if (expiresAt !== undefined && expiresAt <= this.clock.now()) {
      return this.fail(link, '', LoginCode.InvalidCredentials, REJECTED[attempt.method]);
    }
    await links.markUsed(link);
    await this.credentials.save(link, attempt.method, credentials, expiresAt);
    const who = credentials.user ? ` for StackStorm user "${credentials.user}"` : '';
    return outcome(
      LoginCode.Success,
      `Successfully associated StackStorm credentials${who}. You can close this page and go back to the chat.`,
    );
  }

  private async validate(attempt: LoginAttempt): Promise<St2UserCredentials> {
    const { validator } = this.options;
    switch (attempt.method) {
      case 'password': {
        const issued = await validator.passwordLogin(
          attempt.username ?? '',
          attempt.password ?? '',
          this.userTokenTtlSeconds,
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

  /** Count a failed attempt against the link; burn it once the limit is reached. */
  private async fail(
    link: LinkRecord,
    address: string,
    code: LoginCodeValue,
    reason: string,
  ): Promise<LoginOutcome> {
    const failures = link.failures + 1;
    const left = this.maxFailures - failures;
    if (left <= 0) {
      await this.links.remove(link);
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
    await this.links.saveFailures(link, failures);
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
