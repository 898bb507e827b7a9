import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';

export interface ColumnTypes {
  uuid: 'uuid' | 'text';
  boolean: 'boolean' | 'integer';
  timestamp: 'timestamptz' | 'text';
  false: RawBuilder<unknown>;
  true: RawBuilder<unknown>;
}

/** The one place where the migrations differ between PostgreSQL and SQLite. */
export function columnTypes(db: Kysely<unknown>): ColumnTypes {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return postgres
    ? { uuid: 'uuid', boolean: 'boolean', timestamp: 'timestamptz', false: sql`false`, true: sql`true` }
    : { uuid: 'text', boolean: 'integer', timestamp: 'text', false: sql`0`, true: sql`1` };
}
