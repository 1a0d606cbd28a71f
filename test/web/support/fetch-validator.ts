/**
 * A CredentialValidator over plain fetch, for tests against the sandbox (the production one is
 * an adapter over the st2 client).
 */
import {
  CredentialCheckUnavailableError,
  CredentialRejectedError,
  type CredentialIdentity,
  type CredentialValidator,
  type IssuedToken,
} from '../../../src/sessions/validator.js';

async function call(url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
  } catch (error) {
    throw new CredentialCheckUnavailableError('StackStorm could not be reached', { cause: error });
  }
  if (response.status === 401 || response.status === 403) {
    throw new CredentialRejectedError(`StackStorm answered ${response.status}`);
  }
  if (response.status >= 500)
    throw new CredentialCheckUnavailableError(`StackStorm answered ${response.status}`);
  return response;
}

/** Validates against `<authUrl>/tokens` and `GET <apiUrl>/`. */
export class FetchValidator implements CredentialValidator {
  constructor(private readonly urls: { authUrl: string; apiUrl: string }) {}

  async passwordLogin(
    username: string,
    password: string,
    ttlSeconds: number,
  ): Promise<IssuedToken> {
    const basic = Buffer.from(`${username}:${password}`).toString('base64');
    const response = await call(`${this.urls.authUrl}/tokens`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ttl: ttlSeconds }),
    });
    if (response.status !== 201)
      throw new Error(`unexpected status ${response.status} from POST /tokens`);
    const body = (await response.json()) as IssuedToken;
    return { token: body.token, expiry: body.expiry, user: body.user };
  }

  async validateToken(token: string): Promise<CredentialIdentity> {
    await this.check({ 'x-auth-token': token });
    return {};
  }

  async validateApiKey(apiKey: string): Promise<CredentialIdentity> {
    await this.check({ 'st2-api-key': apiKey });
    return {};
  }

  private async check(headers: Record<string, string>): Promise<void> {
    const response = await call(`${this.urls.apiUrl}/`, { headers });
    if (response.status !== 200) throw new Error(`unexpected status ${response.status} from GET /`);
  }
}
