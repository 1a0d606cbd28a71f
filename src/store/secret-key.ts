/**
 * Where the secret key comes from: `STORMBOT_SECRET_KEY`, or else a key file that is created
 * (mode 0600) on first start. A key file that group or others can access is refused.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StartupError } from '../core/errors.js';
import type { Logger } from '../log.js';
import { SECRET_KEY_BYTES } from './secret-box.js';

/** The environment variable holding the key. */
export const SECRET_KEY_ENV = 'STORMBOT_SECRET_KEY';

const HEX = /^[0-9a-fA-F]{64}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** Options for `loadSecretKey`. */
export interface LoadSecretKeyOptions {
  /** Environment to read `STORMBOT_SECRET_KEY` from (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** The key file, used (and created when missing) when the variable is not set. */
  readonly keyFile: string;
  /** Says where the key came from (never the key). */
  readonly logger: Logger;
}

/**
 * Decode a key written as 64 hex digits or as base64/base64url of 32 bytes; undefined when the
 * text is neither.
 */
export function parseSecretKey(text: string): Buffer | undefined {
  const s = text.trim();
  if (HEX.test(s)) return Buffer.from(s, 'hex');
  if (!BASE64.test(s)) return undefined;
  const key = Buffer.from(s, 'base64');
  return key.length === SECRET_KEY_BYTES ? key : undefined;
}

/** Generate a new random key, encoded as the key file stores it (base64 and a newline). */
function generateSecretKeyText(): string {
  return `${randomBytes(SECRET_KEY_BYTES).toString('base64')}\n`;
}

/**
 * The 32-byte secret key. `STORMBOT_SECRET_KEY` wins when set; otherwise the key file is read,
 * or created with a new random key (mode 0600, directory 0700) when it does not exist.
 * Raises a `StartupError` naming the variable or `secrets.key_file` for a malformed key or an
 * unsafe key file (`src/config` checks the variable's form first, with `parseSecretKey`).
 */
export async function loadSecretKey(options: LoadSecretKeyOptions): Promise<Buffer> {
  const env = options.env ?? process.env;
  const fromEnv = env[SECRET_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    const key = parseSecretKey(fromEnv);
    if (!key) {
      throw new StartupError(
        `${SECRET_KEY_ENV}: must be ${SECRET_KEY_BYTES} bytes written as base64 or as 64 hex digits ` +
          `(make one with: openssl rand -base64 32)`,
      );
    }
    options.logger.info(`using the secret key from ${SECRET_KEY_ENV}`);
    return key;
  }
  const file = options.keyFile;
  const existing = await readKeyFile(file);
  if (existing) {
    options.logger.info({ keyFile: file }, 'using the secret key file');
    return existing;
  }
  const created = await createKeyFile(file);
  if (created) {
    options.logger.warn(
      { keyFile: file },
      'created a new secret key file; back it up: without it the stored secrets cannot be read',
    );
    return created;
  }
  // Another process created it between our read and our write.
  const raced = await readKeyFile(file);
  if (!raced) throw keyFileError(file, 'vanished while being created');
  return raced;
}

/** The key in `file`, or undefined when there is no such file. */
async function readKeyFile(file: string): Promise<Buffer | undefined> {
  let info;
  try {
    info = await stat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw keyFileError(file, `cannot be read: ${(err as Error).message}`);
  }
  if (!info.isFile()) throw keyFileError(file, 'is not a regular file');
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
    throw keyFileError(
      file,
      `can be accessed by group or others (mode ${mode}); run: chmod 600 ${file}`,
    );
  }
  const key = parseSecretKey(await readFile(file, 'utf8'));
  if (!key) {
    throw keyFileError(file, `must hold ${SECRET_KEY_BYTES} bytes as base64 or as 64 hex digits`);
  }
  return key;
}

/** Write a new key to `file` unless it exists; undefined when another process won the race. */
async function createKeyFile(file: string): Promise<Buffer | undefined> {
  const text = generateSecretKeyText();
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  // Write a private temporary file, then hard-link it into place: the key file appears
  // complete or not at all, and an existing one is never replaced.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, text, { mode: 0o600, flag: 'wx' });
  try {
    await link(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw keyFileError(file, `cannot be created: ${(err as Error).message}`);
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  return parseSecretKey(text);
}

/** A key file problem, naming the setting and the file (never the key). */
function keyFileError(file: string, problem: string): StartupError {
  return new StartupError(`secrets.key_file: secret key file ${file} ${problem}`);
}
