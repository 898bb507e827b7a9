import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeProcessRunner } from '../../../src/adapters/process/process-runner.js';
import { NodeStreamingProcessRunner } from '../../../src/adapters/process/streaming-process-runner.js';
import { ResticVault } from '../../../src/adapters/restic/restic-vault.js';

const MIB = 1024 * 1024;

/** Thirty nightly backups, 1 to 30 October 2026 at 03:00 UTC. */
const NIGHTS = Array.from({ length: 30 }, (_, i) => new Date(Date.UTC(2026, 9, i + 1, 3)));
const day = (time: Date) => time.toISOString().slice(5, 10);

/**
 * The restic repository adapter against real restic: retention keeps exactly
 * what the policy says, one hosting's backups never count toward another's,
 * a day's change costs about the change, and a restore gives the day back.
 */
describe('a restic backup vault', () => {
  let folder: string;
  let repository: ResticVault;
  let disk: string;
  const ids = new Map<string, string>();
  const progress: number[] = [];

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'hostbay-restic-'));
    const passwordFile = path.join(folder, 'password');
    await writeFile(passwordFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
    repository = new ResticVault(new NodeProcessRunner(), new NodeStreamingProcessRunner(), {
      repository: path.join(folder, 'repo'),
      passwordFile,
    });
    await repository.ensure();
    await repository.ensure();
    // A disk of 16 MiB of random data; each night 256 KiB of it change.
    disk = path.join(folder, 'disk.qcow2');
    await writeFile(disk, randomBytes(16 * MIB));
    for (const [night, time] of NIGHTS.entries()) {
      if (night > 0) {
        const file = await open(disk, 'r+');
        await file.write(randomBytes(256 * 1024), 0, 256 * 1024, (night * 512 * 1024) % (15 * MIB));
        await file.close();
      }
      const summary = await repository.backup([disk], {
        tags: ['hostbay', 'hosting:a'],
        time,
        onProgress: (p) => progress.push(p.fraction),
      });
      ids.set(day(time), summary.id);
    }
    for (const time of NIGHTS.slice(0, 3)) await repository.backup([disk], { tags: ['hostbay', 'hosting:b'], time });
  }, 300_000);
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('keeps the last 7 days and the newest backup of each of the last 4 weeks, and nothing else', async () => {
    const { kept, removed } = await repository.forget(['hosting:a'], { daily: 7, weekly: 4, monthly: 0 });
    const keptDays = (await repository.list(['hosting:a'])).map((b) => day(b.time));
    // ISO weeks: 5–11, 12–18, 19–25 and 26 October–1 November; the 7 days are 24–30.
    expect(keptDays).toEqual(['10-11', '10-18', '10-24', '10-25', '10-26', '10-27', '10-28', '10-29', '10-30']);
    expect(kept).toHaveLength(9);
    expect(removed).toHaveLength(21);
    // The other hosting's three backups are its own group: untouched.
    expect((await repository.list(['hosting:b'])).map((b) => day(b.time))).toEqual(['10-01', '10-02', '10-03']);
  });

  it('stores each night’s change, not the disk again: 30 backups of 16 MiB take far less than 30 copies', async () => {
    await repository.prune();
    const stored = await repository.storedBytes();
    expect(stored).toBeGreaterThan(16 * MIB);
    // The disk once, plus a night's changed chunks (restic's are about 1 MiB, so 256 KiB changed costs a few MiB)
    // for each night kept: a fraction of the 480 MiB that 30 full copies take.
    expect(stored).toBeLessThan(5 * 16 * MIB);
    expect(progress.at(-1)).toBeLessThanOrEqual(1);
  });

  it('restores a kept night as it was', async () => {
    const target = path.join(folder, 'restored');
    await repository.restore(ids.get('10-30')!, target);
    const digest = async (file: string) =>
      createHash('sha256')
        .update(await readFile(file))
        .digest('hex');
    expect(await digest(path.join(target, disk))).toBe(await digest(disk));
  });
});
