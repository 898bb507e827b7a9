/** One machine's use over the last sampling interval, as the sampler computes it from two `virsh domstats` readings. */
export interface MachineUsage {
  /** Share of the machine's own vCPUs in use, 0 to 100. */
  cpuPercent: number;
  memoryBytes: number;
  diskReadBytesPerSecond: number;
  diskWriteBytesPerSecond: number;
  /** null: libvirt counts no NIC of the machine (user-mode networking: QEMU's own NIC, unknown to libvirt). */
  networkInBytesPerSecond: number | null;
  networkOutBytesPerSecond: number | null;
}

/** The sampler's last round: what /metrics reports per hosting (labels bounded by hosting id). */
export interface LatestUsage {
  at: Date;
  /** By hosting id; a machine that is not running is absent. */
  byHosting: ReadonlyMap<string, MachineUsage>;
}

/** Where the latest round is read from (the sampler); /metrics asks it at each scrape. */
export interface LatestUsageSource {
  latest(): LatestUsage | undefined;
}
