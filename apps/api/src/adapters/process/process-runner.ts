import { spawn } from 'node:child_process';
import { spawnFailure } from './host-programs.js';

export interface RunOptions {
  /** Kill the process (SIGKILL) after this many milliseconds. */
  timeoutMs?: number;
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A command that exited non-zero, timed out or could not be started. */
export class CommandError extends Error {
  constructor(
    readonly command: readonly string[],
    readonly result: RunResult | undefined,
    reason: string,
  ) {
    super(`${command.join(' ')}: ${reason}`);
    this.name = 'CommandError';
  }
}

/**
 * The one way Hostbay starts a host program: an argument array, never a shell
 * string, so no value can be re-interpreted by a shell.
 */
export interface ProcessRunner {
  /** Runs and returns the result whatever the exit code. Rejects only when it cannot start or times out. */
  run(command: readonly string[], options?: RunOptions): Promise<RunResult>;
  /** Runs and rejects with CommandError on a non-zero exit. */
  runChecked(command: readonly string[], options?: RunOptions): Promise<RunResult>;
}

export class NodeProcessRunner implements ProcessRunner {
  run(command: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    const [file, ...args] = command;
    if (!file) return Promise.reject(new CommandError(command, undefined, 'empty command'));
    return new Promise((resolve, reject) => {
      const child = spawn(file, args, { env: options.env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let timedOut = false;
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true;
              child.kill('SIGKILL');
            }, options.timeoutMs);
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(spawnFailure(file, error) ?? new CommandError(command, undefined, error.message));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        const result = {
          exitCode: code ?? (signal ? 128 : 1),
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
        };
        if (timedOut) reject(new CommandError(command, result, `timed out after ${options.timeoutMs} ms`));
        else resolve(result);
      });
      child.stdin.on('error', () => {
        // The program may exit before reading its input; its exit code tells what happened.
      });
      child.stdin.end(options.input);
    });
  }

  async runChecked(command: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    const result = await this.run(command, options);
    if (result.exitCode !== 0) {
      const detail = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-5).join(' | ');
      throw new CommandError(command, result, `exit ${result.exitCode}: ${detail}`);
    }
    return result;
  }
}
