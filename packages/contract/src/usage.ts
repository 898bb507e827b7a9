import { z } from 'zod';

/**
 * What a hosting's machine uses (docs/users.md, "Your machine's graphs"): the
 * worker samples every machine at once every 10 seconds and keeps the samples
 * downsampled (10 s for an hour, 1 min for a day, 10 min for 30 days).
 */

/** The window a member looks at; each has the resolution its samples are kept at. */
export const UsageRange = z.enum(['1h', '24h', '30d']);
export type UsageRange = z.infer<typeof UsageRange>;

/** Seconds between two points for each range. */
export const USAGE_RESOLUTION_SECONDS: Record<UsageRange, number> = { '1h': 10, '24h': 60, '30d': 600 };

export const UsageQuery = z.object({ range: UsageRange.default('1h') });
export type UsageQuery = z.infer<typeof UsageQuery>;

/** One point: averages over its interval, which ends at `at`. */
export const UsagePoint = z.object({
  at: z.iso.datetime(),
  /** Share of the machine's own vCPUs in use, 0 to 100 (100: every vCPU busy). */
  cpu_percent: z.number(),
  /** Memory the guest uses (without its caches where the guest says so), bytes. */
  memory_bytes: z.number(),
  disk_read_bytes_per_second: z.number(),
  disk_write_bytes_per_second: z.number(),
  /**
   * null: the host cannot count this machine's traffic. With user-mode networking (HOSTBAY_NETWORK_MODE=user)
   * QEMU's own NIC is one libvirt does not know, so it has no counters for it.
   */
  network_in_bytes_per_second: z.number().nullable(),
  network_out_bytes_per_second: z.number().nullable(),
});
export type UsagePoint = z.infer<typeof UsagePoint>;

export const HostingUsage = z.object({
  range: UsageRange,
  resolution_seconds: z.number().int(),
  /** The machine's size, for the charts' scales. */
  vcpus: z.number().int(),
  memory_bytes: z.number(),
  /** Oldest first; a gap (the machine stopped, Hostbay down) is simply absent points. */
  points: z.array(UsagePoint),
});
export type HostingUsage = z.infer<typeof HostingUsage>;

/** The host's own use, read by the sampler: what the admin overview shows beside the allotted totals. */
export const HostUsage = z.object({
  /** All of the host's CPUs, 0 to 100; null until two readings exist. */
  cpu_percent: z.number().nullable(),
  memory_used_mb: z.number().int(),
  memory_total_mb: z.number().int(),
  /** The file system that holds the VM volumes; null when it cannot be read. */
  disk_used_gb: z.number().nullable(),
  disk_total_gb: z.number().nullable(),
  /** When the reading was taken. */
  at: z.iso.datetime(),
});
export type HostUsage = z.infer<typeof HostUsage>;
