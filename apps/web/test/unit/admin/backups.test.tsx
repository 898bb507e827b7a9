import type { AdminBackup, AdminBackupList, BackupOverview, BackupRound } from '@hostbay/contract/backup';
import { act, configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { formatTimeOfDay } from '../../../src/lib/backup-schedule';
import { formatDateTime } from '../../../src/lib/format';
import { useSettingsStore } from '../../../src/stores/settingsStore';
import { makeUser } from '../support/factories';
import { apiPath, fail, ok, server } from '../support/msw-server';
import { renderApp, signIn } from '../support/render';

// Generous waits (this file only): the page's route loads lazily, and the whole app renders for each test.
configure({ asyncUtilTimeout: 5000 });

const ADMIN = makeUser({ is_admin: true, username: 'root', email: 'root@example.com' });

let serial = 0;
function makeBackup(username: string, overrides: Partial<AdminBackup> = {}): AdminBackup {
  serial += 1;
  const suffix = String(serial).padStart(12, '0');
  return {
    id: `7b000000-0000-4000-8000-${suffix}`,
    hosting_id: `0d9a3b1e-8c55-4d8e-9d4f-${suffix}`,
    username,
    trigger: 'schedule',
    state: 'done',
    bytes_added: 1_572_864,
    bytes_processed: 10 * 1024 ** 3,
    error: null,
    started_at: '2025-03-01T03:00:00.000Z',
    finished_at: '2025-03-01T03:04:00.000Z',
    hosting_status: 'RUNNING',
    keep_until: null,
    progress: null,
    restorable: false,
    ...overrides,
  };
}

const ROUND: BackupRound = { started_at: '2025-03-02T03:00:00.000Z', finished_at: null, total: 10, done: 2, failed: 1 };
const LAST_ROUND: BackupRound = {
  started_at: '2025-03-01T03:00:00.000Z',
  finished_at: '2025-03-01T03:40:00.000Z',
  total: 10,
  done: 9,
  failed: 1,
};

function makeOverview(overrides: Partial<BackupOverview> = {}): BackupOverview {
  return {
    enabled: true,
    schedule: '0 3 * * *',
    next_run_at: '2025-03-02T03:00:00.000Z',
    repository: 'sftp:backup@nas:/hostbay',
    keep: { daily: 7, weekly: 4, monthly: 0 },
    grace_days: 7,
    round: null,
    last_round: LAST_ROUND,
    ...overrides,
  };
}

const ALICE = makeBackup('alice');
const BOB = makeBackup('bob', {
  state: 'failed',
  bytes_added: null,
  bytes_processed: null,
  error: 'restic: repository is locked by another process',
  trigger: 'admin',
});
const DAVE = makeBackup('dave', {
  trigger: 'deletion',
  hosting_status: 'DELETED',
  keep_until: '2025-03-08T03:00:00.000Z',
  restorable: true,
});
const ERIN_RUNNING = makeBackup('erin', {
  state: 'running',
  bytes_added: null,
  bytes_processed: null,
  finished_at: null,
  progress: 0.42,
});

/** The backups page's API: GET answers `lists` in turn (the last one again and again); POSTs are recorded. */
function serveBackups(...lists: AdminBackupList[]) {
  const seen = { reads: 0, runs: 0, restores: [] as string[] };
  server.use(
    http.get(apiPath('/auth/me'), () => ok(ADMIN)),
    http.get(apiPath('/admin/backups'), () => {
      seen.reads += 1;
      return ok(lists[Math.min(seen.reads - 1, lists.length - 1)]);
    }),
    http.post(apiPath('/admin/backups/run'), () => {
      seen.runs += 1;
      return ok({ ...ROUND, total: 0, done: 0, failed: 0 }, 202);
    }),
    http.post(apiPath('/admin/backups/:id/restore'), ({ params }) => {
      seen.restores.push(String(params.id));
      return ok({ hosting_id: '0d9a3b1e-8c55-4d8e-9d4f-00000000ffff', username: 'dave' }, 202);
    }),
  );
  return seen;
}

const SETTLED: AdminBackupList = { items: [ALICE, BOB, DAVE], overview: makeOverview() };

async function rowOf(username: string) {
  const cell = await screen.findByText(username, { selector: 'strong' });
  return cell.closest('tr')!;
}

function summary() {
  return screen.getByRole('region', { name: 'Schedule and rounds' });
}

// The page is a lazy route: loaded once here, so that no test's first wait includes compiling it.
beforeAll(async () => {
  await import('../../../src/pages/admin/AdminBackupsPage');
});

describe('admin backups: the summary and the list', () => {
  it('shows how backups are set up, the last round, and every backup', async () => {
    signIn(ADMIN);
    serveBackups(SETTLED);
    renderApp('/admin/backups');
    expect(await screen.findByRole('heading', { level: 1, name: 'Backups' })).toBeInTheDocument();
    const card = await screen.findByRole('region', { name: 'Schedule and rounds' });
    expect(card).toHaveTextContent('On');
    expect(card).toHaveTextContent('Every day at 3:00 AM');
    expect(card).toHaveTextContent('0 3 * * *');
    expect(card).toHaveTextContent(formatDateTime('2025-03-02T03:00:00.000Z', 'en'));
    expect(card).toHaveTextContent('sftp:backup@nas:/hostbay');
    expect(card).toHaveTextContent('7 daily, 4 weekly');
    expect(card).not.toHaveTextContent('monthly');
    expect(card).toHaveTextContent('Kept 7 days after the delete');
    expect(card).toHaveTextContent('9 backed up, 1 failed');
    expect(card).toHaveTextContent(`Finished ${formatDateTime(LAST_ROUND.finished_at!, 'en')}`);
    expect(within(card).queryByRole('progressbar')).not.toBeInTheDocument();
    expect(within(card).getByRole('button', { name: 'Back up now' })).toBeEnabled();

    const alice = await rowOf('alice');
    expect(within(alice).getByText('Done')).toBeInTheDocument();
    expect(alice).toHaveTextContent('Schedule');
    expect(alice).toHaveTextContent('1.5 MB');
    expect(alice).toHaveTextContent('10 GB read');
    expect(within(alice).getByText('Running')).toBeInTheDocument();
    expect(within(alice).queryByRole('button')).not.toBeInTheDocument();

    const bob = await rowOf('bob');
    expect(within(bob).getByText('Failed')).toBeInTheDocument();
    expect(bob).toHaveTextContent('restic: repository is locked by another process');
    expect(bob).toHaveTextContent('By an admin');

    const dave = await rowOf('dave');
    expect(dave).toHaveTextContent('Before deletion');
    expect(within(dave).getByText('Deleted')).toBeInTheDocument();
    expect(dave).toHaveTextContent(`Kept until ${formatDateTime('2025-03-08T03:00:00.000Z', 'en')}`);
    expect(within(dave).getByRole('button', { name: 'Bring back dave' })).toHaveTextContent('Bring back');
  });

  it('is in the operator console’s navigation', async () => {
    signIn(ADMIN);
    serveBackups(SETTLED);
    renderApp('/admin/backups');
    const link = await screen.findByRole('link', { name: 'Backups' });
    expect(link).toHaveAttribute('href', '/admin/backups');
    expect(link).toHaveAttribute('aria-current', 'page');
  });

  it('says when backups are off, and how to turn them on, instead of offering "Back up now"', async () => {
    signIn(ADMIN);
    serveBackups({
      items: [],
      overview: makeOverview({ enabled: false, schedule: null, next_run_at: null, last_round: null }),
    });
    renderApp('/admin/backups');
    const card = await screen.findByRole('region', { name: 'Schedule and rounds' });
    expect(card).toHaveTextContent('Off');
    expect(within(card).getByRole('note')).toHaveTextContent('HOSTBAY_BACKUP_SCHEDULE is set to off');
    expect(within(card).getByRole('note')).toHaveTextContent('"0 3 * * *"');
    expect(within(card).queryByRole('button', { name: 'Back up now' })).not.toBeInTheDocument();
    expect(card).not.toHaveTextContent('Next run');
    expect(card).toHaveTextContent('No round has finished since Hostbay started.');
    expect(screen.getByText('No backups yet')).toBeInTheDocument();
  });

  it('shows a schedule it cannot put in words as the cron text', async () => {
    signIn(ADMIN);
    serveBackups({ ...SETTLED, overview: makeOverview({ schedule: '*/15 2-5 * * 1-5' }) });
    renderApp('/admin/backups');
    const card = await screen.findByRole('region', { name: 'Schedule and rounds' });
    expect(within(card).getByText('*/15 2-5 * * 1-5', { selector: 'code' })).toBeInTheDocument();
    expect(card).not.toHaveTextContent('Every');
  });

  it('shows why the list could not be loaded', async () => {
    signIn(ADMIN);
    server.use(
      http.get(apiPath('/auth/me'), () => ok(ADMIN)),
      http.get(apiPath('/admin/backups'), () => fail(503, 'http_503', 'The database is not answering.')),
    );
    renderApp('/admin/backups');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load the backups');
    expect(alert).toHaveTextContent('The database is not answering.');
  });
});

describe('admin backups: a round', () => {
  it('shows the round under way as a progress bar, "Back up now" off, and each running backup’s progress', async () => {
    signIn(ADMIN);
    serveBackups({ items: [ERIN_RUNNING, ALICE], overview: makeOverview({ round: ROUND }) });
    renderApp('/admin/backups');
    const card = await screen.findByRole('region', { name: 'Schedule and rounds' });
    const bar = within(card).getByRole('progressbar', { name: 'Round under way' });
    expect(bar).toHaveAttribute('max', '10');
    expect(bar).toHaveAttribute('value', '3');
    expect(card).toHaveTextContent('3 of 10 hostings');
    expect(card).toHaveTextContent('1 failed');
    expect(within(card).getByRole('button', { name: 'Back up now' })).toBeDisabled();
    expect(card).toHaveTextContent('A round is under way');
    expect(await rowOf('erin')).toHaveTextContent('Running, 42%');
  });

  it('"Back up now" starts a round: the button turns off and the list follows it', async () => {
    const user = userEvent.setup();
    signIn(ADMIN);
    const seen = serveBackups(SETTLED, { ...SETTLED, overview: makeOverview({ round: ROUND }) });
    renderApp('/admin/backups');
    await rowOf('alice');
    await user.click(within(summary()).getByRole('button', { name: 'Back up now' }));
    expect(await screen.findByText('A backup round started.')).toBeInTheDocument();
    expect(seen.runs).toBe(1);
    await waitFor(() => expect(seen.reads).toBe(2));
    expect(within(summary()).getByRole('button', { name: 'Back up now' })).toBeDisabled();
    await waitFor(() => expect(summary()).toHaveTextContent('3 of 10 hostings'));
  });

  it('says so when a round is already under way (409)', async () => {
    const user = userEvent.setup();
    signIn(ADMIN);
    serveBackups(SETTLED);
    server.use(
      http.post(apiPath('/admin/backups/run'), () =>
        fail(409, 'conflict', 'A backup round is under way; wait for it to finish.'),
      ),
    );
    renderApp('/admin/backups');
    await rowOf('alice');
    await user.click(within(summary()).getByRole('button', { name: 'Back up now' }));
    expect(await screen.findByText('A backup round is already under way.')).toBeInTheDocument();
  });

  it('asks again every 3 s while anything runs, and stops once nothing does', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      signIn(ADMIN);
      const running: AdminBackupList = { items: [ERIN_RUNNING], overview: makeOverview({ round: ROUND }) };
      const finished: AdminBackupList = {
        items: [{ ...ERIN_RUNNING, state: 'done', progress: null, bytes_added: 2048 }],
        overview: makeOverview({ last_round: { ...ROUND, finished_at: '2025-03-02T03:30:00.000Z' } }),
      };
      const seen = serveBackups(running, running, finished);
      renderApp('/admin/backups');
      await rowOf('erin');
      expect(seen.reads).toBe(1);
      await act(() => vi.advanceTimersByTimeAsync(3000));
      await waitFor(() => expect(seen.reads).toBe(2));
      await act(() => vi.advanceTimersByTimeAsync(3000));
      await waitFor(() => expect(screen.getByText('Done')).toBeInTheDocument());
      expect(seen.reads).toBe(3);
      await act(() => vi.advanceTimersByTimeAsync(30_000));
      expect(seen.reads).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('admin backups: bringing a deleted hosting back', () => {
  it('asks first, explaining what happens; Cancel sends nothing; confirming posts to /restore', async () => {
    const user = userEvent.setup();
    signIn(ADMIN);
    const seen = serveBackups(SETTLED, { ...SETTLED, items: [ALICE, BOB, { ...DAVE, restorable: false }] });
    renderApp('/admin/backups');
    const dave = await rowOf('dave');
    await user.click(within(dave).getByRole('button', { name: 'Bring back dave' }));
    let dialog = await screen.findByRole('alertdialog', { name: 'Bring back dave’s hosting?' });
    expect(dialog).toHaveTextContent('A new hosting is created for dave from this backup');
    expect(dialog).toHaveTextContent(formatDateTime(DAVE.finished_at!, 'en'));
    expect(dialog).toHaveTextContent('keeps their SSH key or password');
    expect(dialog).toHaveTextContent('new SSH port');
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(seen.restores).toEqual([]);

    await user.click(within(dave).getByRole('button', { name: 'Bring back dave' }));
    dialog = await screen.findByRole('alertdialog');
    await user.click(within(dialog).getByRole('button', { name: 'Bring back hosting' }));
    expect(await screen.findByText('dave’s hosting is coming back from its backup.')).toBeInTheDocument();
    expect(seen.restores).toEqual([DAVE.id]);
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    await waitFor(() => expect(seen.reads).toBe(2));
    await waitFor(() => expect(within(dave).queryByRole('button')).not.toBeInTheDocument());
  });

  it('shows the API’s refusal, such as a member who has a hosting now', async () => {
    const user = userEvent.setup();
    signIn(ADMIN);
    serveBackups(SETTLED);
    server.use(
      http.post(apiPath('/admin/backups/:id/restore'), () =>
        fail(409, 'conflict', 'dave has a hosting now: delete it first.'),
      ),
    );
    renderApp('/admin/backups');
    await user.click(within(await rowOf('dave')).getByRole('button', { name: 'Bring back dave' }));
    await user.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Bring back hosting' }),
    );
    expect(await screen.findByText('dave has a hosting now: delete it first.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
  });
});

describe('admin backups in Korean', () => {
  it('speaks Korean: the summary, the rows and the dialog', async () => {
    const user = userEvent.setup();
    useSettingsStore.setState({ language: 'ko' });
    signIn(ADMIN);
    serveBackups({ items: [ERIN_RUNNING, DAVE], overview: makeOverview({ round: ROUND }) });
    renderApp('/admin/backups');
    expect(await screen.findByRole('heading', { level: 1, name: '백업' })).toBeInTheDocument();
    const card = await screen.findByRole('region', { name: '일정과 실행 현황' });
    expect(card).toHaveTextContent('켜짐');
    expect(card).toHaveTextContent(`매일 ${formatTimeOfDay(3, 0, 'ko')}`);
    expect(card).toHaveTextContent('일별 7개, 주별 4개');
    expect(card).toHaveTextContent('삭제 후 7일 보관');
    expect(card).toHaveTextContent('호스팅 10개 중 3개');
    expect(within(card).getByRole('button', { name: '지금 백업' })).toBeDisabled();
    expect(await rowOf('erin')).toHaveTextContent('진행 중, 42%');
    const dave = await rowOf('dave');
    expect(dave).toHaveTextContent('삭제 전');
    expect(dave).toHaveTextContent('까지 보관');
    await user.click(within(dave).getByRole('button', { name: 'dave 되살리기' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'dave 님의 호스팅을 되살릴까요?' });
    expect(dialog).toHaveTextContent('새 SSH 포트');
    expect(within(dialog).getByRole('button', { name: '호스팅 되살리기' })).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: '취소' })).toBeInTheDocument();
  });

  it('says in Korean that backups are off', async () => {
    useSettingsStore.setState({ language: 'ko' });
    signIn(ADMIN);
    serveBackups({ items: [], overview: makeOverview({ enabled: false, schedule: null, next_run_at: null }) });
    renderApp('/admin/backups');
    const card = await screen.findByRole('region', { name: '일정과 실행 현황' });
    expect(card).toHaveTextContent('꺼짐');
    expect(within(card).getByRole('note')).toHaveTextContent('HOSTBAY_BACKUP_SCHEDULE이 off로 설정되어 있습니다');
  });
});
