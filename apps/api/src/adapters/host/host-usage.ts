import { readFile, statfs } from 'node:fs/promises';
import path from 'node:path';
import type { HostReading, HostUsageReader } from '../../modules/insight/insight.ports.js';

/**
 * The host's own use, from the kernel's counters (/proc/stat, /proc/meminfo) and the file system that holds
 * the VM volumes: what the admin overview shows beside the totals the hostings are given.
 */
export class LocalHostUsage implements HostUsageReader {
  constructor(
    private readonly volumeDir: string,
    private readonly procDir = '/proc',
  ) {}

  async read(): Promise<HostReading> {
    const [stat, meminfo, disk] = await Promise.all([
      readFile(path.join(this.procDir, 'stat'), 'utf8'),
      readFile(path.join(this.procDir, 'meminfo'), 'utf8'),
      statfs(this.volumeDir).catch(() => undefined),
    ]);
    return {
      cpu: parseCpuLine(stat),
      memory: parseMeminfo(meminfo),
      disk: disk && {
        usedBytes: (disk.blocks - disk.bfree) * disk.bsize,
        totalBytes: disk.blocks * disk.bsize,
      },
    };
  }
}

/**
 * The first line of /proc/stat: `cpu user nice system idle iowait irq softirq steal guest guest_nice`, in
 * jiffies over all CPUs. Guest time is already inside user and nice (a VM's vCPUs count as the host's
 * work); idle and iowait are the CPUs doing nothing.
 */
export function parseCpuLine(stat: string): HostReading['cpu'] {
  const line = stat.slice(0, stat.indexOf('\n'));
  const fields = line.trim().split(/\s+/);
  if (fields[0] !== 'cpu') throw new Error(`/proc/stat does not start with the CPU totals: ${line}`);
  // user nice system idle iowait irq softirq steal: the first eight, which add up to all time.
  const ticks = fields.slice(1, 9).map((field) => Number(field) || 0);
  const all = ticks.reduce((sum, n) => sum + n, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busyTicks: all - idle, totalTicks: all };
}

/** MemTotal and MemAvailable (what programs could still get without swapping: free memory and caches). */
export function parseMeminfo(meminfo: string): HostReading['memory'] {
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(meminfo)?.[1]);
  const totalKib = kib('MemTotal');
  const availableKib = kib('MemAvailable');
  if (!(totalKib > 0) || !(availableKib >= 0)) throw new Error('/proc/meminfo has no MemTotal or MemAvailable');
  return { totalBytes: totalKib * 1024, availableBytes: availableKib * 1024 };
}
