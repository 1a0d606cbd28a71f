/**
 * The st2 client's options from the configuration (or from the sandbox stormbot started).
 */
import { st2ClientSettings } from '../config/index.js';
import type { StormbotConfig } from '../config/types.js';
import type { Sandbox } from '../sandbox/index.js';
import type { St2ClientOptions } from '../stackstorm/index.js';

/** Everything but the logger, clock and hooks, which the caller adds. */
export type St2ConnectionOptions = Omit<
  St2ClientOptions,
  'logger' | 'clock' | 'onCredentialsExpired'
>;

/** The configured StackStorm, or the sandbox (with its API key) when none is configured. */
export function st2ConnectionOptions(
  config: StormbotConfig,
  sandbox?: Sandbox,
): St2ConnectionOptions {
  const useSandbox = sandbox !== undefined && !config.stackstorm.configured;
  const s = st2ClientSettings(
    config.stackstorm,
    useSandbox
      ? {
          apiUrl: sandbox.apiUrl,
          authUrl: sandbox.authUrl,
          streamUrl: sandbox.streamUrl,
          apiKey: sandbox.apiKey,
        }
      : {},
  );
  return {
    apiUrl: s.apiUrl,
    authUrl: s.authUrl,
    streamUrl: s.streamUrl,
    apiKey: s.apiKey,
    token: s.token,
    username: s.username,
    password: s.password,
    tokenTtl: s.tokenTtlSec,
    verifyCert: s.verifyCert,
    caCert: s.caCertPath,
    clientCert: s.clientCertPath,
    clientKey: s.clientKeyPath,
    timeoutMs: s.timeoutMs,
  };
}
