import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';

export interface ColumnTypes {
  uuid: 'uuid' | 'text';
  boolean: 'boolean' | 'integer';
  timestamp: 'timestamptz' | 'text';
  false: RawBuilder<unknown>;
  true: RawBuilder<unknown>;
  /** SQLite keeps a table with a composite key most compactly in the key's order, without its hidden rowid. */
  sqlite: boolean;
}

/** The one place where the migrations differ between PostgreSQL and SQLite. */
export function columnTypes(db: Kysely<unknown>): ColumnTypes {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return postgres
    ? { uuid: 'uuid', boolean: 'boolean', timestamp: 'timestamptz', false: sql`false`, true: sql`true`, sqlite: false }
    : { uuid: 'text', boolean: 'integer', timestamp: 'text', false: sql`0`, true: sql`1`, sqlite: true };
}
