import { RateLimitedError } from '../../errors.js';

/**
 * How many password hashes each client address has in flight in this
 * process. Every bcrypt call waits in one queue (BcryptPasswordHasher), so
 * without this bound one address sending 60 logins at once made everyone
 * else's login wait behind 60 hashes (about 15 s on 2 cores). An address
 * past its bound is answered 429 at once instead of joining the queue. The
 * count is per process on purpose: each process has its own queue.
 */
export class HashSlots {
  readonly #inFlight = new Map<string, number>();

  constructor(private readonly perAddress: number) {}

  async run<T>(address: string, work: () => Promise<T>): Promise<T> {
    const held = this.#inFlight.get(address) ?? 0;
    // One second: a hash takes about 250 ms, so a slot is free again by then.
    if (held >= this.perAddress) throw new RateLimitedError(1);
    this.#inFlight.set(address, held + 1);
    try {
      return await work();
    } finally {
      const left = (this.#inFlight.get(address) ?? 1) - 1;
      if (left > 0) this.#inFlight.set(address, left);
      else this.#inFlight.delete(address);
    }
  }
}
