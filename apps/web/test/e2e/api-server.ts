import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LibvirtDaemon } from '../../../api/src/adapters/libvirt/libvirt-daemon';
import { NodeProcessRunner } from '../../../api/src/adapters/process/process-runner';
import { removeTestInstallation } from '../../../api/test/e2e/support/leak-audit';

export const REPO_ROOT = resolve(import.meta.dirname, '../../../..');
// HOSTBAY_E2E_API_CLI points the tests at another build of the API (e.g. one compiled to a scratch folder).
const CLI = process.env.HOSTBAY_E2E_API_CLI ?? join(REPO_ROOT, 'apps/api/dist/cli/main.js');
const DASHBOARD = join(REPO_ROOT, 'apps/web/dist/index.html');

export interface ApiServer {
  url: string;
  port: number;
  dataDir: string;
  /** The settings it runs with, for a CLI command beside it (`runCli`). */
  env: NodeJS.ProcessEnv;
  /** What the process wrote, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once('exit', () => done());
  });
}

/**
 * A stand-in guest image: an empty disk given as an operator's cloud image
 * (HOSTBAY_IMAGE). QEMU really starts the machine, which finds nothing to
 * boot and waits, so a hosting stays in CREATING at wait_guest as long as a
 * test needs (the first steps ran for real: volumes in the storage pool, the
 * domain on the system libvirt), without a 2.5-minute debootstrap.
 */
function placeStandInImage(dataDir: string): string {
  const disk = join(dataDir, 'stand-in.qcow2');
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', disk, '1G']);
  return disk;
}

/**
 * Starts the real API (`hostbay serve`) on a free port with a fresh data folder.
 * It builds nothing: the API's dist and the dashboard's dist must exist already.
 */
export async function startApiServer(extraEnv: Record<string, string> = {}): Promise<ApiServer> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the API first (npm run build).`);
  if (!existsSync(DASHBOARD))
    throw new Error(`${DASHBOARD} is missing: build the dashboard first (npm run build -w @hostbay/web).`);
  const port = await freePort();
  await new LibvirtDaemon(new NodeProcessRunner(), 'qemu:///system').ensureRunning();
  const dataDir = await mkdtemp(join(tmpdir(), 'hostbay-web-e2e-'));
  const image = placeStandInImage(dataDir);
  let output = '';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOSTBAY_PORT: String(port),
    HOSTBAY_HOST: '127.0.0.1',
    HOSTBAY_DATA_DIR: dataDir,
    HOSTBAY_LOG_LEVEL: 'warn',
    HOSTBAY_EDGE: 'off',
    HOSTBAY_LIBVIRT_URI: 'qemu:///system',
    HOSTBAY_VIRT_TYPE: 'qemu',
    HOSTBAY_IMAGE: image,
    // The stand-in never answers: the hosting stays at wait_guest until the test deletes it.
    HOSTBAY_VM_READY_TIMEOUT: '30m',
    HOSTBAY_VM_WEB_PORTS: '24000-24099',
    HOSTBAY_VM_SSH_PORTS: '24100-24199',
    HOSTBAY_SSH_PORTS: '24200-24299',
    HOSTBAY_SSH_LISTEN_HOST: '127.0.0.1',
    ...extraEnv,
  };
  const child = spawn(process.execPath, [CLI, 'serve'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited(child);
      clearTimeout(killer);
    }
    // The machines it started and its storage pool, from libvirt; then the folder.
    await removeTestInstallation(dataDir);
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`hostbay serve exited with ${child.exitCode}:\n${output}`);
    }
    const healthy = await fetch(`${url}/api/health`)
      .then(
        async (response) =>
          response.ok && ((await response.json()) as { data?: { status?: string } }).data?.status === 'ok',
      )
      .catch(() => false);
    if (healthy) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`hostbay serve did not answer /api/health within 30 s:\n${output}`);
    }
    await new Promise((wait) => setTimeout(wait, 200));
  }
  return { url, port, dataDir, env, output: () => output, stop };
}

/** Runs `hostbay <args>` against a running server's data and settings, as its operator would at a terminal. */
export function runCli(
  server: ApiServer,
  args: readonly string[],
  stdin = '',
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: REPO_ROOT,
      env: server.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolveRun({ code, output }));
    child.stdin?.end(stdin);
  });
}
