import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HostingEventStreams, type HostingStreamSink } from '../../../src/modules/hosting/hosting-event-streams.js';
import { HostingEvents } from '../../../src/modules/hosting/hosting-events.js';
import type { UserRecord } from '../../../src/modules/users/user.repository.js';
import { userRecord } from '../../support/factories.js';

const DAY_MS = 86_400_000;
const user: UserRecord = userRecord({ id: '00000000-0000-4000-8000-000000000001', username: 'ada' });

function recordingSink() {
  const ends: string[] = [];
  const sink: HostingStreamSink = { hosting: () => {}, keepAlive: () => {}, end: (reason) => ends.push(reason) };
  return { sink, ends };
}

describe('an event stream of a long-lived token', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('lasts as long as its token, though that is longer than one timer can wait (30 days, HOSTBAY_TOKEN_TTL at most)', async () => {
    const streams = new HostingEventStreams({
      hostings: { findHosting: async () => null },
      events: new HostingEvents(),
      activeUser: async () => user,
      perUser: 4,
      log: { warn: () => {} },
      // Ticks far apart, so that a month of fake time passes quickly.
      timings: { recheckMs: 10 * DAY_MS, heartbeatMs: 10 * DAY_MS, accountCheckMs: 10 * DAY_MS },
    });
    const { sink, ends } = recordingSink();
    await streams.open(user, Date.now() + 30 * DAY_MS).start(sink);

    await vi.advanceTimersByTimeAsync(1000);
    expect(ends).toEqual([]);
    await vi.advanceTimersByTimeAsync(30 * DAY_MS - 1001);
    expect(ends).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(ends).toEqual(['session_expired']);
  });
});
