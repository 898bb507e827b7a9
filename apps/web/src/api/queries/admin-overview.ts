import type { Overview } from '@hostbay/contract/admin';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../client';
import { adminKeys } from './admin';

/** How often the overview asks again while it is on screen: counts move as members create and delete. */
export const OVERVIEW_REFRESH_MS = 30_000;

/** Hostings by state, resources allotted against the host's, capacity, members by status. */
export function adminOverviewQuery() {
  return queryOptions({
    queryKey: adminKeys.overview(),
    queryFn: ({ signal }) => api.request<Overview>('/admin/overview', { signal }),
  });
}
