import { randomUUID } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../support/databases.js';
import { startHarness, type Harness } from './harness.js';

describe.each(DATABASE_KINDS)('the reconciler on $name', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(() => h.close());

  it('removes VMs, VM folders and edge routes that no hosting owns, and keeps what hostings own', async () => {
    const platform = h.server.platform!;
    const owner = await h.newUser();
    await h.api('POST', '', owner.auth, {});
    const kept = await h.waitForStatus(owner.auth, ['RUNNING']);

    // Leftovers of a hosting the database no longer knows (e.g. deleted while Hostbay was down).
    const orphanId = randomUUID();
    const keptRow = await h.server.database.db
      .selectFrom('hostings')
      .select(['base_image', 'web_port', 'vm_ssh_port', 'ssh_port'])
      .where('id', '=', kept.id)
      .executeTakeFirstOrThrow();
    const image = JSON.parse(keptRow.base_image);
    // Ports the kept hosting does not hold (it got random ones from the same ranges).
    const unused = (range: { last: number }, taken: number | null) =>
      taken === range.last ? range.last - 1 : range.last;
    const webPort = unused(h.config.vm.webPorts, keptRow.web_port);
    const vmSshPort = unused(h.config.vm.sshPorts, keptRow.vm_ssh_port);
    const publicSshPort = unused(h.config.hosting.publicSshPorts, keptRow.ssh_port);
    const orphanSpec = {
      hostingId: orphanId,
      username: 'ghost',
      vcpus: 1,
      memoryMb: 512,
      diskGb: 2,
      network: { mode: 'user' as const, webPort, sshPort: vmSshPort },
      sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ghost',
      baseImage: image,
    };
    await platform.vm.writeSeed(orphanSpec);
    await platform.vm.cloneDisk(orphanSpec);
    await platform.vm.defineVm(orphanSpec);
    const strayFolder = randomUUID();
    await mkdir(path.join(h.config.vm.vmsDir, strayFolder), { recursive: true });
    await writeFile(path.join(h.config.vm.vmsDir, strayFolder, 'disk.qcow2'), '');
    await platform.proxy.addProxyRule({
      username: 'ghost',
      webTarget: { host: '127.0.0.1', port: webPort },
      sshListenPort: publicSshPort,
      sshTarget: { host: '127.0.0.1', port: vmSshPort },
    });
    expect(await platform.vm.listVms()).toContain(orphanId);

    await platform.hosting.reconciler.removeOrphans();

    expect(await platform.vm.listVms()).toEqual([kept.id]);
    expect((await readdir(h.config.vm.vmsDir)).sort()).toEqual([kept.id]);
    expect((await platform.proxy.listRoutes()).map((r) => r.username)).toEqual([owner.username]);
    await h.leakAudit();
    await h.api('DELETE', '/my', owner.auth);
    await expect.poll(async () => (await h.api('GET', '/my', owner.auth)).statusCode, { timeout: 20_000 }).toBe(404);
    await h.leakAudit();
  });

  it('restores a route the edge lost for a hosting that should have one', async () => {
    const platform = h.server.platform!;
    const user = await h.newUser();
    await h.api('POST', '', user.auth, {});
    await h.waitForStatus(user.auth, ['RUNNING']);
    await platform.proxy.removeProxyRule(user.username);
    await platform.hosting.reconciler.removeOrphans();
    expect((await platform.proxy.listRoutes()).map((r) => r.username)).toContain(user.username);
    await h.leakAudit();
    await h.api('DELETE', '/my', user.auth);
    await expect.poll(async () => (await h.api('GET', '/my', user.auth)).statusCode, { timeout: 20_000 }).toBe(404);
  });
});
