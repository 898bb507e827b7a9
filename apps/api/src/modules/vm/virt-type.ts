import { z } from 'zod';
import type { VirtTypeSetting } from '../../config/vm.js';
import type { VirtType } from './domain-model.js';
import type { AcceleratorProbe, StateFile } from './vm.ports.js';

const CachedVirtType = z.object({ virtType: z.enum(['kvm', 'qemu']), probedAt: z.string() });

/**
 * The domain type for new VMs: the operator's setting, or (for `auto`) the
 * probe's answer, remembered in a file so the probe runs once per host. Delete
 * the file to probe again (e.g. after enabling nested virtualisation).
 */
export class VirtTypeResolver {
  private resolved: Promise<VirtType> | undefined;

  constructor(
    private readonly setting: VirtTypeSetting,
    private readonly probe: AcceleratorProbe,
    /** Where the probe's answer is remembered (`<dataDir>/virt-type.json`). */
    private readonly cache: StateFile,
    /** The guests' kernel, when there is one yet: booting it is the truer test. */
    private readonly guestKernel: () => Promise<string | undefined> = async () => undefined,
  ) {}

  resolve(): Promise<VirtType> {
    this.resolved ??= this.decide().catch((error: unknown) => {
      this.resolved = undefined;
      throw error;
    });
    return this.resolved;
  }

  private async decide(): Promise<VirtType> {
    if (this.setting !== 'auto') return this.setting;
    const cached = await this.readCache();
    if (cached) return cached;
    const virtType: VirtType = (await this.probe.runsGuests('kvm', await this.guestKernel())) ? 'kvm' : 'qemu';
    await this.cache.write(JSON.stringify({ virtType, probedAt: new Date().toISOString() }) + '\n');
    return virtType;
  }

  private async readCache(): Promise<VirtType | undefined> {
    const text = await this.cache.read();
    if (text === undefined) return undefined;
    try {
      const parsed = CachedVirtType.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data.virtType : undefined;
    } catch {
      return undefined; // A damaged cache file is re-probed and rewritten.
    }
  }
}
