import type { Hosting, HostingStreamEndReason } from '@hostbay/contract/hosting';
import { RateLimitedError } from '../../errors.js';
import type { UserRecord } from '../users/user.repository.js';
import type { HostingEvents } from './hosting-events.js';

/** Where an open stream's events go: the HTTP layer writes them as server-sent events. */
export interface HostingStreamSink {
  hosting(hosting: Hosting | null): void;
  /** Nothing changed; keeps proxies from closing an idle connection. */
  keepAlive(): void;
  /** The server ends the stream: say why, then close the connection. */
  end(reason: HostingStreamEndReason): void;
}

export interface HostingEventStreamsDeps {
  hostings: { findHosting(user: UserRecord): Promise<Hosting | null> };
  events: HostingEvents;
  /** Whether the account may still use Hostbay (AuthService.activeUser: the one place that decides). */
  activeUser(userId: string): Promise<UserRecord | undefined>;
  /** How many streams one user may hold open at once (HOSTBAY_EVENT_STREAMS_PER_USER). */
  perUser: number;
  log: { warn(detail: object, message: string): void };
  timings?: Partial<StreamTimings>;
}

export interface StreamTimings {
  /** Re-read the hosting even without a local notice, so changes made by another Hostbay process arrive too. */
  recheckMs: number;
  /** A comment this often keeps proxies from closing an idle stream. */
  heartbeatMs: number;
  /** How often an open stream asks whether its account may still use Hostbay. */
  accountCheckMs: number;
}

const DEFAULT_TIMINGS: StreamTimings = { recheckMs: 2000, heartbeatMs: 15_000, accountCheckMs: 5000 };

/**
 * What a refused stream is told to wait: streams free up when a tab closes, at no
 * time the server knows, so this only paces a client that retries.
 */
export const STREAM_RETRY_AFTER_SECONDS = 10;

/** setTimeout fires at once beyond this (about 24.8 days); a token may live 30. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * The live-update streams of GET /hosting/my/events: at most `perUser` open per
 * user (in this process), each ended when its token expires or its account may
 * no longer use Hostbay. One token once held thousands open, past its expiry,
 * until nginx ran out of connections.
 */
export class HostingEventStreams {
  readonly #openByUser = new Map<string, number>();
  readonly #timings: StreamTimings;

  constructor(private readonly deps: HostingEventStreamsDeps) {
    this.#timings = { ...DEFAULT_TIMINGS, ...deps.timings };
  }

  /**
   * Takes one of the user's stream slots, or throws RateLimitedError when all are taken.
   * The stream sends nothing until `start`; `close` gives the slot back.
   */
  open(user: UserRecord, expiresAt: number): HostingEventStream {
    const open = this.#openByUser.get(user.id) ?? 0;
    if (open >= this.deps.perUser) {
      throw new RateLimitedError(
        STREAM_RETRY_AFTER_SECONDS,
        `You have ${this.deps.perUser} live update streams open already (one per dashboard tab). ` +
          `Close one, or try again in ${STREAM_RETRY_AFTER_SECONDS} seconds.`,
      );
    }
    this.#openByUser.set(user.id, open + 1);
    return new HostingEventStream(user, expiresAt, this.deps, this.#timings, () => this.#release(user.id));
  }

  #release(userId: string): void {
    const open = (this.#openByUser.get(userId) ?? 1) - 1;
    if (open > 0) this.#openByUser.set(userId, open);
    else this.#openByUser.delete(userId);
  }
}

/** One open stream: the hosting whenever what its owner would see changes, until it ends. */
export class HostingEventStream {
  #sink: HostingStreamSink | undefined;
  #closed = false;
  #last = '';
  #sending = false;
  #pending = false;
  readonly #stops: (() => void)[] = [];

  constructor(
    private readonly user: UserRecord,
    private readonly expiresAt: number,
    private readonly deps: HostingEventStreamsDeps,
    private readonly timings: StreamTimings,
    private readonly release: () => void,
  ) {}

  /** Sends the hosting as it is now, then every change, until the token expires or the account goes. */
  async start(sink: HostingStreamSink): Promise<void> {
    if (this.#closed || this.#sink) return;
    this.#sink = sink;
    this.#stops.push(this.deps.events.subscribe(this.user.id, () => void this.#send()));
    this.#every(this.timings.recheckMs, () => void this.#send());
    this.#every(this.timings.heartbeatMs, () => sink.keepAlive());
    this.#every(this.timings.accountCheckMs, () => void this.#checkAccount());
    this.#atExpiry();
    await this.#send();
  }

  /** Stops every timer and gives the slot back; safe to call more than once (the client may leave first). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const stop of this.#stops) stop();
    this.release();
  }

  #end(reason: HostingStreamEndReason): void {
    if (this.#closed) return;
    this.#sink?.end(reason);
    this.close();
  }

  #every(ms: number, tick: () => void): void {
    const timer = setInterval(tick, ms);
    this.#stops.push(() => clearInterval(timer));
  }

  /** A timer for the very moment of `exp`, not the next tick of some interval. */
  #atExpiry(): void {
    const left = this.expiresAt - Date.now();
    if (left <= 0) return this.#end('session_expired');
    const timer = setTimeout(() => this.#atExpiry(), Math.min(left, LONGEST_TIMER_MS));
    this.#stops.push(() => clearTimeout(timer));
  }

  async #checkAccount(): Promise<void> {
    try {
      const now = await this.deps.activeUser(this.user.id);
      // A changed token version (a new password) ends the session this stream was opened with.
      if (!now || now.tokenVersion !== this.user.tokenVersion) this.#end('account_unavailable');
    } catch (error) {
      // A database hiccup is no reason to drop the stream; the next check asks again.
      this.deps.log.warn({ err: error }, 'event stream account check failed');
    }
  }

  async #send(): Promise<void> {
    if (this.#sending) {
      this.#pending = true;
      return;
    }
    this.#sending = true;
    try {
      do {
        this.#pending = false;
        const hosting = await this.deps.hostings.findHosting(this.user);
        const payload = JSON.stringify(hosting);
        if (payload !== this.#last && !this.#closed) {
          this.#last = payload;
          this.#sink?.hosting(hosting);
        }
      } while (this.#pending && !this.#closed);
    } catch (error) {
      this.deps.log.warn({ err: error }, 'event stream read failed');
    } finally {
      this.#sending = false;
    }
  }
}
