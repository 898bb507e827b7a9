import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { HostKey, HostKeyMaker } from '../../modules/vm/vm.ports.js';
import type { ProcessRunner } from '../process/process-runner.js';

const TYPES: readonly HostKey['type'][] = ['ed25519', 'ecdsa'];

/**
 * A VM's SSH host keys, made with the host's ssh-keygen (milliseconds here,
 * seconds in an emulated guest) in a private folder that is removed at once.
 * The types are the ones cloud-init makes at a cold boot (guest-files.ts).
 */
export class SshHostKeys implements HostKeyMaker {
  constructor(private readonly runner: ProcessRunner) {}

  async make(): Promise<HostKey[]> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hostbay-keys-'));
    try {
      return await Promise.all(
        TYPES.map(async (type) => {
          const file = path.join(dir, type);
          await this.runner.runChecked(['ssh-keygen', '-q', '-t', type, '-N', '', '-C', '', '-f', file], {
            timeoutMs: 30_000,
          });
          const [privateKey, publicKey] = await Promise.all([readFile(file, 'utf8'), readFile(`${file}.pub`, 'utf8')]);
          return { type, privateKey, publicKey };
        }),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
