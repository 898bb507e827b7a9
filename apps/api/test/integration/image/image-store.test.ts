import type { ImageConfig } from '../../../src/config/image.js';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeImageFs } from '../../../src/adapters/image/node-image-fs.js';
import { NodeProcessRunner } from '../../../src/adapters/process/process-runner.js';
import { resolveBaseImage } from '../../../src/modules/image/base-image.js';
import { BaseImageMissingError, ImageBuildLockedError } from '../../../src/modules/image/image.errors.js';
import { ImageStore } from '../../../src/modules/image/image-store.js';
import { fakeImage } from './image-helpers.js';

/** The image settings of a Hostbay that builds its own image into `imagesDir`. */
function builtImageConfig(imagesDir: string): ImageConfig {
  return { imagesDir, mirror: 'http://m/debian', suite: 'bookworm', extraPackages: [], cloudImage: undefined };
}

const fs = new NodeImageFs(new NodeProcessRunner());
const newImagesDir = async () => path.join(await mkdtemp(path.join(tmpdir(), 'hostbay-images-')), 'images');

describe('ImageStore', () => {
  it('finds a complete image by key, points current at it, and resolves it for the VM layer', async () => {
    const imagesDir = await newImagesDir();
    const store = new ImageStore(imagesDir, fs);
    const key = 'a'.repeat(64);
    await fakeImage(imagesDir, 'debian-bookworm-old', 'b'.repeat(64), '2025-01-01T00:00:00.000Z');
    await fakeImage(imagesDir, 'debian-bookworm-one', key, '2025-01-02T00:00:00.000Z');
    await fakeImage(imagesDir, 'debian-bookworm-two', key, '2025-01-03T00:00:00.000Z');

    expect(await store.current()).toBeUndefined();
    const found = await store.findByKey(key);
    expect(found?.manifest.id).toBe('debian-bookworm-two');
    await store.setCurrent(found!);
    expect(JSON.parse(await readFile(path.join(imagesDir, 'current.json'), 'utf8'))).toEqual({
      id: 'debian-bookworm-two',
      key,
    });

    const base = await resolveBaseImage(builtImageConfig(imagesDir), { fs });
    expect(base).toEqual({
      kind: 'built',
      id: 'debian-bookworm-two',
      disk: path.join(imagesDir, 'debian-bookworm-two/base.qcow2'),
      kernel: path.join(imagesDir, 'debian-bookworm-two/vmlinuz'),
      initrd: path.join(imagesDir, 'debian-bookworm-two/initrd.img'),
      cmdline: 'root=/dev/vda rw console=ttyS0',
      installsWebServer: false,
    });
  });

  it('ignores an image folder that lacks a file, as a crash mid-publish would leave it', async () => {
    const imagesDir = await newImagesDir();
    const key = 'c'.repeat(64);
    const dir = await fakeImage(imagesDir, 'debian-bookworm-partial', key, '2025-01-01T00:00:00.000Z');
    await rm(path.join(dir, 'initrd.img'));
    expect(await new ImageStore(imagesDir, fs).findByKey(key)).toBeUndefined();
  });

  it('holds one build at a time and takes over a lock whose process is gone', async () => {
    const imagesDir = await newImagesDir();
    const alive = new ImageStore(imagesDir, fs, () => true);
    await mkdir(imagesDir, { recursive: true });
    await writeFile(path.join(imagesDir, '.build.lock'), '999999\n');
    await expect(alive.lock()).rejects.toBeInstanceOf(ImageBuildLockedError);

    const gone = new ImageStore(imagesDir, fs, () => false);
    const release = await gone.lock();
    expect((await readFile(path.join(imagesDir, '.build.lock'), 'utf8')).trim()).toBe(String(process.pid));
    await release();
    expect(await readdir(imagesDir)).toEqual([]);
  });

  it('removes folders of crashed builds and nothing else', async () => {
    const imagesDir = await newImagesDir();
    const store = new ImageStore(imagesDir, fs);
    await fakeImage(imagesDir, 'debian-bookworm-keep', 'd'.repeat(64), '2025-01-01T00:00:00.000Z');
    await mkdir(path.join(imagesDir, '.build-0123456789ab/rootfs/etc'), { recursive: true });
    await writeFile(path.join(imagesDir, '.build-0123456789ab/rootfs/etc/hostname'), 'x');
    expect(await store.removeLeftovers()).toEqual(['.build-0123456789ab']);
    expect((await readdir(imagesDir)).sort()).toEqual(['debian-bookworm-keep']);
  });
});

describe('resolveBaseImage', () => {
  it('tells the operator how to build the image when there is none, and members nothing of the host', async () => {
    const imagesDir = await newImagesDir();
    const error = await resolveBaseImage(builtImageConfig(imagesDir), { fs }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BaseImageMissingError);
    const missing = error as BaseImageMissingError;
    expect(missing.operatorDetail).toContain(imagesDir);
    expect(missing.operatorDetail).toContain('./hostbay image build');
    // The message is what a member's 503 says.
    expect(missing.message).not.toContain(imagesDir);
    expect(missing.message).not.toMatch(/\//);
  });

  it('uses an operator cloud image as it is, with the web server installed on first boot', async () => {
    const imagesDir = await newImagesDir();
    const cloudImage = path.join(path.dirname(imagesDir), 'debian-12-generic-amd64.qcow2');
    const config = { imagesDir, mirror: 'http://m/debian', suite: 'bookworm', extraPackages: [], cloudImage };
    await expect(resolveBaseImage(config, { fs })).rejects.toMatchObject({
      operatorDetail: expect.stringMatching(/HOSTBAY_IMAGE names .* not a file/),
    });
    await writeFile(cloudImage, 'qcow2');
    expect(await resolveBaseImage(config, { fs })).toEqual({
      kind: 'cloud',
      id: 'cloud:debian-12-generic-amd64.qcow2',
      disk: cloudImage,
      installsWebServer: true,
    });
  });
});
