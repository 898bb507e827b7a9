import type { Hosting } from '@hostbay/contract/hosting';
import { useQuery, useQueryClient, type QueryObserverResult } from '@tanstack/react-query';
import { useCallback } from 'react';
import { hostingKeys, myHostingQuery, storeHosting } from '../api/queries/hosting';
import { pollInterval } from '../lib/hosting-policy';
import { useHostingEvents, type EventSourceFactory } from './useHostingEvents';
import { usePageVisible } from './usePageVisible';
import { useSessionToken } from './useSessionToken';

/** How the screen is being kept fresh right now. */
export type LiveMode = 'stream' | 'polling' | 'paused' | 'idle';

/** What the screen knows of the hosting now, and how it keeps that fresh. */
export interface HostingLiveState {
  hosting: Hosting | null | undefined;
  isPending: boolean;
  /** The first load failed: there is nothing to show. */
  loadError: Error | null;
  /** A later update failed: the data shown may be stale; updates keep trying. */
  updateError: Error | null;
  /** Epoch ms of the last successful update, or null before the first. */
  lastUpdated: number | null;
  mode: LiveMode;
  /** The polling period in ms when polling. */
  interval: number | false;
  refetch: () => Promise<QueryObserverResult<Hosting | null>>;
  isFetching: boolean;
}

/**
 * The user's hosting, kept live: pushed by the server-sent events stream when it
 * is open, otherwise polled (3 s while it changes, 10 s while it runs, never on
 * ERROR). Nothing runs while the tab is hidden or after unmount.
 */
export function useHostingStatus(options: { createEventSource?: EventSourceFactory | null } = {}): HostingLiveState {
  const queryClient = useQueryClient();
  const visible = usePageVisible();
  const token = useSessionToken();

  const onHosting = useCallback(
    (hosting: Hosting | null) => {
      // A fetch still in flight holds older news than this event: drop it first, so it cannot overwrite the event.
      void queryClient.cancelQueries({ queryKey: hostingKeys.my() }).then(() => storeHosting(queryClient, hosting));
    },
    [queryClient],
  );
  // Both refetch: after a reconnect to catch up, after a refusal or an end to learn why (a 401 ends the session).
  const refetchHosting = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: hostingKeys.my() }),
    [queryClient],
  );
  const streaming = useHostingEvents({
    enabled: visible,
    token,
    onHosting,
    onConnected: refetchHosting,
    onInterrupted: refetchHosting,
    ...(options.createEventSource !== undefined && { createEventSource: options.createEventSource }),
  });

  const query = useQuery({
    ...myHostingQuery(),
    refetchInterval: (q) => (streaming || !visible ? false : pollInterval(q.state.data?.status)),
    refetchIntervalInBackground: false,
  });

  const interval = pollInterval(query.data?.status);
  const mode: LiveMode = !visible ? 'paused' : streaming ? 'stream' : interval ? 'polling' : 'idle';
  const hasData = query.data !== undefined;

  return {
    hosting: query.data,
    isPending: query.isPending,
    loadError: hasData ? null : query.error,
    updateError: hasData ? query.error : null,
    lastUpdated: query.dataUpdatedAt || null,
    mode,
    interval: mode === 'polling' ? interval : false,
    refetch: query.refetch,
    isFetching: query.isFetching,
  };
}
