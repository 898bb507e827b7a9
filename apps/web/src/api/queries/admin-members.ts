import type { AccountDeletion, PasswordReset } from '@hostbay/contract/account';
import type { AdminUser } from '@hostbay/contract/admin';
import type { UserPlanAssignment } from '@hostbay/contract/plan';
import type { AccountSuspension } from '@hostbay/contract/suspension';
import type { User } from '@hostbay/contract/user';
import { api } from '../client';
import { adminListQuery } from './admin';

/** The members list's filters, as they stand in the page's URL and in GET /admin/users ("" = no filter). */
export interface MemberFilters {
  q: string;
  status: string;
  role: string;
  /** A plan's id, or `default` for members on the default plan. */
  plan: string;
}

export const MEMBER_FILTER_NAMES = ['q', 'status', 'role', 'plan'] as const satisfies readonly (keyof MemberFilters)[];

/** Members, newest first, one keyset page at a time. */
export function membersListQuery(filters: MemberFilters) {
  return adminListQuery<AdminUser>('/admin/users', { ...filters });
}

const userPath = (id: string) => `/admin/users/${encodeURIComponent(id)}`;

export function approveMember(id: string): Promise<User> {
  return api.request<User>(`${userPath(id)}/approve`, { method: 'POST' });
}

export function suspendMember(id: string, reason: string): Promise<AccountSuspension> {
  return api.request<AccountSuspension>(`${userPath(id)}/suspend`, { method: 'POST', body: { reason } });
}

export function unsuspendMember(id: string): Promise<AccountSuspension> {
  return api.request<AccountSuspension>(`${userPath(id)}/unsuspend`, { method: 'POST' });
}

export function setMemberRole(
  id: string,
  role: 'member' | 'admin',
): Promise<Pick<AdminUser, 'id' | 'username' | 'is_admin'>> {
  return api.request(`${userPath(id)}/role`, { method: 'PUT', body: { role } });
}

/** `planId` null puts the member on the default plan. */
export function assignMemberPlan(id: string, planId: string | null): Promise<UserPlanAssignment> {
  return api.request<UserPlanAssignment>(`${userPath(id)}/plan`, { method: 'PUT', body: { plan_id: planId } });
}

/** The new password is in this answer only: the caller shows it once and never caches it. */
export function resetMemberPassword(id: string): Promise<PasswordReset> {
  return api.request<PasswordReset>(`${userPath(id)}/password-reset`, { method: 'POST' });
}

export function deleteMember(id: string): Promise<AccountDeletion> {
  return api.request<AccountDeletion>(userPath(id), { method: 'DELETE' });
}
