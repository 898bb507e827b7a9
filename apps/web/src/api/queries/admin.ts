import { infiniteQueryOptions } from '@tanstack/react-query';
import { api } from '../client';

/** Query keys of the admin pages; `adminKeys.all` invalidates every one of them after a change. */
export const adminKeys = {
  all: ['admin'] as const,
  list: (path: string, filters: Record<string, string>) => [...adminKeys.all, 'list', path, filters] as const,
  overview: () => [...adminKeys.all, 'overview'] as const,
  plans: () => [...adminKeys.all, 'plans'] as const,
  backups: () => [...adminKeys.all, 'backups'] as const,
};

/** One page of an admin list as the API answers it (keyset: `next` is null on the last page). */
export interface KeysetPage<Item> {
  items: Item[];
  next: string | null;
}

/** The query string of a list request: empty filters are left out, the cursor goes in `after`. */
export function listQueryString(filters: Record<string, string>, after: string | null): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value !== '') params.set(key, value);
  if (after) params.set('after', after);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * An admin list (`/admin/users`, `/admin/hostings`, `/admin/audit`, ...) read page by page:
 * "Show more" asks for the page after the last cursor, so a list of 10,000 never loads at once.
 */
export function adminListQuery<Item>(path: string, filters: Record<string, string> = {}) {
  return infiniteQueryOptions({
    queryKey: adminKeys.list(path, filters),
    queryFn: ({ pageParam, signal }) =>
      api.request<KeysetPage<Item>>(`${path}${listQueryString(filters, pageParam)}`, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
  });
}
