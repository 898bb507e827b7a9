import type { HostUsage } from '@hostbay/contract/usage';
import type { DomainCounters, HostReading } from './insight.ports.js';
import type { MachineUsage } from './usage.types.js';

/** A domain's counters and when they were read. */
export interface DomainReading {
  atMs: number;
  counters: DomainCounters;
}

/** Why two readings of a counter give no rate. */
type NoRate = 'incomparable' | 'reset';

/**
 * A counter's growth per second between two readings. Neither reading having it (a driver that does not
 * report it) is no growth; only one having it (a busy domain left it out) and a counter that fell (the
 * machine started again) say nothing about the interval.
 */
function perSecond(before: number | undefined, after: number | undefined, seconds: number): number | NoRate {
  if (before === undefined && after === undefined) return 0;
  if (before === undefined || after === undefined) return 'incomparable';
  if (after < before) return 'reset';
  return (after - before) / seconds;
}

/**
 * What a machine used between two readings: CPU as a share of its own vCPUs (cpu.time counts all of them
 * together), the guest's memory at the second reading, disk and network bytes per second. undefined when
 * the readings cannot be compared: the first reading of a machine, a machine that started again (its
 * counters fell), or a busy one that left counters out.
 */
export function machineUsage(
  previous: DomainReading | undefined,
  current: DomainReading,
  vcpus: number,
): MachineUsage | undefined {
  if (!previous) return undefined;
  const seconds = (current.atMs - previous.atMs) / 1000;
  if (!(seconds > 0)) return undefined;
  const before = previous.counters;
  const after = current.counters;
  const cpuNs = perSecond(before.cpuTimeNs, after.cpuTimeNs, seconds);
  const diskRead = perSecond(before.diskReadBytes, after.diskReadBytes, seconds);
  const diskWrite = perSecond(before.diskWriteBytes, after.diskWriteBytes, seconds);
  // No NIC libvirt knows in either reading: the traffic is unknown, not zero.
  const unknownNetwork = before.networkInBytes === undefined && after.networkInBytes === undefined;
  const networkIn = unknownNetwork ? null : perSecond(before.networkInBytes, after.networkInBytes, seconds);
  const networkOut = unknownNetwork ? null : perSecond(before.networkOutBytes, after.networkOutBytes, seconds);
  if (!isRate(cpuNs) || !isRate(diskRead) || !isRate(diskWrite) || !isRate(networkIn) || !isRate(networkOut))
    return undefined;
  const cpuPercent = (cpuNs / 1e9 / Math.max(1, vcpus)) * 100;
  return {
    // A reading's time is when virsh was asked, not when libvirt read each domain: a little jitter past 100.
    cpuPercent: Math.min(100, Math.max(0, cpuPercent)),
    memoryBytes: guestMemoryBytes(after.balloon),
    diskReadBytesPerSecond: diskRead,
    diskWriteBytesPerSecond: diskWrite,
    networkInBytesPerSecond: networkIn,
    networkOutBytesPerSecond: networkOut,
  };
}

function isRate<T extends number | null>(value: T | NoRate): value is T {
  return typeof value !== 'string';
}

/**
 * The memory the guest uses, as near to what its owner means as libvirt can tell: with the balloon's guest
 * figures, its memory less what it could still hand out without swapping (`usable`: free memory and
 * caches) or, from an older guest, less its free memory; without them (the guest reports nothing), what
 * QEMU holds on the host (`rss`), or the memory the machine was given.
 */
export function guestMemoryBytes(balloon: DomainCounters['balloon']): number {
  const { availableKib, usableKib, unusedKib, rssKib, currentKib } = balloon;
  let kib = 0;
  if (availableKib !== undefined && usableKib !== undefined) kib = availableKib - usableKib;
  else if (availableKib !== undefined && unusedKib !== undefined) kib = availableKib - unusedKib;
  else kib = rssKib ?? currentKib ?? 0;
  return Math.max(0, kib) * 1024;
}

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

/** The host's use as the admin overview shows it; its CPU needs the previous reading (until then null). */
export function hostUsage(previous: HostReading | undefined, current: HostReading, at: Date): HostUsage {
  const ticks = previous && current.cpu.totalTicks - previous.cpu.totalTicks;
  const busy = previous && current.cpu.busyTicks - previous.cpu.busyTicks;
  const cpuPercent =
    ticks !== undefined && busy !== undefined && ticks > 0 && busy >= 0
      ? Math.round(Math.min(100, (busy / ticks) * 100) * 10) / 10
      : null;
  const tenth = (bytes: number) => Math.round((bytes / GIB) * 10) / 10;
  return {
    cpu_percent: cpuPercent,
    memory_used_mb: Math.round((current.memory.totalBytes - current.memory.availableBytes) / MIB),
    memory_total_mb: Math.round(current.memory.totalBytes / MIB),
    disk_used_gb: current.disk ? tenth(current.disk.usedBytes) : null,
    disk_total_gb: current.disk ? tenth(current.disk.totalBytes) : null,
    at: at.toISOString(),
  };
}
