import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../support/databases.js';
import { signedUpUser } from '../../support/factories.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe.each(DATABASE_KINDS)('access tokens on $name', (kind) => {
  let t: TestServer;
  let user: Awaited<ReturnType<typeof signedUpUser>>;
  beforeAll(async () => {
    t = await startTestServer(kind);
    user = await signedUpUser(t.server.app);
  });
  afterAll(() => t.close());

  const me = (authorization?: string) =>
    t.server.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: authorization ? { authorization } : {} });

  /** A token signed with the server's real secret but with chosen claims. */
  const forge = (claims: { iss?: string; aud?: string; exp?: number; sub?: string }) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.sub ?? user.userId)
      .setIssuer(claims.iss ?? t.config.auth.issuer)
      .setAudience(claims.aud ?? t.config.auth.audience)
      .setIssuedAt(now - 10)
      .setExpirationTime(claims.exp ?? now + 600)
      .sign(new TextEncoder().encode(t.config.auth.jwtSecret));
  };

  const expect401 = async (authorization?: string) => {
    const res = await me(authorization);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ success: false, data: null, error: { code: 'unauthenticated' } });
  };

  it('accepts the issued token', async () => {
    expect((await me(`Bearer ${user.token}`)).statusCode).toBe(200);
    expect((await me(`Bearer ${await forge({})}`)).statusCode).toBe(200);
  });

  it('refuses no token and a non-bearer scheme', async () => {
    await expect401();
    await expect401(`Basic ${Buffer.from('a:b').toString('base64')}`);
  });

  it('refuses alg "none"', async () => {
    const [, payload] = user.token.split('.');
    await expect401(`Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${payload}.`);
  });

  it('refuses a tampered payload and a tampered signature', async () => {
    const [header, payload, signature] = user.token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    await expect401(`Bearer ${header}.${base64url({ ...claims, exp: claims.exp + 1000 })}.${signature}`);
    const flipped = signature.slice(0, -2) + (signature.at(-2) === 'A' ? 'B' : 'A') + signature.at(-1);
    await expect401(`Bearer ${header}.${payload}.${flipped}`);
  });

  it('refuses an expired token, a wrong audience and a wrong issuer', async () => {
    await expect401(`Bearer ${await forge({ exp: Math.floor(Date.now() / 1000) - 5 })}`);
    await expect401(`Bearer ${await forge({ aud: 'someone-else' })}`);
    await expect401(`Bearer ${await forge({ iss: 'evil' })}`);
  });

  it('refuses a token once it expires, though it was accepted before', async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = await forge({ exp });
    expect((await me(`Bearer ${token}`)).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 50));
    await expect401(`Bearer ${token}`);
  });

  it('refuses a token signed with another secret', async () => {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.userId)
      .setIssuer(t.config.auth.issuer)
      .setAudience(t.config.auth.audience)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode('x'.repeat(64)));
    await expect401(`Bearer ${token}`);
  });

  it("stops a deleted user's token from working", async () => {
    const doomed = await signedUpUser(t.server.app);
    expect((await me(`Bearer ${doomed.token}`)).statusCode).toBe(200);
    await t.server.users.delete(doomed.userId);
    await expect401(`Bearer ${doomed.token}`);
  });
});
