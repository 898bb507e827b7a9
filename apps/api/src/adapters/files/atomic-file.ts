import { randomBytes } from 'node:crypto';
import { chown, mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a file whole or not at all: written aside with its final mode (and group, for files a
 * service user must read), synced, then renamed over the old one. A reader sees the old file or
 * the new, and a crash leaves no half-written file under the real name.
 */
export async function writeFileAtomic(
  file: string,
  content: string | Buffer,
  mode: number,
  group?: { gid: number },
): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const aside = `${file}.${randomBytes(4).toString('hex')}.partial`;
  try {
    const handle = await open(aside, 'wx', mode);
    try {
      await handle.writeFile(content);
      await handle.chmod(mode);
      if (group) await handle.chown(-1, group.gid);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(aside, file);
  } catch (error) {
    await rm(aside, { force: true });
    throw error;
  }
}

/** Makes a folder a service user's group may enter and read (`root:<group>`, 0750). */
export async function groupReadableFolder(folder: string, group: { gid: number } | undefined): Promise<void> {
  await mkdir(folder, { recursive: true, mode: 0o750 });
  if (group) await chown(folder, -1, group.gid);
}
