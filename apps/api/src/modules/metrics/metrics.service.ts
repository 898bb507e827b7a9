import { HostingStatus } from '@hostbay/contract/hosting';
import type { JobLogger } from '../hosting/hosting.ports.js';
import type { LatestUsageSource } from '../insight/usage.types.js';
import type { MetricsRegistry, ScrapeReadings, StorageSpace } from './metrics.ports.js';

/** The states /metrics reports, each always (zero when empty), so that an alert on one never sees it vanish. */
const REPORTED_STATES = HostingStatus.options.filter(
  (state): state is Exclude<HostingStatus, 'DELETED'> => state !== 'DELETED',
);

/**
 * How long a scrape waits for the pool's space: its virsh connection also carries base image uploads, and a
 * scrape that waited for one would time out whole (Prometheus gives it 10 s), losing every other metric.
 */
const STORAGE_READ_TIMEOUT_MS = 2000;

/** A sampler round older than this is not "now": a sampler that stopped must not report its last round forever. */
const USAGE_STALE_AFTER_MS = 5 * 60_000;

export interface MetricsSources {
  /** Hostings by status (DELETED aside) and when the longest-waiting one last changed (MetricsRepository). */
  hostingsByStatus(): Promise<readonly { status: HostingStatus; count: number; oldestChange: string }[]>;
  jobsWaiting(): Promise<number>;
  /** The resource sampler's latest round; absent without hostings or with sampling off. */
  usage?: LatestUsageSource;
  /** The storage pool's file system, as libvirt reports it. */
  storage?: StorageSpace;
}

export interface MetricsServiceDeps {
  registry: MetricsRegistry;
  sources: MetricsSources;
  log: Pick<JobLogger, 'warn'>;
  now?: () => number;
}

/** One scrape: reads what is true now from the database, the sampler and the host, then renders every metric. */
export class MetricsService {
  /** Whether the storage's file system could not be read at the last scrape: said once per streak, not per scrape. */
  #storageFailing = false;

  constructor(private readonly deps: MetricsServiceDeps) {}

  get contentType(): string {
    return this.deps.registry.contentType;
  }

  async scrape(): Promise<string> {
    const { registry, sources } = this.deps;
    const [byStatus, jobsWaiting, storage] = await Promise.all([
      sources.hostingsByStatus(),
      sources.jobsWaiting(),
      this.readStorage(),
    ]);
    const now = this.deps.now?.() ?? Date.now();
    const hostings = REPORTED_STATES.map((state) => {
      const row = byStatus.find((r) => r.status === state);
      const oldestSeconds = row ? Math.max(0, (now - Date.parse(row.oldestChange)) / 1000) : 0;
      return { state, count: row?.count ?? 0, oldestSeconds };
    });
    const readings: ScrapeReadings = { hostings, jobsWaiting, usage: this.readUsage(now), storage };
    return registry.render(readings);
  }

  private readUsage(now: number): ScrapeReadings['usage'] {
    const latest = this.deps.sources.usage?.latest();
    if (!latest || now - latest.at.getTime() > USAGE_STALE_AFTER_MS) return [];
    return [...latest.byHosting].map(([hostingId, usage]) => ({ hostingId, usage }));
  }

  /**
   * The storage gauges are left out when the pool's space cannot be read (libvirt down): Prometheus sees
   * them absent, which an `absent()` alert catches, and the other metrics are still served.
   */
  private async readStorage(): Promise<ScrapeReadings['storage']> {
    const { storage } = this.deps.sources;
    if (!storage) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${STORAGE_READ_TIMEOUT_MS} ms`)),
        STORAGE_READ_TIMEOUT_MS,
      );
    });
    try {
      const space = await Promise.race([storage.space(), timeout]);
      this.#storageFailing = false;
      return space;
    } catch (error) {
      if (!this.#storageFailing) this.deps.log.warn({ err: error }, 'metrics: the storage pool’s space cannot be read');
      this.#storageFailing = true;
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
