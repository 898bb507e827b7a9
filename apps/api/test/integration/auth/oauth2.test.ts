import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../support/databases.js';
import { accountInput, register } from '../../support/factories.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

/**
 * Hostbay's login as a standard OAuth2 client sees it: oauth4webapi, a
 * maintained OAuth2 client, sends password grants to the API listening on
 * 127.0.0.1 and reads the answers as RFC 6749 says.
 */
describe.each(DATABASE_KINDS)('the OAuth2 password grant on $name', (kind) => {
  let t: TestServer;
  let base: string;
  let as: oauth.AuthorizationServer;
  const client: oauth.Client = { client_id: 'any-client' };
  const account = accountInput();
  // Plain http to 127.0.0.1: the library refuses it unless told.
  const insecure = { [oauth.allowInsecureRequests]: true };

  beforeAll(async () => {
    t = await startTestServer(kind, { HOSTBAY_LOGIN_LIMIT_PER_ACCOUNT_AND_IP: '3/10m' });
    await register(t.server.app, account);
    base = await t.server.app.listen({ host: '127.0.0.1', port: 0 });
    as = { issuer: base, token_endpoint: `${base}/api/v1/auth/login` };
  });
  afterAll(() => t.close());

  const passwordGrant = (username: string, password: string, grantType = 'password') =>
    oauth.genericTokenEndpointRequest(as, client, oauth.None(), grantType, { username, password }, insecure);

  /** The OAuth2 error the client reads from a failed grant. */
  async function clientError(response: Response): Promise<oauth.ResponseBodyError> {
    const failure = await oauth.processGenericTokenEndpointResponse(as, client, response).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(oauth.ResponseBodyError);
    return failure as oauth.ResponseBodyError;
  }

  it('logs a client in with a token response it accepts, and the token opens /me', async () => {
    const response = await passwordGrant(account.email, account.password);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('pragma')).toBe('no-cache');
    // Clients such as oauthlib read any `error` member, even null, as a failed grant.
    expect(await response.clone().json()).not.toHaveProperty('error');
    const tokens = await oauth.processGenericTokenEndpointResponse(as, client, response);
    expect(tokens).toMatchObject({ token_type: 'bearer', expires_in: 12 * 3600 });
    const me = await oauth.protectedResourceRequest(
      tokens.access_token,
      'GET',
      new URL(`${base}/api/v1/auth/me`),
      undefined,
      undefined,
      insecure,
    );
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ data: { email: account.email, username: account.username } });
  });

  it('gives a wrong password as invalid_grant with status 400', async () => {
    const error = await clientError(await passwordGrant(account.email, 'wrong-password'));
    expect(error).toMatchObject({
      status: 400,
      error: 'invalid_grant',
      error_description: 'Incorrect email or password.',
    });
    expect(error.response.headers.get('cache-control')).toBe('no-store');
  });

  it('gives another grant type as unsupported_grant_type', async () => {
    const error = await clientError(await passwordGrant(account.email, account.password, 'client_credentials'));
    expect(error).toMatchObject({ status: 400, error: 'unsupported_grant_type' });
    expect(error.error_description).toContain('grant_type=password');
  });

  it.each([
    ['no password', { grant_type: 'password', username: 'someone@example.org' }, 'password is missing.'],
    ['no grant_type', { username: 'someone@example.org', password: 'x' }, 'grant_type is missing.'],
    ['a repeated username', 'grant_type=password&username=a%40b.org&username=c%40d.org&password=x', 'username'],
  ])('answers a form with %s as invalid_request', async (_, form, description) => {
    const res = await t.server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(form).toString(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'invalid_request', error_description: expect.stringContaining(description) });
  });

  it('gives a rate-limited grant as a 429 OAuth2 error with Retry-After', async () => {
    const guessed = accountInput();
    await register(t.server.app, guessed);
    for (let i = 0; i < 3; i++) await clientError(await passwordGrant(guessed.email, 'wrong-password'));
    const error = await clientError(await passwordGrant(guessed.email, guessed.password));
    expect(error).toMatchObject({ status: 429, error: 'invalid_request' });
    expect(error.error_description).toMatch(/^Too many attempts/);
    expect(Number(error.response.headers.get('retry-after'))).toBeGreaterThan(500);
  });

  it('keeps the envelope for JSON logins, failed or not', async () => {
    const json = await t.server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: account.email, password: account.password },
    });
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({ success: true, error: null, data: { token_type: 'bearer' } });
    const wrong = await t.server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'nobody@example.org', password: 'wrong-password', grant_type: 'password' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ success: false, data: null, error: { code: 'invalid_credentials' } });
    const bad = await t.server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { password: 'x' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ success: false, error: { code: 'validation_error' } });
  });

  it('documents both kinds of answer in the OpenAPI document', async () => {
    const doc = (await t.server.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const responses = doc.paths['/api/v1/auth/login'].post.responses;
    const schema = (status: string) => JSON.stringify(responses[status].content['application/json'].schema);
    expect(schema('200')).toContain('expires_in');
    expect(responses['200'].description).toContain('token response');
    for (const status of ['400', '429']) {
      expect(schema(status)).toContain('error_description');
      expect(schema(status)).toContain('invalid_request');
    }
    expect(schema('400')).toContain('unsupported_grant_type');
  });
});
