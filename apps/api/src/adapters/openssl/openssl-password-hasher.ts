import type { ProcessRunner } from '../process/process-runner.js';

/**
 * sha512-crypt hashes for a guest's /etc/shadow. The plaintext goes to
 * openssl on stdin, never on a command line (visible in `ps`) or on disk.
 */
export class OpensslPasswordHasher {
  constructor(private readonly runner: ProcessRunner) {}

  async hash(password: string): Promise<string> {
    const { stdout } = await this.runner.runChecked(['openssl', 'passwd', '-6', '-stdin'], {
      input: `${password}\n`,
      timeoutMs: 10_000,
    });
    return stdout.trim();
  }
}
