import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Hands `use` a file holding `content`, in a folder of its own (mode 0700)
 * that is removed afterwards: for programs that read their input from a file
 * (virsh define, vol-upload). The name is plain, so no tool can misread it.
 */
export async function withPrivateFile<T>(
  content: string | Uint8Array,
  use: (file: string) => Promise<T>,
  name = 'content',
): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hostbay-'));
  try {
    const file = path.join(dir, name);
    await writeFile(file, content, { mode: 0o600 });
    return await use(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Hands `use` a new folder of its own (mode 0700) under `parent`, removed afterwards: for large files
 * (a disk's copy) that must not land in a RAM-backed /tmp.
 */
export async function withPrivateFolder<T>(parent: string, use: (dir: string) => Promise<T>): Promise<T> {
  await mkdir(parent, { recursive: true, mode: 0o700 });
  const dir = await mkdtemp(path.join(parent, 'hostbay-'));
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
