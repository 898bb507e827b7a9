import { open, readFile, readdir, stat } from 'node:fs/promises';
import type { EdgeNginx, NginxTestResult, ReloadPlan, ReloadWatch } from '../../modules/proxy/proxy.ports.js';
import type { ProcessRunner } from '../process/process-runner.js';

const TEST_TIMEOUT_MS = 60_000;

/** `nginx -t` on a main config; the exit code decides (nginx warns about hash sizes and still exits 0). */
async function testConfig(
  runner: ProcessRunner,
  binary: string,
  prefixDir: string,
  configFile: string,
): Promise<NginxTestResult> {
  const result = await runner.run([binary, '-t', '-q', '-p', `${prefixDir}/`, '-c', configFile], {
    timeoutMs: TEST_TIMEOUT_MS,
  });
  return { ok: result.exitCode === 0, output: (result.stderr + result.stdout).trim() };
}

export interface OwnNginxOptions {
  binary: string;
  prefixDir: string;
  mainConfig: string;
  pidFile: string;
  errorLog: string;
  /** How long a graceful stop may take before nginx is terminated. */
  stopTimeoutMs?: number;
}

/**
 * Hostbay's own nginx, run as a daemon from its own prefix. Daemon mode keeps
 * the sites answering while the Hostbay process restarts; the master is found
 * again through its pid file. Reloads and stops are signals to the master,
 * because `nginx -s` would parse the whole config once more just to find it.
 */
export class OwnNginx implements EdgeNginx {
  readonly kind = 'own';

  constructor(
    private readonly runner: ProcessRunner,
    private readonly options: OwnNginxOptions,
  ) {}

  test(configFile: string): Promise<NginxTestResult> {
    return testConfig(this.runner, this.options.binary, this.options.prefixDir, configFile);
  }

  testLive(): Promise<NginxTestResult> {
    // The live main config is the staged one that already passed `test`.
    return Promise.resolve({ ok: true, output: '' });
  }

  async isRunning(): Promise<boolean> {
    return (await this.masterPid()) !== undefined;
  }

