import { existsSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import path from 'node:path';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../db/database.js';
import type { ProcessRunner } from '../process/process-runner.js';

export type DumpKind = 'sqlite' | 'postgres';

const FILES: Record<DumpKind, string> = { sqlite: 'hostbay.db', postgres: 'hostbay.pgdump' };

/**
 * The whole database as one file, taken while Hostbay runs: SQLite's
 * `VACUUM INTO` (a consistent copy, WAL included), or `pg_dump -Fc`; and put
 * back on a fresh machine (the file copied into place, or `pg_restore`).
 */
export class DatabaseDump {
  constructor(private readonly runner: ProcessRunner) {}

  async write(database: DatabaseHandle, url: string, dir: string): Promise<{ kind: DumpKind; file: string }> {
    const kind: DumpKind = database.dialect === 'postgres' ? 'postgres' : 'sqlite';
    const file = path.join(dir, FILES[kind]);
    if (kind === 'sqlite') await sql`vacuum into ${file}`.execute(database.db);
    else
      await this.runner.runChecked(['pg_dump', '--format=custom', '--no-owner', '--file', file, url], {
        timeoutMs: 3_600_000,
      });
    return { kind, file: FILES[kind] };
  }

  /** Whether the database at `url` holds members already (a restore into it would overwrite an installation). */
  async inUse(url: string): Promise<boolean> {
    if (url.startsWith('sqlite:')) {
      const file = url.slice('sqlite:'.length);
      if (!existsSync(file)) return false;
      const sqlite = new SQLite(file, { readonly: true });
      try {
        return Number((sqlite.prepare('select count(*) as n from users').get() as { n: number }).n) > 0;
      } catch {
        return false;
      } finally {
        sqlite.close();
      }
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const found = await client.query("select to_regclass('public.users') is not null as present");
      return Boolean((found.rows[0] as { present?: boolean } | undefined)?.present);
    } finally {
      await client.end();
    }
  }

  /** Puts a dump back: SQLite's file at `sqliteFile`, PostgreSQL's into the (empty) database at `url`. */
  async restore(kind: DumpKind, dumpFile: string, target: { url: string; sqliteFile: string }): Promise<void> {
    if (kind === 'sqlite') await copyFile(dumpFile, target.sqliteFile);
    else
      await this.runner.runChecked(['pg_restore', '--no-owner', '--exit-on-error', '--dbname', target.url, dumpFile], {
        timeoutMs: 3_600_000,
      });
  }
}
