import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { formatVirshCommand } from './virsh-quote.js';
import { spawnFailure } from '../process/host-programs.js';

export interface VirshSessionOptions {
  /** libvirt connection URI, e.g. qemu:///system or test:///default. */
  uri: string;
  /** The virsh program; `virsh` on PATH by default. */
  virshPath?: string;
  /** Default time a command may take before the session is killed and the command fails. */
  timeoutMs?: number;
  /**
   * The session's environment. The default pins the C locale (error texts are
   * matched in English) and an ordinary terminal type: on a `dumb` one (TERM
   * unset) readline scrolls long lines sideways instead of echoing them.
   */
  env?: NodeJS.ProcessEnv;
}

/** Why a virsh command failed, as far as callers need to decide on idempotence. */
export type VirshFailure = 'not-found' | 'exists' | 'already-active' | 'not-running' | 'failed';

/** A virsh command that ran and reported `error:`. */
export class VirshCommandError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly failure: VirshFailure,
    readonly stderr: string,
  ) {
    super(`virsh ${args.join(' ')}: ${stderr.replaceAll('\n', ' | ')}`);
    this.name = 'VirshCommandError';
  }
}

/** The session could not run a command at all: virsh died, could not start or hung. */
export class VirshSessionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VirshSessionError';
  }
}

const PROMPT = 'virsh # ';
const DEFAULT_ENV: NodeJS.ProcessEnv = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  LC_ALL: 'C',
  TERM: 'xterm',
  INPUTRC: '/dev/null',
};

/**
 * One long-lived `virsh -c <uri>` process fed commands on stdin. Spawning a
 * virsh per call costs ~33 ms and, with the test driver, forgets every
 * definition; a session keeps one connection.
 *
 * After each command the session sends `echo` (to stdout) and `echo --err`
 * (to stderr) with a marker unique to the command; everything before the
 * markers is that command's output. The markers are written with a quote in
 * the middle so readline's echo of the input line never contains them.
 * Commands run one at a time. A dead virsh is restarted on the next command;
 * a hung one is killed after the timeout (its state is unknown, so the next
 * command starts a fresh session).
 */
export class VirshSession {
  private child: ChildProcessWithoutNullStreams | undefined;
  private stdout = '';
  private stderr = '';
  private exitReason: string | undefined;
  /** Set when virsh could not even start: every command fails with it, naming the package to install. */
  private missing: Error | undefined;
  private notify: (() => void) | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private sequence = 0;
  private afterPreviousCommand = false;
  private readonly token = randomBytes(6).toString('hex');
  private readonly timeoutMs: number;

