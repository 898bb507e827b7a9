import type { SampledMachine, UsageRepository, UsageSample } from '../../../../src/modules/insight/usage.repository.js';
import type { MachineUsage } from '../../../../src/modules/insight/usage.types.js';

type UsageStore = Pick<UsageRepository, keyof UsageRepository>;

/**
 * UsageRepository in memory: points keyed by hosting, resolution and second, averaged by bucket as the
 * repository's SQL does (integration/insight checks the real one against the same scenarios).
 */
export class MemoryUsageStore implements UsageStore {
  readonly hostings = new Map<string, { vcpus: number; deletedAt?: Date }>();
  readonly rows = new Map<string, { resolution: number; sample: UsageSample }>();
  /** Every aggregate call, to tell which buckets were averaged when. */
  readonly aggregations: { source: number; resolution: number; after: number; until: number }[] = [];

  addHosting(id: string, vcpus = 1): void {
    this.hostings.set(id, { vcpus });
  }

  deleteHosting(id: string, at: Date): void {
    const hosting = this.hostings.get(id);
    if (hosting) hosting.deletedAt = at;
  }

  async machines(): Promise<SampledMachine[]> {
    return [...this.hostings].filter(([, h]) => !h.deletedAt).map(([id, h]) => ({ id, vcpus: h.vcpus }));
  }

  async insert(resolution: number, samples: readonly UsageSample[]): Promise<void> {
    for (const sample of samples) this.rows.set(key(sample.hostingId, resolution, sample.at), { resolution, sample });
  }

  async aggregate(source: number, resolution: number, after: number, until: number): Promise<void> {
    this.aggregations.push({ source, resolution, after, until });
    const groups = new Map<string, UsageSample[]>();
    for (const { resolution: r, sample } of this.rows.values()) {
      if (r !== source || sample.at <= after || sample.at > until) continue;
      const bucket = Math.ceil(sample.at / resolution) * resolution;
      const group = `${sample.hostingId}|${bucket}`;
      groups.set(group, [...(groups.get(group) ?? []), sample]);
    }
    for (const [group, samples] of groups) {
      const [hostingId = '', bucket] = group.split('|');
      const at = Number(bucket);
      this.rows.set(key(hostingId, resolution, at), { resolution, sample: { hostingId, at, usage: mean(samples) } });
    }
  }

  async newest(resolution: number): Promise<number | undefined> {
    const ats = this.ats(resolution);
    return ats.length ? Math.max(...ats) : undefined;
  }

  async oldest(resolution: number): Promise<number | undefined> {
    const ats = this.ats(resolution);
    return ats.length ? Math.min(...ats) : undefined;
  }

  async prune(resolution: number, before: number): Promise<void> {
    for (const [k, row] of this.rows) if (row.resolution === resolution && row.sample.at < before) this.rows.delete(k);
  }

  async removeDeletedSince(since: Date): Promise<void> {
    const gone = [...this.hostings].filter(([, h]) => h.deletedAt && h.deletedAt >= since).map(([id]) => id);
    for (const [k, row] of this.rows) if (gone.includes(row.sample.hostingId)) this.rows.delete(k);
  }

  async points(hostingId: string, resolution: number, after: number): Promise<UsageSample[]> {
    return [...this.rows.values()]
      .filter((row) => row.resolution === resolution && row.sample.hostingId === hostingId && row.sample.at > after)
      .map((row) => row.sample)
      .sort((a, b) => a.at - b.at);
  }

  /** Points of one resolution, all hostings, oldest first. */
  all(resolution: number): UsageSample[] {
    return [...this.rows.values()]
      .filter((row) => row.resolution === resolution)
      .map((row) => row.sample)
      .sort((a, b) => a.at - b.at || a.hostingId.localeCompare(b.hostingId));
  }

  private ats(resolution: number): number[] {
    return [...this.rows.values()].filter((row) => row.resolution === resolution).map((row) => row.sample.at);
  }
}

function key(hostingId: string, resolution: number, at: number): string {
  return `${hostingId}|${resolution}|${at}`;
}

function mean(samples: readonly UsageSample[]): MachineUsage {
  const avg = (pick: (usage: MachineUsage) => number | null) => {
    const values = samples.map((s) => pick(s.usage)).filter((v): v is number => v !== null);
    return values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : null;
  };
  return {
    cpuPercent: avg((u) => u.cpuPercent) ?? 0,
    memoryBytes: avg((u) => u.memoryBytes) ?? 0,
    diskReadBytesPerSecond: avg((u) => u.diskReadBytesPerSecond) ?? 0,
    diskWriteBytesPerSecond: avg((u) => u.diskWriteBytesPerSecond) ?? 0,
    networkInBytesPerSecond: avg((u) => u.networkInBytesPerSecond),
    networkOutBytesPerSecond: avg((u) => u.networkOutBytesPerSecond),
  };
}
