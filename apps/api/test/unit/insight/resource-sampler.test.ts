import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { ResourceSampler } from '../../../src/modules/insight/resource-sampler.js';
import { UsageDownsampler } from '../../../src/modules/insight/usage-downsampling.js';
import { domainName } from '../../../src/modules/vm/vm-names.js';
import { RecordingLogger } from '../hosting/fakes/recording-logger.js';
import { FakeDomains, FakeHost } from './fakes/fake-readers.js';
import { MemoryUsageStore } from './fakes/memory-usage-store.js';

const START = Date.UTC(2026, 2, 1, 12, 0, 0);

let domains: FakeDomains;
let host: FakeHost;
let store: MemoryUsageStore;
let log: RecordingLogger;
let now: number;
let sampler: ResourceSampler;

beforeEach(() => {
  domains = new FakeDomains();
  host = new FakeHost();
  store = new MemoryUsageStore();
  log = new RecordingLogger();
  now = START;
  sampler = new ResourceSampler({
    domains,
    host,
    store,
    downsampler: new UsageDownsampler(store),
    intervalMs: 10_000,
    log,
    now: () => new Date(now),
  });
});

/** One round, then the clock moves on by the interval. */
async function round(): Promise<void> {
  await sampler.sample();
  now += 10_000;
}

function hosting(vcpus = 1): string {
  const id = randomUUID();
  store.addHosting(id, vcpus);
  domains.run(domainName(id));
  return id;
}

describe('the resource sampler', () => {
  it('stores a point per running machine from the second reading on, at the reading’s second', async () => {
    const a = hosting();
    const b = hosting(2);
    await round();
    expect(store.all(10)).toEqual([]);
    expect(sampler.latest()?.byHosting.size).toBe(0);

    domains.grow(domainName(a), { cpuNs: 2.5e9, diskWrite: 40_960 });
    domains.grow(domainName(b), { cpuNs: 10e9 });
    await round();
    const points = new Map(store.all(10).map((p) => [p.hostingId, p]));
    expect(points.get(a)).toMatchObject({
      at: START / 1000 + 10,
      usage: { cpuPercent: 25, diskWriteBytesPerSecond: 4096 },
    });
    expect(points.get(b)?.usage.cpuPercent).toBe(50);
    expect(sampler.latest()).toEqual({
      at: new Date(START + 10_000),
      byHosting: new Map([
        [a, points.get(a)?.usage],
        [b, points.get(b)?.usage],
      ]),
    });
  });

  it('looks only at this installation’s hostings: other domains on the same libvirt are no one’s graphs', async () => {
    const mine = hosting();
    domains.run(domainName(randomUUID()), { cpuTimeNs: 0 });
    domains.run('hb-tmpl-0123456789abcdef');
    domains.run('someone-elses-vm');
    await round();
    for (const d of domains.running.values()) d.cpuTimeNs = (d.cpuTimeNs ?? 0) + 1e9;
    await round();
    expect(store.all(10).map((p) => p.hostingId)).toEqual([mine]);
    expect([...(sampler.latest()?.byHosting.keys() ?? [])]).toEqual([mine]);
  });

  it('skips the point of a machine that started again between two readings, and goes on after', async () => {
    const id = hosting();
    domains.grow(domainName(id), { cpuNs: 100e9, diskRead: 1e9 });
    await round();
    // Restarted: the counters begin again from zero.
    domains.run(domainName(id), { cpuTimeNs: 1e9, diskReadBytes: 1000 });
    await round();
    expect(store.all(10)).toEqual([]);
    domains.grow(domainName(id), { cpuNs: 1e9 });
    await round();
    expect(store.all(10)).toHaveLength(1);
    expect(store.all(10)[0]?.usage.cpuPercent).toBe(10);
  });

  it('drops a stopped machine from the latest round, and starts it afresh when it runs again', async () => {
    const id = hosting();
    await round();
    await round();
    expect(sampler.latest()?.byHosting.has(id)).toBe(true);
    domains.stop(domainName(id));
    await round();
    expect(sampler.latest()?.byHosting.has(id)).toBe(false);
    domains.run(domainName(id), { cpuTimeNs: 5e9 });
    await round();
    expect(sampler.latest()?.byHosting.has(id)).toBe(false);
    expect(store.all(10)).toHaveLength(1);
  });

  it('logs a run of failures once, never throws, reports nothing meanwhile, and says when it works again', async () => {
    hosting();
    await round();
    await round();
    expect(sampler.latest()?.byHosting.size).toBe(1);
    domains.failure = new Error('failed to connect to the hypervisor');
    await round();
    await round();
    await round();
    expect(log.messages('warn')).toEqual(['resource sampling failed; retrying each interval']);
    expect(sampler.latest()).toBeUndefined();
    domains.failure = undefined;
    await round();
    expect(log.messages('info')).toEqual(['resource sampling works again']);
    expect(sampler.latest()?.byHosting.size).toBe(1);
    domains.failure = new Error('again');
    await round();
    expect(log.messages('warn')).toHaveLength(2);
  });

  it('reads the host each round: memory and disk at once, CPU from the second reading', async () => {
    expect(sampler.hostUsage()).toBeUndefined();
    host.reading.cpu = { busyTicks: 100, totalTicks: 1000 };
    await round();
    expect(sampler.hostUsage()).toMatchObject({ cpu_percent: null, memory_used_mb: 2048, disk_total_gb: 100 });
    host.reading.cpu = { busyTicks: 400, totalTicks: 2000 };
    await round();
    expect(sampler.hostUsage()).toMatchObject({ cpu_percent: 30, at: new Date(START + 10_000).toISOString() });
  });

  it('keeps sampling the machines when the host cannot be read', async () => {
    hosting();
    host.read = () => Promise.reject(new Error('no /proc'));
    await round();
    await round();
    expect(store.all(10)).toHaveLength(1);
    expect(log.messages('warn')).toEqual(['resource sampling failed; retrying each interval']);
  });

  it('runs on its own once started: a reading at once, then one per interval, none after stop', async () => {
    const timed = new ResourceSampler({
      domains,
      host,
      store,
      downsampler: new UsageDownsampler(store),
      intervalMs: 25,
      log,
    });
    hosting();
    timed.start();
    await new Promise((resolve) => setTimeout(resolve, 140));
    await timed.stop();
    const reads = domains.reads;
    expect(reads).toBeGreaterThanOrEqual(3);
    expect(store.all(10).length).toBeGreaterThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(domains.reads).toBe(reads);
  });
});
