import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimit } from '../../config/config.js';
import { RateLimitedError } from '../../errors.js';

export interface AuthLimits {
  loginPerIp: RateLimit;
  loginPerAccount: RateLimit;
  registerPerIp: RateLimit;
  registerPerAccount: RateLimit;
}

function limiter(limit: RateLimit, keyPrefix: string): RateLimiterMemory {
  return new RateLimiterMemory({ points: limit.points, duration: limit.seconds, keyPrefix });
}

function retryAfter(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/**
 * Brute-force and sign-up abuse limits. Every login attempt counts against
 * the client address; only failed ones count against the account, so a
 * person logging in normally is never locked out by their own successes.
 * Counters are per process (documented for multi-process deployments).
 */
export class AuthRateLimiter {
  readonly #loginIp: RateLimiterMemory;
  readonly #loginAccount: RateLimiterMemory;
  readonly #registerIp: RateLimiterMemory;
  readonly #registerAccount: RateLimiterMemory;

  constructor(limits: AuthLimits) {
    this.#loginIp = limiter(limits.loginPerIp, 'login-ip');
    this.#loginAccount = limiter(limits.loginPerAccount, 'login-account');
    this.#registerIp = limiter(limits.registerPerIp, 'register-ip');
    this.#registerAccount = limiter(limits.registerPerAccount, 'register-account');
  }

  /** Before a login: counts the attempt for the address, refuses when the address or the account is over its limit. */
  async beforeLogin(ip: string, account: string): Promise<void> {
    await consume(this.#loginIp, ip);
    const failures = await this.#loginAccount.get(account.toLowerCase());
    if (failures && failures.consumedPoints >= this.#loginAccount.points)
      throw new RateLimitedError(retryAfter(failures));
  }

  async loginFailed(account: string): Promise<void> {
    await this.#loginAccount.penalty(account.toLowerCase(), 1);
  }

  async loginSucceeded(account: string): Promise<void> {
    await this.#loginAccount.delete(account.toLowerCase());
  }

  async beforeRegister(ip: string, email: string, username: string): Promise<void> {
    await consume(this.#registerIp, ip);
    await consume(this.#registerAccount, `email:${email.toLowerCase()}`);
    await consume(this.#registerAccount, `username:${username.toLowerCase()}`);
  }
}

async function consume(limiter: RateLimiterMemory, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new RateLimitedError(retryAfter(error));
    throw error;
  }
}
