// Opens the database for either dialect: a SQLite file (the embedded default) or PostgreSQL when a URL is given.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  Kysely,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
} from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  /** How to open a dedicated PostgreSQL connection (LISTEN cannot share the pool); absent on SQLite. */
  connection?: pg.ClientConfig;
  /**
   * Runs reads against one consistent snapshot without holding up writers: a read-only REPEATABLE READ transaction
   * on PostgreSQL; on SQLite a second, read-only connection to the same WAL file (the main one stays free).
   */
  snapshot<R>(work: (db: Kysely<DB>) => Promise<R>): Promise<R>;
  close(): Promise<void>;
}

// int8 columns hold epoch milliseconds, which fit a JS number exactly.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface DatabaseOptions {
  databaseUrl?: string;
  sqliteFile: string;
  poolSize?: number;
}

export function openDatabase(options: DatabaseOptions): Database {
  if (options.databaseUrl) {
    const connection: pg.ClientConfig = {
      connectionString: options.databaseUrl,
      connectionTimeoutMillis: 5_000,
    };
    const pool = new pg.Pool({ ...connection, max: options.poolSize ?? 10 });
    // A dropped idle connection must not crash the process; the pool replaces it.
    pool.on('error', () => {});
    // Nor one dropped while in use (PostgreSQL restarting, a connection cut): the pool's own listener is off while a
    // client is checked out, so each client keeps one of its own. The query in flight fails (a 503 for the request)
    // and the pool discards the client when it comes back.
    // JIT compilation off (decision 0018): at the sizes of a small company's year it cost more than it saved (survey
    // results by channel 230 → 125 ms at the median). Queued first, so it runs before the client's first query.
    pool.on('connect', (client) => {
      client.on('error', () => {});
      client.query('set jit = off').catch(() => {});
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    const snapshot = <R>(work: (db: Kysely<DB>) => Promise<R>) =>
      db
        .transaction()
        .setIsolationLevel('repeatable read')
        .setAccessMode('read only')
        .execute((trx) => work(trx));
    return { db, dialect: 'postgres', connection, snapshot, close: () => db.destroy() };
  }
  if (options.sqliteFile !== ':memory:') mkdirSync(dirname(options.sqliteFile), { recursive: true });
  const sqlite = new SQLite(options.sqliteFile);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Scans (segment counts, reports) read far more than SQLite's 2 MB default cache: 64 MB cache, 256 MB mapped.
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('mmap_size = 268435456');
  // Planner statistics, refreshed where stale (cheap, bounded); housekeeping repeats it hourly.
  sqlite.pragma('optimize = 0x10002');
  cacheStatements(sqlite);
  const db = new Kysely<DB>({ dialect: new EmbeddedSqlite(sqlite) });
  const snapshot = async <R>(work: (db: Kysely<DB>) => Promise<R>): Promise<R> => {
    if (options.sqliteFile === ':memory:') return work(db);
    const reader = new SQLite(options.sqliteFile, { readonly: true });
    reader.pragma('busy_timeout = 5000');
    const readerDb = new Kysely<DB>({ dialect: new SqliteDialect({ database: reader }) });
    try {
      // A read transaction in WAL mode sees the database as it was at its first read, whatever is written meanwhile.
      reader.exec('begin');
      return await work(readerDb);
    } finally {
      if (reader.inTransaction) reader.exec('commit');
      await readerDb.destroy();
    }
  };
  return { db, dialect: 'sqlite', snapshot, close: () => db.destroy() };
}

/**
 * SQLite's schema changes are transactional, but Kysely's adapter does not say so, and its migrator then runs each
 * migration bare: one failing halfway would leave a half-upgraded file. Saying so makes an upgrade all or nothing, as
 * it is on PostgreSQL.
 */
class TransactionalDdlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}
class EmbeddedSqlite extends SqliteDialect {
  constructor(private readonly sqlite: SQLite.Database) {
    super({ database: sqlite });
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlAdapter();
  }

  /**
   * After a full disk, an I/O error or a busy lock SQLite rolls the transaction back by itself; Kysely's ROLLBACK then
   * fails with "no transaction is active" and that error would hide the real one (a 500 instead of a 503). Nothing is
   * left to roll back then. A savepoint whose transaction SQLite already ended cannot be returned to: that is said
   * plainly rather than letting the caller go on outside any transaction.
   */
  override createDriver(): Driver {
    const driver = super.createDriver();
    const sqlite = this.sqlite;
    const rollback = driver.rollbackTransaction.bind(driver);
    driver.rollbackTransaction = async (connection: DatabaseConnection) => {
      if (sqlite.inTransaction) await rollback(connection);
    };
    const toSavepoint = driver.rollbackToSavepoint?.bind(driver);
    if (toSavepoint) {
      driver.rollbackToSavepoint = async (connection, name, compileQuery) => {
        if (!sqlite.inTransaction)
          throw Object.assign(new Error('SQLite ended the transaction after a write failed'), {
            code: 'SQLITE_ABORT_ROLLBACK',
          });
        await toSavepoint(connection, name, compileQuery);
      };
    }
    return driver;
  }
}

/**
 * Kysely prepares every query anew; SQLite compiles each statement, which measured at about 8% of a widget post.
 * Statements are reused by SQL text (bounded), which is safe because better-sqlite3 runs them synchronously.
 */
function cacheStatements(sqlite: SQLite.Database, limit = 500): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, SQLite.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      statement = prepare(source);
      if (cache.size >= limit) cache.delete(cache.keys().next().value!);
      cache.set(source, statement);
    }
    return statement;
  }) as typeof sqlite.prepare;
}
