import { chmod, cp, mkdir, stat, writeFile } from 'node:fs/promises';

/** Plain files and folders on this host, for what copies whole files around (the control-plane archive). */
export class LocalFiles {
  async exists(file: string): Promise<boolean> {
    return (await stat(file).catch(() => undefined)) !== undefined;
  }

  /** Copies a file or a folder (recursively), keeping times, replacing what is there. */
  async copy(source: string, target: string): Promise<void> {
    await cp(source, target, { recursive: true, force: true, preserveTimestamps: true });
  }

  async write(file: string, content: string): Promise<void> {
    await writeFile(file, content);
  }

  /** Only the owner may read it (0600); a folder is left as it is. */
  async restrict(file: string): Promise<void> {
    if (!(await stat(file)).isDirectory()) await chmod(file, 0o600);
  }

  /** A folder only the owner may enter (0700), with its parents. */
  async ensurePrivateDir(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  }
}
