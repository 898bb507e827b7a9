import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A value generated once and kept in the data folder (mode 0600). It is
 * written to a private temporary file and then hard-linked into place, which
 * either fully succeeds or fails with EEXIST: two processes starting at once
 * agree on one complete value.
 */
export async function loadOrCreate(dataDir: string, name: string, generate: () => string): Promise<string> {
  const file = path.join(dataDir, name);
  // 0711: others may pass through (QEMU, as the guest account, reaches the VM volumes below) but not list it.
  await mkdir(dataDir, { recursive: true, mode: 0o711 });
  const candidate = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(candidate, generate() + '\n', { flag: 'wx', mode: 0o600 });
  try {
    await link(candidate, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await rm(candidate, { force: true });
  }
  return (await readFile(file, 'utf8')).trim();
}

/** Tokens must survive restarts: the signing secret is generated once (256 bits). */
export async function loadOrCreateJwtSecret(dataDir: string): Promise<string> {
  const secret = await loadOrCreate(dataDir, 'jwt-secret', () => randomBytes(32).toString('hex'));
  if (secret.length < 32)
    throw new Error(
      `${path.join(dataDir, 'jwt-secret')} holds a secret shorter than 32 characters; remove it to regenerate`,
    );
  return secret;
}

/**
 * Names this installation in the libvirt domains it defines, so that its
 * reconciler never mistakes another installation's VMs (on the same libvirt)
 * for orphans.
 */
export async function loadOrCreateInstallationId(dataDir: string): Promise<string> {
  const id = await loadOrCreate(dataDir, 'installation-id', () => randomBytes(8).toString('hex'));
  if (!/^[0-9a-f]{16}$/.test(id))
    throw new Error(`${path.join(dataDir, 'installation-id')} is not 16 hex digits; remove it to regenerate`);
  return id;
}

/**
 * The backup repository's password, generated once (192 bits) when the operator names no file. Without it the
 * backups cannot be read: the control-plane backup carries it, and docs/operators.md says to keep a copy elsewhere.
 */
export async function loadOrCreateBackupPassword(dataDir: string): Promise<string> {
  await loadOrCreate(dataDir, 'backup-password', () => randomBytes(24).toString('base64url'));
  return path.join(dataDir, 'backup-password');
}
