import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { consoleSocketFolder } from '../../../src/config/paths.js';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { volumeNames } from '../../../src/adapters/libvirt/libvirt-storage.js';

const exec = promisify(execFile);
const LIBVIRT = 'qemu:///system';

/** What one hosting left behind; every list is empty when its delete was clean. */
export interface LeakReport {
  /** libvirt domains named after the hosting. */
  domains: string[];
  /** Volumes of the installation's storage pool that belong to the hosting (`hb-<id>…`). */
  volumes: string[];
  /** Rows of the allocations table (ports, addresses) still held by the hosting. */
  allocations: string[];
  /** Lines of the live edge config naming the user or listening on the hosting's SSH port. */
  edgeLines: string[];
}

export interface HostingTrace {
  id: string;
  username: string;
  sshPort: number | null;
}

async function libvirtDomains(): Promise<string[]> {
  const { stdout } = await exec('virsh', ['-c', LIBVIRT, 'list', '--all', '--name']);
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The installation's storage pool, as Hostbay names it by default. */
async function poolName(dataDir: string): Promise<string> {
  return `hostbay-${(await readFile(path.join(dataDir, 'installation-id'), 'utf8')).trim()}`;
}

/** The pool's volumes as libvirt lists them after looking at the folder again; none when there is no pool. */
async function poolVolumes(pool: string): Promise<string[]> {
  try {
    await exec('virsh', ['-c', LIBVIRT, 'pool-refresh', '--pool', pool]);
  } catch {
    return [];
  }
  const { stdout } = await exec('virsh', ['-c', LIBVIRT, 'vol-list', '--pool', pool]);
  return volumeNames(stdout);
}

/** Opens Hostbay's SQLite database read-only: the audit must not change what it audits. */
function openDatabase(dataDir: string): Database.Database {
  return new Database(path.join(dataDir, 'hostbay.db'), { readonly: true, fileMustExist: true });
}

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await filesUnder(full)));
    else files.push(full);
  }
  return files;
}

/** The live edge generation (`conf/current` is a symlink to it): every line that routes this hosting. */
async function edgeLinesFor(dataDir: string, trace: HostingTrace): Promise<string[]> {
  const current = path.join(dataDir, 'edge/conf/current');
  const hits: string[] = [];
  for (const file of await filesUnder(`${current}/`)) {
    for (const line of (await readFile(file, 'utf8')).split('\n')) {
      const namesUser = line.includes(trace.username);
      const listensOnSsh = trace.sshPort !== null && new RegExp(`listen [^;]*:${trace.sshPort};`).test(line);
      if (namesUser || listensOnSsh) hits.push(`${path.relative(current, file)}: ${line.trim()}`);
    }
  }
  return hits;
}

/** The allocations rows a hosting holds, from the data folder's SQLite or the PostgreSQL it was given. */
async function allocationsOf(dataDir: string, hostingId: string, postgresUrl?: string): Promise<string[]> {
  const query = 'SELECT kind, value FROM allocations WHERE hosting_id = ';
  if (postgresUrl) {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ kind: string; value: string }>(`${query}$1`, [hostingId]);
      return rows.map((row) => `${row.kind}=${row.value}`);
    } finally {
      await client.end();
    }
  }
  const db = openDatabase(dataDir);
  try {
    return db
      .prepare<[string], { kind: string; value: string }>(`${query}?`)
      .all(hostingId)
      .map((row) => `${row.kind}=${row.value}`);
  } finally {
    db.close();
  }
}

/**
 * Looks everywhere a hosting leaves traces: libvirt's domains and volumes, the allocations table, the edge.
 * `postgresUrl`: the installation keeps its rows in PostgreSQL rather than the data folder's SQLite.
 */
export async function auditHosting(dataDir: string, trace: HostingTrace, postgresUrl?: string): Promise<LeakReport> {
  const domain = `hb-${trace.id}`;
  const allocations = await allocationsOf(dataDir, trace.id, postgresUrl);
  return {
    domains: (await libvirtDomains()).filter((name) => name === domain),
    volumes: (await poolVolumes(await poolName(dataDir))).filter((volume) => volume.startsWith(`${domain}`)),
    allocations,
    edgeLines: await edgeLinesFor(dataDir, trace),
  };
}

/** The hosting rows of a data folder, newest first (for traces, and for cleaning up after a failed test). */
export function hostingRows(
  dataDir: string,
): { id: string; username: string; status: string; ssh_port: number | null }[] {
  if (!existsSync(path.join(dataDir, 'hostbay.db'))) return [];
  const db = openDatabase(dataDir);
  try {
    return db
      .prepare<[], { id: string; username: string; status: string; ssh_port: number | null }>(
        'SELECT id, username, status, ssh_port FROM hostings ORDER BY created_at DESC',
      )
      .all();
  } finally {
    db.close();
  }
}

async function isNginxMaster(pid: number): Promise<boolean> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).startsWith('nginx: master');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/**
 * After a test, whatever happened in it: removes the VMs of this data folder's
 * hostings and its storage pool from libvirt, stops the edge nginx its Hostbay
 * left running (a SIGKILLed Hostbay does not stop it: it is a daemon, found
 * again by its pid file), and deletes the folder. Call it after the Hostbay
 * process has stopped.
 */
export async function removeTestInstallation(dataDir: string): Promise<void> {
  const domains = new Set(await libvirtDomains());
  for (const row of hostingRows(dataDir)) {
    const domain = `hb-${row.id}`;
    if (!domains.has(domain)) continue;
    // destroy fails when the domain is not running; undefine is what must succeed.
    await exec('virsh', ['-c', LIBVIRT, 'destroy', domain]).catch(() => undefined);
    await exec('virsh', ['-c', LIBVIRT, 'undefine', domain, '--managed-save']);
  }
  if (existsSync(path.join(dataDir, 'installation-id'))) {
    const pool = await poolName(dataDir);
    await exec('virsh', ['-c', LIBVIRT, 'pool-destroy', '--pool', pool]).catch(() => undefined);
    await exec('virsh', ['-c', LIBVIRT, 'pool-undefine', '--pool', pool]).catch(() => undefined);
    // The installation's guest firewall (user mode loads it on the host itself).
    const installation = (await readFile(path.join(dataDir, 'installation-id'), 'utf8')).trim();
    await exec('nft', ['delete', 'table', 'inet', `hostbay_${installation}`]).catch(() => undefined);
    // Its folder of serial line sockets (consoles); libvirt removes each socket with its machine.
    await rm(path.dirname(consoleSocketFolder(installation)), { recursive: true, force: true });
  }
  const pidFile = path.join(dataDir, 'edge/prefix/nginx.pid');
  if (existsSync(pidFile)) {
    const pid = Number((await readFile(pidFile, 'utf8')).trim());
    if (Number.isInteger(pid) && pid > 1 && (await isNginxMaster(pid))) {
      process.kill(pid, 'SIGTERM');
      const deadline = Date.now() + 10_000;
      while ((await isNginxMaster(pid)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    }
  }
  if ((await stat(dataDir).catch(() => undefined))?.isDirectory()) await rm(dataDir, { recursive: true, force: true });
}
