import type { SignupInfo } from '@hostbay/contract/signup';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../client';

export const signupKeys = {
  all: ['signup'] as const,
  info: (invite: string | null) => [...signupKeys.all, 'info', invite] as const,
};

/** Who may sign up here and, with an invitation token, whether it still works and for which email. */
export function signupInfoQuery(invite: string | null) {
  return queryOptions({
    queryKey: signupKeys.info(invite),
    queryFn: ({ signal }) =>
      api.request<SignupInfo>(invite === null ? '/auth/signup' : `/auth/signup?invite=${encodeURIComponent(invite)}`, {
        signal,
        auth: false,
      }),
    staleTime: 60_000,
  });
}
