import { describe, expect, it } from 'vitest';
import { NodeProcessRunner } from '../../../src/adapters/process/process-runner.js';
import { QemuAcceleratorProbe } from '../../../src/adapters/qemu/accelerator-probe.js';

describe('QemuAcceleratorProbe (real QEMU)', () => {
  const runner = new NodeProcessRunner();

  it('sees a TCG guest run its BIOS to the end', async () => {
    expect(await new QemuAcceleratorProbe(runner).runsGuests('tcg')).toBe(true);
  });

  it('says no when there is no KVM device, without starting QEMU', async () => {
    const probe = new QemuAcceleratorProbe(runner, { kvmDevice: '/nonexistent/kvm', qemu: '/nonexistent/qemu' });
    expect(await probe.runsGuests('kvm')).toBe(false);
  });

  it('says no when the guest makes no progress before the deadline', async () => {
    // A 1 ms deadline stands in for a guest that hangs in the BIOS (nested KVM on some hosts).
    expect(await new QemuAcceleratorProbe(runner, { timeoutMs: 1 }).runsGuests('tcg')).toBe(false);
  });

  it('answers about KVM on this host within its deadline', async () => {
    const started = Date.now();
    const answer = await new QemuAcceleratorProbe(runner, { timeoutMs: 5000 }).runsGuests('kvm');
    expect(typeof answer).toBe('boolean');
    expect(Date.now() - started).toBeLessThan(8000);
  });
});
