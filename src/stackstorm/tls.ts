/**
 * The HTTP dispatcher for st2 connections: TLS settings live here and nowhere else, so turning
 * certificate checks off for st2 never affects any other connection of the process.
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent } from 'undici';
import { StartupError } from '../core/errors.js';

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

/**
 * Read a PEM given inline or as a file path. What only running reveals (a file that cannot be
 * read or holds no PEM block) is a StartupError naming the setting (`key`).
 */
function loadPem(value: string, key: string): string {
  if (value.includes('-----BEGIN')) return value;
  let text: string;
  try {
    text = readFileSync(value, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new StartupError(`${key}: cannot read ${value} (${code})`);
  }
  if (!text.includes('-----BEGIN')) {
    throw new StartupError(`${key}: ${value} does not contain a PEM block`);
  }
  return text;
}

/**
 * Build the undici Agent used for every st2 request and the stream. A client certificate is used
 * when both it and its key are given (the configuration checks they come together).
 */
export function createSt2Dispatcher(options: St2TlsOptions): Agent {
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
