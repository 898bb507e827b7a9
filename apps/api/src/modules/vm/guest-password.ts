import { randomBytes } from 'node:crypto';
import type { ProcessRunner } from '../../host/process-runner.js';
import { PasswordHash } from './vm-spec.js';

/** A password for a hosting whose owner gave no SSH key: shown to the owner once, stored only hashed. */
export function generateGuestPassword(): string {
  return randomBytes(15).toString('base64url');
}

/**
 * sha512-crypt hash for the guest's /etc/shadow. The plaintext goes to
 * openssl on stdin, never on a command line (visible in `ps`) or on disk.
 */
export async function hashGuestPassword(runner: ProcessRunner, password: string): Promise<string> {
  const { stdout } = await runner.runChecked(['openssl', 'passwd', '-6', '-stdin'], {
    input: `${password}\n`,
    timeoutMs: 10_000,
  });
  return PasswordHash.parse(stdout.trim());
}
