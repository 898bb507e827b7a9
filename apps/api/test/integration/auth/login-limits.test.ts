import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { defaultHashConcurrency } from '../../../src/modules/auth/password-hasher.js';
import { DATABASE_KINDS } from '../../support/databases.js';
import { accountInput, login, register } from '../../support/factories.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

/** Starts a server with `env`, runs `body`, closes it. */
async function withServer(
  kind: (typeof DATABASE_KINDS)[number],
  env: Record<string, string>,
  body: (t: TestServer) => Promise<void>,
) {
  const t = await startTestServer(kind, env);
  try {
    await body(t);
  } finally {
    await t.close();
  }
}

const statuses = (answers: { statusCode: number }[]) => answers.map((a) => a.statusCode);
const count = (values: number[], value: number) => values.filter((v) => v === value).length;

describe.each(DATABASE_KINDS)('login protection on $name', (kind) => {
  it('gives 30 wrong passwords sent at once from one address exactly the allowance', async () => {
    await withServer(kind, { HOSTBAY_LOGIN_LIMIT_PER_ACCOUNT_AND_IP: '3/10m' }, async (t) => {
      const account = accountInput();
      await register(t.server.app, account);
      const answers = await Promise.all(
        Array.from({ length: 30 }, () => login(t.server.app, account.email, 'wrong-password', '203.0.113.9')),
      );
      const codes = statuses(answers);
      expect(count(codes, 401)).toBe(3);
      expect(count(codes, 429)).toBe(27);
    });
  });

  it('gives 30 wrong passwords sent at once from 30 addresses exactly the per-account allowance', async () => {
    await withServer(kind, { HOSTBAY_LOGIN_LIMIT_PER_ACCOUNT: '3/10m' }, async (t) => {
      const account = accountInput();
      await register(t.server.app, account);
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          login(t.server.app, account.email, 'wrong-password', `203.0.113.${i + 1}`),
        ),
      );
      const codes = statuses(answers);
      expect(count(codes, 401)).toBe(3);
      expect(count(codes, 429)).toBe(27);
    });
  });

  it('stops a guesser at its own address while the owner logs in from theirs', async () => {
    const env = { HOSTBAY_LOGIN_LIMIT_PER_ACCOUNT_AND_IP: '3/10m', HOSTBAY_LOGIN_LIMIT_PER_ACCOUNT: '20/10m' };
    await withServer(kind, env, async (t) => {
      const account = accountInput();
      await register(t.server.app, account);
      const attacker = '198.51.100.66';
      for (let i = 0; i < 3; i++)
        expect((await login(t.server.app, account.email, 'guess-guess', attacker)).statusCode).toBe(401);
      const stopped = await login(t.server.app, account.email, account.password, attacker);
      expect(stopped.statusCode).toBe(429);
      expect(Number(stopped.headers['retry-after'])).toBeGreaterThan(500);
      // The owner's own typo still counts as a plain failure, and the right password works.
      const owner = '192.0.2.10';
      expect((await login(t.server.app, account.email, 'typo-typo', owner)).statusCode).toBe(401);
      expect((await login(t.server.app, account.email, account.password, owner)).statusCode).toBe(200);
    });
  });

  it('locks an account attacked from many addresses for growing periods, up to the maximum', async () => {
    const env = {
      HOSTBAY_LOGIN_LIMIT_PER_ACCOUNT: '2/10m',
      HOSTBAY_LOGIN_LOCKOUT: '1s',
      HOSTBAY_LOGIN_LOCKOUT_MAX: '3s',
    };
    await withServer(kind, env, async (t) => {
      const account = accountInput();
      await register(t.server.app, account);
      let address = 0;
      const from = (password: string) => login(t.server.app, account.email, password, `203.0.113.${++address}`);
      const lockouts: number[] = [];
      for (let round = 0; round < 3; round++) {
        expect((await from('guess-guess')).statusCode).toBe(401);
        expect((await from('guess-guess')).statusCode).toBe(401);
        // Even the right password, from a fresh address, waits out the lockout.
        const locked = await from(account.password);
        expect(locked.statusCode).toBe(429);
        expect(locked.json()).toMatchObject({ success: false, error: { code: 'rate_limited' } });
        lockouts.push(Number(locked.headers['retry-after']));
        await sleep(lockouts.at(-1)! * 1000 + 100);
      }
      expect(lockouts).toEqual([1, 2, 3]);
      expect((await from(account.password)).statusCode).toBe(200);
    });
  });

  it('answers 429 to an address with too many password checks in flight, at once', async () => {
    await withServer(kind, { HOSTBAY_HASHES_PER_IP: '2' }, async (t) => {
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          login(t.server.app, `nobody${i}@example.org`, 'guess-guess', '198.51.100.7'),
        ),
      );
      const codes = statuses(answers);
      expect(count(codes, 401)).toBe(2);
      expect(count(codes, 429)).toBe(4);
      const refused = answers.find((a) => a.statusCode === 429)!;
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.json()).toMatchObject({
        success: false,
        message: 'Too many attempts. Try again in 1 second.',
        error: { code: 'rate_limited' },
      });
    });
  });

  it('does not make a login wait behind a burst of bogus ones from another address', async () => {
    await withServer(kind, { HOSTBAY_HASHES_PER_IP: '2' }, async (t) => {
      const account = accountInput();
      await register(t.server.app, account);
      const timedLogin = async () => {
        const started = performance.now();
        const res = await login(t.server.app, account.email, account.password, '192.0.2.10');
        return { status: res.statusCode, ms: performance.now() - started };
      };
      const alone = await timedLogin();
      // Enough bogus logins to keep every hashing thread busy for about 24 hashes in a row.
      const burst = Array.from({ length: 24 * defaultHashConcurrency() }, (_, i) =>
        login(t.server.app, `bogus${i}@example.org`, 'guess-guess', '198.51.100.66'),
      );
      await sleep(20);
      const during = await timedLogin();
      const bogus = statuses(await Promise.all(burst));
      expect(alone.status).toBe(200);
      expect(during.status).toBe(200);
      expect(count(bogus, 401)).toBe(2);
      // Behind the whole burst it would take about 24 logins' time; behind two bogus hashes, about 3.
      expect(during.ms).toBeLessThan(alone.ms * 8);
    });
  });

  it('answers a login or sign-up with a very long email like any other (its counter key fits the store)', async () => {
    await withServer(kind, {}, async (t) => {
      expect((await login(t.server.app, `${'a'.repeat(300)}@example.org`, 'guess-guess')).statusCode).toBe(401);
      const long = accountInput({
        email: `${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}@${'e'.repeat(60)}.org`,
      });
      expect(long.email.length).toBeGreaterThan(240);
      expect((await register(t.server.app, long)).statusCode).toBe(201);
      expect((await login(t.server.app, long.email, long.password)).statusCode).toBe(200);
    });
  });
});
