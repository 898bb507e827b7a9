import type { AdminUserPage } from '@hostbay/contract/admin';
import type { CreatedInvitation, CreateInvitationRequest, Invitation } from '@hostbay/contract/signup';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../client';
import { adminKeys, adminListQuery } from './admin';

export const invitationKeys = {
  adminNames: () => [...adminKeys.all, 'admin-names'] as const,
};

/** The invitations, newest first, page by page like every admin list. */
export function invitationListQuery() {
  return adminListQuery<Invitation>('/admin/invitations');
}

/**
 * Who made the invitations: the API names them by id only, and only admins make
 * them, so the admins' usernames (a short list) put a name on each.
 */
export function adminNamesQuery() {
  return queryOptions({
    queryKey: invitationKeys.adminNames(),
    queryFn: async ({ signal }) => {
      const page = await api.request<AdminUserPage>('/admin/users?role=admin&limit=100', { signal });
      return new Map(page.items.map((user) => [user.id, user.username]));
    },
    staleTime: 5 * 60_000,
  });
}

/** The answer carries the token: the only time it is ever seen. */
export function createInvitation(body: CreateInvitationRequest): Promise<CreatedInvitation> {
  return api.request<CreatedInvitation>('/admin/invitations', { method: 'POST', body });
}

export function revokeInvitation(id: string): Promise<Invitation> {
  return api.request<Invitation>(`/admin/invitations/${encodeURIComponent(id)}/revoke`, { method: 'POST' });
}

/** The sign-up link as the register page reads it, on the address this dashboard is reached at. */
export function invitationLink(token: string, origin: string = window.location.origin): string {
  const url = new URL('/register', origin);
  url.searchParams.set('invite', token);
  return url.toString();
}
