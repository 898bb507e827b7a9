import type { CustomDomain, DomainList } from '@hostbay/contract/tls';
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { api } from '../client';

/** Not under `hostingKeys`: the hosting's refetches (every poll, every reconnect) would refetch the domains too. */
export const domainKeys = {
  all: ['domains'] as const,
  my: () => [...domainKeys.all, 'my'] as const,
};

/** How often the list asks again while a domain is still on its way (DNS, route or certificate). */
export const DOMAINS_POLL_MS = 5_000;

/** Whether a domain is still on its way: its DNS does not point here yet, or a later step is under way. */
export function isUnfinished(domain: CustomDomain): boolean {
  return (
    domain.dns.state !== 'ok' ||
    domain.steps.some((step) => step.name !== 'dns' && (step.state === 'running' || step.state === 'pending'))
  );
}

export function myDomainsQuery() {
  return queryOptions({
    queryKey: domainKeys.my(),
    queryFn: ({ signal }) => api.request<DomainList>('/hosting/my/domains', { signal }),
  });
}

const domainPath = (domain: string) => `/hosting/my/domains/${encodeURIComponent(domain)}`;

export function addDomain(domain: string): Promise<CustomDomain> {
  return api.request<CustomDomain>('/hosting/my/domains', { method: 'POST', body: { domain } });
}

export function checkDomain(domain: string): Promise<CustomDomain> {
  return api.request<CustomDomain>(`${domainPath(domain)}/check`, { method: 'POST' });
}

/** Answers the domains left. */
export function removeDomain(domain: string): Promise<DomainList> {
  return api.request<DomainList>(domainPath(domain), { method: 'DELETE' });
}

/** Puts one domain the API just answered into the cached list: in its place, or at the end when new. */
export function storeDomain(queryClient: QueryClient, domain: CustomDomain): void {
  queryClient.setQueryData<DomainList>(domainKeys.my(), (list) => {
    if (!list) return list;
    const known = list.items.some((item) => item.domain === domain.domain);
    return {
      ...list,
      items: known
        ? list.items.map((item) => (item.domain === domain.domain ? domain : item))
        : [...list.items, domain],
    };
  });
}
