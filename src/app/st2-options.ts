/**
 * The st2 client's options from the configuration (or from the sandbox stormbot started).
 */
import type { StormbotConfig } from '../config/types.js';
import { StartupError } from '../core/errors.js';
import type { Sandbox } from '../sandbox/index.js';
import { pickCredentials, type St2ClientOptions } from '../stackstorm/index.js';

/** Everything but the logger, clock and hooks, which the caller adds. */
export type St2ConnectionOptions = Omit<
  St2ClientOptions,
  'logger' | 'clock' | 'onCredentialsExpired'
>;

/**
 * The configured StackStorm, or the sandbox (its URLs and API key) when none is configured.
 * Throws `StartupError` when there is no StackStorm to talk to. No credentials configured is a
 * supported mode: the client sends none (StackStorm with authentication off).
 */
export function st2ConnectionOptions(
  config: StormbotConfig,
  sandbox?: Sandbox,
): St2ConnectionOptions {
  const st2 = config.stackstorm;
  const useSandbox = sandbox !== undefined && !st2.configured;
  const { apiUrl, authUrl, streamUrl } = useSandbox ? sandbox : st2;
  if (!apiUrl || !authUrl || !streamUrl) {
    throw new StartupError('StackStorm is not configured: set stackstorm.api_url (ST2_API_URL)');
  }
  const { credentials, ignored } = pickCredentials(
    useSandbox ? { apiKey: sandbox.apiKey } : st2.apiAuth,
  );
  return {
    apiUrl,
    authUrl,
    streamUrl,
    credentials,
    ignoredCredentials: ignored,
    tokenTtl: st2.userTokenTtlSec,
    verifyCert: st2.verifyCert,
    caCert: st2.caCert,
    clientCert: st2.clientCert,
    clientKey: st2.clientKey,
    timeoutMs: Math.round(st2.requestTimeoutSec * 1000),
  };
}
