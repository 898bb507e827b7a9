import type { Hosting, HostingEvent } from '@hostbay/contract/hosting';
import { useEffect, useRef, useState } from 'react';
import { hostingEventsUrl } from '../api/queries/hosting';

export type EventSourceFactory = (url: string) => EventSource;

export const browserEventSource: EventSourceFactory | null =
  typeof EventSource === 'undefined' ? null : (url) => new EventSource(url);

/** First wait before opening a refused stream again; doubles up to the maximum. */
export const STREAM_RETRY_MS = 5_000;
const STREAM_RETRY_MAX_MS = 60_000;
/** EventSource.CLOSED, spelled out so that code paths without a global EventSource still load. */
const CLOSED = 2;

interface Options {
  /** Open the stream only while this is true (tab visible, signed in). */
  enabled: boolean;
  token: string | null;
  onHosting: (hosting: Hosting | null) => void;
  /** Called when the stream (re)connects, so that changes missed while it was down are fetched. */
  onConnected: () => void;
  createEventSource?: EventSourceFactory | null;
}

/**
 * Follows GET /hosting/my/events. Returns whether the stream is connected; while it
 * is not, the caller polls. EventSource retries dropped connections by itself; a
 * stream the server refused (closed) is reopened here after a growing delay.
 */
export function useHostingEvents({
  enabled,
  token,
  onHosting,
  onConnected,
  createEventSource = browserEventSource,
}: Options): boolean {
  const [connected, setConnected] = useState(false);
  const handlers = useRef({ onHosting, onConnected });
  handlers.current = { onHosting, onConnected };

  useEffect(() => {
    if (!enabled || !token || !createEventSource) {
      setConnected(false);
      return;
    }
    let source: EventSource | null = null;
    let retryTimer: number | undefined;
    let retryDelay = STREAM_RETRY_MS;
    let stopped = false;

    const open = () => {
      source = createEventSource(hostingEventsUrl(token));
      source.addEventListener('open', () => {
        retryDelay = STREAM_RETRY_MS;
        setConnected(true);
        handlers.current.onConnected();
      });
      source.addEventListener('hosting', (event) => {
        const parsed = parseEvent((event as MessageEvent<unknown>).data);
        if (parsed) handlers.current.onHosting(parsed.hosting);
      });
      source.addEventListener('error', () => {
        setConnected(false);
        if (source?.readyState === CLOSED && !stopped) {
          source.close();
          retryTimer = window.setTimeout(open, retryDelay);
          retryDelay = Math.min(retryDelay * 2, STREAM_RETRY_MAX_MS);
        }
      });
    };
    open();

    return () => {
      stopped = true;
      window.clearTimeout(retryTimer);
      source?.close();
      setConnected(false);
    };
  }, [enabled, token, createEventSource]);

  return connected;
}

function parseEvent(data: unknown): HostingEvent | null {
  if (typeof data !== 'string') return null;
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch (error) {
    console.warn('Ignored a hosting event that is not JSON', error);
    return null;
  }
  // A structural check, not the zod schema: see RequestOptions in api/client.ts for why.
  if (!isHostingEvent(json)) {
    console.warn('Ignored a hosting event of unexpected shape', json);
    return null;
  }
  return json;
}

function isHostingEvent(value: unknown): value is HostingEvent {
  if (typeof value !== 'object' || value === null || !('hosting' in value)) return false;
  const hosting: unknown = value.hosting;
  if (hosting === null) return true;
  return (
    typeof hosting === 'object' &&
    typeof (hosting as Partial<Hosting>).status === 'string' &&
    Array.isArray((hosting as Partial<Hosting>).steps)
  );
}
