import { http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { api } from '../../src/api/client';
import { useAuthStore } from '../../src/stores/authStore';
import { makeUser } from './support/factories';
import { apiPath, fail, ok, server } from './support/msw-server';

describe('authStore', () => {
  it('login stores token and user; a reload (rehydrate) keeps the session; logout forgets both', async () => {
    server.use(
      http.post(apiPath('/auth/login'), () =>
        ok({ access_token: 'jwt-1', token_type: 'bearer', expires_in: 3600, user: makeUser() }),
      ),
    );
    await useAuthStore.getState().login('alice@example.com', 'pw-12345678');
    expect(useAuthStore.getState()).toMatchObject({ isAuthenticated: true, user: { username: 'alice' } });
    expect(api.getToken()).toBe('jwt-1');
    // The ApiClient is the token's one holder: neither the store nor what it persists keeps a copy.
    expect(useAuthStore.getState()).not.toHaveProperty('token');
    expect(window.localStorage.getItem('hostbay.session')).not.toContain('jwt-1');

    // What a reload does: fresh modules, reading only what the browser kept.
    vi.resetModules();
    const reloaded = await import('../../src/stores/authStore');
    const reloadedClient = await import('../../src/api/client');
    expect(reloaded.useAuthStore).not.toBe(useAuthStore);
    expect(reloadedClient.api).not.toBe(api);
    expect(reloaded.useAuthStore.getState()).toMatchObject({ isAuthenticated: true, user: { username: 'alice' } });
    expect(reloadedClient.api.getToken()).toBe('jwt-1');

    useAuthStore.getState().logout();
    expect(useAuthStore.getState()).toMatchObject({ isAuthenticated: false, user: null, notice: 'logged_out' });
    expect(api.getToken()).toBeNull();
    await useAuthStore.persist.rehydrate();
    expect(useAuthStore.getState().isAuthenticated).toBe(false);
  });

  it('does not restore an expired session', async () => {
    api.setToken('old');
    window.localStorage.setItem(
      'hostbay.session',
      JSON.stringify({ state: { user: makeUser(), expiresAt: Date.now() - 1000 }, version: 0 }),
    );
    await useAuthStore.persist.rehydrate();
    expect(useAuthStore.getState().isAuthenticated).toBe(false);
  });

  it('register creates the account and then logs in', async () => {
    const calls: string[] = [];
    server.use(
      http.post(apiPath('/auth/register'), () => {
        calls.push('register');
        return ok(makeUser(), 201);
      }),
      http.post(apiPath('/auth/login'), () => {
        calls.push('login');
        return ok({ access_token: 'jwt-2', token_type: 'bearer', expires_in: 60, user: makeUser() });
      }),
    );
    await useAuthStore.getState().register({ email: 'alice@example.com', username: 'alice', password: 'pw-12345678' });
    expect(calls).toEqual(['register', 'login']);
    expect(useAuthStore.getState().isAuthenticated).toBe(true);
  });

  it('a failed login leaves the user signed out', async () => {
    server.use(http.post(apiPath('/auth/login'), () => fail(401, 'invalid_credentials', 'Invalid email or password.')));
    await expect(useAuthStore.getState().login('a@b.c', 'x')).rejects.toMatchObject({ code: 'invalid_credentials' });
    expect(useAuthStore.getState().isAuthenticated).toBe(false);
  });
});
