import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseKind } from '../../support/databases.js';
import { startHarness, type Harness } from './harness.js';

/** The suite for one database; `concurrency.<db>.test.ts` run it, in parallel. */
export function concurrencySuite(kind: DatabaseKind): void {
  describe(`concurrent creation on ${kind.name}`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness(kind, {}, 110);
    });
    afterAll(() => h.close());

    it('50 parallel creates by one user make exactly one hosting', async () => {
      const user = await h.newUser();
      const results = await Promise.all(Array.from({ length: 50 }, () => h.api('POST', '', user.auth, {})));
      const statuses = results.map((r) => r.statusCode);
      expect(statuses.filter((s) => s === 202)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(49);
      const rows = (await h.hosting.stores.hostings.listActive()).filter((row) => row.userId === user.id);
      expect(rows).toHaveLength(1);
      await h.waitForStatus(user.auth, ['RUNNING']);
      await h.api('DELETE', '/my', user.auth);
      await expect.poll(async () => (await h.api('GET', '/my', user.auth)).statusCode, { timeout: 20_000 }).toBe(404);
      await h.leakAudit();
    });

    it('100 users creating at once never get the same port or address', async () => {
      const users = await Promise.all(Array.from({ length: 100 }, () => h.newUser()));
      const results = await Promise.all(users.map((u) => h.api('POST', '', u.auth, {})));
      expect(results.map((r) => r.statusCode).filter((s) => s !== 202)).toEqual([]);
      const rows = await h.hosting.stores.hostings.listActive();
      expect(rows).toHaveLength(100);
      // Direct SSH forwarding (the default in user networking) gives VMs no port of their own.
      expect(rows.every((r) => r.vmSshPort === null)).toBe(true);
      const all = rows.flatMap((r) => [`ssh:${r.sshPort}`, `web:${r.webPort}`, `mac:${r.macAddress}`]);
      expect(new Set(all).size).toBe(all.length);
      const publicPorts = rows.map((r) => r.sshPort);
      expect(
        publicPorts.every(
          (p) => p !== null && p >= h.config.hosting.publicSshPorts.first && p <= h.config.hosting.publicSshPorts.last,
        ),
      ).toBe(true);
      // Delete them all at once, most while still being created.
      await Promise.all(users.map((u) => h.api('DELETE', '/my', u.auth)));
      for (const u of users)
        await expect.poll(async () => (await h.api('GET', '/my', u.auth)).statusCode, { timeout: 60_000 }).toBe(404);
      await h.leakAudit();
    });

    it('answers 503 when full, taking nothing', async () => {
      const tiny = await startHarness(kind, { HOSTBAY_CAPACITY: '1' });
      try {
        const first = await tiny.newUser();
        expect((await tiny.api('POST', '', first.auth, {})).statusCode).toBe(202);
        const before = await tiny.hosting.stores.allocations.listAll();
        const second = await tiny.newUser();
        const refused = await tiny.api('POST', '', second.auth, {});
        expect(refused.statusCode).toBe(503);
        expect(refused.body.error?.code).toBe('service_unavailable');
        expect(refused.body.message).toMatch(/capacity/);
        expect(await tiny.hosting.stores.allocations.listAll()).toEqual(before);
        expect(await tiny.hosting.stores.hostings.findActiveByUser(second.id)).toBeUndefined();
        await tiny.waitForStatus(first.auth, ['RUNNING']);
        await tiny.leakAudit();
      } finally {
        await tiny.close();
      }
    });
  });
}
