import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { AuthLimits } from '../../config/config.js';
import { AccountLockedError, IncorrectPasswordError, InvalidCredentialsError, RateLimitedError } from '../../errors.js';
import type { LoginFailureReason, LoginObserver } from '../metrics/metrics.ports.js';
import { AccountLockouts } from './account-lockouts.js';
import { HashSlots } from './hash-slots.js';
import { accountKey, consume, createLimiter, retryAfterSeconds, type RateLimitStore } from './rate-limit-store.js';

/**
 * Brute-force and sign-up abuse limits, after OWASP's authentication
 * guidance and rate-limiter-flexible's "login endpoint protection" pattern:
 *
 * - every login attempt counts against the client address (loginPerIp);
 * - failures count against the account from that one address, tightly
 *   (loginPerAccountAndIp): a guesser is stopped at its own address, and the
 *   owner, at another, still logs in;
 * - failures count against the account from all addresses together, loosely
 *   (loginPerAccount); reaching that locks the account for growing periods
 *   (AccountLockouts): the brake on a guesser with many addresses;
 * - one address may have only a few password hashes in flight (HashSlots).
 *
 * An attempt reserves its failure before the password is compared and gets
 * it back when the password was right. Checked before and counted after,
 * 30 guesses sent at once were all compared although 10 were allowed.
 * Counters are shared by every process on one PostgreSQL (see RateLimitStore).
 */
export class AuthRateLimiter {
  readonly #loginIp: RateLimiterAbstract;
  readonly #loginAccountIp: RateLimiterAbstract;
  readonly #loginAccount: RateLimiterAbstract;
  readonly #lockouts: AccountLockouts;
  readonly #registerIp: RateLimiterAbstract;
  readonly #registerFailuresIp: RateLimiterAbstract;
  readonly #registerAccount: RateLimiterAbstract;
  readonly #hashSlots: HashSlots;

  constructor(
    limits: AuthLimits,
    store: RateLimitStore = { kind: 'memory' },
    /** Told why each refused login was refused (/metrics). */
    private readonly observer?: LoginObserver,
  ) {
    this.#loginIp = createLimiter(store, limits.loginPerIp, 'login-ip');
    this.#loginAccountIp = createLimiter(store, limits.loginPerAccountAndIp, 'login-account-ip');
    this.#loginAccount = createLimiter(store, limits.loginPerAccount, 'login-account');
    this.#lockouts = new AccountLockouts(store, limits.loginLockout);
    this.#registerIp = createLimiter(store, limits.registerPerIp, 'register-ip');
    this.#registerFailuresIp = createLimiter(store, limits.registerFailuresPerIp, 'register-failures-ip');
    this.#registerAccount = createLimiter(store, limits.registerPerAccount, 'register-account');
    this.#hashSlots = new HashSlots(limits.hashesPerIp);
  }

  /**
   * Runs `check`, the password comparison of one login, within the limits; a
   * refused attempt is a RateLimitedError and `check` does not run. Only a
   * wrong password from `check` (InvalidCredentialsError, IncorrectPasswordError)
   * counts as a failure: any other error (the database, say) gives the reservation back.
   */
  async guardLogin<T>(ip: string, email: string, check: () => Promise<T>): Promise<T> {
    try {
      return await this.#guardAccount(ip, email, check);
    } catch (error) {
      const reason = failureReason(error);
      if (reason) this.observer?.loginFailed(reason);
      throw error;
    }
  }

  /**
   * Runs `check`, a signed-in member's password confirmation (changing the
   * password, deleting the account), under the same limits as a login of that
   * account: a stolen token must not make guessing the password any cheaper.
   * Not a login: its refusals are not counted as login failures.
   */
  guardPasswordCheck<T>(ip: string, email: string, check: () => Promise<T>): Promise<T> {
    return this.#guardAccount(ip, email, check);
  }

