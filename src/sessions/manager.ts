/**
 * Client-side sign-in as one service: sign-in links (`links.ts`), the login page's verification
 * (`login.ts`) and the credentials it yields (`credentials.ts`), each over its own namespaces.
 */
import type { Principal } from '../core/identity.js';
import type { Logger } from '../log.js';
import { StoredCredentials } from './credentials.js';
import { SignInLinks, linkSummary } from './links.js';
import { Login } from './login.js';
import type {
  LoginAttempt,
  LoginOutcome,
  LoginService,
  SessionManagerOptions,
  SessionStatus,
  SessionSummary,
  St2UserCredentials,
} from './types.js';

/** The client-side sign-in service over a key/value store. */
export class SessionManager implements LoginService {
  private readonly links: SignInLinks;
  private readonly login: Login;
  private readonly credentials: StoredCredentials;
  private readonly log: Logger;

  constructor(options: SessionManagerOptions) {
    this.log = options.logger.child({ component: 'sessions' });
    this.links = new SignInLinks(options, this.log);
    this.credentials = new StoredCredentials(options, this.log);
    this.login = new Login(options, this.links, this.credentials, this.log);
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
