import { describe, expect, it } from 'vitest';
import { parseDomainStats } from '../../../src/adapters/libvirt/libvirt-domain-stats.js';

/** `virsh domstats --list-running --cpu-total --balloon --block --interface` of a bridged QEMU guest (libvirt 9). */
const BRIDGED = `Domain: 'hb-11111111-1111-4111-8111-111111111111'
  cpu.time=123456789012
  cpu.user=100000000000
  cpu.system=20000000000
  cpu.cache.monitor.count=0
  cpu.haltpoll.success.time=1200
  cpu.haltpoll.fail.time=300
  balloon.current=1048576
  balloon.maximum=1048576
  balloon.swap_in=0
  balloon.swap_out=0
  balloon.major_fault=301
  balloon.minor_fault=143548
  balloon.unused=601220
  balloon.available=1004940
  balloon.usable=781680
  balloon.last-update=1764330000
  balloon.disk_caches=212564
  balloon.hugetlb_pgalloc=0
  balloon.hugetlb_pgfail=0
  balloon.rss=612304
  net.count=1
  net.0.name=vnet3
  net.0.rx.bytes=4567890
  net.0.rx.pkts=3456
  net.0.rx.errs=0
  net.0.rx.drop=0
  net.0.tx.bytes=123456
  net.0.tx.pkts=1234
  net.0.tx.errs=0
  net.0.tx.drop=0
  block.count=2
  block.0.name=vda
  block.0.path=/var/lib/hostbay/pool/hb-11111111-1111-4111-8111-111111111111.qcow2
  block.0.backingIndex=1
  block.0.rd.reqs=10234
  block.0.rd.bytes=356789248
  block.0.rd.times=8123456789
  block.0.wr.reqs=5120
  block.0.wr.bytes=45678592
  block.0.wr.times=3123456789
  block.0.fl.reqs=900
  block.0.fl.times=1123456789
  block.0.allocation=1234567168
  block.0.capacity=10737418240
  block.0.physical=1234567168
  block.1.name=vdb
  block.1.path=/var/lib/hostbay/pool/hb-11111111-1111-4111-8111-111111111111-seed.iso
  block.1.rd.reqs=20
  block.1.rd.bytes=409600
  block.1.rd.times=1234567
  block.1.wr.reqs=0
  block.1.wr.bytes=0
  block.1.wr.times=0
  block.1.capacity=370688

`;

/** A user-mode guest: its NIC is QEMU's own, which libvirt does not count. */
const USER_MODE = `Domain: 'hb-22222222-2222-4222-8222-222222222222'
  cpu.time=5000000000
  balloon.current=524288
  balloon.rss=300000
  net.count=0
  block.count=1
  block.0.name=vda
  block.0.rd.bytes=1000
  block.0.wr.bytes=2000

`;

describe('reading virsh domstats', () => {
  it('reads CPU time, the balloon’s figures, and disk and NIC bytes summed over the devices', () => {
    expect(parseDomainStats(BRIDGED + USER_MODE)).toEqual([
      {
        name: 'hb-11111111-1111-4111-8111-111111111111',
        cpuTimeNs: 123456789012,
        balloon: { currentKib: 1048576, availableKib: 1004940, usableKib: 781680, unusedKib: 601220, rssKib: 612304 },
        diskReadBytes: 356789248 + 409600,
        diskWriteBytes: 45678592,
        networkInBytes: 4567890,
        networkOutBytes: 123456,
      },
      {
        name: 'hb-22222222-2222-4222-8222-222222222222',
        cpuTimeNs: 5e9,
        balloon: { currentKib: 524288, rssKib: 300000 },
        diskReadBytes: 1000,
        diskWriteBytes: 2000,
      },
    ]);
  });

  it('reads the test driver’s answer (names, no counters) as domains with nothing known', () => {
    expect(parseDomainStats("Domain: 'test'\n\nDomain: 'hb-x'\n\n")).toEqual([
      { name: 'test', balloon: {} },
      { name: 'hb-x', balloon: {} },
    ]);
  });

  it('gives nothing for no running domain', () => {
    expect(parseDomainStats('')).toEqual([]);
  });
});
