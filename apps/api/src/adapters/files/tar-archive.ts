import type { ProcessRunner } from '../process/process-runner.js';

/** A folder as one gzipped tar file and back, through GNU tar (which refuses members outside the target). */
export class TarArchive {
  constructor(private readonly runner: ProcessRunner) {}

  async create(sourceDir: string, file: string): Promise<void> {
    await this.runner.runChecked(['tar', '--create', '--gzip', '--file', file, '--directory', sourceDir, '.'], {
      timeoutMs: 3_600_000,
    });
  }

  async extract(file: string, targetDir: string): Promise<void> {
    await this.runner.runChecked(
      ['tar', '--extract', '--gzip', '--file', file, '--directory', targetDir, '--no-same-owner'],
      { timeoutMs: 3_600_000 },
    );
  }
}
