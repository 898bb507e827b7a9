import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeProcessRunner } from '../../../src/adapters/process/process-runner.js';
import { runImageBuild, type ImageBuildResult } from '../../../src/cli/image-build.js';
import { e2eImageConfig } from './image-support.js';

const runner = new NodeProcessRunner();

/**
 * Builds the base image from Debian packages (about 2 to 4 minutes), or
 * reuses the cached build, and looks inside the ext4 file system with
 * debugfs: no mount, no loop device.
 */
describe('base image build (real debootstrap)', () => {
  let result: ImageBuildResult;
  let scratch: string;
  let raw: string;

  const debugfs = async (request: string) =>
    (await runner.runChecked(['debugfs', '-R', request, raw], { timeoutMs: 60_000 })).stdout;

  beforeAll(async () => {
    result = await runImageBuild({ config: e2eImageConfig(), display: 'lines' });
    scratch = await mkdtemp(path.join(tmpdir(), 'hostbay-image-e2e-'));
    raw = path.join(scratch, 'root.raw');
    await runner.runChecked(['qemu-img', 'convert', '-f', 'qcow2', '-O', 'raw', result.image.disk, raw], {
      timeoutMs: 10 * 60_000,
    });
  });

  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('is a qcow2 disk with a kernel and initrd for direct boot', async () => {
    expect(result.image.kind).toBe('built');
    const info = JSON.parse(
      (await runner.runChecked(['qemu-img', 'info', '--output=json', result.image.disk])).stdout,
    ) as {
      format: string;
      'virtual-size': number;
    };
    expect(info.format).toBe('qcow2');
    expect(info['virtual-size']).toBeGreaterThanOrEqual(2 * 1024 ** 3);
    // A bzImage carries "HdrS" at 0x202.
    const kernel = await open(result.image.kernel!, 'r');
    const header = Buffer.alloc(4);
    await kernel.read(header, 0, 4, 0x202);
    await kernel.close();
    expect(header.toString('latin1')).toBe('HdrS');
    expect((await stat(result.image.initrd!)).size).toBeGreaterThan(1024 * 1024);
    expect(result.image.cmdline).toContain('root=/dev/vda');
  });

  it('holds an ext4 root with cloud-init pinned to NoCloud, nginx and sshd', async () => {
    expect(await debugfs('cat /etc/cloud/cloud.cfg.d/90-hostbay.cfg')).toMatch(/datasource_list:\s*\n\s*- NoCloud/);
    expect(await debugfs('cat /etc/fstab')).toMatch(/^\/dev\/vda \/ ext4 /);
    for (const binary of [
      '/usr/sbin/nginx',
      '/usr/sbin/sshd',
      '/usr/bin/cloud-init',
      '/usr/sbin/dhclient',
      '/usr/sbin/ifup',
    ]) {
      expect(await debugfs(`stat ${binary}`), binary).toMatch(/Type: regular/);
    }
    expect(await debugfs('cat /var/www/html/index.html')).toContain('Hostbay');
  });

  it('ships no per-machine identity: no SSH host keys, an empty machine-id', async () => {
    expect(await debugfs('ls /etc/ssh')).not.toContain('ssh_host_');
    expect(await debugfs('stat /etc/machine-id')).toMatch(/Size: 0\b/);
  });

  it('is reused, not rebuilt, when its inputs have not changed', async () => {
    const again = await runImageBuild({ config: e2eImageConfig(), display: 'silent' });
    expect(again.reused).toBe(true);
    expect(again.image).toEqual(result.image);
  });
});