  constructor(private readonly options: VirshSessionOptions) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** Runs one command and returns its standard output; rejects with VirshCommandError on `error:`. */
  run(args: readonly string[], options: { timeoutMs?: number } = {}): Promise<string> {
    let line: string;
    try {
      line = formatVirshCommand(args);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const task = this.queue.then(() => this.execute(args, line, options.timeoutMs ?? this.timeoutMs));
    this.queue = task.catch(() => undefined);
    return task;
  }

  /** Ends the session: virsh gets `quit` and, if it lingers, SIGKILL. */
  async close(): Promise<void> {
    await this.queue;
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
    child.stdin.end('quit\n');
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  }

  private async execute(args: readonly string[], line: string, timeoutMs: number): Promise<string> {
    const child = this.start();
    const seq = ++this.sequence;
    const outMarker = `HBOUT-${this.token}-${seq}`;
    const errMarker = `HBERR-${this.token}-${seq}`;
    const outEcho = `echo 'HBOUT'-${this.token}-${seq}`;
    const errEcho = `echo --err 'HBERR'-${this.token}-${seq}`;
    child.stdin.write(`${line}\n${outEcho}\n${errEcho}\n`);

    const done = await this.waitUntil(
      () => this.stdout.includes(outMarker) && this.stderr.includes(errMarker),
      timeoutMs,
    );
    if (done !== 'ok') {
      this.kill();
      if (this.missing) throw this.missing;
      throw new VirshSessionError(
        done === 'timeout'
          ? `virsh ${line}: no answer within ${timeoutMs} ms; the session was restarted`
          : `virsh ${line}: virsh exited (${this.exitReason ?? 'unknown'})`,
      );
    }

    const outAt = this.stdout.indexOf(outMarker);
    const rawOut = this.stdout.slice(0, outAt);
    this.stdout = this.stdout.slice(outAt + outMarker.length);
    const errAt = this.stderr.indexOf(errMarker);
    const rawErr = this.stderr.slice(0, errAt);
    this.stderr = this.stderr.slice(errAt + errMarker.length);

    const output = stripEchoes(rawOut, this.afterPreviousCommand);
    this.afterPreviousCommand = true;
    // The marker's own line reads `error: HBERR-…`; drop its prefix and the previous marker's newline.
    const errorText = rawErr.replace(/error: $/, '').trim();
    if (/^error: /m.test(errorText)) throw new VirshCommandError(args, classify(errorText), errorText);
    return output;
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn(this.options.virshPath ?? 'virsh', ['-q', '-c', this.options.uri], {
      env: this.options.env ?? DEFAULT_ENV,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    this.stdout = '';
    this.stderr = '';
    this.exitReason = undefined;
    this.missing = undefined;
    this.afterPreviousCommand = false;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      this.stdout += chunk;
      this.notify?.();
    });
    child.stderr.on('data', (chunk: string) => {
      this.stderr += chunk;
      this.notify?.();
    });
    child.stdin.on('error', () => {
      // A dead virsh closes its stdin; the 'close' handler below reports why.
    });
    const ended = (reason: string) => {
      if (this.child !== child) return;
      this.child = undefined;
      const lastError = this.stderr.trim().split('\n').pop();
      this.exitReason = lastError ? `${reason}: ${lastError}` : reason;
      this.notify?.();
    };
    child.on('error', (error) => {
      this.missing = spawnFailure(this.options.virshPath ?? 'virsh', error);
      ended(error.message);
    });
    child.on('close', (code, signal) => ended(signal ? `signal ${signal}` : `exit ${code}`));
    return child;
  }

  private kill(): void {
    const child = this.child;
    this.child = undefined;
    child?.kill('SIGKILL');
  }

  private waitUntil(ready: () => boolean, timeoutMs: number): Promise<'ok' | 'timeout' | 'exited'> {
    const child = this.child;
    return new Promise((resolve) => {
      const finish = (result: 'ok' | 'timeout' | 'exited') => {
        clearTimeout(timer);
        this.notify = undefined;
        resolve(result);
      };
      const check = () => {
        if (ready()) finish('ok');
        else if (this.child !== child) finish('exited');
      };
      const timer = setTimeout(() => finish('timeout'), timeoutMs);
      this.notify = check;
      check();
    });
  }
}

/**
 * Cuts readline's echoes out of one command's stdout. The text before the
 * marker reads: the echo of the previous `echo --err` line (from the second
 * command on), the echo of the command, the command's output, the echo of the
 * `echo` marker line. Each echo is the prompt, the line and one newline; long
 * lines come back with carriage returns inserted, so echoes are cut by
 * structure rather than compared with what was sent.
 */
function stripEchoes(raw: string, afterPreviousCommand: boolean): string {
  let text = raw;
  const dropEchoLine = () => {
    if (text.startsWith('\n')) text = text.slice(1);
    if (!text.startsWith(PROMPT)) return;
    const end = text.indexOf('\n');
    text = end < 0 ? '' : text.slice(end + 1);
  };
  if (afterPreviousCommand) dropEchoLine();
  dropEchoLine();
  const markerEcho = text.lastIndexOf(PROMPT);
  return markerEcho < 0 ? text : text.slice(0, markerEcho);
}

function classify(stderr: string): VirshFailure {
  if (
    /failed to get (domain|network|pool|vol)|(Domain|Network|Storage pool|Storage volume) not found|no (domain|network|storage pool|storage vol) with matching/i.test(
      stderr,
    )
  ) {
    return 'not-found';
  }
  if (/already exists|exists already|already in use/i.test(stderr)) return 'exists';
  if (/is already active|already running/i.test(stderr)) return 'already-active';
  if (/not running|not active/i.test(stderr)) return 'not-running';
  return 'failed';
}

/** Awaits a virsh call, treating the listed failures ("already done") as success. */
export async function ignoringFailures(failures: VirshFailure | VirshFailure[], run: Promise<unknown>): Promise<void> {
  const ignored = Array.isArray(failures) ? failures : [failures];
  try {
    await run;
  } catch (error) {
    if (error instanceof VirshCommandError && ignored.includes(error.failure)) return;
    throw error;
  }
}
