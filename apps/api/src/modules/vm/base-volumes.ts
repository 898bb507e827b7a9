import { VmOperationError } from './vm.errors.js';
import { baseVolumes, type BaseVolumes } from './vm-names.js';
import type { VmStorage } from './vm.ports.js';
import type { BaseImageSpec } from './vm.spec.js';

/**
 * The base images' files as volumes of the pool, uploaded the first time a VM
 * (or a template) needs them: once per image, later VMs are overlays on the
 * same volume. A template's flattened disk is a base image too. The ready
 * marker comes last, so a base cut short by a crash is uploaded again.
 */
export class BaseVolumeUploader {
  /** Base images already in the pool (or on their way), by their ready marker. */
  private readonly bases = new Map<string, Promise<BaseVolumes>>();

  constructor(private readonly storage: VmStorage) {}

  volumesFor(image: BaseImageSpec): Promise<BaseVolumes> {
    const names = baseVolumes(image.disk);
    let ready = this.bases.get(names.ready);
    if (!ready) {
      ready = this.upload(image, names);
      this.bases.set(names.ready, ready);
      ready.catch(() => this.bases.delete(names.ready));
    }
    return ready;
  }

  private async upload(image: BaseImageSpec, names: BaseVolumes): Promise<BaseVolumes> {
    const { storage } = this;
    if (await storage.volumeInfo(names.ready)) return names;
    const files: [string, string | undefined][] = [
      [names.disk, image.disk],
      [names.kernel, image.kernel],
      [names.initrd, image.initrd],
    ];
    for (const [volume, file] of files) {
      if (file === undefined) continue;
      await storage.deleteVolume(volume);
      await storage.importVolume(volume, file).catch((error: unknown) => {
        throw new VmOperationError(`Base image file ${file} is not readable.`, { cause: error });
      });
    }
    await storage.createVolume(names.ready, { capacityBytes: 0, format: 'raw' });
    return names;
  }
}
