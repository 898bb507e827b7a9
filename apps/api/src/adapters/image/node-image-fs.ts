import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ImageFs } from '../../modules/image/image.ports.js';
import type { ProcessRunner } from '../process/process-runner.js';

/**
 * The image module's file system on the local disk. Removing a tree that may
 * hold mounts needs `umount` and `rm --one-file-system`, run through `runner`.
 */
export class NodeImageFs implements ImageFs {
  constructor(private readonly runner: ProcessRunner) {}

  async readText(file: string): Promise<string | undefined> {
    try {
      return await fs.readFile(file, 'utf8');
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async writeText(file: string, content: string, mode = 0o644): Promise<void> {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.rm(file, { force: true });
    // `wx` refuses to follow a symlink planted between the rm and the open.
    await fs.writeFile(file, content, { mode, flag: 'wx' });
    await fs.chmod(file, mode);
  }

  async writeTextAtomic(file: string, content: string): Promise<void> {
    const temporary = `${file}.tmp-${process.pid}-${Date.now()}`;
    await fs.writeFile(temporary, content, { mode: 0o644 });
    await fs.rename(temporary, file);
  }

  async createExclusive(file: string, content: string): Promise<boolean> {
    try {
      await fs.writeFile(file, content, { flag: 'wx', mode: 0o644 });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  }

  async symlink(target: string, link: string): Promise<void> {
    await fs.mkdir(path.dirname(link), { recursive: true });
    await fs.rm(link, { force: true });
    await fs.symlink(target, link);
  }

  async mkdir(dir: string): Promise<void> {
    await fs.mkdir(dir, { recursive: true });
  }

  async rename(from: string, to: string): Promise<void> {
    await fs.rename(from, to);
  }

  async removeFile(file: string): Promise<void> {
    await fs.rm(file, { force: true });
  }

  async removeTree(target: string): Promise<void> {
    await fs.rm(target, { recursive: true, force: true });
  }

  async removeMountedTree(dir: string): Promise<void> {
    if (!(await this.exists(dir))) return;
    // mountinfo lists resolved paths.
    const resolved = await fs.realpath(dir);
    const mountinfo = (await this.readText('/proc/self/mountinfo')) ?? '';
    const mounts = mountinfo
      .split('\n')
      .map((line) => unescapeMountPath(line.split(' ')[4] ?? ''))
      .filter((mountPoint) => mountPoint.startsWith(`${resolved}/`))
      // Deepest first: a mount inside another goes before it.
      .sort((a, b) => b.length - a.length);
    for (const mountPoint of mounts) await this.runner.runChecked(['umount', '--lazy', mountPoint]);
    await this.runner.runChecked(['rm', '-rf', '--one-file-system', '--', resolved]);
  }

  async list(dir: string): Promise<string[]> {
    try {
      return await fs.readdir(dir);
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
  }

  async exists(file: string): Promise<boolean> {
    try {
      await fs.lstat(file);
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async fileSize(file: string): Promise<number | undefined> {
    try {
      const stat = await fs.stat(file);
      return stat.isFile() ? stat.size : undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async copyFile(from: string, to: string): Promise<void> {
    await fs.copyFile(from, to, constants.COPYFILE_EXCL);
  }

  realpath(file: string): Promise<string> {
    return fs.realpath(file);
  }
}

function isNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** /proc/self/mountinfo writes space, tab, newline and backslash as octal escapes. */
function unescapeMountPath(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}
