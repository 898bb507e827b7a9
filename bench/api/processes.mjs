// Child processes and CPU accounting for bench/api/run.mjs. Every child is started in its own
// process group and killed with it: by stopChild(), by cleanUp(), and, as a last resort, when this
// process exits.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** The repository root: children run there. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/**
 * @typedef {object} Child
 * @property {string} name
 * @property {import('node:child_process').ChildProcess} process
 * @property {string[]} output  last lines of stdout/stderr, shown if it fails
 * @property {Promise<void>} exited
 */

/** @type {Set<Child>} */
const children = new Set();
/** @type {string[]} */
const tempDirs = [];
/** Children stopped on purpose, whose exit is no news. @type {WeakSet<Child>} */
const stopped = new WeakSet();
let stopping = false;

/**
 * Starts a Node program, optionally pinned to CPUs with taskset (which execs it, so the pid is
 * Node's own).
 * @param {string} name
 * @param {string[]} nodeArgs
 * @param {{ env?: Record<string, string>, cpus?: string }} [options]
 * @returns {Child}
 */
export function startNode(name, nodeArgs, { env = {}, cpus } = {}) {
  const command = cpus ? 'taskset' : process.execPath;
  const argv = cpus ? ['-c', cpus, process.execPath, ...nodeArgs] : nodeArgs;
  // Inherit the environment without any HOSTBAY_* of the caller, so only ours configure the API.
  const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('HOSTBAY_')));
  const proc = spawn(command, argv, {
    cwd: ROOT,
    env: { ...baseEnv, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  /** @type {string[]} */
  const output = [];
  const keep = (/** @type {Buffer} */ chunk) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    output.splice(0, Math.max(0, output.length - 40));
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const exited = new Promise((resolve) => proc.once('exit', () => resolve(undefined)));
  const child = { name, process: proc, output, exited };
  children.add(child);
  void exited.then(() => {
    children.delete(child);
    if (!stopping && !stopped.has(child)) console.error(`${name} exited early:\n${output.join('\n')}`);
  });
  return child;
}

/**
 * Sends a signal to a child's whole process group.
 * @param {Child} child
 * @param {NodeJS.Signals} signal
 */
function signalGroup(child, signal) {
  try {
    if (child.process.pid) process.kill(-child.process.pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Stops every child (SIGTERM, then SIGKILL after 3 s) and removes the temporary folders.
 * @returns {Promise<void>}
 */
export async function cleanUp() {
  stopping = true;
  const running = [...children];
  for (const child of running) signalGroup(child, 'SIGTERM');
  await Promise.race([Promise.all(running.map((c) => c.exited)), sleep(3000)]);
  for (const child of running) signalGroup(child, 'SIGKILL');
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
}

// Last resort if the process goes down without cleanUp (an exception, process.exit).
process.on('exit', () => {
  for (const child of children) signalGroup(child, 'SIGKILL');
});
/**
 * A new temporary folder, removed by cleanUp().
 * @param {string} prefix
 * @returns {Promise<string>}
 */
export async function makeTempDir(prefix) {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/**
 * Stops one child now (its group), so it does not take CPU during the next part.
 * @param {Child} child
 */
export async function stopChild(child) {
  stopped.add(child);
  signalGroup(child, 'SIGTERM');
  await Promise.race([child.exited, sleep(3000)]);
  signalGroup(child, 'SIGKILL');
}

/**
 * Pins this process (all its threads) to the given CPUs.
 * @param {string} cpus
 */
export function pinSelf(cpus) {
  const result = spawnSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`taskset failed: ${result.stderr}`);
}

/**
 * CPU time (user + system) a process has used so far, in seconds.
 * @param {number | undefined} pid
 * @returns {Promise<number>}
 */
export async function cpuSeconds(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/**
 * CPU time all programs on the machine have used so far (every core, idle and I/O wait excluded),
 * in seconds.
 * @returns {Promise<number>}
 */
async function machineBusySeconds() {
  const [cpuLine] = (await readFile('/proc/stat', 'utf8')).split('\n');
  const [user, nice, system, , , irq, softirq, steal] = cpuLine.trim().split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq + steal) / CLK_TCK;
}

/**
 * @typedef {object} CpuUse  in cores (CPU seconds per second of the measurement)
 * @property {number} server  the server under test, all its threads
 * @property {number} bench   this process: the load generator
 * @property {number} others  every other program on the machine (other work sharing it)
 * @property {number} serverSeconds  CPU seconds of the server
 */

/**
 * Starts measuring who uses the CPU; the returned function ends the measurement.
 * @param {number | undefined} serverPid
 * @returns {Promise<() => Promise<CpuUse>>}
 */
export async function startCpuMeter(serverPid) {
  const wall = performance.now();
  const [server, machine] = await Promise.all([cpuSeconds(serverPid), machineBusySeconds()]);
  const own = process.cpuUsage();
  return async () => {
    const seconds = (performance.now() - wall) / 1000;
    const [serverNow, machineNow] = await Promise.all([cpuSeconds(serverPid), machineBusySeconds()]);
    const ownUsage = process.cpuUsage(own);
    const bench = (ownUsage.user + ownUsage.system) / 1e6;
    const serverSeconds = serverNow - server;
    return {
      server: serverSeconds / seconds,
      bench: bench / seconds,
      others: Math.max(0, machineNow - machine - serverSeconds - bench) / seconds,
      serverSeconds,
    };
  };
}

/**
 * A port nobody listens on right now, on 127.0.0.1.
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Waits until something answers HTTP on the port (any status), or the child dies, or 60 s pass.
 * @param {Child} child
 * @param {number} port
 */
export async function waitForHttp(child, port) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (!children.has(child)) throw new Error(`${child.name} exited before listening`);
    const answered = await new Promise((resolve) => {
      const request = http.get({ host: '127.0.0.1', port, path: '/', timeout: 1000, agent: false }, (response) => {
        response.resume();
        resolve(true);
      });
      request.on('timeout', () => request.destroy());
      request.on('error', () => resolve(false));
    });
    if (answered) return;
    await sleep(200);
  }
  throw new Error(`${child.name} did not answer on port ${port} within 60 s:\n${child.output.join('\n')}`);
}
