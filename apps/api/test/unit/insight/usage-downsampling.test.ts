import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { UsageDownsampler } from '../../../src/modules/insight/usage-downsampling.js';
import type { MachineUsage } from '../../../src/modules/insight/usage.types.js';
import { MemoryUsageStore } from './fakes/memory-usage-store.js';

/** 2026-03-01 12:00:00 UTC, in seconds: a whole ten minutes. */
const T0 = Date.UTC(2026, 2, 1, 12, 0, 0) / 1000;

let store: MemoryUsageStore;
let downsampler: UsageDownsampler;
let a: string;

function usage(cpuPercent: number, network: number | null = 100): MachineUsage {
  return {
    cpuPercent,
    memoryBytes: 1000 * cpuPercent,
    diskReadBytesPerSecond: 10 * cpuPercent,
    diskWriteBytesPerSecond: 0,
    networkInBytesPerSecond: network,
    networkOutBytesPerSecond: network,
  };
}

/** The sampler's rounds: a point for `hostingId` at each `at`, each followed by the downsampler's run. */
async function rounds(hostingId: string, ats: number[], cpu: (at: number) => number = () => 10) {
  for (const at of ats) {
    await store.insert(10, [{ hostingId, at, usage: usage(cpu(at)) }]);
    await downsampler.run(at);
  }
}

const every = (from: number, to: number, step: number) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

beforeEach(() => {
  store = new MemoryUsageStore();
  downsampler = new UsageDownsampler(store);
  a = randomUUID();
  store.addHosting(a);
});

