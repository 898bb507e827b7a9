import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../support/databases.js';
import { accountInput, login, register } from '../../support/factories.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

describe.each(DATABASE_KINDS)('login on $name', (kind) => {
  let t: TestServer;
  const account = accountInput();
  beforeAll(async () => {
    t = await startTestServer(kind);
    await register(t.server.app, account);
  });
  afterAll(() => t.close());

  it('logs in with JSON and the token opens /me', async () => {
    const res = await login(t.server.app, account.email, account.password);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.data).toMatchObject({
      token_type: 'bearer',
      expires_in: 12 * 3600,
      user: { username: account.username },
    });
    // OAuth2 clients read these at the top level.
    expect(body.access_token).toBe(body.data.access_token);
    expect(body.token_type).toBe('bearer');
    const me = await t.server.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().data).toMatchObject({ email: account.email, username: account.username });
  });

  it('logs in with the OAuth2 password form (username = email), email case-insensitive', async () => {
    const form = new URLSearchParams({
      grant_type: 'password',
      username: account.email.toUpperCase(),
      password: account.password,
    });
    const res = await t.server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form.toString(),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.user.username).toBe(account.username);
  });

  it('answers a wrong password and an unknown email the same way, in about the same time', async () => {
    const timed = async (email: string, password: string) => {
      const started = performance.now();
      const res = await login(t.server.app, email, password);
      return { res, ms: performance.now() - started };
    };
    // Interleaved, three of each, compared by the median: one slow sample on a busy machine decides nothing.
    const samples: { wrong: Awaited<ReturnType<typeof timed>>; unknown: Awaited<ReturnType<typeof timed>> }[] = [];
    for (let i = 0; i < 3; i++) {
      samples.push({
        wrong: await timed(account.email, 'wrong password!'),
        unknown: await timed(`nobody-here-${i}@example.org`, 'wrong password!'),
      });
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[1]!;
    const { wrong, unknown } = samples[0]!;
    const wrongMs = median(samples.map((sample) => sample.wrong.ms));
    const unknownMs = median(samples.map((sample) => sample.unknown.ms));
    expect(wrong.res.statusCode).toBe(401);
    expect(unknown.res.statusCode).toBe(401);
    const strip = (body: { error: { request_id?: string } }) => ({
      ...body,
      error: { ...body.error, request_id: undefined },
    });
    expect(strip(wrong.res.json())).toEqual(strip(unknown.res.json()));
    expect(wrong.res.json().error.code).toBe('invalid_credentials');
    // Both spend one bcrypt comparison (~250 ms at cost 12); a missing dummy hash would make "unknown" ~0 ms.
    expect(unknownMs).toBeGreaterThan(wrongMs * 0.4);
    expect(unknownMs).toBeLessThan(wrongMs * 2.5);
  });

  it('refuses the right password with extra bytes past 72 (bcrypt would truncate)', async () => {
    const long = accountInput({ password: 'z'.repeat(72) });
    await register(t.server.app, long);
    expect((await login(t.server.app, long.email, long.password)).statusCode).toBe(200);
    expect((await login(t.server.app, long.email, `${long.password}extra`)).statusCode).toBe(401);
  });

  it('answers 422 when neither email nor username is sent', async () => {
    const res = await t.server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { password: 'x' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details[0].field).toBe('email');
  });
});

describe.each(DATABASE_KINDS)('login rate limits on $name', (kind) => {
  it('limits failed logins per account with 429 and Retry-After, even from many addresses', async () => {
    const t = await startTestServer(kind, { HOSTBAY_LOGIN_LIMIT_PER_ACCOUNT: '3/10m' });
    try {
      const account = accountInput();
      await register(t.server.app, account);
      const attempt = (ip: string, password: string) =>
        t.server.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          remoteAddress: ip,
          payload: { email: account.email, password },
        });
      for (const ip of ['127.0.0.2', '127.0.0.3', '127.0.0.4'])
        expect((await attempt(ip, 'nope-nope')).statusCode).toBe(401);
      const blocked = await attempt('127.0.0.5', account.password);
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(500);
      expect(blocked.json()).toMatchObject({ success: false, error: { code: 'rate_limited' } });
    } finally {
      await t.close();
    }
  });

  it('limits attempts per address', async () => {
    const t = await startTestServer(kind, { HOSTBAY_LOGIN_LIMIT_PER_IP: '2/1m' });
    try {
      const attempt = () => login(t.server.app, 'someone@example.org', 'whatever-pass');
      expect((await attempt()).statusCode).toBe(401);
      expect((await attempt()).statusCode).toBe(401);
      const blocked = await attempt();
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });

  it('limits sign-ups per address and per account, counting only successes against the address', async () => {
    const t = await startTestServer(kind, {
      HOSTBAY_REGISTER_LIMIT_PER_IP: '2/1h',
      HOSTBAY_REGISTER_LIMIT_PER_ACCOUNT: '1/1h',
    });
    try {
      const same = accountInput();
      expect((await register(t.server.app, same)).statusCode).toBe(201);
      // Same email again: over the per-account limit before the duplicate check.
      expect((await register(t.server.app, accountInput({ email: same.email }))).statusCode).toBe(429);
      // The refused attempt took none of the address's two sign-ups.
      expect((await register(t.server.app, accountInput())).statusCode).toBe(201);
      const third = await register(t.server.app, accountInput());
      expect(third.statusCode).toBe(429);
      expect(third.json()).toMatchObject({ message: 'Too many attempts. Try again in 60 minutes.' });
    } finally {
      await t.close();
    }
  });

  it('limits refused sign-ups per address, form errors included, and not other addresses', async () => {
    const t = await startTestServer(kind, { HOSTBAY_REGISTER_FAILURE_LIMIT_PER_IP: '3/1h' });
    try {
      const taken = accountInput();
      expect((await register(t.server.app, taken)).statusCode).toBe(201);
      expect((await register(t.server.app, accountInput({ username: taken.username }))).statusCode).toBe(409);
      expect((await register(t.server.app, accountInput({ email: 'not-an-email' }))).statusCode).toBe(422);
      expect((await register(t.server.app, accountInput({ password: 'x' }))).statusCode).toBe(422);
      const blocked = await register(t.server.app, accountInput());
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(3500);
      const elsewhere = await t.server.app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        remoteAddress: '127.0.0.9',
        payload: accountInput(),
      });
      expect(elsewhere.statusCode).toBe(201);
    } finally {
      await t.close();
    }
  });
});

describe('login rate limits across processes on one PostgreSQL', () => {
  const postgres = DATABASE_KINDS.find((kind) => kind.name === 'postgres')!;

  it('counts failed logins against an account on every process together', async () => {
    const limits = { HOSTBAY_LOGIN_LIMIT_PER_ACCOUNT: '3/10m' };
    const first = await startTestServer(postgres, limits);
    const second = await startTestServer(postgres, limits, first.database);
    try {
      const account = accountInput();
      await register(first.server.app, account);
      const attempt = (t: TestServer, password: string) => login(t.server.app, account.email, password);
      // Spread over both processes: each alone has seen fewer failures than the limit.
      expect((await attempt(first, 'nope-nope')).statusCode).toBe(401);
      expect((await attempt(second, 'nope-nope')).statusCode).toBe(401);
      expect((await attempt(first, 'nope-nope')).statusCode).toBe(401);
      const blocked = await attempt(second, account.password);
      expect(blocked.statusCode).toBe(429);
      expect((await attempt(first, account.password)).statusCode).toBe(429);
    } finally {
      await second.close();
      await first.close();
    }
  });
});
