import type { Overview } from '@hostbay/contract/admin';
import type { TlsMode, TlsOverview } from '@hostbay/contract/tls';
import type { HostUsage } from '@hostbay/contract/usage';
import { HostingStatus } from '@hostbay/contract/hosting';
import type { HostResources } from './admin.ports.js';
import type { AdminRepository } from './admin.repository.js';
import type { TemplateStatus } from '../hosting/template-keeper.js';

/** The operator's first screen: hostings by state, what they are given against what the host has, members. */
export class AdminOverview {
  constructor(
    private readonly admin: AdminRepository,
    private readonly host: HostResources,
    private readonly capacity: number,
    private readonly templates: { off: Overview['templates']['off']; status?: () => Promise<TemplateStatus[]> },
    /** HTTPS: the certificates' summary where this process runs the edge, else only the mode. */
    private readonly tls: { mode: TlsMode; overview?: () => Promise<TlsOverview> },
    /** The host's own use now (the resource sampler); absent without hostings. */
    private readonly hostUsage?: () => HostUsage | null,
  ) {}

  async get(): Promise<Overview> {
    const [totals, host, shapes, tls] = await Promise.all([
      this.admin.totals(),
      this.host.read(),
      this.templates.status?.() ?? [],
      this.tls.overview?.() ?? {
        mode: this.tls.mode,
        names: null,
        certificates: { pending: 0, waiting: 0, valid: 0, failed: 0 },
        next_expiry: null,
        problems: [],
      },
    ]);
    const hostings = Object.fromEntries(
      HostingStatus.options.filter((s) => s !== 'DELETED').map((s) => [s, totals.hostingsByStatus[s] ?? 0]),
    ) as Overview['hostings'];
    const existing = Object.values(hostings).reduce((sum, n) => sum + n, 0);
    return {
      hostings,
      resources: {
        vcpus: { allotted: totals.allotted.vcpus, host: host.vcpus },
        memory_mb: { allotted: totals.allotted.memoryMb, host: host.memoryMb },
        disk_gb: { allotted: totals.allotted.diskGb, host: host.diskGb },
      },
      capacity: { hostings: existing, limit: this.capacity },
      members: {
        active: totals.membersByStatus.active ?? 0,
        pending: totals.membersByStatus.pending ?? 0,
        suspended: totals.membersByStatus.suspended ?? 0,
      },
      admins: totals.admins,
      templates: {
        off: this.templates.off,
        shapes: shapes.map((template) => ({
          vcpus: template.shape.vcpus,
          memory_mb: template.shape.memoryMb,
          disk_gb: template.shape.diskGb,
          state: template.state,
          built_at: template.builtAt ?? null,
          build_seconds: template.buildSeconds ?? null,
          error: template.error ?? null,
        })),
      },
      tls,
      host_usage: this.hostUsage?.() ?? null,
    };
  }
}
