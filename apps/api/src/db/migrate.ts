import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { createUsers } from './migrations/001-users.js';
import { createHostings } from './migrations/002-hostings.js';
import { createRateLimits } from './migrations/003-rate-limits.js';
import { createOperatorTables } from './migrations/004-operators.js';
import { createAdminIndexes } from './migrations/005-admin-indexes.js';
import { addAccountDeletion } from './migrations/006-accounts.js';
import { addHostingSuspension } from './migrations/007-suspension.js';
import { addHostingTemplate } from './migrations/008-templates.js';
import { createTlsTables } from './migrations/009-tls.js';
import { createSnapshotTables } from './migrations/010-snapshots.js';
import { createBackupTables } from './migrations/011-backups.js';
import { createUsageSamples } from './migrations/012-usage-samples.js';
import { addStopCause } from './migrations/013-stop-cause.js';
import type { Database } from './schema.js';

/** Every migration, in order. Names are permanent: they are recorded in the database. */
const MIGRATIONS: Record<string, Migration> = {
  '001-users': createUsers,
  '002-hostings': createHostings,
  '003-rate-limits': createRateLimits,
  '004-operators': createOperatorTables,
  '005-admin-indexes': createAdminIndexes,
  '006-accounts': addAccountDeletion,
  '007-suspension': addHostingSuspension,
  '008-templates': addHostingTemplate,
  '009-tls': createTlsTables,
  '010-snapshots': createSnapshotTables,
  '011-backups': createBackupTables,
  '012-usage-samples': createUsageSamples,
  '013-stop-cause': addStopCause,
};

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

/** Applies pending migrations. Kysely's migration lock makes concurrent starts safe. */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
