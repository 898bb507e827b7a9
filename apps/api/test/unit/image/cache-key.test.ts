import { describe, expect, it } from 'vitest';
import {
  createRecipe,
  IMAGE_BUILDER_VERSION,
  imageCacheKey,
  type ImageRecipe,
} from '../../../src/modules/image/image-recipe.js';

const base = { mirror: 'http://deb.debian.org/debian', suite: 'bookworm', extraPackages: [] as string[] };

describe('image cache key', () => {
  it('is the same for the same inputs, whatever the order of extra packages', () => {
    const a = imageCacheKey(createRecipe({ ...base, extraPackages: ['curl', 'git'] }));
    const b = imageCacheKey(createRecipe({ ...base, extraPackages: ['git', 'curl', 'git'] }));
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when the mirror, suite or package list changes', () => {
    const key = imageCacheKey(createRecipe(base));
    expect(imageCacheKey(createRecipe({ ...base, mirror: 'http://mirror.example/debian' }))).not.toBe(key);
    expect(imageCacheKey(createRecipe({ ...base, suite: 'trixie' }))).not.toBe(key);
    expect(imageCacheKey(createRecipe({ ...base, extraPackages: ['htop'] }))).not.toBe(key);
  });

  it('changes when a file written into the image changes', () => {
    const recipe = createRecipe(base);
    const edited: ImageRecipe = {
      ...recipe,
      files: recipe.files.map((f) =>
        f.path === '/etc/cloud/cloud.cfg.d/90-hostbay.cfg' ? { ...f, content: `${f.content}# one more line\n` } : f,
      ),
    };
    expect(imageCacheKey(edited)).not.toBe(imageCacheKey(recipe));
    const chmodded: ImageRecipe = {
      ...recipe,
      files: recipe.files.map((f, i) => (i === 0 ? { ...f, mode: 0o600 } : f)),
    };
    expect(imageCacheKey(chmodded)).not.toBe(imageCacheKey(recipe));
  });

  it('changes with the builder version and the kernel command line', () => {
    const recipe = createRecipe(base);
    expect(imageCacheKey({ ...recipe, builderVersion: IMAGE_BUILDER_VERSION + 1 })).not.toBe(imageCacheKey(recipe));
    expect(imageCacheKey({ ...recipe, cmdline: `${recipe.cmdline} quiet` })).not.toBe(imageCacheKey(recipe));
  });

  it('does not depend on the order of keys in the recipe object', () => {
    const recipe = createRecipe(base);
    const reordered = Object.fromEntries(Object.entries(recipe).reverse()) as unknown as ImageRecipe;
    expect(imageCacheKey(reordered)).toBe(imageCacheKey(recipe));
  });
});

describe('image recipe', () => {
  const recipe = createRecipe(base);

  it('lists the packages a hosting needs, with the cffi backend cloud-init needs under minbase', () => {
    for (const name of [
      'linux-image-cloud-amd64',
      'nginx-light',
      'openssh-server',
      'cloud-init',
      'python3-cffi-backend',
      'ifupdown',
      'isc-dhcp-client',
    ]) {
      expect(recipe.packages).toContain(name);
    }
  });

  it("carries every tool the users' guide names, and the SFTP server scp uses since OpenSSH 9", () => {
    // docs/users.md and the welcome page tell members to use these on (or against) the machine.
    for (const name of ['openssh-sftp-server', 'rsync', 'git', 'nano', 'unzip', 'curl']) {
      expect(recipe.packages).toContain(name);
    }
  });

  it('pins the cloud-init datasource to NoCloud and leaves machine-id empty', () => {
    const cfg = recipe.files.find((f) => f.path === '/etc/cloud/cloud.cfg.d/90-hostbay.cfg');
    expect(cfg?.content).toMatch(/datasource_list:\s*\n\s*- NoCloud\n\s*- None/);
    expect(recipe.files.find((f) => f.path === '/etc/machine-id')?.content).toBe('');
    expect(recipe.files.find((f) => f.path === '/etc/fstab')?.content).toMatch(/^\/dev\/vda \/ ext4 /);
  });

  it('removes the host keys debootstrap generated, so every VM gets its own', () => {
    expect(recipe.removedPaths).toContain('/etc/ssh/ssh_host_*');
  });
});
