import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalHostUsage } from '../../../src/adapters/host/host-usage.js';
import { LibvirtDomainStats } from '../../../src/adapters/libvirt/libvirt-domain-stats.js';
import { VirshSession } from '../../../src/adapters/libvirt/virsh-session.js';
import { ResourceSampler } from '../../../src/modules/insight/resource-sampler.js';
import { UsageDownsampler } from '../../../src/modules/insight/usage-downsampling.js';
import { UsageRepository } from '../../../src/modules/insight/usage.repository.js';
import { domainName } from '../../../src/modules/vm/vm-names.js';
import { RecordingLogger } from '../../unit/hosting/fakes/recording-logger.js';
import { DATABASE_KINDS } from '../../support/databases.js';
import { usageDatabase, type UsageDatabase } from './usage-db.js';

/** A libvirt test-driver node whose domains all run: `names` of them, 1 vCPU and 512 MiB each. */
function testNode(names: readonly string[]): string {
  const domains = names.map(
    (name) =>
      `<domain type='test'><name>${name}</name><memory unit='KiB'>524288</memory><vcpu>1</vcpu>` +
      `<os><type>hvm</type></os></domain>`,
  );
  return `<node><cpu><nodes>1</nodes><sockets>1</sockets><cores>2</cores><threads>1</threads><active>2</active>
<mhz>2000</mhz><model>test</model></cpu><memory>8388608</memory>${domains.join('')}</node>`;
}

/**
 * The sampler as the worker runs it, over libvirt's test driver (which runs every domain its node file
 * defines, and reports their names but no counters: they read as idle machines with unknown traffic), the
 * host's own /proc and a real database, on a clock the test moves.
 */
describe.each(DATABASE_KINDS.map((kind) => [kind.name, kind] as const))(
  'the resource sampler on libvirt (%s)',
  (_, kind) => {
    let db: UsageDatabase;
    let dir: string;
    let virsh: VirshSession;
    let repository: UsageRepository;
    const mine: string[] = [];
    const log = new RecordingLogger();
    let now = Math.floor(Date.now() / 600_000) * 600_000;

    beforeAll(async () => {
      db = await usageDatabase(kind);
      repository = new UsageRepository(db.database.db);
      for (let i = 0; i < 3; i += 1) mine.push((await db.addHosting(i + 1)).id);
      dir = await mkdtemp(path.join(tmpdir(), 'hostbay-sampler-'));
      const node = path.join(dir, 'node.xml');
      // Another installation's machine on the same libvirt, and something that is no hosting at all.
      await writeFile(node, testNode([...mine.map(domainName), domainName(randomUUID()), 'someone-elses-vm']));
      virsh = new VirshSession({ uri: `test://${node}` });
    });
    afterAll(async () => {
      await virsh?.close();
      await db?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    function sampler(session: VirshSession) {
      return new ResourceSampler({
        domains: new LibvirtDomainStats(session),
        host: new LocalHostUsage(dir),
        store: repository,
        downsampler: new UsageDownsampler(repository),
        intervalMs: 10_000,
        log,
        now: () => new Date(now),
      });
    }

    it('reads every running machine with one domstats and stores this installation’s points, over simulated time', async () => {
      const worker = sampler(virsh);
      const start = now;
      await worker.sample();
      for (let round = 1; round <= 66; round += 1) {
        now += 10_000;
        // The host's CPU is read on the real clock: the kernel's ticks must move between the last two readings.
        if (round === 66) await new Promise((resolve) => setTimeout(resolve, 100));
        await worker.sample();
      }
      expect(log.messages('warn')).toEqual([]);
      const seconds = start / 1000;
      for (const id of mine) {
        const points = await repository.points(id, 10, 0);
        expect(points).toHaveLength(66);
        expect(points[0]).toEqual({
          hostingId: id,
          at: seconds + 10,
          usage: {
            cpuPercent: 0,
            memoryBytes: 0,
            diskReadBytesPerSecond: 0,
            diskWriteBytesPerSecond: 0,
            networkInBytesPerSecond: null,
            networkOutBytesPerSecond: null,
          },
        });
        // Eleven simulated minutes: eleven minute points, and the first ten minutes averaged.
        expect((await repository.points(id, 60, 0)).map((p) => p.at - seconds)).toEqual(
          Array.from({ length: 11 }, (_, i) => 60 * (i + 1)),
        );
        expect((await repository.points(id, 600, 0)).map((p) => p.at - seconds)).toEqual([600]);
      }
      expect([...(worker.latest()?.byHosting.keys() ?? [])].sort()).toEqual([...mine].sort());
      const host = worker.hostUsage();
      expect(host?.memory_total_mb).toBeGreaterThan(0);
      expect(host?.disk_total_gb).toBeGreaterThan(0);
      expect(host?.cpu_percent).toEqual(expect.any(Number));
    });

    it('carries on, logging once, while libvirt cannot be reached', async () => {
      const broken = new VirshSession({ uri: `test://${path.join(dir, 'no-such-node.xml')}` });
      const worker = sampler(broken);
      try {
        await worker.sample();
        await worker.sample();
        expect(log.messages('warn')).toEqual(['resource sampling failed; retrying each interval']);
        expect(worker.latest()).toBeUndefined();
        // The host's own use is still read.
        expect(worker.hostUsage()?.memory_total_mb).toBeGreaterThan(0);
      } finally {
        await broken.close();
      }
    });
  },
);
