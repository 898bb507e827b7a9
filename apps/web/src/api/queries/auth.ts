import type { LoginResult, RegisterRequest } from '@hostbay/contract/auth';
import type { User } from '@hostbay/contract/user';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../client';

export const authKeys = {
  all: ['auth'] as const,
  me: () => [...authKeys.all, 'me'] as const,
};

export function login(credentials: { email: string; password: string }): Promise<LoginResult> {
  return api.request<LoginResult>('/auth/login', { method: 'POST', body: credentials, auth: false });
}

export function register(request: RegisterRequest): Promise<User> {
  return api.request<User>('/auth/register', { method: 'POST', body: request, auth: false });
}

/** How often a pending account's page asks whether it was approved. */
export const PENDING_RECHECK_MS = 10_000;

export function meQuery() {
  return queryOptions({
    queryKey: authKeys.me(),
    queryFn: ({ signal }) => api.request<User>('/auth/me', { signal }),
    staleTime: 5 * 60_000,
    // An account waiting for approval looks again every few seconds, so that the page changes soon after an admin
    // approves (a newcomer often waits on this page, the admin next to them): one small request while the tab is open.
    refetchInterval: (query) => (query.state.data?.status === 'pending' ? PENDING_RECHECK_MS : false),
  });
}
