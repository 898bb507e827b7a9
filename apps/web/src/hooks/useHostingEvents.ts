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
  /**
   * Called when the server refuses the stream (401, 429 ...) or ends it (`end`: the token
   * expired or the account went). EventSource does not say which, so the caller asks the API
   * once: a 401 there ends the session the usual way, anything else is shown as it is.
   */
  onInterrupted: () => void;
  createEventSource?: EventSourceFactory | null;
}

/**
 * Follows GET /hosting/my/events. Returns whether the stream is connected; while it
 * is not, the caller polls. EventSource retries dropped connections by itself; a
 * stream the server refused (closed) or ended is reopened here after a growing
 * delay (5 s to 60 s), never at once: a 429 means the user's streams are all taken.
 */
export function useHostingEvents({
  enabled,
  token,
  onHosting,
  onConnected,
  onInterrupted,
  createEventSource = browserEventSource,
}: Options): boolean {
  const [connected, setConnected] = useState(false);
  const handlers = useRef({ onHosting, onConnected, onInterrupted });
  handlers.current = { onHosting, onConnected, onInterrupted };

  useEffect(() => {
    if (!enabled || !token || !createEventSource) {
      setConnected(false);
      return;
    }
    let source: EventSource | null = null;
    let retryTimer: number | undefined;
    let retryDelay = STREAM_RETRY_MS;
    let stopped = false;

    const reopenLater = () => {
      source?.close();
      setConnected(false);
      retryTimer = window.setTimeout(open, retryDelay);
      retryDelay = Math.min(retryDelay * 2, STREAM_RETRY_MAX_MS);
      handlers.current.onInterrupted();
    };

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
      // The server's last word: without this, EventSource would reconnect by itself with a token that is over.
      source.addEventListener('end', () => {
        if (!stopped) reopenLater();
      });
      source.addEventListener('error', () => {
        setConnected(false);
        if (source?.readyState === CLOSED && !stopped) reopenLater();
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
