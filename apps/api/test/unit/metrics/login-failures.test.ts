import { describe, expect, it } from 'vitest';
import type { AuthLimits } from '../../../src/config/config.js';
import { IncorrectPasswordError, InvalidCredentialsError } from '../../../src/errors.js';
import { AuthRateLimiter } from '../../../src/modules/auth/auth-rate-limiter.js';
import type { LoginFailureReason } from '../../../src/modules/metrics/metrics.ports.js';

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

function limiter(overrides: Partial<AuthLimits>) {
  const reasons: LoginFailureReason[] = [];
  const guard = new AuthRateLimiter(
    limits(overrides),
    { kind: 'memory' },
    { loginFailed: (r) => void reasons.push(r) },
  );
  const wrong = async () => {
    throw new InvalidCredentialsError();
  };
  const login = (ip: string, email: string, right = false) =>
    guard.guardLogin(ip, email, right ? async () => 'user' : wrong).catch(() => 'refused');
  return { guard, login, reasons };
}

describe('why a refused login was refused, as /metrics counts it', () => {
  it('counts a wrong password as bad credentials, and a right one as nothing', async () => {
    const { login, reasons } = limiter({});
    await login('198.51.100.1', 'kim@school.example');
    await login('198.51.100.1', 'kim@school.example', true);
    expect(reasons).toEqual(['bad_credentials']);
  });

  it('tells a locked account (its failures from every address) from a limit of the client address', async () => {
    const { login, reasons } = limiter({ loginPerAccount: { points: 2, seconds: 900 } });
    await login('198.51.100.1', 'kim@school.example');
    await login('198.51.100.2', 'kim@school.example');
    // Locked now, even with the right password and from a third address.
    await login('198.51.100.3', 'kim@school.example', true);
    expect(reasons).toEqual(['bad_credentials', 'bad_credentials', 'locked_out']);

    const perAddress = limiter({ loginPerIp: { points: 1, seconds: 900 } });
    await perAddress.login('198.51.100.1', 'lee@school.example', true);
    await perAddress.login('198.51.100.1', 'park@school.example', true);
    expect(perAddress.reasons).toEqual(['rate_limited']);

    const perAccountHere = limiter({ loginPerAccountAndIp: { points: 1, seconds: 900 } });
    await perAccountHere.login('198.51.100.1', 'lee@school.example');
    await perAccountHere.login('198.51.100.1', 'lee@school.example');
    expect(perAccountHere.reasons).toEqual(['bad_credentials', 'rate_limited']);
  });

  it('does not count a signed-in member mistyping their password to change it: that is no login', async () => {
    const { guard, reasons } = limiter({});
    await expect(
      guard.guardPasswordCheck('198.51.100.1', 'kim@school.example', async () => {
        throw new IncorrectPasswordError('current_password');
      }),
    ).rejects.toThrow(IncorrectPasswordError);
    expect(reasons).toEqual([]);
  });
});
