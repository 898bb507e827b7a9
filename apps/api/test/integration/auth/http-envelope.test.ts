import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../support/databases.js';
import { signedUpUser } from '../../support/factories.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

const kind = DATABASE_KINDS[0]!;

describe('the response envelope and HTTP hygiene', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(kind);
  });
  afterAll(() => t.close());

  it('answers unknown routes with a 404 envelope carrying the request id', async () => {
    const res = await t.server.app.inject({ method: 'GET', url: '/api/v1/nothing-here?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      success: false,
      message: 'No route for GET /api/v1/nothing-here.',
      data: null,
      error: { code: 'not_found', request_id: res.headers['x-request-id'] },
    });
  });

  it('answers malformed JSON with 400 invalid_json', async () => {
    const res = await t.server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ success: false, data: null, error: { code: 'invalid_json' } });
  });

  it('answers an oversized body with 413 in the envelope', async () => {
    const res = await t.server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@b.org', username: 'abc', password: 'x'.repeat(t.config.server.bodyLimit) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });

  it('answers an unsupported content type with 415 in the envelope', async () => {
    const res = await t.server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/xml' },
      payload: '<login/>',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('unsupported_media_type');
  });

  it('hides internals of a 500 but logs them under the request id it returns', async () => {
    const broken = await startTestServer(kind);
    const { token } = await signedUpUser(broken.server.app);
    await broken.server.database.close();
    const res = await broken.server.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    await broken.server.app.close();
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body).toMatchObject({
      success: false,
      data: null,
      error: { code: 'internal_error', request_id: res.headers['x-request-id'] },
    });
    expect(res.body).not.toMatch(/kysely|sqlite|stack|destroy|at /i);
  });

  it('sets security headers and no CORS headers unless configured', async () => {
    const res = await t.server.app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { origin: 'https://evil.example' },
    });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // A JSON answer may not be framed, loaded as anything or cached.
    expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('gives pages (the API docs, the dashboard) a policy that lets them load their own scripts', async () => {
    const res = await t.server.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('allows only the configured CORS origins', async () => {
    const cors = await startTestServer(kind, { HOSTBAY_CORS_ORIGINS: 'https://app.example.org' });
    try {
      const allowed = await cors.server.app.inject({
        method: 'GET',
        url: '/api/health',
        headers: { origin: 'https://app.example.org' },
      });
      expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.org');
      const other = await cors.server.app.inject({
        method: 'GET',
        url: '/api/health',
        headers: { origin: 'https://evil.example' },
      });
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
      // The preflight route answers OPTIONS on every path: that makes no path known to the 405.
      const unknown = await cors.server.app.inject({ method: 'PUT', url: '/api/v1/nothing-here' });
      expect(unknown.statusCode).toBe(404);
      const known = await cors.server.app.inject({ method: 'PUT', url: '/api/v1/auth/me' });
      expect([known.statusCode, known.headers.allow]).toEqual([405, 'GET, HEAD, OPTIONS']);
    } finally {
      await cors.close();
    }
  });

  it('publishes the OpenAPI document generated from the schemas, and Swagger UI', async () => {
    const spec = await t.server.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(spec.statusCode).toBe(200);
    const doc = spec.json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/register', '/api/v1/auth/login', '/api/v1/auth/me']),
    );
    const registerBody = doc.paths['/api/v1/auth/register'].post.requestBody.content['application/json'].schema;
    expect(registerBody.properties.username.maxLength).toBe(32);
    expect(registerBody.properties.email).toMatchObject({ type: 'string', format: 'email', maxLength: 254 });
    const invalid = doc.paths['/api/v1/auth/register'].post.responses['422'].content['application/json'].schema;
    const details = invalid.properties.error.properties.details.anyOf[0];
    expect(details.items.properties).toMatchObject({ field: {}, message: {}, code: { type: 'string' } });
    expect(details.items.required).toEqual(['field', 'message']);
    const ui = await t.server.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
  });
});
