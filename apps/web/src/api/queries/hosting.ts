import type { ErrorCode } from '@hostbay/contract/envelope';
import type { CreatedHosting, CreateHostingRequest, Hosting, HostingAction } from '@hostbay/contract/hosting';
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../lib/api';

const NOT_FOUND: ErrorCode = 'not_found';

export const hostingKeys = {
  all: ['hosting'] as const,
  my: () => [...hostingKeys.all, 'my'] as const,
};

/** The user's hosting, or null when they have none (the API answers 404). */
export async function fetchMyHosting(signal?: AbortSignal): Promise<Hosting | null> {
  try {
    return await api.request<Hosting>('/hosting/my', { signal });
  } catch (error) {
    if (isApiError(error, NOT_FOUND)) return null;
    throw error;
  }
}

export function myHostingQuery() {
  return queryOptions({
    queryKey: hostingKeys.my(),
    queryFn: ({ signal }) => fetchMyHosting(signal),
  });
}

export function createHosting(request: CreateHostingRequest): Promise<CreatedHosting> {
  return api.request<CreatedHosting>('/hosting', { method: 'POST', body: request });
}

export function deleteHosting(): Promise<Hosting> {
  return api.request<Hosting>('/hosting/my', { method: 'DELETE' });
}

export function runHostingAction(action: HostingAction): Promise<Hosting> {
  return api.request<Hosting>('/hosting/my/actions', { method: 'POST', body: { action } });
}

/** Puts a hosting the API just returned into the cache, without the one-time password. */
export function storeHosting(queryClient: QueryClient, hosting: Hosting | CreatedHosting | null): void {
  if (hosting && 'initial_password' in hosting) {
    // The password is shown once by the screen that created it and never kept in the cache.
    const { initial_password: _secret, ...rest } = hosting;
    queryClient.setQueryData(hostingKeys.my(), rest);
    return;
  }
  queryClient.setQueryData(hostingKeys.my(), hosting);
}

/** The events stream URL. EventSource cannot send headers, so the token travels as a query parameter. */
export function hostingEventsUrl(token: string): string {
  return api.url('/hosting/my/events', { access_token: token });
}
