import { access, constants, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { VirtTypeSetting } from '../../config/vm.js';
import { CommandError, type ProcessRunner } from '../../host/process-runner.js';
import type { VirtType } from './domain-model.js';

/** Tells whether a QEMU accelerator really runs guest code on this host. */
export interface AcceleratorProbe {
  runsGuests(accelerator: 'kvm' | 'tcg'): Promise<boolean>;
}

/**
 * Boots an empty machine: SeaBIOS runs, finds no boot device and reboots,
 * which `-no-reboot` turns into an exit; it writes its progress to the
 * debug console on port 0x402. Under TCG this takes about 0.2 s. /dev/kvm can
 * exist while guests never get past the BIOS (nested virtualisation on some
 * clouds), so the test is "did the BIOS finish", not "did KVM open".
 */
export class QemuAcceleratorProbe implements AcceleratorProbe {
  constructor(
    private readonly runner: ProcessRunner,
    private readonly options: { kvmDevice?: string; timeoutMs?: number; qemu?: string } = {},
  ) {}

  async runsGuests(accelerator: 'kvm' | 'tcg'): Promise<boolean> {
    if (accelerator === 'kvm') {
      try {
        await access(this.options.kvmDevice ?? '/dev/kvm', constants.R_OK | constants.W_OK);
      } catch {
        return false; // No usable KVM device: nothing to probe.
      }
    }
    const command = [
      this.options.qemu ?? 'qemu-system-x86_64',
      '-accel',
      accelerator,
      // The CPU model the domain gets (domain-xml.ts: host-passthrough under KVM). Nested KVM can run
      // QEMU's default CPU and still refuse the host's (e.g. "failed to set MSR 0x10a"): probe the real one.
      ...(accelerator === 'kvm' ? ['-cpu', 'host'] : []),
      '-machine',
      'pc',
      '-m',
      '32',
      '-nodefaults',
      '-display',
      'none',
      '-no-reboot',
      '-boot',
      'reboot-timeout=0',
      '-chardev',
      'stdio,id=bios',
      '-device',
      'isa-debugcon,iobase=0x402,chardev=bios',
    ];
    try {
      const result = await this.runner.run(command, { timeoutMs: this.options.timeoutMs ?? 10_000 });
      return result.exitCode === 0 && /No bootable device/.test(result.stdout);
    } catch (error) {
      // A timeout is the answer we are probing for: the guest hung.
      if (error instanceof CommandError) return false;
      throw error;
    }
  }
}

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
    private readonly cacheFile: string,
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
    const virtType: VirtType = (await this.probe.runsGuests('kvm')) ? 'kvm' : 'qemu';
    await mkdir(path.dirname(this.cacheFile), { recursive: true });
    const partial = `${this.cacheFile}.partial`;
    await writeFile(partial, JSON.stringify({ virtType, probedAt: new Date().toISOString() }) + '\n');
    await rename(partial, this.cacheFile);
    return virtType;
  }

  private async readCache(): Promise<VirtType | undefined> {
    let text: string;
    try {
      text = await readFile(this.cacheFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const parsed = CachedVirtType.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data.virtType : undefined;
    } catch {
      return undefined; // A damaged cache file is re-probed and rewritten.
    }
  }
}
