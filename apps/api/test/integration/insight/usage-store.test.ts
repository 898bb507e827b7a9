import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UsageDownsampler } from '../../../src/modules/insight/usage-downsampling.js';
import { UsageRepository, type UsageSample } from '../../../src/modules/insight/usage.repository.js';
import type { MachineUsage } from '../../../src/modules/insight/usage.types.js';
import { DATABASE_KINDS } from '../../support/databases.js';
import { usageDatabase, type UsageDatabase } from './usage-db.js';

/** A whole ten minutes near now: deletion times (the real clock) fall inside the kept windows. */
const T0 = Math.floor(Date.now() / 1000 / 600) * 600 - 86_400;

function usage(cpuPercent: number, network: number | null = 1000): MachineUsage {
  return {
    cpuPercent,
    memoryBytes: 512 * 1024 ** 2 + cpuPercent,
    diskReadBytesPerSecond: 40 * cpuPercent,
    diskWriteBytesPerSecond: 4096,
    networkInBytesPerSecond: network,
    networkOutBytesPerSecond: network === null ? null : network / 2,
  };
}

const every = (from: number, to: number, step: number) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

/**
 * The graphs' points on real SQLite and PostgreSQL: a round of a thousand machines in one call, the
 * averages and buckets of the downsampling (the same scenarios the unit tier runs on the in-memory store),
 * pruning, a restart, deleted hostings.
 */
