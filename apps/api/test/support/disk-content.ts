import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Writes 64 KiB of `pattern` at `offset` (`1M`) into a qcow2 disk, as its guest would: qemu-io on the file. */
export async function writePattern(file: string, pattern: number, offset: string): Promise<void> {
  await run('qemu-io', ['-f', 'qcow2', '-c', `write -P ${pattern} ${offset} 64k`, file]);
}

/** Whether the qcow2 disk holds 64 KiB of `pattern` at `offset`. */
export async function holdsPattern(file: string, pattern: number, offset: string): Promise<boolean> {
  try {
    await run('qemu-io', ['-f', 'qcow2', '-c', `read -P ${pattern} ${offset} 64k`, file]);
    return true;
  } catch (error) {
    // qemu-io says so and exits non-zero when the bytes differ.
    if (/Pattern verification failed/.test(String((error as { stdout?: string }).stdout))) return false;
    throw error;
  }
}
