import { randomBytes } from 'node:crypto';

/** What a ticket stands for: one member's session, for one hosting. */
export interface TicketGrant {
  userId: string;
  hostingId: string;
  /** The account's token version when the ticket was given: a new password ends the session it came from. */
  tokenVersion: number;
  /** When the member's login ends (epoch ms): the console ends with it. */
  sessionExpiresAt: number;
}

interface Issued extends TicketGrant {
  expiresAt: number;
}

/**
 * Single-use tickets for opening a console's WebSocket. A browser cannot put
 * the session token in a WebSocket's headers, and a token in a URL lands in
 * logs and histories; a ticket there is worth nothing after its first use or
 * a few seconds. Kept in this process's memory: the API that gave it is the
 * one that takes the socket.
 */
export class ConsoleTickets {
  readonly #issued = new Map<string, Issued>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  issue(grant: TicketGrant): { ticket: string; expiresAt: number } {
    this.#sweep();
    const ticket = randomBytes(32).toString('base64url');
    const expiresAt = this.now() + this.ttlMs;
    this.#issued.set(ticket, { ...grant, expiresAt });
    return { ticket, expiresAt };
  }

  /** The ticket's grant, once: it is gone after this call whatever the answer. Undefined when unknown or expired. */
  redeem(ticket: string): TicketGrant | undefined {
    const issued = this.#issued.get(ticket);
    this.#issued.delete(ticket);
    if (!issued || issued.expiresAt <= this.now()) return undefined;
    const { expiresAt: _expiresAt, ...grant } = issued;
    return grant;
  }

  /** Forgets expired tickets nobody used, so that asking and never connecting costs no memory. */
  #sweep(): void {
    const now = this.now();
    for (const [ticket, issued] of this.#issued) if (issued.expiresAt <= now) this.#issued.delete(ticket);
  }
}
