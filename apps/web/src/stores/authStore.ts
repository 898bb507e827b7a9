import type { RegisterRequest } from '@hostbay/contract/auth';
import type { User } from '@hostbay/contract/user';
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { login as loginRequest, register as registerRequest } from '../api/queries/auth';
import { api } from '../api/client';

/** Why the user was sent back to the login page, shown there once. */
export type SessionNotice = 'session_expired' | 'logged_out' | 'account_deleted' | 'account_suspended';

interface AuthState {
  user: User | null;
  /** Epoch milliseconds after which the token is no longer accepted. */
  expiresAt: number | null;
  isAuthenticated: boolean;
  notice: SessionNotice | null;
  /** With `account_suspended`: the reason the operator gave, if any. */
  noticeReason: string | null;
  login: (email: string, password: string) => Promise<User>;
  register: (request: RegisterRequest) => Promise<User>;
  logout: (notice?: SessionNotice, reason?: string | null) => void;
  /** Carries on with a new token (after a password change, which ended every token before it). */
  renewSession: (token: string, expiresIn: number) => void;
  setUser: (user: User) => void;
  clearNotice: () => void;
}

const signedOut = { user: null, expiresAt: null, isAuthenticated: false } as const;

/**
 * Client-side session state. The token itself is kept only by the ApiClient
 * (localStorage; read it with `api.getToken()` or `useSessionToken()`); the user
 * and expiry are persisted here, so a reload keeps the session.
 */
export const useAuthStore = create<AuthState>()(
  persist(
    (set, get) => ({
      ...signedOut,
      notice: null,
      noticeReason: null,

      async login(email, password) {
        const result = await loginRequest({ email, password });
        api.setToken(result.access_token);
        set({
          user: result.user,
          expiresAt: Date.now() + result.expires_in * 1000,
          isAuthenticated: true,
          notice: null,
          noticeReason: null,
        });
        return result.user;
      },

      async register(request) {
        await registerRequest(request);
        // A new account signs in straight away with the password just chosen.
        return get().login(request.email, request.password);
      },

      logout(notice = 'logged_out', reason = null) {
        api.setToken(null);
        set({ ...signedOut, notice, noticeReason: reason });
      },

      renewSession(token, expiresIn) {
        api.setToken(token);
        set({ expiresAt: Date.now() + expiresIn * 1000 });
      },

      setUser(user) {
        set({ user });
      },

      clearNotice() {
        set({ notice: null, noticeReason: null });
      },
    }),
    {
      name: 'hostbay.session',
      storage: createJSONStorage(() => window.localStorage),
      partialize: (state) => ({ user: state.user, expiresAt: state.expiresAt }),
      // The token comes from the ApiClient's storage; a session counts only when both halves are there and fresh.
      merge: (persisted, current) => {
        const saved = (persisted ?? {}) as Partial<Pick<AuthState, 'user' | 'expiresAt'>>;
        const fresh = saved.expiresAt == null || saved.expiresAt > Date.now();
        if (!api.getToken() || !saved.user || !fresh) return { ...current, ...signedOut };
        return { ...current, user: saved.user, expiresAt: saved.expiresAt ?? null, isAuthenticated: true };
      },
    },
  ),
);

export const selectUser = (state: AuthState) => state.user;
export const selectIsAuthenticated = (state: AuthState) => state.isAuthenticated;
export const selectNotice = (state: AuthState) => state.notice;
export const selectNoticeReason = (state: AuthState) => state.noticeReason;
export const selectLogin = (state: AuthState) => state.login;
export const selectRegister = (state: AuthState) => state.register;
export const selectLogout = (state: AuthState) => state.logout;
export const selectRenewSession = (state: AuthState) => state.renewSession;
export const selectSetUser = (state: AuthState) => state.setUser;
export const selectClearNotice = (state: AuthState) => state.clearNotice;
