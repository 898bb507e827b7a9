import type { Hosting } from '@hostbay/contract/hosting';
import { act, renderHook, waitFor } from '@testing-library/react';
import { http } from 'msw';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../src/api/client';
import { AppProviders } from '../../src/App';
import type { EventSourceFactory } from '../../src/hooks/useHostingEvents';
import { useHostingStatus } from '../../src/hooks/useHostingStatus';
import { pollInterval } from '../../src/lib/hosting-policy';
import { useAuthStore } from '../../src/stores/authStore';
import { makeHosting, STATUSES } from './support/factories';
import { apiPath, fail, ok, server } from './support/msw-server';
import { signIn, TEST_TOKEN, testQueryClient } from './support/render';

function wrapper({ children }: { children: ReactNode }) {
  return <AppProviders queryClient={testQueryClient()}>{children}</AppProviders>;
}

/** Answers GET /hosting/my with the next status in the list (the last one repeats) and counts calls. */
function serveSequence(...answers: (Hosting | 'fail')[]) {
  const counter = { calls: 0 };
  server.use(
    http.get(apiPath('/hosting/my'), () => {
      const answer = answers[Math.min(counter.calls, answers.length - 1)]!;
      counter.calls += 1;
      return answer === 'fail' ? fail(502, 'http_502', 'Bad gateway') : ok(answer);
    }),
  );
  return counter;
}

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

