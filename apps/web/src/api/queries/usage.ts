import type { HostingUsage, UsageRange } from '@hostbay/contract/usage';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../client';

/** Not under `hostingKeys`: the hosting's refetches (every poll, every event) would refetch the usage too. */
export const usageKeys = {
  all: ['usage'] as const,
  my: (range: UsageRange) => [...usageKeys.all, 'my', range] as const,
};

/**
 * How often each range asks again: as often as a new point can appear (the worker samples every 10 s;
 * a day's points are a minute apart, 30 days' ten minutes).
 */
export const USAGE_REFRESH_MS: Record<UsageRange, number> = { '1h': 10_000, '24h': 60_000, '30d': 600_000 };

export function myUsageQuery(range: UsageRange) {
  return queryOptions({
    queryKey: usageKeys.my(range),
    queryFn: ({ signal }) => api.request<HostingUsage>(`/hosting/my/usage?range=${range}`, { signal }),
  });
}
