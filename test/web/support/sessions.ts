/**
 * Factories for sign-in tests: a fake StackStorm credential check and a SessionManager over the
 * memory store (secrets encrypted as in production), driven by a ManualClock.
 */
import { randomBytes } from 'node:crypto';
import { ManualClock } from '../../support/clock.js';
import type { Principal } from '../../../src/core/identity.js';
import { SessionManager } from '../../../src/sessions/manager.js';
import type { SessionManagerOptions } from '../../../src/sessions/types.js';
import { createStore, openSecretStore } from '../../../src/store/index.js';
import type { KeyValueStore } from '../../../src/store/index.js';
import {
  CredentialCheckUnavailableError,
  CredentialRejectedError,
  type CredentialIdentity,
  type CredentialValidator,
  type IssuedToken,
} from '../../../src/sessions/validator.js';
import { capturingLogger, type CapturedLogger } from '../../support/logs.js';

/** Secrets the fake StackStorm knows; tests scan logs and stores for them. */
export const SECRETS = {
  password: 'correct-horse-battery',
  token: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  apiKey: 'ZmFrZS1hcGkta2V5LWZvci1hbGljZQ',
  secretWord: 'blue pelican',
} as const;

/** A StackStorm stand-in for credential checks. Records which checks ran (never the values). */
export class FakeValidator implements CredentialValidator {
  readonly calls: string[] = [];
  /** Tokens handed out by `passwordLogin`. */
  readonly issued: string[] = [];
  /** When set, every call fails as if st2 were down. */
  down = false;
  private counter = 0;

  constructor(private readonly clock: ManualClock) {}

  passwordLogin(username: string, password: string, ttlSeconds: number): Promise<IssuedToken> {
    this.calls.push(`password ttl=${ttlSeconds}`);
    if (this.down) return Promise.reject(new CredentialCheckUnavailableError('st2 is down'));
    if (username !== 'alice' || password !== SECRETS.password) {
      return Promise.reject(new CredentialRejectedError('Invalid or missing credentials'));
    }
    const token = `issued${String(++this.counter).padStart(26, '0')}`;
    this.issued.push(token);
    const expiry = new Date(this.clock.now() + ttlSeconds * 1000)
      .toISOString()
      .replace('Z', '000Z');
    return Promise.resolve({ token, expiry, user: 'alice' });
  }

  validateToken(token: string): Promise<CredentialIdentity> {
    this.calls.push('token');
    if (this.down) return Promise.reject(new CredentialCheckUnavailableError('st2 is down'));
    if (token !== SECRETS.token) return Promise.reject(new CredentialRejectedError('Unauthorized'));
    return Promise.resolve({ user: 'alice' });
  }

  validateApiKey(apiKey: string): Promise<CredentialIdentity> {
    this.calls.push('apikey');
    if (this.down) return Promise.reject(new CredentialCheckUnavailableError('st2 is down'));
    if (apiKey !== SECRETS.apiKey)
      return Promise.reject(new CredentialRejectedError('Unauthorized'));
    return Promise.resolve({ user: 'alice' });
  }
}

/** A manager plus everything a test pokes at. */
export interface ManagerHarness {
  readonly manager: SessionManager;
  readonly clock: ManualClock;
  readonly store: KeyValueStore;
  readonly validator: FakeValidator;
  readonly logs: CapturedLogger;
  /** Every raw value of every namespace of the store (for "no plaintext secret" checks). */
  dump(): Promise<string>;
}

/** Every namespace the sign-in writes, and the store's own. */
const NAMESPACES = [
  'links',
  'pending-links',
  'link-claims',
  'used-links',
  'associations',
  'credentials',
  'meta',
];

/** Fast scrypt for tests (the default cost is covered by its own test). */
export const TEST_SCRYPT = { N: 1024, r: 8, p: 1 };

/** Build a manager over a fresh memory store. */
export async function makeManager(
  overrides: Partial<
    Omit<SessionManagerOptions, 'store' | 'secrets' | 'validator' | 'logger'>
  > = {},
): Promise<ManagerHarness> {
  const clock = overrides.clock instanceof ManualClock ? overrides.clock : new ManualClock();
  const store = await createStore({ driver: 'memory', clock });
  const validator = new FakeValidator(clock);
  const logs = capturingLogger();
  const manager = new SessionManager({
    baseUrl: 'https://bot.example.com/stormbot/',
    scrypt: TEST_SCRYPT,
    ...overrides,
    clock,
    store,
    secrets: await openSecretStore(store, randomBytes(32)),
    validator,
    logger: logs.logger,
  });
  return {
    manager,
    clock,
    store,
    validator,
    logs,
    async dump() {
      const out: string[] = [];
      for (const name of NAMESPACES) {
        const ns = store.namespace(name);
        for (const key of await ns.keys()) out.push(`${name}/${key}=${(await ns.get(key)) ?? ''}`);
      }
      return out.join('\n');
    },
  };
}

/** A test principal (id and ACL key differ from the display name on purpose). */
export function person(aclKey = 'U123', name = 'Alice'): Principal {
  return { backend: 'test', id: aclKey, name, aclKey };
}

/** The link id at the end of a sign-in URL. */
export function linkIdOf(url: string): string {
  const id = url.split('/').pop();
  if (!id) throw new Error(`no id in ${url}`);
  return id;
}
