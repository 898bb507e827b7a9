import type { Hosting, ProvisionStep } from '@hostbay/contract/hosting';
import type { Snapshot, SnapshotList } from '@hostbay/contract/snapshot';
import { act, configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HostingManager } from '../../../src/components/hosting/HostingManager';
import { useSettingsStore } from '../../../src/stores/settingsStore';
import { makeHosting } from '../support/factories';
import { apiPath, fail, ok, server } from '../support/msw-server';
import { renderWithProviders, signIn } from '../support/render';

// Generous waits (this file only): the card and its texts load lazily after the hosting is shown.
configure({ asyncUtilTimeout: 5000 });

let serial = 0;

/** A finished snapshot of a running machine, 1.5 GiB of changed blocks. */
function readySnapshot(name: string, overrides: Partial<Snapshot> = {}): Snapshot {
  serial += 1;
  return {
    id: `5a000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    name,
    state: 'ready',
    taken_while: 'running',
    size_bytes: 1.5 * 1024 ** 3,
    problem: null,
    created_at: '2026-11-28T08:00:00.000Z',
    ready_at: '2026-11-28T08:00:07.000Z',
    ...overrides,
  };
}

function takingSnapshot(name: string): Snapshot {
  return readySnapshot(name, { state: 'creating', taken_while: null, size_bytes: null, ready_at: null });
}

/** A restore's steps as the API plans them, the first under way. */
const RESTORE_STEPS: ProvisionStep[] = ['stop_vm', 'restore_disk', 'start_vm', 'wait_guest'].map((name, index) => ({
  name,
  state: index === 0 ? 'running' : 'pending',
  started_at: index === 0 ? '2026-11-28T09:00:00.000Z' : null,
  finished_at: null,
}));

/** The hosting page with GET /hosting/my/snapshots answering `answers` in turn (the last repeats); counts the calls. */
function serveSnapshots(answers: SnapshotList[], hosting: Hosting = makeHosting('RUNNING')) {
  const counter = { calls: 0 };
  server.use(
    http.get(apiPath('/hosting/my'), () => ok(hosting)),
    http.get(apiPath('/hosting/my/snapshots'), () => {
      const answer = answers[Math.min(counter.calls, answers.length - 1)]!;
      counter.calls += 1;
      return ok(answer);
    }),
  );
  return counter;
}

function renderPage() {
  signIn();
  return renderWithProviders(<HostingManager />);
}

const findCard = () => screen.findByRole('region', { name: 'Snapshots' });
const findSnapshot = (name: string) => screen.findByRole('article', { name });

describe('SnapshotsCard', () => {
  afterEach(() => vi.useRealTimers());

  it('explains snapshots and lists each one: when, its size, its state, and buttons naming it', async () => {
    serveSnapshots([
      {
        items: [
          takingSnapshot('before the plugin update'),
          readySnapshot('before the theme change'),
          readySnapshot('broken', {
            state: 'failed',
            taken_while: null,
            size_bytes: null,
            problem: 'The disk was busy.',
          }),
        ],
        limit: 3,
      },
    ]);
    renderPage();
    const card = await findCard();
    expect(card).toHaveTextContent(/A snapshot is a copy of your machine’s disk at one moment/);
    expect(within(card).getByRole('heading', { name: 'Snapshots', level: 2 })).toBeInTheDocument();

    const ready = await findSnapshot('before the theme change');
    expect(within(ready).getByText('1.5 GB')).toBeInTheDocument();
    expect(within(ready).getByText('Ready')).toBeInTheDocument();
    const time = ready.querySelector('time');
    expect(time).toHaveAttribute('dateTime', '2026-11-28T08:00:00.000Z');
    expect(time?.textContent).toMatch(/2026/);
    expect(within(ready).getByText(/^Taken while the machine was running/)).toBeInTheDocument();
    const restore = within(ready).getByRole('button', { name: 'Restore before the theme change' });
    expect(restore).toHaveTextContent('Restore');
    expect(restore).toBeEnabled();
    expect(within(ready).getByRole('button', { name: 'Delete before the theme change' })).toHaveTextContent('Delete');

    const taking = screen.getByRole('article', { name: 'before the plugin update' });
    expect(within(taking).getByText('Taking…')).toBeInTheDocument();
    expect(within(taking).getByRole('button', { name: 'Restore before the plugin update' })).toBeDisabled();
    expect(within(taking).queryByText(/^Taken while/)).not.toBeInTheDocument();

    const failed = screen.getByRole('article', { name: 'broken' });
    expect(within(failed).getByText('Failed: The disk was busy.')).toBeInTheDocument();
    expect(within(failed).getByRole('button', { name: 'Restore broken' })).toBeDisabled();
    expect(within(failed).getByRole('button', { name: 'Delete broken' })).toBeEnabled();
  });

  it('takes a snapshot (202): sends its name, shows it being taken, then ready', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    const taken = takingSnapshot('before the theme change');
    const counter = serveSnapshots([
      { items: [], limit: 3 },
      { items: [{ ...taken, state: 'ready', taken_while: 'running', size_bytes: 4096 }], limit: 3 },
    ]);
    let body: unknown;
    server.use(
      http.post(apiPath('/hosting/my/snapshots'), async ({ request }) => {
        body = await request.json();
        return ok(taken, 202, 'Taking snapshot “before the theme change”.');
      }),
    );
    renderPage();
    const card = await findCard();
    expect(await within(card).findByText('No snapshots yet.')).toBeInTheDocument();
    const field = within(card).getByLabelText('Snapshot name');
    expect(field).toHaveAttribute('placeholder', 'before the theme change');
    await user.type(field, ' before the theme change ');
    await user.click(within(card).getByRole('button', { name: 'Take snapshot' }));

    expect(body).toEqual({ name: 'before the theme change' });
    const item = await findSnapshot('before the theme change');
    expect(within(item).getByText('Taking…')).toBeInTheDocument();
    expect(field).toHaveValue('');
    expect(
      await screen.findByText('Taking the snapshot “before the theme change”. This takes a few seconds.'),
    ).toBeInTheDocument();
    // One job at a time: the form waits for this snapshot, and says so.
    expect(within(card).getByRole('button', { name: 'Take snapshot' })).toHaveAccessibleDescription(
      'A snapshot is being taken; wait until it is finished.',
    );
    // Asked again every 2 s while one is being taken, and no more once none is.
    expect(counter.calls).toBe(1);
    await act(() => vi.advanceTimersByTimeAsync(2_000));
    await waitFor(() => expect(within(item).getByText('Ready')).toBeInTheDocument());
    expect(within(item).getByText('4 kB')).toBeInTheDocument();
    expect(within(card).getByRole('button', { name: 'Take snapshot' })).toBeEnabled();
    await act(() => vi.advanceTimersByTimeAsync(6_000));
    expect(counter.calls).toBe(2);
  });

  it('turns the form off with the reason when the plan’s snapshots are all kept', async () => {
    serveSnapshots([
      {
        items: [
          readySnapshot('one'),
          readySnapshot('two'),
          readySnapshot('three'),
          // A failed one takes no room and does not count.
          readySnapshot('failed', { state: 'failed', size_bytes: null, problem: 'No room.' }),
        ],
        limit: 3,
      },
    ]);
    renderPage();
    const card = await findCard();
    const button = await within(card).findByRole('button', { name: 'Take snapshot' });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription('3 of 3 kept; delete one to take another.');
    expect(within(card).getByLabelText('Snapshot name')).toBeDisabled();
  });

  it('turns the form off unless the hosting is running or stopped', async () => {
    serveSnapshots([{ items: [readySnapshot('one')], limit: 3 }], makeHosting('STARTING'));
    renderPage();
    const card = await findCard();
    const button = await within(card).findByRole('button', { name: 'Take snapshot' });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription('A snapshot can be taken while your hosting is running or stopped.');
    expect(within(card).getByRole('button', { name: 'Restore one' })).toBeDisabled();
  });

  it('says a refusal the list did not foresee (409 snapshot_limit) at the name, and one of the server (507) below', async () => {
    const user = userEvent.setup();
    serveSnapshots([{ items: [], limit: 3 }]);
    let answer = fail(409, 'snapshot_limit', 'Your plan keeps 3 snapshots. Delete one to take another.');
    server.use(http.post(apiPath('/hosting/my/snapshots'), () => answer));
    renderPage();
    const card = await findCard();
    const field = await within(card).findByLabelText('Snapshot name');
    await user.type(field, 'again');
    await user.click(within(card).getByRole('button', { name: 'Take snapshot' }));
    await waitFor(() =>
      expect(field).toHaveAccessibleDescription(
        /Your hosting keeps as many snapshots as your plan allows\. Delete one to take another\./,
      ),
    );
    expect(field).toHaveAttribute('aria-invalid', 'true');

    answer = fail(507, 'disk_full', 'The host has too little room.');
    await user.click(within(card).getByRole('button', { name: 'Take snapshot' }));
    expect(await within(card).findByRole('alert')).toHaveTextContent(
      'The server has no room for a snapshot right now. Try again later, or ask the operator.',
    );
  });

  it('restores only after confirming, and the hosting then shows the restore’s steps', async () => {
    const user = userEvent.setup();
    const snapshot = readySnapshot('before the theme change');
    serveSnapshots([{ items: [snapshot], limit: 3 }], makeHosting('STOPPED'));
    const restored: string[] = [];
    server.use(
      http.post(apiPath('/hosting/my/snapshots/:id/restore'), ({ params }) => {
        restored.push(String(params.id));
        return ok(
          makeHosting('RESTORING', { steps: RESTORE_STEPS, updated_at: '2026-11-28T09:00:00.000Z' }),
          202,
          'Restoring the snapshot.',
        );
      }),
    );
    renderPage();
    const item = await findSnapshot('before the theme change');
    const open = within(item).getByRole('button', { name: 'Restore before the theme change' });
    await user.click(open);
    let dialog = screen.getByRole('alertdialog', { name: 'Restore “before the theme change”?' });
    expect(dialog).toHaveTextContent(
      /Your machine is stopped, its disk is put back .* Every change made since then is lost\./,
    );
    // Focus starts on Cancel: Enter never restores by accident.
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    await waitFor(() => expect(open).toHaveFocus());
    expect(restored).toEqual([]);

    await user.click(open);
    dialog = screen.getByRole('alertdialog', { name: 'Restore “before the theme change”?' });
    await user.click(within(dialog).getByRole('button', { name: 'Restore snapshot' }));
    expect(
      await screen.findByText('Restoring “before the theme change”. Your machine restarts in a minute.'),
    ).toBeInTheDocument();
    expect(restored).toEqual([snapshot.id]);
    expect(await screen.findByRole('heading', { name: 'Restoring a snapshot' })).toBeInTheDocument();
    expect(screen.getByText('Put the disk back from the snapshot')).toBeInTheDocument();
    expect(screen.getAllByText('Restoring').length).toBeGreaterThan(0);
    // Restoring: nothing else can be restored or taken until it ends.
    expect(within(item).getByRole('button', { name: 'Restore before the theme change' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Take snapshot' })).toBeDisabled();
  });

  it('shows the hosting being busy (409 hosting_busy) in its own words', async () => {
    const user = userEvent.setup();
    serveSnapshots([{ items: [readySnapshot('before the theme change')], limit: 3 }]);
    server.use(
      http.post(apiPath('/hosting/my/snapshots/:id/restore'), () =>
        fail(409, 'hosting_busy', 'The hosting is busy with another action; wait for it to finish.'),
      ),
    );
    renderPage();
    const item = await findSnapshot('before the theme change');
    await user.click(within(item).getByRole('button', { name: 'Restore before the theme change' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Restore snapshot' }));
    expect(
      await screen.findByText('Your hosting is busy with another action. Wait for it to finish, then try again.'),
    ).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
  });

  it('offers a restore on ERROR only where a machine stands behind it', async () => {
    const snapshot = readySnapshot('before the theme change');
    serveSnapshots([{ items: [snapshot], limit: 3 }], makeHosting('ERROR', { allowed_actions: ['start', 'delete'] }));
    const { unmount } = renderPage();
    let item = await findSnapshot('before the theme change');
    expect(within(item).getByRole('button', { name: 'Restore before the theme change' })).toBeEnabled();
    unmount();

    // A failed creation: no machine, so nothing to put a disk back into.
    serveSnapshots([{ items: [snapshot], limit: 3 }], makeHosting('ERROR'));
    renderPage();
    item = await findSnapshot('before the theme change');
    expect(within(item).getByRole('button', { name: 'Restore before the theme change' })).toBeDisabled();
  });

  it('deletes a snapshot only after confirming, and shows the list the API answers', async () => {
    const user = userEvent.setup();
    const keep = readySnapshot('keep me');
    const drop = readySnapshot('drop me');
    serveSnapshots([{ items: [drop, keep], limit: 3 }]);
    const deleted: string[] = [];
    server.use(
      http.delete(apiPath('/hosting/my/snapshots/:id'), ({ params }) => {
        deleted.push(String(params.id));
        return ok({ items: [keep], limit: 3 }, 200, 'The snapshot was deleted.');
      }),
    );
    renderPage();
    const item = await findSnapshot('drop me');
    await user.click(within(item).getByRole('button', { name: 'Delete drop me' }));
    let dialog = screen.getByRole('alertdialog', { name: 'Delete “drop me”?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(deleted).toEqual([]);

    await user.click(within(item).getByRole('button', { name: 'Delete drop me' }));
    dialog = screen.getByRole('alertdialog', { name: 'Delete “drop me”?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete snapshot' }));
    expect(await screen.findByText('The snapshot “drop me” was deleted.')).toBeInTheDocument();
    expect(deleted).toEqual([drop.id]);
    expect(screen.queryByRole('article', { name: 'drop me' })).not.toBeInTheDocument();
    expect(screen.getByRole('article', { name: 'keep me' })).toBeInTheDocument();
    // Its button went with it: focus goes to the card's heading, not to the page's start.
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Snapshots' })).toHaveFocus());
  });

  it('asks for the list again when the hosting changes (its event says a snapshot finished)', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const counter = serveSnapshots([{ items: [readySnapshot('nightly')], limit: 3 }]);
    renderPage();
    await findSnapshot('nightly');
    const calls = counter.calls;
    // The hosting polls every 10 s while running; an unchanged answer does not ask for the snapshots.
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(counter.calls).toBe(calls);
    server.use(
      http.get(apiPath('/hosting/my'), () => ok(makeHosting('RUNNING', { updated_at: '2026-11-28T09:00:00.000Z' }))),
    );
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    await waitFor(() => expect(counter.calls).toBe(calls + 1));
  });

  it.each([
    ['CREATING', 'Creating'],
    ['DELETING', 'Deleting'],
  ] as const)('is not shown while the hosting is %s', async (status, words) => {
    const counter = serveSnapshots([{ items: [], limit: 3 }], makeHosting(status));
    renderPage();
    expect(await screen.findByText(words)).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Snapshots' })).not.toBeInTheDocument();
    expect(counter.calls).toBe(0);
  });

  it('speaks Korean when the language is Korean', async () => {
    useSettingsStore.setState({ language: 'ko' });
    const user = userEvent.setup();
    serveSnapshots([{ items: [readySnapshot('테마 변경 전'), readySnapshot('둘'), readySnapshot('셋')], limit: 3 }]);
    renderPage();
    const card = await screen.findByRole('region', { name: '스냅샷' });
    expect(card).toHaveTextContent(/스냅샷은 어느 한 순간의 머신 디스크 사본으로/);
    const button = await within(card).findByRole('button', { name: '스냅샷 만들기' });
    expect(button).toHaveAccessibleDescription('3개 중 3개를 보관하고 있습니다. 새로 만들려면 하나를 삭제하세요.');
    expect(within(card).getByLabelText('스냅샷 이름')).toHaveAttribute('placeholder', '테마 변경 전');
    const item = screen.getByRole('article', { name: '테마 변경 전' });
    expect(within(item).getByText('준비됨')).toBeInTheDocument();
    expect(within(item).getByRole('button', { name: '테마 변경 전 삭제' })).toHaveTextContent('삭제');
    await user.click(within(item).getByRole('button', { name: '테마 변경 전 복원' }));
    const dialog = screen.getByRole('alertdialog', { name: '“테마 변경 전”을(를) 복원할까요?' });
    expect(within(dialog).getByRole('button', { name: '스냅샷 복원' })).toBeInTheDocument();
  });
});
