import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../support/databases.js';
import { accountInput, login, register } from '../../support/factories.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { signupInfo, storedInvitation } from './signup-support.js';

const kinds = DATABASE_KINDS.map((kind) => [kind.name, kind] as const);

describe.each(kinds)('HOSTBAY_SIGNUP=closed (%s)', (_, kind) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(kind, { HOSTBAY_SIGNUP: 'closed', HOSTBAY_BASE_DOMAIN: 'sites.school.example' });
  });
  afterAll(() => t?.close());

  it('refuses every sign-up with 403 signup_closed, and says so to the sign-up page', async () => {
    const account = accountInput();
    const refused = await register(t.server.app, account);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ success: false, error: { code: 'signup_closed' } });
    expect((await login(t.server.app, account.email, account.password)).statusCode).toBe(401);
    expect((await signupInfo(t.server.app)).json().data).toEqual({
      mode: 'closed',
      email_domains: [],
      invitation: null,
      // The sign-up form shows the member's site address as it is typed.
      site_domain: 'sites.school.example',
    });
  });
});

describe.each(kinds)('HOSTBAY_SIGNUP=domains (%s)', (_, kind) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(kind, {
      HOSTBAY_SIGNUP: 'domains',
      HOSTBAY_SIGNUP_EMAIL_DOMAINS: 'school.example, Staff.Example',
    });
  });
  afterAll(() => t?.close());

  it('tells the sign-up page which domains it accepts', async () => {
    expect((await signupInfo(t.server.app)).json().data).toEqual({
      mode: 'domains',
      email_domains: ['school.example', 'staff.example'],
      invitation: null,
      site_domain: expect.any(String),
    });
  });

  it.each(['pupil@school.example', 'Teacher@SCHOOL.Example', 'head@staff.example'])('accepts %s', async (email) => {
    const created = await register(t.server.app, accountInput({ email }));
    expect(created.statusCode).toBe(201);
    expect(created.json().data.status).toBe('active');
  });

  it.each(['someone@elsewhere.example', 'pupil@lab.school.example', 'pupil@school.example.evil.test'])(
    'refuses %s with 422 at the email field, naming the domains',
    async (email) => {
      const refused = await register(t.server.app, accountInput({ email }));
      expect(refused.statusCode).toBe(422);
      const body = refused.json();
      expect(body.error.code).toBe('validation_error');
      expect(body.error.details).toEqual([
        expect.objectContaining({ field: 'email', code: 'email_domain_not_allowed' }),
      ]);
      expect(body.error.details[0].message).toContain('school.example, staff.example');
    },
  );

  it('admits an invited address from outside the domains (an admin vouched for it)', async () => {
    const token = await storedInvitation(t.server, { email: 'guest@elsewhere.example' });
    const created = await register(t.server.app, {
      ...accountInput({ email: 'guest@elsewhere.example' }),
      invite: token,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().data.status).toBe('active');
  });
});

describe.each(kinds)('HOSTBAY_SIGNUP=invite (%s)', (_, kind) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(kind, { HOSTBAY_SIGNUP: 'invite' });
  });
  afterAll(() => t?.close());

  const signUp = (invite?: string, overrides = {}) =>
    register(t.server.app, { ...accountInput(overrides), ...(invite === undefined ? {} : { invite }) });

  it('refuses a sign-up without an invitation with 403 invitation_required', async () => {
    const refused = await signUp();
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('invitation_required');
    expect((await signupInfo(t.server.app)).json().data).toEqual({
      mode: 'invite',
      email_domains: [],
      invitation: null,
      site_domain: expect.any(String),
    });
  });

  it.each([
    ['unknown', async () => 'no-such-invitation-token'],
    ['expired', () => storedInvitation(t.server, { expiresAt: new Date(Date.now() - 1000) })],
    ['used', () => storedInvitation(t.server, { used: true })],
    ['revoked', () => storedInvitation(t.server, { revoked: true })],
  ])('refuses an %s invitation with 403 invitation_invalid, and the page learns only that', async (_state, make) => {
    const token = await make();
    const refused = await signUp(token);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('invitation_invalid');
    expect((await signupInfo(t.server.app, token)).json().data.invitation).toEqual({ valid: false, email: null });
  });

  it('refuses an invitation bound to another email with 422 at the email field', async () => {
    const token = await storedInvitation(t.server, { email: 'invited@example.org' });
    expect((await signupInfo(t.server.app, token)).json().data.invitation).toEqual({
      valid: true,
      email: 'invited@example.org',
    });
    const refused = await signUp(token, { email: 'someone.else@example.org' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.details).toEqual([
      expect.objectContaining({ field: 'email', code: 'invitation_email_mismatch' }),
    ]);
    // Still unused: the invited address signs up with it, in any case.
    expect((await signUp(token, { email: 'Invited@Example.org' })).statusCode).toBe(201);
  });

  it('lets the right invitation in once, and then never again', async () => {
    const token = await storedInvitation(t.server);
    const first = await signUp(token);
    expect(first.statusCode).toBe(201);
    expect(first.json().data.status).toBe('active');
    const again = await signUp(token);
    expect(again.statusCode).toBe(403);
    expect(again.json().error.code).toBe('invitation_invalid');
    expect((await signupInfo(t.server.app, token)).json().data.invitation).toEqual({ valid: false, email: null });
  });

  it('lets exactly one of two racing sign-ups with one token through', async () => {
    const token = await storedInvitation(t.server);
    const a = accountInput();
    const b = accountInput();
    const answers = await Promise.all([signUp(token, a), signUp(token, b)]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 403]);
    const loser = answers.find((answer) => answer.statusCode === 403)!;
    expect(loser.json().error.code).toBe('invitation_invalid');
    // The refused account was not left behind.
    const loserAccount = answers[0] === loser ? a : b;
    expect(await t.server.users.findByEmail(loserAccount.email)).toBeUndefined();
  });

  it('does not take the invitation when the account cannot be made (a taken username)', async () => {
    const existing = accountInput();
    const token = await storedInvitation(t.server);
    expect((await signUp(token, existing)).statusCode).toBe(201);
    const second = await storedInvitation(t.server);
    const taken = await signUp(second, { username: existing.username });
    expect(taken.statusCode).toBe(409);
    expect((await signupInfo(t.server.app, second)).json().data.invitation).toEqual({ valid: true, email: null });
  });
});
