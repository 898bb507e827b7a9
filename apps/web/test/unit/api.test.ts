import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../../src/api/client';
import { ApiError } from '../../src/api/errors';
import { apiPath, fail, ok, server } from './support/msw-server';

function client() {
  const storage = new Map<string, string>();
  return new ApiClient('/api/v1', {
    getItem: (key) => storage.get(key) ?? null,
    setItem: (key, value) => void storage.set(key, value),
    removeItem: (key) => void storage.delete(key),
  });
}

describe('ApiClient', () => {
  it('keeps the token and attaches it as a bearer header', async () => {
    const api = client();
    let seen: string | null = null;
    server.use(
      http.get(apiPath('/auth/me'), ({ request }) => {
        seen = request.headers.get('authorization');
        return ok({ username: 'alice' });
      }),
    );
    api.setToken('abc');
    expect(api.getToken()).toBe('abc');
    await expect(api.request('/auth/me')).resolves.toEqual({ username: 'alice' });
    expect(seen).toBe('Bearer abc');
    api.setToken(null);
    expect(api.getToken()).toBeNull();
  });

  it('tells its token listeners about every change, until they unsubscribe', () => {
    const api = client();
    const seen: (string | null)[] = [];
    const off = api.onTokenChange(() => seen.push(api.getToken()));
    api.setToken('abc');
    api.setToken(null);
    off();
    api.setToken('later');
    expect(seen).toEqual(['abc', null]);
  });

  it('sends no token when asked not to (login)', async () => {
    const api = client();
    api.setToken('abc');
    let seen: string | null = 'unset';
    server.use(
      http.post(apiPath('/auth/login'), async ({ request }) => {
        seen = request.headers.get('authorization');
        expect(await request.json()).toEqual({ email: 'a@b.c', password: 'pw' });
        return ok({ access_token: 't' });
      }),
    );
    await api.request('/auth/login', { method: 'POST', body: { email: 'a@b.c', password: 'pw' }, auth: false });
    expect(seen).toBeNull();
  });

  it('turns a failed envelope into an ApiError with the server message, code and field errors', async () => {
    const api = client();
    server.use(
      http.post(apiPath('/auth/register'), () =>
        fail(422, 'validation_error', 'Some fields are invalid.', {
          details: [{ field: 'username', message: 'This username is reserved.' }],
        }),
      ),
    );
    const error = await api.request('/auth/register', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 422,
      code: 'validation_error',
      message: 'Some fields are invalid.',
      requestId: 'req-test',
    });
    expect((error as ApiError).fieldErrors).toEqual([{ field: 'username', message: 'This username is reserved.' }]);
  });

  it('reads Retry-After on 429', async () => {
    const api = client();
    server.use(
      http.post(apiPath('/auth/login'), () =>
        fail(429, 'rate_limited', 'Too many requests.', { headers: { 'Retry-After': '42' } }),
      ),
    );
    const error = await api.request('/auth/login', { method: 'POST', auth: false }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'rate_limited', retryAfter: 42 });
  });

  it('reports a 401 on an authenticated request to its listeners, and not one on login', async () => {
    const api = client();
    const listener = vi.fn();
    api.onUnauthorized(listener);
    server.use(
      http.get(apiPath('/auth/me'), () => fail(401, 'unauthenticated', 'Log in first.')),
      http.post(apiPath('/auth/login'), () => fail(401, 'invalid_credentials', 'Wrong email or password.')),
    );
    await expect(api.request('/auth/login', { method: 'POST', auth: false })).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    expect(listener).not.toHaveBeenCalled();
    api.setToken('expired');
    await expect(api.request('/auth/me')).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(listener).toHaveBeenCalledOnce();
  });

  it('describes a non-JSON error page by its status, and an unreachable server as a network error', async () => {
    const api = client();
    server.use(http.get(apiPath('/hosting/my'), () => new HttpResponse('<h1>Bad gateway</h1>', { status: 502 })));
    await expect(api.request('/hosting/my')).rejects.toMatchObject({ status: 502, code: 'http_502' });
    server.use(http.get(apiPath('/hosting/my'), () => HttpResponse.error()));
    await expect(api.request('/hosting/my')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('downloads a file with the token, and reads a refusal as an ApiError that a 401 reports', async () => {
    const api = client();
    const listener = vi.fn();
    api.onUnauthorized(listener);
    let seen: string | null = null;
    server.use(
      http.get(apiPath('/admin/audit/export.csv'), ({ request }) => {
        seen = request.headers.get('authorization');
        return new HttpResponse('at,action\n2025-03-02T10:15:00.000Z,auth.login\n', {
          headers: { 'content-type': 'text/csv; charset=utf-8' },
        });
      }),
    );
    api.setToken('abc');
    const blob = await api.download('/admin/audit/export.csv');
    expect(seen).toBe('Bearer abc');
    expect(blob.type).toMatch(/^text\/csv/);
    await expect(blob.text()).resolves.toBe('at,action\n2025-03-02T10:15:00.000Z,auth.login\n');
    expect(listener).not.toHaveBeenCalled();

    server.use(http.get(apiPath('/admin/audit/export.csv'), () => fail(403, 'forbidden', 'Admins only.')));
    await expect(api.download('/admin/audit/export.csv')).rejects.toMatchObject({ status: 403, code: 'forbidden' });
    server.use(http.get(apiPath('/admin/audit/export.csv'), () => fail(401, 'unauthenticated', 'Log in first.')));
    await expect(api.download('/admin/audit/export.csv')).rejects.toMatchObject({ status: 401 });
    expect(listener).toHaveBeenCalledOnce();
  });
});
