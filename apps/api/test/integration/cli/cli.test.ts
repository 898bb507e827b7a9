import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const cli = path.join(root, 'apps/api/dist/cli/main.js');

/** The built CLI, as `./hostbay` runs it (the launcher builds before tests). */
function hostbay(args: string[], env: Record<string, string>) {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build first (./hostbay builds; or npm run build)`);
  return spawnSync(process.execPath, [cli, ...args], {
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('the hostbay CLI', () => {
  it('stops start-up on a bad setting with one line naming it', async () => {
    const result = hostbay(['serve'], {
      HOSTBAY_DATA_DIR: await mkdtemp(path.join(tmpdir(), 'hb-cli-')),
      HOSTBAY_PORT: 'eighty',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('hostbay: HOSTBAY_PORT: expected an integer from 1 to 65535 (got "eighty")\n');
  });

  it('names a missing host program and the package that brings it, in one line, no stack trace', async () => {
    // A PATH with virsh but without nginx: serve gets as far as starting the edge.
    const bin = await mkdtemp(path.join(tmpdir(), 'hb-cli-bin-'));
    await symlink('/usr/bin/virsh', path.join(bin, 'virsh'));
    const port = 12_000 + Math.floor(Math.random() * 4000) * 2;
    const result = hostbay(['serve'], {
      PATH: bin,
      HOSTBAY_DATA_DIR: await mkdtemp(path.join(tmpdir(), 'hb-cli-')),
      HOSTBAY_HOST: '127.0.0.1',
      HOSTBAY_PORT: String(port),
      HOSTBAY_API_PORT: String(port + 1),
      HOSTBAY_LIBVIRT_URI: 'test:///default',
      HOSTBAY_VIRT_TYPE: 'qemu',
      HOSTBAY_LOG_LEVEL: 'silent',
    });
    expect(result.stderr).toBe(
      'hostbay: nginx is not installed; it comes with the Debian package nginx-light: as root: ' +
        'apt-get update && apt-get install -y --no-install-recommends nginx-light ' +
        '(`./hostbay up` does this when run as root)\n',
    );
    expect(result.status).toBe(1);
  });

  it('lists its subcommands', () => {
    const result = hostbay(['--help'], {});
    expect(result.status).toBe(0);
    for (const command of ['up', 'serve', 'test', 'doctor'])
      expect(result.stdout).toMatch(new RegExp(`\\n  ${command}\\b`));
  });

  it('doctor names what it checked and how to fix a broken database setting', async () => {
    const result = hostbay(['doctor'], {
      HOSTBAY_DATA_DIR: await mkdtemp(path.join(tmpdir(), 'hb-cli-')),
      HOSTBAY_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/FAIL {2}database: postgres:\/\/\*\*\*@127\.0\.0\.1:1\/none/);
    expect(result.stdout).toContain('fix: check HOSTBAY_DATABASE_URL');
    expect(result.stdout).toMatch(/^ok +Node\.js: v\d+/m);
  });
});
