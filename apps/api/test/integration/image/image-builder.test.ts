import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImageConfig } from '../../../src/config/image.js';
import { createImageHost } from '../../../src/adapters/image/image-host.js';
import { NodeProcessRunner } from '../../../src/adapters/process/process-runner.js';
import { SilentBuildProgress } from '../../../src/modules/image/build-progress.js';
import { ImageBuilder } from '../../../src/modules/image/image-builder.js';
import { MirrorUnreachableError } from '../../../src/modules/image/image.errors.js';
import type { Debootstrap } from '../../../src/modules/image/image.ports.js';
import { ImageStore } from '../../../src/modules/image/image-store.js';
import { fakeImage } from './image-helpers.js';

async function closedPortMirror(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/debian`;
}

/** debootstrap must not run in these tests: the cache or the mirror check decides first. */
const noDebootstrap: Debootstrap = {
  install: () => Promise.reject(new Error('debootstrap should not have run')),
};

async function setUp(mirror: string) {
  const imagesDir = path.join(await mkdtemp(path.join(tmpdir(), 'hostbay-build-')), 'images');
  const config: ImageConfig = { imagesDir, mirror, suite: 'bookworm', extraPackages: [], cloudImage: undefined };
  const host = { ...createImageHost(new NodeProcessRunner()), debootstrap: noDebootstrap };
  const builder = (overrides: Partial<ImageConfig> = {}) =>
    new ImageBuilder(
      { ...config, ...overrides },
      {
        ...host,
        store: new ImageStore(imagesDir, host.fs, () => false),
        progress: new SilentBuildProgress(),
      },
    );
  return { imagesDir, builder };
}

describe('ImageBuilder cache', () => {
  it('reuses the image built from the same inputs without touching the mirror', async () => {
    const { imagesDir, builder } = await setUp(await closedPortMirror());
    const key = builder().key;
    await fakeImage(imagesDir, 'debian-bookworm-cached', key, '2025-01-01T00:00:00.000Z');

    const outcome = await builder().ensure();
    expect(outcome.reused).toBe(true);
    expect(outcome.image.manifest.id).toBe('debian-bookworm-cached');
    expect(JSON.parse(await readFile(path.join(imagesDir, 'current.json'), 'utf8'))).toEqual({
      id: 'debian-bookworm-cached',
      key,
    });
  });

  it('rebuilds when an input changes, and a failed build leaves the current image and no debris', async () => {
    const mirror = await closedPortMirror();
    const { imagesDir, builder } = await setUp(mirror);
    await fakeImage(imagesDir, 'debian-bookworm-cached', builder().key, '2025-01-01T00:00:00.000Z');
    await builder().ensure();
    const pointer = await readFile(path.join(imagesDir, 'current.json'), 'utf8');

    const changed = builder({ extraPackages: ['htop'] });
    expect(changed.key).not.toBe(builder().key);
    await expect(changed.ensure()).rejects.toBeInstanceOf(MirrorUnreachableError);
    expect(await readFile(path.join(imagesDir, 'current.json'), 'utf8')).toBe(pointer);
    expect((await readdir(imagesDir)).filter((n) => n.startsWith('.build'))).toEqual([]);
  });

  it('rebuilds with force even when the inputs match', async () => {
    const { imagesDir, builder } = await setUp(await closedPortMirror());
    await fakeImage(imagesDir, 'debian-bookworm-cached', builder().key, '2025-01-01T00:00:00.000Z');
    await expect(builder().ensure({ force: true })).rejects.toThrow(
      /Cannot reach the Debian mirror http:\/\/127\.0\.0\.1:\d+\/debian/,
    );
  });

  it('clears what a crashed build left (its folder and its lock) before building', async () => {
    const { imagesDir, builder } = await setUp(await closedPortMirror());
    await mkdir(path.join(imagesDir, '.build-deadbeef0000/rootfs/usr'), { recursive: true });
    await writeFile(path.join(imagesDir, '.build.lock'), '999999\n');
    await expect(builder().ensure()).rejects.toBeInstanceOf(MirrorUnreachableError);
    expect((await readdir(imagesDir)).filter((n) => n !== '.debs')).toEqual([]);
  });
});
