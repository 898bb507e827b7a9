import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../support/databases.js';
import { startHarness, type Harness } from './harness.js';

describe.each(DATABASE_KINDS)('the reconciler on $name', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(() => h.close());

  it('removes VMs, VM volumes and edge routes that no hosting owns, and keeps what hostings own', async () => {
    const platform = h.hosting;
    const owner = await h.newUser();
    await h.api('POST', '', owner.auth, {});
    const kept = await h.waitForStatus(owner.auth, ['RUNNING']);

    // Leftovers of a hosting the database no longer knows (e.g. deleted while Hostbay was down).
    const orphanId = randomUUID();
    const keptRow = (await platform.stores.hostings.findById(kept.id))!;
    // Ports the kept hosting does not hold (it got random ones from the same ranges).
    const unused = (range: { last: number }, taken: number | null) =>
      taken === range.last ? range.last - 1 : range.last;
    const webPort = unused(h.config.vm.webPorts, keptRow.webPort);
    const vmSshPort = unused(h.config.vm.sshPorts, keptRow.vmSshPort);
    const publicSshPort = unused(h.config.hosting.publicSshPorts, keptRow.sshPort);
    const orphanSpec = {
      hostingId: orphanId,
      username: 'ghost',
      vcpus: 1,
      memoryMb: 512,
      diskGb: 2,
      network: { mode: 'user' as const, webPort, sshPort: vmSshPort },
      sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ghost',
      baseImage: keptRow.baseImage,
    };
    await platform.vm.writeSeed(orphanSpec);
    await platform.vm.cloneDisk(orphanSpec);
    await platform.vm.defineVm(orphanSpec);
    // A seed left without its domain (a crash between the two, and the row gone since).
    const straySpec = { ...orphanSpec, hostingId: randomUUID(), username: 'stray' };
    await platform.vm.writeSeed(straySpec);
    await platform.proxy.addProxyRule({
      username: 'ghost',
      webTarget: { host: '127.0.0.1', port: webPort },
      sshListenPort: publicSshPort,
      sshTarget: { host: '127.0.0.1', port: vmSshPort },
    });
    expect(await platform.vm.listVms()).toContain(orphanId);
    expect((await platform.vm.listVolumeOwners()).sort()).toEqual([kept.id, orphanId, straySpec.hostingId].sort());

    await platform.reconciler.removeOrphans();

    expect(await platform.vm.listVms()).toEqual([kept.id]);
    expect(await platform.vm.listVolumeOwners()).toEqual([kept.id]);
    expect((await platform.proxy.listRoutes()).map((r) => r.username)).toEqual([owner.username]);
    await h.leakAudit();
    await h.api('DELETE', '/my', owner.auth);
    await expect.poll(async () => (await h.api('GET', '/my', owner.auth)).statusCode, { timeout: 20_000 }).toBe(404);
    await h.leakAudit();
  });

  it('restores a route the edge lost for a hosting that should have one', async () => {
    const platform = h.hosting;
    const user = await h.newUser();
    await h.api('POST', '', user.auth, {});
    await h.waitForStatus(user.auth, ['RUNNING']);
    await platform.proxy.removeProxyRule(user.username);
    await platform.reconciler.removeOrphans();
    expect((await platform.proxy.listRoutes()).map((r) => r.username)).toContain(user.username);
    await h.leakAudit();
    await h.api('DELETE', '/my', user.auth);
    await expect.poll(async () => (await h.api('GET', '/my', user.auth)).statusCode, { timeout: 20_000 }).toBe(404);
  });
});
