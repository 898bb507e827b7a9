import type { Database as SqliteConnection, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';
import { LRUCache } from 'lru-cache';

/** Distinct SQL texts Hostbay issues: a few dozen; the bound only guards against unbounded `IN (...)` lists. */
const STATEMENTS_MAX = 500;

/**
 * The SQLite connection as Kysely sees it, with prepared statements reused.
 * Kysely's SqliteDriver calls `prepare()` for every query it runs, and
 * preparing (parsing and planning the SQL) cost more than running the
 * query itself on the hot paths bench/api measures. A cached statement is
 * safe to reuse: the driver only calls `all()` and `run()`, which finish
 * before they return, and SQLite re-plans a statement itself when a
 * migration changes the schema.
 */
export function withCachedStatements(connection: SqliteConnection): SqliteDatabase {
  const statements = new LRUCache<string, Statement>({ max: STATEMENTS_MAX });
  return {
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = connection.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
    close() {
      statements.clear();
      connection.close();
    },
  };
}
