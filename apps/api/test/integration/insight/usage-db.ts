import { randomBytes, randomUUID } from 'node:crypto';
import { openDatabase, type DatabaseHandle } from '../../../src/db/database.js';
import { migrateToLatest } from '../../../src/db/migrate.js';
import { HostingRepository } from '../../../src/modules/hosting/hosting.repository.js';
import { UserRepository } from '../../../src/modules/users/user.repository.js';
import type { DatabaseKind, TestDatabase } from '../../support/databases.js';

/** A migrated database of one kind, and hostings in it as Hostbay writes them (an owner each). */
export async function usageDatabase(kind: DatabaseKind) {
  const test: TestDatabase = await kind.create();
  const database: DatabaseHandle = openDatabase(test.url);
  await migrateToLatest(database.db);
  const users = new UserRepository(database.db);
  const hostings = new HostingRepository(database.db);
  return {
    database,
    users,
    async addHosting(vcpus = 1): Promise<{ id: string; userId: string }> {
      const username = `u${randomBytes(5).toString('hex')}`;
      const user = await users.insert({ email: `${username}@example.org`, username, passwordHash: 'x' });
      const id = randomUUID();
      await hostings.insert({
        id,
        userId: user.id,
        username,
        vcpus,
        memoryMb: 1024,
        diskGb: 10,
        networkMode: 'user',
        baseImage: { disk: '/images/base.qcow2', installsWebServer: false },
        sshPublicKey: null,
        passwordHash: null,
        idempotencyKey: null,
        templateKey: null,
      });
      return { id, userId: user.id };
    },
    /** Deleted as the lifecycle does it: the row stays, DELETED, with its deletion time. */
    async deleteHosting(id: string): Promise<void> {
      await hostings.transition(id, 'CREATING', 'DELETING');
      await hostings.transition(id, 'DELETING', 'DELETED');
    },
    async close(): Promise<void> {
      await database.close();
      await test.drop();
    },
  };
}

export type UsageDatabase = Awaited<ReturnType<typeof usageDatabase>>;
