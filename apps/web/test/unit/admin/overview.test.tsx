import type { Overview } from '@hostbay/contract/admin';
import { act, configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useSettingsStore } from '../../../src/stores/settingsStore';
import { makeUser } from '../support/factories';
import { apiPath, fail, ok, server } from '../support/msw-server';
import { renderApp, signIn } from '../support/render';

// Generous waits (this file only): the page's route loads lazily, and the whole app renders for each test.
configure({ asyncUtilTimeout: 5000 });

const ADMIN = makeUser({ is_admin: true, username: 'root', email: 'root@example.com' });

function makeOverview(overrides: Partial<Overview> = {}): Overview {
  return {
    hostings: { CREATING: 1, RUNNING: 4, STOPPING: 0, STOPPED: 2, STARTING: 0, DELETING: 0, ERROR: 1 },
    resources: {
      vcpus: { allotted: 10, host: 8 },
      memory_mb: { allotted: 8192, host: 15872 },
      disk_gb: { allotted: 80, host: null },
    },
    capacity: { hostings: 8, limit: 50 },
    members: { active: 12, pending: 3, suspended: 1 },
    admins: 2,
    templates: {
      off: null,
      shapes: [
        {
          vcpus: 1,
          memory_mb: 512,
          disk_gb: 10,
          state: 'ready',
          built_at: '2026-11-28T04:23:11.000Z',
          build_seconds: 131.4,
          error: null,
        },
        { vcpus: 2, memory_mb: 2048, disk_gb: 20, state: 'building', built_at: null, build_seconds: null, error: null },
      ],
    },
    tls: {
      mode: 'off',
      names: null,
      certificates: { pending: 0, waiting: 0, valid: 0, failed: 0 },
      next_expiry: null,
      problems: [],
    },
    host_usage: null,
    ...overrides,
  };
}

/** GET /admin/overview answers with the next of `answers` (the last repeats); returns the call count. */
function serveOverview(...answers: (Overview | 'fail')[]) {
  const counter = { calls: 0 };
  server.use(
    http.get(apiPath('/auth/me'), () => ok(ADMIN)),
    http.get(apiPath('/admin/overview'), () => {
      const answer = answers[Math.min(counter.calls, answers.length - 1)]!;
      counter.calls += 1;
      return answer === 'fail' ? fail(503, 'http_503', 'The database is not answering.') : ok(answer);
    }),
  );
  return counter;
}

