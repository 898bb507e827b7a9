import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { uniqueViolation } from '../../../src/db/errors.js';
import { IllegalTransitionError } from '../../../src/modules/hosting/hosting-state.js';
import type { HostingStores } from '../../../src/modules/hosting/hosting.ports.js';
import { MemoryDatabase } from './fakes/memory-database.js';
import { memoryStores, memoryTransactor } from './fakes/memory-stores.js';
import { BASE_IMAGE } from './lifecycle.js';

/**
 * The fakes the unit tier runs on must keep the promises of the repositories
 * they stand in for (job-claims.test.ts checks the real ones); otherwise a
 * lifecycle test could pass against a database that does not exist.
 */

const LEASE = 1000;

async function hosting(stores: HostingStores, userId = randomUUID(), idempotencyKey: string | null = null) {
  const id = randomUUID();
  await stores.hostings.insert({
    id,
    userId,
    username: 'alice',
    vcpus: 1,
    memoryMb: 512,
    diskGb: 2,
    networkMode: 'user',
    baseImage: BASE_IMAGE,
    sshPublicKey: null,
    passwordHash: null,
    idempotencyKey,
    templateKey: null,
  });
  return id;
}

function setup() {
  const db = new MemoryDatabase();
  return { db, stores: memoryStores(db, LEASE), transaction: memoryTransactor(db, LEASE) };
}

describe('the in-memory job store', () => {
  it('gives the oldest job to one claimer, and a dead claimer’s job to another once its lease ran out', async () => {
    const { db, stores } = setup();
    const older = await stores.jobs.enqueue(await hosting(stores), 'create');
    await stores.jobs.enqueue(await hosting(stores), 'create');

    expect((await stores.jobs.claimNext('a', LEASE))?.id).toBe(older.id);
    expect((await stores.jobs.claimNext('b', LEASE))?.id).not.toBe(older.id);
    expect(await stores.jobs.claimNext('c', LEASE)).toBeUndefined();

    db.clock.advance(LEASE + 1);
    expect(await stores.jobs.claimNext('c', LEASE)).toMatchObject({ id: older.id, attempts: 2 });
    expect(await stores.jobs.renew(older.id, 'a', LEASE)).toBe(false);
    expect(await stores.jobs.renew(older.id, 'c', LEASE)).toBe(true);
  });

  it('holds a job released with a back-off, and one queued with notBeforeMs, until then', async () => {
    const { db, stores } = setup();
    const job = await stores.jobs.enqueue(await hosting(stores), 'delete');
    await stores.jobs.claimNext('a', LEASE);
    await stores.jobs.release(job.id, 'a', 200);
    expect(await stores.jobs.claimNext('b', LEASE)).toBeUndefined();
    db.clock.advance(201);
    expect(await stores.jobs.claimNext('b', LEASE)).toMatchObject({ id: job.id, attempts: 2 });

    const held = await stores.jobs.enqueue(await hosting(stores), 'delete', 500);
    expect(await stores.jobs.claimNext('b', LEASE)).toBeUndefined();
    await stores.jobs.releaseHold(held.id);
    expect(await stores.jobs.claimNext('b', LEASE)).toMatchObject({ id: held.id, attempts: 1 });
  });

  it('lets no cancelled job be claimed, and allows one open job per hosting', async () => {
    const { stores } = setup();
    const id = await hosting(stores);
    const job = await stores.jobs.enqueue(id, 'create');
    const second = await stores.jobs.enqueue(id, 'delete').catch((error: unknown) => error);
    expect(uniqueViolation(second)).toBe('jobs_one_open_per_hosting');

    await stores.jobs.cancel(job.id);
    expect(await stores.jobs.claimNext('a', LEASE)).toBeUndefined();
    await stores.jobs.enqueue(id, 'delete');
    expect(await stores.jobs.latest(id)).toMatchObject({ kind: 'delete' });
  });
});

describe('the in-memory hosting and allocation stores', () => {
  it('keep one active hosting per user and one per Idempotency-Key, as PostgreSQL reports it', async () => {
    const { stores } = setup();
    const userId = randomUUID();
    const first = await hosting(stores, userId, 'key-1');

    expect(uniqueViolation(await hosting(stores, userId).catch((e: unknown) => e))).toBe(
      'hostings_one_active_per_user',
    );
    await stores.hostings.transition(first, 'CREATING', 'DELETING');
    await stores.hostings.transition(first, 'DELETING', 'DELETED');
    expect(uniqueViolation(await hosting(stores, userId, 'key-1').catch((e: unknown) => e))).toBe(
      'hostings_idempotency',
    );
    await hosting(stores, userId, 'key-2');
    expect((await stores.hostings.listActive()).map((h) => h.userId)).toEqual([userId]);
  });

  it('change a status only from the expected one, and refuse an illegal change', async () => {
    const { stores } = setup();
    const id = await hosting(stores);
    expect(await stores.hostings.transition(id, 'RUNNING', 'STOPPING')).toBeUndefined();
    expect(await stores.hostings.transition(id, 'CREATING', 'RUNNING')).toMatchObject({ status: 'RUNNING' });
    await expect(stores.hostings.transition(id, 'RUNNING', 'CREATING')).rejects.toThrow(IllegalTransitionError);
  });

  it('keep each (kind, value) with one hosting', async () => {
    const { stores } = setup();
    const [a, b] = [await hosting(stores), await hosting(stores)];
    await stores.allocations.take('ssh_port', '22000', a);
    expect(uniqueViolation(await stores.allocations.take('ssh_port', '22000', b).catch((e: unknown) => e))).toBe(
      'allocations_pk',
    );
    await stores.allocations.releaseAll(a);
    await stores.allocations.take('ssh_port', '22000', b);
    expect(await stores.allocations.heldBy(b)).toEqual([{ kind: 'ssh_port', value: '22000', hostingId: b }]);
  });
});

describe('the in-memory transactor', () => {
  it('stores all of a transaction or, when it throws, none of it', async () => {
    const { db, stores, transaction } = setup();
    const id = await hosting(stores);
    const before = db.tables;

    await expect(
      transaction(async (tx) => {
        await tx.allocations.take('slot', '0', id);
        await tx.hostings.planSteps(id, 'create', ['allocate']);
        throw new Error('the creation changed its mind');
      }),
    ).rejects.toThrow('changed its mind');

    expect(db.tables).toEqual(before);
  });

  it('makes other statements wait until the transaction ends, so they never see half of it', async () => {
    const { stores, transaction } = setup();
    const id = await hosting(stores);
    let release = () => {};
    const inside = transaction(async (tx) => {
      await tx.allocations.take('slot', '0', id);
      await new Promise<void>((resolve) => (release = resolve));
      await tx.allocations.take('ssh_port', '22000', id);
    });
    const seen = stores.allocations.heldBy(id);
    await new Promise((resolve) => setTimeout(resolve, 5));
    release();
    await inside;

    expect((await seen).map((a) => a.kind).sort()).toEqual(['slot', 'ssh_port']);
  });
});