  async start(): Promise<void> {
    if (await this.isRunning()) return;
    await this.runner.runChecked(
      [this.options.binary, '-p', `${this.options.prefixDir}/`, '-c', this.options.mainConfig],
      {
        timeoutMs: TEST_TIMEOUT_MS,
      },
    );
    // The daemon writes its pid file after the launching process has exited.
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (await this.isRunning()) return;
      await sleep(20);
    }
    throw new Error(`nginx did not start: no live master in ${this.options.pidFile}`);
  }

  async prepareReload(): Promise<ReloadPlan> {
    const pid = await this.masterPid();
    return { oldWorkers: pid === undefined ? [] : await childPids(pid) };
  }

  async reload(plan: ReloadPlan): Promise<ReloadWatch> {
    const pid = await this.masterPid();
    if (pid === undefined) throw new Error('nginx is not running');
    const mark = await fileSize(this.options.errorLog);
    const { oldWorkers } = plan;
    process.kill(pid, 'SIGHUP');
    return {
      failure: () => readFailureSince(this.options.errorLog, mark),
      oldWorkersRetired: async () => {
        for (const worker of oldWorkers) {
          // nginx retitles a worker before it closes its listening sockets on QUIT.
          const title = await commandLine(worker);
          if (title !== undefined && title.startsWith('nginx: worker process') && !title.includes('shutting down')) {
            return false;
          }
        }
        return true;
      },
    };
  }

  async stop(): Promise<void> {
    const pid = await this.masterPid();
    if (pid === undefined) return;
    process.kill(pid, 'SIGQUIT');
    const deadline = Date.now() + (this.options.stopTimeoutMs ?? 15_000);
    while (Date.now() < deadline) {
      if (!(await isNginxMaster(pid))) return;
      await sleep(20);
    }
    process.kill(pid, 'SIGTERM');
  }

  /** The master's pid, when the pid file names a live nginx master (not a reused pid, not a zombie). */
  async masterPid(): Promise<number | undefined> {
    let text: string;
    try {
      text = await readFile(this.options.pidFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const pid = Number(text.trim());
    if (!Number.isInteger(pid) || pid <= 1) return undefined;
    return (await isNginxMaster(pid)) ? pid : undefined;
  }
}

export interface SystemNginxOptions {
  binary: string;
  /** The operator's main config; undefined means nginx's compiled-in default. */
  systemConfig: string | undefined;
  /** Prefix for validating staged generations (their paths are absolute). */
  prefixDir: string;
}

/**
 * The operator's nginx, which includes Hostbay's `current/http.conf` inside
 * its `http` block and `current/stream.conf` at the top level. Hostbay does
 * not start or stop it; it validates and reloads it.
 */
export class SystemNginx implements EdgeNginx {
  readonly kind = 'system';

  constructor(
    private readonly runner: ProcessRunner,
    private readonly options: SystemNginxOptions,
  ) {}

  test(configFile: string): Promise<NginxTestResult> {
    return testConfig(this.runner, this.options.binary, this.options.prefixDir, configFile);
  }

  async testLive(): Promise<NginxTestResult> {
    const result = await this.runner.run([this.options.binary, '-t', '-q', ...this.configArgs()], {
      timeoutMs: TEST_TIMEOUT_MS,
    });
    return { ok: result.exitCode === 0, output: (result.stderr + result.stdout).trim() };
  }

  async isRunning(): Promise<boolean> {
    return true;
  }

  async start(): Promise<void> {
    // The operator's service manager runs this nginx.
  }

  async prepareReload(): Promise<ReloadPlan> {
    return { oldWorkers: [] };
  }

  async reload(): Promise<ReloadWatch> {
    await this.runner.runChecked([this.options.binary, '-s', 'reload', ...this.configArgs()], {
      timeoutMs: TEST_TIMEOUT_MS,
    });
    // The operator's nginx: its workers and log are not ours to watch.
    return { failure: () => Promise.resolve(undefined), oldWorkersRetired: () => Promise.resolve(true) };
  }

  async stop(): Promise<void> {
    // Not ours to stop.
  }

  private configArgs(): string[] {
    return this.options.systemConfig === undefined ? [] : ['-c', this.options.systemConfig];
  }
}

async function isNginxMaster(pid: number): Promise<boolean> {
  // A zombie or a reused pid has a different (or empty) command line.
  return (await commandLine(pid))?.startsWith('nginx: master process') ?? false;
}

/** A process's title (nginx rewrites its own), or undefined once it is gone. */
async function commandLine(pid: number): Promise<string | undefined> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replace(/\0/g, ' ').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ESRCH') {
      return undefined;
    }
    throw error;
  }
}

/** Pids whose parent is `parent` (this kernel has no /proc/<pid>/task/<pid>/children). */
async function childPids(parent: number): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry));
  // Read in parallel: one by one, a busy host takes over 100 ms for a few hundred processes.
  const parents = await Promise.all(pids.map(parentOf));
  return pids.filter((_, i) => parents[i] === parent).map(Number);
}

async function parentOf(pid: string): Promise<number | undefined> {
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    // Processes come and go while the folder is read.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ESRCH') {
      return undefined;
    }
    throw error;
  }
  // Field 4 is the parent pid; the command name (field 2) may hold spaces, so count from its closing parenthesis.
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/**
 * Why the master rejected a reload, once that is final: an `[emerg]` line
 * logged after `offset`. A busy port is not final: nginx retries it for a few
 * seconds and, if it frees up, the new configuration does go live.
 */
async function readFailureSince(file: string, offset: number): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const size = (await handle.stat()).size;
    if (size <= offset) return undefined;
    const buffer = Buffer.alloc(Math.min(size - offset, 1024 * 1024));
    await handle.read(buffer, 0, buffer.length, offset);
    const emergencies = buffer
      .toString('utf8')
      .split('\n')
      .filter((line) => line.includes('[emerg]'));
    // A busy port is retried; only "still could not bind()" makes that final.
    const final = emergencies.find((line) => !line.includes('bind()') || line.includes('still could not bind()'));
    return final === undefined ? undefined : (emergencies[0] ?? final);
  } finally {
    await handle.close();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
