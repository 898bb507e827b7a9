import type {
  DomainCounters,
  DomainStatsReader,
  HostReading,
  HostUsageReader,
} from '../../../../src/modules/insight/insight.ports.js';

/** libvirt's running domains as a test sets them: counters it moves on between rounds, or a failure. */
export class FakeDomains implements DomainStatsReader {
  readonly running = new Map<string, DomainCounters>();
  failure: Error | undefined;
  reads = 0;

  run(name: string, counters: Partial<DomainCounters> = {}): void {
    this.running.set(name, {
      name,
      cpuTimeNs: 0,
      balloon: { currentKib: 1024 * 1024 },
      diskReadBytes: 0,
      diskWriteBytes: 0,
      ...counters,
    });
  }

  /** Adds to a running domain's counters, as a busy machine does between two readings. */
  grow(name: string, by: { cpuNs?: number; diskRead?: number; diskWrite?: number }): void {
    const domain = this.running.get(name);
    if (!domain) throw new Error(`${name} is not running`);
    domain.cpuTimeNs = (domain.cpuTimeNs ?? 0) + (by.cpuNs ?? 0);
    domain.diskReadBytes = (domain.diskReadBytes ?? 0) + (by.diskRead ?? 0);
    domain.diskWriteBytes = (domain.diskWriteBytes ?? 0) + (by.diskWrite ?? 0);
  }

  stop(name: string): void {
    this.running.delete(name);
  }

  async readRunning(): Promise<DomainCounters[]> {
    this.reads += 1;
    if (this.failure) throw this.failure;
    return [...this.running.values()].map((d) => ({ ...d, balloon: { ...d.balloon } }));
  }
}

export class FakeHost implements HostUsageReader {
  reading: HostReading = {
    cpu: { busyTicks: 0, totalTicks: 0 },
    memory: { totalBytes: 8 * 1024 ** 3, availableBytes: 6 * 1024 ** 3 },
    disk: { usedBytes: 10 * 1024 ** 3, totalBytes: 100 * 1024 ** 3 },
  };

  async read(): Promise<HostReading> {
    return structuredClone(this.reading);
  }
}
