/**
 * The HTTP dispatcher for st2 connections: TLS settings live here and nowhere else, so turning
 * certificate checks off for st2 never affects any other connection of the process.
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent } from 'undici';
import { ConfigError } from '../core/errors.js';

/** TLS settings of the st2 connections. */
export interface St2TlsOptions {
  /** Check the server certificate (default true). `false` is for tests and labs only. */
  verifyCert?: boolean | undefined;
  /** Extra trusted CA certificates: a PEM string or a path to a PEM file. Added to Node's CAs. */
  caCert?: string | undefined;
  /** Client certificate (PEM string or file path), for st2 behind mutual TLS. */
  clientCert?: string | undefined;
  /** Private key of the client certificate (PEM string or file path). */
  clientKey?: string | undefined;
}

/** Read a PEM given inline or as a file path; `key` names the setting in errors. */
export function loadPem(value: string, key: string): string {
  if (value.includes('-----BEGIN')) return value;
  try {
    const text = readFileSync(value, 'utf8');
    if (!text.includes('-----BEGIN')) {
      throw new ConfigError(key, `${value} does not contain a PEM block`);
    }
    return text;
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError(key, `cannot read ${value} (${code})`);
  }
}

/**
 * Build the undici Agent used for every st2 request and the stream. Invalid files raise a
 * ConfigError naming the setting.
 */
export function createSt2Dispatcher(options: St2TlsOptions): Agent {
  if ((options.clientCert === undefined) !== (options.clientKey === undefined)) {
    throw new ConfigError(
      options.clientCert === undefined ? 'stackstorm.client_cert' : 'stackstorm.client_key',
      'client_cert and client_key must be set together',
    );
  }
  const connect: Record<string, unknown> = { rejectUnauthorized: options.verifyCert !== false };
  if (options.caCert !== undefined) {
    connect.ca = [...rootCertificates, loadPem(options.caCert, 'stackstorm.ca_cert')];
  }
  if (options.clientCert !== undefined && options.clientKey !== undefined) {
    connect.cert = loadPem(options.clientCert, 'stackstorm.client_cert');
    connect.key = loadPem(options.clientKey, 'stackstorm.client_key');
  }
  return new Agent({ connect });
}
