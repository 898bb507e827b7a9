import type { ErrorCode } from '@hostbay/contract/envelope';
import type { CreatedHosting, CreateHostingRequest, Hosting, HostingAction } from '@hostbay/contract/hosting';
import { queryOptions, replaceEqualDeep, type QueryClient } from '@tanstack/react-query';
import { api } from '../client';
import { isApiError } from '../errors';

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
    // A poll answered after a newer event must not roll the screen back (see `isOlder`).
    structuralSharing: (cached: unknown, fetched: unknown) =>
      replaceEqualDeep(cached, isOlder(fetched as Hosting | null, cached as Hosting | null) ? cached : fetched),
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

/** The newest moment a hosting snapshot knows of: its own change or any step's start or end. */
function lastChange(hosting: Hosting): string {
  let latest = hosting.updated_at;
  for (const step of hosting.steps) {
    for (const at of [step.started_at, step.finished_at]) if (at !== null && at > latest) latest = at;
  }
  return latest;
}

/**
 * Puts a hosting the API just returned into the cache, without the one-time
 * password. Answers can arrive out of order (a create's 202 after the event
 * that its first step finished): an older snapshot of the same hosting never
 * replaces a newer one, so the steps never seem to go backwards.
 */
export function storeHosting(queryClient: QueryClient, hosting: Hosting | CreatedHosting | null): void {
  let incoming: Hosting | null = hosting;
  if (hosting && 'initial_password' in hosting) {
    // The password is shown once by the screen that created it and never kept in the cache.
    const { initial_password: _secret, ...rest } = hosting;
    incoming = rest;
  }
  if (isOlder(incoming, queryClient.getQueryData<Hosting | null>(hostingKeys.my()))) return;
  queryClient.setQueryData(hostingKeys.my(), incoming);
}

/** Whether `incoming` is an older snapshot of the hosting already shown. "None" is never older. */
function isOlder(incoming: Hosting | null, cached: Hosting | null | undefined): boolean {
  return !!incoming && !!cached && cached.id === incoming.id && lastChange(cached) > lastChange(incoming);
}

/** The events stream URL. EventSource cannot send headers, so the token travels as a query parameter. */
export function hostingEventsUrl(token: string): string {
  return api.url('/hosting/my/events', { access_token: token });
}
