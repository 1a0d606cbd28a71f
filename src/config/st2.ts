/**
 * Helpers for building a StackStorm client from the configuration.
 */
import type { StackStormSettings } from './sections/stackstorm.js';

/** The options a StackStorm client needs, flattened (see `st2ClientSettings`). */
export interface St2ClientSettings {
  readonly apiUrl: string;
  readonly authUrl: string;
  readonly streamUrl: string;
  readonly webuiUrl?: string | undefined;
  readonly apiKey?: string | undefined;
  readonly token?: string | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly verifyCert: boolean;
  readonly caCertPath?: string | undefined;
  readonly clientCertPath?: string | undefined;
  readonly clientKeyPath?: string | undefined;
  readonly timeoutMs: number;
  readonly tokenTtlSec: number;
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
