import { useMutation, useQueryClient } from '@tanstack/react-query';
import { storeHosting } from '../api/queries/hosting';
import { deleteSnapshot, restoreSnapshot, snapshotKeys, storeSnapshot, takeSnapshot } from '../api/queries/snapshots';

/** Each mutation writes what the API answered into the cache, so the page moves without a refetch. */
export function useTakeSnapshot() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => takeSnapshot(name),
    onSuccess: (taken) => storeSnapshot(queryClient, taken),
  });
}

/** A restore answers the hosting (RESTORING), not a snapshot: the status and its steps show the rest. */
export function useRestoreSnapshot() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => restoreSnapshot(id),
    onSuccess: (hosting) => storeHosting(queryClient, hosting),
  });
}

export function useDeleteSnapshot() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteSnapshot(id),
    onSuccess: (left) => queryClient.setQueryData(snapshotKeys.my(), left),
  });
}
