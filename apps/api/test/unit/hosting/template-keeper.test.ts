import { describe, expect, it } from 'vitest';
import { TemplateKeeper } from '../../../src/modules/hosting/template-keeper.js';
import { templateKey, type TemplateShape } from '../../../src/modules/vm/template.js';
import type { StoredTemplate, TemplateManifest } from '../../../src/modules/vm/vm.ports.js';
import type { BaseImageSpec } from '../../../src/modules/vm/vm.spec.js';
import { RecordingLogger } from './fakes/recording-logger.js';

const OLD_IMAGE: BaseImageSpec = {
  disk: '/srv/images/debian-old/base.qcow2',
  kernel: '/srv/images/debian-old/vmlinuz',
  initrd: '/srv/images/debian-old/initrd.img',
  cmdline: 'root=/dev/vda rw console=ttyS0',
  installsWebServer: false,
};
const NEW_IMAGE: BaseImageSpec = { ...OLD_IMAGE, disk: '/srv/images/debian-new/base.qcow2' };
const DEFAULT_SHAPE: TemplateShape = { vcpus: 1, memoryMb: 512, diskGb: 10 };

/** The template store in memory, and a builder that "boots" a template by storing its manifest. */
function setup(options: { image?: BaseImageSpec; failBuilds?: number } = {}) {
  const stored = new Map<string, StoredTemplate>();
  const built: string[] = [];
  const removed: string[] = [];
  let image = options.image ?? NEW_IMAGE;
  let failures = options.failBuilds ?? 0;
  const store = (key: string, baseDisk: string, shape: TemplateShape) => {
    const manifest: TemplateManifest = {
      key,
      version: 1,
      baseDisk,
      virtType: 'qemu',
      ...shape,
      builtAt: '2026-11-28T00:00:00.000Z',
      buildSeconds: 100,
      stateBytes: 1,
    };
    stored.set(key, { manifest, disk: `/t/${key}/disk.qcow2`, state: `/t/${key}/state.save` });
  };
  const keeper = new TemplateKeeper({
    builder: {
      build: async (inputs) => {
        const key = templateKey({ ...inputs, virtType: 'qemu' });
        built.push(key);
        if (failures > 0) {
          failures -= 1;
          throw new Error('the template did not boot');
        }
        store(key, inputs.baseDisk, inputs.shape);
        return stored.get(key)!.manifest;
      },
    },
    templates: {
      find: async (key) => stored.get(key),
      list: async () => [...stored.values()],
      remove: async (key) => {
        removed.push(key);
        stored.delete(key);
      },
    },
    baseImages: { resolve: async () => image },
    virtType: async () => 'qemu',
    defaultShape: DEFAULT_SHAPE,
    buildTimeoutMs: 1000,
    retryAfterMs: 60_000,
    log: new RecordingLogger(),
  });
  const settle = async () => {
    for (let i = 0; i < 50; i += 1) await new Promise((r) => setTimeout(r, 1));
  };
  return { keeper, stored, built, removed, store, settle, setImage: (next: BaseImageSpec) => (image = next) };
}

describe('TemplateKeeper', () => {
  it('builds the default plan’s template at start, and new hostings of that shape are made from it', async () => {
    const { keeper, built, settle } = setup();
    expect(await keeper.readyFor(DEFAULT_SHAPE, NEW_IMAGE)).toBeUndefined();
    keeper.kick();
    await settle();
    expect(built).toHaveLength(1);
    const ready = await keeper.readyFor(DEFAULT_SHAPE, NEW_IMAGE);
    expect(ready).toEqual({ key: built[0], disk: `/t/${built[0]}/disk.qcow2` });
    expect(await keeper.status()).toEqual([
      expect.objectContaining({ shape: DEFAULT_SHAPE, state: 'ready', key: built[0], buildSeconds: 100 }),
    ]);
  });

  it('never hands out a template of an older image, and removes it', async () => {
    const { keeper, store, removed, settle } = setup();
    const oldKey = templateKey({ baseDisk: OLD_IMAGE.disk, virtType: 'qemu', shape: DEFAULT_SHAPE });
    store(oldKey, OLD_IMAGE.disk, DEFAULT_SHAPE);
    expect(await keeper.readyFor(DEFAULT_SHAPE, NEW_IMAGE)).toBeUndefined();
    keeper.kick();
    await settle();
    expect(removed).toEqual([oldKey]);
    expect((await keeper.readyFor(DEFAULT_SHAPE, NEW_IMAGE))?.key).not.toBe(oldKey);
  });

  it('builds another plan’s template after its first hosting asked for one (that hosting boots)', async () => {
    const { keeper, built, settle } = setup();
    const big = { vcpus: 2, memoryMb: 1024, diskGb: 20 };
    expect(await keeper.readyFor(big, NEW_IMAGE)).toBeUndefined();
    await settle();
    expect(built).toHaveLength(2);
    expect(await keeper.readyFor(big, NEW_IMAGE)).toBeDefined();
    expect((await keeper.status()).map((s) => s.shape)).toEqual([DEFAULT_SHAPE, big]);
  });

  it('reports a failed build and does not retry it before its back-off', async () => {
    const { keeper, built, settle } = setup({ failBuilds: 1 });
    keeper.kick();
    await settle();
    keeper.kick();
    await settle();
    expect(built).toHaveLength(1);
    expect(await keeper.status()).toEqual([
      expect.objectContaining({ state: 'failed', error: 'the template did not boot' }),
    ]);
  });

  it('keeps no template for a distro cloud image (no guest agent)', async () => {
    const cloud: BaseImageSpec = { disk: '/srv/cloud.qcow2', installsWebServer: true };
    const { keeper, built, settle } = setup({ image: cloud });
    keeper.kick();
    await settle();
    expect(built).toEqual([]);
    expect(await keeper.readyFor(DEFAULT_SHAPE, cloud)).toBeUndefined();
    expect(await keeper.status()).toEqual([]);
  });
});
