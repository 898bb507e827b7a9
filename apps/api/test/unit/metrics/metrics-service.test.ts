import { describe, expect, it } from 'vitest';
import type { MetricsRegistry, ScrapeReadings } from '../../../src/modules/metrics/metrics.ports.js';
import { MetricsService, type MetricsSources } from '../../../src/modules/metrics/metrics.service.js';

/** A registry that keeps what each scrape read, instead of rendering it. */
class ReadingsRegistry implements MetricsRegistry {
  readonly contentType = 'text/plain; version=0.0.4';
  readonly scrapes: ScrapeReadings[] = [];
  stepFinished(): void {}
  reloadFinished(): void {}
  loginFailed(): void {}
  requestFinished(): void {}
  async render(readings: ScrapeReadings): Promise<string> {
    this.scrapes.push(readings);
    return '';
  }
}

const NOW = Date.parse('2025-03-01T12:00:00Z');
const MACHINE = {
  cpuPercent: 50,
  memoryBytes: 1,
  diskReadBytesPerSecond: 2,
  diskWriteBytesPerSecond: 3,
  networkInBytesPerSecond: 4,
  networkOutBytesPerSecond: 5,
};

function service(sources: Partial<MetricsSources> = {}) {
  const registry = new ReadingsRegistry();
  const warnings: string[] = [];
  const metrics = new MetricsService({
    registry,
    sources: { hostingsByStatus: async () => [], jobsWaiting: async () => 0, ...sources },
    log: { warn: (_detail: object, message: string) => void warnings.push(message) },
    now: () => NOW,
  });
  const scrape = async () => {
    await metrics.scrape();
    return registry.scrapes.at(-1)!;
  };
  return { scrape, warnings };
}

describe('MetricsService', () => {
  it('reports every state but DELETED, empty ones as zero, with how long the oldest has waited', async () => {
    const { scrape } = service({
      hostingsByStatus: async () => [
        { status: 'RUNNING', count: 7, oldestChange: '2025-02-01T12:00:00.000Z' },
        { status: 'CREATING', count: 1, oldestChange: '2025-03-01T11:40:00.000Z' },
      ],
      jobsWaiting: async () => 3,
    });
    const readings = await scrape();
    expect(readings.hostings.map((h) => h.state)).toEqual([
      'CREATING',
      'RUNNING',
      'STOPPING',
      'STOPPED',
      'STARTING',
      'REBOOTING',
      'RESTORING',
      'DELETING',
      'ERROR',
    ]);
    expect(readings.hostings.find((h) => h.state === 'CREATING')).toEqual({
      state: 'CREATING',
      count: 1,
      oldestSeconds: 1200,
    });
    expect(readings.hostings.find((h) => h.state === 'ERROR')).toEqual({ state: 'ERROR', count: 0, oldestSeconds: 0 });
    expect(readings.jobsWaiting).toBe(3);
  });

  it("reports the sampler's latest round per hosting, but not a round a stopped sampler left behind", async () => {
    let at = new Date(NOW - 10_000);
    const { scrape } = service({
      usage: { latest: () => ({ at, byHosting: new Map([['h-1', MACHINE]]) }) },
    });
    expect((await scrape()).usage).toEqual([{ hostingId: 'h-1', usage: MACHINE }]);
    at = new Date(NOW - 10 * 60_000);
    expect((await scrape()).usage).toEqual([]);
  });

  it('leaves the storage out while the pool cannot be read, saying so once per streak', async () => {
    let failing = true;
    const { scrape, warnings } = service({
      storage: {
        space: async () => {
          if (failing) throw new Error('libvirt is down');
          return { freeBytes: 10, sizeBytes: 100 };
        },
      },
    });
    expect((await scrape()).storage).toBeUndefined();
    expect((await scrape()).storage).toBeUndefined();
    expect(warnings).toHaveLength(1);
    failing = false;
    expect((await scrape()).storage).toEqual({ freeBytes: 10, sizeBytes: 100 });
    failing = true;
    await scrape();
    expect(warnings).toHaveLength(2);
  });
});
