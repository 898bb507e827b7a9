import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VirtTypeResolver, type AcceleratorProbe } from '../../../src/modules/vm/virt-type.js';

/** Counts calls; answers as told. */
class ScriptedProbe implements AcceleratorProbe {
  calls = 0;
  constructor(private readonly kvmWorks: boolean) {}
  runsGuests(): Promise<boolean> {
    this.calls++;
    return Promise.resolve(this.kvmWorks);
  }
}

describe('VirtTypeResolver', () => {
  let dir: string;
  let cacheFile: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hostbay-virt-'));
    cacheFile = path.join(dir, 'state', 'virt-type.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

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
    expect(JSON.parse(await readFile(cacheFile, 'utf8'))).toMatchObject({ virtType: 'qemu' });

    const afterRestart = new ScriptedProbe(true);
    expect(await new VirtTypeResolver('auto', afterRestart, cacheFile).resolve()).toBe('qemu');
    expect(afterRestart.calls).toBe(0);
  });

  it('picks kvm when the probe sees a guest run', async () => {
    expect(await new VirtTypeResolver('auto', new ScriptedProbe(true), cacheFile).resolve()).toBe('kvm');
  });

  it('probes again when the remembered answer is damaged', async () => {
    await new VirtTypeResolver('auto', new ScriptedProbe(true), cacheFile).resolve();
    await writeFile(cacheFile, '{not json');
    const probe = new ScriptedProbe(false);
    expect(await new VirtTypeResolver('auto', probe, cacheFile).resolve()).toBe('qemu');
    expect(probe.calls).toBe(1);
  });
});
