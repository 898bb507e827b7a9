import type { Hosting } from '@hostbay/contract/hosting';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { isBeingTaken, mySnapshotsQuery, SNAPSHOTS_POLL_MS, snapshotKeys } from '../api/queries/snapshots';

/**
 * The member's snapshots, kept fresh by the hosting: a snapshot's job ends with a hosting event
 * (its step is done), so any change to the hosting asks for the list again. While one is being
 * taken the list also asks every 2 s, for when no event stream is open.
 */
export function useMySnapshots(hosting: Hosting) {
  const queryClient = useQueryClient();
  const seen = useRef(hosting);
  useEffect(() => {
    // The cache hands back the same object while nothing in the hosting changed (structural sharing).
    if (seen.current === hosting) return;
    seen.current = hosting;
    void queryClient.invalidateQueries({ queryKey: snapshotKeys.my() });
  }, [hosting, queryClient]);

  return useQuery({
    ...mySnapshotsQuery(),
    refetchInterval: (q) => (q.state.data?.items.some(isBeingTaken) ? SNAPSHOTS_POLL_MS : false),
  });
}
