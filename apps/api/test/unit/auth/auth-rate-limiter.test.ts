import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuthLimits } from '../../../src/config/config.js';
import { InvalidCredentialsError, RateLimitedError } from '../../../src/errors.js';
import { AuthRateLimiter } from '../../../src/modules/auth/auth-rate-limiter.js';

const open = { points: 1000, seconds: 60 };
const limits = (overrides: Partial<AuthLimits> = {}): AuthLimits => ({
  loginPerIp: open,
  loginPerAccountAndIp: open,
  loginPerAccount: open,
  loginLockout: { firstSeconds: 60, maxSeconds: 3600 },
  registerPerIp: open,
  registerFailuresPerIp: open,
  registerPerAccount: open,
  hashesPerIp: 1000,
  ...overrides,
});

/** A password check that takes a moment, as bcrypt does, and then succeeds or fails. */
const check = (right: boolean) => async () => {
  await sleep(5);
  if (!right) throw new InvalidCredentialsError();
  return 'user';
};

/** What each attempt came to: 'ok', 'wrong', or the seconds a refusal asks to wait. */
async function outcome(attempt: Promise<string>): Promise<string | number> {
  try {
    return (await attempt) === 'user' ? 'ok' : 'other';
  } catch (error) {
    if (error instanceof InvalidCredentialsError) return 'wrong';
    if (error instanceof RateLimitedError) return error.retryAfterSeconds;
    throw error;
  }
}

afterEach(() => vi.useRealTimers());

describe('AuthRateLimiter', () => {
  it('checks exactly the allowance of a burst of wrong passwords', async () => {
    const limiter = new AuthRateLimiter(limits({ loginPerAccountAndIp: { points: 10, seconds: 900 } }));
    const results = await Promise.all(
      Array.from({ length: 30 }, () => outcome(limiter.guardLogin('192.0.2.1', 'a@example.org', check(false)))),
    );
    expect(results.filter((r) => r === 'wrong')).toHaveLength(10);
    expect(results.filter((r) => typeof r === 'number')).toHaveLength(20);
  });

  it('gives the reservation back when the password was right or the check broke', async () => {
    const limiter = new AuthRateLimiter(limits({ loginPerAccount: { points: 2, seconds: 900 } }));
    const broken = async () => {
      throw new Error('database down');
    };
    for (let i = 0; i < 5; i++) {
      expect(await outcome(limiter.guardLogin(`192.0.2.${i}`, 'a@example.org', check(true)))).toBe('ok');
      await expect(limiter.guardLogin(`198.51.100.${i}`, 'a@example.org', broken)).rejects.toThrow('database down');
    }
    expect(await outcome(limiter.guardLogin('192.0.2.9', 'a@example.org', check(false)))).toBe('wrong');
  });

  it('counts the account by its email in any case and spacing', async () => {
    const limiter = new AuthRateLimiter(limits({ loginPerAccount: { points: 1, seconds: 900 } }));
    expect(await outcome(limiter.guardLogin('192.0.2.1', ' A@Example.org', check(false)))).toBe('wrong');
    expect(await outcome(limiter.guardLogin('192.0.2.2', 'a@example.org', check(true)))).toBe(60);
  });

  it('doubles each lockout of an account up to the maximum', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const limiter = new AuthRateLimiter(
      limits({ loginPerAccount: { points: 1, seconds: 900 }, loginLockout: { firstSeconds: 60, maxSeconds: 200 } }),
    );
    const lockouts: (string | number)[] = [];
    for (let i = 0; i < 4; i++) {
      expect(await outcome(limiter.guardLogin(`192.0.2.${i}`, 'a@example.org', check(false)))).toBe('wrong');
      const refused = await outcome(limiter.guardLogin(`198.51.100.${i}`, 'a@example.org', check(true)));
      lockouts.push(refused);
      vi.setSystemTime(Date.now() + Number(refused) * 1000 + 1);
    }
    expect(lockouts).toEqual([60, 120, 200, 200]);
  });

  it('refuses an address past its hashes in flight, and lets it in again once they finish', async () => {
    const limiter = new AuthRateLimiter(limits({ hashesPerIp: 2 }));
    const burst = await Promise.all(
      Array.from({ length: 5 }, (_, i) => outcome(limiter.guardLogin('192.0.2.1', `n${i}@example.org`, check(false)))),
    );
    expect(burst.filter((r) => r === 'wrong')).toHaveLength(2);
    expect(burst.filter((r) => r === 1)).toHaveLength(3);
    expect(await outcome(limiter.guardLogin('192.0.2.2', 'a@example.org', check(true)))).toBe('ok');
    expect(await outcome(limiter.guardLogin('192.0.2.1', 'a@example.org', check(true)))).toBe('ok');
  });

  describe('sign-ups', () => {
    // The defaults (config.ts): 50 sign-ups and 30 refused ones per address and hour.
    const signupLimits = limits({
      registerPerIp: { points: 50, seconds: 3600 },
      registerFailuresPerIp: { points: 30, seconds: 3600 },
      registerPerAccount: { points: 5, seconds: 3600 },
    });
    const signUp = (limiter: AuthRateLimiter, ip: string, i: number, create = async () => 'user') =>
      outcome(limiter.guardRegister(ip, `s${i}@example.org`, `s${i}`, create));

    it('lets a class of 40 behind one address sign up within the hour', async () => {
      const limiter = new AuthRateLimiter(signupLimits);
      for (let i = 0; i < 40; i++) {
        await limiter.checkRegisterFailures('192.0.2.1');
        expect(await signUp(limiter, '192.0.2.1', i)).toBe('ok');
      }
    });

    it('refuses an address past its failures, in minutes, and not its neighbours', async () => {
      const limiter = new AuthRateLimiter(signupLimits);
      for (let i = 0; i < 30; i++) await limiter.registerFailed('192.0.2.1');
      const refused = await limiter.checkRegisterFailures('192.0.2.1').catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(RateLimitedError);
      expect((refused as RateLimitedError).retryAfterSeconds).toBeGreaterThan(3500);
      expect((refused as RateLimitedError).message).toBe('Too many attempts. Try again in 60 minutes.');
      await expect(limiter.checkRegisterFailures('192.0.2.2')).resolves.toBeUndefined();
    });

    it('does not count a refused sign-up against the address’s sign-ups', async () => {
      const limiter = new AuthRateLimiter(limits({ registerPerIp: { points: 1, seconds: 3600 } }));
      const taken = async () => {
        throw new Error('username taken');
      };
      await expect(signUp(limiter, '192.0.2.1', 0, taken)).rejects.toThrow('username taken');
      expect(await signUp(limiter, '192.0.2.1', 1)).toBe('ok');
      expect(await signUp(limiter, '192.0.2.1', 2)).toBeGreaterThan(3500);
    });

    it('still limits the attempts per email', async () => {
      const limiter = new AuthRateLimiter(signupLimits);
      for (let i = 0; i < 5; i++) await signUp(limiter, `192.0.2.${i}`, 7);
      expect(await signUp(limiter, '192.0.2.9', 7)).toBeGreaterThan(3500);
    });
  });
});
