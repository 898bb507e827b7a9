import type { AdminHosting, AdminHostingPage } from '@hostbay/contract/admin';
import type { HostingCommand, HostingStatus } from '@hostbay/contract/hosting';
import { act, configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { useSettingsStore } from '../../../src/stores/settingsStore';
import { makeHosting, makeUser } from '../support/factories';
import { apiPath, fail, ok, server } from '../support/msw-server';
import { renderApp, signIn } from '../support/render';

// Generous waits (this file only): the page's route loads lazily, and the whole app renders for each test.
configure({ asyncUtilTimeout: 5000 });

const ADMIN = makeUser({ is_admin: true, username: 'root', email: 'root@example.com' });

/** What the API allows in each state for an active owner whose machine was created. */
const ALLOWED: Record<HostingStatus, HostingCommand[]> = {
  RUNNING: ['stop', 'reboot', 'delete'],
  STOPPED: ['start', 'delete'],
  ERROR: ['start', 'delete'],
  CREATING: ['delete'],
  STARTING: ['delete'],
  STOPPING: ['delete'],
  REBOOTING: ['delete'],
  RESTORING: ['delete'],
  DELETING: [],
  DELETED: [],
};

let serial = 0;
function makeAdminHosting(status: HostingStatus, owner: string, overrides: Partial<AdminHosting> = {}): AdminHosting {
  serial += 1;
  const suffix = String(serial).padStart(12, '0');
  return {
    id: `0d9a3b1e-8c55-4d8e-9d4f-${suffix}`,
    status,
    owner: {
      id: `6f1c1a52-3c1e-4a57-9b55-${suffix}`,
      username: owner,
      email: `${owner}@example.com`,
      status: 'active',
    },
    vcpus: 2,
    memory_mb: 2048,
    disk_gb: 20,
    ssh_port: 2201,
    ip_address: '10.77.0.12',
    error: null,
    allowed_actions: ALLOWED[status],
    created_at: '2025-03-01T10:00:00.000Z',
    updated_at: '2025-03-01T10:05:00.000Z',
    ...overrides,
  };
}

const ALICE = makeAdminHosting('RUNNING', 'alice');
const BOB = makeAdminHosting('STOPPED', 'bob', { vcpus: 1, memory_mb: 512, disk_gb: 10 });
const CAROL = makeAdminHosting('ERROR', 'carol', {
  ssh_port: null,
  ip_address: null,
  error: { step: 'wait_guest', message: 'The guest did not answer on port 22 within 120 s.' },
  allowed_actions: ['delete'],
});
const DAVE = makeAdminHosting('DELETING', 'dave');

/**
 * GET /admin/hostings answers from `pages` by the `after` cursor ("" is the first page) and records
 * each request's query string; POST and DELETE record what they were sent.
 */
function serveHostings(pages: Record<string, AdminHostingPage>) {
  const seen = { lists: [] as string[], commands: [] as { method: string; path: string; body: unknown }[] };
  server.use(
    http.get(apiPath('/auth/me'), () => ok(ADMIN)),
    http.get(apiPath('/admin/hostings'), ({ request }) => {
      const url = new URL(request.url);
      seen.lists.push(url.search);
      const page = pages[url.searchParams.get('after') ?? ''];
      return page ? ok(page) : fail(400, 'validation_error', 'Unknown cursor.');
    }),
    http.post(apiPath('/admin/hostings/:id/actions'), async ({ request, params }) => {
      const body = await request.json();
      seen.commands.push({ method: 'POST', path: String(params.id), body });
      return ok(makeHosting('RUNNING'), 202);
    }),
    http.delete(apiPath('/admin/hostings/:id'), ({ params }) => {
      seen.commands.push({ method: 'DELETE', path: String(params.id), body: null });
      return ok(makeHosting('DELETING'), 202);
    }),
  );
  return seen;
}

/** Settled states only: a moving one would make the page poll (see the test of that). */
const ONE_PAGE = { '': { items: [ALICE, BOB, CAROL], next: null } };

async function rowOf(owner: string) {
  const cell = await screen.findByText(owner, { selector: 'strong' });
  return cell.closest('tr')!;
}

async function openMenu(user: ReturnType<typeof userEvent.setup>, owner: string) {
  await user.click(await screen.findByRole('button', { name: `Actions for ${owner}’s hosting` }));
  return screen.findByRole('menu');
}

describe('admin hostings: the list', () => {
  it('shows owner, state, size, SSH port, address and creation of every hosting', async () => {
    signIn(ADMIN);
    const seen = serveHostings(ONE_PAGE);
    renderApp('/admin/hostings');
    const alice = await rowOf('alice');
    expect(alice).toHaveTextContent('alice@example.com');
    expect(within(alice).getByText('Running')).toBeInTheDocument();
    expect(alice).toHaveTextContent(/2 vCPUs\s*2 GB\s*20 GB/);
    expect(alice).toHaveTextContent('2201');
    expect(alice).toHaveTextContent('10.77.0.12');
    expect(within(alice).getByText('Mar 1, 2025')).toBeInTheDocument();
    expect(await rowOf('bob')).toHaveTextContent(/1 vCPU\s*512 MB\s*10 GB/);
    const carol = await rowOf('carol');
    expect(within(carol).getByText('Error')).toBeInTheDocument();
    expect(within(carol).getByText('The guest did not answer on port 22 within 120 s.')).toBeInTheDocument();
    expect(within(carol).getAllByText('—')).toHaveLength(2);
    expect(seen.lists).toEqual(['']);
    expect(screen.getByText('3 shown')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Show more' })).not.toBeInTheDocument();
  });

  it('reads the state filter from the URL, and changing it asks again and updates the URL', async () => {
    const user = userEvent.setup();
    signIn(ADMIN);
    const seen = serveHostings(ONE_PAGE);
    const { router } = renderApp('/admin/hostings?status=STOPPED');
    const filter = await screen.findByLabelText('State');
    expect(filter).toHaveValue('STOPPED');
    await waitFor(() => expect(seen.lists).toEqual(['?status=STOPPED']));
    await user.selectOptions(filter, 'ERROR');
    await waitFor(() => expect(seen.lists).toEqual(['?status=STOPPED', '?status=ERROR']));
    expect(router.state.location.search).toBe('?status=ERROR');
    await user.selectOptions(filter, 'All states');
    await waitFor(() => expect(seen.lists).toContain(''));
    expect(router.state.location.search).toBe('');
  });

  it('ignores a state in the URL that does not exist', async () => {
    signIn(ADMIN);
    const seen = serveHostings(ONE_PAGE);
    renderApp('/admin/hostings?status=SLEEPING');
    expect(await screen.findByLabelText('State')).toHaveValue('');
    await rowOf('alice');
    expect(seen.lists).toEqual(['']);
  });

  it('loads the next page after the cursor with "Show more"', async () => {
    const user = userEvent.setup();
    signIn(ADMIN);
    const seen = serveHostings({
      '': { items: [ALICE, BOB], next: 'cursor-2' },
      'cursor-2': { items: [CAROL], next: null },
    });
    renderApp('/admin/hostings?status=RUNNING');
    await rowOf('alice');
    await user.click(screen.getByRole('button', { name: 'Show more' }));
    await rowOf('carol');
    expect(seen.lists).toEqual(['?status=RUNNING', '?status=RUNNING&after=cursor-2']);
    expect(screen.getByText('3 shown')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Show more' })).not.toBeInTheDocument();
  });

  it('says when no hosting is in the chosen state, and clears the filter', async () => {
    const user = userEvent.setup();
    signIn(ADMIN);
    serveHostings({ '': { items: [], next: null } });
    const { router } = renderApp('/admin/hostings?status=ERROR');
    expect(await screen.findByText('No hosting is in this state.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(router.state.location.search).toBe('');
    expect(await screen.findByText('No member has a hosting yet.')).toBeInTheDocument();
  });

  it('follows a hosting that a job is moving, every 3 s until it settles', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      signIn(ADMIN);
      const lists: string[] = [];
      const answers = [[ALICE, DAVE], [ALICE, DAVE], [ALICE]];
      server.use(
        http.get(apiPath('/auth/me'), () => ok(ADMIN)),
        http.get(apiPath('/admin/hostings'), ({ request }) => {
          lists.push(new URL(request.url).search);
          return ok({ items: answers[Math.min(lists.length - 1, answers.length - 1)], next: null });
        }),
      );
      renderApp('/admin/hostings');
      await rowOf('dave');
      expect(lists).toHaveLength(1);
      await act(() => vi.advanceTimersByTimeAsync(3000));
      await waitFor(() => expect(lists).toHaveLength(2));
      await act(() => vi.advanceTimersByTimeAsync(3000));
      await waitFor(() => expect(screen.queryByText('dave', { selector: 'strong' })).not.toBeInTheDocument());
      await act(() => vi.advanceTimersByTimeAsync(30_000));
      expect(lists).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows why the list could not be loaded', async () => {
    signIn(ADMIN);
    server.use(
      http.get(apiPath('/auth/me'), () => ok(ADMIN)),
      http.get(apiPath('/admin/hostings'), () => fail(503, 'http_503', 'The database is not answering.')),
    );
    renderApp('/admin/hostings');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load this list');
    expect(alert).toHaveTextContent('The database is not answering.');
  });
});

describe('admin hostings: commands', () => {
  it('offers what the API allows, and nothing while a hosting is being deleted', async () => {
    const user = userEvent.setup();
    signIn(ADMIN);
    serveHostings({ '': { items: [ALICE, BOB, CAROL, DAVE], next: null } });
    renderApp('/admin/hostings');
    const names = async (owner: string) => {
      const menu = await openMenu(user, owner);
      const items = within(menu)
        .getAllByRole('menuitem')
        .map((item) => item.textContent);
      await user.keyboard('{Escape}');
      return items;
    };
    expect(await names('alice')).toEqual(['Stop', 'Reboot', 'Delete']);
    expect(await names('bob')).toEqual(['Start', 'Delete']);
    // An ERROR whose machine was never made: the API allows only delete, and so does the menu.
    expect(await names('carol')).toEqual(['Delete']);
    expect(screen.queryByRole('button', { name: 'Actions for dave’s hosting' })).not.toBeInTheDocument();
  });

  it('starts a hosting at once, says so, and asks for the list again', async () => {
    const user = userEvent.setup();
    signIn(ADMIN);
    const seen = serveHostings(ONE_PAGE);
    renderApp('/admin/hostings');
    await user.click(within(await openMenu(user, 'bob')).getByRole('menuitem', { name: 'Start' }));
    expect(await screen.findByText('bob’s hosting is starting.')).toBeInTheDocument();
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(seen.commands).toEqual([{ method: 'POST', path: BOB.id, body: { action: 'start' } }]);
    await waitFor(() => expect(seen.lists).toHaveLength(2));
  });

  it('asks before stopping, naming the owner; Cancel sends nothing', async () => {
    const user = userEvent.setup();
    signIn(ADMIN);
    const seen = serveHostings(ONE_PAGE);
    renderApp('/admin/hostings');
    await user.click(within(await openMenu(user, 'alice')).getByRole('menuitem', { name: 'Stop' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Stop alice’s hosting?' });
    expect(dialog).toHaveTextContent('alice (alice@example.com)');
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(seen.commands).toEqual([]);
    // The menu item that opened the dialog is gone: focus goes back to the menu's button, not to the page's start.
    await waitFor(() => expect(screen.getByRole('button', { name: 'Actions for alice’s hosting' })).toHaveFocus());

    await user.click(within(await openMenu(user, 'alice')).getByRole('menuitem', { name: 'Stop' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Stop hosting' }));
    expect(await screen.findByText('alice’s hosting is stopping.')).toBeInTheDocument();
    expect(seen.commands).toEqual([{ method: 'POST', path: ALICE.id, body: { action: 'stop' } }]);
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
  });

  it('reboots after confirmation', async () => {
    const user = userEvent.setup();
    signIn(ADMIN);
    const seen = serveHostings(ONE_PAGE);
    renderApp('/admin/hostings');
    await user.click(within(await openMenu(user, 'alice')).getByRole('menuitem', { name: 'Reboot' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Reboot alice’s hosting?' });
    await user.click(within(dialog).getByRole('button', { name: 'Reboot hosting' }));
    expect(await screen.findByText('alice’s hosting is rebooting.')).toBeInTheDocument();
    expect(seen.commands).toEqual([{ method: 'POST', path: ALICE.id, body: { action: 'reboot' } }]);
  });

  it('deletes with DELETE after confirmation', async () => {
    const user = userEvent.setup();
    signIn(ADMIN);
    const seen = serveHostings(ONE_PAGE);
    renderApp('/admin/hostings');
    await user.click(within(await openMenu(user, 'carol')).getByRole('menuitem', { name: 'Delete' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Delete carol’s hosting?' });
    expect(dialog).toHaveTextContent('carol (carol@example.com), its disk and every file on it');
    await user.click(within(dialog).getByRole('button', { name: 'Delete hosting' }));
    expect(await screen.findByText('carol’s hosting is being deleted.')).toBeInTheDocument();
    expect(seen.commands).toEqual([{ method: 'DELETE', path: CAROL.id, body: null }]);
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
  });

  it('says when a hosting’s owner is suspended, and offers only what the API allows then', async () => {
    const user = userEvent.setup();
    signIn(ADMIN);
    const held = makeAdminHosting('STOPPED', 'erin', {
      owner: {
        id: '6f1c1a52-3c1e-4a57-9b55-0000000000ff',
        username: 'erin',
        email: 'erin@example.com',
        status: 'suspended',
      },
      allowed_actions: ['delete'],
    });
    serveHostings({ '': { items: [held], next: null } });
    renderApp('/admin/hostings');
    expect(await screen.findByText(/Owner suspended/)).toBeInTheDocument();
    const menu = await openMenu(user, 'erin');
    expect(
      within(menu)
        .getAllByRole('menuitem')
        .map((item) => item.textContent),
    ).toEqual(['Delete']);
  });

  it('shows the API’s refusal, such as starting a suspended member’s hosting', async () => {
    const user = userEvent.setup();
    signIn(ADMIN);
    const erin = makeAdminHosting('STOPPED', 'erin');
    const seen = serveHostings({ '': { items: [erin], next: null } });
    server.use(
      http.post(apiPath('/admin/hostings/:id/actions'), () =>
        fail(409, 'conflict', 'Its owner is suspended: unsuspend them to bring the hosting back.'),
      ),
    );
    renderApp('/admin/hostings');
    await user.click(within(await openMenu(user, 'erin')).getByRole('menuitem', { name: 'Start' }));
    expect(
      await screen.findByText('Its owner is suspended: unsuspend them to bring the hosting back.'),
    ).toBeInTheDocument();
    expect(screen.queryByText('erin’s hosting is starting.')).not.toBeInTheDocument();
    // The state may have moved under the refusal: the list is asked for again.
    await waitFor(() => expect(seen.lists).toHaveLength(2));
  });

  it('speaks Korean', async () => {
    const user = userEvent.setup();
    useSettingsStore.setState({ language: 'ko' });
    signIn(ADMIN);
    serveHostings(ONE_PAGE);
    renderApp('/admin/hostings');
    expect(await screen.findByRole('heading', { level: 1, name: '호스팅' })).toBeInTheDocument();
    expect(screen.getByLabelText('상태')).toHaveDisplayValue('모든 상태');
    const alice = await rowOf('alice');
    expect(within(alice).getByText('실행 중')).toBeInTheDocument();
    expect(alice).toHaveTextContent(/vCPU 2개\s*2GB\s*20GB/);
    await user.click(screen.getByRole('button', { name: 'alice 님의 호스팅 작업' }));
    await user.click(within(await screen.findByRole('menu')).getByRole('menuitem', { name: '중지' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'alice 님의 호스팅을 중지할까요?' });
    expect(within(dialog).getByRole('button', { name: '호스팅 중지' })).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: '취소' })).toBeInTheDocument();
  });
});
