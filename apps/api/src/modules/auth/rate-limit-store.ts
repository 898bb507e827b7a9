import { createHash } from 'node:crypto';
import type pg from 'pg';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { RateLimit } from '../../config/config.js';
import { RateLimitedError } from '../../errors.js';

/**
 * Where the counters live. In memory for one process (SQLite); in the
 * `rate_limits` table (migration 003) when several Hostbay processes share a
 * PostgreSQL database, so that spreading attempts over them gains nothing.
 */
export type RateLimitStore = { kind: 'memory' } | { kind: 'postgres'; pool: pg.Pool };

export function createLimiter(store: RateLimitStore, limit: RateLimit, keyPrefix: string): RateLimiterAbstract {
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

/**
 * The key of an email or username in the counters: a hash, so that every key
 * fits the table's varchar(255) (an email may be 320 characters, and a
 * longer key made PostgreSQL fail the request) and the table keeps no
 * addresses.
 */
export function accountKey(kind: 'email' | 'username', name: string): string {
  return createHash('sha256').update(`${kind}:${name.trim().toLowerCase()}`).digest('hex');
}

export function retryAfterSeconds(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/** Takes one point, or refuses with RateLimitedError; the limiter counts the refused point too. */
export async function consume(limiter: RateLimiterAbstract, key: string): Promise<RateLimiterRes> {
  try {
    return await limiter.consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new RateLimitedError(retryAfterSeconds(error));
    throw error;
  }
}
