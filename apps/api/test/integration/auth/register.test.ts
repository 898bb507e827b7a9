import { VALIDATION_MESSAGES } from '@hostbay/contract/validation-messages';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../support/databases.js';
import { accountInput, register } from '../../support/factories.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

describe.each(DATABASE_KINDS)('register on $name', (kind) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(kind);
  });
  afterAll(() => t.close());

  it('creates an account and returns it without the password hash', async () => {
    const account = accountInput();
    const res = await register(t.server.app, account);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      success: true,
      error: null,
      data: { email: account.email, username: account.username, is_admin: false },
    });
    expect(body.data.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body).not.toContain('password');
  });

  it('refuses the same email in another case with 409 email_taken', async () => {
    const account = accountInput({ email: 'Mixed.Case@Example.org' });
    expect((await register(t.server.app, account)).statusCode).toBe(201);
    const again = await register(t.server.app, accountInput({ email: 'mixed.case@EXAMPLE.ORG' }));
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      success: false,
      data: null,
      error: { code: 'email_taken', details: [{ field: 'email' }] },
    });
  });

  it('refuses a taken username with 409 username_taken', async () => {
    const first = accountInput();
    await register(t.server.app, first);
    const res = await register(t.server.app, accountInput({ username: first.username }));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('username_taken');
  });

  it('lets exactly one of many concurrent sign-ups with one email win', async () => {
    const email = accountInput().email;
    const results = await Promise.all(Array.from({ length: 6 }, () => register(t.server.app, accountInput({ email }))));
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
  });

  it.each([
    ['email', { email: 'not-an-email' }],
    ['email', { email: '' }],
    ['username', { username: 'ab' }],
    ['username', { username: 'a'.repeat(33) }],
    ['username', { username: 'Upper' }],
    ['username', { username: '-leading' }],
    ['username', { username: 'trailing-' }],
    ['username', { username: 'has_underscore' }],
    ['username', { username: 'has.dot' }],
    ['username', { username: '1digitfirst' }],
    ['username', { username: 'xn--punycode' }],
    ['username', { username: 'www' }],
    ['username', { username: 'admin' }],
    ['username', { username: 'root' }],
    ['username', { username: 'localhost' }],
    ['password', { password: 'short' }],
    ['password', { password: 'x'.repeat(73) }],
    // 25 three-byte characters: 25 characters but 75 bytes, over bcrypt's 72.
    ['password', { password: '한'.repeat(25) }],
  ])('answers 422 naming %s for %j', async (field, override) => {
    const res = await register(t.server.app, accountInput(override));
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body).toMatchObject({ success: false, data: null, error: { code: 'validation_error' } });
    expect(body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('says why a password over 72 bytes is refused', async () => {
    const res = await register(t.server.app, accountInput({ password: 'x'.repeat(73) }));
    expect(res.json().error.details[0].message).toMatch(/72 bytes.*bcrypt/);
  });

  it('names every missing field', async () => {
    const res = await t.server.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: {} });
    expect(res.statusCode).toBe(422);
    const fields = res
      .json()
      .error.details.map((d: { field: string }) => d.field)
      .sort();
    expect(fields).toEqual(['email', 'password', 'username']);
  });

  it('gives each field error the stable code of its message, for clients that translate it', async () => {
    const res = await register(t.server.app, accountInput({ username: 'admin', password: 'short' }));
    expect(res.statusCode).toBe(422);
    const details = res.json().error.details;
    expect(details).toEqual(
      expect.arrayContaining([
        { field: 'username', message: VALIDATION_MESSAGES.username_reserved, code: 'username_reserved' },
        { field: 'password', message: VALIDATION_MESSAGES.password_too_short, code: 'password_too_short' },
      ]),
    );
    expect(details).toHaveLength(2);
  });

  it('codes a missing field as field_required', async () => {
    const { email, password } = accountInput();
    const res = await t.server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email, password },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details).toEqual([
      { field: 'username', message: 'This field is required.', code: 'field_required' },
    ]);
  });

  it('sends no code with a message the contract does not list', async () => {
    const res = await t.server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { ...accountInput(), username: 42 },
    });
    expect(res.statusCode).toBe(422);
    const [detail] = res.json().error.details;
    expect(detail.field).toBe('username');
    expect(detail).not.toHaveProperty('code');
  });

  it('accepts a password of exactly 72 bytes and a username of 32 characters', async () => {
    const res = await register(
      t.server.app,
      accountInput({ password: 'y'.repeat(72), username: `a${'b'.repeat(30)}c` }),
    );
    expect(res.statusCode).toBe(201);
  });
});
