import { LibvirtDaemon } from '../../../src/adapters/libvirt/libvirt-daemon.js';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProcessRunner, RunOptions, RunResult } from '../../../src/adapters/process/process-runner.js';

/**
 * A libvirtd of the test's own, for bridge mode: it lives in a network
 * namespace the test creates (`ip netns add`) and in a private mount
 * namespace with tmpfs on /run and scratch folders bind-mounted over
 * libvirt's state and configuration. The bridges, dnsmasq, firewall rules
 * and QEMU processes it starts therefore exist only in that namespace; the
 * host's own libvirtd (same binaries, other sockets) is not touched.
 */
export interface PrivateLibvirt {
  /** The network namespace, `hb-test-<random>`. */
  netns: string;
  /** A program that runs `virsh` inside both namespaces: VirshSession's `virshPath`. */
  virshPath: string;
  /** Runs a command inside the network namespace (`ip netns exec`), e.g. curl or ip. */
  inNetns(command: readonly string[], options?: RunOptions): Promise<RunResult>;
  /** The libvirtd log, for failure messages. */
  log(): Promise<string>;
  /** Kills every process in the namespace, deletes it and the scratch folder. Safe to call twice. */
  stop(): Promise<void>;
}

/** What the private libvirtd needs, and the Debian package that brings it. */
const PREREQUISITES: readonly { file: string; debian: string }[] = [
  { file: '/usr/sbin/libvirtd', debian: 'libvirt-daemon' },
  { file: '/usr/sbin/virtlogd', debian: 'libvirt-daemon' },
  { file: '/usr/bin/virsh', debian: 'libvirt-clients' },
  // libvirt runs a dnsmasq for every network with an address, even without DHCP.
  { file: '/usr/sbin/dnsmasq', debian: 'dnsmasq-base' },
  // The network driver's firewall rules, and the ebtables rules of nwfilter (ebtables-nft).
  { file: '/usr/sbin/iptables', debian: 'iptables' },
  { file: '/usr/sbin/ebtables', debian: 'iptables' },
  // libvirt's built-in filters, clean-traffic among them, as the package ships them.
  { file: '/usr/share/libvirt/nwfilter/clean-traffic.xml', debian: 'libvirt-daemon-config-nwfilter' },
  { file: '/usr/bin/nsenter', debian: 'util-linux' },
  { file: '/usr/bin/unshare', debian: 'util-linux' },
  { file: '/usr/bin/curl', debian: 'curl' },
];

/** Fails with one message naming every missing piece, so nothing is skipped silently. */
export async function checkPrerequisites(): Promise<void> {
  const missing: string[] = [];
  for (const { file, debian } of PREREQUISITES) {
    try {
      await access(file);
    } catch {
      missing.push(`${file} (Debian package ${debian})`);
    }
  }
  if (process.getuid?.() !== 0) missing.push('root (network and mount namespaces need it)');
  if (missing.length > 0) throw new Error(`The bridge-mode test cannot run here; missing: ${missing.join(', ')}`);
}

/** The mount points the private libvirtd gets its own copies of. */
const PRIVATE_DIRS = ['/var/lib/libvirt', '/etc/libvirt', '/var/log/libvirt', '/var/cache/libvirt'] as const;

export async function startPrivateLibvirt(runner: ProcessRunner): Promise<PrivateLibvirt> {
  await checkPrerequisites();
  // What Hostbay sets up before it starts libvirtd on a host that has never run it (the `libvirt-qemu`
  // account QEMU's driver insists on, qemu.conf's user): the private daemon copies the host's setup.
  await new LibvirtDaemon(runner, 'qemu:///system').ensureRunning();
  const netns = `hb-test-${randomBytes(4).toString('hex')}`;
  const scratch = await mkdtemp(path.join(tmpdir(), 'hostbay-netns-'));
  let holder: number | undefined;
  let stopped = false;

  const inNetns = (command: readonly string[], options: RunOptions = {}) =>
    runner.run(['ip', 'netns', 'exec', netns, ...command], { timeoutMs: 30_000, ...options });
  /** Runs inside both namespaces: the holder's mounts and the test's network. */
  const inside = (command: readonly string[]) => {
    if (holder === undefined) throw new Error('the namespace holder is not running');
    return runner.runChecked(
      ['nsenter', `--net=/run/netns/${netns}`, `--mount=/proc/${holder}/ns/mnt`, '--', ...command],
      { timeoutMs: 30_000 },
    );
  };

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    const problems: unknown[] = [];
    // Every process in the namespace is one this test started (the namespace is new):
    // libvirtd, virtlogd, dnsmasq, QEMU and the holder. Their mounts go with the last one.
    await killNamespaceProcesses(runner, netns).catch((error: unknown) => problems.push(error));
    if (holder !== undefined) killQuietly(holder, 'SIGKILL');
    const deleted = await runner.run(['ip', 'netns', 'delete', netns]);
    if (deleted.exitCode !== 0 && !/No such file/.test(deleted.stderr)) {
      problems.push(new Error(`ip netns delete ${netns}: ${deleted.stderr.trim()}`));
    }
    await rm(scratch, { recursive: true, force: true }).catch((error: unknown) => problems.push(error));
    if (problems.length > 0) throw new AggregateError(problems, `tearing down ${netns} failed`);
  };

  try {
    await runner.runChecked(['ip', 'netns', 'add', netns]);
    await runner.runChecked(['ip', '-n', netns, 'link', 'set', 'lo', 'up']);
    const sources = await prepareScratch(scratch);
    holder = await startHolder(netns);
    // Everything below happens in the holder's mount namespace only (private propagation).
    await inside(['mount', '-t', 'tmpfs', '-o', 'mode=0755', 'tmpfs', '/run']);
    for (const dir of PRIVATE_DIRS) {
      // A fresh host may not have them yet (libvirtd makes them on its first start): an empty
      // folder is what the package would leave, and the bind hides it from this namespace anyway.
      await inside(['mkdir', '-p', dir]);
      await inside(['mount', '--bind', sources[dir], dir]);
    }
    // No upstream name servers: dnsmasq has nothing to forward to (there is no route out anyway).
    await inside(['mount', '--bind', path.join(scratch, 'resolv.conf'), '/etc/resolv.conf']);
    await inside(['virtlogd', '-d']);
    await inside(['libvirtd', '-d']);

    const virshPath = path.join(scratch, 'virsh-in-netns');
    // Only a hex name and a pid are spliced in; virsh's own arguments pass through "$@".
    await writeFile(
      virshPath,
      `#!/bin/sh\nexec nsenter --net=/run/netns/${netns} --mount=/proc/${holder}/ns/mnt -- virsh "$@"\n`,
      { mode: 0o700 },
    );
    const started: PrivateLibvirt = {
      netns,
      virshPath,
      inNetns,
      log: () => readLog(path.join(scratch, 'log/libvirtd.log')),
      stop,
    };
    await waitForFilters(runner, virshPath, started.log);
    return started;
  } catch (error) {
    await stop().catch((cleanup: unknown) => {
      throw new AggregateError([error, cleanup], `starting the private libvirtd failed, and so did its cleanup`);
    });
    throw error;
  }
}

