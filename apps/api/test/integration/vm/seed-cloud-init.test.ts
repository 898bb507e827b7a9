import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeProcessRunner } from '../../../src/adapters/process/process-runner.js';
import { buildNetworkConfig, buildUserData, type SeedInput } from '../../../src/modules/vm/seed-content.js';
import { HOSTING_ID, PASSWORD_HASH, SSH_KEY } from '../../unit/vm/factories.js';

/**
 * cloud-init's own checks, from Debian's cloud-init package (22.4, as in the
 * guest image): `schema` validates user-data, `devel net-convert` renders
 * network-config the way the guest's ifupdown renderer will.
 */
const runner = new NodeProcessRunner();
const base: SeedInput = {
  hostingId: HOSTING_ID,
  username: 'alice',
  sshPublicKey: SSH_KEY,
  mac: '52:54:00:43:a2:3e',
  network: { mode: 'dhcp' },
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hostbay-seed-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function schemaCheck(userData: string): Promise<{ exitCode: number; output: string }> {
  const file = path.join(dir, `user-data-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, userData);
  const result = await runner.run(['cloud-init', 'schema', '--config-file', file], { timeoutMs: 30_000 });
  return { exitCode: result.exitCode, output: result.stdout + result.stderr };
}

describe('user-data passes cloud-init’s schema check', () => {
  it.each([
    ['an SSH key', base],
    ['a password hash', { ...base, sshPublicKey: undefined, passwordHash: PASSWORD_HASH }],
    [
      'the welcome page with this hosting’s commands (Korean, quotes, backslashes)',
      {
        ...base,
        access: { siteUrl: 'http://alice.hosting.example.org/', sshHost: 'hosting.example.org', sshPort: 2201 },
      },
    ],
    [
      'a hostile key comment',
      { ...base, sshPublicKey: `${SSH_KEY} "x'\n#cloud-config\nruncmd: [reboot]\n---\nusers: []` },
    ],
  ])('with %s', async (_label, input: SeedInput) => {
    const { exitCode, output } = await schemaCheck(buildUserData(input));
    expect(output).toContain('Valid cloud-config');
    expect(exitCode).toBe(0);
  });

  it('and the check does reject a broken config', async () => {
    const { exitCode } = await schemaCheck('#cloud-config\nusers: 3\nwrite_files: [{path: 1}]\n');
    expect(exitCode).not.toBe(0);
  });
});

async function renderNetwork(input: SeedInput): Promise<{ interfaces: string; udev: string }> {
  const out = await mkdtemp(path.join(dir, 'net-'));
  const file = path.join(out, 'network-config');
  await writeFile(file, buildNetworkConfig(input));
  await runner.runChecked(
    [
      'cloud-init',
      'devel',
      'net-convert',
      '--network-data',
      file,
      '--kind',
      'yaml',
      '--output-kind',
      'eni',
      '--distro',
      'debian',
      '--directory',
      out,
    ],
    { timeoutMs: 30_000 },
  );
  return {
    interfaces: await readFile(path.join(out, 'etc/network/interfaces.d/50-cloud-init'), 'utf8'),
    udev: await readFile(path.join(out, 'etc/udev/rules.d/70-persistent-net.rules'), 'utf8'),
  };
}

describe('network-config renders as the guest will use it', () => {
  it('user mode: the NIC with our MAC becomes eth0 on DHCP', async () => {
    const { interfaces, udev } = await renderNetwork(base);
    expect(udev).toContain('ATTR{address}=="52:54:00:43:a2:3e", NAME="eth0"');
    expect(interfaces).toMatch(/auto eth0\niface eth0 inet dhcp/);
  });

  it('bridge mode: the allocated address, gateway and DNS are static', async () => {
    const { interfaces } = await renderNetwork({
      ...base,
      mac: '52:54:00:4a:00:05',
      network: { mode: 'static', address: '10.77.0.5', prefix: 24, gateway: '10.77.0.1', dns: ['10.77.0.1'] },
    });
    expect(interfaces).toMatch(/iface eth0 inet static/);
    expect(interfaces).toMatch(/address 10\.77\.0\.5\/24/);
    expect(interfaces).toMatch(/gateway 10\.77\.0\.1/);
    expect(interfaces).toMatch(/dns-nameservers 10\.77\.0\.1/);
  });
});
