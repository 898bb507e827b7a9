import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Runs `work` in one database transaction, handing it the repositories bound
 * to that transaction: all of it commits or none of it does. Services receive
 * a Transactor, never the database handle, so SQL stays in the repositories.
 */
export type Transactor<Repositories> = <T>(work: (repositories: Repositories) => Promise<T>) => Promise<T>;

/** The one way to open a transaction: `bind` builds the repositories on the transaction's connection. */
export function createTransactor<Repositories>(
  db: Kysely<Database>,
  bind: (db: Kysely<Database>) => Repositories,
): Transactor<Repositories> {
  return (work) => db.transaction().execute((trx) => work(bind(trx)));
}
