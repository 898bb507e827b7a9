import { mkdir, open, readFile, readdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import type { EdgeStore } from '../../modules/proxy/proxy.ports.js';

const GEN_PREFIX = 'gen-';

export class FsEdgeStore implements EdgeStore {
  readonly prefixDir: string;
  readonly mainConfig: string;
  private readonly confDir: string;
  private readonly currentLink: string;

  constructor(readonly edgeDir: string) {
    this.confDir = path.join(edgeDir, 'conf');
    this.prefixDir = path.join(edgeDir, 'prefix');
    this.currentLink = path.join(this.confDir, 'current');
    this.mainConfig = path.join(this.currentLink, 'nginx.conf');
  }

  async init(): Promise<void> {
    await mkdir(this.confDir, { recursive: true, mode: 0o755 });
    for (const sub of ['logs', 'temp']) await mkdir(path.join(this.prefixDir, sub), { recursive: true, mode: 0o755 });
    // Staging folders that a crash left behind hold nothing live.
    for (const entry of await readdir(this.confDir)) {
      if (entry.endsWith('.staging') || entry.startsWith('current.')) {
        await rm(path.join(this.confDir, entry), { recursive: true, force: true });
      }
    }
  }

  genDir(generation: number): string {
    return path.join(this.confDir, `${GEN_PREFIX}${generation}`);
  }

  async currentGeneration(): Promise<number | undefined> {
    try {
      return parseGeneration(await readlink(this.currentLink));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async nextGeneration(): Promise<number> {
    const generations = await this.generations();
    const current = (await this.currentGeneration()) ?? 0;
    const issued = await this.lastIssued();
    // Never reuse a number, not even a failed one: a worker of that attempt may
    // still be alive, and the control probe must not mistake it for the new one.
    const next = Math.max(current, issued, ...generations) + 1;
    await writeDurably(this.issuedFile, `${next}\n`);
    return next;
  }

  private get issuedFile(): string {
    return path.join(this.confDir, 'last-generation');
  }

  private async lastIssued(): Promise<number> {
    try {
      const value = Number((await readFile(this.issuedFile, 'utf8')).trim());
      return Number.isInteger(value) && value > 0 ? value : 0;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
  }

  async stage(generation: number, files: Readonly<Record<string, string>>): Promise<void> {
    const final = this.genDir(generation);
    const staging = `${final}.staging`;
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { mode: 0o755 });
    await Promise.all(Object.entries(files).map(([name, content]) => writeDurably(path.join(staging, name), content)));
    await syncPath(staging);
    await rm(final, { recursive: true, force: true });
    await rename(staging, final);
    await syncPath(this.confDir);
  }

  async activate(generation: number): Promise<void> {
    const temp = `${this.currentLink}.${process.pid}.tmp`;
    await rm(temp, { force: true });
    await symlink(`${GEN_PREFIX}${generation}`, temp);
    await rename(temp, this.currentLink);
    await syncPath(this.confDir);
  }

  readFile(generation: number, name: string): Promise<string> {
    return readFile(path.join(this.genDir(generation), name), 'utf8');
  }

  async discard(generation: number): Promise<void> {
    await rm(this.genDir(generation), { recursive: true, force: true });
  }

  async prune(keep: readonly number[]): Promise<void> {
    for (const generation of await this.generations()) {
      if (!keep.includes(generation)) await this.discard(generation);
    }
  }

  private async generations(): Promise<number[]> {
    const entries = await readdir(this.confDir);
    return entries.map(parseGeneration).filter((n): n is number => n !== undefined);
  }
}

function parseGeneration(name: string): number | undefined {
  const match = /^gen-(\d+)$/.exec(path.basename(name));
  return match ? Number(match[1]) : undefined;
}

async function writeDurably(file: string, content: string): Promise<void> {
  const handle = await open(file, 'w', 0o644);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsync a folder so that a rename in it survives a power cut. */
async function syncPath(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
