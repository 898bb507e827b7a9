import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../src/db/database.js';
import { migrateToLatest } from '../../../src/db/migrate.js';
import { JobRepository } from '../../../src/modules/hosting/job.repository.js';
import { DATABASE_KINDS, type TestDatabase } from '../../support/databases.js';

/** Rows for `count` hostings with one queued job each, straight in the database. */
async function seedJobs(handle: DatabaseHandle, count: number): Promise<void> {
  const now = new Date().toISOString();
  const userId = randomUUID();
  await handle.db
    .insertInto('users')
    .values({
      id: userId,
      email: `${userId}@example.org`,
      username: `u${userId.slice(0, 8)}`,
      password_hash: 'x',
      is_admin: false,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const jobs = new JobRepository(handle.db, handle.dialect, 1000);
  for (let i = 0; i < count; i += 1) {
    const id = randomUUID();
    await handle.db
      .insertInto('hostings')
      .values({
        id,
        user_id: userId,
        username: `h${i}`,
        // Not an active hosting: one user may hold many DELETED ones, which is all this test needs.
        status: 'DELETED',
        vcpus: 1,
        memory_mb: 512,
        disk_gb: 1,
        network_mode: 'user',
        ssh_port: null,
        vm_ssh_port: null,
        web_port: null,
        ip_address: null,
        mac_address: '52:54:00:00:00:00',
        base_image: '{}',
        ssh_public_key: null,
        password_hash: null,
        idempotency_key: null,
        error_step: null,
        error_message: null,
        error_retry_safe: null,
        created_at: now,
        updated_at: now,
        deleted_at: null,
      })
      .execute();
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
    await seedJobs(processes[0]!, 30);
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
    const [jobId] = [...claimed.keys()];
    await processes[0]!.db
      .updateTable('jobs')
      .set({ state: 'queued', locked_by: null, lease_until: null })
      .where('id', '=', jobId!)
      .execute();
    const dying = await shortLease.claim(jobId!, 'dying', 300);
    expect(dying).toBeDefined();
    const other = new JobRepository(processes[1]!.db, processes[1]!.dialect, 300);
    expect(await other.claim(jobId!, 'survivor', 300)).toBeUndefined();
    await new Promise((r) => setTimeout(r, 400));
    expect((await other.claim(jobId!, 'survivor', 300))?.attempts).toBe(dying!.attempts + 1);
    expect(await shortLease.renew(jobId!, 'dying', 300)).toBe(false);
  });
});
