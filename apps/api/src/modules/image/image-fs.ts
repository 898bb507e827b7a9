import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * The file-system operations the image builder needs. Writes into a rootfs
 * never follow a symlink the rootfs holds (an absolute link there points into
 * the guest, but the host would resolve it against its own root).
 */
export interface ImageFs {
  readText(file: string): Promise<string | undefined>;
  /** Replaces `file` (removing whatever is there first, symlinks included) and creates missing parents. */
  writeText(file: string, content: string, mode?: number): Promise<void>;
  /** Writes via a temporary sibling and a rename, so readers see the old or the new content, never half. */
  writeTextAtomic(file: string, content: string): Promise<void>;
  /** Creates `file` only when it does not exist; false when it does. */
  createExclusive(file: string, content: string): Promise<boolean>;
  /** Creates or replaces a symlink at `link` whose content is `target` (not resolved). */
  symlink(target: string, link: string): Promise<void>;
  mkdir(dir: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Removes a file or symlink; no error when it is absent. */
  removeFile(file: string): Promise<void>;
  /** Removes a file or a folder with its contents, never following symlinks; no error when absent. */
  removeTree(target: string): Promise<void>;
  /** Entry names of a folder, or [] when it does not exist. */
  list(dir: string): Promise<string[]>;
  exists(file: string): Promise<boolean>;
  /** Size in bytes of a regular file, or undefined when it is absent. */
  fileSize(file: string): Promise<number | undefined>;
  copyFile(from: string, to: string): Promise<void>;
  /** The path with every symlink resolved. */
  realpath(file: string): Promise<string>;
}

export class NodeImageFs implements ImageFs {
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
