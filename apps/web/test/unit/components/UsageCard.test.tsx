import type { HostingUsage, UsagePoint, UsageRange } from '@hostbay/contract/usage';
import { act, configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HostingManager } from '../../../src/components/hosting/HostingManager';
import { useSettingsStore } from '../../../src/stores/settingsStore';
import { makeHosting } from '../support/factories';
import { apiPath, ok, server } from '../support/msw-server';
import { renderWithProviders, signIn } from '../support/render';

// Generous waits (this file only): the card, its texts and its chart library load lazily after the hosting is shown.
configure({ asyncUtilTimeout: 5000 });

const MiB = 1024 ** 2;
const T0 = Date.parse('2026-11-28T09:00:00.000Z');

/** A point `seconds` after T0. */
function point(seconds: number, overrides: Partial<UsagePoint> = {}): UsagePoint {
  return {
    at: new Date(T0 + seconds * 1000).toISOString(),
    cpu_percent: 10,
    memory_bytes: 300 * MiB,
    disk_read_bytes_per_second: 0,
    disk_write_bytes_per_second: 2048,
    network_in_bytes_per_second: 1024,
    network_out_bytes_per_second: 512,
    ...overrides,
  };
}

function usage(points: UsagePoint[], range: UsageRange = '1h'): HostingUsage {
  return { range, resolution_seconds: 10, vcpus: 2, memory_bytes: 1024 * MiB, points };
}

const BUSY_HOUR = usage([
  point(0, { cpu_percent: 12.5, memory_bytes: 400 * MiB, disk_read_bytes_per_second: 5 * MiB }),
  point(10, { cpu_percent: 87.25, memory_bytes: 700 * MiB, network_in_bytes_per_second: 3 * MiB }),
  point(20, { cpu_percent: 40, memory_bytes: 512 * MiB, disk_read_bytes_per_second: 1024 }),
]);

/** GET /hosting/my/usage answers `answer(range)`; returns the ranges asked for, in order. */
function serveUsage(answer: (range: string) => HostingUsage) {
  const asked: string[] = [];
  server.use(
    http.get(apiPath('/hosting/my'), () => ok(makeHosting('RUNNING'))),
    http.get(apiPath('/hosting/my/usage'), ({ request }) => {
      const range = new URL(request.url).searchParams.get('range') ?? '';
      asked.push(range);
      return ok(answer(range));
    }),
  );
  return asked;
}

function renderPage() {
  signIn();
  return renderWithProviders(<HostingManager />);
}

const findCard = () => screen.findByTestId('usage-card');
const chart = (card: HTMLElement, name: string) => within(card).getByRole('figure', { name });

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('usage card', () => {
  afterEach(() => {
    vi.useRealTimers();
    setVisibility('visible');
  });

  it('charts CPU, memory, disk and network, each with its scale and its latest and highest value in words', async () => {
    serveUsage(() => BUSY_HOUR);
    renderPage();
    const card = await findCard();
    expect(within(card).getByRole('heading', { name: 'Usage' })).toBeInTheDocument();

    const cpu = await within(card).findByRole('figure', { name: 'CPU' });
    expect(cpu).toHaveAccessibleDescription('CPU: now 40%, at most 87.3%.');
    expect(within(cpu).getByText('Share of its 2 vCPUs in use')).toBeInTheDocument();
    // The canvas is drawn (uPlot), and hidden from screen readers: the summary says it in words.
    expect(cpu.querySelector('.uplot canvas')).not.toBeNull();
    expect(cpu.querySelector('.usage-chart-canvas')).toHaveAttribute('aria-hidden', 'true');

    const memory = chart(card, 'Memory');
    expect(within(memory).getByText('Used, of 1 GB')).toBeInTheDocument();
    expect(memory).toHaveAccessibleDescription('Memory used: now 512 MB, at most 700 MB.');

    expect(chart(card, 'Disk read and write')).toHaveAccessibleDescription(
      'Read: now 1 kB/s, at most 5 MB/s. Written: now 2 kB/s, at most 2 kB/s.',
    );
    expect(chart(card, 'Network in and out')).toHaveAccessibleDescription(
      'Received: now 1 kB/s, at most 3 MB/s. Sent: now 512 byte/s, at most 512 byte/s.',
    );
  });

  it('says when the host cannot count the network, and still charts the rest', async () => {
    serveUsage(() => usage([point(0, { network_in_bytes_per_second: null, network_out_bytes_per_second: null })]));
    renderPage();
    const card = await findCard();
    await within(card).findByRole('figure', { name: 'CPU' });
    expect(
      within(card).getByText(/^Not counted: the way this Hostbay connects machines to the network/),
    ).toBeInTheDocument();
  });

  it('switches between the last hour, day and 30 days, asking for each range', async () => {
    const asked = serveUsage((range) =>
      usage([point(0, { cpu_percent: range === '30d' ? 5 : 50 })], range as UsageRange),
    );
    renderPage();
    const card = await findCard();
    await within(card).findByRole('figure', { name: 'CPU' });
    const ranges = within(card).getByRole('group', { name: 'Time range' });
    expect(within(ranges).getByRole('button', { name: 'Last hour' })).toHaveAttribute('aria-pressed', 'true');

    const user = userEvent.setup();
    await user.click(within(ranges).getByRole('button', { name: 'Last day' }));
    await waitFor(() => expect(asked).toContain('24h'));
    expect(within(ranges).getByRole('button', { name: 'Last day' })).toHaveAttribute('aria-pressed', 'true');
    expect(within(ranges).getByRole('button', { name: 'Last hour' })).toHaveAttribute('aria-pressed', 'false');

    await user.click(within(ranges).getByRole('button', { name: 'Last 30 days' }));
    await waitFor(() => expect(chart(card, 'CPU')).toHaveAccessibleDescription('CPU: now 5%, at most 5%.'));
    expect(asked).toEqual(['1h', '24h', '30d']);
  });

  it('says when there are no readings yet', async () => {
    serveUsage(() => usage([]));
    renderPage();
    const card = await findCard();
    expect(
      await within(card).findByText('No readings yet: the first appear within a minute of the machine starting.'),
    ).toBeInTheDocument();
    expect(within(card).queryByRole('figure')).not.toBeInTheDocument();
  });

  it('speaks Korean', async () => {
    useSettingsStore.setState({ language: 'ko' });
    serveUsage(() => BUSY_HOUR);
    renderPage();
    const card = await findCard();
    expect(within(card).getByRole('heading', { name: '사용량' })).toBeInTheDocument();
    expect(within(card).getByRole('button', { name: '최근 30일' })).toBeInTheDocument();
    const memory = await within(card).findByRole('figure', { name: '메모리' });
    expect(within(memory).getByText('1GB 중 사용량')).toBeInTheDocument();
    expect(memory).toHaveAccessibleDescription('사용 중인 메모리: 현재 512MB, 최대 700MB.');
  });

  it('asks again every 10 s for the last hour while the tab is shown, not while it is hidden', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const asked = serveUsage(() => BUSY_HOUR);
    renderPage();
    await within(await findCard()).findByRole('figure', { name: 'CPU' });
    expect(asked).toHaveLength(1);
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    await waitFor(() => expect(asked).toHaveLength(2));
    act(() => setVisibility('hidden'));
    await act(() => vi.advanceTimersByTimeAsync(60_000));
    expect(asked).toHaveLength(2);
  });
});
