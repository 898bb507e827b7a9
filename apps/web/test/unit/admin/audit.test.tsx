import type { AuditEntry } from '@hostbay/contract/audit';
import { AUDIT_ACTIONS } from '@hostbay/contract/audit-names';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { useSettingsStore } from '../../../src/stores/settingsStore';
import { makeUser } from '../support/factories';
import { apiPath, fail, ok, server } from '../support/msw-server';
import { renderApp, signIn, TEST_TOKEN } from '../support/render';

const BOB_ID = '3b0c8f0e-7a2d-4c1e-9f4b-1d2e3f4a5b6c';
const HOSTING_ID = '0d9a3b1e-8c55-4d8e-9d4f-2e6a1b7c9f10';
const REQUEST_ID = '8e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b';

function makeEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: '42',
    at: '2025-03-02T10:15:07.000Z',
    actor: { kind: 'user', id: BOB_ID, name: 'bob' },
    action: 'hosting.stop',
    target: { kind: 'hosting', id: HOSTING_ID, name: 'hostbay-bob' },
    client_ip: '203.0.113.66',
    request_id: REQUEST_ID,
    result: 'ok',
    detail: { status: 202 },
    ...overrides,
  };
}

const ENTRIES: AuditEntry[] = [
  makeEntry(),
  makeEntry({
    id: '41',
    at: '2025-03-02T10:10:00.000Z',
    actor: { kind: 'anonymous', id: null, name: null },
    action: 'auth.login',
    target: null,
    client_ip: '198.51.100.7',
    result: 'denied',
    detail: { status: 401, reason: 'wrong password' },
  }),
  makeEntry({
    id: '40',
    at: '2025-03-01T23:00:00.000Z',
    actor: { kind: 'system', id: null, name: null },
    action: 'admin.plan_update',
    target: { kind: 'plan', id: 'p-1', name: 'Large' },
    client_ip: null,
    request_id: null,
    result: 'failed',
    detail: null,
  }),
];

/**
 * The audit API: answers every list request with `pages` in turn (by the `after` cursor), and
 * keeps each request's query string so that tests can read what the page asked for.
 */
function auditApi(pages: { items: AuditEntry[]; next: string | null }[] = [{ items: ENTRIES, next: null }]) {
  const requests: URLSearchParams[] = [];
  server.use(
    http.get(apiPath('/auth/me'), () => ok(makeUser({ is_admin: true }))),
    http.get(apiPath('/admin/audit'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      requests.push(query);
      const after = query.get('after');
      return ok(after === null ? pages[0] : (pages.find((_, index) => pages[index - 1]?.next === after) ?? pages[0]));
    }),
  );
  return {
    requests,
    /** The query string of the last list request, as a plain object. */
    last: () => Object.fromEntries(requests.at(-1) ?? []),
  };
}

// The route loads the page lazily; loaded once here, it is not the first test's find that waits for it.
beforeAll(async () => {
  await import('../../../src/pages/admin/AdminAuditPage');
});

function openAudit(path = '/admin/audit') {
  signIn(makeUser({ is_admin: true }));
  return renderApp(path);
}

/** The list, once loaded; generous, for a machine shared with other test runs (the first render loads the app). */
const findTable = () => screen.findByRole('table', {}, { timeout: 5000 });

const rows = () => within(screen.getByRole('table')).getAllByRole('row').slice(1);

