import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { LockoutBackoff } from '../../config/config.js';
import { createLimiter, type RateLimitStore } from './rate-limit-store.js';

/** How long an account's lockout still makes its next one longer, after the lockout ends. */
const REMEMBERED_SECONDS = 86400;

/**
 * Growing lockouts of an account whose failures from all addresses together
 * reached the per-account limit: the first lasts `firstSeconds`, each next
 * one twice the last, up to `maxSeconds` (OWASP's authentication guidance:
 * exponential back-off instead of one fixed lockout, so that a distributed
 * guesser slows down more and more while the owner's wait stays short after
 * a one-off). The lockout is the per-account limiter's own `block`; how many
 * lockouts came recently is kept in the same store, under its own prefix.
 */
export class AccountLockouts {
  readonly #recent: RateLimiterAbstract;

  constructor(
    store: RateLimitStore,
    private readonly backoff: LockoutBackoff,
  ) {
    // Only get and set are used: the limit itself never applies.
    this.#recent = createLimiter(store, { points: 1, seconds: REMEMBERED_SECONDS }, 'login-lockouts');
  }

  /** Blocks `key` on `limiter` for the next lockout's length, in seconds, which it returns. */
  async lock(limiter: RateLimiterAbstract, key: string): Promise<number> {
    const earlier = (await this.#recent.get(key))?.consumedPoints ?? 0;
    const seconds = Math.min(this.backoff.firstSeconds * 2 ** earlier, this.backoff.maxSeconds);
    await this.#recent.set(key, earlier + 1, seconds + REMEMBERED_SECONDS);
    await limiter.block(key, seconds);
    return seconds;
  }
}
