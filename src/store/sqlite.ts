/**
 * The `sqlite` driver, the embedded default: one database file (WAL journal) holding a single
 * table of (namespace, key, value, expires_at). It survives restarts and may be shared by
 * several processes on the same host.
 */
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { systemClock, type Clock } from '../core/clock.js';
import { StoreClosedError } from './errors.js';
import type { KeyValueStore, SetOptions, StoreNamespace } from './types.js';
import { checkKey, checkNamespace, expiryOf, settle } from './validate.js';

/** How long to wait for another process's write lock. */
const BUSY_TIMEOUT_MS = 5000;
/** Writes between two sweeps of expired rows. */
const SWEEP_EVERY = 256;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS kv (
  namespace  TEXT    NOT NULL,
  key        TEXT    NOT NULL,
  value      TEXT    NOT NULL,
  expires_at INTEGER,
  PRIMARY KEY (namespace, key)
);
CREATE INDEX IF NOT EXISTS kv_expires_at ON kv (expires_at) WHERE expires_at IS NOT NULL;
`;

/** Options for `SqliteStore.open`. */
export interface SqliteStoreOptions {
  /** The database file; its directory is created (mode 0700) when missing. */
  readonly path: string;
  /** Judges expiry; defaults to the system clock. */
  readonly clock?: Clock | undefined;
}

/** A store in one SQLite file. */
export class SqliteStore implements KeyValueStore {
  readonly driver = 'sqlite';
  private closed = false;
  private writes = 0;
  private readonly stmt;
  private readonly setIfAbsentTx;
  private readonly deleteTx;

  private constructor(
    readonly location: string,
    private readonly db: Database.Database,
    private readonly clock: Clock,
  ) {
    this.stmt = {
      get: db.prepare<[string, string, number], { value: string }>(
        'SELECT value FROM kv WHERE namespace = ? AND key = ? AND (expires_at IS NULL OR expires_at > ?)',
      ),
      upsert: db.prepare<[string, string, string, number | null]>(
        `INSERT INTO kv (namespace, key, value, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
      ),
      remove: db.prepare<[string, string]>('DELETE FROM kv WHERE namespace = ? AND key = ?'),
      keys: db
        .prepare<[string, number], string>(
          'SELECT key FROM kv WHERE namespace = ? AND (expires_at IS NULL OR expires_at > ?)',
        )
        .pluck(),
      sweep: db.prepare<[number]>(
        'DELETE FROM kv WHERE expires_at IS NOT NULL AND expires_at <= ?',
      ),
    };
    this.setIfAbsentTx = db.transaction(
      (ns: string, key: string, value: string, expiresAt: number | null, now: number) => {
        if (this.stmt.get.get(ns, key, now)) return false;
        this.stmt.upsert.run(ns, key, value, expiresAt);
        return true;
      },
    );
    this.deleteTx = db.transaction((ns: string, key: string, now: number) => {
      const existed = this.stmt.get.get(ns, key, now) !== undefined;
      this.stmt.remove.run(ns, key);
      return existed;
    });
  }

  /** Open (creating when missing) the database at `options.path`. */
  static open(options: SqliteStoreOptions): Promise<SqliteStore> {
    return settle(() => {
      const path = options.path;
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      // Create the file ourselves so it is private from the first byte; SQLite gives the -wal
      // and -shm files the same permissions as the database.
      closeSync(openSync(path, 'a', 0o600));
      const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
      try {
        db.pragma('journal_mode = WAL');
        db.exec(SCHEMA);
      } catch (err) {
        db.close();
        throw new Error(`cannot use ${path} as the sqlite store: ${(err as Error).message}`, {
          cause: err,
        });
      }
      const store = new SqliteStore(path, db, options.clock ?? systemClock);
      store.sweep();
      return store;
    });
  }

  namespace(name: string): StoreNamespace {
    const ns = checkNamespace(name);
    const live = () => {
      if (this.closed) throw new StoreClosedError(this.driver);
      return this.clock.now();
    };
    return {
      get: (key) => settle(() => this.stmt.get.get(ns, checkKey(key), live())?.value),
      set: (key, value, options) =>
        settle(() => {
          this.stmt.upsert.run(ns, checkKey(key), value, this.expiry(live(), options));
          this.wrote();
        }),
      setIfAbsent: (key, value, options) =>
        settle(() => {
          const now = live();
          // IMMEDIATE takes the write lock before the read, so two processes cannot both
          // see the key absent.
          const written = this.setIfAbsentTx.immediate(
            ns,
            checkKey(key),
            value,
            this.expiry(now, options),
            now,
          );
          if (written) this.wrote();
          return written;
        }),
      delete: (key) => settle(() => this.deleteTx.immediate(ns, checkKey(key), live())),
      keys: () => settle(() => this.stmt.keys.all(ns, live())),
    };
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.db.close();
    }
    return Promise.resolve();
  }

  private expiry(now: number, options: SetOptions | undefined): number | null {
    return expiryOf(now, options) ?? null;
  }

  private wrote(): void {
    if (++this.writes % SWEEP_EVERY === 0) this.sweep();
  }

  private sweep(): void {
    this.stmt.sweep.run(this.clock.now());
  }
}