describe('admin audit log: the list', () => {
  it('shows each entry: local time with the exact one on hover, who, what, on what, result, address, request', async () => {
    const audit = auditApi();
    openAudit();
    expect(await findTable()).toHaveAccessibleName('Audit log entries, newest first');
    expect(audit.last()).toEqual({});
    const [stop, login, plan] = rows();

    const time = within(stop!).getByText('Mar 2, 2025').closest('time');
    // To the second, in the browser's time zone (UTC where the tests run).
    expect(time).toHaveTextContent('Mar 2, 2025 10:15:07 AM');
    expect(time).toHaveAttribute('title', '2025-03-02T10:15:07.000Z');
    expect(time).toHaveAttribute('datetime', '2025-03-02T10:15:07.000Z');
    expect(within(stop!).getByRole('link', { name: 'bob' })).toHaveAttribute('href', `/admin/audit?actor=${BOB_ID}`);
    expect(stop).toHaveTextContent('Stopped the hosting');
    expect(within(stop!).getByRole('link', { name: 'hostbay-bob' })).toHaveAttribute(
      'href',
      `/admin/audit?target=${HOSTING_ID}`,
    );
    expect(stop).toHaveTextContent('Hosting');
    expect(stop).toHaveTextContent('succeeded');
    expect(stop).toHaveTextContent('203.0.113.66');
    expect(within(stop!).getByText('8e1f2a3b…')).toHaveAttribute('title', REQUEST_ID);
    expect(within(stop!).getByRole('button', { name: 'Copy request ID 8e1f2a3b…' })).toBeInTheDocument();

    expect(login).toHaveTextContent('anonymous');
    expect(within(login!).queryByRole('link')).not.toBeInTheDocument();
    expect(login).toHaveTextContent('Logged in');
    expect(login).toHaveTextContent('refused');
    // The details are folded under their keys; unfolding shows the values.
    expect(within(login!).getByText('status, reason')).toBeInTheDocument();
    expect(within(login!).getByText('wrong password')).not.toBeVisible();

    expect(plan).toHaveTextContent('Hostbay (system)');
    // Not the member's "Plan changed": in a log of everyone's actions, a plan's limits were edited.
    expect(plan).toHaveTextContent('Plan edited');
    expect(plan).toHaveTextContent('failed');
    expect(screen.getByText('3 shown')).toBeInTheDocument();
  });

  it('unfolds the details of an entry', async () => {
    const user = userEvent.setup();
    auditApi();
    openAudit();
    await findTable();
    const login = rows()[1]!;
    await user.click(within(login).getByText('status, reason'));
    expect(within(login).getByText('wrong password')).toBeVisible();
    expect(within(login).getByText('401')).toBeVisible();
  });

  it('asks for the next page with the cursor, and adds it below', async () => {
    const user = userEvent.setup();
    const audit = auditApi([
      { items: ENTRIES.slice(0, 2), next: 'cursor-2' },
      { items: ENTRIES.slice(2), next: null },
    ]);
    openAudit();
    await findTable();
    expect(rows()).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Show more' }));
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(audit.last()).toEqual({ after: 'cursor-2' });
    expect(rows()[2]).toHaveTextContent('Plan edited');
    expect(screen.queryByRole('button', { name: 'Show more' })).not.toBeInTheDocument();
  });

  it('shows why the log could not be loaded, and says when there is nothing', async () => {
    auditApi();
    server.use(http.get(apiPath('/admin/audit'), () => fail(503, 'service_unavailable', 'Down.')));
    const { unmount } = openAudit();
    expect(await screen.findByRole('alert', {}, { timeout: 5000 })).toHaveTextContent('Could not load this list');
    unmount();
    auditApi([{ items: [], next: null }]);
    openAudit();
    expect(await screen.findByText('Nothing has been recorded yet.', {}, { timeout: 5000 })).toBeInTheDocument();
  });
});

