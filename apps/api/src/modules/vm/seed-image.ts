import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProcessRunner } from '../../host/process-runner.js';
import type { SeedFiles } from './seed-content.js';

/**
 * Writes a NoCloud seed image: ISO 9660 with the volume label `cidata`, which
 * cloud-init's NoCloud datasource looks for on any block device.
 */
export class SeedImageWriter {
  constructor(private readonly runner: ProcessRunner) {}

  /** Builds next to `destination` and renames into place, so a crash never leaves half an image. */
  async write(files: SeedFiles, destination: string): Promise<void> {
    const work = await mkdtemp(path.join(path.dirname(destination), '.seed-'));
    try {
      const names = Object.keys(files) as (keyof SeedFiles)[];
      for (const name of names) {
        // Private: user-data holds the password hash.
        await writeFile(path.join(work, name), files[name], { mode: 0o600 });
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
      await rename(image, destination);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
}
