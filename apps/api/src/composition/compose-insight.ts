import type { HostUsage } from '@hostbay/contract/usage';
import type { FastifyBaseLogger } from 'fastify';
import { LocalHostUsage } from '../adapters/host/host-usage.js';
import { LibvirtDomainStats } from '../adapters/libvirt/libvirt-domain-stats.js';
import { VirshSession } from '../adapters/libvirt/virsh-session.js';
import type { Config } from '../config/config.js';
import type { DatabaseHandle } from '../db/database.js';
import { HostingRepository } from '../modules/hosting/hosting.repository.js';
import { ResourceSampler } from '../modules/insight/resource-sampler.js';
import { UsageDownsampler } from '../modules/insight/usage-downsampling.js';
import { UsageRepository } from '../modules/insight/usage.repository.js';
import { UsageService } from '../modules/insight/usage.service.js';

export interface InsightRuntime {
  service: UsageService;
  /** The latest round, for /metrics; undefined with HOSTBAY_SAMPLE_INTERVAL=off. */
  sampler: ResourceSampler | undefined;
  /** The host's own use for the admin overview; null without a sampler or before its first round. */
  hostUsage(): HostUsage | null;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Resource graphs (docs/operators.md, "Resource graphs"): the sampler over libvirt and the host, its points
 * in the database, the members' graphs. HOSTBAY_SAMPLE_INTERVAL=off leaves the sampler out; the graphs then
 * show what was kept before.
 */
export function composeInsight(
  config: Config,
  database: DatabaseHandle,
  log: FastifyBaseLogger,
  /** The lifecycle's own virsh session: a test:/// URI's domains exist only on the connection that defined them. */
  lifecycleVirsh: VirshSession,
): InsightRuntime {
  const repository = new UsageRepository(database.db);
  const service = new UsageService({ hostings: new HostingRepository(database.db), samples: repository });
  const seconds = config.insight.sampleIntervalSeconds;
  if (seconds === undefined) {
    return { service, sampler: undefined, hostUsage: () => null, start: () => undefined, stop: async () => undefined };
  }
  // Its own connection elsewhere: a reading never waits behind a VM's start or a second-long restore.
  const ownVirsh = config.vm.libvirtUri.startsWith('test:')
    ? undefined
    : new VirshSession({ uri: config.vm.libvirtUri });
  const sampler = new ResourceSampler({
    domains: new LibvirtDomainStats(ownVirsh ?? lifecycleVirsh),
    host: new LocalHostUsage(config.vm.storagePool.dir),
    store: repository,
    downsampler: new UsageDownsampler(repository),
    intervalMs: seconds * 1000,
    log,
  });
  return {
    service,
    sampler,
    hostUsage: () => sampler.hostUsage() ?? null,
    start: () => sampler.start(),
    async stop() {
      await sampler.stop();
      await ownVirsh?.close();
    },
  };
}