describe('admin audit log: filters', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('offers every action, grouped by area', async () => {
    auditApi();
    openAudit();
    await findTable();
    const select = screen.getByRole('combobox', { name: 'Action' });
    const groups = within(select).getAllByRole('group');
    expect(groups.map((group) => group.getAttribute('label'))).toEqual([
      'Accounts',
      'Hostings',
      'Administration',
      'Hostbay itself',
      'Command line',
    ]);
    const options = within(select).getAllByRole('option');
    expect(options.map((option) => option.getAttribute('value'))).toEqual(['', ...AUDIT_ACTIONS]);
    expect(within(groups[2]!).getByRole('option', { name: 'Member’s plan changed' })).toHaveValue('admin.user_plan');
  });

  it('puts the action, result and target in the address and the request', async () => {
    const user = userEvent.setup();
    const audit = auditApi();
    const { router } = openAudit();
    await findTable();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Action' }), 'auth.login');
    await waitFor(() => expect(audit.last()).toEqual({ action: 'auth.login' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Result' }), 'denied');
    await waitFor(() => expect(audit.last()).toEqual({ action: 'auth.login', result: 'denied' }));
    await user.click(screen.getByRole('textbox', { name: 'Target ID' }));
    await user.paste(` ${HOSTING_ID}`);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(audit.last()).toEqual({ action: 'auth.login', result: 'denied', target: HOSTING_ID }));
    expect(Object.fromEntries(new URLSearchParams(router.state.location.search))).toEqual({
      action: 'auth.login',
      result: 'denied',
      target: HOSTING_ID,
    });

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(audit.last()).toEqual({}));
    expect(router.state.location.search).toBe('');
    expect(screen.getByRole('textbox', { name: 'Target ID' })).toHaveValue('');
  });

  it('asks from the start of the first day to the end of the last, in the admin’s time zone', async () => {
    process.env.TZ = 'Asia/Seoul';
    const audit = auditApi();
    openAudit();
    await findTable();
    const since = screen.getByLabelText('From');
    const until = screen.getByLabelText('To (inclusive)');
    // A date input changes all at once, as a date picker does.
    await userEvent.setup().type(since, '2025-03-02');
    await waitFor(() => expect(audit.last()).toEqual({ since: '2025-03-01T15:00:00.000Z' }));
    await userEvent.setup().type(until, '2025-03-02');
    await waitFor(() =>
      expect(audit.last()).toEqual({ since: '2025-03-01T15:00:00.000Z', until: '2025-03-02T15:00:00.000Z' }),
    );
  });

  it('filters by an actor clicked in the list, names them in a chip, and drops the filter with it', async () => {
    const user = userEvent.setup();
    const audit = auditApi();
    const { router } = openAudit('/admin/audit?result=ok');
    await findTable();
    await user.click(within(rows()[0]!).getByRole('link', { name: 'bob' }));
    await waitFor(() => expect(audit.last()).toEqual({ result: 'ok', actor: BOB_ID }));
    expect(await screen.findByText('Actor: bob')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Remove the actor filter (bob)' }));
    await waitFor(() => expect(audit.last()).toEqual({ result: 'ok' }));
    expect(router.state.location.search).toBe('?result=ok');
    expect(screen.queryByText('Actor: bob')).not.toBeInTheDocument();
  });

  it('reads the filters from the address, leaving out what the API would refuse', async () => {
    const audit = auditApi([{ items: [], next: null }]);
    openAudit(`/admin/audit?action=auth.login&result=maybe&actor=${BOB_ID}&since=2025-02-31`);
    expect(await screen.findByText('No entry matches these filters.', {}, { timeout: 5000 })).toBeInTheDocument();
    expect(audit.last()).toEqual({ action: 'auth.login', actor: BOB_ID });
    expect(screen.getByRole('combobox', { name: 'Action' })).toHaveValue('auth.login');
    // No entry to take the name from: the chip shows the id rather than nothing.
    expect(screen.getByText(`Actor: ${BOB_ID}`)).toBeInTheDocument();
  });
});

describe('admin audit log: export', () => {
  let saved: { href: string; download: string }[];
  beforeEach(() => {
    saved = [];
    Object.defineProperty(URL, 'createObjectURL', { configurable: true, value: vi.fn(() => 'blob:audit-export') });
    Object.defineProperty(URL, 'revokeObjectURL', { configurable: true, value: vi.fn() });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ href: this.href, download: this.download });
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('fetches the CSV with the token and the filters, shows progress, and saves it as a file', async () => {
    const user = userEvent.setup();
    const audit = auditApi();
    let sent: { authorization: string | null; query: Record<string, string> } | undefined;
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    server.use(
      http.get(apiPath('/admin/audit/export.csv'), async ({ request }) => {
        sent = {
          authorization: request.headers.get('authorization'),
          query: Object.fromEntries(new URL(request.url).searchParams),
        };
        await answered;
        return new HttpResponse('at,action\n2025-03-02T10:15:07.000Z,auth.login\n', {
          headers: { 'content-type': 'text/csv; charset=utf-8' },
        });
      }),
    );
    openAudit(`/admin/audit?action=auth.login&result=denied&actor=${BOB_ID}&target=${HOSTING_ID}&since=2025-03-01`);
    await findTable();
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));

    const busy = await screen.findByRole('button', { name: 'Exporting…' });
    expect(busy).toBeDisabled();
    expect(busy).toHaveAttribute('aria-busy', 'true');
    await waitFor(() => expect(sent).toBeDefined());
    expect(sent!.authorization).toBe(`Bearer ${TEST_TOKEN}`);
    // The same filters as the list, without the list's cursor.
    expect(sent!.query).toEqual(audit.last());
    expect(sent!.query).toEqual({
      action: 'auth.login',
      result: 'denied',
      actor: BOB_ID,
      target: HOSTING_ID,
      since: new Date(2025, 2, 1).toISOString(),
    });

    answer();
    expect(await screen.findByText('The audit log was exported.')).toBeInTheDocument();
    expect(saved).toHaveLength(1);
    expect(saved[0]!.href).toBe('blob:audit-export');
    expect(saved[0]!.download).toMatch(/^hostbay-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const blob = vi.mocked(URL.createObjectURL).mock.calls[0]![0] as Blob;
    await expect(blob.text()).resolves.toBe('at,action\n2025-03-02T10:15:07.000Z,auth.login\n');
    expect(screen.getByRole('button', { name: 'Export CSV' })).toBeEnabled();
  });

  it('says why in a toast when the export fails, and saves nothing', async () => {
    const user = userEvent.setup();
    auditApi();
    server.use(
      http.get(apiPath('/admin/audit/export.csv'), () => fail(503, 'service_unavailable', 'The database is busy.')),
    );
    openAudit();
    await findTable();
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(await screen.findByText('Could not export the audit log')).toBeInTheDocument();
    expect(saved).toEqual([]);
    expect(screen.getByRole('button', { name: 'Export CSV' })).toBeEnabled();
  });
});

describe('admin audit log: Korean', () => {
  it('speaks Korean, actions and results included', async () => {
    useSettingsStore.setState({ language: 'ko' });
    auditApi();
    openAudit();
    await findTable();
    expect(screen.getByRole('heading', { name: '감사 로그', level: 1 })).toBeInTheDocument();
    const [stop, login, plan] = rows();
    expect(stop).toHaveTextContent('호스팅 중지');
    expect(stop).toHaveTextContent('성공');
    expect(login).toHaveTextContent('익명');
    expect(login).toHaveTextContent('거부됨');
    expect(plan).toHaveTextContent('Hostbay (시스템)');
    expect(plan).toHaveTextContent('플랜 수정');
    expect(screen.getByRole('columnheader', { name: '수행자' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'CSV 내보내기' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: '작업' })).toBeInTheDocument();
  });
});
