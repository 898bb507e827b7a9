import type { ConsoleEndReason } from '@hostbay/contract/console';
import type { HostingRecord } from '../hosting/hosting.types.js';
import type { UserRecord } from '../users/user.repository.js';
import type { TicketGrant } from './console-tickets.js';
import type { SerialLine } from './machine-console.ports.js';

/** Where a console's traffic goes: the HTTP layer writes it to the WebSocket. */
export interface ConsoleSink {
  /** Connected to the serial line. */
  ready(): void;
  /** Bytes the guest wrote. */
  output(chunk: Buffer): void;
  /** The server ends the console: say why, then close the socket. */
  end(reason: ConsoleEndReason): void;
}

export interface ConsoleSessionDeps {
  hostings: { findById(id: string): Promise<HostingRecord | undefined> };
  activeUser(userId: string): Promise<UserRecord | undefined>;
  events: { subscribe(userId: string, listener: () => void): () => void };
  /** Tells the guest's serial line its new size (stty through the guest agent). */
  resize(hostingId: string, size: TerminalSize): Promise<void>;
  log: { warn(detail: object, message: string): void };
}

export interface TerminalSize {
  cols: number;
  rows: number;
}

/** setTimeout fires at once beyond this (about 24.8 days); a login may last 30. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * One member's console on one machine: the serial line joined to a WebSocket
 * until one side leaves, another console takes over, the login expires, the
 * account may no longer use Hostbay (suspended, deleted, new password) or the
 * hosting stops being a running machine of theirs.
 */
export class MachineConsoleSession {
  #sink: ConsoleSink | undefined;
  #ended = false;
  readonly #stops: (() => void)[] = [];
  readonly #closed: Promise<void>;
  #resizing = false;
  #nextSize: TerminalSize | undefined;

  constructor(
    readonly grant: TicketGrant,
    private readonly line: SerialLine,
    private readonly deps: ConsoleSessionDeps,
    private readonly accountCheckMs: number,
    onClosed: () => void,
  ) {
    this.#closed = new Promise((resolve) => {
      line.onClose(() => {
        // The machine stopped under the console (QEMU exits, its socket closes).
        this.end('hosting_unavailable');
        onClosed();
        resolve();
      });
    });
  }

  /** Starts joining the line to the sink, and the watches that end it. */
  attach(sink: ConsoleSink): void {
    if (this.#ended || this.#sink) return;
    this.#sink = sink;
    this.line.onData((chunk) => sink.output(chunk));
    this.#stops.push(this.deps.events.subscribe(this.grant.userId, () => void this.#checkHosting()));
    const timer = setInterval(() => void this.#check(), this.accountCheckMs);
    this.#stops.push(() => clearInterval(timer));
    this.#atExpiry();
    sink.ready();
    // A new console sees a prompt at once: the login prompt (or the shell) is drawn again by an Enter.
    this.line.write('\r');
  }

  input(data: string): void {
    if (!this.#ended) this.line.write(data);
  }

  /** Sizes arrive as fast as a window is dragged; only the latest waits while one is applied. */
  resize(size: TerminalSize): void {
    if (this.#ended) return;
    this.#nextSize = size;
    if (!this.#resizing) void this.#applySizes();
  }

  /** The server ends the console (taken over, logged out, stopped): the sink says why, the line is let go. */
  end(reason: ConsoleEndReason): void {
    if (this.#ended) return;
    this.#ended = true;
    for (const stop of this.#stops) stop();
    this.#sink?.end(reason);
    this.line.close();
  }

  /** The client left: the line is let go without a word. */
  close(): void {
    if (this.#ended) return;
    this.#ended = true;
    for (const stop of this.#stops) stop();
    this.line.close();
  }

  /** Resolves when the serial line is let go: QEMU accepts the next console only then. */
  closed(): Promise<void> {
    return this.#closed;
  }

  async #applySizes(): Promise<void> {
    this.#resizing = true;
    try {
      while (this.#nextSize && !this.#ended) {
        const size = this.#nextSize;
        this.#nextSize = undefined;
        await this.deps.resize(this.grant.hostingId, size).catch((error: unknown) => {
          // The terminal still works at its old size: a guest without its agent just wraps lines early.
          this.deps.log.warn({ err: error, hostingId: this.grant.hostingId }, 'console resize failed');
        });
      }
    } finally {
      this.#resizing = false;
    }
  }

  /** A timer for the very moment the login ends, not the next tick of some interval. */
  #atExpiry(): void {
    const left = this.grant.sessionExpiresAt - Date.now();
    if (left <= 0) return this.end('session_expired');
    const timer = setTimeout(() => this.#atExpiry(), Math.min(left, LONGEST_TIMER_MS));
    this.#stops.push(() => clearTimeout(timer));
  }

  async #check(): Promise<void> {
    await this.#checkAccount();
    await this.#checkHosting();
  }

  async #checkAccount(): Promise<void> {
    try {
      const user = await this.deps.activeUser(this.grant.userId);
      // A changed token version (a new password) ends the login this console was opened with.
      if (!user || user.tokenVersion !== this.grant.tokenVersion) this.end('account_unavailable');
    } catch (error) {
      // A database hiccup is no reason to cut a console; the next check asks again.
      this.deps.log.warn({ err: error }, 'console account check failed');
    }
  }

  async #checkHosting(): Promise<void> {
    if (this.#ended) return;
    try {
      const hosting = await this.deps.hostings.findById(this.grant.hostingId);
      if (!hosting || hosting.userId !== this.grant.userId || hosting.status !== 'RUNNING')
        this.end('hosting_unavailable');
    } catch (error) {
      this.deps.log.warn({ err: error }, 'console hosting check failed');
    }
  }
}
