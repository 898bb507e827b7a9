import type { HostingUsage } from '@hostbay/contract/usage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageRepository } from '../../../src/modules/insight/usage.repository.js';
import type { MachineUsage } from '../../../src/modules/insight/usage.types.js';
import { DATABASE_KINDS } from '../../support/databases.js';
import { startHarness, type Auth, type Harness } from '../hosting/harness.js';

const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@laptop';

function usage(cpuPercent: number): MachineUsage {
  return {
    cpuPercent,
    memoryBytes: 300 * 1024 ** 2,
    diskReadBytesPerSecond: 0,
    diskWriteBytesPerSecond: 8192,
    networkInBytesPerSecond: null,
    networkOutBytesPerSecond: null,
  };
}

/**
 * GET /api/v1/hosting/my/usage through the whole of Hostbay (the lifecycle on libvirt's test driver, the
 * sampler every second on the lifecycle's own connection) and the admin overview's host use.
 */
describe.each(DATABASE_KINDS.map((kind) => [kind.name, kind] as const))(
  'a member’s resource graphs (%s)',
  (_, kind) => {
    let h: Harness;
    let alice: { id: string; auth: Auth; hostingId: string };
    let bob: { id: string; auth: Auth; hostingId: string };

    async function member() {
      const user = await h.newUser();
      expect((await h.api('POST', '', user.auth, { ssh_public_key: ED25519 })).statusCode).toBe(202);
      const hosting = await h.waitForStatus(user.auth, ['RUNNING']);
      return { id: user.id, auth: user.auth, hostingId: hosting.id };
    }

    async function graphs(auth: Auth, query = '') {
      const answer = await h.api('GET', `/my/usage${query}`, auth);
      return {
        statusCode: answer.statusCode,
        body: answer.body as unknown as { data: HostingUsage; error?: { code: string } },
      };
    }

    beforeAll(async () => {
      h = await startHarness(kind, { HOSTBAY_SAMPLE_INTERVAL: '1s' });
      alice = await member();
      bob = await member();
    });
    afterAll(() => h?.close());

    it('shows a running machine’s points as the sampler takes them, the last hour by default', async () => {
      await expect
        .poll(async () => (await graphs(alice.auth)).body.data.points.length, { timeout: 15_000, interval: 250 })
        .toBeGreaterThanOrEqual(2);
      const { statusCode, body } = await graphs(alice.auth);
      expect(statusCode).toBe(200);
      expect(body.data).toMatchObject({ range: '1h', resolution_seconds: 10, vcpus: expect.any(Number) });
      expect(body.data.memory_bytes).toBeGreaterThan(0);
      // The test driver reports no counters: an idle machine whose traffic the host cannot count.
      expect(body.data.points[0]).toMatchObject({ cpu_percent: 0, network_in_bytes_per_second: null });
      const times = body.data.points.map((p) => Date.parse(p.at));
      expect(times).toEqual([...times].sort((x, y) => x - y));
      expect(h.hosting.usage?.latest()?.byHosting.has(alice.hostingId)).toBe(true);
    });

    it('gives each member their own hosting’s points only, at the range’s resolution', async () => {
      const samples = new UsageRepository(h.hostbay.database.db);
      const at = Math.floor(Date.now() / 1000 / 600) * 600 - 600;
      await samples.insert(600, [
        { hostingId: alice.hostingId, at, usage: usage(11) },
        { hostingId: bob.hostingId, at, usage: usage(77) },
        { hostingId: bob.hostingId, at: at - 600, usage: usage(78) },
      ]);
      const mine = await graphs(alice.auth, '?range=30d');
      expect(mine.statusCode).toBe(200);
      expect(mine.body.data).toMatchObject({ range: '30d', resolution_seconds: 600 });
      expect(mine.body.data.points).toEqual([
        {
          at: new Date(at * 1000).toISOString(),
          cpu_percent: 11,
          memory_bytes: 300 * 1024 ** 2,
          disk_read_bytes_per_second: 0,
          disk_write_bytes_per_second: 8192,
          network_in_bytes_per_second: null,
          network_out_bytes_per_second: null,
        },
      ]);
      const theirs = await graphs(bob.auth, '?range=30d');
      expect(theirs.body.data.points.map((p) => p.cpu_percent)).toEqual([78, 77]);
      expect((await graphs(alice.auth, '?range=24h')).body.data.resolution_seconds).toBe(60);
    });

    it('refuses a range it does not keep, and answers 404 to a member without a hosting', async () => {
      for (const query of ['?range=7d', '?range=', '?range=1H']) {
        const refused = await graphs(alice.auth, query);
        expect(refused.statusCode, query).toBe(422);
        expect(refused.body.error?.code).toBe('validation_error');
      }
      const nobody = await h.newUser();
      const missing = await graphs(nobody.auth);
      expect(missing.statusCode).toBe(404);
      expect(missing.body.error?.code).toBe('not_found');
    });

    it('shows the host’s own CPU, memory and disk in the admin overview', async () => {
      const admin = await h.newUser();
      await h.hostbay.users.setAdmin(admin.id, true);
      await expect
        .poll(
          async () => {
            const answer = await h.hostbay.app.inject({
              method: 'GET',
              url: '/api/v1/admin/overview',
              headers: admin.auth,
            });
            return answer.json().data.host_usage;
          },
          { timeout: 10_000, interval: 250 },
        )
        .toMatchObject({
          cpu_percent: expect.any(Number),
          memory_used_mb: expect.any(Number),
          memory_total_mb: expect.any(Number),
          disk_total_gb: expect.any(Number),
        });
    });
  },
);
