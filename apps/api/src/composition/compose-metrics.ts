import { PrometheusRegistry } from '../adapters/metrics/prometheus-registry.js';
import type { Config } from '../config/config.js';
import type { DatabaseHandle } from '../db/database.js';
import type { JobLogger } from '../modules/hosting/hosting.ports.js';
import type { LatestUsageSource } from '../modules/insight/usage.types.js';
import type { MetricsRegistry, StorageSpace } from '../modules/metrics/metrics.ports.js';
import { MetricsRepository } from '../modules/metrics/metrics.repository.js';
import { MetricsService } from '../modules/metrics/metrics.service.js';
import { ScrapeAccess } from '../modules/metrics/scrape-access.js';

/**
 * The one registry of this process (API and worker alike), or none with
 * HOSTBAY_METRICS=off: then nothing is counted and /metrics is not routed.
 * Made first, so that the parts that count (the job runner, the edge, the
 * login limits, the API) get it as their observer when they are built.
 */
export function createMetricsRegistry(config: Config): MetricsRegistry | undefined {
  return config.metrics.mode === 'off' ? undefined : new PrometheusRegistry();
}

export interface MetricsParts {
  database: DatabaseHandle;
  log: Pick<JobLogger, 'warn'>;
  /** Only where Hostbay runs hostings: the storage pool (VmStorage), and the sampler's latest round. */
  hosting?: { storage: StorageSpace; usage?: LatestUsageSource };
}

/** `/metrics`: what it reads at each scrape, and who may read it. */
export function composeMetrics(config: Config, registry: MetricsRegistry, parts: MetricsParts) {
  if (config.metrics.mode === 'off') throw new Error('composeMetrics: HOSTBAY_METRICS is off');
  const repository = new MetricsRepository(parts.database.db);
  const service = new MetricsService({
    registry,
    sources: {
      hostingsByStatus: () => repository.hostingsByStatus(),
      jobsWaiting: () => repository.jobsWaiting(),
      ...(parts.hosting?.usage ? { usage: parts.hosting.usage } : {}),
      ...(parts.hosting ? { storage: parts.hosting.storage } : {}),
    },
    log: parts.log,
  });
  return { service, access: new ScrapeAccess(config.metrics), requests: registry };
}
