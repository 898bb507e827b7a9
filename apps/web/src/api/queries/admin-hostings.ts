import type { AdminHosting } from '@hostbay/contract/admin';
import type { Hosting, HostingAction, HostingStatus } from '@hostbay/contract/hosting';
import { api } from '../client';
import { adminListQuery } from './admin';

/** Every member's hosting, newest first, optionally in one state. */
export function adminHostingsQuery(status: HostingStatus | null) {
  return adminListQuery<AdminHosting>('/admin/hostings', status ? { status } : {});
}

export function runAdminHostingAction(id: string, action: HostingAction): Promise<Hosting> {
  return api.request<Hosting>(`/admin/hostings/${encodeURIComponent(id)}/actions`, {
    method: 'POST',
    body: { action },
  });
}

export function deleteAdminHosting(id: string): Promise<Hosting> {
  return api.request<Hosting>(`/admin/hostings/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
