import { describe, expect, it } from 'vitest';
import type { DomainCounters, HostReading } from '../../../src/modules/insight/insight.ports.js';
import { guestMemoryBytes, hostUsage, machineUsage } from '../../../src/modules/insight/usage-rates.js';

const GiB = 1024 ** 3;

function counters(over: Partial<DomainCounters> = {}): DomainCounters {
  return {
    name: 'hb-1',
    cpuTimeNs: 0,
    balloon: { availableKib: 1024 * 1024, usableKib: 768 * 1024 },
    diskReadBytes: 0,
    diskWriteBytes: 0,
    networkInBytes: 0,
    networkOutBytes: 0,
    ...over,
  };
}

const at = (seconds: number, over: Partial<DomainCounters> = {}) => ({
  atMs: seconds * 1000,
  counters: counters(over),
});

describe('a machine’s use between two readings', () => {
  it('turns counter growth into per-second rates and CPU time into a share of the machine', () => {
    const usage = machineUsage(
      at(100, { cpuTimeNs: 50e9, diskReadBytes: 1000, diskWriteBytes: 5000, networkInBytes: 0, networkOutBytes: 10 }),
      at(110, {
        // 5 s of CPU in 10 s on one vCPU: half of it busy.
        cpuTimeNs: 55e9,
        diskReadBytes: 1000 + 40_960,
        diskWriteBytes: 5000 + 1_024_000,
        networkInBytes: 2_000_000,
        networkOutBytes: 10 + 500,
      }),
      1,
    );
    expect(usage).toEqual({
      cpuPercent: 50,
      memoryBytes: 256 * 1024 * 1024,
      diskReadBytesPerSecond: 4096,
      diskWriteBytesPerSecond: 102_400,
      networkInBytesPerSecond: 200_000,
      networkOutBytesPerSecond: 50,
    });
  });

  it('shares CPU time out over the machine’s vCPUs: one busy vCPU of four is 25 %', () => {
    const usage = machineUsage(at(0, { cpuTimeNs: 0 }), at(10, { cpuTimeNs: 10e9 }), 4);
    expect(usage?.cpuPercent).toBe(25);
    const allBusy = machineUsage(at(0, { cpuTimeNs: 0 }), at(10, { cpuTimeNs: 40e9 }), 4);
    expect(allBusy?.cpuPercent).toBe(100);
  });

  it('goes by the time between the readings, not the nominal interval (a late round)', () => {
    const usage = machineUsage(at(0, { diskWriteBytes: 0 }), at(20, { diskWriteBytes: 20_000 }), 1);
    expect(usage?.diskWriteBytesPerSecond).toBe(1000);
  });

  it('keeps CPU within 0 to 100 % when timing jitter overshoots', () => {
    const usage = machineUsage(at(0, { cpuTimeNs: 0 }), at(10, { cpuTimeNs: 10.3e9 }), 1);
    expect(usage?.cpuPercent).toBe(100);
  });

  it('gives no point for the first reading of a machine', () => {
    expect(machineUsage(undefined, at(10), 1)).toBeUndefined();
  });

  it.each([
    ['CPU time', { cpuTimeNs: 1e9 }],
    ['disk reads', { diskReadBytes: 10 }],
    ['disk writes', { diskWriteBytes: 10 }],
    ['network in', { networkInBytes: 10 }],
    ['network out', { networkOutBytes: 10 }],
  ])('gives no point when %s fell: the machine started again in between', (_what, fell) => {
    const before = at(0, {
      cpuTimeNs: 900e9,
      diskReadBytes: 1e6,
      diskWriteBytes: 1e6,
      networkInBytes: 1e6,
      networkOutBytes: 1e6,
    });
    expect(machineUsage(before, at(10, fell), 1)).toBeUndefined();
  });

  it('gives no point when a busy domain left a counter out of one reading (no fall to zero, no leap back)', () => {
    expect(machineUsage(at(0, { diskReadBytes: 5e6 }), at(10, { diskReadBytes: undefined }), 1)).toBeUndefined();
    expect(machineUsage(at(10, { diskReadBytes: undefined }), at(20, { diskReadBytes: 5e6 }), 1)).toBeUndefined();
  });

  it('reads network traffic as unknown, not zero, when libvirt knows no NIC of the machine (user-mode networking)', () => {
    const usage = machineUsage(
      at(0, { networkInBytes: undefined, networkOutBytes: undefined }),
      at(10, { networkInBytes: undefined, networkOutBytes: undefined }),
      1,
    );
    expect(usage).toMatchObject({ networkInBytesPerSecond: null, networkOutBytesPerSecond: null });
  });

  it('reads a driver that reports no counters at all (the test driver) as an idle machine', () => {
    const none: Partial<DomainCounters> = { cpuTimeNs: undefined, diskReadBytes: undefined, diskWriteBytes: undefined };
    expect(machineUsage(at(0, none), at(10, none), 2)).toMatchObject({
      cpuPercent: 0,
      diskReadBytesPerSecond: 0,
      diskWriteBytesPerSecond: 0,
    });
  });
});

describe('the guest’s memory', () => {
  it('is its memory less what it could still hand out (free and caches) when the guest reports both', () => {
    expect(guestMemoryBytes({ availableKib: 2 * 1024 * 1024, usableKib: 1536 * 1024, unusedKib: 100 })).toBe(
      512 * 1024 * 1024,
    );
  });

  it('falls back to memory less free memory, then QEMU’s resident memory, then the machine’s size', () => {
    expect(guestMemoryBytes({ availableKib: 1024 * 1024, unusedKib: 256 * 1024 })).toBe(768 * 1024 * 1024);
    expect(guestMemoryBytes({ rssKib: 300 * 1024, currentKib: 1024 * 1024 })).toBe(300 * 1024 * 1024);
    expect(guestMemoryBytes({ currentKib: 1024 * 1024 })).toBe(GiB);
    expect(guestMemoryBytes({})).toBe(0);
  });
});

describe('the host’s own use', () => {
  const reading = (busy: number, total: number): HostReading => ({
    cpu: { busyTicks: busy, totalTicks: total },
    memory: { totalBytes: 16 * GiB, availableBytes: 12 * GiB },
    disk: { usedBytes: 120.44 * GiB, totalBytes: 500 * GiB },
  });

  it('has CPU only from the second reading on: the busy share of the ticks between them', () => {
    const time = new Date('2026-03-01T12:00:00Z');
    const first = hostUsage(undefined, reading(1000, 10_000), time);
    expect(first).toEqual({
      cpu_percent: null,
      memory_used_mb: 4096,
      memory_total_mb: 16_384,
      disk_used_gb: 120.4,
      disk_total_gb: 500,
      at: '2026-03-01T12:00:00.000Z',
    });
    expect(hostUsage(reading(1000, 10_000), reading(1250, 11_000), time).cpu_percent).toBe(25);
  });

  it('says null for a disk it cannot read', () => {
    const noDisk = { ...reading(0, 1), disk: undefined };
    expect(hostUsage(undefined, noDisk, new Date())).toMatchObject({ disk_used_gb: null, disk_total_gb: null });
  });
});
