import type { ConsoleTicket } from '@hostbay/contract/console';
import { NotFoundError } from '../../errors.js';
import type { HostingRecord } from '../hosting/hosting.types.js';
import type { UserRecord } from '../users/user.repository.js';
import { domainName } from '../vm/vm-names.js';
import type { GuestAgent } from '../vm/vm.ports.js';
import { ConsoleTickets } from './console-tickets.js';
import { MachineConsoleSession, type ConsoleSessionDeps, type TerminalSize } from './machine-console-session.js';
import {
  ConsoleTicketInvalidError,
  ConsoleUnavailableError,
  GuestAgentUnavailableError,
} from './machine-console.errors.js';
import { SerialLineUnavailableError, type SerialLines } from './machine-console.ports.js';

export interface MachineConsoleDeps {
  hostings: {
    findActiveByUser(userId: string): Promise<HostingRecord | undefined>;
    findById(id: string): Promise<HostingRecord | undefined>;
  };
  /** Where each machine's serial line listens (VmService.consoleSocket); undefined: a libvirt on another host. */
  socketOf(hostingId: string): string | undefined;
  lines: SerialLines;
  /** The guest agent (console password, terminal size); absent: a distro cloud image, which may have none. */
  agent: GuestAgent | undefined;
  /** Whether the account may still use Hostbay (AuthService.activeUser: the one place that decides). */
  activeUser(userId: string): Promise<UserRecord | undefined>;
  events: ConsoleSessionDeps['events'];
  log: ConsoleSessionDeps['log'];
  timings?: Partial<ConsoleTimings>;
}

export interface ConsoleTimings {
  /** How long a ticket may wait for its socket. */
  ticketTtlMs: number;
  /** How often an open console asks whether its account and hosting still allow it. */
  accountCheckMs: number;
}

const DEFAULT_TIMINGS: ConsoleTimings = { ticketTtlMs: 20_000, accountCheckMs: 5000 };

export const CONSOLE_SOCKET_PATH = '/api/v1/hosting/my/console/socket';

const NOT_RUNNING = 'Your machine is not running: start it, then open the console.';

/**
 * Members' browser consoles (docs/users.md, "The console"): tickets, the one
 * console each machine has at a time, and the machine account's password for
 * the console's login prompt.
 */
export class MachineConsoleService {
  readonly #tickets: ConsoleTickets;
  readonly #timings: ConsoleTimings;
  /** By hosting id: QEMU's serial socket takes one client, and so does Hostbay. */
  readonly #open = new Map<string, MachineConsoleSession>();

  constructor(private readonly deps: MachineConsoleDeps) {
    this.#timings = { ...DEFAULT_TIMINGS, ...deps.timings };
    this.#tickets = new ConsoleTickets(this.#timings.ticketTtlMs);
  }