describe('downsampling the graphs’ points', () => {
  it('averages the points of a minute into one point at the minute’s end, once the minute is over', async () => {
    // Rounds at :03, :13, … :53 of the first minute, then :03 of the next.
    await rounds(a, every(T0 + 3, T0 + 53, 10), (at) => at - T0);
    expect(store.all(60)).toEqual([]);
    await rounds(a, [T0 + 63]);
    expect(store.all(60)).toHaveLength(1);
    expect(store.all(60)[0]).toMatchObject({ hostingId: a, at: T0 + 60 });
    // (3 + 13 + 23 + 33 + 43 + 53) / 6
    expect(store.all(60)[0]?.usage.cpuPercent).toBeCloseTo(28);
    expect(store.all(60)[0]?.usage.memoryBytes).toBeCloseTo(28_000);
  });

  it('puts a point at a minute’s last second into that minute, and the next second’s into the next', async () => {
    await rounds(a, [T0 + 60, T0 + 61, T0 + 120, T0 + 121], (at) => (at <= T0 + 60 ? 10 : at <= T0 + 120 ? 30 : 99));
    expect(store.all(60).map((p) => [p.at - T0, p.usage.cpuPercent])).toEqual([
      [60, 10],
      [120, 30],
    ]);
  });

  it('averages each hosting on its own, and keeps unknown network traffic unknown', async () => {
    const b = randomUUID();
    store.addHosting(b);
    for (const at of every(T0 + 10, T0 + 60, 10)) {
      await store.insert(10, [
        { hostingId: a, at, usage: usage(10) },
        { hostingId: b, at, usage: usage(90, null) },
      ]);
    }
    await downsampler.run(T0 + 60);
    const minutes = new Map(store.all(60).map((p) => [p.hostingId, p.usage]));
    expect(minutes.get(a)).toMatchObject({ cpuPercent: 10, networkInBytesPerSecond: 100 });
    expect(minutes.get(b)).toMatchObject({ cpuPercent: 90, networkInBytesPerSecond: null });
  });

  it('averages ten minutes of minute points into one once the ten minutes are over', async () => {
    await rounds(a, every(T0 + 10, T0 + 600, 10), (at) => (at <= T0 + 300 ? 20 : 40));
    expect(store.all(600)).toHaveLength(1);
    expect(store.all(600)[0]).toMatchObject({ at: T0 + 600 });
    expect(store.all(600)[0]?.usage.cpuPercent).toBeCloseTo(30);
    expect(store.all(60)).toHaveLength(10);
  });

  it('keeps 10 s points an hour and minute points a day, and prunes at most once a minute', async () => {
    await rounds(a, every(T0 + 10, T0 + 2 * 3600, 10));
    const now = T0 + 2 * 3600;
    expect(Math.min(...store.all(10).map((p) => p.at))).toBe(now - 3600);
    expect(store.all(60)).toHaveLength(120);
    expect(store.all(600)).toHaveLength(12);
    // A day and a bit later, the first day's minutes are gone; the ten-minute points stay.
    await rounds(a, every(now + 86_400, now + 86_400 + 60, 10));
    expect(Math.min(...store.all(60).map((p) => p.at))).toBeGreaterThanOrEqual(now + 60);
    expect(store.all(600).length).toBeGreaterThanOrEqual(12);
  });

  it('keeps ten-minute points 30 days', async () => {
    await store.insert(600, [
      { hostingId: a, at: T0, usage: usage(1) },
      { hostingId: a, at: T0 + 600, usage: usage(1) },
    ]);
    await downsampler.prune(T0 + 30 * 86_400 + 300);
    expect(store.all(600).map((p) => p.at)).toEqual([T0 + 600]);
  });

  it('averages a minute whole when Hostbay restarted in the middle of it', async () => {
    await rounds(a, [T0 + 5, T0 + 15, T0 + 25], () => 10);
    // A new process: where the levels stand is read back from what is stored.
    downsampler = new UsageDownsampler(store);
    await rounds(a, [T0 + 45, T0 + 55, T0 + 65], (at) => (at < T0 + 60 ? 40 : 0));
    // (3 × 10 + 2 × 40) / 5: the points from before the restart and after it, once.
    expect(store.all(60).map((p) => [p.at - T0, p.usage.cpuPercent])).toEqual([[60, 22]]);
  });

  it('writes the same points when a bucket is averaged again (a crash between its average and the next round)', async () => {
    await rounds(a, every(T0 + 10, T0 + 180, 10), (at) => at % 70);
    const before = store.all(60);
    // The process died after averaging; the next one starts from its newest minute, and averaging (T0, T0 + 180] again
    // (what a crash before recording the progress would do) changes nothing.
    await store.aggregate(10, 60, T0, T0 + 180);
    downsampler = new UsageDownsampler(store);
    await rounds(a, [T0 + 190]);
    expect(store.all(60)).toEqual(before);
  });

  it('starts from the first stored point on a fresh installation, and from the newest minute after a long stop', async () => {
    await rounds(a, [T0 + 130, T0 + 140, T0 + 190]);
    expect(store.aggregations[0]).toEqual({ source: 10, resolution: 60, after: T0 + 120, until: T0 + 180 });
    downsampler = new UsageDownsampler(store);
    // Down for three hours: the points since the newest minute are averaged in one go.
    await rounds(a, [T0 + 3 * 3600 + 10]);
    expect(store.aggregations.at(-2)).toEqual({ source: 10, resolution: 60, after: T0 + 180, until: T0 + 3 * 3600 });
  });

  it('forgets a deleted hosting’s points at the next minute, and no one else’s', async () => {
    const b = randomUUID();
    store.addHosting(b);
    for (const at of every(T0 + 10, T0 + 120, 10)) {
      await store.insert(
        10,
        [b, a].map((hostingId) => ({ hostingId, at, usage: usage(10) })),
      );
      await downsampler.run(at);
    }
    expect(store.all(60).filter((p) => p.hostingId === b)).toHaveLength(2);
    store.deleteHosting(b, new Date((T0 + 125) * 1000));
    await rounds(a, every(T0 + 130, T0 + 180, 10));
    expect(store.all(10).some((p) => p.hostingId === b)).toBe(false);
    expect(store.all(60).some((p) => p.hostingId === b)).toBe(false);
    expect(store.all(60).filter((p) => p.hostingId === a)).toHaveLength(3);
  });
});
