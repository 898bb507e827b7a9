import { access, constants } from 'node:fs/promises';
import type { AcceleratorProbe } from '../../modules/vm/vm.ports.js';
import { CommandError, type ProcessRunner } from '../process/process-runner.js';

/**
 * Boots an empty machine: SeaBIOS runs, finds no boot device and reboots,
 * which `-no-reboot` turns into an exit; it writes its progress to the
 * debug console on port 0x402. Under TCG this takes about 0.2 s. /dev/kvm can
 * exist while guests never get past the BIOS (nested virtualisation on some
 * clouds), so the test is "did the BIOS finish", not "did KVM open"; given
 * the guests' kernel, "did that kernel get through its early set-up".
 */
export class QemuAcceleratorProbe implements AcceleratorProbe {
  constructor(
    private readonly runner: ProcessRunner,
    private readonly options: { kvmDevice?: string; timeoutMs?: number; kernelTimeoutMs?: number; qemu?: string } = {},
  ) {}

  async runsGuests(accelerator: 'kvm' | 'tcg', kernel?: string): Promise<boolean> {
    if (accelerator === 'kvm') {
      try {
        await access(this.options.kvmDevice ?? '/dev/kvm', constants.R_OK | constants.W_OK);
      } catch {
        return false; // No usable KVM device: nothing to probe.
      }
    }
    if (kernel !== undefined) return this.bootsKernel(accelerator, kernel);
    return this.exitsSaying(
      accelerator,
      [
        '-m',
        '32',
        '-boot',
        'reboot-timeout=0',
        '-chardev',
        'stdio,id=bios',
        '-device',
        'isa-debugcon,iobase=0x402,chardev=bios',
      ],
      /No bootable device/,
      this.options.timeoutMs ?? 10_000,
    );
  }

  /**
   * Boots the guests' own kernel with no root file system: it runs its early set-up (where nested KVM
   * on some hosts stops with "emulation failure" on an instruction the BIOS never uses, such as
   * cmpxchg16b) and then panics "VFS: Unable to mount root fs", which `panic=-1` and `-no-reboot`
   * turn into an exit. Under working KVM that takes a second or two (TCG: about 3 s); where KVM is
   * broken the guest hangs, so the wait is short: this runs once per data folder.
   */
  private bootsKernel(accelerator: 'kvm' | 'tcg', kernel: string): Promise<boolean> {
    return this.exitsSaying(
      accelerator,
      ['-m', '256', '-serial', 'stdio', '-kernel', kernel, '-append', 'console=ttyS0 panic=-1 loglevel=4'],
      /Kernel panic|Unable to mount root/,
      this.options.kernelTimeoutMs ?? 8_000,
    );
  }

  /** Runs a display-less machine until it exits; true when it exited cleanly having printed `expected`. */
  private async exitsSaying(
    accelerator: 'kvm' | 'tcg',
    machine: readonly string[],
    expected: RegExp,
    timeoutMs: number,
  ): Promise<boolean> {
    const command = [
      this.options.qemu ?? 'qemu-system-x86_64',
      '-accel',
      accelerator,
      // The CPU model the domain gets (domain-xml.ts: host-passthrough under KVM). Nested KVM can run
      // QEMU's default CPU and still refuse the host's (e.g. "failed to set MSR 0x10a"): probe the real one.
      ...(accelerator === 'kvm' ? ['-cpu', 'host'] : []),
      '-machine',
      'pc',
      '-nodefaults',
      '-display',
      'none',
      '-no-reboot',
      ...machine,
    ];
    try {
      const result = await this.runner.run(command, { timeoutMs });
      return result.exitCode === 0 && expected.test(result.stdout);
    } catch (error) {
      // A timeout is the answer we are probing for: the guest hung.
      if (error instanceof CommandError) return false;
      throw error;
    }
  }
}
