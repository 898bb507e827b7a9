import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../../../..');
// HOSTBAY_E2E_API_CLI points the tests at another build of the API (e.g. one compiled to a scratch folder).
const CLI = process.env.HOSTBAY_E2E_API_CLI ?? join(REPO_ROOT, 'apps/api/dist/cli/main.js');
const DASHBOARD = join(REPO_ROOT, 'apps/web/dist/index.html');

export interface ApiServer {
  url: string;
  port: number;
  dataDir: string;
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
 * A stand-in base image in the layout the API's ImageStore reads (images/current.json
 * pointing at <id>/ with base.qcow2, vmlinuz, initrd.img, manifest.json), so that creation
 * gets past resolving the image without a 2.5-minute debootstrap. Under libvirt's test
 * driver nothing boots, so the kernel files are never read; the disk is a real (empty)
 * qcow2 because the overlay is created on top of it.
 */
async function placeStandInImage(dataDir: string): Promise<void> {
  const id = 'e2e-stand-in';
  const dir = join(dataDir, 'images', id);
  await mkdir(dir, { recursive: true });
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', join(dir, 'base.qcow2'), '1G']);
  await writeFile(join(dir, 'vmlinuz'), 'stand-in kernel');
  await writeFile(join(dir, 'initrd.img'), 'stand-in initrd');
  const key = '0'.repeat(64);
  const manifest = {
    id,
    key,
    created_at: new Date().toISOString(),
    build_seconds: 0,
    kernel_version: 'stand-in',
    cmdline: 'root=/dev/vda rw console=ttyS0',
    rootfs_bytes: 1,
    disk_virtual_bytes: 1024 ** 3,
    files: { disk: 1, kernel: 1, initrd: 1 },
    inputs: {},
  };
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
  await writeFile(join(dataDir, 'images', 'current.json'), JSON.stringify({ id, key }));
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
  const dataDir = await mkdtemp(join(tmpdir(), 'hostbay-web-e2e-'));
  await placeStandInImage(dataDir);
  let output = '';
  const child = spawn(process.execPath, [CLI, 'serve'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      HOSTBAY_PORT: String(port),
      HOSTBAY_HOST: '127.0.0.1',
      HOSTBAY_DATA_DIR: dataDir,
      HOSTBAY_LOG_LEVEL: 'warn',
      HOSTBAY_EDGE: 'off',
      // libvirt's test driver: hostings are defined but never boot, so they stay in CREATING/wait_guest.
      HOSTBAY_LIBVIRT_URI: 'test:///default',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited(child);
      clearTimeout(killer);
    }
    await rm(dataDir, { recursive: true, force: true });
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
  return { url, port, dataDir, output: () => output, stop };
}
