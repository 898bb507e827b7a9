import type { Debootstrap, DebootstrapRequest, DebootstrapWatch } from '../../modules/image/image.ports.js';
import { CommandError } from '../process/process-runner.js';
import type { StreamingProcessRunner } from '../process/streaming-process-runner.js';

const TIMEOUT_MS = 60 * 60_000;

/** debootstrap, its output streamed line by line (it runs for minutes). */
export class DebootstrapInstaller implements Debootstrap {
  constructor(private readonly streaming: StreamingProcessRunner) {}

  async install(request: DebootstrapRequest, watch: DebootstrapWatch): Promise<void> {
    const command = [
      'debootstrap',
      `--variant=${request.variant}`,
      `--arch=${request.architecture}`,
      '--components=main',
      `--include=${request.packages.join(',')}`,
      `--cache-dir=${request.cacheDir}`,
      request.suite,
      request.target,
      request.mirror,
    ];
    const result = await this.streaming.runStreaming(command, {
      logFile: watch.logFile,
      timeoutMs: TIMEOUT_MS,
      signal: watch.signal,
      onLine: (line) => watch.onLine(line),
    });
    if (result.exitCode !== 0) {
      // debootstrap prints "E: ..." lines on stderr or stdout; the last ones say why.
      const lines = `${result.stdout}\n${result.stderr}`
        .split('\n')
        .filter((l) => l.startsWith('E:') || l.startsWith('W:'));
      throw new CommandError(
        command,
        result,
        `exit ${result.exitCode}: ${lines.slice(-3).join(' | ') || 'see the log'}`,
      );
    }
  }
}
