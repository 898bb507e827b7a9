/**
 * What the resource sampler needs from the host, as small interfaces it owns: libvirt's counters of every
 * running machine (one `virsh domstats` call) and the host's own CPU, memory and disk. The adapters in
 * `adapters/` implement them; the unit tier replaces them with fakes.
 */

/**
 * One running domain's counters, as libvirt reports them at one moment. Counters only grow while the
 * machine runs; a start begins them again from zero. A driver that reports a group of counters not at all
 * (libvirt's test driver reports none) leaves it undefined.
 */
export interface DomainCounters {
  name: string;
  /** CPU time the machine used since it started, all vCPUs together (`cpu.time`), nanoseconds. */
  cpuTimeNs?: number;
  /** The guest's memory figures (`balloon.*`), KiB; the guest's own ones only with a balloon that reports them. */
  balloon: {
    currentKib?: number;
    availableKib?: number;
    usableKib?: number;
    unusedKib?: number;
    rssKib?: number;
  };
  /** Summed over the machine's disks (`block.<n>.rd.bytes`, `wr.bytes`). */
  diskReadBytes?: number;
  diskWriteBytes?: number;
  /** Summed over the NICs libvirt knows (`net.<n>.rx.bytes`, `tx.bytes`); undefined when it knows none. */
  networkInBytes?: number;
  networkOutBytes?: number;
}

/** libvirt's counters of all running machines, read at once. */
export interface DomainStatsReader {
  readRunning(): Promise<DomainCounters[]>;
}

/** The host's own use at one moment. */
export interface HostReading {
  /** Jiffies since boot over all CPUs (/proc/stat): busy ones and all. */
  cpu: { busyTicks: number; totalTicks: number };
  memory: { totalBytes: number; availableBytes: number };
  /** The file system of the VM volumes; undefined when it cannot be read. */
  disk: { usedBytes: number; totalBytes: number } | undefined;
}

export interface HostUsageReader {
  read(): Promise<HostReading>;
}
