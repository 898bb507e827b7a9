import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkSshForwarding } from '../../../src/modules/hosting/ssh-forwarding.js';
import { DATABASE_KINDS } from '../../support/databases.js';
import { readGreeting } from '../edge/edge-helpers.js';
import { startHarness, type Harness } from './harness.js';

const sqlite = DATABASE_KINDS.find((kind) => kind.name === 'sqlite')!;
const BANNER = 'SSH-2.0-OpenSSH_9.2p1 Debian';

/** The hosting row: its public SSH port and, with the stream, its VM SSH port. */
async function hostingRow(h: Harness, userId: string) {
  const hosting = await h.hosting.stores.hostings.findActiveByUser(userId);
  if (!hosting) throw new Error(`user ${userId} has no hosting`);
  return hosting;
}

async function allocationKinds(h: Harness, hostingId: string): Promise<string[]> {
  return (await h.hosting.stores.allocations.heldBy(hostingId)).map((a) => a.kind).sort();
}

async function liveNginxConf(h: Harness): Promise<string> {
  return readFile(path.join(h.config.server.dataDir, 'edge/conf/current/nginx.conf'), 'utf8');
}

describe('SSH forwarding in user networking', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('direct (the default): QEMU serves the public port, no VM SSH port is taken, the edge has no stream', async () => {
    h = await startHarness(sqlite);
    expect(h.config.edge.sshForward).toBe('direct');
    const user = await h.newUser();
    await h.api('POST', '', user.auth, {});
    const running = await h.waitForStatus(user.auth, ['RUNNING']);
    const row = await hostingRow(h, user.id);
    expect(row.vmSshPort).toBeNull();
    expect(row.sshPort).toBe(running.ssh_port);
    expect(await allocationKinds(h, row.id)).toEqual(['mac', 'slot', 'ssh_port', 'web_port']);

    // wait_guest found the guest's SSH where QEMU listens: the public port (the guest farm stands in for QEMU).
    expect(await readGreeting(row.sshPort!)).toBe(BANNER);
    const [route] = await h.hosting.proxy.listRoutes();
    expect(route).toMatchObject({ sshListenPort: row.sshPort, sshTarget: { host: '127.0.0.1', port: row.sshPort } });
    const conf = await liveNginxConf(h);
    expect(conf).not.toContain('stream');
    expect(conf).not.toContain('load_module');

    // The running setting fits its hostings; a restart with the stream would have nginx bind the ports
    // QEMU holds, and is refused before the edge starts.
    await h.hosting.scheduler.checkSettings();
    const routed = await h.hosting.stores.hostings.listActive();
    expect(routed.map((r) => r.id)).toEqual([row.id]);
    expect(() => checkSshForwarding('stream', routed)).toThrow(/^HOSTBAY_SSH_FORWARD: expected direct/);

    await h.api('DELETE', '/my', user.auth);
    await expect.poll(async () => (await h!.api('GET', '/my', user.auth)).statusCode, { timeout: 20_000 }).toBe(404);
    await h.leakAudit();
  });

  it('stream: the VM gets a loopback SSH port and nginx forwards the public port to it', async () => {
    h = await startHarness(sqlite, { HOSTBAY_SSH_FORWARD: 'stream', HOSTBAY_SSH_LISTEN_HOST: '127.0.0.1' });
    expect(h.config.edge.sshForward).toBe('stream');
    const user = await h.newUser();
    await h.api('POST', '', user.auth, {});
    await h.waitForStatus(user.auth, ['RUNNING']);
    const row = await hostingRow(h, user.id);
    const { first, last } = h.config.vm.sshPorts;
    expect(row.vmSshPort).toBeGreaterThanOrEqual(first);
    expect(row.vmSshPort).toBeLessThanOrEqual(last);
    expect(await allocationKinds(h, row.id)).toEqual(['mac', 'slot', 'ssh_port', 'vm_ssh_port', 'web_port']);

    expect(await liveNginxConf(h)).toContain('stream.conf');
    expect(await readGreeting(row.sshPort!)).toBe(BANNER);
    await h.hosting.scheduler.checkSettings();
    const routed = await h.hosting.stores.hostings.listActive();
    expect(() => checkSshForwarding('direct', routed)).toThrow(/^HOSTBAY_SSH_FORWARD: expected stream/);

    await h.api('DELETE', '/my', user.auth);
    await expect.poll(async () => (await h!.api('GET', '/my', user.auth)).statusCode, { timeout: 20_000 }).toBe(404);
    await h.leakAudit();
    expect(await readGreeting(row.sshPort!)).toBe('ECONNREFUSED');
  });
});
