/**
 * Helpers for building a StackStorm client from the configuration.
 */
import { pickCredentials } from '../stackstorm/model.js';
import type {
  CredentialKind,
  St2ClientSettings,
  St2Credentials,
  StackStormSettings,
} from './types.js';

/** Which credential the bot uses, by the one precedence rule (`pickCredentials`). */
export function credentialKind(credentials: St2Credentials): CredentialKind {
  return pickCredentials(credentials).credentials?.kind ?? 'none';
}

/**
 * The flat options of a StackStorm client. `override` replaces parts of them: the sandbox passes
 * its own URLs and credentials here. Throws when no URLs are known (st2 not configured and
 * nothing given in `override`).
 */
export function st2ClientSettings(
  st2: StackStormSettings,
  override: Partial<St2ClientSettings> = {},
): St2ClientSettings {
  const apiUrl = override.apiUrl ?? st2.apiUrl;
  const authUrl = override.authUrl ?? st2.authUrl;
  const streamUrl = override.streamUrl ?? st2.streamUrl;
  if (!apiUrl || !authUrl || !streamUrl) {
    throw new Error('StackStorm is not configured (stackstorm.api_url) and no URLs were given');
  }
  const credentials = 'apiKey' in override || 'token' in override || 'username' in override;
  return {
    apiUrl,
    authUrl,
    streamUrl,
    webuiUrl: override.webuiUrl ?? st2.webuiUrl,
    apiKey: credentials ? override.apiKey : st2.apiAuth.apiKey,
    token: credentials ? override.token : st2.apiAuth.token,
    username: credentials ? override.username : st2.apiAuth.username,
    password: credentials ? override.password : st2.apiAuth.password,
    verifyCert: override.verifyCert ?? st2.verifyCert,
    caCertPath: override.caCertPath ?? st2.caCert,
    clientCertPath: override.clientCertPath ?? st2.clientCert,
    clientKeyPath: override.clientKeyPath ?? st2.clientKey,
    timeoutMs: override.timeoutMs ?? Math.round(st2.requestTimeoutSec * 1000),
    tokenTtlSec: override.tokenTtlSec ?? st2.userTokenTtlSec,
  };
}