const findRegion = (name: string) => screen.findByRole('region', { name });

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('admin overview', () => {
  afterEach(() => {
    vi.useRealTimers();
    setVisibility('visible');
  });

  it('counts hostings by state, each a link to the hostings list in that state', async () => {
    signIn(ADMIN);
    serveOverview(makeOverview());
    renderApp('/admin');
    const card = await findRegion('Hostings by state');
    expect(within(card).getByText('8 hostings in all')).toBeInTheDocument();
    const running = within(card).getByRole('link', { name: /Running/ });
    expect(running).toHaveTextContent('4');
    expect(running).toHaveAttribute('href', '/admin/hostings?status=RUNNING');
    expect(within(card).getByRole('link', { name: /Error/ })).toHaveAttribute('href', '/admin/hostings?status=ERROR');
    expect(within(card).getByRole('link', { name: /Stopping/ })).toHaveTextContent('0');
    expect(within(card).getByRole('link', { name: /Restoring/ })).toHaveTextContent('0');
    // Nine states: DELETED is history, not a count.
    expect(within(card).getAllByRole('link')).toHaveLength(9);
    expect(within(card).queryByText('Deleted')).not.toBeInTheDocument();
  });

  it('shows each resource against the host, over 100% when overcommitted, and unknown when the host cannot tell', async () => {
    signIn(ADMIN);
    serveOverview(makeOverview());
    renderApp('/admin');
    const card = await findRegion('Resources');
    expect(within(card).getByRole('meter', { name: 'vCPUs' })).toHaveAttribute('aria-valuetext', '10 of 8 (125%)');
    expect(within(card).getByText('More than the host has')).toBeInTheDocument();
    expect(within(card).getByRole('meter', { name: 'Memory' })).toHaveAttribute(
      'aria-valuetext',
      '8 GB of 15.5 GB (52%)',
    );
    expect(within(card).queryByRole('meter', { name: 'Disk' })).not.toBeInTheDocument();
    expect(within(card).getByText('80 GB allotted; the host’s size is unknown')).toBeInTheDocument();

    const capacity = screen.getByRole('region', { name: 'Capacity' });
    expect(within(capacity).getByRole('meter', { name: 'Hostings' })).toHaveAttribute(
      'aria-valuetext',
      '8 of 50 hostings (16%)',
    );
    expect(within(capacity).queryByText(/^Full/)).not.toBeInTheDocument();
  });

  it('shows the host’s own CPU, memory and disk use beside what is allotted, or why it is not known', async () => {
    signIn(ADMIN);
    serveOverview(
      makeOverview({
        host_usage: {
          cpu_percent: 37.5,
          memory_used_mb: 6144,
          memory_total_mb: 15872,
          disk_used_gb: 120,
          disk_total_gb: 480,
          at: '2026-11-28T09:00:00.000Z',
        },
      }),
    );
    const { unmount } = renderApp('/admin');
    const card = await findRegion('Host use now');
    expect(within(card).getByRole('meter', { name: 'CPU' })).toHaveAttribute(
      'aria-valuetext',
      '37.5% busy, all CPUs together',
    );
    expect(within(card).getByRole('meter', { name: 'Memory' })).toHaveAttribute(
      'aria-valuetext',
      '6 GB of 15.5 GB in use (39%)',
    );
    expect(within(card).getByRole('meter', { name: 'Disk (the VM volumes’ file system)' })).toHaveAttribute(
      'aria-valuetext',
      '120 GB of 480 GB in use (25%)',
    );
    expect(within(card).getByText(/^Read at .*2026.*\.$/)).toBeInTheDocument();
    unmount();

    serveOverview(
      makeOverview({
        host_usage: {
          cpu_percent: null,
          memory_used_mb: 6144,
          memory_total_mb: 15872,
          disk_used_gb: null,
          disk_total_gb: null,
          at: '2026-11-28T09:00:00.000Z',
        },
      }),
    );
    const second = renderApp('/admin');
    const unknown = await findRegion('Host use now');
    expect(within(unknown).queryByRole('meter', { name: 'CPU' })).not.toBeInTheDocument();
    expect(within(unknown).getByText('Not measured yet (it takes two readings)')).toBeInTheDocument();
    expect(within(unknown).getByText('Cannot be read')).toBeInTheDocument();
    second.unmount();

    useSettingsStore.setState({ language: 'ko' });
    serveOverview(makeOverview({ host_usage: null }));
    renderApp('/admin');
    expect(
      await within(await findRegion('지금 호스트 사용량')).findByText(
        '측정되지 않음: 워커는 이 Hostbay가 호스팅을 실행하는 동안 호스트를 읽습니다.',
      ),
    ).toBeInTheDocument();
  });

  it('says when the capacity is used up', async () => {
    signIn(ADMIN);
    serveOverview(makeOverview({ capacity: { hostings: 50, limit: 50 } }));
    renderApp('/admin');
    const capacity = await findRegion('Capacity');
    expect(within(capacity).getByText('Full: no new hosting can be created.')).toBeInTheDocument();
  });

  it('shows each machine shape’s template and its state, or why there are none', async () => {
    signIn(ADMIN);
    serveOverview(makeOverview());
    const { unmount } = renderApp('/admin');
    const templates = await findRegion('Instant hostings');
    expect(within(templates).getByText('1 vCPU, 512 MB, 10 GB').nextElementSibling).toHaveTextContent(
      /^Ready, built .+ in 131 s$/,
    );
    expect(within(templates).getByText('2 vCPU, 2048 MB, 20 GB').nextElementSibling).toHaveTextContent(
      'Being built (about 2 minutes); hostings boot meanwhile',
    );
    unmount();
    serveOverview(makeOverview({ templates: { off: 'setting', shapes: [] } }));
    renderApp('/admin');
    expect(
      await within(await findRegion('Instant hostings')).findByText(
        'Off (HOSTBAY_TEMPLATES=off): every hosting boots, in about a minute.',
      ),
    ).toBeInTheDocument();
  });

  it('shows HTTPS: how certificates are obtained, how many in each state, the next expiry and each problem', async () => {
    signIn(ADMIN);
    serveOverview(
      makeOverview({
        tls: {
          mode: 'acme',
          names: 'per_name',
          certificates: { pending: 1, waiting: 2, valid: 14, failed: 1 },
          next_expiry: '2027-01-20T03:00:00.000Z',
          problems: [
            {
              name: 'bob.hostbay.example',
              problem: 'challenge_failed',
              expires_at: '2027-01-20T03:00:00.000Z',
              next_attempt_at: '2027-01-02T10:00:00.000Z',
            },
            { name: 'www.example.org', problem: 'rate_limited', expires_at: null, next_attempt_at: null },
          ],
        },
      }),
    );
    const { unmount } = renderApp('/admin');
    const card = await findRegion('HTTPS');
    expect(within(card).getByText('Certificates from an ACME server, one per name (HTTP-01)')).toBeInTheDocument();
    const counts = within(card).getByRole('heading', { name: 'Certificates by state' }).nextElementSibling!;
    expect([...counts.children].map((row) => row.textContent)).toEqual([
      'Valid14',
      'Being obtained1',
      'Held back by the rate limit2',
      'Failed1',
    ]);
    expect(within(card).getByText(/^Next expiry: .*2027.* \(renewed before then\)$/)).toBeInTheDocument();
    const problems = within(card).getByRole('list', { name: 'Problems' });
    const [bob, www] = within(problems).getAllByRole('listitem');
    expect(bob).toHaveTextContent('bob.hostbay.example');
    expect(bob).toHaveTextContent('The ACME server could not reach the challenge');
    expect(bob).toHaveTextContent(/Still served until .*2027.*\. Next try: .*2027/);
    expect(www).toHaveTextContent('www.example.org');
    expect(www).toHaveTextContent('The ACME server’s rate limit: queued until a slot frees.');
    expect(www).toHaveTextContent('No certificate: served over plain HTTP.');
    expect(www).not.toHaveTextContent('Next try');
    unmount();

    useSettingsStore.setState({ language: 'ko' });
    serveOverview(makeOverview());
    renderApp('/admin');
    expect(
      await within(await findRegion('HTTPS')).findByText(
        '꺼짐(HOSTBAY_TLS=off): 모든 사이트가 일반 HTTP로 제공됩니다. HTTPS를 켜려면 docs/operators.md의 “HTTPS” 절에서 HOSTBAY_TLS를 보세요.',
      ),
    ).toBeInTheDocument();
  });

  it('says in one line when HTTPS is off, and where to turn it on', async () => {
    signIn(ADMIN);
    serveOverview(makeOverview());
    renderApp('/admin');
    const card = await findRegion('HTTPS');
    expect(card).toHaveTextContent(
      'HTTPSOff (HOSTBAY_TLS=off): every site is served over plain HTTP. To turn HTTPS on, see HOSTBAY_TLS in docs/operators.md, section “HTTPS”.',
    );
  });

  it('counts members by status and admins, each a link to the members list filtered to them', async () => {
    const user = userEvent.setup();
    signIn(ADMIN);
    serveOverview(makeOverview());
    server.use(http.get(apiPath('/admin/users'), () => ok({ items: [], next: null })));
    const { router } = renderApp('/admin');
    const card = await findRegion('Members');
    const links = within(card).getAllByRole('link');
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['Active12', '/admin/members?status=active'],
      ['Waiting for approval3', '/admin/members?status=pending'],
      ['Suspended1', '/admin/members?status=suspended'],
      ['Administrators2', '/admin/members?role=admin'],
    ]);
    await user.click(within(card).getByRole('link', { name: /Waiting for approval/ }));
    // The route loads lazily: the location changes once its page has arrived.
    await waitFor(() => expect(router.state.location.pathname).toBe('/admin/members'));
    expect(router.state.location.search).toBe('?status=pending');
  });

  it('asks again every 30 s while the tab is shown, not while it is hidden', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    signIn(ADMIN);
    const counter = serveOverview(makeOverview(), makeOverview({ capacity: { hostings: 9, limit: 50 } }));
    renderApp('/admin');
    await findRegion('Capacity');
    expect(counter.calls).toBe(1);
    await act(() => vi.advanceTimersByTimeAsync(30_000));
    await waitFor(() =>
      expect(screen.getByRole('meter', { name: 'Hostings' })).toHaveAttribute(
        'aria-valuetext',
        '9 of 50 hostings (18%)',
      ),
    );
    expect(counter.calls).toBe(2);
    act(() => setVisibility('hidden'));
    await act(() => vi.advanceTimersByTimeAsync(90_000));
    expect(counter.calls).toBe(2);
  });

  it('shows the error with a retry when it cannot load, and keeps the figures when a refresh fails', async () => {
    const user = userEvent.setup();
    signIn(ADMIN);
    const counter = serveOverview('fail', makeOverview(), 'fail');
    const { queryClient } = renderApp('/admin');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load the overview');
    expect(alert).toHaveTextContent('The database is not answering.');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await findRegion('Resources')).toBeInTheDocument();
    expect(counter.calls).toBe(2);

    await act(() => queryClient.refetchQueries({ queryKey: ['admin', 'overview'] }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/Could not refresh \(The database is not answering\.\)/);
    expect(screen.getByRole('region', { name: 'Resources' })).toBeInTheDocument();
  });

  it('speaks Korean', async () => {
    useSettingsStore.setState({ language: 'ko' });
    signIn(ADMIN);
    serveOverview(makeOverview());
    renderApp('/admin');
    expect(await screen.findByRole('heading', { level: 1, name: '개요' })).toBeInTheDocument();
    const hostings = await findRegion('상태별 호스팅');
    expect(within(hostings).getByText('전체 호스팅 8개')).toBeInTheDocument();
    expect(within(hostings).getByRole('link', { name: /실행 중/ })).toHaveTextContent('4');
    const resources = screen.getByRole('region', { name: '자원' });
    expect(within(resources).getByRole('meter', { name: '메모리' })).toHaveAttribute(
      'aria-valuetext',
      '15.5GB 중 8GB (52%)',
    );
    expect(within(resources).getByText('80GB 할당됨. 호스트의 크기는 알 수 없습니다')).toBeInTheDocument();
    const members = screen.getByRole('region', { name: '회원' });
    expect(within(members).getByRole('link', { name: /승인 대기/ })).toHaveTextContent('3');
  });
});