/** A stand-in for the browser's EventSource: jsdom has none. The real stream is covered by the browser tests. */
class FakeEventSource extends EventTarget {
  static instances: FakeEventSource[] = [];
  readyState = 0;
  constructor(readonly url: string) {
    super();
    FakeEventSource.instances.push(this);
  }
  open() {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  send(data: unknown) {
    this.dispatchEvent(new MessageEvent('hosting', { data: JSON.stringify(data) }));
  }
  fail(closed: boolean) {
    this.readyState = closed ? 2 : 0;
    this.dispatchEvent(new Event('error'));
  }
  /** The server's `end` event, then its closing the connection (which a real EventSource would reconnect). */
  end(reason: string) {
    this.dispatchEvent(new MessageEvent('end', { data: JSON.stringify({ reason }) }));
    if (this.readyState !== 2) this.fail(false);
  }
  close() {
    this.readyState = 2;
  }
}
const fakeFactory: EventSourceFactory = (url) => new FakeEventSource(url) as unknown as EventSource;

describe('pollInterval', () => {
  it.each(STATUSES)('for %s', (status) => {
    const expected = {
      CREATING: 3000,
      STARTING: 3000,
      STOPPING: 3000,
      DELETING: 3000,
      RESTORING: 3000,
      REBOOTING: 3000,
      RUNNING: 10000,
      STOPPED: 10000,
      ERROR: false,
      DELETED: false,
    }[status];
    expect(pollInterval(status)).toBe(expected);
  });

  it('is off when there is no hosting', () => {
    expect(pollInterval(null)).toBe(false);
  });
});

describe('useHostingStatus', () => {
  beforeEach(() => {
    signIn();
    vi.useFakeTimers({ shouldAdvanceTime: true });
    FakeEventSource.instances = [];
  });
  afterEach(() => {
    vi.useRealTimers();
    setVisibility('visible');
  });

  it('polls every 3 s while CREATING, then every 10 s once RUNNING, and keeps the last update time', async () => {
    const counter = serveSequence(makeHosting('CREATING'), makeHosting('RUNNING'));
    const { result } = renderHook(() => useHostingStatus({ createEventSource: null }), { wrapper });
    await waitFor(() => expect(result.current.hosting?.status).toBe('CREATING'));
    expect(result.current).toMatchObject({ mode: 'polling', interval: 3000 });
    const firstUpdate = result.current.lastUpdated;
    expect(firstUpdate).toBeTypeOf('number');

    await act(() => vi.advanceTimersByTimeAsync(3000));
    await waitFor(() => expect(result.current.hosting?.status).toBe('RUNNING'));
    expect(counter.calls).toBe(2);
    expect(result.current.interval).toBe(10000);
    expect(result.current.lastUpdated).toBeGreaterThan(firstUpdate!);

    await act(() => vi.advanceTimersByTimeAsync(3000));
    expect(counter.calls).toBe(2);
    await act(() => vi.advanceTimersByTimeAsync(7000));
    await waitFor(() => expect(counter.calls).toBe(3));
  });

  it('stops polling on ERROR', async () => {
    const counter = serveSequence(makeHosting('ERROR'));
    const { result } = renderHook(() => useHostingStatus({ createEventSource: null }), { wrapper });
    await waitFor(() => expect(result.current.hosting?.status).toBe('ERROR'));
    expect(result.current.mode).toBe('idle');
    await act(() => vi.advanceTimersByTimeAsync(30_000));
    expect(counter.calls).toBe(1);
  });

  it('stops on unmount', async () => {
    const counter = serveSequence(makeHosting('CREATING'));
    const { result, unmount } = renderHook(() => useHostingStatus({ createEventSource: null }), { wrapper });
    await waitFor(() => expect(result.current.hosting).toBeTruthy());
    unmount();
    await act(() => vi.advanceTimersByTimeAsync(30_000));
    expect(counter.calls).toBe(1);
  });

  it('pauses while the tab is hidden and catches up when it is shown again', async () => {
    const counter = serveSequence(makeHosting('CREATING'));
    const { result } = renderHook(() => useHostingStatus({ createEventSource: null }), { wrapper });
    await waitFor(() => expect(result.current.hosting).toBeTruthy());
    act(() => setVisibility('hidden'));
    expect(result.current.mode).toBe('paused');
    await act(() => vi.advanceTimersByTimeAsync(30_000));
    expect(counter.calls).toBe(1);
    act(() => setVisibility('visible'));
    await act(() => vi.advanceTimersByTimeAsync(3000));
    await waitFor(() => expect(counter.calls).toBeGreaterThanOrEqual(2));
    expect(result.current.mode).toBe('polling');
  });

  it('reports failing updates, keeps the last data and recovers by itself', async () => {
    serveSequence(makeHosting('CREATING'), 'fail', makeHosting('RUNNING'));
    const { result } = renderHook(() => useHostingStatus({ createEventSource: null }), { wrapper });
    await waitFor(() => expect(result.current.hosting?.status).toBe('CREATING'));
    await act(() => vi.advanceTimersByTimeAsync(3000));
    await waitFor(() => expect(result.current.updateError?.message).toBe('Bad gateway'));
    expect(result.current.hosting?.status).toBe('CREATING');
    expect(result.current.loadError).toBeNull();
    await act(() => vi.advanceTimersByTimeAsync(3000));
    await waitFor(() => expect(result.current.hosting?.status).toBe('RUNNING'));
    expect(result.current.updateError).toBeNull();
  });

  it('follows the event stream instead of polling while it is open', async () => {
    const counter = serveSequence(makeHosting('CREATING'));
    const { result } = renderHook(() => useHostingStatus({ createEventSource: fakeFactory }), { wrapper });
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    const source = FakeEventSource.instances[0]!;
    expect(new URL(source.url).pathname).toBe('/api/v1/hosting/my/events');
    expect(new URL(source.url).searchParams.get('access_token')).toBe(TEST_TOKEN);

    act(() => source.open());
    await waitFor(() => expect(result.current.mode).toBe('stream'));
    const callsAfterOpen = counter.calls;
    await act(() => vi.advanceTimersByTimeAsync(15_000));
    expect(counter.calls).toBe(callsAfterOpen);

    act(() => source.send({ hosting: makeHosting('RUNNING') }));
    await waitFor(() => expect(result.current.hosting?.status).toBe('RUNNING'));
    act(() => source.send('not json at all'));
    act(() => source.send({ unexpected: true }));
    act(() => source.send({ hosting: null }));
    await waitFor(() => expect(result.current.hosting).toBeNull());
  });

  it('falls back to polling when the stream is refused, and reopens it later', async () => {
    const counter = serveSequence(makeHosting('CREATING'));
    const { result } = renderHook(() => useHostingStatus({ createEventSource: fakeFactory }), { wrapper });
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    act(() => FakeEventSource.instances[0]!.fail(true));
    await waitFor(() => expect(result.current.hosting).toBeTruthy());
    expect(result.current.mode).toBe('polling');
    const before = counter.calls;
    await act(() => vi.advanceTimersByTimeAsync(3000));
    await waitFor(() => expect(counter.calls).toBeGreaterThan(before));
    await act(() => vi.advanceTimersByTimeAsync(2500));
    expect(FakeEventSource.instances).toHaveLength(2);
    act(() => FakeEventSource.instances[1]!.open());
    await waitFor(() => expect(result.current.mode).toBe('stream'));
  });

  it('follows the session token: closes the stream on logout and opens one with the new token', async () => {
    serveSequence(makeHosting('RUNNING'));
    renderHook(() => useHostingStatus({ createEventSource: fakeFactory }), { wrapper });
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    act(() => api.setToken(null));
    expect(FakeEventSource.instances[0]!.readyState).toBe(2);
    expect(FakeEventSource.instances).toHaveLength(1);
    act(() => api.setToken('next-token'));
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(2));
    expect(new URL(FakeEventSource.instances[1]!.url).searchParams.get('access_token')).toBe('next-token');
  });

  it('ends the session when the server ends the stream at expiry, though nothing polls (ERROR)', async () => {
    let expired = false;
    server.use(
      http.get(apiPath('/hosting/my'), () =>
        expired ? fail(401, 'unauthenticated', 'Your session has expired. Log in again.') : ok(makeHosting('ERROR')),
      ),
    );
    const { result } = renderHook(() => useHostingStatus({ createEventSource: fakeFactory }), { wrapper });
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    const source = FakeEventSource.instances[0]!;
    act(() => source.open());
    await waitFor(() => expect(result.current.hosting?.status).toBe('ERROR'));

    expired = true;
    act(() => source.end('session_expired'));
    await waitFor(() => expect(useAuthStore.getState().notice).toBe('session_expired'));
    expect(useAuthStore.getState().isAuthenticated).toBe(false);
    expect(source.readyState).toBe(2);
    await act(() => vi.advanceTimersByTimeAsync(120_000));
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it('ends the session when the stream is refused for an expired token, though nothing polls (ERROR)', async () => {
    let expired = false;
    server.use(
      http.get(apiPath('/hosting/my'), () =>
        expired ? fail(401, 'unauthenticated', 'Your session has expired. Log in again.') : ok(makeHosting('ERROR')),
      ),
    );
    const { result } = renderHook(() => useHostingStatus({ createEventSource: fakeFactory }), { wrapper });
    await waitFor(() => expect(result.current.hosting?.status).toBe('ERROR'));
    expect(FakeEventSource.instances).toHaveLength(1);

    // The laptop slept past the token's expiry: EventSource reconnects and gets a 401, which it cannot read.
    expired = true;
    act(() => FakeEventSource.instances[0]!.fail(true));
    await waitFor(() => expect(useAuthStore.getState().notice).toBe('session_expired'));
  });

  it('waits longer and longer before asking again for a stream the server refuses (429: all taken)', async () => {
    const counter = serveSequence(makeHosting('ERROR'));
    renderHook(() => useHostingStatus({ createEventSource: fakeFactory }), { wrapper });
    await waitFor(() => expect(counter.calls).toBe(1));
    act(() => FakeEventSource.instances[0]!.fail(true));
    const delays = [5_000, 10_000, 20_000, 40_000, 60_000, 60_000];
    for (const delay of delays) {
      const before = FakeEventSource.instances.length;
      await act(() => vi.advanceTimersByTimeAsync(delay - 50));
      expect(FakeEventSource.instances).toHaveLength(before);
      await act(() => vi.advanceTimersByTimeAsync(50));
      expect(FakeEventSource.instances).toHaveLength(before + 1);
      act(() => FakeEventSource.instances.at(-1)!.fail(true));
    }
    // One look at the hosting per refusal, to learn whether the session still holds; no more.
    await waitFor(() => expect(counter.calls).toBe(1 + 1 + delays.length));
  });

  it('closes the stream when the tab is hidden', async () => {
    serveSequence(makeHosting('RUNNING'));
    renderHook(() => useHostingStatus({ createEventSource: fakeFactory }), { wrapper });
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    act(() => setVisibility('hidden'));
    expect(FakeEventSource.instances[0]!.readyState).toBe(2);
  });
});
