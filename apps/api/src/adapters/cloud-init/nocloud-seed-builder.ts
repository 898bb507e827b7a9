import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SeedImageBuilder } from '../../modules/vm/vm.ports.js';
import type { ProcessRunner } from '../process/process-runner.js';

/**
 * Builds a NoCloud seed image with genisoimage: ISO 9660 with the volume
 * label `cidata`, which cloud-init's NoCloud datasource looks for on any
 * block device. The files pass through a private scratch folder only.
 */
export class NoCloudSeedBuilder implements SeedImageBuilder {
  constructor(private readonly runner: ProcessRunner) {}

  async build(files: Record<string, string>): Promise<Uint8Array> {
    const work = await mkdtemp(path.join(os.tmpdir(), 'hostbay-seed-'));
    try {
      const names = Object.keys(files);
      for (const name of names) {
        // Private: user-data holds the password hash.
        await writeFile(path.join(work, name), files[name] ?? '', { mode: 0o600 });
      }
      const image = path.join(work, 'seed.iso');
      await this.runner.runChecked(
        [
          'genisoimage',
          '-quiet',
          '-output',
          image,
          '-volid',
          'cidata',
          '-joliet',
          '-rock',
          '-input-charset',
          'utf-8',
          ...names.map((name) => path.join(work, name)),
        ],
        { timeoutMs: 30_000 },
      );
      return await readFile(image);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
}
