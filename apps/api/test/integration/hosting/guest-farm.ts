import http from 'node:http';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import type { HostingStore } from '../../../src/modules/hosting/hosting.ports.js';
import type { VmService } from '../../../src/modules/vm/vm.service.js';

interface Guest {
  web: http.Server;
  ssh: net.Server;
  serial: SerialLine | undefined;
}

interface SerialLine {
  server: net.Server;
  clients: Set<net.Socket>;
}

/**
 * Stands in for the guests' forwarded ports while libvirt's test driver runs
 * the "VMs": whenever the driver says a hosting's domain is running, its web
 * port answers 200 with the user's page and its SSH port sends a banner, as a
 * booted guest does through QEMU's forwarding; when the domain stops, they close.
 * The SSH port is the row's vm_ssh_port, or for a direct hosting (none) its
 * public ssh_port, where QEMU itself would listen. Where Hostbay gives machines
 * a serial line socket, a guest listens there as QEMU does (one client at a
 * time) and answers as a shell on a serial line would: it echoes what is typed
 * and answers `hostname` with `<username>-machine`.
 */
export class GuestFarm {
  readonly #guests = new Map<string, Guest>();
  #timer: NodeJS.Timeout | undefined;
  /** Hostings whose guest must never come up (to make wait_guest time out). */
  readonly broken = new Set<string>();

  constructor(
    private readonly hostings: HostingStore,
    private readonly vm: VmService,
  ) {}

  start(): void {
    this.#timer = setInterval(() => void this.tick().catch(() => undefined), 100);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await Promise.all([...this.#guests.keys()].map((id) => this.close(id)));
  }

  private async tick(): Promise<void> {
    const rows = await this.hostings.listActive();
    const seen = new Set<string>();
    for (const row of rows) {
      const sshPort = row.vmSshPort ?? row.sshPort;
      if (row.webPort === null || sshPort === null) continue;
      // A failed lookup leaves this guest as it is and must not hold up the guests of the others.
      const state = await this.vm.getVmState(row.id).catch(() => 'unknown' as const);
      if (state === 'unknown') {
        if (this.#guests.has(row.id)) seen.add(row.id);
        continue;
      }
      const running = state === 'running' && !this.broken.has(row.id);
      if (running) seen.add(row.id);
      if (running && !this.#guests.has(row.id)) await this.open(row.id, row.username, row.webPort, sshPort);
    }
    for (const id of this.#guests.keys()) if (!seen.has(id)) await this.close(id);
  }

  private async open(id: string, username: string, webPort: number, sshPort: number): Promise<void> {
    const web = http.createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<h1>Welcome, ${username}!</h1>`),
    );
    const ssh = net.createServer((socket) => socket.end('SSH-2.0-OpenSSH_9.2p1 Debian\r\n'));
    const socketPath = this.vm.consoleSocket(id);
    const serial = socketPath === undefined ? undefined : serialLine(username);
    this.#guests.set(id, { web, ssh, serial });
    try {
      await Promise.all([
        new Promise<void>((resolve, reject) => web.once('error', reject).listen(webPort, '127.0.0.1', () => resolve())),
        new Promise<void>((resolve, reject) => ssh.once('error', reject).listen(sshPort, '127.0.0.1', () => resolve())),
        serial &&
          socketPath &&
          rm(socketPath, { force: true }).then(
            () =>
              new Promise<void>((resolve, reject) =>
                serial.server.once('error', reject).listen(socketPath, () => resolve()),
              ),
          ),
      ]);
    } catch {
      // The port's previous holder (a guest of a hosting just deleted) has not closed yet: retry next tick.
      await this.close(id);
    }
  }

  private async close(id: string): Promise<void> {
    const guest = this.#guests.get(id);
    if (!guest) return;
    this.#guests.delete(id);
    guest.web.closeAllConnections();
    await Promise.all([
      new Promise((r) => guest.web.close(r)),
      new Promise((r) => guest.ssh.close(r)),
      guest.serial && closeSerial(guest.serial),
    ]);
  }
}

/** A serial line with a shell on it: one client at a time (QEMU's socket), echo, and `hostname`. */
function serialLine(username: string): SerialLine {
  const clients = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    clients.add(socket);
    socket.on('close', () => clients.delete(socket));
    // The console leaving mid-write is a client closing, as QEMU sees it.
    socket.on('error', () => undefined);
    let typed = '';
    socket.on('data', (chunk) => {
      for (const char of chunk.toString()) {
        if (char !== '\r') {
          typed += char;
          socket.write(char);
          continue;
        }
        socket.write(typed.trim() === 'hostname' ? `\r\n${username}-machine\r\n$ ` : '\r\n$ ');
        typed = '';
      }
    });
  });
  server.maxConnections = 1;
  return { server, clients };
}

/** The machine stops: its QEMU goes, and with it the line's client (the console sees its socket close). */
async function closeSerial(serial: SerialLine): Promise<void> {
  for (const client of serial.clients) client.destroy();
  await new Promise((r) => serial.server.close(r));
}
