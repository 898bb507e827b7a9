import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { CommandError, type RunResult } from './process-runner.js';
import { spawnFailure } from './host-programs.js';

export interface StreamingRunOptions {
  /** Called for every line the program prints, as it prints it. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Every line is also appended here. */
  logFile?: string;
  timeoutMs?: number;
  /** Aborting kills the program and everything it started. */
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs a long host program (debootstrap) whose output drives a progress
 * display. ProcessRunner returns output only at the end; this one streams
 * it. Argument arrays only, never a shell string.
 */
export interface StreamingProcessRunner {
  /** Resolves with the exit code and the last lines of output; rejects only when it cannot start, times out or is aborted. */
  runStreaming(command: readonly string[], options?: StreamingRunOptions): Promise<RunResult>;
}

const KEPT_LINES = 200;

export class NodeStreamingProcessRunner implements StreamingProcessRunner {
  runStreaming(command: readonly string[], options: StreamingRunOptions = {}): Promise<RunResult> {
    const [file, ...args] = command;
    if (!file) return Promise.reject(new CommandError(command, undefined, 'empty command'));
    if (options.signal?.aborted) return Promise.reject(new CommandError(command, undefined, 'aborted'));
    return new Promise((resolve, reject) => {
      // Its own process group, so that a timeout or abort also ends the programs it started (dpkg in a chroot).
      const child = spawn(file, args, { env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
      const kept: Record<'stdout' | 'stderr', string[]> = { stdout: [], stderr: [] };
      let stopReason: string | undefined;
      const killGroup = (reason: string) => {
        stopReason ??= reason;
        if (child.pid !== undefined) {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            // Already gone: nothing left to stop.
          }
        }
      };
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => killGroup(`timed out after ${options.timeoutMs} ms`), options.timeoutMs);
      const onAbort = () => killGroup('aborted');
      options.signal?.addEventListener('abort', onAbort, { once: true });
      // A Ctrl-C reaches only our process group; make sure the child's group does not outlive us.
      const onExit = () => killGroup('parent exited');
      process.once('exit', onExit);

      for (const name of ['stdout', 'stderr'] as const) {
        createInterface({ input: child[name], crlfDelay: Infinity }).on('line', (line) => {
          const lines = kept[name];
          lines.push(line);
          if (lines.length > KEPT_LINES) lines.shift();
          log?.write(`${line}\n`);
          options.onLine?.(line, name);
        });
      }
      const cleanUp = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        process.removeListener('exit', onExit);
        log?.end();
      };
      child.on('error', (error) => {
        cleanUp();
        reject(spawnFailure(file, error) ?? new CommandError(command, undefined, error.message));
      });
      child.on('close', (code, signal) => {
        cleanUp();
        const result: RunResult = {
          exitCode: code ?? (signal ? 128 : 1),
          stdout: kept.stdout.join('\n'),
          stderr: kept.stderr.join('\n'),
        };
        if (stopReason) reject(new CommandError(command, result, stopReason));
        else resolve(result);
      });
    });
  }
}
