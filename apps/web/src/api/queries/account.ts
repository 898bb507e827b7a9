import type { AccountPlan } from '@hostbay/contract/plan';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../client';

export const accountKeys = {
  all: ['account'] as const,
  plan: () => [...accountKeys.all, 'plan'] as const,
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
