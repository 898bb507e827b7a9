import type { AdminUser } from '@hostbay/contract/admin';
import type { AdminPlan } from '@hostbay/contract/plan';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { beforeAll, describe, expect, it } from 'vitest';
import { useSettingsStore } from '../../../src/stores/settingsStore';
import { makeUser } from '../support/factories';
import { apiPath, fail, ok, server } from '../support/msw-server';
import { renderApp, signIn } from '../support/render';

const SMALL = '3b0f1c7e-6a52-4f0e-9d1b-0c5e2f7a9b11';
const ID = {
  root: '0a0a0a0a-0000-4000-8000-000000000001',
  alice: '0a0a0a0a-0000-4000-8000-000000000002',
  bob: '0a0a0a0a-0000-4000-8000-000000000003',
  carol: '0a0a0a0a-0000-4000-8000-000000000004',
  dave: '0a0a0a0a-0000-4000-8000-000000000005',
};

const ROOT = makeUser({ id: ID.root, username: 'root', email: 'root@example.com', is_admin: true });

function member(username: keyof typeof ID, overrides: Partial<AdminUser> = {}): AdminUser {
  return {
    id: ID[username],
    email: `${username}@example.com`,
    username,
    is_admin: false,
    status: 'active',
    status_reason: null,
    plan_id: null,
    hosting: null,
    created_at: '2025-03-01T10:00:00.000Z',
    ...overrides,
  };
}

const MEMBERS: AdminUser[] = [
  member('alice', { plan_id: SMALL, hosting: { id: '9d0c1b2a-0000-4000-8000-000000000001', status: 'RUNNING' } }),
  member('bob', { status: 'pending' }),
  member('carol', {
    status: 'suspended',
    status_reason: 'Sending spam from your site',
    hosting: { id: '9d0c1b2a-0000-4000-8000-000000000002', status: 'STOPPED' },
  }),
  member('dave', { is_admin: true }),
  member('root', { is_admin: true }),
];

const PLANS: AdminPlan[] = [
  { id: null, name: 'default', is_default: true, vcpus: 1, memory_mb: 1024, disk_gb: 10, snapshots: 3, members: 4 },
  { id: SMALL, name: 'Small', is_default: false, vcpus: 2, memory_mb: 2048, disk_gb: 20, snapshots: 5, members: 1 },
];

/** The page's API: the list records every query string it is asked for. */
function membersApi(pages: { items: AdminUser[]; next: string | null }[] = [{ items: MEMBERS, next: null }]) {
  const listed: URLSearchParams[] = [];
  server.use(
    http.get(apiPath('/auth/me'), () => ok(ROOT)),
    http.get(apiPath('/admin/plans'), () => ok(PLANS)),
    http.get(apiPath('/admin/users'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      listed.push(query);
      const after = query.get('after');
      return ok(after ? pages[Number(after)] : pages[0]);
    }),
  );
  return listed;
}

/** Records the requests sent to one action route. */
function recordAction(method: 'post' | 'put' | 'delete', path: string, answer: () => Response) {
  const sent: { id: string; body: unknown }[] = [];
  server.use(
    http[method](apiPath(path), async ({ request, params }) => {
      const text = await request.text();
      sent.push({ id: String(params.id), body: text ? JSON.parse(text) : undefined });
      return answer();
    }),
  );
  return sent;
}

/** No pause between keystrokes: the tests type a few words and need not wait for timers in between. */
const setupUser = () => userEvent.setup({ delay: null });

function rowOf(username: string): HTMLElement {
  const row = screen.getByText(username, { selector: '.member-name' }).closest('tr');
  if (!row) throw new Error(`no row for ${username}`);
  return row;
}

/** What a row's menu offers (enabled items, and any note), then closes it, as a person would. */
async function offered(user: ReturnType<typeof setupUser>, username: string) {
  await user.click(within(rowOf(username)).getByRole('button', { name: `Actions for ${username}` }));
  const menu = await screen.findByRole('menu');
  const items = within(menu)
    .getAllByRole('menuitem')
    .filter((item) => item.getAttribute('aria-disabled') !== 'true')
    .map((item) => item.textContent);
  const text = menu.textContent;
  await user.keyboard('{Escape}');
  await waitFor(() => expect(screen.queryByRole('menu')).not.toBeInTheDocument());
  return { items, text };
}

