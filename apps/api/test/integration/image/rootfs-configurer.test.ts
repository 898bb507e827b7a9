import { lstat, mkdir, mkdtemp, readFile, readlink, readdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { NodeImageFs } from '../../../src/adapters/image/node-image-fs.js';
import { NodeProcessRunner } from '../../../src/adapters/process/process-runner.js';
import { createRecipe } from '../../../src/modules/image/image-recipe.js';
import { RootfsConfigurer } from '../../../src/modules/image/rootfs-configurer.js';

const fs = new NodeImageFs(new NodeProcessRunner());
const recipe = createRecipe({ mirror: 'http://deb.debian.org/debian', suite: 'bookworm', extraPackages: [] });

async function put(file: string, content = 'x'): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

describe('RootfsConfigurer on a real folder', () => {
  let scratch: string;
  let rootfs: string;
  let outside: string;

  beforeEach(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'hostbay-rootfs-'));
    rootfs = path.join(scratch, 'rootfs');
    outside = path.join(scratch, 'host');
    // What debootstrap leaves behind that must not reach the image.
    await put(path.join(rootfs, 'etc/hostname'), 'build-host\n');
    await put(path.join(rootfs, 'etc/machine-id'), '3dbab73475444c3cb7577dee85a9673d\n');
    await put(path.join(rootfs, 'etc/ssh/ssh_host_rsa_key'), 'secret');
    await put(path.join(rootfs, 'etc/ssh/ssh_host_rsa_key.pub'), 'public');
    await put(path.join(rootfs, 'etc/ssh/sshd_config'), 'Port 22\n');
    await put(path.join(rootfs, 'var/cache/apt/archives/nginx-light_1.22.deb'), 'deb');
    await mkdir(path.join(rootfs, 'var/cache/apt/archives/partial'), { recursive: true });
    await put(path.join(rootfs, 'var/lib/apt/lists/deb.debian.org_dists_bookworm_InRelease'), 'index');
    await put(path.join(outside, 'precious'), 'host data');
  });

  it('writes the guest files, masks units and removes per-machine keys and caches', async () => {
    await new RootfsConfigurer(fs).apply(rootfs, recipe);

    expect(await readFile(path.join(rootfs, 'etc/cloud/cloud.cfg.d/90-hostbay.cfg'), 'utf8')).toContain('NoCloud');
    expect(await readFile(path.join(rootfs, 'etc/hostname'), 'utf8')).toBe('hostbay\n');
    expect(await readFile(path.join(rootfs, 'etc/machine-id'), 'utf8')).toBe('');
    expect(await readlink(path.join(rootfs, 'etc/systemd/system/apt-daily.timer'))).toBe('/dev/null');
    expect(await readdir(path.join(rootfs, 'etc/ssh'))).toEqual(['sshd_config', 'sshd_config.d']);
    expect(await readdir(path.join(rootfs, 'var/cache/apt/archives'))).toEqual(['partial']);
    expect(await readdir(path.join(rootfs, 'var/lib/apt/lists'))).toEqual([]);
    expect((await lstat(path.join(rootfs, 'var/www/html/index.html'))).isFile()).toBe(true);
  });

  it('replaces a symlink the rootfs holds instead of writing through it to the host', async () => {
    await symlink(path.join(outside, 'precious'), path.join(rootfs, 'etc/hosts'));
    await new RootfsConfigurer(fs).apply(rootfs, recipe);
    expect(await readFile(path.join(outside, 'precious'), 'utf8')).toBe('host data');
    expect((await lstat(path.join(rootfs, 'etc/hosts'))).isFile()).toBe(true);
  });

  it('refuses a folder that resolves outside the rootfs and leaves the host untouched', async () => {
    await symlink(outside, path.join(rootfs, 'etc/cloud'));
    await expect(new RootfsConfigurer(fs).apply(rootfs, recipe)).rejects.toThrow(/outside the rootfs/);
    expect(await readdir(outside)).toEqual(['precious']);
  });
});
