import type { AccountPlan } from '@hostbay/contract/plan';
import type {
  AccountDeleteRequest,
  AccountDeletion,
  Activity,
  PasswordChangeRequest,
  PasswordChangeResult,
} from '@hostbay/contract/account';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../client';

export const accountKeys = {
  all: ['account'] as const,
  plan: () => [...accountKeys.all, 'plan'] as const,
  activity: () => [...accountKeys.all, 'activity'] as const,
};

/** The member's plan and what their hosting has now. */
export function accountPlanQuery() {
  return queryOptions({
    queryKey: accountKeys.plan(),
    queryFn: ({ signal }) => api.request<AccountPlan>('/account/plan', { signal }),
    // Short: creating, deleting or starting the hosting changes the usage shown.
    staleTime: 5_000,
  });
}

export function changePassword(request: PasswordChangeRequest): Promise<PasswordChangeResult> {
  return api.request<PasswordChangeResult>('/auth/password', { method: 'POST', body: request });
}

export function deleteAccount(request: AccountDeleteRequest): Promise<AccountDeletion> {
  return api.request<AccountDeletion>('/auth/account', { method: 'DELETE', body: request });
}

export function activityQuery() {
  return queryOptions({
    queryKey: accountKeys.activity(),
    queryFn: async ({ signal }) => (await api.request<Activity>('/auth/activity', { signal })).entries,
    staleTime: 30_000,
  });
}