  /** A single-use ticket for the socket of the member's running machine; `sessionExpiresAt`: when their login ends. */
  async issueTicket(user: UserRecord, sessionExpiresAt: number): Promise<ConsoleTicket> {
    const hosting = await this.#runningHostingOf(user);
    const { ticket, expiresAt } = this.#tickets.issue({
      userId: user.id,
      hostingId: hosting.id,
      tokenVersion: user.tokenVersion,
      sessionExpiresAt,
    });
    return {
      ticket,
      socket_path: `${CONSOLE_SOCKET_PATH}?ticket=${ticket}`,
      expires_at: new Date(expiresAt).toISOString(),
      login: hosting.username,
    };
  }

  /**
   * Takes the ticket and connects to the machine's serial line. A console open on the machine already is
   * ended (told `taken_over`) first. The session sends nothing until `attach`.
   */
  async connect(ticket: string): Promise<MachineConsoleSession> {
    const grant = this.#tickets.redeem(ticket);
    if (!grant) throw new ConsoleTicketInvalidError();
    const user = await this.deps.activeUser(grant.userId);
    if (!user || user.tokenVersion !== grant.tokenVersion) throw new ConsoleTicketInvalidError();
    const hosting = await this.deps.hostings.findById(grant.hostingId);
    if (!hosting || hosting.userId !== user.id || hosting.status !== 'RUNNING')
      throw new ConsoleUnavailableError(NOT_RUNNING);
    const socket = this.#socketOf(hosting);

    const previous = this.#open.get(hosting.id);
    if (previous) {
      previous.end('taken_over');
      await previous.closed();
    }
    let line;
    try {
      line = await this.deps.lines.connect(socket);
    } catch (error) {
      if (!(error instanceof SerialLineUnavailableError)) throw error;
      this.deps.log.warn({ err: error, hostingId: hosting.id }, 'console: nothing listens on the serial line');
      throw new ConsoleUnavailableError(
        'Your machine’s console does not answer. Machines made before this Hostbay had consoles get one when ' +
          'they are made again; otherwise restart the machine and try again.',
      );
    }
    const session: MachineConsoleSession = new MachineConsoleSession(
      grant,
      line,
      {
        hostings: this.deps.hostings,
        activeUser: this.deps.activeUser,
        events: this.deps.events,
        resize: (hostingId, size) => this.#resizeSerial(hostingId, size),
        log: this.deps.log,
      },
      this.#timings.accountCheckMs,
      () => {
        if (this.#open.get(hosting.id) === session) this.#open.delete(hosting.id);
      },
    );
    this.#open.set(hosting.id, session);
    return session;
  }

  /**
   * Sets the password of the machine's own account (the member's username) through the guest agent, for the
   * console's login prompt: a hosting made with an SSH key only has none.
   */
  async setPassword(user: UserRecord, password: string): Promise<void> {
    const hosting = await this.#runningHostingOf(user);
    const agent = this.#agent();
    const domain = domainName(hosting.id);
    if (!(await agent.ping(domain, 5000))) throw new GuestAgentUnavailableError();
    // chpasswd reads `name:password` lines from its input, which travels base64-encoded: nothing is parsed by a shell.
    const result = await agent.run(domain, ['/usr/sbin/chpasswd'], {
      stdin: `${hosting.username}:${password}\n`,
      timeoutMs: 15_000,
    });
    if (result.exitCode !== 0)
      throw new Error(`chpasswd in ${domain} exited with ${result.exitCode}: ${result.stderr}`);
  }

  /** Ends every console (Hostbay stops): each is told, so the dashboard offers to connect again. */
  stop(): void {
    for (const session of this.#open.values()) session.end('server_stopping');
  }

  async #runningHostingOf(user: UserRecord): Promise<HostingRecord> {
    const hosting = await this.deps.hostings.findActiveByUser(user.id);
    if (!hosting) throw new NotFoundError('You have no hosting.');
    if (hosting.status !== 'RUNNING') throw new ConsoleUnavailableError(NOT_RUNNING);
    this.#socketOf(hosting);
    return hosting;
  }

  #socketOf(hosting: HostingRecord): string {
    const socket = this.deps.socketOf(hosting.id);
    if (socket === undefined) {
      throw new ConsoleUnavailableError(
        'This Hostbay runs machines on another server, whose consoles it cannot reach. Use SSH, or ask the operator.',
      );
    }
    return socket;
  }

  #agent(): GuestAgent {
    if (!this.deps.agent) {
      throw new ConsoleUnavailableError(
        'Machines on this Hostbay have no guest agent, so a console password cannot be set from here.',
      );
    }
    return this.deps.agent;
  }

  /** stty on the guest's side of the line: the shell learns the new size (SIGWINCH) as in a terminal window. */
  async #resizeSerial(hostingId: string, size: TerminalSize): Promise<void> {
    if (!this.deps.agent) return;
    await this.deps.agent.run(
      domainName(hostingId),
      ['/usr/bin/stty', '-F', '/dev/ttyS0', 'rows', String(size.rows), 'cols', String(size.cols)],
      { timeoutMs: 5000 },
    );
  }
}