describe.each(DATABASE_KINDS.map((kind) => [kind.name, kind] as const))('usage points (%s)', (_, kind) => {
  let db: UsageDatabase;
  let repository: UsageRepository;
  let downsampler: UsageDownsampler;

  beforeAll(async () => {
    db = await usageDatabase(kind);
    repository = new UsageRepository(db.database.db);
  });
  afterAll(() => db?.close());
  beforeEach(async () => {
    // Each test starts with no points (and no levels standing anywhere).
    await repository.prune(10, Number.MAX_SAFE_INTEGER);
    await repository.prune(60, Number.MAX_SAFE_INTEGER);
    await repository.prune(600, Number.MAX_SAFE_INTEGER);
    downsampler = new UsageDownsampler(repository);
  });

  async function rounds(hostingIds: string[], ats: number[], cpu: (at: number) => number = () => 10) {
    for (const at of ats) {
      await repository.insert(
        10,
        hostingIds.map((hostingId) => ({ hostingId, at, usage: usage(cpu(at)) })),
      );
      await downsampler.run(at);
    }
  }

  const points = (hostingId: string, resolution: number) => repository.points(hostingId, resolution, 0);

  it('stores a round of 1,200 machines in one call and gives each hosting its own points back', async () => {
    const hostings = await Promise.all(Array.from({ length: 1200 }, () => db.addHosting()));
    const samples: UsageSample[] = hostings.map((h, i) => ({
      hostingId: h.id,
      at: T0 + 10,
      usage: usage((i % 100) + 0.256, i % 2 ? null : 2_000_000_000_000),
    }));
    await repository.insert(10, samples);
    expect(await points(hostings[7]!.id, 10)).toEqual([
      // CPU is kept to a hundredth of a percent; bytes to the byte; unknown traffic stays unknown.
      {
        hostingId: hostings[7]!.id,
        at: T0 + 10,
        usage: { ...usage(7.26, null), memoryBytes: 512 * 1024 ** 2 + 7, diskReadBytesPerSecond: 290 },
      },
    ]);
    expect((await points(hostings[8]!.id, 10))[0]?.usage.networkInBytesPerSecond).toBe(2_000_000_000_000);
    expect(await repository.machines()).toEqual(expect.arrayContaining([{ id: hostings[0]!.id, vcpus: 1 }]));
  });

  it('replaces a point written again for the same second (a restart within it)', async () => {
    const { id } = await db.addHosting();
    await repository.insert(10, [{ hostingId: id, at: T0 + 10, usage: usage(10) }]);
    await repository.insert(10, [{ hostingId: id, at: T0 + 10, usage: usage(20) }]);
    expect((await points(id, 10)).map((p) => p.usage.cpuPercent)).toEqual([20]);
  });

  it('averages each minute into one point at its end once it is over, each hosting on its own', async () => {
    const a = (await db.addHosting()).id;
    const b = (await db.addHosting()).id;
    await rounds([a, b], every(T0 + 3, T0 + 53, 10), (at) => at - T0);
    expect(await points(a, 60)).toEqual([]);
    await rounds([a, b], [T0 + 60, T0 + 61]);
    const [minute] = await points(a, 60);
    expect(minute?.at).toBe(T0 + 60);
    // (3 + 13 + 23 + 33 + 43 + 53 + 10) / 7, each column averaged and rounded as stored.
    expect(minute?.usage.cpuPercent).toBeCloseTo(178 / 7, 2);
    expect(minute?.usage.memoryBytes).toBe(Math.round(512 * 1024 ** 2 + 178 / 7));
    expect(minute?.usage.networkOutBytesPerSecond).toBe(500);
    expect(await points(b, 60)).toHaveLength(1);
  });

  it('averages minutes into ten minutes, and keeps 10 s points an hour and minutes a day', async () => {
    const { id } = await db.addHosting();
    await rounds([id], every(T0 + 10, T0 + 70 * 60, 10), (at) => (at <= T0 + 300 ? 20 : 40));
    const now = T0 + 70 * 60;
    expect((await points(id, 600))[0]).toMatchObject({ at: T0 + 600 });
    expect((await points(id, 600))[0]?.usage.cpuPercent).toBeCloseTo(30, 1);
    expect(await points(id, 600)).toHaveLength(7);
    expect(await points(id, 60)).toHaveLength(70);
    expect((await points(id, 10))[0]?.at).toBe(now - 3600);
    await rounds([id], every(now + 86_400, now + 86_400 + 60, 10));
    expect((await points(id, 60))[0]?.at).toBeGreaterThanOrEqual(now + 60);
    await downsampler.prune(T0 + 30 * 86_400 + 700);
    expect((await points(id, 600)).map((p) => p.at)).not.toContain(T0 + 600);
  });

  it('averages a minute whole across a restart, and averaging it again changes nothing', async () => {
    const { id } = await db.addHosting();
    await rounds([id], [T0 + 5, T0 + 15, T0 + 25], () => 10);
    downsampler = new UsageDownsampler(repository);
    await rounds([id], [T0 + 45, T0 + 55, T0 + 65], (at) => (at < T0 + 60 ? 40 : 0));
    expect((await points(id, 60)).map((p) => [p.at - T0, p.usage.cpuPercent])).toEqual([[60, 22]]);
    await repository.aggregate(10, 60, T0, T0 + 60);
    downsampler = new UsageDownsampler(repository);
    await rounds([id], [T0 + 75, T0 + 125]);
    expect((await points(id, 60)).map((p) => [p.at - T0, p.usage.cpuPercent])).toEqual([
      [60, 22],
      [120, 5],
    ]);
  });

  it('forgets a deleted hosting’s points at the next minute, and a deleted account’s with its rows', async () => {
    const kept = await db.addHosting();
    const deleted = await db.addHosting();
    const ofAccount = await db.addHosting();
    const all = [kept.id, deleted.id, ofAccount.id];
    await rounds(all, every(T0 + 10, T0 + 120, 10));
    await db.deleteHosting(deleted.id);
    await rounds([kept.id, ofAccount.id], every(T0 + 130, T0 + 180, 10));
    expect(await points(deleted.id, 10)).toEqual([]);
    expect(await points(deleted.id, 60)).toEqual([]);
    expect(await points(kept.id, 60)).toHaveLength(3);
    await db.users.delete(ofAccount.userId);
    expect(await points(ofAccount.id, 10)).toEqual([]);
    expect(await repository.machines()).not.toContainEqual(expect.objectContaining({ id: deleted.id }));
  });
});
