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

export function meQuery() {
  return queryOptions({
    queryKey: authKeys.me(),
    queryFn: ({ signal }) => api.request<User>('/auth/me', { signal }),
    staleTime: 5 * 60_000,
    // An account waiting for approval looks again now and then, so that the page changes once an admin approves.
    refetchInterval: (query) => (query.state.data?.status === 'pending' ? 30_000 : false),
  });
}
