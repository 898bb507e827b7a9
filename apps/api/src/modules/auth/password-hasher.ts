import os from 'node:os';
import { compare, hash } from '@node-rs/bcrypt';
import pLimit, { type LimitFunction } from 'p-limit';

export const BCRYPT_COST = 12;
const BCRYPT_MAX_BYTES = 72;

/**
 * How many hashes or comparisons may run at once: one fewer than the cores,
 * at least one. bcrypt is pure CPU (about 250 ms at cost 12) and runs on
 * libuv's thread pool, 4 threads by default. Unbounded, a burst of logins
 * puts 4 hashing threads against the event loop on a 2-core machine, and
 * every other request (`/me`, the dashboard, health checks) waits behind
 * them. Worse, the same 4 threads also serve WebCrypto (jose's JWT checks),
 * file system calls and DNS lookups, which then queue behind 250 ms hashes:
 * bench/api measured `/me` p99 going from about 0.1 s to 15 s under 10
 * logins/s without this bound. The price is peak login throughput (on 2
 * cores, one hashing core: about 4 logins/s instead of up to 8); logins past
 * that wait here, in order, instead of in the pool, while the rest of the
 * API stays responsive.
 */
export function defaultHashConcurrency(): number {
  return Math.max(1, os.availableParallelism() - 1);
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, passwordHash: string): Promise<boolean>;
  /** Spends the same time as a real verification, for logins whose account does not exist. */
  verifyDummy(password: string): Promise<false>;
}

/**
 * bcrypt through a native binding whose async calls run on libuv's thread
 * pool, so hashing never blocks the event loop; at most `concurrency` of them
 * run at once (see defaultHashConcurrency), the others wait in a FIFO queue.
 */
export class BcryptPasswordHasher implements PasswordHasher {
  readonly #dummyHash: Promise<string>;
  readonly #limit: LimitFunction;

  constructor(
    private readonly cost = BCRYPT_COST,
    concurrency = defaultHashConcurrency(),
  ) {
    this.#limit = pLimit(concurrency);
    // Made at start: computed on the first unknown-email login, it would make that login twice as slow, and telling.
    this.#dummyHash = this.hash('hostbay-dummy-password');
    this.#dummyHash.catch(() => undefined);
  }

  hash(password: string): Promise<string> {
    return this.#limit(() => hash(password, this.cost));
  }

  async verify(password: string, passwordHash: string): Promise<boolean> {
    // bcrypt ignores bytes past 72; refusing them keeps "password + anything" from matching.
    if (Buffer.byteLength(password, 'utf8') > BCRYPT_MAX_BYTES) {
      await this.verifyDummy(password.slice(0, BCRYPT_MAX_BYTES));
      return false;
    }
    return this.#limit(() => compare(password, passwordHash));
  }

  async verifyDummy(password: string): Promise<false> {
    // Never nest #limit calls: a task waiting on another queued task could deadlock the queue.
    const dummyHash = await this.#dummyHash;
    await this.#limit(() => compare(password.slice(0, BCRYPT_MAX_BYTES), dummyHash));
    return false;
  }
}
