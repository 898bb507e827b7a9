import type { HostingUsage, UsagePoint, UsageRange } from '@hostbay/contract/usage';
import type { HostingRecord } from '../hosting/hosting.types.js';
import type { UsageSample } from './usage.repository.js';

export function presentUsagePoint({ at, usage }: UsageSample): UsagePoint {
  return {
    at: new Date(at * 1000).toISOString(),
    cpu_percent: usage.cpuPercent,
    memory_bytes: usage.memoryBytes,
    disk_read_bytes_per_second: usage.diskReadBytesPerSecond,
    disk_write_bytes_per_second: usage.diskWriteBytesPerSecond,
    network_in_bytes_per_second: usage.networkInBytesPerSecond,
    network_out_bytes_per_second: usage.networkOutBytesPerSecond,
  };
}

export function presentHostingUsage(
  hosting: Pick<HostingRecord, 'vcpus' | 'memoryMb'>,
  range: UsageRange,
  resolutionSeconds: number,
  samples: readonly UsageSample[],
): HostingUsage {
  return {
    range,
    resolution_seconds: resolutionSeconds,
    vcpus: hosting.vcpus,
    memory_bytes: hosting.memoryMb * 1024 ** 2,
    points: samples.map(presentUsagePoint),
  };
}
