import { beforeEach, describe, expect, it } from 'vitest';
import { VirtTypeResolver } from '../../../src/modules/vm/virt-type.js';
import type { AcceleratorProbe, StateFile } from '../../../src/modules/vm/vm.ports.js';

/** Counts calls; answers as told. */
class ScriptedProbe implements AcceleratorProbe {
  calls = 0;
  kernels: (string | undefined)[] = [];
  constructor(private readonly kvmWorks: boolean) {}
  runsGuests(_accelerator: 'kvm' | 'tcg', kernel?: string): Promise<boolean> {
    this.calls++;
    this.kernels.push(kernel);
    return Promise.resolve(this.kvmWorks);
  }
}

/** The remembered answer, in memory: what the data folder's virt-type.json holds. */
class MemoryStateFile implements StateFile {
  content: string | undefined;
  read(): Promise<string | undefined> {
    return Promise.resolve(this.content);
  }
  write(content: string): Promise<void> {
    this.content = content;
    return Promise.resolve();
  }
}

describe('VirtTypeResolver', () => {
  let cacheFile: MemoryStateFile;
  beforeEach(() => {
    cacheFile = new MemoryStateFile();
  });

  it('uses the operator’s choice without probing', async () => {
    const probe = new ScriptedProbe(true);
    expect(await new VirtTypeResolver('qemu', probe, cacheFile).resolve()).toBe('qemu');
    expect(await new VirtTypeResolver('kvm', probe, cacheFile).resolve()).toBe('kvm');
    expect(probe.calls).toBe(0);
  });

  it('probes once, remembers the answer on disk, and later resolvers read it', async () => {
    const probe = new ScriptedProbe(false);
    const resolver = new VirtTypeResolver('auto', probe, cacheFile);
    expect(await Promise.all([resolver.resolve(), resolver.resolve()])).toEqual(['qemu', 'qemu']);
    expect(probe.calls).toBe(1);
    expect(JSON.parse(cacheFile.content ?? '')).toMatchObject({ virtType: 'qemu' });

    const afterRestart = new ScriptedProbe(true);
    expect(await new VirtTypeResolver('auto', afterRestart, cacheFile).resolve()).toBe('qemu');
    expect(afterRestart.calls).toBe(0);
  });

  it('picks kvm when the probe sees a guest run', async () => {
    expect(await new VirtTypeResolver('auto', new ScriptedProbe(true), cacheFile).resolve()).toBe('kvm');
  });

  it('probes again when the remembered answer is damaged', async () => {
    await new VirtTypeResolver('auto', new ScriptedProbe(true), cacheFile).resolve();
    cacheFile.content = '{not json';
    const probe = new ScriptedProbe(false);
    expect(await new VirtTypeResolver('auto', probe, cacheFile).resolve()).toBe('qemu');
    expect(probe.calls).toBe(1);
  });

  it('boots the guests’ own kernel when there is one: a BIOS runs where the kernel meets broken nested KVM', async () => {
    const probe = new ScriptedProbe(true);
    await new VirtTypeResolver('auto', probe, cacheFile, async () => '/images/vmlinuz').resolve();
    await new VirtTypeResolver('auto', probe, new MemoryStateFile()).resolve();
    expect(probe.kernels).toEqual(['/images/vmlinuz', undefined]);
  });
});