  /** The limits of one password check of the account `email` from `ip` (see guardLogin). */
  async #guardAccount<T>(ip: string, email: string, check: () => Promise<T>): Promise<T> {
    await consume(this.#loginIp, ip);
    return this.#hashSlots.run(ip, async () => {
      const account = accountKey('email', email);
      const fromHere = `${account}:${ip}`;
      const reserved = await this.#reserveFailure(account, fromHere);
      let result: T;
      try {
        result = await check();
      } catch (error) {
        if (error instanceof InvalidCredentialsError || error instanceof IncorrectPasswordError) {
          // The failure that used the account's last point starts a lockout; it is one attempt, even under a burst.
          if (reserved.consumedPoints >= this.#loginAccount.points)
            await this.#lockouts.lock(this.#loginAccount, account);
        } else {
          await Promise.all([this.#loginAccountIp.reward(fromHere), this.#loginAccount.reward(account)]);
        }
        throw error;
      }
      // A success from this address forgets its earlier failures; the other addresses' stay counted.
      await Promise.all([this.#loginAccountIp.delete(fromHere), this.#loginAccount.reward(account)]);
      return result;
    });
  }

  /**
   * Refuses a sign-up from an address that has failed too many (invalid
   * forms, taken names): checked before the form is read, so that the
   * failures it stops cost nothing.
   */
  async checkRegisterFailures(ip: string): Promise<void> {
    const failures = await this.#registerFailuresIp.get(ip);
    if (failures && failures.consumedPoints >= this.#registerFailuresIp.points)
      throw new RateLimitedError(retryAfterSeconds(failures));
  }

  /**
   * Counts a refused sign-up against its address. Failures are limited
   * tightly and successes loosely: a class behind one school address signs up
   * together, while a script trying names fails again and again.
   */
  async registerFailed(ip: string): Promise<void> {
    await this.#registerFailuresIp.penalty(ip);
  }

  /**
   * Runs `create` (a sign-up, which hashes the password) within the sign-up
   * limits and the address's hashes. Only a sign-up that succeeds keeps its
   * point of the address's sign-ups; a refused one counts as a failure
   * instead (registerFailed, by the route, which checks checkRegisterFailures first).
   */
  async guardRegister<T>(ip: string, email: string, username: string, create: () => Promise<T>): Promise<T> {
    await consume(this.#registerAccount, accountKey('email', email));
    await consume(this.#registerAccount, accountKey('username', username));
    await takeOrRefuse(this.#registerIp, ip);
    try {
      return await this.#hashSlots.run(ip, create);
    } catch (error) {
      await this.#registerIp.reward(ip);
      throw error;
    }
  }

  /** Takes one failure from both account limits, or from neither. */
  async #reserveFailure(account: string, fromHere: string): Promise<RateLimiterRes> {
    await takeOrRefuse(this.#loginAccountIp, fromHere);
    try {
      return await takeOrRefuse(this.#loginAccount, account, AccountLockedError);
    } catch (error) {
      await this.#loginAccountIp.reward(fromHere);
      throw error;
    }
  }
}

/**
 * Takes one point, or refuses with RateLimitedError and gives the point back:
 * an attempt that was never checked is no failure, and must not keep an
 * account over its limit after the reserved attempts turned out right.
 */
async function takeOrRefuse(
  limiter: RateLimiterAbstract,
  key: string,
  Refusal: typeof RateLimitedError = RateLimitedError,
): Promise<RateLimiterRes> {
  try {
    return await limiter.consume(key);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    await limiter.reward(key);
    throw new Refusal(retryAfterSeconds(error));
  }
}

/** What a refused login counts as; undefined for anything else (the database failing is no login failure). */
function failureReason(error: unknown): LoginFailureReason | undefined {
  if (error instanceof InvalidCredentialsError) return 'bad_credentials';
  if (error instanceof AccountLockedError) return 'locked_out';
  if (error instanceof RateLimitedError) return 'rate_limited';
  return undefined;
}
