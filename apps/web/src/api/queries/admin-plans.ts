import type { AdminPlan, CreatePlanRequest, UpdatePlanRequest } from '@hostbay/contract/plan';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../client';
import { adminKeys } from './admin';

/**
 * Every plan, the default one first (no id), each with how many members are on it: the Plans page,
 * and the Members page's plan column, filter and picker. Changes invalidate it with `adminKeys.all`.
 */
export function adminPlansQuery() {
  return queryOptions({
    queryKey: adminKeys.plans(),
    queryFn: ({ signal }) => api.request<AdminPlan[]>('/admin/plans', { signal }),
    staleTime: 60_000,
  });
}

export function createPlan(body: CreatePlanRequest): Promise<AdminPlan> {
  return api.request<AdminPlan>('/admin/plans', { method: 'POST', body });
}

export function updatePlan(id: string, body: UpdatePlanRequest): Promise<AdminPlan> {
  return api.request<AdminPlan>(`/admin/plans/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

/** Refused with 409 `plan_in_use` while members are on the plan. */
export function deletePlan(id: string): Promise<AdminPlan> {
  return api.request<AdminPlan>(`/admin/plans/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
