import { randomInt } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { StandardResponse } from '@hostbay/contract/envelope';
import type { CreatedHosting, Hosting, HostingStatus } from '@hostbay/contract/hosting';
import { expect } from 'vitest';
import { NodeProcessRunner } from '../../../src/adapters/process/process-runner.js';
import { composeHostbay, type Hostbay } from '../../../src/composition/compose-hostbay.js';
import type { HostingRuntime } from '../../../src/composition/compose-hosting.js';
import { loadConfig, type Config } from '../../../src/config/config.js';
import { BcryptPasswordHasher } from '../../../src/modules/auth/password-hasher.js';
import { TokenService } from '../../../src/modules/auth/token.service.js';
import type { BaseImageSpec } from '../../../src/modules/vm/vm.spec.js';
import type { DatabaseKind, TestDatabase } from '../../support/databases.js';
import { startTestPool } from '../../support/storage-pool.js';
import { PortFaults } from './port-faults.js';
import { GuestFarm } from './guest-farm.js';

export type HostingBody = StandardResponse<Hosting & Partial<Pick<CreatedHosting, 'initial_password'>>>;
export type Auth = { authorization: string };

export interface Harness {
  hostbay: Hostbay;
  hosting: HostingRuntime;
  config: Config;
  farm: GuestFarm;
  /** Faults injected where the lifecycle meets the outside: the VM layer, the edge, the probe, the stores. */
  faults: PortFaults;
  /** A user straight in the database (bcrypt once per suite), with a bearer token. */
  newUser(): Promise<{ id: string; username: string; auth: Auth }>;
  api(
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    auth: Auth,
    payload?: object,
    headers?: Record<string, string>,
  ): Promise<{ statusCode: number; body: HostingBody }>;
  waitForStatus(auth: Auth, statuses: HostingStatus[], timeoutMs?: number): Promise<Hosting>;
  /** Fails the test if the database, libvirt (domains and volumes) and the edge disagree. */
  leakAudit(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Port blocks: each test process (vitest runs files in separate processes)
 * takes a 2,000-port window and hands out blocks within it in turn, so two
 * harnesses never share a port. The window is one of five per vitest worker slot
 * (VITEST_POOL_ID: files running at once never share a slot), picked by pid, so
 * that the next file in a slot does not land on ports the last one's nginx may
 * still hold while it exits. (By pid alone, two files whose pids ended in the
 * same digit once shared a window.) The windows stay below 32768, where
 * Linux's ephemeral ports begin (net.ipv4.ip_local_port_range): an outgoing
 * connection that happened to get one of these ports as its source port
 * would make the edge's or a guest's listen() fail with EADDRINUSE.
 */
const WINDOW = 2000;
// Two slots: the integration project's maxWorkers (vitest.config.ts).
const workerSlot = (Number(process.env.VITEST_POOL_ID ?? '1') - 1) % 2;
const windowStart = 12000 + (workerSlot * 5 + (process.pid % 5)) * WINDOW;
let nextInWindow = randomInt(0, 4) * 100;
function portBlock(size: number): { first: number; last: number } {
  if (nextInWindow + size > WINDOW) nextInWindow = 0;
  const first = windowStart + nextInWindow;
  nextInWindow += size;
  return { first, last: first + size - 1 };
}

let userCounter = 0;

/**
 * Hostbay for real, but for the hypervisor: SQLite or PostgreSQL, Hostbay's
 * own nginx edge, VMService with its domains on libvirt's test driver and its
 * volumes in a real storage pool, and a guest farm answering on the forwarded
 * ports of "running" domains.
 */
export async function startHarness(
  kind: DatabaseKind,
  env: Record<string, string> = {},
  hostingsAtOnce = 32,
  /** A built dashboard to serve (apps/web/dist); by default none. */
  webDistDir?: string,
): Promise<Harness> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'hostbay-hosting-'));
  const database: TestDatabase = await kind.create();
  const n = hostingsAtOnce;
  const block = portBlock(2 + 3 * n);
  const range = (index: number) => `${block.first + 2 + index * n}-${block.first + 1 + (index + 1) * n}`;
  const config = await loadConfig({
    HOSTBAY_DATA_DIR: dataDir,
    HOSTBAY_DATABASE_URL: database.url,
    HOSTBAY_HOST: '127.0.0.1',
    HOSTBAY_PORT: String(block.first),
    HOSTBAY_API_PORT: String(block.first + 1),
    HOSTBAY_SSH_PORTS: range(0),
    HOSTBAY_VM_WEB_PORTS: range(1),
    HOSTBAY_VM_SSH_PORTS: range(2),
    HOSTBAY_CAPACITY: String(n),
    HOSTBAY_LIBVIRT_URI: 'test:///default',
    HOSTBAY_VIRT_TYPE: 'qemu',
    HOSTBAY_JOB_LEASE: '1s',
    HOSTBAY_STEP_TIMEOUT: '20s',
    // Generous: two test files run at once on a 2-core machine; the timeout test sets its own.
    HOSTBAY_VM_READY_TIMEOUT: '60s',
    HOSTBAY_VM_SHUTDOWN_TIMEOUT: '2s',
    HOSTBAY_RECONCILE_INTERVAL: '1h',
    HOSTBAY_STATUS_SYNC_INTERVAL: '10m',
    HOSTBAY_EDGE_COALESCE_MS: '5',
    // Backups are their own tests' (backups.test.ts): a delete here is not held up by one.
    HOSTBAY_BACKUP_SCHEDULE: 'off',
    ...env,
  });
  const images = path.join(dataDir, 'test-image');
  await mkdir(images, { recursive: true });
  await new NodeProcessRunner().runChecked([
    'qemu-img',
    'create',
    '-q',
    '-f',
    'qcow2',
    path.join(images, 'base.qcow2'),
    '1G',
  ]);
  await writeFile(path.join(images, 'vmlinuz'), 'a stand-in kernel: the test driver boots nothing');
  await writeFile(path.join(images, 'initrd.img'), 'a stand-in initrd');
  const baseImage: BaseImageSpec = {
    disk: path.join(images, 'base.qcow2'),
    kernel: path.join(images, 'vmlinuz'),
    initrd: path.join(images, 'initrd.img'),
    cmdline: 'root=/dev/vda console=ttyS0',
    installsWebServer: false,
  };
  const pool = await startTestPool(dataDir);
  const faults = new PortFaults();
  const hostbay = await composeHostbay(config, {
    logger: false,
    webDistDir: webDistDir ?? path.join(dataDir, 'no-dashboard'),
    hosting: {
      baseImages: { resolve: async () => baseImage },
      storage: pool.storage,
      faults: faults.seams(),
      // The guest farm listens there as each running machine's QEMU would.
      consoleSocketDir: path.join(dataDir, 'consoles'),
    },
  });
  await hostbay.app.listen(hostbay.listen);
  await hostbay.start();
  const hosting = hostbay.hosting!;
  faults.attach(hosting.stores);
  const farm = new GuestFarm(hosting.stores.hostings, hosting.vm);
  farm.start();

  const users = hostbay.users;
  const passwordHash = await new BcryptPasswordHasher(4).hash('not used here');
  const tokens = new TokenService({
    secret: config.auth.jwtSecret,
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    ttlSeconds: 3600,
  });

  const api: Harness['api'] = async (method, url, auth, payload, headers = {}) => {
    const res = await hostbay.app.inject({
      method,
      url: `/api/v1/hosting${url}`,
      headers: { ...auth, ...headers },
      ...(payload ? { payload } : {}),
    });
    return { statusCode: res.statusCode, body: res.json<HostingBody>() };
  };

  const harness: Harness = {
    hostbay,
    hosting,
    config,
    farm,
    faults,
    async newUser() {
      userCounter += 1;
      const username = `u${process.pid}x${userCounter}${randomInt(1000, 9999)}`;
      const user = await users.insert({ email: `${username}@example.org`, username, passwordHash });
      const { token } = await tokens.createAccessToken(user);
      return { id: user.id, username, auth: { authorization: `Bearer ${token}` } };
    },
    api,
    async waitForStatus(auth, statuses, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let last: HostingBody | undefined;
      while (Date.now() < deadline) {
        last = (await api('GET', '/my', auth)).body;
        if (last.data && statuses.includes(last.data.status)) return last.data;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`hosting did not reach ${statuses.join('/')}: last ${JSON.stringify(last?.data ?? last)}`);
    },
    async leakAudit() {
      await hosting.worker.idle();
      const { hostings, jobs, allocations } = hosting.stores;
      const active = await hostings.listActive();
      const doneSteps = new Map<string, Set<string>>();
      for (const h of active) {
        const steps = await hostings.listSteps(h.id, 'create');
        doneSteps.set(h.id, new Set(steps.filter((s) => s.state === 'done').map((s) => s.name)));
      }
      const done = (id: string, name: string) => doneSteps.get(id)?.has(name) ?? false;
      const sorted = (values: Iterable<string>) => [...values].sort();

      const expectedVms = active.filter((h) => done(h.id, 'define_vm'));
      expect(sorted(await hosting.vm.listVms()), 'libvirt domains').toEqual(sorted(expectedVms.map((h) => h.id)));

      const expectedVolumes = active.filter(
        (h) => done(h.id, 'write_seed') || done(h.id, 'clone_disk') || done(h.id, 'define_vm'),
      );
      expect(sorted(await hosting.vm.listVolumeOwners()), 'VM volumes in the storage pool').toEqual(
        sorted(expectedVolumes.map((h) => h.id)),
      );

      const routes = await hosting.proxy.listRoutes();
      const expectedRoutes = active.filter((h) => h.status !== 'DELETING' && done(h.id, 'add_proxy'));
      expect(sorted(routes.map((r) => r.username)), 'edge routes').toEqual(
        sorted(expectedRoutes.map((h) => h.username)),
      );

      const holders = new Set((await allocations.listAll()).map((a) => a.hostingId));
      const expectedHolders = active.filter((h) => h.status !== 'ERROR' || done(h.id, 'allocate'));
      expect(sorted(holders), 'allocations').toEqual(sorted(new Set(expectedHolders.map((h) => h.id))));

      expect(await jobs.listOpen(), 'open jobs').toEqual([]);
    },
    async close() {
      await farm.stop();
      await hostbay.close();
      await pool.remove();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}
