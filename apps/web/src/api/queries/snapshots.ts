import type { Hosting } from '@hostbay/contract/hosting';
import type { Snapshot, SnapshotList } from '@hostbay/contract/snapshot';
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { api } from '../client';

/** Not under `hostingKeys`: the hosting's refetches (every poll, every reconnect) would refetch the snapshots too. */
export const snapshotKeys = {
  all: ['snapshots'] as const,
  my: () => [...snapshotKeys.all, 'my'] as const,
};

/** How often the list asks again while a snapshot is being taken: it takes seconds, not minutes. */
export const SNAPSHOTS_POLL_MS = 2_000;

export function isBeingTaken(snapshot: Snapshot): boolean {
  return snapshot.state === 'creating';
}

export function mySnapshotsQuery() {
  return queryOptions({
    queryKey: snapshotKeys.my(),
    queryFn: ({ signal }) => api.request<SnapshotList>('/hosting/my/snapshots', { signal }),
  });
}

const snapshotPath = (id: string) => `/hosting/my/snapshots/${encodeURIComponent(id)}`;

/** Answers at once (202) with the snapshot `creating`; it becomes `ready` or `failed` seconds later. */
export function takeSnapshot(name: string): Promise<Snapshot> {
  return api.request<Snapshot>('/hosting/my/snapshots', { method: 'POST', body: { name } });
}

/** Answers at once (202) with the hosting RESTORING. */
export function restoreSnapshot(id: string): Promise<Hosting> {
  return api.request<Hosting>(`${snapshotPath(id)}/restore`, { method: 'POST' });
}

/** Answers the snapshots left. */
export function deleteSnapshot(id: string): Promise<SnapshotList> {
  return api.request<SnapshotList>(snapshotPath(id), { method: 'DELETE' });
}

/** Puts a snapshot just taken at the head of the cached list: the API lists the newest first. */
export function storeSnapshot(queryClient: QueryClient, snapshot: Snapshot): void {
  queryClient.setQueryData<SnapshotList>(
    snapshotKeys.my(),
    (list) => list && { ...list, items: [snapshot, ...list.items.filter((item) => item.id !== snapshot.id)] },
  );
}
