import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../src/db/database.js';
import { migrateToLatest } from '../../../src/db/migrate.js';
import { HostingRepository } from '../../../src/modules/hosting/hosting.repository.js';
import { JobRepository } from '../../../src/modules/hosting/job.repository.js';
import { UserRepository } from '../../../src/modules/users/user.repository.js';
import { DATABASE_KINDS, type TestDatabase } from '../../support/databases.js';

/** `count` hostings, each its own user's, with one queued job each, through the repositories. */
async function insertJobs(handle: DatabaseHandle, count: number): Promise<void> {
  const users = new UserRepository(handle.db);
  const hostings = new HostingRepository(handle.db);
  const jobs = new JobRepository(handle.db, handle.dialect, 1000);
  for (let i = 0; i < count; i += 1) {
    const name = `u${randomUUID().slice(0, 8)}`;
    const user = await users.insert({ email: `${name}@example.org`, username: name, passwordHash: 'x' });
    const id = randomUUID();
    await hostings.insert({
      id,
      userId: user.id,
      username: name,
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
    await jobs.enqueue(id, 'delete');
  }
}

describe.each(DATABASE_KINDS)('job claims shared by several processes on $name', (kind) => {
  let database: TestDatabase;
  let processes: DatabaseHandle[];
  beforeAll(async () => {
    database = await kind.create();
    // Separate connections (pools) stand for separate Hostbay processes.
    processes = [openDatabase(database.url), openDatabase(database.url), openDatabase(database.url)];
    await migrateToLatest(processes[0]!.db);
  });
  afterAll(async () => {
    for (const handle of processes) await handle.close();
    await database.drop();
  });

  it('gives each job to exactly one claimer, and a dead claimer’s job to another after its lease', async () => {
    await insertJobs(processes[0]!, 30);
    const workers = processes.flatMap((handle, p) =>
      [0, 1, 2].map((w) => ({ id: `p${p}-w${w}`, jobs: new JobRepository(handle.db, handle.dialect, 60_000) })),
    );
    const claimed = new Map<string, string>();
    await Promise.all(
      workers.map(async (worker) => {
        for (;;) {
          const job = await worker.jobs.claimNext(worker.id, 60_000);
          if (!job) return;
          expect(claimed.has(job.id), `job ${job.id} claimed twice`).toBe(false);
          claimed.set(job.id, worker.id);
        }
      }),
    );
    expect(claimed.size).toBe(30);

    // One claimer dies: its claim holds until the lease runs out, then another takes the job.
    const shortLease = new JobRepository(processes[0]!.db, processes[0]!.dialect, 300);
    const [[jobId, claimer]] = [...claimed.entries()] as [[string, string]];
    await shortLease.release(jobId, claimer);
    const dying = await shortLease.claim(jobId, 'dying', 300);
    expect(dying).toBeDefined();
    const other = new JobRepository(processes[1]!.db, processes[1]!.dialect, 300);
    expect(await other.claim(jobId, 'survivor', 300)).toBeUndefined();
    await new Promise((r) => setTimeout(r, 400));
    expect((await other.claim(jobId, 'survivor', 300))?.attempts).toBe(dying!.attempts + 1);
    expect(await shortLease.renew(jobId, 'dying', 300)).toBe(false);
  });
});
