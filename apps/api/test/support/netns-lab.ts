import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { NodeProcessRunner, type RunOptions, type RunResult } from '../../src/adapters/process/process-runner.js';

const runner = new NodeProcessRunner();

/**
 * Network namespaces a test makes and removes: stand-ins for the host, the
 * outside and guests, linked by veth pairs and bridges. Every address a test
 * uses lives in one of them; nothing touches the root namespace's network.
 */
export class NetnsLab {
  readonly #tag = randomBytes(3).toString('hex');
  readonly #namespaces: string[] = [];
  readonly #servers: ChildProcess[] = [];

  /** A new namespace with loopback up; `name` is a short role (host, out, guest). */
  async namespace(role: string): Promise<string> {
    const name = `hbfw-${role}-${this.#tag}`;
    await runner.runChecked(['ip', 'netns', 'add', name]);
    this.#namespaces.push(name);
    await this.exec(name, ['ip', 'link', 'set', 'lo', 'up']);
    return name;
  }

  exec(ns: string, command: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    return runner.runChecked(['ip', 'netns', 'exec', ns, ...command], { timeoutMs: 30_000, ...options });
  }

  run(ns: string, command: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    return runner.run(['ip', 'netns', 'exec', ns, ...command], { timeoutMs: 30_000, ...options });
  }

  /** A veth pair between two namespaces, each end with its address (CIDR) and up. */
  async link(
    a: { ns: string; address: string },
    b: { ns: string; address: string },
  ): Promise<{ a: string; b: string }> {
    const id = randomBytes(2).toString('hex');
    const ends = { a: `va${id}`, b: `vb${id}` };
    await runner.runChecked([
      'ip',
      'link',
      'add',
      ends.a,
      'netns',
      a.ns,
      'type',
      'veth',
      'peer',
      'name',
      ends.b,
      'netns',
      b.ns,
    ]);
    for (const [ns, dev, address] of [
      [a.ns, ends.a, a.address],
      [b.ns, ends.b, b.address],
    ] as const) {
      if (address) await this.exec(ns, ['ip', 'addr', 'add', address, 'dev', dev]);
      await this.exec(ns, ['ip', 'link', 'set', dev, 'up']);
    }
    return ends;
  }

  /**
   * A veth pair from the root namespace into `ns`: the one way a test lets
   * the host's own processes (QEMU, Hostbay) reach an address of its own.
   * Both addresses are the test's; the link goes when the namespace does.
   */
  async linkToRoot(rootAddress: string, nsAddress: { ns: string; address: string }): Promise<void> {
    const id = randomBytes(2).toString('hex');
    const [rootEnd, nsEnd] = [`vr${id}`, `vn${id}`];
    await runner.runChecked([
      'ip',
      'link',
      'add',
      rootEnd,
      'type',
      'veth',
      'peer',
      'name',
      nsEnd,
      'netns',
      nsAddress.ns,
    ]);
    await runner.runChecked(['ip', 'addr', 'add', rootAddress, 'dev', rootEnd]);
    await runner.runChecked(['ip', 'link', 'set', rootEnd, 'up']);
    await this.exec(nsAddress.ns, ['ip', 'addr', 'add', nsAddress.address, 'dev', nsEnd]);
    await this.exec(nsAddress.ns, ['ip', 'link', 'set', nsEnd, 'up']);
  }

  /**
   * TCP listeners that answer `hello from <address>:<port>` and close, one
   * Node process per call (`root`: in the root namespace, on test addresses only). Resolves once all of them listen.
   */
  async listen(ns: string | 'root', endpoints: readonly { address: string; port: number }[]): Promise<void> {
    const script = `
      const net = require('node:net');
      const endpoints = JSON.parse(process.argv[1]);
      let waiting = endpoints.length;
      for (const { address, port } of endpoints) {
        net.createServer((socket) => socket.end('hello from ' + address + ':' + port + '\\n'))
          .listen(port, address, () => { if (--waiting === 0) console.log('listening'); });
      }`;
    const node = [process.execPath, '-e', script, JSON.stringify(endpoints)];
    const [program, ...args] = ns === 'root' ? node : ['ip', 'netns', 'exec', ns, ...node];
    const child = spawn(program!, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    this.#servers.push(child);
    await new Promise<void>((resolve, reject) => {
      child.stdout.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`listeners in ${ns} exited with ${code}`)));
    });
  }

  /**
   * Opens a TCP connection from `ns`, as `uid` when given (QEMU's sockets are
   * the guest account's), and says what came of it.
   */
  async connect(ns: string, address: string, port: number, uid?: number): Promise<'answered' | 'refused' | 'timeout'> {
    const as = uid === undefined ? [] : ['setpriv', `--reuid=${uid}`, '--regid=65534', '--clear-groups'];
    const target = address.includes(':') ? `[${address}]` : address;
    const result = await this.run(ns, [...as, 'curl', '-sS', '--max-time', '3', `telnet://${target}:${port}`], {
      input: '',
    });
    if (result.stdout.startsWith('hello from')) return 'answered';
    // curl: 7 = could not connect (a reset or an ICMP refusal), 28 = timed out.
    if (result.exitCode === 7) return 'refused';
    if (result.exitCode === 28) return 'timeout';
    throw new Error(`curl to ${address}:${port} from ${ns}: exit ${result.exitCode} ${result.stderr.trim()}`);
  }

  async close(): Promise<void> {
    for (const child of this.#servers) child.kill('SIGKILL');
    await sleep(50);
    for (const ns of this.#namespaces.reverse()) await runner.run(['ip', 'netns', 'delete', ns]);
  }
}