async function openPage(path = '/admin/members') {
  signIn(ROOT);
  const result = renderApp(path);
  await screen.findByText('alice@example.com');
  return result;
}

/** Opens a row's menu and picks an item (queries kept to the row and the menu: role queries over the whole app are slow). */
async function menuAction(user: ReturnType<typeof setupUser>, username: string, action: string) {
  await user.click(within(rowOf(username)).getByRole('button', { name: `Actions for ${username}` }));
  await user.click(within(await screen.findByRole('menu')).getByRole('menuitem', { name: action }));
}

// The page is a lazy route: load its module once, so that no test waits for the first import.
beforeAll(async () => {
  await import('../../../src/pages/admin/AdminMembersPage');
});

describe('admin members: the list', () => {
  it('shows who, role, status with the reason, plan, hosting and when they joined', async () => {
    membersApi();
    await openPage();
    const alice = rowOf('alice');
    expect(alice).toHaveTextContent('alice@example.com');
    expect(within(alice).getByText('Member')).toBeInTheDocument();
    expect(within(alice).getByText('Active')).toBeInTheDocument();
    expect(await within(alice).findByText('Small')).toBeInTheDocument();
    expect(within(alice).getByText('Running')).toBeInTheDocument();
    expect(alice).toHaveTextContent('Mar 1, 2025');
    expect(within(rowOf('bob')).getByText('Waiting for approval')).toBeInTheDocument();
    expect(within(rowOf('bob')).getByText('Default')).toBeInTheDocument();
    expect(within(rowOf('bob')).getByText('None')).toBeInTheDocument();
    const carol = rowOf('carol');
    expect(within(carol).getByText('Suspended')).toBeInTheDocument();
    expect(carol).toHaveTextContent('Reason: Sending spam from your site');
    expect(within(rowOf('dave')).getByText('Admin')).toBeInTheDocument();
    expect(within(rowOf('root')).getByText('You')).toBeInTheDocument();
  });

  it('searches as the admin types, and keeps the search in the address', async () => {
    const user = setupUser();
    const listed = membersApi();
    const { router } = await openPage();
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'ali');
    await waitFor(() => expect(listed.at(-1)?.get('q')).toBe('ali'));
    expect(new URLSearchParams(router.state.location.search).get('q')).toBe('ali');
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(Object.fromEntries(listed.at(-1) ?? [])).toEqual({}));
    expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveValue('');
  });

  it('sends the status, role and plan filters and keeps them in the address', async () => {
    const user = setupUser();
    const listed = membersApi();
    const { router } = await openPage();
    const filters = screen.getByRole('search', { name: 'Filter members' });
    await user.selectOptions(within(filters).getByRole('combobox', { name: 'Status' }), 'suspended');
    await user.selectOptions(within(filters).getByRole('combobox', { name: 'Role' }), 'admin');
    await waitFor(() => expect(within(filters).getByRole('option', { name: 'Small' })).toBeInTheDocument());
    await user.selectOptions(within(filters).getByRole('combobox', { name: 'Plan' }), 'Small');
    await waitFor(() => expect(listed.at(-1)?.get('plan')).toBe(SMALL));
    const sent = { status: 'suspended', role: 'admin', plan: SMALL };
    expect(Object.fromEntries(listed.at(-1) ?? [])).toEqual(sent);
    expect(Object.fromEntries(new URLSearchParams(router.state.location.search))).toEqual(sent);
  });

  it('reads the filters from a shared link', async () => {
    const listed = membersApi([{ items: [member('bob', { status: 'pending' })], next: null }]);
    signIn(ROOT);
    renderApp('/admin/members?status=pending&plan=default');
    await screen.findByText('bob@example.com');
    expect(Object.fromEntries(listed[0] ?? [])).toEqual({ status: 'pending', plan: 'default' });
    expect(screen.getByRole('combobox', { name: 'Status' })).toHaveDisplayValue('Waiting for approval');
    expect(screen.getByRole('combobox', { name: 'Plan' })).toHaveDisplayValue('Default');
  });

  it('says so when nobody matches', async () => {
    membersApi([{ items: [], next: null }]);
    signIn(ROOT);
    renderApp('/admin/members?q=nobody');
    expect(
      await screen.findByText('Nobody matches these filters. Try another search or clear the filters.'),
    ).toBeVisible();
  });

  it('asks for the next page with the cursor and adds it below', async () => {
    const user = setupUser();
    const listed = membersApi([
      { items: MEMBERS.slice(0, 2), next: '1' },
      { items: MEMBERS.slice(2), next: null },
    ]);
    await openPage();
    expect(screen.queryByText('carol@example.com')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Show more' }));
    expect(await screen.findByText('carol@example.com')).toBeInTheDocument();
    expect(listed.at(-1)?.get('after')).toBe('1');
    expect(screen.getByText('alice@example.com')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Show more' })).not.toBeInTheDocument();
  });

  it('shows why the list could not be loaded', async () => {
    membersApi();
    server.use(http.get(apiPath('/admin/users'), () => fail(503, 'internal_error', 'The database is not answering.')));
    signIn(ROOT);
    renderApp('/admin/members');
    expect(await screen.findByText('Could not load this list')).toBeInTheDocument();
    expect(screen.getByText('The database is not answering.')).toBeInTheDocument();
  });

  it('speaks Korean', async () => {
    useSettingsStore.setState({ language: 'ko' });
    membersApi();
    signIn(ROOT);
    renderApp('/admin/members');
    expect(await screen.findByRole('heading', { name: '회원' })).toBeInTheDocument();
    await screen.findByText('alice@example.com');
    expect(screen.getByRole('columnheader', { name: '가입일' })).toBeInTheDocument();
    expect(within(rowOf('bob')).getByText('승인 대기')).toBeInTheDocument();
    expect(within(rowOf('carol')).getByText('사유: Sending spam from your site')).toBeInTheDocument();
    const user = setupUser();
    await user.click(within(rowOf('bob')).getByRole('button', { name: 'bob 작업' }));
    expect(await screen.findByRole('menuitem', { name: '승인' })).toBeInTheDocument();
  });
});

