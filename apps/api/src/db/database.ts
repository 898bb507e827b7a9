import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database, SqlDialect } from './schema.js';
import { SqliteBooleanPlugin } from './sqlite-boolean-plugin.js';
import { withCachedStatements } from './sqlite-statement-cache.js';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: SqlDialect;
  /** Resolves when the database answers a query; rejects with the driver's reason. */
  ping(): Promise<void>;
  /** PostgreSQL only: the pool under Kysely, for stores that speak to pg themselves (the rate limits). */
  pgPool?: pg.Pool;
  close(): Promise<void>;
}

/** Opens SQLite (`sqlite:<file>`, WAL) or PostgreSQL (`postgres://...`) behind one Kysely type. */
export function openDatabase(url: string): DatabaseHandle {
  if (url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length));
  return openPostgres(url);
}

function openSqlite(file: string): DatabaseHandle {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // Another Hostbay process (a CLI command beside `up`) may hold the write lock briefly.
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withCachedStatements(sqlite) }),
    plugins: [new SqliteBooleanPlugin()],
  });
  return { db, dialect: 'sqlite', ping: () => ping(db), close: () => db.destroy() };
}

function openPostgres(connectionString: string): DatabaseHandle {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // An idle connection that the server ends (a restart, an administrator) is an 'error' on the pool;
  // unheard, Node would crash the process. The pool drops that client and connects anew when needed.
  pool.on('error', (error) => {
    process.emitWarning(`PostgreSQL connection lost: ${error.message}`);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', pgPool: pool, ping: () => ping(db), close: () => db.destroy() };
}

async function ping(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
