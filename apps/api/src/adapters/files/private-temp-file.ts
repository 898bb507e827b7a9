import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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