describe('admin members: actions', () => {
  it('approves a member who waits, then reloads the list', async () => {
    const user = setupUser();
    const listed = membersApi();
    const sent = recordAction('post', '/admin/users/:id/approve', () => ok(makeUser({ id: ID.bob })));
    await openPage();
    const before = listed.length;
    await menuAction(user, 'bob', 'Approve');
    expect(await screen.findByText('bob is approved and can now create a hosting.')).toBeInTheDocument();
    expect(sent).toEqual([{ id: ID.bob, body: undefined }]);
    await waitFor(() => expect(listed.length).toBeGreaterThan(before));
  });

  it('suspends with a reason, which is required, and Cancel sends nothing', async () => {
    const user = setupUser();
    membersApi();
    const sent = recordAction('post', '/admin/users/:id/suspend', () =>
      ok({ user_id: ID.alice, username: 'alice', status: 'suspended', reason: 'Unpaid', hosting: null }),
    );
    await openPage();
    await menuAction(user, 'alice', 'Suspend…');
    let dialog = await screen.findByRole('alertdialog', { name: 'Suspend alice?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());

    await menuAction(user, 'alice', 'Suspend…');
    dialog = await screen.findByRole('alertdialog', { name: 'Suspend alice?' });
    await user.click(within(dialog).getByRole('button', { name: 'Suspend' }));
    expect(within(dialog).getByLabelText('Reason')).toHaveAccessibleDescription(
      expect.stringContaining('Say why the account is suspended.'),
    );
    await user.type(within(dialog).getByLabelText('Reason'), 'Unpaid{Enter}');
    expect(await screen.findByText('alice is suspended. Their hosting is being stopped.')).toBeInTheDocument();
    expect(sent).toEqual([{ id: ID.alice, body: { reason: 'Unpaid' } }]);
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });

  it('shows a refused reason at its field and keeps the dialog open', async () => {
    const user = setupUser();
    membersApi();
    recordAction('post', '/admin/users/:id/suspend', () =>
      fail(422, 'validation_error', 'reason: One line of text, without control characters.', {
        details: [{ field: 'reason', message: 'One line of text, without control characters.', code: 'custom' }],
      }),
    );
    await openPage();
    await menuAction(user, 'alice', 'Suspend…');
    const dialog = await screen.findByRole('alertdialog');
    await user.type(within(dialog).getByLabelText('Reason'), 'x');
    await user.click(within(dialog).getByRole('button', { name: 'Suspend' }));
    await waitFor(() =>
      expect(within(dialog).getByLabelText('Reason')).toHaveAccessibleDescription(
        expect.stringContaining('One line of text, without control characters.'),
      ),
    );
    expect(dialog).toBeInTheDocument();
  });

  it('unsuspends a suspended member at once', async () => {
    const user = setupUser();
    membersApi();
    const sent = recordAction('post', '/admin/users/:id/unsuspend', () =>
      ok({ user_id: ID.carol, username: 'carol', status: 'active', reason: null, hosting: null }),
    );
    await openPage();
    await menuAction(user, 'carol', 'Unsuspend');
    expect(await screen.findByText('carol is no longer suspended. Their hosting comes back as it was.')).toBeVisible();
    expect(sent).toEqual([{ id: ID.carol, body: undefined }]);
  });

  it('makes a member an admin after a confirmation', async () => {
    const user = setupUser();
    membersApi();
    const sent = recordAction('put', '/admin/users/:id/role', () =>
      ok({ id: ID.alice, username: 'alice', is_admin: true }),
    );
    await openPage();
    await menuAction(user, 'alice', 'Make admin…');
    const dialog = await screen.findByRole('alertdialog', { name: 'Make alice an administrator?' });
    await user.click(within(dialog).getByRole('button', { name: 'Make admin' }));
    expect(await screen.findByText('alice is an administrator now.')).toBeInTheDocument();
    expect(sent).toEqual([{ id: ID.alice, body: { role: 'admin' } }]);
  });

  it('confirms removing an admin role, sends nothing on Cancel, and shows the API’s refusal', async () => {
    const user = setupUser();
    membersApi();
    const sent = recordAction('put', '/admin/users/:id/role', () =>
      fail(409, 'conflict', 'This is the last administrator: make another one first.'),
    );
    await openPage();
    await menuAction(user, 'dave', 'Remove admin role…');
    let dialog = await screen.findByRole('alertdialog', { name: 'Remove dave’s admin role?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(sent).toEqual([]);

    await menuAction(user, 'dave', 'Remove admin role…');
    dialog = await screen.findByRole('alertdialog');
    await user.click(within(dialog).getByRole('button', { name: 'Remove admin role' }));
    expect(await screen.findByText('This is the last administrator: make another one first.')).toBeInTheDocument();
    expect(sent).toEqual([{ id: ID.dave, body: { role: 'member' } }]);
  });

  it('offers the actions that fit each member’s state', async () => {
    const user = setupUser();
    membersApi();
    await openPage();
    expect((await offered(user, 'bob')).items).toEqual(['Approve', 'Change plan…', 'Delete…']);
    expect((await offered(user, 'alice')).items).toEqual([
      'Suspend…',
      'Make admin…',
      'Change plan…',
      'Reset password…',
      'Delete…',
    ]);
    expect((await offered(user, 'carol')).items).toEqual(['Unsuspend', 'Change plan…', 'Reset password…', 'Delete…']);
  });

  it('does not offer to suspend an admin: the role goes first', async () => {
    const user = setupUser();
    membersApi();
    await openPage();
    const dave = await offered(user, 'dave');
    expect(dave.items).toEqual(['Remove admin role…', 'Change plan…', 'Reset password…', 'Delete…']);
    expect(dave.text).toContain('Suspend (remove the admin role first)');
  });

  it('offers nothing on the admin’s own row that could lock them out', async () => {
    const user = setupUser();
    membersApi();
    await openPage();
    const own = await offered(user, 'root');
    expect(own.items).toEqual(['Change plan…']);
    expect(own.text).toContain('you cannot remove your admin role, suspend or delete yourself here');
  });

  it('changes a plan from a picker and says that a running hosting takes it at its next start', async () => {
    const user = setupUser();
    membersApi();
    const sent = recordAction('put', '/admin/users/:id/plan', () =>
      ok({
        user_id: ID.alice,
        plan: { id: null, name: 'default', is_default: true, vcpus: 1, memory_mb: 1024, disk_gb: 10 },
      }),
    );
    await openPage();
    await menuAction(user, 'alice', 'Change plan…');
    const dialog = await screen.findByRole('dialog', { name: 'Change alice’s plan' });
    expect(await within(dialog).findByRole('radio', { name: /Small/ })).toBeChecked();
    expect(within(dialog).getByRole('radio', { name: /Small/ })).toHaveAccessibleName(
      expect.stringContaining('2 vCPU · 2048 MB · 20 GB'),
    );
    expect(dialog).toHaveTextContent(
      'alice’s hosting is running: it gets the new size when it is next stopped and started.',
    );
    const submit = within(dialog).getByRole('button', { name: 'Change plan' });
    expect(submit).toBeDisabled();
    await user.click(within(dialog).getByRole('radio', { name: /Default/ }));
    await user.click(submit);
    expect(await screen.findByText('alice is on the plan Default now.')).toBeInTheDocument();
    expect(sent).toEqual([{ id: ID.alice, body: { plan_id: null } }]);
  });

  it('resets a password after a confirmation and shows the new one once, with a copy button', async () => {
    const user = setupUser();
    membersApi();
    const sent = recordAction('post', '/admin/users/:id/password-reset', () =>
      ok({ user_id: ID.alice, password: 'Zq8-once-only-7Kp' }),
    );
    await openPage();
    await menuAction(user, 'alice', 'Reset password…');
    const confirm = await screen.findByRole('alertdialog', { name: 'Reset alice’s password?' });
    await user.click(within(confirm).getByRole('button', { name: 'Reset password' }));
    const shown = await screen.findByRole('dialog', { name: 'New password for alice' });
    expect(sent).toEqual([{ id: ID.alice, body: undefined }]);
    expect(shown).toHaveTextContent('Zq8-once-only-7Kp');
    expect(shown).toHaveTextContent('This password is shown only now.');
    await user.click(within(shown).getByRole('button', { name: 'Copy password' }));
    expect(await navigator.clipboard.readText()).toBe('Zq8-once-only-7Kp');
    await user.click(within(shown).getByRole('button', { name: 'I have copied it' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.queryByText('Zq8-once-only-7Kp')).not.toBeInTheDocument();
  });

  it('says that deleting takes the hosting too, and Cancel sends nothing', async () => {
    const user = setupUser();
    membersApi();
    const sent = recordAction('delete', '/admin/users/:id', () => ok({ user_id: ID.alice, state: 'deleting' }, 202));
    await openPage();
    await menuAction(user, 'alice', 'Delete…');
    const dialog = await screen.findByRole('alertdialog', { name: 'Delete alice?' });
    expect(dialog).toHaveTextContent('their hosting with it: the virtual machine, its disk and every file');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(sent).toEqual([]);
  });

  it('deletes only once the username is typed out', async () => {
    const user = setupUser();
    membersApi();
    const sent = recordAction('delete', '/admin/users/:id', () => ok({ user_id: ID.alice, state: 'deleting' }, 202));
    await openPage();
    await menuAction(user, 'alice', 'Delete…');
    const dialog = await screen.findByRole('alertdialog', { name: 'Delete alice?' });
    const confirm = within(dialog).getByRole('button', { name: 'Delete member' });
    const name = within(dialog).getByLabelText('Type alice to confirm');
    await user.type(name, 'alic');
    expect(confirm).toBeDisabled();
    await user.type(name, 'e');
    await user.click(confirm);
    expect(
      await screen.findByText('alice’s hosting is being deleted; the account goes once it is gone.'),
    ).toBeInTheDocument();
    expect(sent).toEqual([{ id: ID.alice, body: undefined }]);
  });

  it('shows the API’s refusal of a delete', async () => {
    const user = setupUser();
    membersApi();
    recordAction('delete', '/admin/users/:id', () =>
      fail(409, 'conflict', 'This is the only administrator: make another member an administrator first.'),
    );
    await openPage();
    await menuAction(user, 'dave', 'Delete…');
    const dialog = await screen.findByRole('alertdialog');
    await user.type(within(dialog).getByLabelText('Type dave to confirm'), 'dave{Enter}');
    expect(
      await screen.findByText('This is the only administrator: make another member an administrator first.'),
    ).toBeInTheDocument();
  });
});