/** Scratch copies of libvirt's folders: the host's qemu.conf (how QEMU runs here) and the packaged filters. */
async function prepareScratch(scratch: string): Promise<Record<(typeof PRIVATE_DIRS)[number], string>> {
  // QEMU may run as libvirt-qemu (per qemu.conf): it must traverse to the VM files below.
  await chmod(scratch, 0o711);
  const sources = {
    '/var/lib/libvirt': path.join(scratch, 'lib'),
    '/etc/libvirt': path.join(scratch, 'etc'),
    '/var/log/libvirt': path.join(scratch, 'log'),
    '/var/cache/libvirt': path.join(scratch, 'cache'),
  };
  for (const dir of Object.values(sources)) await mkdir(dir, { mode: 0o755 });
  await mkdir(path.join(sources['/etc/libvirt'], 'nwfilter'));
  for (const name of await readdir('/usr/share/libvirt/nwfilter')) {
    if (name.endsWith('.xml')) {
      await copyFile(
        path.join('/usr/share/libvirt/nwfilter', name),
        path.join(sources['/etc/libvirt'], 'nwfilter', name),
      );
    }
  }
  for (const name of ['qemu.conf', 'libvirt.conf']) {
    await copyFile(path.join('/etc/libvirt', name), path.join(sources['/etc/libvirt'], name)).catch(
      (error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      },
    );
  }
  // libvirtd logs into its (private) /var/log/libvirt, readable here after a failure.
  await writeFile(
    path.join(sources['/etc/libvirt'], 'libvirtd.conf'),
    'log_outputs = "2:file:/var/log/libvirt/libvirtd.log"\n',
  );
  await writeFile(path.join(scratch, 'resolv.conf'), '');
  return sources;
}

/**
 * `sleep infinity` in the network namespace and a new private mount
 * namespace; it keeps that mount namespace alive between commands, and its
 * /proc/<pid>/ns/mnt is how later commands enter it. `ip netns exec` and
 * `unshare` (without --fork) exec in place, so the spawned pid is sleep's.
 * `ip netns exec` makes a mount namespace of its own first: only once the
 * pid runs `sleep` has unshare made the private one the mounts must go into.
 */
async function startHolder(netns: string): Promise<number> {
  const child = spawn(
    'ip',
    ['netns', 'exec', netns, 'unshare', '-m', '--propagation', 'private', 'sleep', 'infinity'],
    {
      stdio: 'ignore',
    },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start the namespace holder');
  child.unref();
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the namespace holder exited with ${child.exitCode}`);
    const program = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
    if (program.trim() === 'sleep') return pid;
    await sleep(20);
  }
  killQuietly(pid, 'SIGKILL');
  throw new Error('the namespace holder did not start within 10 s');
}

/** libvirtd -d returns before its drivers are up; wait until the nwfilter driver has loaded clean-traffic. */
async function waitForFilters(runner: ProcessRunner, virshPath: string, log: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last = '';
  while (Date.now() < deadline) {
    const result = await runner.run([virshPath, '-c', 'qemu:///system', 'nwfilter-list'], { timeoutMs: 10_000 });
    if (result.exitCode === 0 && /\sclean-traffic\s*$/m.test(result.stdout)) return;
    last = (result.stderr || result.stdout).trim();
    await sleep(250);
  }
  throw new Error(`the private libvirtd has no clean-traffic filter after 30 s: ${last}\n${await log()}`);
}

async function killNamespaceProcesses(runner: ProcessRunner, netns: string): Promise<void> {
  const pids = async () =>
    (await runner.run(['ip', 'netns', 'pids', netns])).stdout
      .split('\n')
      .map(Number)
      .filter((pid) => Number.isInteger(pid) && pid > 0);
  for (const pid of await pids()) killQuietly(pid, 'SIGTERM');
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && (await pids()).length > 0) await sleep(100);
  for (const pid of await pids()) killQuietly(pid, 'SIGKILL');
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    // Already gone: that is what we wanted.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

async function readLog(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).split('\n').slice(-40).join('\n');
  } catch (error) {
    return `(no libvirtd log: ${(error as Error).message})`;
  }
}
