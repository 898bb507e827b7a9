import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../src/db/database.js';
import { migrateToLatest } from '../../../src/db/migrate.js';
import { HostingRepository } from '../../../src/modules/hosting/hosting.repository.js';
import { SiteStateRepository } from '../../../src/modules/site-pages/site-state.repository.js';
import { DomainRepository } from '../../../src/modules/tls/domain.repository.js';
import { UserRepository } from '../../../src/modules/users/user.repository.js';
import { DATABASE_KINDS, type TestDatabase } from '../../support/databases.js';

describe.each(DATABASE_KINDS)("a site's state by its name, for its visitors' page, on $name", (kind) => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let sites: SiteStateRepository;

  /** A member with a hosting in `status`, through the repositories the lifecycle uses. */
  async function member(username: string, status: 'CREATING' | 'STOPPED' | 'DELETED') {
    const user = await new UserRepository(handle.db).insert({
      email: `${username}@example.org`,
      username,
      passwordHash: 'x',
    });
    const id = randomUUID();
    const hostings = new HostingRepository(handle.db);
    await hostings.insert({
      id,
      userId: user.id,
      username,
      vcpus: 1,
      memoryMb: 512,
      diskGb: 1,
      networkMode: 'user',
      baseImage: { disk: '/images/base.qcow2', installsWebServer: false },
      sshPublicKey: null,
      passwordHash: null,
      idempotencyKey: null,
      templateKey: null,
    });
    if (status !== 'CREATING') await handle.db.updateTable('hostings').set({ status }).where('id', '=', id).execute();
    return { user, hostingId: id, hostings };
  }

  beforeAll(async () => {
    database = await kind.create();
    handle = openDatabase(database.url);
    await migrateToLatest(handle.db);
    sites = new SiteStateRepository(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  it('finds a hosting by its owner’s username and by the owner’s own domain once its DNS points here', async () => {
    const alice = await member('alice', 'CREATING');
    const domains = new DomainRepository(handle.db);
    await domains.insert({ domain: 'www.alice.example', hostingId: alice.hostingId, username: 'alice' }, new Date());
    expect(await sites.byUsername('alice')).toEqual({ status: 'CREATING', suspended: false });
    // Claimed but not pointing here: the edge does not route it, so it is nobody's site yet.
    expect(await sites.byDomain('www.alice.example')).toBeUndefined();
    await domains.recordCheck('www.alice.example', 'ok', ['127.0.0.1'], new Date());
    expect(await sites.byDomain('www.alice.example')).toEqual({ status: 'CREATING', suspended: false });
    expect(await sites.byUsername('nobody')).toBeUndefined();
    expect(await sites.byDomain('nobody.example')).toBeUndefined();
  });

  it('says suspended for a suspended owner or a hosting a suspension still holds, and nothing for a deleted one', async () => {
    const bob = await member('bob', 'STOPPED');
    await new UserRepository(handle.db).setStatus(bob.user.id, 'suspended', 'testing');
    expect(await sites.byUsername('bob')).toEqual({ status: 'STOPPED', suspended: true });

    const carol = await member('carol', 'STOPPED');
    await carol.hostings.holdForSuspension(carol.hostingId, 'RUNNING');
    expect(await sites.byUsername('carol')).toEqual({ status: 'STOPPED', suspended: true });

    await member('dave', 'DELETED');
    expect(await sites.byUsername('dave')).toBeUndefined();
  });
});
