import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A small text file in Hostbay's data folder, replaced atomically (written aside, then renamed). */
export class TextStateFile {
  constructor(private readonly file: string) {}

  async read(): Promise<string | undefined> {
    try {
      return await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async write(content: string): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const partial = `${this.file}.partial`;
    await writeFile(partial, content);
    await rename(partial, this.file);
  }
}
