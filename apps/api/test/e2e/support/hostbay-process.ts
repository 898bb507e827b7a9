import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
/**
 * Built images are cached here across runs and checkouts (a fresh clone on the
 * same machine reuses it): the image's own cache key decides when to rebuild.
 */
export const E2E_IMAGE_DIR = process.env.HOSTBAY_E2E_IMAGE_DIR ?? '/var/tmp/hostbay-e2e-images';

export interface HostbayProcess {
  port: number;
  dataDir: string;
  env: Record<string, string>;
  output(): string;
  /** Ctrl-C, as a person stops `up`; resolves when it has exited. */
  stop(): Promise<void>;
  /** SIGKILL: the process dies at once, mid-whatever. */
  kill(): Promise<void>;
}

/** Polls until the edge answers /api/health through HOSTBAY_PORT. */
async function waitForHealth(port: number, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`hostbay exited with ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`hostbay did not answer within ${timeoutMs} ms:\n${log()}`);
}

/**
 * Starts Hostbay the way the README does (`up`: host packages, libvirt, the
 * guest image, the edge, the API and the worker), on its own ports and data
 * folder. Pass the `dataDir` of an earlier run to restart "the same" Hostbay.
 */
export async function startHostbay(
  options: { dataDir?: string; env?: Record<string, string>; base?: number } = {},
): Promise<HostbayProcess> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'hostbay-e2e-')));
  // Below 32768, where Linux's ephemeral (outgoing source) ports begin: one of those could hold a port
  // the edge or QEMU must listen on.
  const base = options.base ?? 20000 + randomInt(0, 100) * 100;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: process.env.HOME ?? '/root',
    HOSTBAY_DATA_DIR: dataDir,
    HOSTBAY_IMAGE_DIR: E2E_IMAGE_DIR,
    HOSTBAY_HOST: '127.0.0.1',
    HOSTBAY_PORT: String(base),
    HOSTBAY_API_PORT: String(base + 1),
    HOSTBAY_SSH_PORTS: `${base + 10}-${base + 29}`,
    HOSTBAY_VM_WEB_PORTS: `${base + 30}-${base + 49}`,
    HOSTBAY_VM_SSH_PORTS: `${base + 50}-${base + 69}`,
    // The tests reach SSH on loopback; nothing needs to listen on other addresses.
    HOSTBAY_SSH_LISTEN_HOST: '127.0.0.1',
    HOSTBAY_LOG_LEVEL: 'info',
    HOSTBAY_VM_READY_TIMEOUT: '8m',
    // Scenario A turns backups on; elsewhere a delete is not held up by its last backup.
    HOSTBAY_BACKUP_SCHEDULE: 'off',
    ...options.env,
  };
  let log = '';
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'apps/api/dist/cli/main.js'), 'up'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGINT');
    // A stop that hangs must not leave Hostbay running after the test: it is killed after a minute.
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    await exited;
    clearTimeout(killer);
  };
  // The first run builds the guest image (debootstrap): minutes.
  try {
    await waitForHealth(base, child, () => log, 15 * 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    port: base,
    dataDir,
    env,
    output: () => log,
    stop,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * Runs `hostbay <args>` (the built CLI) against a running Hostbay's data folder and settings, as an
 * operator at its terminal would; `stdin` is piped in (e.g. for `--password-stdin`).
 */
export function runCli(
  hostbay: HostbayProcess,
  args: readonly string[],
  stdin = '',
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'apps/api/dist/cli/main.js'), ...args], {
      env: hostbay.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
    child.stdin?.end(stdin);
  });
}

/**
 * Waits until `doctor` says the default plan's template is ready, as an operator would look: `up` builds it
 * in the background (about 2 minutes under TCG, once per image on this host: the e2e image folder keeps it).
 */
export async function waitForTemplate(hostbay: HostbayProcess, timeoutMs = 6 * 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = (await runCli(hostbay, ['doctor'])).output;
    if (/instant hostings: template ready/.test(last)) return;
    await new Promise((r) => setTimeout(r, 3000));
  }
  throw new Error(`no template after ${timeoutMs} ms; doctor said:\n${last}\n${hostbay.output()}`);
}
