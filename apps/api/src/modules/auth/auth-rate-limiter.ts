import type pg from 'pg';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { RateLimit } from '../../config/config.js';
import { RateLimitedError } from '../../errors.js';

export interface AuthLimits {
  loginPerIp: RateLimit;
  loginPerAccount: RateLimit;
  registerPerIp: RateLimit;
  registerPerAccount: RateLimit;
}

/**
 * Where the counters live. In memory for one process (SQLite); in the
 * `rate_limits` table (migration 003) when several Hostbay processes share a
 * PostgreSQL database, so that spreading attempts over them gains nothing.
 */
export type RateLimitStore = { kind: 'memory' } | { kind: 'postgres'; pool: pg.Pool };

function limiter(store: RateLimitStore, limit: RateLimit, keyPrefix: string): RateLimiterAbstract {
  const options = { points: limit.points, duration: limit.seconds, keyPrefix };
  if (store.kind === 'memory') return new RateLimiterMemory(options);
  return new RateLimiterPostgres({
    ...options,
    storeClient: store.pool,
    storeType: 'pool',
    tableName: 'rate_limits',
    tableCreated: true,
  });
}

function retryAfter(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/**
 * Brute-force and sign-up abuse limits. Every login attempt counts against
 * the client address; only failed ones count against the account, so a
 * person logging in normally is never locked out by their own successes.
 * Counters are shared by every process on one PostgreSQL (see RateLimitStore).
 */
export class AuthRateLimiter {
  readonly #loginIp: RateLimiterAbstract;
  readonly #loginAccount: RateLimiterAbstract;
  readonly #registerIp: RateLimiterAbstract;
  readonly #registerAccount: RateLimiterAbstract;

  constructor(limits: AuthLimits, store: RateLimitStore = { kind: 'memory' }) {
    this.#loginIp = limiter(store, limits.loginPerIp, 'login-ip');
    this.#loginAccount = limiter(store, limits.loginPerAccount, 'login-account');
    this.#registerIp = limiter(store, limits.registerPerIp, 'register-ip');
    this.#registerAccount = limiter(store, limits.registerPerAccount, 'register-account');
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

async function consume(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new RateLimitedError(retryAfter(error));
    throw error;
  }
}
